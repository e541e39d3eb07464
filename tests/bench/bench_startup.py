#!/usr/bin/env python3
"""Start-up: `huddle` to first paint on the demo workspace, against a bare Textual app that
paints one widget, in the same run and the same terminal (a pty, 100x30).

    python tests/bench/bench_startup.py [runs]

Each run starts a fresh interpreter in a pseudo-terminal and stops the clock when the
first frame containing the app's text has been written. Runs alternate between the apps
so that machine noise hits them alike. Huddle is timed in English and in Chinese. Prints
medians and the ratios (target <= 1.5).

Huddle's modules are byte-compiled first, as `pip install` does (Textual's already are);
without that, every run would compile Huddle from source when PYTHONDONTWRITEBYTECODE is
set, and the figure would measure the compiler.
"""

from __future__ import annotations

import compileall
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
    compileall.compile_dir(ROOT / "tui", quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, TERM="xterm-256color", HUDDLE_CONFIG_DIR=tmp, HUDDLE_DATA_DIR=tmp, HUDDLE_CACHE_DIR=tmp, COLUMNS="100", LINES="30")
        db = Path(tmp) / "demo.db"
        subprocess.run([sys.executable, "-m", "tui", "demo", "--db", str(db), "--no-open"], env=env, check=True, capture_output=True)
        bare_script = Path(tmp) / "bare.py"
        bare_script.write_text(BARE)
        bare = [sys.executable, str(bare_script)]
        # The dashboard's standup panel draws "posted" / "已填写" on the first real frame.
        apps = {
            "bare Textual app": (bare, b"BAREMARK"),
            "huddle, English": ([sys.executable, "-m", "tui", "--db", str(db), "--lang", "en"], b"posted"),
            "huddle, Chinese": ([sys.executable, "-m", "tui", "--db", str(db), "--lang", "zh_CN"], "已填写".encode()),
        }
        times: dict[str, list[float]] = {name: [] for name in apps}
        for argv, marker in apps.values():  # warm the file cache (and compile the Chinese catalog once)
            time_to_text(argv, marker, env)
        for _ in range(runs):
            for name, (argv, marker) in apps.items():
                times[name].append(time_to_text(argv, marker, env))
    base = statistics.median(times["bare Textual app"])
    for name, values in times.items():
        median = statistics.median(values)
        ratio = "" if name.startswith("bare") else f"  ratio {median / base:.2f} (target <= 1.5)"
        print(f"{name + ':':18} first paint median {median * 1000:4.0f} ms (min {min(values) * 1000:.0f}){ratio}")


if __name__ == "__main__":
    main()
