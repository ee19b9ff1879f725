#!/usr/bin/env python3
"""copydesk beside its peers, typos (typos-cli) and typos-lsp, measured in one run.

Run through `scripts/bench.sh`, which builds the release binary first. Every command-line run
is pinned with `taskset` (one core: `-c 0`; two cores: `-c 0,1`), runs of copydesk and typos
take turns, and each figure is the median of the runs (after one run of each not counted). The
language servers run pinned to core 0 and are driven by one client (scripts/bench_lsp.py).

Cases (`--cases`, comma-separated; default all):

  file    one 10 MB story: the BBC corpus (../shared/corpus/bbc) concatenated twice, each story
          followed by a blank line; wall time, MB/s (10^6 bytes per second), peak RSS
  folder  the corpus folder (2,225 files) on one core, then on two (copydesk `-j 2`, typos
          `--threads 2`)
  big     one 100 MB story: the 10 MB story ten times, read from standard input (copydesk
          check refuses files over 64 MiB); time, peak RSS per input byte, and the ratio of the
          100 MB time to the 10 MB time (a linear checker is at 10×; runs `file` too)
  lsp     a 10,000-word and a 50,000-word story: one-character edit → diagnostics of that
          version delivered (its last byte read by the client), p95 and median, and the same
          with the client's JSON parse of them; cold start → first diagnostics (10,000
          words); resident memory after the edits

The peers are installed with `cargo install --locked --root DIR` into DIR (default
${XDG_CACHE_HOME:-~/.cache}/copydesk-bench) when missing or of another version than the
pinned one. The table is printed in the format of docs/performance.md; `--update-doc` writes it
there between the `bench:begin` and `bench:end` markers.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import platform
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import bench_lsp  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "bbc"
DOC = REPO / "docs" / "performance.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
PEERS = {"typos-cli": ("1.52.0", "typos"), "typos-lsp": ("0.1.57", "typos-lsp")}
CASES = ("file", "folder", "big", "lsp")
DATE = "2025-11-26"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def fail(msg: str) -> None:
    log(f"bench: {msg}")
    sys.exit(2)


# ---------------------------------------------------------------------------------------------
# Set-up: peers, inputs, the machine


def peer_dir() -> pathlib.Path:
    cache = os.environ.get("XDG_CACHE_HOME") or str(pathlib.Path.home() / ".cache")
    return pathlib.Path(cache) / "copydesk-bench"


def installed(root: pathlib.Path) -> dict[str, str]:
    """The crates `cargo install --root` put in `root`, with their versions."""
    try:
        text = (root / ".crates.toml").read_text(encoding="utf-8")
    except OSError:
        return {}
    return dict(re.findall(r'^"(\S+) (\S+) \(', text, re.M))


def ensure_peers(root: pathlib.Path, install: bool) -> dict[str, tuple[str, str] | None]:
    """Each peer's binary and version (None when absent and not installed)."""
    def present() -> dict[str, str]:
        have = installed(root)
        return {c: have[c] for c, (_, b) in PEERS.items()
                if c in have and os.access(root / "bin" / b, os.X_OK)}

    have = present()
    want = [f"{c}@{v}" for c, (v, _) in PEERS.items() if have.get(c) != v]
    if want and install:
        cmd = ["cargo", "install", "--locked", "--root", str(root), *want]
        log(f"bench: installing the peers: {shlex.join(cmd)}")
        if subprocess.run(cmd).returncode != 0:
            fail("installing the peers failed")
        have = present()
    return {c: (str(root / "bin" / b), have[c]) if c in have else None
            for c, (_, b) in PEERS.items()}


def corpus_files() -> list[pathlib.Path]:
    files = sorted(p for p in CORPUS.rglob("*.txt") if p.is_file())
    if not files:
        fail(f"no stories under {CORPUS}")
    return files


def make_inputs(tmp: pathlib.Path, files: list[pathlib.Path], big: bool) -> dict[str, pathlib.Path]:
    once = b"".join(f.read_bytes() + b"\n\n" for f in files)
    ten = tmp / "10mb" / "story.txt"
    ten.parent.mkdir()
    ten.write_bytes(once * 2)
    out = {"file": ten}
    if big:
        hundred = tmp / "100mb.txt"
        with hundred.open("wb") as f:
            for _ in range(10):
                f.write(once * 2)
        out["big"] = hundred
    return out


def cpu_model() -> str:
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def commit() -> str:
    def git(*a: str) -> str:
        return subprocess.run(["git", "-C", str(REPO), *a], capture_output=True,
                              text=True).stdout.strip()

    c = git("rev-parse", "--short=7", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--untracked-files=no")
    return c + (" with local changes" if dirty else "")


# ---------------------------------------------------------------------------------------------
# Command-line runs


class Run:
    def __init__(self, wall: float, cpu: float, rss_kib: int):
        self.wall, self.cpu, self.rss_kib = wall, cpu, rss_kib


def run_once(cmd: list[str], ok: set[int], cwd: pathlib.Path, stdin: pathlib.Path | None) -> Run:
    """One run: wall time, CPU time (user + system) and peak RSS from wait4."""
    with tempfile.TemporaryFile() as err:
        src = stdin.open("rb") if stdin else subprocess.DEVNULL
        try:
            t0 = time.perf_counter()
            p = subprocess.Popen(cmd, stdin=src, stdout=subprocess.DEVNULL, stderr=err, cwd=cwd)
            _, status, ru = os.wait4(p.pid, 0)
            wall = time.perf_counter() - t0
        finally:
            if stdin:
                src.close()
        p.returncode = os.waitstatus_to_exitcode(status)
        if p.returncode not in ok:
            err.seek(0)
            fail(f"`{shlex.join(cmd)}` exited {p.returncode}:\n"
                 f"{err.read().decode(errors='replace')[-2000:]}")
    return Run(wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss)


class Case:
    """The runs of one input by each tool, taking turns."""

    def __init__(self, key: str, label: str, nbytes: int):
        self.key, self.label, self.nbytes = key, label, nbytes
        self.runs: dict[str, list[Run]] = {}
        self.commands: dict[str, str] = {}

    def median(self, tool: str, field: str) -> float | None:
        rs = self.runs.get(tool)
        return statistics.median(getattr(r, field) for r in rs) if rs else None


def measure(case: Case, tools: dict[str, tuple[list[str], set[int]]], runs: int,
            cwd: pathlib.Path, stdin: pathlib.Path | None = None, warmup: bool = True) -> Case:
    for tool, (cmd, _) in tools.items():
        case.commands[tool] = shlex.join(cmd) + (f" < {stdin.name}" if stdin else "")
        case.runs[tool] = []
    if warmup:
        for tool, (cmd, ok) in tools.items():
            run_once(cmd, ok, cwd, stdin)
    for i in range(runs):
        for tool, (cmd, ok) in tools.items():
            r = run_once(cmd, ok, cwd, stdin)
            case.runs[tool].append(r)
            log(f"  {case.key} {tool} run {i + 1}/{runs}: {r.wall:.3f} s wall, "
                f"{r.cpu:.3f} s CPU, {r.rss_kib / 1024:.0f} MiB")
    return case


def copydesk_cmd(binary: str, cores: str, jobs: int, path: str) -> list[str]:
    return ["taskset", "-c", cores, binary, "check", "--profile", "ap", "--date", DATE,
            "--format", "json", "-j", str(jobs), path]


def typos_cmd(binary: str, cores: str, jobs: int, path: str) -> list[str]:
    return ["taskset", "-c", cores, binary, "--threads", str(jobs), "--format", "json", path]


# ---------------------------------------------------------------------------------------------
# The table


def mb(n: float) -> str:
    return f"{n / 1e6:.2f} MB" if n < 1e7 else f"{n / 1e6:.1f} MB"


def secs(s: float) -> str:
    return f"{s:.3f} s" if s < 10 else f"{s:.1f} s"


def rate(b: float, s: float) -> str:
    v = b / 1e6 / s
    return f"{v:.1f} MB/s" if v < 1000 else f"{v:,.0f} MB/s"


def ratio(mine: float | None, theirs: float | None) -> str:
    """How copydesk compares, from two times (lower is better)."""
    if not mine or not theirs:
        return "—"
    r = theirs / mine
    return f"{r:.1f}× faster" if r >= 1 else f"{1 / r:.1f}× slower"


def cli_cell(case: Case, tool: str, per_byte: bool) -> str:
    wall = case.median(tool, "wall")
    if wall is None:
        return "—"
    cpu = case.median(tool, "cpu")
    rss = case.median(tool, "rss_kib") * 1024
    s = f"{rate(case.nbytes, wall)} ({secs(wall)}; CPU {secs(cpu)}), {rss / 2**20:.0f} MiB"
    if per_byte:
        s += f" ({rss / case.nbytes:.2f} B/B)"
    return s


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def ms(x: float) -> str:
    return f"{x:.2f} ms" if x < 10 else f"{x:.1f} ms"


def table(cases: dict[str, Case], lsp: dict | None, peer_lsp: str | None) -> list[str]:
    rows = ["| case | copydesk | typos / typos-lsp | copydesk vs peer |", "|---|---|---|---|"]

    def row(label: str, a: str, b: str, c: str) -> None:
        rows.append(f"| {label} | {a} | {b} | {c} |")

    for key in ("file", "folder1", "folder2", "big"):
        c = cases.get(key)
        if not c:
            continue
        per_byte = key in ("file", "big")
        row(c.label, cli_cell(c, "copydesk", per_byte), cli_cell(c, "typos", per_byte),
            ratio(c.median("copydesk", "wall"), c.median("typos", "wall")))
    if "big" in cases and "file" in cases:
        def growth(tool: str) -> str:
            a, b = cases["file"].median(tool, "wall"), cases["big"].median(tool, "wall")
            return f"{b / a:.1f}×" if a and b else "—"

        row("100 MB time ÷ 10 MB time (linear: 10×)", growth("copydesk"), growth("typos"), "")
    if "folder1" in cases and "folder2" in cases:
        def scale(tool: str) -> str:
            a, b = cases["folder1"].median(tool, "wall"), cases["folder2"].median(tool, "wall")
            return f"{a / b:.2f}×" if a and b else "—"

        row("corpus folder, two cores ÷ one core (speed-up)", scale("copydesk"), scale("typos"), "")
    if lsp:
        mine = lsp["copydesk"]
        theirs = lsp.get(peer_lsp) if peer_lsp else None
        for w in mine["stories"]:
            a = mine["stories"][w]
            b = theirs["stories"][w] if theirs else None
            row(f"LSP, {a['words']:,} words: one-character edit → diagnostics, p95 (median)",
                f"{ms(a['p95_ms'])} ({ms(a['median_ms'])})",
                f"{ms(b['p95_ms'])} ({ms(b['median_ms'])})" if b else "—",
                ratio(a["p95_ms"], b["p95_ms"] if b else None))
        for w in mine["stories"]:
            a = mine["stories"][w]
            b = theirs["stories"][w] if theirs else None
            row(f"LSP, {a['words']:,} words: the same, with the client's JSON parse "
                f"({a['diagnostics']:,} / {b['diagnostics'] if b else '—'} diagnostics), p95 (median)",
                f"{ms(a['p95_parsed_ms'])} ({ms(a['median_parsed_ms'])})",
                f"{ms(b['p95_parsed_ms'])} ({ms(b['median_parsed_ms'])})" if b else "—",
                ratio(a["p95_parsed_ms"], b["p95_parsed_ms"] if b else None))
        first = next(iter(mine["stories"].values()))
        row(f"LSP, cold start → first diagnostics ({first['words']:,} words)",
            ms(mine["cold_start_ms"]), ms(theirs["cold_start_ms"]) if theirs else "—",
            ratio(mine["cold_start_ms"], theirs["cold_start_ms"] if theirs else None))

        def rss(r: dict) -> str:
            return " / ".join(f"{s['rss_mib']:.1f}" for s in r["stories"].values()) + " MiB"

        words = " / ".join(f"{s['words']:,}" for s in mine["stories"].values())
        row(f"LSP, resident memory after the edits ({words} words)", rss(mine),
            rss(theirs) if theirs else "—", "")
    return rows


def report(args, cases: dict[str, Case], lsp: dict | None, peers: dict, load_before: str,
           load_after: str, corpus_bytes: int, corpus_count: int) -> str:
    versions = ", ".join(
        f"{crate} {p[1]}" if p else f"{crate} not installed" for crate, p in peers.items())
    lines = [
        f"Measured {date.today().isoformat()} on copydesk commit {commit()} (release build, "
        f"profile ap, `--date {DATE}`, JSON output), beside {versions}.",
        "",
        f"Machine: {cpu_model()}, {os.cpu_count()} cores (nproc), Linux "
        f"{platform.release()}; load average (1, 5, 15 min) {load_before} before, "
        f"{load_after} after.",
        "",
        f"Corpus: ../{CORPUS.relative_to(REPO.parent).as_posix()}, {corpus_count:,} files, "
        f"{mb(corpus_bytes)}. Median of {plural(args.runs, 'run')}"
        + (f" ({plural(args.big_runs, 'run')} of 100 MB)" if "big" in cases else "")
        + (f"; LSP: {args.edits} edits per story, cold start median of {args.runs}"
           if lsp else "")
        + f". Command: `{args.command}`.",
        "",
        *table(cases, lsp, "typos-lsp" if peers.get("typos-lsp") else None),
    ]
    cmds = []
    for c in cases.values():
        for tool, cmd in c.commands.items():
            cmds.append(f"    {cmd}")
    if cmds:
        lines += ["", "Commands timed, in a temporary folder that holds the generated stories "
                  "(`copydesk` is target/release/copydesk, `typos` is in the peers' folder):",
                  "", *dict.fromkeys(cmds)]
    return "\n".join(lines) + "\n"


def shorten(cmd: str, tmp: pathlib.Path, bins: dict[str, str]) -> str:
    for name, path in bins.items():
        if path:
            cmd = cmd.replace(path, name)
    return cmd.replace(str(tmp) + "/", "").replace(str(REPO.parent) + "/", "../")


def update_doc(path: pathlib.Path, text: str) -> None:
    doc = path.read_text(encoding="utf-8")
    if BEGIN not in doc or END not in doc:
        fail(f"{path}: no {BEGIN} … {END} markers")
    head, rest = doc.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{BEGIN}\n{text}{END}{tail}", encoding="utf-8")
    log(f"bench: wrote the table to {path}")


# ---------------------------------------------------------------------------------------------


def parse(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        prog="scripts/bench.sh", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases",
                    help=f"cases to run, comma-separated, of {', '.join(CASES)} (default: all)")
    ap.add_argument("--runs", type=int, default=None,
                    help="timed runs per command; LSP cold starts (default 5, --quick 2)")
    ap.add_argument("--big-runs", type=int, default=1,
                    help="timed runs of the 100 MB case (default 1)")
    ap.add_argument("--edits", type=int, default=None,
                    help="timed edits per LSP story (default 200, --quick 50)")
    ap.add_argument("--words",
                    help="LSP story lengths in words (default 10000,50000)")
    ap.add_argument("--quick", action="store_true",
                    help="a quick look: cases file,folder,lsp; 2 runs; 50 edits; 10,000 words")
    ap.add_argument("--peers", type=pathlib.Path, default=peer_dir(),
                    help="where the peers are installed (default: %(default)s)")
    ap.add_argument("--no-install", action="store_true",
                    help="do not install missing peers; leave their columns empty")
    ap.add_argument("--bin", default=str(REPO / "target" / "release" / "copydesk"),
                    help="the copydesk binary (default: the release build)")
    ap.add_argument("--output", type=pathlib.Path, help="also write the report here")
    ap.add_argument("--update-doc", action="store_true",
                    help=f"write the report into {DOC.relative_to(REPO)} between its markers")
    ap.add_argument("--command", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.cases is None:
        args.cases = "file,folder,lsp" if args.quick else ",".join(CASES)
    if args.words is None:
        args.words = "10000" if args.quick else "10000,50000"
    args.runs = args.runs if args.runs is not None else (2 if args.quick else 5)
    args.edits = args.edits if args.edits is not None else (50 if args.quick else 200)
    cases = [c.strip() for c in args.cases.split(",") if c.strip()]
    for c in cases:
        if c not in CASES:
            ap.error(f"unknown case `{c}` (cases: {', '.join(CASES)})")
    if "big" in cases and "file" not in cases:
        cases.insert(0, "file")
    args.cases = cases
    if args.runs < 1 or args.big_runs < 1 or args.edits < 1:
        ap.error("--runs, --big-runs and --edits must be at least 1")
    try:
        args.words = [int(w) for w in args.words.split(",")]
    except ValueError:
        ap.error("--words takes numbers, comma-separated")
    # The command as recorded in the report: what changes the figures, not where they go.
    shown, skip = [], False
    for a in argv:
        if skip:
            skip = False
        elif a == "--output":
            skip = True
        elif not (a.startswith("--output=") or a == "--update-doc"):
            shown.append(a)
    args.command = args.command or shlex.join(["scripts/bench.sh", *shown])
    return args


def main(argv: list[str]) -> int:
    args = parse(argv)
    if not os.access(args.bin, os.X_OK):
        fail(f"{args.bin}: no such binary (cargo build --release)")
    peers = ensure_peers(args.peers, not args.no_install)
    typos, typos_lsp = (p[0] if p else None for p in (peers["typos-cli"], peers["typos-lsp"]))
    files = corpus_files()
    corpus_bytes = sum(f.stat().st_size for f in files)
    two = ",".join(str(c) for c in sorted(os.sched_getaffinity(0))[:2])
    load_before = load()
    cases: dict[str, Case] = {}
    lsp = None
    with tempfile.TemporaryDirectory(prefix="copydesk-bench-") as t:
        tmp = pathlib.Path(t)
        inputs = make_inputs(tmp, files, "big" in args.cases)

        def tools(cores: str, jobs: int, path: str) -> dict:
            out = {"copydesk": (copydesk_cmd(args.bin, cores, jobs, path), {0, 1})}
            if typos:
                out["typos"] = (typos_cmd(typos, cores, jobs, path), {0, 2})
            return out

        if "file" in args.cases:
            f = inputs["file"]
            log(f"bench: 10 MB story ({f.stat().st_size:,} bytes), one core")
            cases["file"] = measure(
                Case("file", f"{mb(f.stat().st_size)}, one file, one core", f.stat().st_size),
                tools("0", 1, str(f.relative_to(tmp))), args.runs, tmp)
        if "folder" in args.cases:
            log(f"bench: corpus folder ({len(files):,} files), one core")
            label = f"corpus folder ({len(files):,} files, {mb(corpus_bytes)})"
            cases["folder1"] = measure(Case("folder1", f"{label}, one core", corpus_bytes),
                                       tools("0", 1, str(CORPUS)), args.runs, tmp)
            if len(two.split(",")) == 2:
                log("bench: corpus folder, two cores")
                cases["folder2"] = measure(
                    Case("folder2", f"{label}, two cores (`-j 2`)", corpus_bytes),
                    tools(two, 2, str(CORPUS)), args.runs, tmp)
        if "big" in args.cases:
            f = inputs["big"]
            log(f"bench: 100 MB story ({f.stat().st_size:,} bytes) on standard input, one core")
            cases["big"] = measure(
                Case("big", f"{mb(f.stat().st_size)}, one story on standard input, one core",
                     f.stat().st_size),
                tools("0", 1, "-"), args.big_runs, tmp, stdin=f, warmup=False)
        if "lsp" in args.cases:
            log(f"bench: language servers, {', '.join(map(str, args.words))} words")
            servers = {"copydesk": [args.bin, "lsp"]}
            if typos_lsp:
                servers["typos-lsp"] = [typos_lsp]
            cpus = {0}
            bench_lsp.client_cpus(cpus)
            lsp = bench_lsp.measure(servers, args.words, args.edits, args.runs, cpus,
                                    progress=lambda m: log(f"  {m}"))
        bins = {"copydesk": args.bin, "typos": typos or "", "typos-lsp": typos_lsp or ""}
        for c in cases.values():
            c.commands = {k: shorten(v, tmp, bins) for k, v in c.commands.items()}
    text = report(args, cases, lsp, peers, load_before, load(), corpus_bytes, len(files))
    print(text, end="")
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    if args.update_doc:
        update_doc(DOC, text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
