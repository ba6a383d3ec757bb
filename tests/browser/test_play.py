"""Playing through the years in the browser, and the presenter's stepper."""
import re

from conftest import map_title, open_map, screenshot, wait_for_app

SLIDER = "#atlas-year"


def test_play_runs_to_2030_and_leaves_slider_and_url_there(page, app_url):
    open_map(page, app_url, "?year=1991")
    page.select_option(".atlas-speed", "20")
    page.click(".atlas-play-button")
    page.wait_for_function("() => window.__atlasPlay && window.__atlasPlay.finished", timeout=30000)
    stats = page.evaluate("window.__atlasPlay")
    assert stats["shown"] == list(range(1992, 2031))  # every year, in order, none skipped
    page.wait_for_function("() => location.search.includes('year=2030')", timeout=15000)
    wait_for_app(page)
    assert page.locator(SLIDER).input_value() == "2030"
    assert "ties, 2030 — projection" in map_title(page)


def test_pausing_stops_on_the_year_shown(page, app_url):
    open_map(page, app_url, "?year=2000")
    page.select_option(".atlas-speed", "2")
    page.click(".atlas-play-button")
    page.wait_for_function("() => window.__atlasPlay && window.__atlasPlay.shown.length >= 3", timeout=15000)
    page.click(".atlas-play-button")
    shown = page.evaluate("window.__atlasPlay.shown.at(-1)")
    page.wait_for_function(f"() => location.search.includes('year={shown}')", timeout=15000)
    wait_for_app(page)
    assert page.locator(SLIDER).input_value() == str(shown)
    assert f"ties, {shown}" in map_title(page)


def test_presenter_steps_through_key_moments_by_keyboard(page, app_url):
    page.goto(f"{app_url}/briefing?year=2001")
    page.wait_for_selector(".js-plotly-plot .gtitle")
    wait_for_app(page)
    assert page.locator("[data-testid=stHeader]").count() == 0 or not page.locator(
        "[data-testid=stHeader]").first.is_visible()
    page.keyboard.press("PageDown")
    page.wait_for_function("() => document.querySelector('.js-plotly-plot .gtitle').textContent.includes('2005')")
    wait_for_app(page)
    assert "Andijan" in page.locator(".atlas-moment").first.text_content()
    page.keyboard.press("n")
    page.wait_for_function("() => document.querySelector('.js-plotly-plot .gtitle').textContent.includes('2016')")
    page.keyboard.press("PageUp")
    page.wait_for_function("() => document.querySelector('.js-plotly-plot .gtitle').textContent.includes('2005')")
    wait_for_app(page)
    assert re.search(r"year=2005", page.url)
    screenshot(page, "briefing_2005")
