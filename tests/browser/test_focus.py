"""The focus in the browser: `?state=` on every page, the picker, moving between pages, a bad value,
and the files exported of a chosen state (the back button: test_navigation)."""
import re

import pytest
from playwright.sync_api import expect

from conftest import expect_map_title, nav, open_map, screenshot, wait_for_app

FOCUSES = [("KAZ", "Kazakhstan"), ("KGZ", "Kyrgyzstan"), ("TJK", "Tajikistan"), ("TKM", "Turkmenistan"),
           ("UZB", "Uzbekistan"), ("all", "Central Asia")]


@pytest.mark.parametrize("code, name", FOCUSES)
def test_the_map_opens_on_the_state_in_the_url(page, app_url, code, name):
    open_map(page, app_url, f"?state={code}&year=2008")
    expect_map_title(page, f"{name}'s security ties, 2008")
    expect(page).to_have_url(re.compile(rf"[?&]state={code}\b"))


def test_picking_a_state_redraws_the_map_and_every_link_carries_it(page, app_url):
    open_map(page, app_url, "?year=1995")
    expect_map_title(page, "Uzbekistan's security ties, 1995")
    page.get_by_role("combobox", name="State or region").click()
    page.get_by_role("option", name="Kazakhstan").click()
    expect_map_title(page, "Kazakhstan's security ties, 1995")
    expect(page.locator(".js-plotly-plot .gtitle").first.locator("..")).to_contain_text("Links from Almaty")
    expect(page).to_have_url(re.compile(r"[?&]state=KAZ\b"))
    wait_for_app(page)
    for title in ["Timeline", "Countries", "Sources"]:
        nav(page, title)
        expect(page).to_have_url(re.compile(r"[?&]state=KAZ\b"))
        expect(page).to_have_url(re.compile(r"[?&]year=1995\b"))
    nav(page, "Map")
    expect_map_title(page, "Kazakhstan's security ties, 1995")


def test_a_bad_state_opens_the_default_view_with_a_notice(page, app_url):
    open_map(page, app_url, "?state=Narnia&year=2008")
    expect(page.get_by_text("There is no focal state “Narnia”; showing Uzbekistan.")).to_be_visible()
    expect_map_title(page, "Uzbekistan's security ties, 2008")
    expect(page).to_have_url(re.compile(r"[?&]state=UZB\b"))


def test_the_region_shows_the_blocs_table(page, app_url):
    open_map(page, app_url, "?state=all&year=2003")
    expect_map_title(page, "Central Asia's security ties, 2003")
    table = page.locator("table.atlas-blocs")
    expect(table).to_contain_text("Blocs in 2003")
    expect(table.locator("tr", has_text="CST").first).to_contain_text("until 1999")
    screenshot(page, "region_2003")


def test_the_csv_exported_of_a_state_is_that_states(page, app_url, tmp_path):
    open_map(page, app_url, "?state=KGZ&year=2005")
    page.get_by_text("Export…").click()
    wait_for_app(page)
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Ties (CSV)").click()
    assert download.value.suggested_filename == "kyrgyzstan-security-ties-2005.csv"
    target = tmp_path / "ties.csv"
    download.value.save_as(target)
    rows = target.read_text(encoding="utf-8").splitlines()[1:]
    assert rows and all("KGZ" in row for row in rows)
    assert any("kgz-usa-basing-2005" in row for row in rows)
