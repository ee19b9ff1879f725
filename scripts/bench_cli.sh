#!/usr/bin/env bash
# Throughput of `copydesk check` (release build, AP profile, every built-in rule at its default
# level, JSON output to /dev/null) over a corpus of stories: all stories as files on one core and
# on every core, then all of them concatenated into one large file.
#
#   scripts/bench_cli.sh [CORPUS]        # default: ../shared/corpus
#   RUNS=5 scripts/bench_cli.sh          # best of RUNS wall-clock times (default 3)
#
# Prints MB/s (10^6 bytes of story text per second) and stories/s for each case.
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

# best_of JOBS PATH: the best wall-clock time of $runs runs, in seconds.
best_of() {
    local jobs=$1 path=$2 best="" start end t
    for _ in $(seq "$runs"); do
        start=$(date +%s%N)
        "$bin" check --profile ap --date 2025-11-26 --format json -j "$jobs" "$path" >/dev/null || [ $? -eq 1 ]
        end=$(date +%s%N)
        t=$(( end - start ))
        if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
    done
    awk -v ns="$best" 'BEGIN { printf "%.3f", ns / 1e9 }'
}

report() {
    local label=$1 jobs=$2 path=$3 n=$4 b=$5 s
    s=$(best_of "$jobs" "$path")
    awk -v l="$label" -v j="$jobs" -v s="$s" -v n="$n" -v b="$b" \
        'BEGIN { printf "%-28s %2d  %8.3f s  %8.1f MB/s  %9.0f stories/s\n", l, j, s, b / 1e6 / s, n / s }'
}

echo "corpus: $corpus ($stories stories, $(awk -v b="$bytes" 'BEGIN { printf "%.2f", b / 1e6 }') MB); $("$bin" rules --profile ap | wc -l) AP rules; best of $runs"
printf '%-28s %2s  %10s  %13s  %19s\n' "case" "-j" "wall" "throughput" "stories"
report "files, one core" 1 "$corpus" "$stories" "$bytes"
report "files, all cores" "$cores" "$corpus" "$stories" "$bytes"
report "one concatenated file" 1 "$tmp/concat" "$stories" "$concat_bytes"
