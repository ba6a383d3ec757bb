"""A story told on the Briefing page and from its exported file: deep links, the presenter's keys and a
clicker's, the URL following each step, the back button, and type that reads from the back of a room."""
import re
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from conftest import SCREENSHOTS, screenshot, wait_for_app
from geo.paths import ROOT

STORY = "uzbekistan-between-moscow-and-washington"
HEADINGS = {3: "A pledge from the United States", 4: "Andijan", 5: "The US troops are told to leave",
            6: "An alliance treaty with Russia", 7: "Back in the CSTO"}


def expect_step(page, number: int, year: int) -> None:
    """Until the URL, the step's heading and the map's title (once it has travelled) are all of step `number`."""
    page.wait_for_url(re.compile(rf"[?&]step={number}(&|$)"))
    expect(page.locator(".atlas-moment h2")).to_have_text(HEADINGS[number])
    expect(page.locator(".js-plotly-plot .gtitle").first).to_contain_text(f"ties, {year}")


def press(page, key: str) -> None:
    page.locator(".atlas-moment h2").click()  # off the buttons, where the presenter's keys act
    page.keyboard.press(key)


def test_a_story_steps_by_keys_and_clicker_and_the_url_and_back_button_follow(page, app_url):
    page.goto(f"{app_url}/briefing?story={STORY}&step=3")
    wait_for_app(page)
    expect_step(page, 3, 2002)
    expect(page.locator(".atlas-note")).to_contain_text("Briefer's note")
    press(page, "PageDown")  # a clicker's "next"
    expect_step(page, 4, 2005)
    press(page, "n")
    expect_step(page, 5, 2005)
    press(page, "N")
    expect_step(page, 6, 2005)
    press(page, "PageUp")  # a clicker's "back"
    expect_step(page, 5, 2005)
    press(page, "p")
    expect_step(page, 4, 2005)
    page.go_back()  # the step before, as it was reached
    expect_step(page, 5, 2005)
    page.go_forward()
    expect_step(page, 4, 2005)
    expect(page.locator(".atlas-next")).to_be_hidden()
    press(page, "s")  # the presenter's notes: the next step
    expect(page.locator(".atlas-next")).to_be_visible()
    expect(page.locator(".atlas-next")).to_contain_text(HEADINGS[5])


@pytest.mark.parametrize("width, height", [(1280, 720), (1920, 1080)])
def test_story_steps_read_from_the_back_of_the_room(page, app_url, width, height):
    page.set_viewport_size({"width": width, "height": height})
    for number, year in ((3, 2002), (6, 2005), (7, 2006)):
        page.goto(f"{app_url}/briefing?story={STORY}&step={number}")
        wait_for_app(page)
        expect_step(page, number, year)
        if width == 1920:  # a projector's full HD: the heading at least 40 px, a quote at least 24
            heading = page.locator(".atlas-moment h2").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
            quotes = page.locator(".atlas-moment blockquote.atlas-quote:not(.row)")
            sizes = quotes.evaluate_all("all => all.map(e => parseFloat(getComputedStyle(e).fontSize))")
            assert heading >= 40 and all(size >= 24 for size in sizes), (heading, sizes)
        # The map, its title, its legend and its source line on one screen.
        for part in (".js-plotly-plot .gtitle", ".atlas-legend"):
            box = page.locator(part).first.bounding_box()
            assert box and box["y"] >= 0 and box["y"] + box["height"] <= height, (part, box)
        screenshot(page, f"story_step{number}_{width}x{height}")


def test_the_exported_story_plays_offline_by_keys(browser, tmp_path):
    target = tmp_path / "story.html"
    subprocess.run([sys.executable, "-m", "geo", "export", "--story", STORY, "--format", "html", "--output",
                    str(target)], cwd=ROOT, check=True, capture_output=True)
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    asked = []

    def only_the_file(route):
        asked.append(route.request.url)
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", only_the_file)
    page.goto(f"{target.as_uri()}#step=6")
    expect(page.locator(".atlas-moment h2")).to_have_text(HEADINGS[6])
    expect(page.locator(".gtitle").first).to_contain_text("ties, 2005")
    page.locator("h1").click()
    page.keyboard.press("PageDown")
    page.wait_for_url(re.compile(r"#step=7$"))
    expect(page.locator(".atlas-moment h2")).to_have_text(HEADINGS[7])
    expect(page.locator(".gtitle").first).to_contain_text("ties, 2006")
    page.keyboard.press("p")
    page.wait_for_url(re.compile(r"#step=6$"))
    page.keyboard.press("PageUp")
    expect(page.locator(".atlas-moment h2")).to_have_text(HEADINGS[5])
    page.go_back()
    expect(page.locator(".atlas-moment h2")).to_have_text(HEADINGS[6])
    expect(page.locator("#atlas-where")).to_have_text("Step 6 of 12")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "story_html.png"))
    page.close()
    assert [url for url in asked if not url.startswith("file:")] == []
