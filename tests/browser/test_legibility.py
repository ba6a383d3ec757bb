"""The map with ATOP's 25–40 ties a year, as a projector audience sees it (1600x900), and its filters."""
import pytest

from playwright.sync_api import expect

from conftest import SCREENSHOTS, open_map, wait_for_app

YEARS = [1993, 1999, 2005, 2010, 2016, 2024]


@pytest.mark.parametrize("year", YEARS)
def test_year_at_projector_size(page, app_url, year):
    open_map(page, app_url, f"?year={year}")
    expect(page.locator(".js-plotly-plot .gtitle").first).to_have_text(f"Uzbekistan's security ties, {year}")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"legibility-{year}.png"))  # the 1600x900 viewport, as projected


def test_a_filtered_view_opens_from_its_url(page, app_url):
    open_map(page, app_url, "?year=2008&evidence=both")
    panel = page.locator(".atlas-panel")
    panel.get_by_text("Treaty on allied relations with Russia").wait_for()
    assert panel.locator("#atop-4220-2-uzb").count() == 0
    page.get_by_test_id("stRadioGroup").get_by_text("Coded by ATOP").click()
    page.wait_for_url("**evidence=atop**")
    wait_for_app(page)
    panel.locator("#atop-4220-2-uzb").wait_for()
