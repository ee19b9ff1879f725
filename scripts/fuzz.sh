#!/usr/bin/env bash
# Bounded fuzzing of the engine with cargo-fuzz (libFuzzer).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# Runs each target (default: document line_index rules fixes protocol) for SECONDS (default
# 600), one at a time, on one core. The corpus grows in fuzz/corpus/TARGET, seeded from
# tests/fuzz_corpus/TARGET; a crash is written to fuzz/artifacts/TARGET and stops the run.
# Copy a fixed crash into tests/fuzz_corpus/TARGET so `cargo test --test fuzz_regressions`
# keeps it fixed. Uses the nightly toolchain installed with rustup (cargo-fuzz passes
# nightly-only flags) and installs the pinned cargo-fuzz below when it is missing or another
# version.
set -euo pipefail
cd "$(dirname "$0")/.."

secs=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(document line_index rules fixes protocol)

CARGO_FUZZ_VERSION=0.13.2
if [ "$(cargo fuzz --version 2>/dev/null)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]; then
    cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi
toolchain=+nightly
rustup run nightly rustc --version >/dev/null 2>&1 || {
    echo "no nightly toolchain: rustup toolchain install nightly" >&2
    exit 2
}

# Overflow checks and debug assertions on; no sanitizer (the crate forbids unsafe code).
cargo $toolchain fuzz build -s none -a
for t in "${targets[@]}"; do
    mkdir -p "fuzz/corpus/$t"
    cp -n tests/fuzz_corpus/"$t"/* "fuzz/corpus/$t/" 2>/dev/null || true
    echo "== fuzz $t for ${secs}s"
    cargo $toolchain fuzz run -s none -a "$t" "fuzz/corpus/$t" -- \
        -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
        -max_len=16384 -print_final_stats=1
done
