#!/usr/bin/env python3
"""Start-up: `huddle` to first paint on the demo workspace, against a bare Textual app that
paints one widget, in the same run and the same terminal (a pty, 100x30).

    python tests/bench/bench_startup.py [runs]

Each run starts a fresh interpreter in a pseudo-terminal and stops the clock when the
first frame containing the app's text has been written. Runs alternate between the two
apps so that machine noise hits both alike. Prints medians and the ratio (target <= 1.5).
"""

from __future__ import annotations

import os
import pty
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

BARE = """
from textual.app import App
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("BAREMARK")
Bare().run()
"""


def time_to_text(argv: list[str], marker: bytes, env: dict, timeout: float = 20.0) -> float:
    """Seconds from spawn until `marker` appears on the pty."""
    pid, fd = pty.fork()
    if pid == 0:  # child
        os.execvpe(argv[0], argv, env)
    start = time.perf_counter()
    import fcntl
    import struct
    import termios

    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    seen = b""
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    break
                seen += chunk
                if marker in seen:
                    return time.perf_counter() - start
        raise RuntimeError(f"{argv} did not paint {marker!r} in {timeout}s")
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, TERM="xterm-256color", HUDDLE_CONFIG_DIR=tmp, HUDDLE_DATA_DIR=tmp, COLUMNS="100", LINES="30")
        db = Path(tmp) / "demo.db"
        subprocess.run([sys.executable, "-m", "tui", "demo", "--db", str(db), "--no-open"], env=env, check=True, capture_output=True)
        bare_script = Path(tmp) / "bare.py"
        bare_script.write_text(BARE)
        huddle = [sys.executable, "-m", "tui", "--db", str(db), "--lang", "en"]
        bare = [sys.executable, str(bare_script)]
        # "posted" is drawn by the dashboard's standup panel: the first real frame.
        time_to_text(bare, b"BAREMARK", env)  # warm the file cache
        time_to_text(huddle, b"posted", env)
        bare_times, huddle_times = [], []
        for _ in range(runs):
            bare_times.append(time_to_text(bare, b"BAREMARK", env))
            huddle_times.append(time_to_text(huddle, b"posted", env))
    b, h = statistics.median(bare_times), statistics.median(huddle_times)
    print(f"bare Textual app, first paint: median {b * 1000:.0f} ms (min {min(bare_times) * 1000:.0f})")
    print(f"huddle on the demo workspace:  median {h * 1000:.0f} ms (min {min(huddle_times) * 1000:.0f})")
    print(f"ratio huddle / bare: {h / b:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
