"""The map page's year control lives in the browser: it redraws map, title and panel at once,
keeps the URL and the history in step, and tells the server where it settled."""
import re

import pytest
from playwright.sync_api import expect

from conftest import expect_map_title, open_map, screenshot, wait_for_app

CONTROL = "#atlas-year"
SHOWS_YEAR = ("([y]) => document.querySelector('.js-plotly-plot .gtitle').textContent.includes(y)"
              " && document.querySelector('.atlas-heading').textContent.includes(y)")


def shows(page, year: int) -> None:
    """Until the map's title and the panel's heading both name `year`."""
    page.wait_for_function(SHOWS_YEAR, arg=[str(year)])


def server_knows(page, year: int) -> None:
    """Until the server has learnt the year: the page links it draws carry it."""
    page.wait_for_function("([y]) => [...document.querySelectorAll('[data-testid=stPageLink] a')]"
                           ".some(a => a.getAttribute('href').includes('timeline?year=' + y))", arg=[str(year)])


@pytest.mark.parametrize("start, key, year", [(2004, "ArrowRight", 2005), (2004, "PageUp", 2009),
                                              (2010, "ArrowLeft", 2009), (2009, "PageDown", 2004),
                                              (2004, "End", 2030), (2004, "Home", 1991), (2028, "PageUp", 2030)])
def test_keys_step_the_year(page, app_url, start, key, year):
    open_map(page, app_url, f"?year={start}")
    page.locator(CONTROL).focus()
    page.keyboard.press(key)
    shows(page, year)
    control = page.locator(CONTROL)
    assert control.input_value() == str(year)
    assert control.get_attribute("aria-valuetext").startswith(str(year))
    assert f"year={year}" in page.url


def test_dragging_the_control_moves_map_and_panel(page, app_url):
    open_map(page, app_url, "?year=1991")
    box = page.locator(CONTROL).bounding_box()
    middle = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 4, middle)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.4, middle, steps=8)
    page.mouse.move(box["x"] + box["width"] * 0.6, middle, steps=8)
    page.mouse.up()
    year = int(page.locator(CONTROL).input_value())
    assert 2010 <= year <= 2018
    shows(page, year)
    server_knows(page, year)


def test_a_held_key_loses_no_press_and_map_and_control_agree(page, app_url):
    open_map(page, app_url, "?year=2024")
    page.locator(CONTROL).focus()
    for _ in range(20):
        page.keyboard.press("ArrowLeft")
        page.wait_for_timeout(33)
    assert page.locator(CONTROL).input_value() == "2004"
    shows(page, 2004)
    server_knows(page, 2004)
    wait_for_app(page)
    expect_map_title(page, "ties, 2004")
    assert page.locator(CONTROL).input_value() == "2004"
    assert page.evaluate("document.activeElement.id") == "atlas-year"  # the server's answer kept the focus


def test_url_follows_and_a_settled_step_is_one_history_entry(page, app_url):
    open_map(page, app_url, "?year=2004")
    entries = page.evaluate("history.length")
    page.locator(CONTROL).focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("() => location.search.includes('year=2007')")  # while moving
    server_knows(page, 2007)
    wait_for_app(page)
    assert page.evaluate("history.length") == entries + 1
    page.go_back()
    shows(page, 2004)
    assert re.search(r"[?&]year=2004", page.url)
    server_knows(page, 2004)
    page.go_forward()
    shows(page, 2007)
    server_knows(page, 2007)


def test_other_pages_and_exports_open_on_the_year_the_browser_settled_on(page, app_url):
    open_map(page, app_url, "?year=2004")
    page.get_by_text("Export…").click()
    expect(page.get_by_text("Files of 2004, the year the map shows.")).to_be_visible()
    page.locator(CONTROL).focus()
    page.keyboard.press("ArrowRight")
    server_knows(page, 2005)
    expect(page.get_by_text("Files of 2005, the year the map shows.")).to_be_visible()  # the panel stayed open
    page.get_by_role("link", name="Timeline", exact=True).click()
    page.wait_for_function("() => location.pathname.endsWith('/timeline')")
    wait_for_app(page)
    assert page.locator("[data-testid=stSlider] input[type=range]").first.input_value() == "2005"


def test_focus_follows_the_year_while_the_tie_holds(page, app_url):
    open_map(page, app_url, "?year=2004&focus=uzb-usa-basing-2001")
    panel = page.locator(".atlas-panel")
    assert "US troops stationed in Uzbekistan" in panel.text_content()
    assert "Treaty on allied relations" not in panel.text_content()
    page.locator(CONTROL).focus()
    page.keyboard.press("ArrowRight")  # 2005: the basing still holds (it ends that year)
    page.wait_for_function("() => document.querySelector('.atlas-heading').textContent.includes('2005')")
    assert "focus=uzb-usa-basing-2001" in page.url
    assert "Treaty on allied relations" not in panel.text_content()
    page.keyboard.press("ArrowRight")  # 2006: gone, so the panel shows every tie again
    page.wait_for_function("() => document.querySelector('.atlas-heading').textContent.includes('2006')")
    page.wait_for_function("() => !location.search.includes('focus=')")
    assert "Treaty on allied relations" in panel.text_content()
    server_knows(page, 2006)


def test_picking_a_tie_narrows_the_panel_and_the_server_follows(page, app_url):
    open_map(page, app_url, "?year=2005")
    page.select_option(".atlas-focus", "uzb-usa-basing-2001")
    page.wait_for_function("() => location.search.includes('focus=uzb-usa-basing-2001')")
    page.wait_for_function("() => !document.querySelector('.atlas-panel').textContent"
                           ".includes('Treaty on allied relations')")
    assert "US troops stationed in Uzbekistan" in page.locator(".atlas-panel").text_content()
    wait_for_app(page)
    # The server drew the map again with the tie emphasised, and kept the browser's URL.
    assert "focus=uzb-usa-basing-2001" in page.url


@pytest.mark.parametrize("year", [1999, 2005, 2016, 2027])
def test_screenshots_of_the_map(page, app_url, year):
    open_map(page, app_url, f"?year={year}")
    shows(page, year)
    screenshot(page, f"map_control_{year}")
