"""The app works in a room with no internet: no page asks any host but the app's own server.

The `page` fixture already fails a test on any outside request; these tests visit every page,
name the usual offenders, and prove that the recording does catch an outside request.
"""
from urllib.parse import urlsplit

from conftest import VIEWPORT, Recorder, nav_paths, outside_requests, record, screenshot, wait_for_app

# Hosts a Streamlit/Plotly map app tends to reach for: web fonts, script CDNs, map tiles, telemetry.
KNOWN_OFFENDERS = ("fonts.googleapis.com", "fonts.gstatic.com", "cdn.plot.ly", "cdn.jsdelivr.net", "unpkg.com",
                   "cdnjs.cloudflare.com", "tile.openstreetmap.org", "basemaps.cartocdn.com", "api.mapbox.com",
                   "tiles.stadiamaps.com", "server.arcgisonline.com", "webhooks.fivetran.com", "segment.io",
                   "streamlit.io")


def _offenders(urls):
    hosts = {urlsplit(u).hostname or "" for u in urls}
    return sorted(h for h in hosts if any(h == o or h.endswith("." + o) for o in KNOWN_OFFENDERS))


def test_every_page_loads_from_the_app_alone(page, app_url):
    seen = []
    page.on("request", lambda r: seen.append(r.url))
    page.goto(app_url + "/")
    wait_for_app(page)
    paths = nav_paths(page) or ["/"]
    assert paths[0] == "/"
    for path in paths:
        page.goto(app_url + path)
        wait_for_app(page)
        page.wait_for_load_state("networkidle")  # late fonts, images and tiles have had their chance
        screenshot(page, "offline_" + (path.strip("/").replace("/", "_") or "home"))
    assert len(seen) > 0
    assert _offenders(seen) == [], "font/CDN/tile/telemetry hosts contacted"
    assert outside_requests(seen, app_url) == []


def test_the_recording_catches_an_outside_request(browser):
    page = browser.new_page(viewport=VIEWPORT)
    rec = record(page, "http://127.0.0.1:1")
    page.route("http://example.invalid/**", lambda route: route.abort())  # nothing actually leaves
    page.route("http://127.0.0.1:1/**", lambda route: route.fulfill(status=200, content_type="text/html",
                                                                    body='<img src="/local.png">'))
    page.goto("http://127.0.0.1:1/")
    with page.expect_event("requestfailed"):
        page.set_content('<img src="http://example.invalid/x.png"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">')
    page.close()
    assert rec.outside() == ["http://example.invalid/x.png"]
    assert any("example.invalid/x.png" in p for p in rec.problems())
    assert "http://127.0.0.1:1/local.png" in rec.requests  # the app's own requests are recorded, not flagged


def test_outside_requests_is_by_host_and_port():
    origin = "http://127.0.0.1:8501"
    urls = ["http://127.0.0.1:8501/", "http://127.0.0.1:8501/_stcore/stream".replace("http", "ws"),
            "data:font/woff2;base64,AA", "blob:http://127.0.0.1:8501/1234", "about:blank",
            "http://127.0.0.1:8502/x", "https://fonts.gstatic.com/s/a.woff2", "http://127.0.0.1.evil.test:8501/",
            "http://127.0.0.1:8501@evil.test/"]
    assert outside_requests(urls, origin) == ["http://127.0.0.1.evil.test:8501/", "http://127.0.0.1:8501@evil.test/",
                                              "http://127.0.0.1:8502/x", "https://fonts.gstatic.com/s/a.woff2"]


def test_a_console_error_is_a_problem(browser):
    page = browser.new_page()
    rec = record(page, "http://127.0.0.1:1")
    with page.expect_console_message():
        page.set_content("<script>console.error('boom')</script>")
    page.close()
    assert rec.problems() == ["console error: boom"]


def test_only_streamlits_own_base_path_probe_is_let_through():
    rec = Recorder("http://127.0.0.1:8501")
    rec.errors = [
        "Failed to load resource: the server responded with a status of 404 (Not Found) "
        "(http://127.0.0.1:8501/timeline/_stcore/health)",
        "Failed to load resource: the server responded with a status of 404 (Not Found) "
        "(http://127.0.0.1:8501/static/missing.png)",
        "Failed to load resource: the server responded with a status of 404 (Not Found) "
        "(http://127.0.0.1:9999/timeline/_stcore/health)"]
    assert rec.problems() == ["console error: " + e for e in rec.errors[1:]]
