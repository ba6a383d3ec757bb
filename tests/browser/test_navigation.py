"""Clicking through the analyst pages as a reader would, with the year carried along."""
import re

import pytest

from playwright.sync_api import expect

from conftest import expect_map_title, nav, open_map, screenshot, wait_for_app

PAGES = ["Timeline", "Sources", "Countries", "Fergana Valley", "Codebook & method"]


def test_every_page_from_the_map_and_back_keeps_the_year(page, app_url):
    open_map(page, app_url, "?year=2016")
    for title in PAGES:
        nav(page, title)
        expect(page).to_have_url(re.compile(r"[?&]year=2016\b"))
        screenshot(page, "page_" + re.sub(r"\W+", "_", title.lower()))
    nav(page, "Map")
    expect_map_title(page, "ties, 2016")


@pytest.mark.parametrize("query, title", [("?year=2016", "ties, 2016"),
                                          ("?state=TJK&year=2016", "Tajikistan's security ties, 2016")])
def test_the_back_button_returns_to_the_previous_view(page, app_url, query, title):
    open_map(page, app_url, query)
    nav(page, "Timeline")
    page.wait_for_function("() => location.pathname.endsWith('/timeline')")
    page.go_back()
    # The timeline's chart has a title too: wait for the map's.
    page.wait_for_function("() => [...document.querySelectorAll('.js-plotly-plot .gtitle')]"
                           ".some(t => t.textContent.includes('security ties'))", timeout=30000)
    expect_map_title(page, title)
    for part in query[1:].split("&"):
        expect(page).to_have_url(re.compile(rf"[?&]{re.escape(part)}\b"))


def test_from_a_link_to_the_highlighted_passage_and_back(page, app_url):
    open_map(page, app_url, "?year=2016&focus=uzb-kgz-border-memorandum-2016")
    page.get_by_role("link", name="read in source").first.click()
    page.wait_for_selector("mark.focus", timeout=30000)
    wait_for_app(page)
    expect(page.locator("mark.focus").first).to_contain_text("On October 1, officials of the Kyrgyz provinces")
    screenshot(page, "source_passage")
    page.get_by_role("link", name="Back to the map, 2016").click()
    expect_map_title(page, "ties, 2016")


def test_a_deep_link_to_a_page_opens_that_page(page, app_url):
    # The menu is drawn after the page and the tie cards by a component after their heading: each
    # is waited for itself, as a reader would look for it.
    page.goto(f"{app_url}/countries?country=KAZ&year=2024")
    expect(page.get_by_text("Ties with Kazakhstan")).to_be_visible(timeout=30000)
    expect(page.get_by_role("link", name="Map", exact=True)).to_have_count(1)  # the app's own menu
    expect(page.get_by_text("Alliance relations between Uzbekistan and Kazakhstan").first).to_be_visible()
