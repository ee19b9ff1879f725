#!/usr/bin/env python3
"""Resident memory of `copydesk lsp` over many documents.

Opens, edits and closes N documents (default 1,000) one after another, the way an editor does
over a long day: each is a different story (the BBC corpus stories in name order, else the
samples), opened, given five incremental edits (waiting for the diagnostics of each version),
then closed. Reads VmRSS from /proc/PID/status after the first document is closed, after the
--warmup-th (default 100) and after the last, and fails when the last figure is more than 10%
above the warmed one. The first stories fill the rule patterns' search caches (lazy DFAs, each
bounded), so the level after the first document is printed too but is not the one compared.

    cargo build --release
    python3 scripts/memory.py [--bin target/release/copydesk] [--docs 1000] [--same]

With --findings N it measures one story instead: N lines, each with one finding, opened and
closed --repeat times (default 4). It reports the peak (VmHWM) while the diagnostics of the
first open are published, and VmRSS after each close; it fails when the peak is over --peak-mb
(default 400) or the last close is more than 10% above the first. --max-findings sets the
editor's `copydesk.maxFindings` (0: no cap).
"""

from __future__ import annotations

import argparse
import json
import pathlib
import queue
import subprocess
import sys
import threading
import time

REPO = pathlib.Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def stories() -> list[str]:
    files = sorted((SHARED / "corpus" / "bbc").glob("*/*.txt")) or sorted(
        (SHARED / "samples").glob("*.txt")
    )
    if not files:
        sys.exit("no stories found under ../shared")
    return [f.read_text(encoding="utf-8", errors="replace") for f in files]


class Server:
    def __init__(self, binary: str):
        self.p = subprocess.Popen(
            [binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.q: queue.Queue = queue.Queue()
        self.next_id = 1
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.p.stdout
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
            self.q.put(json.loads(out.read(length)))

    def send(self, msg: dict) -> None:
        body = json.dumps(msg).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def notify(self, method: str, params) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params) -> dict:
        i = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": i, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == i and "method" not in m)

    def wait(self, pred, timeout: float = 60.0) -> dict:
        end = time.monotonic() + timeout
        while True:
            m = self.q.get(timeout=max(0.01, end - time.monotonic()))
            if "method" in m and "id" in m:  # a server request: answer it
                self.send({"jsonrpc": "2.0", "id": m["id"], "result": None})
                continue
            if pred(m):
                return m

    def status_kb(self, key: str) -> int:
        for line in pathlib.Path(f"/proc/{self.p.pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
        raise RuntimeError(f"no {key}")

    def rss_kb(self) -> int:
        return self.status_kb("VmRSS")


def many_findings(s: Server, args) -> int:
    """One story with a finding on every line, opened and closed again and again."""
    text = "The US push.\n" * args.findings
    peak = None
    after = []
    start = time.monotonic()
    for n in range(args.repeat):
        uri = f"file:///memory/findings-{n}.txt"
        s.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "plaintext", "version": 1, "text": text}})
        m = s.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                   and m["params"]["uri"] == uri and m["params"].get("version") == 1,
                   timeout=600.0)
        shown = len(m["params"]["diagnostics"])
        if peak is None:
            peak = s.status_kb("VmHWM")
            print(f"{args.findings} findings, {shown} diagnostics published: "
                  f"peak VmHWM {peak / 1024:.1f} MB in {time.monotonic() - start:.1f} s", flush=True)
        s.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        s.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
               and m["params"]["uri"] == uri and not m["params"]["diagnostics"], timeout=600.0)
        time.sleep(0.5)
        after.append(s.rss_kb())
        print(f"after close {n + 1}: VmRSS {after[-1] / 1024:.1f} MB", flush=True)
    s.request("shutdown", None)
    s.notify("exit", None)
    ok = True
    if peak / 1024 > args.peak_mb:
        print(f"FAIL: peak {peak / 1024:.1f} MB is over {args.peak_mb} MB")
        ok = False
    ratio = after[-1] / after[0]
    print(f"VmRSS after the first close: {after[0] / 1024:.1f} MB; after the last: "
          f"{after[-1] / 1024:.1f} MB ({(ratio - 1) * 100:+.1f}%)")
    if ratio > 1.10:
        print("FAIL: more than 10% above the level after the first close")
        ok = False
    if ok:
        print("ok")
    return 0 if ok else 1


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=str(REPO / "target" / "release" / "copydesk"))
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--same", action="store_true", help="the same story every time")
    ap.add_argument("--findings", type=int, help="one story with this many findings")
    ap.add_argument("--repeat", type=int, default=4, help="opens of the --findings story")
    ap.add_argument("--peak-mb", type=float, default=400.0)
    ap.add_argument("--max-findings", type=int, help="the copydesk.maxFindings setting")
    ap.add_argument("--warmup", type=int, default=100,
                    help="documents after which the level is read that the last must stay "
                         "within 10%% of (the rules' search caches fill on the first stories)")
    args = ap.parse_args()
    s = Server(args.bin)
    options = {"profile": "ap", "date": "2025-11-26"}
    if args.max_findings is not None:
        options["maxFindings"] = args.max_findings
    s.request("initialize", {"processId": None, "rootUri": None, "capabilities": {
        "general": {"positionEncodings": ["utf-16"]},
        "textDocument": {"publishDiagnostics": {"versionSupport": True}}},
        "initializationOptions": {"copydesk": options}})
    s.notify("initialized", {})
    if args.findings:
        return many_findings(s, args)
    texts = stories()
    first = None
    warm = None
    start = time.monotonic()
    for n in range(args.docs):
        uri = f"file:///memory/story-{n}.txt"
        text = texts[0 if args.same else n % len(texts)]
        s.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "plaintext", "version": 1, "text": text}})
        published = lambda v: (lambda m: m.get("method") == "textDocument/publishDiagnostics"
                               and m["params"]["uri"] == uri and m["params"].get("version") == v)
        s.wait(published(1))
        for v in range(2, 7):
            # Type a word at the start of line v, then wait for that version's diagnostics.
            s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": v},
                     "contentChanges": [{"range": {"start": {"line": v, "character": 0},
                                                   "end": {"line": v, "character": 0}},
                                         "text": "Zelenskiy said 20 percent. "}]})
            s.wait(published(v))
        s.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        s.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
               and m["params"]["uri"] == uri and not m["params"]["diagnostics"])
        if n == 0:
            time.sleep(0.2)
            first = s.rss_kb()
        if n + 1 == min(args.warmup, args.docs):
            time.sleep(0.2)
            warm = s.rss_kb()
        if (n + 1) % 100 == 0:
            print(f"after {n + 1:5} documents: VmRSS {s.rss_kb() / 1024:.1f} MB", flush=True)
    time.sleep(0.5)
    last = s.rss_kb()
    s.request("shutdown", None)
    s.notify("exit", None)
    ratio = last / warm
    print(f"documents opened, edited 5 times and closed: {args.docs} "
          f"in {time.monotonic() - start:.1f} s")
    print(f"VmRSS after the first: {first / 1024:.1f} MB ({(last / first - 1) * 100:+.1f}% at "
          f"the last); after {min(args.warmup, args.docs)}: {warm / 1024:.1f} MB; after the "
          f"last: {last / 1024:.1f} MB ({(ratio - 1) * 100:+.1f}%)")
    if ratio > 1.10:
        print("FAIL: more than 10% above the level after the warm-up")
        return 1
    print("ok: within 10% of the level after the warm-up")
    return 0


if __name__ == "__main__":
    sys.exit(main())
