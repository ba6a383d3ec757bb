"""`make load`: many visitors at once, each a session spoken through Streamlit's own protocol
(bench/protocol.py), so no browser competes with the server for the machine's cores.

    make load                                 # 10, 25, 50 sessions on one server; 50, 100 on two behind nginx
    .venv/bin/python -m bench.load --sessions 10 --actions 10 --setups single
    .venv/bin/python -m bench.load --cost                 # server CPU per step, page by page

For each setup (one app server; then `--processes` app servers behind nginx, deploy/many.py), on
fresh servers: a warm-up visit steps through every year of every page with a slider, then a lone
session takes the measured path alone, then N sessions take it together. The path: open a page
(the sessions spread over the map, timeline, countries and Fergana pages), then `--actions`
actions, each a year step on the slider, and every fourth a switch to the next page by the app's
menu, with a person's pause (`--think`) before each: by default an analyst's, 1.5–4.5 s (the map
reports a year only once it stays put, and between steps the analyst reads the panel's quotes);
`--think 0.5` is a room scrubbing flat out, two actions a second each. A step's time runs from the rerun sent to its
last script run finished. Errors are exceptions on a page, failed or timed-out runs and dropped
connections. Server CPU is the app processes' CPU time over the load, and per action (steps and
switches, opening runs included in the total). Memory is the resident size of the app processes, summed, before the sessions
connect, at its peak (sampled every 0.1 s) and once they have left. Bounded: a fixed number of
actions, each run times out (protocol.RUN_TIMEOUT) and each load stops after `--limit` seconds.

`--cost` measures what one step costs the server, page by page, without the others' noise: on a
fresh server, a lone session steps through every year of a page once (warm caches), then takes
`--steps` steps there, one after the other; the server's CPU over them, per step. The same is
measured on bench/floor_app.py (a fragment holding one component, its report handled by a callback
that does nothing): Streamlit's own floor for a settled year, in the same run.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench.protocol import Visit
from deploy.live_server import ROOT, ServerFailed, cpu_seconds, free_port, rss_mb, serving
from deploy.many import behind_nginx

SLIDER_PAGES = ["", "timeline", "countries", "fergana"]  # URL paths; "" is the map
FIRST_YEAR, LAST_YEAR = 1991, 2030
SWITCH_EVERY = 4
P95_TARGET = 3.0  # a step's p95 under the load, over a lone session's
RESULTS = ROOT / "bench" / "results"


@dataclass
class Tally:
    steps: list[float] = field(default_factory=list)
    switches: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    processes: Counter = field(default_factory=Counter)  # sessions per app process, as nginx names it


@dataclass
class Row:
    setup: str
    sessions: int
    actions: int
    errors: int
    step_p50_ms: float
    step_p95_ms: float
    switch_p50_ms: float
    switch_p95_ms: float
    rss_before_mb: float
    rss_peak_mb: float
    rss_after_mb: float
    mb_per_session: float   # (peak - before) / sessions: what one more session costs the server at most
    seconds: float
    app_cpu_s: list[float]  # per app process: how the work spread
    cpu_ms_per_action: float  # the app processes' CPU over the load, shared out over its actions
    sessions_per_process: list[int]
    client_cpu_s: float     # what the visitors themselves cost the machine
    first_errors: list[str]


def percentile(values: list[float], share: int) -> float:
    if len(values) < 2:
        return round(values[0] * 1000, 1) if values else float("nan")
    return round(statistics.quantiles(values, n=100, method="inclusive")[share - 1] * 1000, 1)


async def walk(url: str, number: int, actions: int, think: float, tally: Tally) -> None:
    """One visitor's path; every failure is counted, none stops the others."""
    pages = SLIDER_PAGES[number % len(SLIDER_PAGES):] + SLIDER_PAGES[:number % len(SLIDER_PAGES)]
    year = FIRST_YEAR + (number * 7) % (LAST_YEAR - FIRST_YEAR)
    pause = random.Random(number)
    visit = None
    try:
        visit, run = await Visit.open(url, f"/{pages[0]}?year={year}")
        tally.processes[visit.upgrade_headers.get("X-Atlas-Process", url.removeprefix("http://"))] += 1
        tally.errors += run.exceptions()
        for action in range(1, actions + 1):
            await asyncio.sleep(think * pause.uniform(0.5, 1.5))
            if action % SWITCH_EVERY == 0:
                run = await visit.switch_page(pages[action // SWITCH_EVERY % len(pages)])
                tally.switches.append(run.seconds)
            else:
                year = year + 1 if year < LAST_YEAR else FIRST_YEAR
                run = await visit.step_year(year)
                tally.steps.append(run.seconds)
            tally.errors += run.exceptions()
    except Exception as exc:  # a failed run, a timeout, a dropped connection: an error counted, never a crash
        tally.errors.append(f"session {number}: {type(exc).__name__}: {exc}")
    finally:
        if visit is not None:
            await visit.close()


async def warm_up(url: str) -> None:
    """Every year of every slider page once, so that the measured runs meet warm caches."""
    visit, _ = await Visit.open(url, f"/?year={FIRST_YEAR}")
    for page in SLIDER_PAGES:
        if page:
            await visit.switch_page(page)
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            await visit.step_year(year)
    await visit.close()


async def load(url: str, processes: dict[int, str], setup: str, sessions: int, actions: int, think: float,
               limit: float) -> Row:
    """N sessions at once; `processes` are the app servers' pids and addresses (host:port)."""
    pids = list(processes)
    def memory() -> float:
        return sum(rss_mb(pid) for pid in pids)

    before = peak = memory()
    tally = Tally()

    async def sample() -> None:
        nonlocal peak
        while True:
            peak = max(peak, memory())
            await asyncio.sleep(0.1)

    sampler = asyncio.create_task(sample())
    started, client_cpu, app_cpu = time.perf_counter(), time.process_time(), [cpu_seconds(p) for p in pids]
    walkers = asyncio.gather(*(walk(url, n, actions, think, tally) for n in range(sessions)))
    try:
        await asyncio.wait_for(walkers, limit)
    except asyncio.TimeoutError:
        tally.errors.append(f"stopped after the {limit:.0f} s limit")
    seconds = time.perf_counter() - started
    app_cpu = [round(cpu_seconds(p) - before_cpu, 1) for p, before_cpu in zip(pids, app_cpu)]
    client_cpu = round(time.process_time() - client_cpu, 1)
    sampler.cancel()
    await asyncio.sleep(1.0)  # let the server close the sessions that left
    return Row(setup, sessions, len(tally.steps) + len(tally.switches), len(tally.errors),
               percentile(tally.steps, 50), percentile(tally.steps, 95),
               percentile(tally.switches, 50), percentile(tally.switches, 95),
               round(before), round(peak), round(memory()), round((peak - before) / sessions, 2),
               round(seconds, 1), app_cpu,
               round(sum(app_cpu) * 1000 / max(len(tally.steps) + len(tally.switches), 1), 1),
               [tally.processes[address] for address in processes.values()], client_cpu, tally.errors[:5])


def measure(url: str, apps: list[tuple[str, int]], setup: str, sizes: list[int], args) -> list[Row]:
    """Warm every app server (given as its own URL and pid) up, then the lone session, then each N."""
    for app_url, _pid in apps:
        asyncio.run(warm_up(app_url))
    processes = {pid: app_url.removeprefix("http://") for app_url, pid in apps}
    rows = [asyncio.run(load(url, processes, setup, 1, args.actions * 2, args.think, args.limit))]
    for sessions in sizes:
        rows.append(asyncio.run(load(url, processes, setup, sessions, args.actions, args.think, args.limit)))
        print_row(rows[-1], rows[0], flush=True)
    return rows


HEADER = (f"{'setup':<22}{'sessions':>9}{'actions':>8}{'errors':>7}{'step p50':>10}{'p95 ms':>8}{'× lone p50/p95':>16}"
          f"{'switch p50':>11}{'p95 ms':>8}{'RSS MB before/peak/after':>26}{'MB/session':>11}{'s':>7}{'app CPU s':>12}{'ms/action':>10}{'client':>8}"
          "  sessions per process")


def times_lone(value: float, lone: float) -> float:
    return value / lone if lone else float("nan")


def print_row(row: Row, lone: Row, flush: bool = False) -> None:
    ratios = f"{times_lone(row.step_p50_ms, lone.step_p50_ms):.1f} / {times_lone(row.step_p95_ms, lone.step_p95_ms):.1f}"
    memory = f"{row.rss_before_mb:.0f} / {row.rss_peak_mb:.0f} / {row.rss_after_mb:.0f}"
    print(f"{row.setup:<22}{row.sessions:>9}{row.actions:>8}{row.errors:>7}{row.step_p50_ms:>10.0f}"
          f"{row.step_p95_ms:>8.0f}{ratios:>16}{row.switch_p50_ms:>11.0f}{row.switch_p95_ms:>8.0f}{memory:>26}"
          f"{row.mb_per_session:>11.2f}"
          f"{row.seconds:>7.1f}{' + '.join(map(str, row.app_cpu_s)):>12}{row.cpu_ms_per_action:>10.1f}"
          f"{row.client_cpu_s:>8.1f}  "
          f"{' + '.join(map(str, row.sessions_per_process))}", flush=flush)
    for error in row.first_errors:
        print(f"    {error[:200]}")


def machine_load() -> str:
    """Other work on the machine shares its cores with the servers: say how much there was."""
    return f"; load average of the machine {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"


async def step_cost(url: str, pid: int, page: str, steps: int) -> float:
    """Server CPU ms per year step of one session on `page` ("" the map), caches warm."""
    visit, _ = await Visit.open(url, f"/{page}?year={FIRST_YEAR}")
    try:
        for year in range(FIRST_YEAR + 1, LAST_YEAR + 1):
            await visit.step_year(year)
        before = cpu_seconds(pid)
        for step in range(steps):
            await visit.step_year(FIRST_YEAR + step % (LAST_YEAR - FIRST_YEAR + 1))
        return (cpu_seconds(pid) - before) * 1000 / steps
    finally:
        await visit.close()


async def floor_cost(url: str, pid: int, steps: int) -> float:
    """Server CPU ms per report of the floor app's one component."""
    visit, _ = await Visit.open(url)
    try:
        for step in range(LAST_YEAR - FIRST_YEAR):  # the same warm-up as a page's
            await visit.report("floor", "settled", {"year": FIRST_YEAR + step, "seq": step})
        before = cpu_seconds(pid)
        for step in range(steps):
            await visit.report("floor", "settled", {"year": FIRST_YEAR + step % 40, "seq": step})
        return (cpu_seconds(pid) - before) * 1000 / steps
    finally:
        await visit.close()


def costs(run_dir: Path, steps: int) -> dict[str, float]:
    """CPU ms per step of every page with a year, and Streamlit's floor, each on a fresh server."""
    found = {}
    with serving(run_dir, "bench/floor_app.py") as (url, floor):
        found["floor (bench/floor_app.py)"] = round(asyncio.run(floor_cost(url, floor.pid, steps)), 1)
    with serving(run_dir) as (url, app):
        for page in SLIDER_PAGES:
            found[page or "map"] = round(asyncio.run(step_cost(url, app.pid, page, steps)), 1)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", allow_abbrev=False,
                                     description="Many sessions at once through Streamlit's protocol.")
    parser.add_argument("--sessions", type=int, nargs="+", default=[10, 25, 50], help="sizes on one server")
    parser.add_argument("--nginx-sessions", type=int, nargs="+", default=[50, 100], help="sizes behind nginx")
    parser.add_argument("--actions", type=int, default=20, help="actions per session (default 20)")
    parser.add_argument("--think", type=float, default=3.0,
                        help="mean pause before an action, s (default 3: an analyst reading between steps)")
    parser.add_argument("--limit", type=float, default=300, help="seconds a load may last (default 300)")
    parser.add_argument("--processes", type=int, default=2, help="app processes behind nginx (default 2)")
    parser.add_argument("--setups", nargs="+", choices=["single", "nginx"], default=["single", "nginx"])
    parser.add_argument("--cost", action="store_true", help="only the server's CPU per step, page by page")
    parser.add_argument("--steps", type=int, default=200, help="steps a page with --cost (default 200)")
    args = parser.parse_args(argv)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="atlas-load-") as run_dir:
        if args.cost:
            try:
                found = costs(Path(run_dir), args.steps)
            except ServerFailed as exc:
                print(f"python -m bench.load: error: {exc}", file=sys.stderr)
                return 2
            print(f"server CPU per step, ms{machine_load()}")
            for page, cost in found.items():
                print(f"  {page:<28}{cost:>6.1f}")
            return 0
        try:
            print(HEADER, flush=True)
            if "single" in args.setups:
                with serving(Path(run_dir)) as (url, app):
                    print(f"{'one server':<22}fresh: {rss_mb(app.pid):.0f} MB{machine_load()}", flush=True)
                    rows += measure(url, [(url, app.pid)], "one server", args.sessions, args)
            if "nginx" in args.setups:
                nginx_dir = Path(run_dir) / "nginx"
                nginx_dir.mkdir()
                setup = f"{args.processes} behind nginx"
                with behind_nginx(args.processes, free_port(), nginx_dir) as (url, apps):
                    pids = [app.pid for app in apps.processes]
                    print(f"{setup:<22}fresh: {sum(map(rss_mb, pids)):.0f} MB{machine_load()}", flush=True)
                    rows += measure(url, [(f"http://127.0.0.1:{port}", app.pid)
                                          for port, app in zip(apps.ports, apps.processes)], setup,
                                      args.nginx_sessions, args)
        except ServerFailed as exc:
            print(f"python -m bench.load: error: {exc}", file=sys.stderr)
            return 2
    lone = {row.setup: row for row in rows if row.sessions == 1}
    print("\nlone sessions (the baseline of × lone):")
    for row in lone.values():
        print_row(row, row)
    print(f"\ntarget: the largest load of each setup, 0 errors and step p95 within {P95_TARGET:g}× the lone session's")
    for setup, alone in lone.items():
        largest = max((row for row in rows if row.setup == setup), key=lambda row: row.sessions)
        ratio = times_lone(largest.step_p95_ms, alone.step_p95_ms)
        met = largest.errors == 0 and ratio <= P95_TARGET
        print(f"  {setup}, {largest.sessions} sessions: {largest.errors} errors, p95 {ratio:.1f}× lone: "
              f"{'met' if met else 'NOT met'}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "load.json").write_text(json.dumps([asdict(r) for r in rows], indent=2) + "\n")
    return 1 if any(row.errors for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
