"""What a visitor sends over Streamlit's own protocol (bench/protocol.py): `make load`'s visitor can
step every page, and what the map's reports mean is checked before the page acts on it: a hostile
value raises nothing and breaks no session. (Hostile states of every widget and component report of
every page, and what the server keeps of them, are the fuzz suite's protocol family.)"""
import subprocess
import sys

import pytest

from bench.protocol import Visit, VisitFailed, in_own_event_loop
from geo.paths import ROOT


def test_a_smoke_run_of_make_load_steps_every_page():
    """A few sessions of the load test, spread over the map, timeline, countries and Fergana pages:
    each step must move the page's year, or the visit fails and the run exits 1."""
    done = subprocess.run([sys.executable, "-m", "bench.load", "--sessions", "4", "--actions", "5", "--think", "0.02",
                           "--setups", "single", "--limit", "120"], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    # setup (two words), sessions, actions, errors, ...: the lone session, then the four at once
    rows = [line.split()[2:5] for line in done.stdout.splitlines() if line.startswith("one server") and "fresh" not in line]
    assert sorted(rows) == [["1", "10", "0"], ["4", "20", "0"]]


async def _visit(url: str, path: str, *reports) -> tuple[list[str], str]:
    """Open `path`, send each (key, event, value[, raw]) report, then step the year as a browser would:
    every run's exceptions, and the URL's query at the end."""
    visit, run = await Visit.open(url, path)
    errors = run.exceptions()
    try:
        for key, event, value, *raw in reports:
            errors += (await visit.report(key, event, value, *raw)).exceptions()
        errors += (await visit.step_year(2012)).exceptions()
        return errors, visit.query
    finally:
        await visit.close()


HOSTILE = ["2016", [2016], 2016, None, True, {"year": True}, {"year": 2016.5}, {"year": 10**40}, {"year": -5},
           {"year": 2016, "focus": 5}, {"year": 2016, "focus": "x" * 100_000}, {"year": 2016, "seq": "1" * 5000},
           float("inf"), "9" * 1_000_000, {"year": {"$gt": 0}}]


@pytest.mark.parametrize("value", HOSTILE, ids=[repr(v)[:30] for v in HOSTILE])
@pytest.mark.parametrize("path, key, event", [("/?year=2010", "atlas-map", "settled"),
                                              ("/?year=2010", "atlas-map", "missing"),
                                              ("/briefing?year=2005", "briefing-map", "step"),
                                              ("/briefing?year=2005", "briefing-map", "missing")])
def test_a_hostile_report_is_dropped_and_the_session_goes_on(server, path, key, event, value):
    url, _process = server
    errors, query = in_own_event_loop(_visit(url, path, (key, event, value)))
    assert errors == []
    assert "year=2012" in query.split("&")  # the next step of the year still works


def test_a_settled_report_moves_the_sessions_year(server):
    url, _process = server
    errors, query = in_own_event_loop(_visit(url, "/?year=2010", ("atlas-map", "settled", {"year": 2003, "seq": 1})))
    assert errors == [] and "year=2012" in query.split("&")


@pytest.mark.parametrize("path", ["/?year=2010", "/timeline?year=2010", "/countries?year=2010", "/fergana?year=2010"])
def test_a_step_reruns_only_what_depends_on_the_year_and_the_menu_follows(server, path):
    """The map's settled year and the other pages' slider rerun a fragment, not the page; the menu's
    links, outside it, carry the new year all the same."""
    url, _process = server

    async def step() -> tuple[tuple, list[str]]:
        visit, _run = await Visit.open(url, path)
        try:
            run = await visit.step_year(2003)
            return run.rerun, [link.query_string for link in run.of_kind("page_link")]
        finally:
            await visit.close()

    rerun, links = in_own_event_loop(step())
    assert rerun
    assert len(links) == 7 and all("year=2003" in query.split("&") for query in links)


def test_the_visitor_fails_on_a_page_it_cannot_step(server):
    url, _process = server

    async def on_the_codebook() -> None:
        visit, _run = await Visit.open(url, "/codebook")
        try:
            await visit.step_year(2012)
        finally:
            await visit.close()

    with pytest.raises(VisitFailed, match="no year control"):
        in_own_event_loop(on_the_codebook())
