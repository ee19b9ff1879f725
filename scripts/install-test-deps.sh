#!/usr/bin/env bash
# Installs what the test suite needs beyond the Rust toolchain: rustfmt and clippy, Debian's
# neovim (for the headless Neovim test), pytest-lsp (the third-party LSP client suite) and the
# VS Code extension's npm packages. Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

rustup component add rustfmt clippy >/dev/null 2>&1 || true

if ! command -v nvim >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq neovim >/dev/null
fi

if ! python3 -c "import pytest_lsp" >/dev/null 2>&1; then
    python3 -m pip install --quiet --disable-pip-version-check pytest-lsp
fi

if [ ! -d editors/vscode/node_modules ]; then
    (cd editors/vscode && npm ci --no-audit --no-fund --loglevel=error)
fi
