"""A live app server and Debian's chromium, driven by Playwright.

Fixtures
  app_url  (session)   starts `streamlit run` on a free loopback port, yields "http://127.0.0.1:<port>"
  browser  (session)   headless /usr/bin/chromium (CHROMIUM env var to override)
  page     (function)  a 1600x900 page that records every request and console error; the test
                       FAILS if the page asked any host but the app's own server, or logged an error

Helpers: wait_for_app(page), read_at_rest(page, read), nav(page, title), expect_map_title(page, words),
open_map(page, app_url, query),
screenshot(page, name), nav_paths(page), outside_requests(urls, origin), Recorder / record(page, origin).
Assertions on the page wait for what they assert (Playwright's expect), never for a fixed time.

The app under test is served by serve.py at the repository root, as `make run` serves it;
ALLIANCE_ATLAS_APP=path/to/other_app.py points the server at another script (relative paths are taken
from the repository root).
"""
from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from deploy.live_server import ServerFailed, serving
from geo.paths import ROOT

HERE = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1600, "height": 900}
SCREENSHOTS = ROOT / "tests" / "screenshots"
# Schemes that never leave the page.
LOCAL_SCHEMES = ("data", "blob", "about")
# Once the last run is over, an element still marked stale is from an earlier run, not yet replaced.
IDLE_JS = ("() => !!document.querySelector('[data-testid=stApp]')"
           " && !document.querySelector('[data-stale=true]')")
NAV_LINKS = "[data-testid=stSidebarNavLink], [data-testid=stTopNavLink], [data-testid=stTopNavDropdownLink]"
_RECORDER = pytest.StashKey["Recorder"]()
# What a page's assertions wait for at most: a shared two-core machine can be slow, never wrong.
expect.set_options(timeout=30_000)
_RUNS: dict[Page, "Runs"] = {}
# Opened straight at a page's URL (/timeline), Streamlit's frontend first looks for its server under
# that path (/timeline/_stcore/health, .../host-config), gets a 404 from the app's own server, then
# falls back to the root. That probe is Streamlit's, harmless, and the only console error let through.
_BASE_PATH_PROBE = re.compile(r"^Failed to load resource: the server responded with a status of 404 \(Not Found\) "
                              r"\((?P<origin>https?://[^/]+)/[^()]+/_stcore/(health|host-config)\)$")


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


# ---------------------------------------------------------------- what a page may ask for

def _netloc(url: str) -> tuple[str, int | None]:
    parts = urlsplit(url)
    default = {"http": 80, "ws": 80, "https": 443, "wss": 443}.get(parts.scheme)
    try:
        return (parts.hostname or "", parts.port or default)
    except ValueError:  # a malformed port is never the app's
        return (parts.netloc, -1)


def outside_requests(urls: list[str], origin: str) -> list[str]:
    """The URLs that went to a host other than the app's own server, sorted and unique.

    Same host and port as `origin` (http or ws) is the app; data:, blob: and about: never leave the page.
    """
    own = _netloc(origin)
    return sorted({u for u in urls
                   if urlsplit(u).scheme not in LOCAL_SCHEMES and _netloc(u) != own})


@dataclass
class Recorder:
    """Every request URL (including websockets) and every console/page error of one page."""
    origin: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def outside(self) -> list[str]:
        return outside_requests(self.requests, self.origin)

    def _streamlit_base_path_probe(self, error: str) -> bool:
        probe = _BASE_PATH_PROBE.match(error)
        return bool(probe) and _netloc(probe["origin"]) == _netloc(self.origin)

    def problems(self) -> list[str]:
        """What makes a browser test fail; empty when the page behaved."""
        found = [f"request to a host other than {self.origin}: {u}" for u in self.outside()]
        found += [f"console error: {e}" for e in self.errors if not self._streamlit_base_path_probe(e)]
        return found


def _console_text(message) -> str:
    where = (message.location or {}).get("url", "")
    return message.text[:300] + (f" ({where})" if where and where not in message.text else "")


def record(page: Page, origin: str) -> Recorder:
    """Start recording a page's requests and errors against the app at `origin`."""
    rec = Recorder(origin)
    page.on("request", lambda r: rec.requests.append(r.url))
    page.on("websocket", lambda ws: rec.requests.append(ws.url))
    page.on("console", lambda m: rec.errors.append(_console_text(m)) if m.type == "error" else None)
    page.on("pageerror", lambda e: rec.errors.append(str(e)[:300]))
    return rec


class Runs:
    """Whether the app still owes the page a script run, read from the page's own WebSocket frames
    (Streamlit's protobufs). A run is owed from the moment a document loads or the page asks for one
    (a BackMsg `rerun_script`) until a run that began after the last ask (a ForwardMsg `new_session`)
    is reported finished for good (`script_finished`, not "stopped early for a rerun")."""

    def __init__(self, page: Page):
        self.owed = False
        self.begun = 0  # runs the server has started for this page
        self._asked_during_run = False
        page.on("domcontentloaded", lambda _page: self._ask())
        page.on("websocket", self._watch)

    def _ask(self) -> None:
        self.owed = self._asked_during_run = True

    def _watch(self, socket) -> None:
        if urlsplit(socket.url).path.endswith("/_stcore/stream"):
            socket.on("framesent", self._sent)
            socket.on("framereceived", self._received)

    def _sent(self, payload) -> None:
        message = BackMsg()
        message.ParseFromString(payload)
        if message.WhichOneof("type") == "rerun_script":
            self._ask()

    def _received(self, payload) -> None:
        message = ForwardMsg()
        message.ParseFromString(payload)
        kind = message.WhichOneof("type")
        if kind == "new_session":
            self.begun += 1
            self._asked_during_run = False
        elif kind == "script_finished" and message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN \
                and not self._asked_during_run:
            self.owed = False


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    # Checked right after the test body, so a stray request is a test failure, not a teardown error.
    result = yield
    rec = item.stash.get(_RECORDER, None)
    if rec is not None:
        problems = rec.problems()
        rec.requests.clear()
        rec.errors.clear()
        if problems:
            pytest.fail("the page misbehaved:\n  " + "\n  ".join(problems), pytrace=False)
    return result


# ---------------------------------------------------------------- fixtures

@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    app = os.environ.get("ALLIANCE_ATLAS_APP", "serve.py")
    if not (ROOT / app).is_file():
        pytest.fail(f"no app to test: {ROOT / app} does not exist (ALLIANCE_ATLAS_APP={app!r})")
    try:
        with serving(tmp_path_factory.mktemp("server"), app) as (url, _process):
            yield url
    except ServerFailed as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="session")
def browser() -> Browser:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium "
                    "(apt-get install chromium), or set CHROMIUM=/path/to/chromium", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(request, browser, app_url) -> Page:
    """A fresh page; the test fails if it contacts any host but the app or logs a console error."""
    page = browser.new_page(viewport=VIEWPORT)
    rec = record(page, app_url)
    request.node.stash[_RECORDER] = rec
    _RUNS[page] = Runs(page)
    yield page
    del _RUNS[page]
    page.close()
    # Anything recorded after the test body (e.g. while closing) is still reported, as a teardown error.
    problems = rec.problems()
    if problems:
        pytest.fail("the page misbehaved after the test:\n  " + "\n  ".join(problems), pytrace=False)


# ---------------------------------------------------------------- helpers for tests

def wait_for_app(page: Page, timeout: float = 30000) -> None:
    """Until the server has finished every run the page asked for and the page has drawn the last one.

    Streamlit's running indicator shows only once a run has lasted 500 ms, so the page alone cannot tell
    a run that just began from none: the WebSocket's frames can (see Runs)."""
    runs = _RUNS[page]
    deadline = time.monotonic() + timeout / 1000
    while True:
        while runs.owed:
            if time.monotonic() > deadline:
                raise TimeoutError(f"the app still owed a script run after {timeout:.0f} ms")
            page.wait_for_timeout(20)  # hands Playwright the turn to deliver the frames that have arrived
        page.wait_for_function(IDLE_JS, timeout=timeout)
        if not runs.owed:  # and no rerun was asked for while the page was drawing
            return


def read_at_rest(page: Page, read, at_rest: str = IDLE_JS):
    """`read(page)` taken while no script run was under way, from its start to its end: a run that
    begins meanwhile (a component's late first value, say) makes the page redraw under the reading,
    so it is taken again once the app is idle and `at_rest` holds."""
    runs = _RUNS[page]
    while True:
        wait_for_app(page)
        page.wait_for_function(at_rest)
        begun = runs.begun
        value = read(page)
        if runs.begun == begun and not runs.owed:
            return value


def screenshot(page: Page, name: str) -> Path:
    """A full-page PNG at tests/screenshots/<name>.png (not committed)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def nav_paths(page: Page) -> list[str]:
    """The URL paths of the app's pages, read from its navigation (sidebar or top), home first ("/")."""
    more = page.locator("[data-testid=stSidebarNavViewButton]")
    if more.count() and more.first.is_visible():
        more.first.click()
    paths = []
    for link in page.locator(NAV_LINKS).all():
        path = urlsplit(link.get_attribute("href") or "").path or "/"
        if path not in paths:
            paths.append(path)
    return sorted(paths, key=lambda p: p != "/")


def nav(page: Page, title: str) -> None:
    """Follow the app's own menu link to a page, and wait until it is drawn."""
    page.get_by_role("link", name=title, exact=True).first.click()
    wait_for_app(page)


def expect_map_title(page: Page, words: str) -> None:
    """Until the (first) map's title contains `words`; fails after Playwright's expect timeout."""
    expect(page.locator(".js-plotly-plot .gtitle").first).to_contain_text(words)


def open_map(page: Page, app_url: str, query: str = "") -> None:
    page.goto(f"{app_url}/{query}")
    page.wait_for_selector(".js-plotly-plot .gtitle", timeout=30000)
    wait_for_app(page)
