#!/usr/bin/env bash
# The whole test suite: formatting and lints, the Rust unit, integration and end-to-end tests
# (CLI and language server over stdio), the language server against a third-party client
# (pytest-lsp), the VS Code extension's build, unit tests and package, and the headless Neovim
# test against the real server. Installs missing prerequisites first.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-test-deps.sh

echo "== cargo fmt --check"
cargo fmt --check
echo "== cargo clippy"
cargo clippy --all-targets --quiet -- -D warnings
echo "== cargo test"
cargo test
cargo build --quiet

echo "== the language server against a third-party client (pytest-lsp)"
COPYDESK_BIN=target/debug/copydesk python3 -m pytest -q tests/pytest_lsp

echo "== VS Code extension: build, unit tests, package"
(
    cd editors/vscode
    npm run --silent build
    npm test
    npx --no-install vsce package --out copydesk.vsix >/dev/null
    ls -l copydesk.vsix
)

echo "== Neovim, headless, against the real server"
COPYDESK_BIN=target/debug/copydesk bash tests/editors/nvim_e2e.sh
