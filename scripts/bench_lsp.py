#!/usr/bin/env python3
"""Benchmark of a language server over stdio, the way an editor drives it: `copydesk lsp`, and
with `--peer` any other server (typos-lsp) measured by the same client in the same run.

Builds a story of the given number of words (the seed story, then stories from the BBC corpus in
name order, or the seed story repeated if the corpus is absent), then measures for each server:

  1. cold start → first diagnostics: from starting the process (then `initialize`, waiting for
     its answer, `initialized`, `didOpen`) to the first `publishDiagnostics` of the opened story;
     the median over `--starts` fresh processes;
  2. re-diagnosis after a one-character edit: from sending a `didChange` that inserts or deletes
     one character mid-story (an incremental change, as both servers ask for) to the
     `publishDiagnostics` of that version, one edit at a time (neither server has a deliberate
     delay to subtract); median, p95 and max over `--edits` edits, after 4 edits not counted.
     A message counts as delivered when its last byte is read; the same figures with the
     client's JSON parse of it added (Python's json, several milliseconds for the 1,000
     diagnostics of a 50,000-word story) are printed beside them;
  3. the server's resident memory after the edits (VmRSS and its peak VmHWM from
     /proc/PID/status).

Diagnostics are the pushed kind (`textDocument/publishDiagnostics` with the document's
version), which both servers send to a client that does not declare pull support. The servers
run pinned to `--cpus` (default: core 0), the client on the other cores when there are any.

Usage (release build; debug builds are many times slower):

    cargo build --release
    python3 scripts/bench_lsp.py [--bin target/release/copydesk] [--edits 300] [--words 10000]
    python3 scripts/bench_lsp.py --peer ~/.cache/copydesk-bench/bin/typos-lsp --words 10000,50000

`scripts/bench.sh` runs this beside the command-line cases and prints one table.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import queue
import statistics
import subprocess
import sys
import threading
import time

REPO = pathlib.Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
URI = "file:///bench/story.txt"
WARMUP_EDITS = 4


def story(words: int) -> str:
    seed = (SHARED / "seed" / "washington-peace-talks-2025-11-26.txt").read_text(encoding="utf-8")
    parts = [seed.strip()]
    count = len(seed.split())
    corpus = sorted((SHARED / "corpus" / "bbc").glob("*/*.txt"))
    i = 0
    while count < words:
        if corpus:
            text = corpus[i % len(corpus)].read_text(encoding="utf-8", errors="replace")
            # Drop each story's headline line: one story, many paragraphs.
            body = text.strip().split("\n", 1)[-1].strip()
        else:
            body = seed.split("\n", 1)[1].strip()
        i += 1
        # Trim the last piece to land on the word count.
        ws = body.split()
        if count + len(ws) > words:
            body = " ".join(ws[: words - count])
        parts.append(body)
        count += len(body.split())
    return "\n\n".join(parts) + "\n"


class Server:
    def __init__(self, cmd: list[str], log: str | None = None, cpus: set[int] | None = None):
        pin = (lambda: os.sched_setaffinity(0, cpus)) if cpus else None
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            cmd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=open(log, "w") if log else subprocess.DEVNULL,
            preexec_fn=pin,
        )
        self.messages: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.next_id = 1

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            body = out.read(length)
            # The message counts as delivered when its last byte is read; the client's own
            # JSON parse (milliseconds in Python for a long story's diagnostics) comes after.
            arrived = time.perf_counter()
            self.messages.put((arrived, json.loads(body), time.perf_counter()))

    def send(self, msg: dict):
        body = json.dumps(msg).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def request(self, method: str, params) -> dict:
        i = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": i, "method": method, "params": params})
        while True:
            _, m, _ = self.messages.get(timeout=120)
            if m.get("id") == i and "method" not in m:
                return m
            if "method" in m and "id" in m:
                # A request from the server (configuration, registration): answer it empty.
                self.send({"jsonrpc": "2.0", "id": m["id"], "result": None})

    def notify(self, method: str, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait_diagnostics(self, uri: str, version: int, parsed: list | None = None) -> tuple[float, list]:
        """When the diagnostics of `version` arrived, and them; the time the client had parsed
        them is appended to `parsed` when given."""
        while True:
            t, m, t_parsed = self.messages.get(timeout=120)
            if m.get("method") == "textDocument/publishDiagnostics":
                p = m["params"]
                if p["uri"] == uri and p.get("version") == version:
                    if parsed is not None:
                        parsed.append(t_parsed)
                    return t, p["diagnostics"]
            elif "method" in m and "id" in m:
                self.send({"jsonrpc": "2.0", "id": m["id"], "result": None})

    def open(self, text: str) -> tuple[float, float, list]:
        """initialize, initialized, didOpen; the times (s) from process start and from
        `initialize` to the first diagnostics, and those diagnostics."""
        t_init = time.perf_counter()
        self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": None,
                "capabilities": {"general": {"positionEncodings": ["utf-16"]}},
                "initializationOptions": {"copydesk": {"profile": "ap", "date": "2025-11-26"}},
            },
        )
        self.notify("initialized", {})
        self.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": URI, "languageId": "plaintext", "version": 1, "text": text}},
        )
        t_first, diags = self.wait_diagnostics(URI, 1)
        return t_first - self.started, t_first - t_init, diags

    def memory(self) -> dict[str, int]:
        out = {}
        for line in pathlib.Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0])  # kB
        return out

    def close(self):
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()
            self.proc.wait()


def percentile(xs: list[float], p: float) -> float:
    s = sorted(xs)
    k = max(0, min(len(s) - 1, round(p / 100 * len(s) + 0.5) - 1))
    return s[k]


def edit_point(text: str) -> tuple[int, int]:
    """A line in the middle of the story and a column (UTF-16) in the middle of that line."""
    lines = text.split("\n")
    line = len(lines) // 2
    while not lines[line]:
        line += 1
    half = lines[line][: len(lines[line]) // 2]
    return line, len(half.encode("utf-16-le")) // 2


def cold_start(cmd: list[str], text: str, cpus: set[int] | None) -> dict:
    srv = Server(cmd, cpus=cpus)
    try:
        from_start, from_init, diags = srv.open(text)
    finally:
        srv.close()
    return {"from_start_ms": from_start * 1000, "from_initialize_ms": from_init * 1000,
            "diagnostics": len(diags)}


def edits(cmd: list[str], text: str, n: int, cpus: set[int] | None, log: str | None = None) -> dict:
    """One session: open the story, then `n` one-character edits (after a few not counted)."""
    srv = Server(cmd, log=log, cpus=cpus)
    try:
        from_start, from_init, diags = srv.open(text)
        line, col = edit_point(text)
        times = []
        with_parse = []
        version = 1
        for i in range(WARMUP_EDITS + n):
            version += 1
            if i % 2 == 0:
                change = {"range": {"start": {"line": line, "character": col},
                                    "end": {"line": line, "character": col}}, "text": "x"}
            else:
                change = {"range": {"start": {"line": line, "character": col},
                                    "end": {"line": line, "character": col + 1}}, "text": ""}
            t0 = time.perf_counter()
            srv.notify("textDocument/didChange",
                       {"textDocument": {"uri": URI, "version": version},
                        "contentChanges": [change]})
            parsed: list = []
            t1, _ = srv.wait_diagnostics(URI, version, parsed)
            if i >= WARMUP_EDITS:
                times.append((t1 - t0) * 1000)
                with_parse.append((parsed[0] - t0) * 1000)
        mem = srv.memory()
    finally:
        srv.close()
    return {
        "from_start_ms": from_start * 1000,
        "from_initialize_ms": from_init * 1000,
        "diagnostics": len(diags),
        "edits": len(times),
        "median_ms": statistics.median(times),
        "p95_ms": percentile(times, 95),
        "max_ms": max(times),
        "median_parsed_ms": statistics.median(with_parse),
        "p95_parsed_ms": percentile(with_parse, 95),
        "rss_mib": mem.get("VmRSS", 0) / 1024,
        "hwm_mib": mem.get("VmHWM", 0) / 1024,
    }


def measure(servers: dict[str, list[str]], words: list[int], n_edits: int, starts: int,
            cpus: set[int] | None, progress=None) -> dict:
    """For each server: cold starts (on the first story, servers taking turns) and one edit
    session per story."""
    stories = {w: story(w) for w in words}
    first = stories[words[0]]
    out: dict = {name: {"cold": [], "stories": {}} for name in servers}
    for _ in range(starts):
        for name, cmd in servers.items():
            out[name]["cold"].append(cold_start(cmd, first, cpus))
    for w, text in stories.items():
        for name, cmd in servers.items():
            r = edits(cmd, text, n_edits, cpus)
            r["words"] = len(text.split())
            r["bytes"] = len(text.encode())
            out[name]["stories"][w] = r
            if progress:
                progress(f"lsp {name}, {w} words: p95 {r['p95_ms']:.2f} ms, "
                         f"median {r['median_ms']:.2f} ms, {r['diagnostics']} diagnostics")
    for name in servers:
        cold = out[name]["cold"]
        out[name]["cold_start_ms"] = statistics.median(c["from_start_ms"] for c in cold)
        out[name]["cold_initialize_ms"] = statistics.median(c["from_initialize_ms"] for c in cold)
    return out


def client_cpus(server_cpus: set[int] | None) -> None:
    """Keep the client off the server's cores when there are others."""
    if not server_cpus:
        return
    rest = os.sched_getaffinity(0) - server_cpus
    if rest:
        os.sched_setaffinity(0, rest)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=str(REPO / "target" / "release" / "copydesk"),
                    help="the copydesk binary (run as `BIN lsp`)")
    ap.add_argument("--peer", help="another server to measure the same way (e.g. typos-lsp)")
    ap.add_argument("--words", default="10000",
                    help="story length in words; several, comma-separated (default 10000)")
    ap.add_argument("--edits", type=int, default=300, help="edits timed per story (default 300)")
    ap.add_argument("--starts", type=int, default=3,
                    help="fresh processes timed for cold start (default 3)")
    ap.add_argument("--cpus", default="0",
                    help="cores the servers are pinned to, e.g. 0 or 0,1; `all` to not pin")
    ap.add_argument("--json", help="also write the figures here as JSON")
    ap.add_argument("--log", help="write copydesk's log here (set COPYDESK_LOG=copydesk=debug)")
    args = ap.parse_args()

    words = [int(w) for w in args.words.split(",")]
    cpus = None if args.cpus == "all" else {int(c) for c in args.cpus.split(",")}
    client_cpus(cpus)
    servers = {"copydesk": [args.bin, "lsp"]}
    if args.peer:
        servers[pathlib.Path(args.peer).name] = [args.peer]
    if args.log:
        # A first session with the log on, not counted.
        edits(servers["copydesk"], story(words[0]), 10, cpus, log=args.log)
    res = measure(servers, words, args.edits, args.starts, cpus)
    for name, r in res.items():
        print(f"{name}: cold start → first diagnostics {r['cold_start_ms']:.1f} ms "
              f"({r['cold_initialize_ms']:.1f} ms from initialize; median of {args.starts})")
        for w, s in r["stories"].items():
            print(f"  {s['words']} words ({s['bytes']} bytes), {s['diagnostics']} diagnostics: "
                  f"re-diagnosis after a one-character edit ({s['edits']} edits) median "
                  f"{s['median_ms']:.2f} ms, p95 {s['p95_ms']:.2f} ms, max {s['max_ms']:.2f} ms "
                  f"(with the client's JSON parse: median {s['median_parsed_ms']:.2f} ms, "
                  f"p95 {s['p95_parsed_ms']:.2f} ms); "
                  f"resident {s['rss_mib']:.1f} MiB (peak {s['hwm_mib']:.1f} MiB)")
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(res, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
