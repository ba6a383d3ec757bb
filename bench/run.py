"""Speed of the map as a person uses it, against a bare Streamlit slider measured in the same run.

    make bench                                   # or: .venv/bin/python bench/run.py
    .venv/bin/python bench/run.py --steps 10 --runs 1   # quicker, noisier
    .venv/bin/python bench/run.py --app /tmp/other_app.py

Runs ../shared/tools/scrub_probe.py (headless Debian chromium; reference app, this app, reference
again) from the repository root, --runs times (default 3), keeps every run's raw JSON lines in
bench/results/latest.json and prints the median run (by step ratio) with each measure's target.
Exit 1 if a target is missed, 2 if the probe itself failed. Machines here are noisy: only ratios
measured side by side in one run mean anything, and one run can mislead either way.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass

from geo.paths import ROOT

PROBE = ROOT.parent / "shared" / "tools" / "scrub_probe.py"
RESULTS = ROOT / "bench" / "results"
STEP_RATIO_MAX = 0.5      # median year step, app / reference: the year lives in the browser
SCRUB_RATIO_MAX = 0.6     # a held key (20 presses 33 ms apart) until the map shows where it settled
COLD_RATIO_MAX = 1.3      # server start -> first map painted, app / reference
OUTSIDE_REQUESTS_MAX = 0  # requests to any host but the app's own server
CONTROL = "#atlas-year"   # the map page's year control


class ProbeFailed(Exception):
    pass


@dataclass
class Row:
    """One line of the table: a measure of the app, the reference's where there is one, and its target."""
    measure: str
    app: float | int | None
    reference: float | int | None
    value: float | int | None  # what the target is checked against (a ratio, or a count)
    target: str                # for the table, e.g. "<= 1.3x"
    passed: bool | None        # None: informational, never fails the run


def run_probe(app: str, steps: int, start: int, query: str) -> list[dict]:
    """The probe's JSON lines: reference, app, reference, then the ratios."""
    if not PROBE.is_file():
        raise ProbeFailed(f"{PROBE} is missing (the shared folder must sit beside this checkout)")
    cmd = [sys.executable, str(PROBE), "--app", app, "--steps", str(steps), "--start", str(start), "--query", query,
           "--slider", CONTROL]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    errors = [f"{line.get('app')}: {line['error']}" for line in lines if "error" in line]
    if done.returncode != 0 or errors or len(lines) != 4 or lines[3].get("step_ratio") is None:
        save({"failed_run": lines, "returncode": done.returncode, "stderr_tail": done.stderr[-3000:]})
        detail = "\n".join(errors) or (done.stderr or done.stdout)[-1500:]
        raise ProbeFailed(f"the probe failed (exit {done.returncode}):\n{detail}")
    return lines


def median_run(runs: list[list[dict]]) -> int:
    """Index of the run whose step ratio is the median: one noisy run can mislead either way."""
    order = sorted(range(len(runs)), key=lambda i: runs[i][3]["step_ratio"])
    return order[len(order) // 2]


def save(payload: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(payload, indent=2) + "\n")


def probe_rows(lines: list[dict]) -> list[Row]:
    """The table's lines from one probe run."""
    ref_a, app, ref_b, ratios = lines
    ref_step = round(statistics.median([ref_a["step_ms_median"], ref_b["step_ms_median"]]))
    ref_cold = round(statistics.median([ref_a["cold_s"], ref_b["cold_s"]]), 2)
    outside = len(app["external"])
    ref_scrub = [r["scrub_ms"] for r in (ref_a, ref_b) if r.get("scrub_ms")]
    scrub_ratio = ratios.get("scrub_ratio")
    return [
        Row("step, median ms", app["step_ms_median"], ref_step, ratios["step_ratio"], f"<= {STEP_RATIO_MAX}x",
            ratios["step_ratio"] <= STEP_RATIO_MAX),
        Row("scrub, ms", app.get("scrub_ms"), round(statistics.median(ref_scrub)) if ref_scrub else None, scrub_ratio,
            f"<= {SCRUB_RATIO_MAX}x", scrub_ratio is not None and scrub_ratio <= SCRUB_RATIO_MAX),
        Row("scrub presses lost", app["scrub_presses_lost"], None, app["scrub_presses_lost"], "== 0",
            app["scrub_presses_lost"] == 0),
        Row("scrub desync", 0 if app["scrub_desync"] is None else 1, None, None, "none",
            app["scrub_desync"] is None),
        Row("cold start, s", app["cold_s"], ref_cold, ratios["cold_ratio"], f"<= {COLD_RATIO_MAX}x",
            ratios["cold_ratio"] <= COLD_RATIO_MAX),
        Row("outside requests", outside, None, outside, f"== {OUTSIDE_REQUESTS_MAX}", outside <= OUTSIDE_REQUESTS_MAX),
        Row("step, p95 ms", app["step_ms_p95"], round(statistics.median([ref_a["step_ms_p95"], ref_b["step_ms_p95"]])),
            None, "", None),
        Row("console errors", len(app["console_errors"]), None, None, "", None),
    ]


# ------------------------------------------------------------------ play

PLAY_SPEEDS = (10, 20)  # years per second asked for; the briefing needs at least 10 with none late


def late_years(record: dict) -> list[int]:
    """The years that reached the screen too late, by one rule at every speed: a year is late when
    it was not yet on screen at the moment the next year was due (its beat plus one interval).

    `record` is the player's window.__atlasPlay: for each year shown, when it was due (`due`, one
    interval after the year before; see bench/README.md) and the start of the first animation
    frame after it was drawn (`drawn`), by which time the browser has painted it.
    """
    interval = 1000 / record["speed"]
    return [year for year, due, drawn in zip(record["shown"], record["due"], record["drawn"]) if drawn - due >= interval]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_server(port: int, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and server.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise ProbeFailed(f"the app's server did not answer on port {port}")


def _play_once(page, url: str, speed: int) -> dict:
    page.goto(url)
    page.wait_for_selector(".js-plotly-plot .gtitle", timeout=60000)
    page.wait_for_timeout(800)
    page.select_option(".atlas-speed", str(speed))
    page.click(".atlas-play-button")
    page.wait_for_function("() => window.__atlasPlay && window.__atlasPlay.finished", timeout=60000)
    return page.evaluate("window.__atlasPlay")


def play_frame_rate(args: argparse.Namespace) -> list[Row]:
    """Years per second while the map plays 1992→2030 in the browser, and years shown late."""
    from playwright.sync_api import sync_playwright

    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", args.app, f"--server.port={port}",
                               "--server.address=127.0.0.1", "--server.headless=true",
                               "--browser.gatherUsageStats=false"], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rows = []
    try:
        _wait_for_server(port, server)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                                         args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                                               "--disable-background-networking", "--disable-component-update",
                                               "--disable-sync"])
            for speed in PLAY_SPEEDS:
                page = browser.new_page(viewport={"width": 1440, "height": 900})
                stats = _play_once(page, f"http://127.0.0.1:{port}/?year=1991", speed)
                page.close()
                seconds = (stats["finished"] - stats["started"]) / 1000
                complete = stats["shown"] == list(range(1992, 2031))
                late = late_years(stats)
                rows.append(Row(f"play @{speed}/s, yrs/s", round(len(stats["shown"]) / seconds, 1), None,
                                len(late), "0 late", complete and not late))
            browser.close()
    finally:
        server.terminate()
        server.wait(10)
    return rows


# ------------------------------------------------------------------ table

def fmt(x) -> str:
    if x is None:
        return "-"
    if isinstance(x, float):
        return f"{x:.2f}" if abs(x) < 100 else f"{x:.0f}"
    return str(x)


def table(rows: list[Row]) -> str:
    head = f"{'measure':<20}{'app':>9}{'reference':>11}{'ratio/value':>13}  {'target':<9}result"
    out = [head, "-" * len(head)]
    for r in rows:
        result = "" if r.passed is None else ("PASS" if r.passed else "FAIL")
        out.append(f"{r.measure:<20}{fmt(r.app):>9}{fmt(r.reference):>11}{fmt(r.value):>13}  {r.target:<9}{result}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", default="serve.py", help="the Streamlit script, relative to the repository root")
    parser.add_argument("--steps", type=int, default=39, help="slider presses per app (default 39: 1991 -> 2030)")
    parser.add_argument("--start", type=int, default=1991, help="year the reference slider starts at")
    parser.add_argument("--query", default="year=1991", help="query string the app is opened with")
    parser.add_argument("--runs", type=int, default=3, help="probe runs; the median run by step ratio is shown")
    args = parser.parse_args(argv)
    runs = []
    try:
        for _ in range(max(1, args.runs)):
            runs.append(run_probe(args.app, args.steps, args.start, args.query))
        extra = play_frame_rate(args)
    except ProbeFailed as failure:
        print(f"bench: {failure}", file=sys.stderr)
        return 2
    chosen = median_run(runs)
    lines = runs[chosen]
    rows = probe_rows(lines) + extra
    save({"runs": runs, "median_run": chosen, "extra": [asdict(r) for r in extra]})
    print(f"{len(runs)} probe run(s); the median run by step ratio is shown")
    print(table(rows))
    if len(runs) > 1:
        for name in ("step_ratio", "scrub_ratio", "scrub_presses_lost", "cold_ratio", "external_requests"):
            print(f"  all runs, {name}: " + ", ".join(str(run[3][name]) for run in runs))
    app = lines[1]
    if app["external"]:
        print("\noutside requests:", *app["external"], sep="\n  ")
    if app["console_errors"]:
        print("\nconsole errors:", *app["console_errors"], sep="\n  ")
    print(f"\nraw results: {(RESULTS / 'latest.json').relative_to(ROOT)}; screenshot: {app.get('screenshot')}")
    failed = [r.measure for r in rows if r.passed is False]
    if failed:
        print("FAIL:", ", ".join(failed))
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
