"""The app served in child processes on loopback ports, as `make run` serves it: for the tests, `make load`
and the several processes behind nginx (deploy/many.py)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from geo.paths import ROOT

START_TIMEOUT = 60.0


class ServerFailed(Exception):
    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(url: str) -> bool:
    try:
        return urllib.request.urlopen(url + "/_stcore/health", timeout=2).read().strip() == b"ok"
    except OSError:
        return False


def wait_until_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while not healthy(url):
        if process.poll() is not None or time.monotonic() > deadline:
            raise ServerFailed(f"the app server at {url} did not start:\n"
                               + log.read_text(errors="replace")[-1500:])
        time.sleep(0.2)


def start(script: str, port: int, log: Path) -> subprocess.Popen:
    """`streamlit run script` on 127.0.0.1:port, its output in `log` (a file: a chatty server never blocks)."""
    with open(log, "wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.headless=true", f"--server.port={port}",
             "--server.address=127.0.0.1", "--browser.gatherUsageStats=false", "--server.fileWatcherType=none"],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def serving(log_dir: Path, script: str = "serve.py"):
    """A fresh server; yields (url, process), stops it on the way out."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = log_dir / f"streamlit-{port}.log"
    process = start(script, port, log)
    try:
        wait_until_healthy(url, process, log)
        yield url, process
    finally:
        stop(process)


def rss_mb(pid: int) -> float:
    """Resident memory of a process, in MB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise ServerFailed(f"no memory figure for process {pid}")


def cpu_seconds(pid: int) -> float:
    """CPU time a process has used so far, user and system, in seconds (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
