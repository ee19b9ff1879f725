#!/usr/bin/env bash
# copydesk beside typos (typos-cli) and typos-lsp, measured in one run: builds the release
# binary, installs the peers into a cache folder when missing, runs scripts/bench.py and prints
# the Markdown table of docs/performance.md.
#
#   scripts/bench.sh                     # every case, median of 5 runs (about 10 minutes today)
#   scripts/bench.sh --quick             # 10 MB file, corpus folder, LSP at 10,000 words; 2 runs
#   scripts/bench.sh --cases file,lsp --runs 3
#   scripts/bench.sh --update-doc        # also write the table into docs/performance.md
#   scripts/bench.sh --help              # every option and what each case measures
set -euo pipefail
cd "$(dirname "$0")/.."

for arg in "$@"; do
    case $arg in
    -h | --help) exec python3 scripts/bench.py --help ;;
    esac
done
# Fail early on bad arguments, before building anything.
python3 -c 'import sys; sys.path.insert(0, "scripts"); import bench; bench.parse(sys.argv[1:])' "$@"

cargo build --release --quiet
exec python3 scripts/bench.py "$@"
