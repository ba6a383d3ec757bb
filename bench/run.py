"""Speed of the map as a person uses it, against a bare Streamlit slider measured in the same run.

    make bench            # or: .venv/bin/python bench/run.py [--steps 39]

Runs ../shared/tools/scrub_probe.py (headless Debian chromium; reference app, this app, reference
again), keeps its raw output in bench/results/latest.json and prints the ratios with their
targets. Exit 1 if the probe fails or a target is missed. Machines here are noisy: only ratios
measured side by side in one run mean anything.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = ROOT.parent / "shared" / "tools" / "scrub_probe.py"
RESULTS = ROOT / "bench" / "results"
TARGETS = {"step_ratio": 1.3, "cold_ratio": 1.5, "external_requests": 0}


def run_probe(steps: int) -> list[dict]:
    """One probe run: reference, app, reference, then the ratios."""
    if not PROBE.is_file():
        raise SystemExit(f"bench: {PROBE} is missing (the shared folder must sit beside this checkout)")
    done = subprocess.run([sys.executable, str(PROBE), "--app", "app.py", "--steps", str(steps)], cwd=ROOT,
                          capture_output=True, text=True)
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise SystemExit(f"bench: the probe failed: {(done.stderr or done.stdout)[-600:]}")
    return lines


def median_run(runs: list[list[dict]]) -> list[dict]:
    """The run whose step ratio is the median: one noisy run can mislead either way."""
    return sorted(runs, key=lambda lines: lines[3]["step_ratio"])[len(runs) // 2]


def report(lines: list[dict], runs: list[list[dict]]) -> bool:
    ref_a, app, ref_b, ratios = lines
    every = lambda name: ", ".join(str(run[3][name]) for run in runs)  # noqa: E731
    print(f"{len(runs)} probe run(s); the median run by step ratio is shown")
    print(f"{'':24}{'reference':>12}{'app':>10}{'reference':>12}")
    print(f"{'step, median ms':24}{ref_a['step_ms_median']:>12}{app['step_ms_median']:>10}{ref_b['step_ms_median']:>12}")
    print(f"{'step, p95 ms':24}{ref_a['step_ms_p95']:>12}{app['step_ms_p95']:>10}{ref_b['step_ms_p95']:>12}")
    print(f"{'cold start, s':24}{ref_a['cold_s']:>12}{app['cold_s']:>10}{ref_b['cold_s']:>12}")
    print()
    ok = True
    for name, target in TARGETS.items():
        value = ratios[name]
        passed = value <= target
        ok &= passed
        print(f"{name:24}{value:>8}   target ≤ {target:<6}{'PASS' if passed else 'FAIL'}   (all runs: {every(name)})")
    if app["console_errors"]:
        print("console errors:", app["console_errors"])
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=39)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs = [run_probe(args.steps) for _ in range(args.runs)]
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(runs, indent=2))
    return 0 if report(median_run(runs), runs) else 1


if __name__ == "__main__":
    sys.exit(main())
