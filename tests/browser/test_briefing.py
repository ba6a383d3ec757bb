"""The exported HTML briefing, opened from disk with the network cut off."""
import subprocess
import sys

from playwright.sync_api import expect

from conftest import SCREENSHOTS
from geo.paths import ROOT


def test_exported_html_animates_and_quotes_offline(browser, tmp_path):
    target = tmp_path / "briefing.html"
    subprocess.run([sys.executable, "-m", "geo", "export", "--year", "2004", "--format", "html", "--output",
                    str(target)], cwd=ROOT, check=True, capture_output=True)
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    outside = []

    def only_the_file(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_the_file)
    page.goto(target.as_uri())
    page.wait_for_selector(".js-plotly-plot .gtitle")
    expect(page.locator(".gtitle").first).to_contain_text("ties, 2004")
    page.select_option(".atlas-speed", "10")
    page.click(".atlas-play-button")
    page.wait_for_function("() => document.querySelector('.gtitle').textContent.includes('2006')", timeout=10000)
    page.click(".atlas-play-button")  # pause
    expect(page.locator(".atlas-panel")).to_contain_text("Treaty on allied relations with Russia")
    page.locator(".atlas-caption").click()  # off the controls, where the presenter's keys act
    paused = int(page.locator("#atlas-year").input_value())
    page.keyboard.press("PageDown")  # to the next key moment (ATOP's treaties and blocs among them)
    page.wait_for_function("(paused) => { const m = /^(\\d{4}) — /.exec(document.querySelector('.atlas-caption')"
                           ".textContent); return m !== null && Number(m[1]) > paused; }", arg=paused)
    page.locator("#atlas-year").focus()
    page.keyboard.press("Home")
    page.wait_for_function("() => document.querySelector('.gtitle').textContent.includes('1991')")
    expect(page.locator(".atlas-heading")).to_contain_text("1991")  # the panel follows once the year rests
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "briefing_html.png"))
    page.close()
    assert outside == []
