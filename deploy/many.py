"""Several app processes behind nginx, on this machine's loopback only, started by one command:

    make serve-many                                   # installs Debian's nginx if missing
    .venv/bin/python -m deploy.many --processes 3 --port 8501

One Streamlit process runs every visitor's script on one core (Python's interpreter lock); this
spreads visitors over a process per core. nginx keeps each visitor on the process that holds their
session (a routing cookie, deploy/nginx.conf) and passes the WebSocket upgrade through; it answers
only for the loopback names and those given with --server-name (another site's Host gets 421). An app
process that dies is started again on its port within a second or two (its visitors' sessions are
lost, the next page load gets a new one). Ctrl-C stops nginx and every app process. Everything nginx
writes goes to a temporary folder.
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from contextlib import ExitStack, contextmanager
from pathlib import Path

from deploy.live_server import ServerFailed, free_port, start, stop, wait_until_healthy

HERE = Path(__file__).resolve().parent
NGINX = os.environ.get("NGINX", "/usr/sbin/nginx")
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
WATCH_SECONDS = 0.5  # how often the app processes are looked at


def nginx_config(run_dir: Path, port: int, app_ports: list[int], names: tuple[str, ...] = ()) -> str:
    servers = "\n".join(f"        server 127.0.0.1:{p};" for p in app_ports)
    text = (HERE / "nginx.conf").read_text()
    return (text.replace("@RUN@", str(run_dir)).replace("@PORT@", str(port)).replace("@SERVERS@", servers)
            .replace("@NAMES@", " ".join(dict.fromkeys((*LOOPBACK_NAMES, *names)))))


class Apps:
    """The app processes, one a port, each started again on its port if it dies."""

    def __init__(self, ports: list[int], run_dir: Path):
        self.ports, self.run_dir = ports, run_dir
        self.processes = [self._start(port) for port in ports]
        self._stopping = threading.Event()
        self._watcher = threading.Thread(target=self._watch, name="atlas-apps", daemon=True)

    def _start(self, port: int):
        return start("serve.py", port, self.run_dir / f"app-{port}.log")

    def wait_until_healthy(self) -> None:
        for port, process in zip(self.ports, self.processes):
            wait_until_healthy(f"http://127.0.0.1:{port}", process, self.run_dir / f"app-{port}.log")
        self._watcher.start()

    def _watch(self) -> None:
        while not self._stopping.wait(WATCH_SECONDS):
            for i, process in enumerate(self.processes):
                if process.poll() is not None and not self._stopping.is_set():
                    self.processes[i] = self._start(self.ports[i])

    def stop(self) -> None:
        self._stopping.set()
        if self._watcher.is_alive():
            self._watcher.join()
        for process in self.processes:
            stop(process)


@contextmanager
def behind_nginx(processes: int, port: int, run_dir: Path, names: tuple[str, ...] = ()):
    """Start `processes` app servers and nginx in front on 127.0.0.1:port, answering for the loopback
    names and `names`; yield nginx's URL and the app servers as (their own URL, process): the process
    list is the live one, a restarted process taking its dead one's place."""
    if not Path(NGINX).exists():
        raise ServerFailed(f"{NGINX} is missing: `make serve-many` installs it (Debian: apt-get install nginx-light)")
    with ExitStack() as stack:
        app_ports = [free_port() for _ in range(processes)]
        apps = Apps(app_ports, run_dir)
        stack.callback(apps.stop)
        apps.wait_until_healthy()
        (run_dir / "nginx.conf").write_text(nginx_config(run_dir, port, app_ports, names))
        log = run_dir / "nginx.log"
        with open(log, "wb") as out:
            nginx = subprocess.Popen([NGINX, "-p", str(run_dir), "-c", str(run_dir / "nginx.conf"),
                                      "-g", "daemon off;"], stdout=out, stderr=subprocess.STDOUT)
        stack.callback(stop, nginx)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_healthy(url, nginx, log)
        except ServerFailed as exc:
            raise ServerFailed(f"{exc}\n{(run_dir / 'nginx-error.log').read_text(errors='replace')[-800:]}") from None
        yield url, apps


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.many", allow_abbrev=False,
                                     description="Several app processes behind nginx on 127.0.0.1.")
    parser.add_argument("--processes", type=int, default=max(2, os.cpu_count() or 1),
                        help="app processes (default: one per core, at least 2)")
    parser.add_argument("--port", type=int, default=8501, help="nginx's port on 127.0.0.1 (default 8501)")
    parser.add_argument("--server-name", action="append", default=[], metavar="NAME",
                        help="a host name to answer for besides the loopback names (repeatable)")
    args = parser.parse_args(argv)
    run_dir = Path(tempfile.mkdtemp(prefix="atlas-many-"))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # leave through the finally blocks below
    try:
        with behind_nginx(args.processes, args.port, run_dir, tuple(args.server_name)) as (url, apps):
            print(f"Alliance Atlas: {len(apps.ports)} app processes behind nginx at {url} (Ctrl-C stops them all)",
                  flush=True)
            signal.pause()
    except ServerFailed as exc:
        print(f"python -m deploy.many: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
