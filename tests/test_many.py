"""Several app processes behind nginx (deploy/many.py, `make serve-many`): each visitor stays on one
process, visitors spread over all of them, the WebSocket upgrade passes through, nothing listens
beyond this machine, another site's Host is refused, and a process that dies comes back. nginx names
the process that answered in an X-Atlas-Process header."""
import http.client
import re
import time
import urllib.request
from urllib.parse import urlsplit
from pathlib import Path

import pytest

from bench.protocol import Visit, in_own_event_loop
from deploy.live_server import free_port, healthy
from deploy.many import behind_nginx, nginx_config

PROCESSES = 2
VISITORS = 40  # fresh visitors all landing on one of two processes by chance: 1 in 2**39


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    with behind_nginx(PROCESSES, free_port(), tmp_path_factory.mktemp("many")) as (url, apps):
        yield url, apps


def answered(url: str, cookie: str | None = None) -> tuple[str, str | None]:
    """Which process answered a GET, and the routing cookie the answer set, if any (Streamlit sets its own)."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
        cookies = [c.split(";", 1)[0] for c in response.headers.get_all("Set-Cookie") or []]
        return response.headers["X-Atlas-Process"], next((c for c in cookies if c.startswith("atlas_route=")), None)


def addresses(apps) -> set[str]:
    return {f"127.0.0.1:{port}" for port in apps.ports}


def test_a_visitor_stays_on_one_process_and_visitors_spread_over_all(proxy):
    url, apps = proxy
    processes = addresses(apps)
    first_answers = [answered(url + "/") for _ in range(VISITORS)]
    for process, cookie in first_answers:
        assert cookie
        later = {answered(url + path, cookie)
                 for path in ("/countries", "/_stcore/health", "/app/static/plotly-basic.min.js")}
        assert later == {(process, None)}  # the same process, and no new cookie
    assert {process for process, _cookie in first_answers} == processes


async def visit_through_the_proxy(url: str):
    visit, first = await Visit.open(url, "/timeline?year=2010")
    step = await visit.step_year(2011)
    switched = await visit.switch_page("countries")
    await visit.close()
    return visit, first, step, switched


def test_a_session_runs_over_the_websocket_on_its_own_process(proxy):
    url, _processes = proxy
    visit, first, step, switched = in_own_event_loop(visit_through_the_proxy(url))
    assert visit.upgrade_headers["X-Atlas-Process"] == answered(url + "/", visit.cookie)[0]
    assert (first.page_path(), switched.page_path()) == ("timeline", "countries")
    assert not (first.exceptions() + step.exceptions() + switched.exceptions())
    assert "year=2011" in visit.query


def status_for_host(url: str, host: str, path: str = "/_stcore/health") -> int:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": host, "Origin": f"http://{host}"})
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.mark.parametrize("host, status", [("evil.example", 421), ("evil.example:8501", 421), ("10.0.0.1", 421),
                                          ("127.0.0.1", 200), ("localhost", 200)])
def test_another_sites_host_is_refused(proxy, host, status):
    """A page of another site that rebinds its name to this machine sends its own Host: refused."""
    url, _apps = proxy
    port = urlsplit(url).port
    assert status_for_host(url, host if ":" in host else f"{host}:{port}") == status


def test_an_app_process_that_dies_is_started_again(proxy):
    url, apps = proxy
    dead = apps.processes[0]
    dead.kill()
    dead.wait()
    deadline = time.monotonic() + 60
    while apps.processes[0] is dead or not healthy(f"http://127.0.0.1:{apps.ports[0]}"):
        assert time.monotonic() < deadline, "the app process was not started again"
        time.sleep(0.2)
    assert apps.processes[0].poll() is None
    for _ in range(10):  # and nginx routes to both again
        assert answered(url + "/")[0] in addresses(apps)


def test_nginx_listens_on_loopback_only():
    config = nginx_config(Path("/run/atlas"), 8501, [8511, 8512])
    assert re.findall(r"^\s*listen\s+(\S+?)(?: default_server)?;", config, re.MULTILINE) == ["127.0.0.1:8501"] * 2
    assert re.findall(r"^\s*server\s+(\S+);", config, re.MULTILINE) == ["127.0.0.1:8511", "127.0.0.1:8512"]
