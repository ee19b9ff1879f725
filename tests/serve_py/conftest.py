"""A real `copydesk serve` for the tests of this folder: started on a free port of 127.0.0.1
in a project folder whose copydesk.toml dates stories 2025-11-26 (the seed's date), stopped
with SIGTERM at the end.

`COPYDESK_BIN` overrides the binary (default: target/debug/copydesk).
"""

from __future__ import annotations

import json
import os
import pathlib
import signal
import subprocess
import threading

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
# Resolved now: the server runs in a project folder of its own.
BIN = str(pathlib.Path(os.environ.get("COPYDESK_BIN", REPO / "target" / "debug" / "copydesk")).resolve())
SEED = REPO.parent / "shared" / "seed" / "washington-peace-talks-2025-11-26.txt"
LISTENING = "copydesk serve: listening on "


class Server:
    def __init__(self, project: pathlib.Path) -> None:
        self.config = project / "copydesk.toml"
        self.config.write_text('date = "2025-11-26"\n', encoding="utf-8")
        self.proc = subprocess.Popen(
            [BIN, "serve", "--listen", "127.0.0.1:0", "--config", str(self.config)],
            cwd=project,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.log: list[str] = []
        for line in self.proc.stderr:
            self.log.append(line)
            if line.startswith(LISTENING):
                self.url = line[len(LISTENING) :].strip()
                break
        else:
            raise RuntimeError("copydesk serve stopped before listening: " + "".join(self.log))
        # Read on, so that the server never waits on a full pipe.
        threading.Thread(target=lambda: self.log.extend(self.proc.stderr), daemon=True).start()

    def cli(self, *args: str, stdin: str) -> str:
        """`copydesk check ARGS --config … -` on `stdin` (as `seed.txt`), its standard output."""
        out = subprocess.run(
            [BIN, "check", *args, "--config", str(self.config), "--stdin-filename", "seed.txt", "-"],
            input=stdin,
            capture_output=True,
            text=True,
            check=False,
        )
        return out.stdout

    def cli_findings(self, text: str) -> list[dict]:
        return json.loads(self.cli("--format", "json", stdin=text))

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=30)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory):
    s = Server(tmp_path_factory.mktemp("project"))
    yield s
    assert s.stop() == 0


@pytest.fixture(scope="session")
def seed() -> str:
    return SEED.read_text(encoding="utf-8")
