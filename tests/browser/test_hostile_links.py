"""Shared links carrying markup, in a real browser: the notice shows the value as text, nothing in
the page links or loads anything from it, and (the `page` fixture) no request leaves the app's server.

The full range of values runs without a browser in tests/test_fuzz.py; these are the cases where a
browser would follow or fetch what an escaping slip let through.
"""
from urllib.parse import urlencode

import pytest

from conftest import wait_for_app
from geo.safe import WORD_JOINER

LINKS = [
    ("/", "year", "[phish](https://evil.example/x)"),
    ("/", "year", "![t](http://127.0.0.2:9/t.png)"),
    ("/", "focus", '<a href="https://evil.example/">x</a>'),
    ("/timeline", "focus", "www.evil.example **bold**"),
    ("/countries", "country", "<img src=http://127.0.0.2:9/x.png>"),
    ("/sources", "at", "<script>alert(1)</script>"),
    ("/briefing", "year", ":red[x] $x^2$ `code`"),
]
# Elements a value could have become had it been read as Markdown or HTML.
INJECTED = ("a[href*='evil'], img[src*='127.0.0.2'], [data-testid=stAlert] a, [data-testid=stAlert] img, "
            "[data-testid=stAlert] strong, [data-testid=stAlert] code, [data-testid=stAlert] .katex, "
            "[data-testid=stAlert] span[style*=color]")


@pytest.mark.parametrize("path, key, value", LINKS, ids=[f"{p}?{k}={v[:20]}" for p, k, v in LINKS])
def test_a_link_full_of_markup_shows_it_as_text(page, app_url, path, key, value):
    page.goto(app_url + path + "?" + urlencode({key: value}))
    notice = page.locator("[data-testid=stAlert]").first
    notice.wait_for()
    wait_for_app(page)
    assert value[:30] in notice.text_content().replace(WORD_JOINER, "")  # shown as typed (joiners are invisible)
    assert page.locator(INJECTED).count() == 0
    assert not page.evaluate("() => [...document.scripts].some(s => s.textContent.includes('alert(1)'))")
