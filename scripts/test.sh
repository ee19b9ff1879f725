#!/usr/bin/env bash
# The whole test suite: Rust unit, integration and end-to-end tests, then the editor and
# third-party-client suites. Run from anywhere; prerequisites are installed by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo fmt --check"
cargo fmt --check
echo "== cargo clippy"
cargo clippy --all-targets --quiet -- -D warnings
echo "== cargo test"
cargo test
