"""Accessible by default: an axe-core scan of every page, and the map readable without seeing it."""
import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import open_map, read_at_rest
from geo.paths import ROOT

PAGES = ["/?year=2005", "/?year=2027&focus=uzb-rus-partnership-2025", "/timeline?year=2016",
         "/sources?source=kyrgyz-uzbek-security-2016&at=1070-1190", "/countries?country=KAZ&year=2024",
         "/fergana?year=2016", "/codebook", "/briefing?year=2005"]
BLOCKING = ("serious", "critical")


# Streamlit fades elements while it reruns and back in afterwards, by CSS transitions; contrast is
# judged on the page at rest: no transition or animation running, no element faded.
AT_REST = ("() => document.getAnimations().length === 0 && [...document.querySelectorAll("
           "'[data-testid=stElementContainer], [data-testid=stVerticalBlock]')]"
           ".every(e => getComputedStyle(e).opacity === '1')")


def scan(page) -> list[dict]:
    return Axe().run(page).response["violations"]


def blocking(found: list[dict]) -> list[str]:
    return [f"{v['id']} ({v['impact']}): {v['help']}: " + "; ".join(
                f"{n['target']} {(n['any'] or [{}])[0].get('message', '')}" for n in v["nodes"][:3])
            for v in found if v["impact"] in BLOCKING]


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_violations(page, app_url, path):
    page.goto(app_url + path)
    page.wait_for_selector(".js-plotly-plot .gtitle, [data-testid=stMarkdown]", timeout=30000)
    # A page opened first on a fresh server reruns once through app.py, which adds the page links
    # and the app's styles: scan the page as it stands after that.
    page.wait_for_selector("[data-testid=stPageLink]", state="attached", timeout=30000)
    assert blocking(read_at_rest(page, scan, AT_REST)) == []


def test_the_offline_briefing_has_no_serious_or_critical_violations(browser, tmp_path):
    import subprocess
    import sys

    target = tmp_path / "briefing.html"
    subprocess.run([sys.executable, "-m", "geo", "export", "--year", "2016", "--format", "html", "--output",
                    str(target)], cwd=ROOT, check=True, capture_output=True)
    page = browser.new_page(viewport={"width": 1600, "height": 900})
    page.goto(target.as_uri())
    page.wait_for_selector(".atlas-heading:has-text('2016')")
    assert blocking(scan(page)) == []
    page.close()


def test_the_map_as_a_table_is_reached_by_keyboard_and_names_every_tie(page, app_url):
    open_map(page, app_url, "?year=2024")
    page.locator("#atlas-year").focus()
    for _ in range(40):
        if page.evaluate("document.activeElement.matches('.atlas-table summary')"):
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('.atlas-table summary')")
    page.keyboard.press("Enter")
    table = page.locator(".atlas-table table")
    table.wait_for(state="visible")
    rows = table.locator("tbody tr")
    assert rows.count() == int(page.locator(".atlas-heading").text_content().split()[0])
    assert "Alliance with Tajikistan" in table.text_content() and "Tajikistan" in table.text_content()
    page.locator("#atlas-year").focus()
    page.keyboard.press("ArrowLeft")  # the table follows the year
    page.wait_for_function("() => document.querySelector('.atlas-table caption').textContent.includes('2023')")
