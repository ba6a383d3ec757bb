"""Playing through the years in the browser, and the presenter's stepper."""
import re

from playwright.sync_api import expect

from conftest import expect_map_title, open_map, screenshot, wait_for_app

SLIDER = "#atlas-year"


def test_play_runs_to_2030_and_leaves_slider_and_url_there(page, app_url):
    open_map(page, app_url, "?year=1991")
    page.select_option(".atlas-speed", "20")
    page.click(".atlas-play-button")
    page.wait_for_function("() => window.__atlasPlay && window.__atlasPlay.finished", timeout=30000)
    stats = page.evaluate("window.__atlasPlay")
    assert stats["shown"] == list(range(1992, 2031))  # every year, in order, none skipped
    expect(page).to_have_url(re.compile(r"[?&]year=2030\b"), timeout=15000)
    wait_for_app(page)
    expect(page.locator(SLIDER)).to_have_value("2030")
    expect_map_title(page, "ties, 2030 — projection")


def test_pausing_stops_on_the_year_shown(page, app_url):
    open_map(page, app_url, "?year=2000")
    page.select_option(".atlas-speed", "2")
    page.click(".atlas-play-button")
    page.wait_for_function("() => window.__atlasPlay && window.__atlasPlay.shown.length >= 3", timeout=15000)
    page.click(".atlas-play-button")
    shown = page.evaluate("window.__atlasPlay.shown.at(-1)")
    expect(page).to_have_url(re.compile(rf"[?&]year={shown}\b"), timeout=15000)
    wait_for_app(page)
    expect(page.locator(SLIDER)).to_have_value(str(shown))
    expect_map_title(page, f"ties, {shown}")


def test_presenter_steps_through_key_moments_by_keyboard(page, app_url):
    page.goto(f"{app_url}/briefing?year=2001")
    page.wait_for_selector(".js-plotly-plot .gtitle")
    wait_for_app(page)
    expect(page.locator("[data-testid=stHeader]")).to_be_hidden()
    page.keyboard.press("PageDown")
    page.wait_for_function("() => document.querySelector('.js-plotly-plot .gtitle').textContent.includes('2005')")
    wait_for_app(page)
    expect(page.locator(".atlas-moment").first).to_contain_text("Andijan")
    page.keyboard.press("n")  # 2006: Uzbekistan rejoins the collective security treaty, as the CSTO (ATOP)
    page.wait_for_function("() => document.querySelector('.js-plotly-plot .gtitle').textContent.includes('2006')")
    page.keyboard.press("PageUp")
    page.wait_for_function("() => document.querySelector('.js-plotly-plot .gtitle').textContent.includes('2005')")
    expect(page).to_have_url(re.compile(r"[?&]year=2005\b"))
    screenshot(page, "briefing_2005")
