#!/usr/bin/env python3
"""Load benchmark of `copydesk serve` on loopback.

Starts the server on a free port of 127.0.0.1 (nothing else is ever contacted), builds a
10,000-word story as scripts/bench_lsp.py does, then for 1 and 32 concurrent clients sends
`POST /v1/check` (and `POST /v2/check`, LanguageTool's form) over kept-alive connections, each
client one request at a time, for a bounded time or number of requests, and reports requests
per second and the median and 95th-percentile latency.

Usage (release build; debug builds are many times slower):

    cargo build --release
    python3 scripts/bench_serve.py [--bin target/release/copydesk] [--seconds 10] [--words 10000]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import pathlib
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse

REPO = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
from bench_lsp import story  # noqa: E402

LISTENING = "copydesk serve: listening on http://"


def start(binary: str, jobs: int | None) -> tuple[subprocess.Popen, str, int]:
    cmd = [binary, "serve", "--listen", "127.0.0.1:0"]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    env = dict(os.environ, COPYDESK_LOG="warn")
    proc = subprocess.Popen(
        cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env
    )
    for line in proc.stderr:
        if line.startswith(LISTENING):
            host, port = line[len(LISTENING) :].strip().rsplit(":", 1)
            threading.Thread(target=lambda: proc.stderr.read(), daemon=True).start()
            return proc, host, int(port)
    raise SystemExit("copydesk serve did not start")


def run(host: str, port: int, clients: int, path: str, body: bytes, ctype: str, seconds: float, limit: int):
    """`clients` threads, each sending one request at a time until the time or the count is up."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    sent = [0]
    deadline = time.perf_counter() + seconds

    def client() -> None:
        conn = http.client.HTTPConnection(host, port, timeout=120)
        while True:
            with lock:
                if sent[0] >= limit or time.perf_counter() > deadline:
                    break
                sent[0] += 1
            t = time.perf_counter()
            conn.request("POST", path, body=body, headers={"Content-Type": ctype})
            r = conn.getresponse()
            data = r.read()
            took = time.perf_counter() - t
            with lock:
                if r.status != 200:
                    errors.append(f"{r.status}: {data[:200]!r}")
                latencies.append(took)
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - began
    latencies.sort()
    p95 = latencies[max(0, int(round(0.95 * len(latencies))) - 1)]
    return {
        "requests": len(latencies),
        "errors": len(errors),
        "rps": len(latencies) / wall,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": p95 * 1000,
        "first_error": errors[0] if errors else None,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=str(REPO / "target" / "release" / "copydesk"))
    ap.add_argument("--words", type=int, default=10_000)
    ap.add_argument("--seconds", type=float, default=10.0, help="per run (default 10)")
    ap.add_argument("--requests", type=int, default=2_000, help="at most, per run (default 2000)")
    ap.add_argument("--clients", default="1,32")
    ap.add_argument("--jobs", type=int, default=None, help="the server's --jobs (default: one per core)")
    args = ap.parse_args()

    text = story(args.words)
    proc, host, port = start(args.bin, args.jobs)
    try:
        v1 = json.dumps({"text": text, "filename": "story.txt", "date": "2025-11-26"}).encode()
        v2 = urllib.parse.urlencode({"text": text, "language": "en-US"}).encode()
        # One request of each first: engines compiled, findings counted.
        conn = http.client.HTTPConnection(host, port, timeout=120)
        conn.request("POST", "/v1/check", body=v1, headers={"Content-Type": "application/json"})
        found = len(json.loads(conn.getresponse().read())["findings"])
        conn.close()
        print(
            f"story: {len(text.split())} words, {len(text.encode())} bytes, {found} findings; "
            f"server on {host}:{port}, {os.cpu_count()} cores, load average "
            f"{os.getloadavg()[0]:.1f} before the runs"
        )
        print(f"{'endpoint':<10} {'clients':>7} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8}")
        for path, body, ctype in (
            ("/v1/check", v1, "application/json"),
            ("/v2/check", v2, "application/x-www-form-urlencoded"),
        ):
            for clients in (int(c) for c in args.clients.split(",")):
                r = run(host, port, clients, path, body, ctype, args.seconds, args.requests)
                print(
                    f"{path:<10} {clients:>7} {r['requests']:>8} {r['rps']:>8.1f} "
                    f"{r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f}"
                    + (f"  {r['errors']} errors, first: {r['first_error']}" if r["errors"] else "")
                )
    finally:
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
