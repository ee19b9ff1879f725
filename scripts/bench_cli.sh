#!/usr/bin/env bash
# Throughput of `copydesk check` (release build, AP profile, every built-in rule at its default
# level, JSON output to /dev/null) over a corpus of stories: all stories as files on one core and
# on every core, then all of them concatenated into one large file.
#
#   scripts/bench_cli.sh [CORPUS]        # default: ../shared/corpus
#   RUNS=5 scripts/bench_cli.sh          # best of RUNS wall-clock times (default 3)
#
# Prints, for each case, the wall-clock time with MB/s (10^6 bytes of story text per second) and
# stories/s, and the CPU time (user + system, all threads) with MB/s per CPU-second.
set -euo pipefail
cd "$(dirname "$0")/.."

corpus=${1:-../shared/corpus}
runs=${RUNS:-3}
cores=$(nproc)

cargo build --release --quiet
bin=target/release/copydesk

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The files `copydesk check` walks: .txt, .md and .markdown (case-insensitive), sorted.
mapfile -t files < <(find "$corpus" -type f \( -iname '*.txt' -o -iname '*.md' -o -iname '*.markdown' \) | LC_ALL=C sort)
stories=${#files[@]}
if [ "$stories" -eq 0 ]; then
    echo "no stories under $corpus" >&2
    exit 2
fi
bytes=$(cat "${files[@]}" | wc -c)
# One large story: every file, separated by a blank line.
mkdir "$tmp/concat"
for f in "${files[@]}"; do
    cat "$f"
    printf '\n\n'
done >"$tmp/concat/all.txt"
concat_bytes=$(wc -c <"$tmp/concat/all.txt")

# best_of JOBS PATH: the best wall-clock time and the best CPU time (user + system) of $runs
# runs, in seconds. On a busy machine the CPU time of a one-core run is the steadier figure.
best_of() {
    local jobs=$1 path=$2 out
    out=$(
        TIMEFORMAT='%R %U %S'
        for _ in $(seq "$runs"); do
            { time "$bin" check --profile ap --date 2025-11-26 --format json -j "$jobs" "$path" >/dev/null || [ $? -eq 1 ]; } 2>&1
        done
    )
    awk 'NR == 1 || $1 < w { w = $1 } NR == 1 || $2 + $3 < c { c = $2 + $3 } END { printf "%.3f %.3f", w, c }' <<<"$out"
}

report() {
    local label=$1 jobs=$2 path=$3 n=$4 b=$5 t
    t=$(best_of "$jobs" "$path")
    awk -v l="$label" -v j="$jobs" -v t="$t" -v n="$n" -v b="$b" 'BEGIN {
        split(t, x, " "); s = x[1]; c = x[2]
        printf "%-24s %2d  %7.3f s  %7.1f MB/s  %7.0f stories/s  %7.3f s  %7.1f MB/s\n", l, j, s, b / 1e6 / s, n / s, c, b / 1e6 / c
    }'
}

echo "corpus: $corpus ($stories stories, $(awk -v b="$bytes" 'BEGIN { printf "%.2f", b / 1e6 }') MB); $("$bin" rules --profile ap | wc -l) AP rules; best of $runs"
printf '%-24s %2s  %9s  %12s  %17s  %9s  %12s\n' "case" "-j" "wall" "wall MB/s" "wall stories/s" "cpu" "cpu MB/s"
report "files, one core" 1 "$corpus" "$stories" "$bytes"
report "files, all cores" "$cores" "$corpus" "$stories" "$bytes"
report "one concatenated file" 1 "$tmp/concat" "$stories" "$concat_bytes"
