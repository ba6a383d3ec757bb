"""A live app server and Debian's chromium, driven by Playwright.

Every page a test opens records each request; a test fails if the page asked any host other
than the app's own server, or logged a console error.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
SCREENSHOTS = ROOT / "tests" / "screenshots"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def outside_requests(urls: list[str], origin: str) -> list[str]:
    """Requests to anywhere but the app's own server (inline data: and blob: URLs are local)."""
    return sorted({u for u in urls if not (u.startswith(origin + "/") or u == origin
                                           or u.startswith(("data:", "blob:", "about:")))})


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def app_url():
    port = _free_port()
    app = os.environ.get("ALLIANCE_ATLAS_APP", "app.py")
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", app, "--server.headless=true", f"--server.port={port}",
         "--server.address=127.0.0.1", "--browser.gatherUsageStats=false", "--server.fileWatcherType=none"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if urllib.request.urlopen(url + "/_stcore/health", timeout=1).read() == b"ok":
                break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail("the app server did not start: " + server.stderr.read().decode()[-800:])
            time.sleep(0.2)
    yield url
    server.terminate()
    try:
        server.wait(10)
    except subprocess.TimeoutExpired:
        server.kill()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, app_url) -> Page:
    page = browser.new_page(viewport={"width": 1600, "height": 900})
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text[:300]) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)[:300]))
    yield page
    page.close()
    assert outside_requests(requests, app_url) == [], "the page asked hosts other than its own server"
    assert errors == [], "the page logged errors"


def wait_for_app(page: Page, timeout: float = 30000) -> None:
    """Until Streamlit has finished running the script and nothing on the page is stale."""
    page.wait_for_function(
        "() => document.querySelector('[data-testid=stApp]') && !document.querySelector('[data-stale=true]') && "
        "!document.querySelector('[data-testid=stStatusWidget] [data-testid=stStatusWidgetRunningIcon]')",
        timeout=timeout)
    page.wait_for_timeout(300)


def map_title(page: Page) -> str:
    return page.locator(".js-plotly-plot .gtitle").first.text_content()


def open_map(page: Page, app_url: str, query: str = "") -> None:
    page.goto(f"{app_url}/{query}")
    page.wait_for_selector(".js-plotly-plot .gtitle", timeout=30000)
    wait_for_app(page)


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
