"""The charts of the Timeline, Countries and Fergana pages (pages/atlas_chart.js): drawn with the app's
own Plotly, the year's rule moved on the chart drawn rather than the chart drawn anew, a bar's click
still picking its tie."""
import re

from playwright.sync_api import expect

from conftest import wait_for_app

SLIDER = "[data-testid=stSlider] input[type=range]"
CHART = ".atlas-chart.js-plotly-plot"


def open_page(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(f"{CHART} .gtitle", timeout=30000)
    wait_for_app(page)


def test_a_step_moves_the_timelines_rule_without_drawing_the_chart_anew(page, app_url):
    open_page(page, f"{app_url}/timeline?year=2016")
    chart = page.locator(CHART).first
    expect(chart.locator(".gtitle")).to_contain_text("the rule marks 2016")
    expect(chart).to_have_attribute("aria-label", "Every tie, 1991–2030 · the rule marks 2016")
    # A bar drawn before the step is still the one shown after it: relayout moved the rule alone.
    page.eval_on_selector(f"{CHART} .barlayer .point path", "bar => { bar.dataset.before = 'step'; }")
    page.locator(SLIDER).first.focus()
    page.keyboard.press("ArrowRight")
    expect(chart.locator(".gtitle")).to_contain_text("the rule marks 2017")
    expect(chart).to_have_attribute("aria-label", re.compile("the rule marks 2017$"))
    expect(page).to_have_url(re.compile(r"[?&]year=2017\b"))
    wait_for_app(page)
    assert page.locator(f"{CHART} .barlayer .point path[data-before=step]").count() == 1
    rule = page.eval_on_selector(CHART, "plot => plot.layout.shapes[1].x0")
    assert rule == 2017.5


def test_a_click_on_a_bar_shows_its_ties_quotes(page, app_url):
    open_page(page, f"{app_url}/timeline?year=2016")
    picked = page.eval_on_selector(CHART, """plot => {
        const trace = plot.data.findIndex((t) => t.type === 'bar');
        const id = plot.data[trace].customdata[0];
        plot.emit('plotly_click', { points: [{ customdata: id, curveNumber: trace, pointNumber: 0 }] });
        return id;
    }""")
    expect(page).to_have_url(re.compile(rf"[?&]focus={re.escape(picked)}\b"))
    wait_for_app(page)
    expect(page.get_by_text("Click a bar, or pick a tie above")).to_have_count(0)


def test_countries_and_fergana_draw_their_charts(page, app_url):
    open_page(page, f"{app_url}/countries?country=KAZ&year=2024")
    expect(page.locator(CHART)).to_have_count(2)
    expect(page.locator(CHART).first.locator(".gtitle")).to_contain_text("Ties with Kazakhstan")
    expect(page.locator(CHART).nth(1).locator(".gtitle")).to_contain_text("Where Kazakhstan lies")
    page.locator(SLIDER).first.focus()
    page.keyboard.press("ArrowLeft")
    expect(page.locator(CHART).first.locator(".gtitle")).to_contain_text("the rule marks 2023")
    # The chart moves its rule before the same run redraws the menu's links with the year.
    fergana = page.get_by_role("link", name="Fergana Valley", exact=True).first
    expect(fergana).to_have_attribute("href", re.compile(r"year=2023\b"))
    fergana.click()
    page.wait_for_selector(f"{CHART} .gtitle", timeout=30000)
    expect(page.locator(CHART).first.locator(".gtitle")).to_contain_text("The Fergana Valley, 2023")
    page.locator(SLIDER).first.focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator(CHART).first.locator(".gtitle")).to_contain_text("The Fergana Valley, 2024")
