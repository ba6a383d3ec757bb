"""The map page as a briefing audience and an analyst use it, in a real browser."""
import re

import pytest

from conftest import map_title, open_map, outside_requests, screenshot, wait_for_app


@pytest.mark.parametrize("year", [1991, 2005, 2016, 2024, 2030])
def test_each_year_opens_with_its_title(page, app_url, year):
    open_map(page, app_url, f"?year={year}")
    assert f"ties, {year}" in map_title(page)
    if year == 2030:
        assert "projection" in map_title(page)
    screenshot(page, f"map_{year}")


def test_arrow_right_steps_the_year_and_the_map_and_url_follow(page, app_url):
    open_map(page, app_url, "?year=2004")
    page.locator("#atlas-year").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('.js-plotly-plot .gtitle').textContent.includes('2005')")
    wait_for_app(page)
    assert re.search(r"[?&]year=2005", page.url)
    assert "Treaty on allied relations with Russia" in page.content()


@pytest.mark.parametrize("bad, year, words", [("abc", 2025, "not a year"), ("1800", 1991, "before 1991"),
                                              ("3000", 2030, "after 2030")])
def test_bad_year_in_the_url_opens_the_nearest_view_with_a_notice(page, app_url, bad, year, words):
    open_map(page, app_url, f"?year={bad}")
    assert f"ties, {year}" in map_title(page)
    assert words in page.locator("[data-testid=stAlert]").first.text_content()
    assert f"year={year}" in page.url


def test_source_markup_is_shown_as_text(page, app_url):
    open_map(page, app_url, "?year=2016")
    # The 2016 source quotes "ISIL [the 'Islamic State ...']": brackets must stay literal text.
    assert page.get_by_text("were part of ISIL [the 'Islamic State of Iraq and the Levant']").count() >= 1


def test_the_recording_catches_an_outside_request(browser):
    page = browser.new_page()
    seen = []
    page.on("request", lambda r: seen.append(r.url))
    page.route("http://example.invalid/**", lambda route: route.abort())
    page.set_content('<img src="http://example.invalid/pixel.png">')
    page.wait_for_timeout(300)
    page.close()
    assert outside_requests(seen, "http://127.0.0.1:1") == ["http://example.invalid/pixel.png"]
