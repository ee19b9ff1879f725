#!/usr/bin/env python3
"""Benchmark of `copydesk lsp` over stdio, the way an editor drives it.

Builds a 10,000-word story (the seed story, then stories from the BBC corpus in name order,
or the seed story repeated if the corpus is absent), then measures:

  1. initialize → first diagnostics: from sending `initialize` (the process already started)
     to the first `publishDiagnostics` of the opened story; and the same from process start;
  2. re-diagnosis after a one-character edit: from sending a `didChange` that inserts or
     deletes one character to the `publishDiagnostics` of that version, one edit at a time
     (the server has no deliberate delay to subtract); median, p95 and max;
  3. the server's resident memory (VmRSS and its peak VmHWM from /proc/PID/status).

Usage (release build; debug builds are many times slower):

    cargo build --release
    python3 scripts/bench_lsp.py [--bin target/release/copydesk] [--edits 300] [--words 10000]

Targets: p95 re-diagnosis < 5 ms, first diagnostics < 100 ms, resident memory < 50 MB.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import statistics
import subprocess
import sys
import threading
import time
import queue

REPO = pathlib.Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


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
    def __init__(self, binary: str, log: str | None):
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            [binary, "lsp"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=open(log, "w") if log else subprocess.DEVNULL,
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
            self.messages.put((time.perf_counter(), json.loads(body)))

    def send(self, msg: dict):
        body = json.dumps(msg).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def request(self, method: str, params) -> dict:
        i = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": i, "method": method, "params": params})
        while True:
            _, m = self.messages.get(timeout=60)
            if m.get("id") == i and "method" not in m:
                return m

    def notify(self, method: str, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait_diagnostics(self, uri: str, version: int) -> tuple[float, list]:
        while True:
            t, m = self.messages.get(timeout=60)
            if m.get("method") == "textDocument/publishDiagnostics":
                p = m["params"]
                if p["uri"] == uri and p.get("version") == version:
                    return t, p["diagnostics"]

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


def percentile(xs: list[float], p: float) -> float:
    s = sorted(xs)
    k = max(0, min(len(s) - 1, round(p / 100 * len(s) + 0.5) - 1))
    return s[k]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=str(REPO / "target" / "release" / "copydesk"))
    ap.add_argument("--words", type=int, default=10_000)
    ap.add_argument("--edits", type=int, default=300)
    ap.add_argument("--log", help="write the server's log here (set COPYDESK_LOG=copydesk=debug)")
    args = ap.parse_args()

    text = story(args.words)
    uri = "file:///bench/story.txt"
    print(f"story: {len(text.split())} words, {len(text.encode())} bytes, {text.count(chr(10))} lines")

    srv = Server(args.bin, args.log)
    t_init = time.perf_counter()
    srv.request(
        "initialize",
        {
            "processId": None,
            "rootUri": None,
            "capabilities": {"general": {"positionEncodings": ["utf-16"]}},
            "initializationOptions": {"copydesk": {"profile": "ap", "date": "2025-11-26"}},
        },
    )
    srv.notify("initialized", {})
    srv.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}},
    )
    t_first, diags = srv.wait_diagnostics(uri, 1)
    first_ms = (t_first - t_init) * 1000
    from_start_ms = (t_first - srv.started) * 1000
    print(f"initialize → first diagnostics: {first_ms:.1f} ms "
          f"({from_start_ms:.1f} ms from process start), {len(diags)} diagnostics")

    # One-character edits in the middle of the story, alternately typed and deleted.
    lines = text.split("\n")
    line = len(lines) // 2
    while not lines[line]:
        line += 1
    col = len(lines[line]) // 2
    times = []
    version = 1
    for i in range(args.edits):
        version += 1
        if i % 2 == 0:
            change = {"range": {"start": {"line": line, "character": col},
                                "end": {"line": line, "character": col}}, "text": "x"}
        else:
            change = {"range": {"start": {"line": line, "character": col},
                                "end": {"line": line, "character": col + 1}}, "text": ""}
        t0 = time.perf_counter()
        srv.notify("textDocument/didChange",
                   {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
        t1, _ = srv.wait_diagnostics(uri, version)
        times.append((t1 - t0) * 1000)
    median = statistics.median(times)
    p95 = percentile(times, 95)
    print(f"re-diagnosis after a one-character edit ({len(times)} edits): "
          f"median {median:.2f} ms, p95 {p95:.2f} ms, max {max(times):.2f} ms")

    mem = srv.memory()
    rss = mem.get("VmRSS", 0) / 1024
    hwm = mem.get("VmHWM", 0) / 1024
    print(f"resident memory: {rss:.1f} MB (peak {hwm:.1f} MB)")
    srv.close()

    ok = {
        "p95 re-diagnosis < 5 ms": p95 < 5,
        "first diagnostics < 100 ms": first_ms < 100,
        "resident memory < 50 MB": rss < 50,
    }
    for k, v in ok.items():
        print(f"  {'met' if v else 'MISSED'}: {k}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
