"""The map page as a briefing audience and an analyst use it, in a real browser."""
import re

import pytest
from playwright.sync_api import expect

from conftest import VIEWPORT, expect_map_title, open_map, outside_requests, record, screenshot, wait_for_app
from geo.dataset import load
from geo.figures import country_styles
from geo.paths import PLAYER_PARTS, STATIC
from geo.projection import project
from geo.styles import HOME_FILL, LAND
from geo.timeline import year_state


@pytest.mark.parametrize("year", [1991, 2005, 2016, 2024, 2030])
def test_each_year_opens_with_its_title(page, app_url, year):
    open_map(page, app_url, f"?year={year}")
    expect_map_title(page, f"ties, {year}")
    if year == 2030:
        expect_map_title(page, "projection")
    screenshot(page, f"map_{year}")


def test_arrow_right_steps_the_year_and_the_map_and_url_follow(page, app_url):
    open_map(page, app_url, "?year=2004")
    page.locator("#atlas-year").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('.js-plotly-plot .gtitle').textContent.includes('2005')")
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"[?&]year=2005\b"))
    expect(page.get_by_text("Treaty on allied relations with Russia").first).to_be_attached()


@pytest.mark.parametrize("bad, year, words", [("abc", 2025, "not a year"), ("1800", 1991, "before 1991"),
                                              ("3000", 2030, "after 2030")])
def test_bad_year_in_the_url_opens_the_nearest_view_with_a_notice(page, app_url, bad, year, words):
    open_map(page, app_url, f"?year={bad}")
    expect_map_title(page, f"ties, {year}")
    expect(page.locator("[data-testid=stAlert]").first).to_contain_text(words)
    expect(page).to_have_url(re.compile(rf"[?&]year={year}\b"))


def test_source_markup_is_shown_as_text(page, app_url):
    open_map(page, app_url, "?state=KGZ&year=2016")
    # The 2016 source quotes "ISIL [the 'Islamic State ...']" (Kyrgyzstan's event in Osh): brackets must
    # stay literal text.
    expect(page.get_by_text("were part of ISIL [the 'Islamic State of Iraq and the Levant']").first).to_be_attached()


def test_the_recording_catches_an_outside_request(browser):
    page = browser.new_page()
    seen = []
    page.on("request", lambda r: seen.append(r.url))
    page.route("http://example.invalid/**", lambda route: route.abort())
    with page.expect_event("requestfailed"):
        page.set_content('<img src="http://example.invalid/pixel.png">')
    page.close()
    assert outside_requests(seen, "http://127.0.0.1:1") == ["http://example.invalid/pixel.png"]


def test_the_map_libraries_load_with_the_page_and_once(page, app_url):
    """The page runs Plotly from a script element of its own and the player inlined (serve.py); the map
    uses those, and fetches neither a second time when it mounts."""
    fetched = []
    page.on("request", lambda r: fetched.append(r.url) if "/app/static/" in r.url else None)
    page.goto(f"{app_url}/?year=2016")
    expect(page.locator("script#atlas-plotly")).to_have_count(1)
    expect(page.locator("script#atlas-player")).to_have_count(1)
    page.wait_for_selector(".js-plotly-plot .gtitle", timeout=30000)
    wait_for_app(page)
    page.wait_for_load_state("networkidle")
    assert [url.split("/app/static/", 1)[1] for url in fetched] == ["plotly-basic.min.js"]


def test_no_plot_but_the_map_is_ever_shown(page, app_url):
    """The player readies Plotly with a throwaway plot while the page waits for the map's data. No one
    may see it, and nothing that watches the page may take it for the map: a plot drawn off-screen
    still counts as shown to the browser (its box is not empty), so it must be hidden as well."""
    page.add_init_script("""
        window.__shownPlots = [];
        new MutationObserver(() => {
          for (const plot of document.querySelectorAll(".js-plotly-plot")) {
            if (!plot.closest(".atlas-map") && plot.checkVisibility({ visibilityProperty: true })) {
              window.__shownPlots.push(plot.textContent.slice(0, 40));
            }
          }
        }).observe(document, { childList: true, subtree: true });
    """)
    page.goto(f"{app_url}/?year=2016")
    expect_map_title(page, "2016")
    assert page.evaluate("window.__shownPlots") == []


def fail_first_request(page, pattern: str) -> list[str]:
    """The first request for `pattern` (the page's own script element's) fails; any later one goes through.
    Returns the URLs failed."""
    failed = []

    def fail_once(route):
        if failed:
            return route.continue_()
        failed.append(route.request.url)
        return route.abort()
    page.route(pattern, fail_once)
    return failed


def test_the_map_draws_when_the_pages_plotly_fails_to_load(browser, app_url):
    """Should the page's own Plotly script fail, the map component fetches Plotly itself."""
    page = browser.new_page(viewport=VIEWPORT)
    rec = record(page, app_url)
    failed = fail_first_request(page, "**/app/static/plotly-basic.min.js")
    page.goto(f"{app_url}/?year=2016")
    expect_map_title(page, "2016")
    page.close()
    assert len(failed) == 1
    assert [problem for problem in rec.problems() if "plotly-basic.min.js" not in problem] == []


# Until the page has been parsed, nothing the page's own player script defines is kept: as on a page the
# server could not add its scripts to (a document served from the test itself would lose its access to
# the loopback server's WebSocket).
NO_PAGE_PLAYER = """
Object.defineProperty(window, "AtlasPlayer", {configurable: true, get() { return undefined; }, set(value) {}});
document.addEventListener("DOMContentLoaded", () => { delete window.AtlasPlayer; }, {once: true});
"""


def test_the_map_draws_when_the_page_runs_none_of_its_library_scripts(browser, app_url):
    """The map component then fetches Plotly and every part of the player itself, one after another."""
    page = browser.new_page(viewport=VIEWPORT)
    rec = record(page, app_url)
    fetched = []
    page.on("request", lambda r: fetched.append(r.url.split("/app/static/", 1)[1])
            if "/app/static/" in r.url and r.resource_type == "fetch" else None)
    page.add_init_script(NO_PAGE_PLAYER)
    page.route("**/app/static/plotly-basic.min.js",
               lambda route: route.abort() if route.request.resource_type == "script" else route.continue_())
    page.goto(f"{app_url}/?year=2016")
    expect_map_title(page, "2016")
    page.locator("#atlas-year").press("ArrowLeft")
    expect_map_title(page, "2015")
    page.close()
    assert sorted(fetched) == sorted(["plotly-basic.min.js", *(part.relative_to(STATIC).as_posix() for part in PLAYER_PARTS)])
    assert [path for path in fetched if path.startswith("player/")] == [  # one after another, in order
        part.relative_to(STATIC).as_posix() for part in PLAYER_PARTS]
    assert [problem for problem in rec.problems()
            if "plotly-basic.min.js" not in problem and "reading 'define'" not in problem] == []


@pytest.mark.parametrize("year", [2005, 2028])
def test_countries_take_their_years_fills(page, app_url, year):
    """The countries are the player's own outlines under the year's plot: each is filled as the
    year's styles say (geo.figures.country_styles), a projected partner with its hatching."""
    data = load()
    styles = country_styles(data, year_state(data, year))
    open_map(page, app_url, f"?year={year}")
    fills = page.eval_on_selector_all(".atlas-countries path[data-country]",
                                      "paths => Object.fromEntries(paths.map(p => [p.dataset.country, p.getAttribute('fill')]))")
    assert fills[data.focus] == HOME_FILL
    for code, style in styles.items():
        if code not in fills:
            continue  # beyond the map's outlines
        if style["fillpattern"].get("shape"):
            assert fills[code].startswith("url(#atlas-pattern-"), code
        else:
            assert fills[code] == style["fillcolor"], code
    outside = [code for code in fills if code not in styles]
    assert outside and all(fills[code] == LAND for code in outside)
    assert any(style["fillpattern"].get("shape") for style in styles.values()) == (year > data.newest_source_date.year)


def test_dragging_the_map_moves_the_countries_with_the_ties(page, app_url):
    """The map can be dragged: the countries under the year's plot follow it, so the focal state's
    capital, where every link starts, stays inside the state."""
    data = load()
    capital = data.place(data.focus, 2005)
    x, y = project(capital.lon, capital.lat)
    open_map(page, app_url, "?year=2005")
    inside = """([x, y, code]) => {
      const plot = document.querySelector(".atlas-map .atlas-overlay.js-plotly-plot");
      const xa = plot._fullLayout.xaxis, ya = plot._fullLayout.yaxis;
      const point = new DOMPoint(xa._offset + xa.l2p(x), ya._offset + ya.l2p(y));
      return document.querySelector(`.atlas-countries path[data-country="${code}"]`).isPointInFill(point);
    }"""
    assert page.evaluate(inside, [x, y, data.focus])
    left_edge = 'document.querySelector(".atlas-map .atlas-overlay.js-plotly-plot")._fullLayout.xaxis.range[0]'
    before = page.evaluate(left_edge)
    box = page.locator(".atlas-map .atlas-overlay .nsewdrag").first.bounding_box()
    start = (box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.3)
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(start[0] + 150, start[1] + 80, steps=8)
    page.mouse.up()
    page.wait_for_function(f"before => {left_edge} !== before", arg=before)  # the drag has landed
    assert page.evaluate(inside, [x, y, data.focus])


def test_a_new_filters_years_replace_the_old_ones_drawn_ahead(page, app_url):
    """The player draws the years ahead, one in each idle moment of the browser. When another filter's
    years arrive midway, the moments left draw those, never an old year over the one on show, and
    stop once every year is drawn. The idle moments are held here, so the test says when each comes."""
    page.add_init_script("""
        window.__idle = [];
        window.requestIdleCallback = (callback) => window.__idle.push(callback);
    """)
    run_idle_moments = "(most) => { for (let i = 0; i < most && window.__idle.length; i++) window.__idle.shift()(); " \
                       "return window.__idle.length; }"
    open_map(page, app_url, "?year=2008")
    page.wait_for_function("() => window.__idle.length > 0")
    page.evaluate(run_idle_moments, 3)  # a few years drawn ahead, the rest still to come
    page.get_by_text("Filter ties").click()
    page.get_by_text("In both").click()
    shown = page.locator(".atlas-map .atlas-overlay")
    expect(shown).to_contain_text("Filtered: only in the news texts and coded by ATOP")
    wait_for_app(page)  # the filter's years have arrived
    left = page.evaluate(run_idle_moments, 500)
    expect(shown.locator(".gtitle")).to_have_text("Uzbekistan's security ties, 2008")
    expect(shown).to_contain_text("Filtered: only in the news texts and coded by ATOP")
    assert left == 0
