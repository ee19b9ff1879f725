#!/usr/bin/env bash
# Bounded fuzzing of the engine with cargo-fuzz (libFuzzer).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# Runs each target (default: document line_index rules fixes) for SECONDS (default 600), one at
# a time, on one core. The corpus grows in fuzz/corpus/TARGET, seeded from
# tests/fuzz_corpus/TARGET; a crash is written to fuzz/artifacts/TARGET and stops the run.
# Copy a fixed crash into tests/fuzz_corpus/TARGET so `cargo test --test fuzz_regressions`
# keeps it fixed. Works on a stable toolchain (RUSTC_BOOTSTRAP lets cargo-fuzz pass its
# nightly-only flags); needs `cargo install cargo-fuzz`.
set -euo pipefail
cd "$(dirname "$0")/.."

secs=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(document line_index rules fixes)

command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1

# Overflow checks and debug assertions on; no sanitizer (the crate forbids unsafe code).
cargo fuzz build -s none -a
for t in "${targets[@]}"; do
    mkdir -p "fuzz/corpus/$t"
    cp -n tests/fuzz_corpus/"$t"/* "fuzz/corpus/$t/" 2>/dev/null || true
    echo "== fuzz $t for ${secs}s"
    cargo fuzz run -s none -a "$t" "fuzz/corpus/$t" -- \
        -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
        -max_len=16384 -print_final_stats=1
done
