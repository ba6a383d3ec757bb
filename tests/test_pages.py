"""Streamlit AppTest runs of each page: real scripts, real data, no browser."""
import json

import pytest
from streamlit.testing.v1 import AppTest

from geo import safe
from geo.changes import dataset_version, history
from geo.curation import change_lines
from geo.paths import ROOT
from pages import cache
from pages.exports import EXPORT_PANEL
from pages.urlstate import FILTER_PANEL

APP = str(ROOT / "app.py")


def open_app(**query) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=30)
    for key, value in query.items():
        app.query_params[key] = value
    return app.run()


def open_panel(app: AppTest, key: str) -> AppTest:
    """Open one of the map page's expanders whose content is drawn only while open."""
    app.session_state[key] = True
    return app.run()


def sent_to(app: AppTest, component: str) -> list[bytes]:
    return [c.proto.bytes for c in app.get("bidi_component") if c.proto.component_name == component]


def map_payload(app: AppTest) -> dict:
    """What the map component was sent: the player's options (year, the year's layers, ...), the
    base map and the year's panel on first draw."""
    return next(payload for payload in map(json.loads, sent_to(app, "atlas_map")) if "options" in payload)


def shown_year(app: AppTest) -> int:
    return map_payload(app)["options"]["year"]


def html_blocks(app: AppTest) -> str:
    return b"".join(sent_to(app, "atlas_html")).decode()


def panel_html(app: AppTest) -> str:
    """The quoted panel of the year shown, as the player puts it together from what it was sent."""
    payload = map_payload(app)
    panels, year = payload["panels"], payload["options"]["year"]
    entry = panels["years"][str(year)]
    cards = [tie[2] for tie in entry["ties"]] + entry["events"]
    return "".join(panels["cards"][card].replace(panels["slot"], str(year)) for card in cards)


def figure_title(app: AppTest) -> str:
    return map_payload(app)["options"]["view"]["layout"]["title"]["text"]


@pytest.mark.parametrize("query, year", [({"year": "2016"}, 2016), ({"year": "1991"}, 1991), ({}, 2025)])
def test_map_opens_on_the_year_in_the_url(query, year):
    app = open_app(**query)
    assert not app.exception
    assert shown_year(app) == year
    assert f"ties, {year}" in figure_title(app)
    assert app.query_params["year"] == str(year)


@pytest.mark.parametrize("bad, year, words", [("abc", 2025, "not a year"), ("1800", 1991, "before 1991"),
                                              ("3000", 2030, "after 2030")])
def test_bad_year_opens_the_nearest_view_with_a_notice(bad, year, words):
    app = open_app(year=bad)
    assert not app.exception
    assert shown_year(app) == year
    assert any(words in w.value for w in app.warning)


def test_panel_quotes_every_tie_of_the_year():
    app = open_app(year="2024")
    html = panel_html(app)
    assert "Alliance with Tajikistan" in html
    assert "In February, alliance agreements were signed with Tajikistan" in html
    assert "Treaty on allied relations with Russia" in html


def test_contested_claims_are_shown_side_by_side():
    app = open_app(year="2005")
    html = panel_html(app)
    assert "at least 700 people were killed" in html and "just under 200 people were killed" in html


def test_a_focused_tie_is_emphasised_on_the_map():
    app = open_app(year="2005", focus="uzb-usa-basing-2001")
    options = map_payload(app)["options"]
    assert options["focus"] == "uzb-usa-basing-2001"
    widths = [trace["line"]["width"] for trace in options["view"]["data"] if "line" in trace]
    # The focused link is drawn wider than the rest (which come in several widths: ATOP's ties thinner).
    assert widths.count(max(widths)) == 1 and any(abs(max(widths) - 1.7 * w) < 1e-9 for w in widths)
    assert app.query_params["focus"] == "uzb-usa-basing-2001"


def test_unknown_focus_falls_back_with_a_notice():
    app = open_app(year="2005", focus="nothing-here")
    assert not app.exception
    assert any("There is no tie" in w.value for w in app.warning)


def test_base_map_and_panel_are_sent_once_a_session():
    app = open_app(year="2004")
    first = map_payload(app)
    assert "base" in first and list(first["panels"]["years"]) == ["2004"]  # the first paint waits for one year
    app.run()
    again = map_payload(app)
    assert "base" not in again and "panels" not in again and again["options"]["year"] == 2004


def open_page(page: str, **query) -> AppTest:
    """A fresh session arriving on a page's URL."""
    app = AppTest.from_file(APP, default_timeout=30)
    for key, value in query.items():
        app.query_params[key] = value
    return app.switch_page(f"pages/{page}.py").run()


def page_html(app: AppTest) -> str:
    return html_blocks(app) + "".join(h.proto.body for h in app.get("html")) + "".join(
        m.value for m in app.markdown)


PAGES = [
    ("timeline", {"year": "2016", "focus": "uzb-kgz-border-memorandum-2016"}, "On October 1, officials"),
    ("sources", {"source": "kyrgyz-uzbek-security-2016"}, "Uzbekistan and Kyrgyzstan strengthen security"),
    ("countries", {"country": "KAZ", "year": "2024"}, "Alliance relations between Uzbekistan and Kazakhstan"),
    ("countries", {"country": "TUR"}, "it is a matter of time for Uzbekistan to become allies with Turkey"),
    ("fergana", {"year": "2016"}, "signed a memorandum of co-operation"),
    ("codebook", {}, "prospective_alliance"),
]


@pytest.mark.parametrize("page, query, text", PAGES, ids=[f"{p}-{'-'.join(q.values())}" for p, q, _ in PAGES])
def test_each_page_shows_its_passages(page, query, text):
    app = open_page(page, **query)
    assert not app.exception
    assert text in page_html(app)


BAD_QUERIES = [
    ("timeline", {"year": "abc", "focus": "no-such-tie"}, ["not a year", "There is no tie"]),
    ("sources", {"source": "nowhere", "at": "99999-100000"}, ["There is no source", "outside this source"]),
    ("sources", {"at": "x-y"}, ["not a passage position"]),
    ("countries", {"country": "ATLANTIS", "year": "1800"}, ["There is no partner", "before 1991"]),
    ("fergana", {"year": "3000"}, ["after 2030"]),
]


@pytest.mark.parametrize("page, query, notices", BAD_QUERIES, ids=[f"{p}-{'-'.join(q.values())}" for p, q, _ in BAD_QUERIES])
def test_bad_query_values_open_the_nearest_view_with_a_notice(page, query, notices):
    app = open_page(page, **query)
    assert not app.exception
    shown = " ".join(w.value for w in app.warning)
    for words in notices:
        assert words in shown


def test_year_carries_over_between_pages():
    app = open_app(year="2016")
    app.switch_page("pages/timeline.py").run()
    assert app.slider[0].value == 2016 and app.query_params["year"] == "2016"
    app.slider[0].set_value(2022).run()
    app.switch_page("pages/map.py").run()
    assert shown_year(app) == 2022 and "ties, 2022" in figure_title(app)


def test_followed_passage_is_highlighted():
    app = open_page("sources", source="kyrgyz-uzbek-security-2016", at="1070-1190", year="2016")
    assert '<mark class="focus">' in page_html(app)
    assert "Back to the map, 2016" in page_html(app)


@pytest.mark.parametrize("source, label", [("kyrgyz-uzbek-security-2016", "Download the archived file ("),
                                           ("atop-5-1-members", "Download the archived file (568,197 bytes)")])
def test_every_source_offers_its_archived_file(source, label):
    app = open_page("sources", source=source)
    assert not app.exception
    assert any(button.proto.label.startswith(label) for button in app.get("download_button"))


def test_a_data_file_shows_the_rows_quoted_not_all_its_rows():
    app = open_page("sources", source="atop-5-1-members")
    assert "rows not quoted" in page_html(app) and len(page_html(app)) < 250_000  # the file itself is 2 MB


def test_a_data_row_followed_from_a_panel_is_highlighted_among_the_rows_quoted():
    from geo.dataset import load
    from geo.sourceview import passages

    row = passages(load(), "atop-5-1-members", "UZB")[0]
    app = open_page("sources", source="atop-5-1-members", at=f"{row.start}-{row.end}")
    assert not app.exception
    assert page_html(app).count('<mark class="focus"') >= 2  # the passage on its own, and among the rows


def test_exports_are_offered_for_the_year():
    app = open_app(year="2016")
    assert not app.get("download_button")
    open_panel(app, EXPORT_PANEL)
    labels = [b.proto.label for b in app.get("download_button")]
    assert labels[:2] == ["Map (PNG)", "Map (SVG)"] and "Key moments pack (PDF)" in labels
    assert labels[-2:] == ["Animation (GIF)", "Animation (MP4 video)"]
    assert app.get("button_group")[0].value == 1.0


def test_broken_data_shows_a_short_summary_not_every_problem(data_copy, monkeypatch):
    """30,000 records, each naming a party that does not exist: the page lists a few, and counts the rest."""
    from functools import partial

    from geo.changes import dataset_version
    from geo.dataset import load
    from pages import cache

    record = "- id: fuzz-{0}\n  kind: alliance\n  title: T\n  parties: [UZB, ZZZ]\n  start: 2005\n  quotes:\n" \
             "    - source: alliance-treaty-2005\n      text: Russia\n"
    relations = data_copy / "relations.yaml"
    relations.write_text(relations.read_text(encoding="utf-8") + "".join(record.format(i) for i in range(30_000)),
                         encoding="utf-8")
    # The app reads the copy as it reads a folder changed under it: by its version.
    monkeypatch.setattr(cache, "load", partial(load, data_copy))
    monkeypatch.setattr(cache, "dataset_version", partial(dataset_version, data_copy))
    app = open_app()
    assert not app.exception
    [error] = app.error
    assert "30,000 problem(s)" in error.value and "29,990 more" in error.value
    assert error.value.count("\n") < 20


def test_visitors_never_see_error_details():
    """An unexpected error shows Streamlit's short notice; the traceback goes to the server log only."""
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"


def test_without_chromium_the_image_exports_say_how_to_enable_them(monkeypatch):
    monkeypatch.setattr("geo.handouts.CHROMIUM", "/nonexistent/chromium")
    app = open_app(year="2016")
    open_panel(app, EXPORT_PANEL)
    labels = [b.proto.label for b in app.get("download_button")]
    assert labels and not any(fmt in label for label in labels for fmt in ("PNG", "SVG", "PDF", "GIF", "MP4"))
    assert any("apt-get install chromium" in c.value for c in app.caption)


def _ties_shown(app: AppTest) -> set[str]:
    return {ident for trace in map_payload(app)["options"]["view"]["data"] for ident in trace.get("customdata") or []}


@pytest.mark.parametrize("query, present, absent", [
    # 1995 holds ATOP treaties only: the news texts are silent on it.
    ({"year": "1995", "evidence": "atop"}, {"atop-4245"}, set()),
    ({"year": "1995", "evidence": "news"}, set(), {"atop-4245"}),
    # 2008: the 2005 treaty with Russia is in both; the CSTO membership only in ATOP.
    ({"year": "2008", "evidence": "both"}, {"uzb-rus-alliance-2005"}, {"atop-4245", "atop-4220-2-uzb"}),
    ({"year": "2008", "kinds": "defence_pact"}, {"atop-4245", "atop-4951"}, {"uzb-rus-alliance-2005", "atop-4097"}),
    ({"year": "2008", "kinds": "alliance,non_aggression_pact"}, {"uzb-rus-alliance-2005", "atop-4097"},
     {"atop-4245"}),
])
def test_filters_in_the_url_choose_the_ties_drawn_and_quoted(query, present, absent):
    app = open_app(**query)
    assert not app.exception
    drawn, html = _ties_shown(app), panel_html(app)
    assert present <= drawn and not absent & drawn
    assert all(f'id="{tie}"' in html for tie in present) and not any(f'id="{tie}"' in html for tie in absent)
    assert {k: app.query_params[k] for k in query} == query
    assert "Filtered: only" in map_payload(app)["options"]["view"]["layout"]["title"]["subtitle"]["text"]


def test_exports_of_a_filtered_map_say_they_hold_only_the_ties_shown():
    app = open_app(year="2008", kinds="defence_pact")
    open_panel(app, EXPORT_PANEL)
    assert any("hold only the ties shown" in caption.value for caption in app.caption)


def test_picking_a_filter_writes_it_to_the_url():
    app = open_panel(open_app(year="2008"), FILTER_PANEL)
    app.radio[0].set_value("both").run()
    assert app.query_params["evidence"] == "both"
    app.multiselect[0].set_value(["alliance"]).run()
    assert app.query_params["kinds"] == "alliance" and app.query_params["evidence"] == "both"
    assert _ties_shown(app) == {"uzb-rus-alliance-2005"}
    app.multiselect[0].set_value([]).run()  # the panel stays open under the hand that cleared the filter
    assert "kinds" not in app.query_params and app.multiselect[0].value == []


@pytest.mark.parametrize("query, opened", [({}, False), ({"kinds": "alliance"}, True), ({"evidence": "atop"}, True)])
def test_the_map_pages_panels_draw_their_widgets_only_once_opened(query, opened):
    """A first visit of the map draws no picker or download button it does not show (their browser
    code held the map back); a filtered view's first visit opens the filter to show what is picked."""
    app = open_app(year="2008", **query)
    assert [e.label for e in app.expander] == ["Filter ties", "Export…"]
    assert (len(app.multiselect), len(app.radio)) == ((1, 1) if opened else (0, 0))
    assert not app.get("download_button") and not app.get("button_group")
    open_panel(app, EXPORT_PANEL)
    assert app.get("download_button") and app.get("button_group")


def test_the_export_panel_stays_open_and_follows_the_year():
    app = open_panel(open_app(year="2016"), EXPORT_PANEL)
    assert "Files of 2016, the year the map shows." in [c.value for c in app.caption]
    app.query_params["year"] = "2017"  # as the back button or an edited URL moves the session's year
    app.run()
    assert "Files of 2017, the year the map shows." in [c.value for c in app.caption]
    assert app.get("download_button")


@pytest.mark.parametrize("query, words", [({"kinds": "friendship"}, "No tie kind “friendship”"),
                                          ({"evidence": "rumour"}, "is not one of news, atop, both")])
def test_unknown_filter_values_show_everything_with_a_notice(query, words):
    app = open_app(year="2008", **query)
    assert not app.exception and any(words in w.value for w in app.warning)
    assert next(iter(query)) not in app.query_params
    assert "atop-4245" in _ties_shown(app)


# ---------------------------------------------------------------- the focus: ?state=

FOCUSES = ["KAZ", "KGZ", "TJK", "TKM", "UZB", "all"]
PAGE_FILES = ["map", "timeline", "sources", "countries", "fergana", "codebook", "briefing"]


@pytest.mark.parametrize("page", PAGE_FILES)
@pytest.mark.parametrize("state", FOCUSES)
def test_every_page_opens_for_every_focus(page, state):
    app = open_page(page, state=state, year="2008") if page != "map" else open_app(state=state, year="2008")
    assert not app.exception
    assert not app.warning, [w.value for w in app.warning]
    assert app.query_params["state"] == state and app.session_state["state"] == state


@pytest.mark.parametrize("state, title", [("KAZ", "Kazakhstan's security ties, 1995"),
                                          ("all", "Central Asia's security ties, 1995"),
                                          ("kgz", "Kyrgyzstan's security ties, 1995")])
def test_the_map_is_of_the_focus_in_the_url(state, title):
    app = open_app(state=state, year="1995")
    assert title in figure_title(app)
    relations = [tie[0] for tie in map_payload(app)["panels"]["years"]["1995"]["ties"]]
    assert relations


def test_the_kazakh_map_of_1995_draws_from_almaty_and_of_2005_from_astana():
    for year, seat in (("1995", "Almaty"), ("2005", "Astana")):
        app = open_app(state="KAZ", year=year)
        assert f"Links from {seat}" in map_payload(app)["options"]["view"]["layout"]["title"]["subtitle"]["text"]


@pytest.mark.parametrize("bad", ["XYZ", "RUS", "<script>", "1" * 5000])
def test_an_unknown_state_opens_the_default_view_with_a_notice(bad):
    app = open_app(state=bad, year="2008")
    assert not app.exception
    assert any("There is no focal state" in w.value and "showing Uzbekistan" in w.value for w in app.warning)
    assert app.query_params["state"] == "UZB" and "Uzbekistan's security ties" in figure_title(app)


def test_the_state_carries_over_between_pages_and_into_every_link():
    app = open_app(state="TJK", year="2016")
    links = [link.proto.query_string for link in app.get("page_link")]
    assert len(links) == 7 and all("state=TJK" in link and "year=2016" in link for link in links)
    assert "state=TJK" in panel_html(app)  # the quotes' "read in source" links keep the focus
    [picker] = [box for box in app.selectbox if box.label == "State or region"]
    assert picker.value == "TJK" and picker.options == ["Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan",
                                                        "Uzbekistan", "Central Asia"]
    app.switch_page("pages/countries.py").run()
    assert app.query_params["state"] == "TJK" and app.query_params["year"] == "2016"
    app.switch_page("pages/map.py").run()
    assert "Tajikistan's security ties, 2016" in figure_title(app)


def test_the_region_shows_who_is_in_which_bloc():
    app = open_app(state="all", year="2003")
    payload = map_payload(app)
    entry = payload["panels"]["years"]["2003"]
    table = payload["panels"]["cards"][entry["lead"][0]]
    assert "Blocs in 2003" in table and "until 1999" in table  # Uzbekistan out of the CST, 1999-2006


@pytest.mark.parametrize("state", ["KAZ", "all", "UZB"])
def test_the_exports_are_of_the_focus(state):
    from pages.exports import export_file

    app = open_panel(open_app(state=state, year="2008"), EXPORT_PANEL)
    assert [b for b in app.get("download_button") if b.proto.label == "Ties and quotes (JSON)"]
    relations = json.loads(export_file("json", state, 2008))["relations"]
    assert relations and (state == "all" or all(state in r["parties"] for r in relations))


def test_the_codebook_shows_the_data_version_and_its_latest_changes():
    app = open_page("codebook")
    assert not app.exception
    text = page_html(app)
    assert f"`{dataset_version()[:12]}`" in text
    logged = change_lines(history()[::-1][:cache.LATEST_CHANGES])
    for line in logged or ["No change has been logged"]:
        assert (safe.markdown(line) if logged else line) in text


STORY = "uzbekistan-between-moscow-and-washington"


def test_a_story_step_opens_from_its_link_with_the_briefers_words_and_its_quotes():
    app = open_page("briefing", story=STORY, step="6")
    html = html_blocks(app)
    assert "<h2>An alliance treaty with Russia</h2>" in html and "Briefer's note" in html
    assert "Mr. Karimov came to Moscow to sign" in html and "ATOP coding sheet, alliance 5075" in html
    options = map_payload(app)["options"]
    assert (options["year"], options["focus"], options["travel"]) == (2005, "uzb-rus-alliance-2005", True)
    assert "Filtered: only in the news texts" in options["view"]["layout"]["title"]["subtitle"]["text"]
    assert dict(app.query_params) == {"story": STORY, "step": "6", "year": "2005", "state": "UZB"}
    assert not app.warning and not app.exception
    app.button[1].click().run()  # Next ▶: a new URL, which the browser keeps as a history entry
    assert (app.query_params["step"], app.query_params["year"]) == ("7", "2006")
    assert "<h2>Back in the CSTO</h2>" in html_blocks(app)


@pytest.mark.parametrize("query, notice, step", [
    ({"story": "no-such-story"}, "There is no story “no-such-story”; showing the key moments.", None),
    ({"story": STORY, "step": "99"}, "This story has no step 99; showing step 12 of 12.", "12"),
    ({"story": STORY, "step": "two"}, "“two” is not a step number (1 to 12); showing step 1.", "1"),
])
def test_a_bad_story_or_step_opens_the_nearest_with_a_notice(query, notice, step):
    app = open_page("briefing", **query)
    assert [w.value for w in app.warning] == [notice] and not app.exception
    assert app.query_params.get("step") == step
    if step is None:  # the key moments, stepped by year as ever
        assert "story" not in app.query_params and app.caption[0].value.startswith("Key moment")


def test_the_story_picker_opens_a_story_at_its_first_step_and_goes_back_to_the_key_moments():
    app = open_page("briefing", year="2005")
    picker = next(box for box in app.selectbox if box.label == "Story")
    picker.set_value(STORY).run()
    assert (app.query_params["story"], app.query_params["step"], app.query_params["year"]) == (STORY, "1", "1992")
    assert "<h2>Inside the Collective Security Treaty</h2>" in html_blocks(app)
    next(box for box in app.selectbox if box.label == "Story").set_value("").run()
    assert "story" not in app.query_params and "step" not in app.query_params
    assert app.caption[0].value.startswith("Key moment")


@pytest.mark.parametrize("state", ["UZB", "all"])
def test_every_chart_the_pages_draw_passes_plotlys_check(state):
    """The pages send their figures to the browser's Plotly as they are (pages/charts.py), which passes
    over what it does not know without a word: each kind must pass plotly's own check."""
    import plotly.graph_objects as go

    from geo.atlas import REGION
    from geo.charts import timeline_figure
    from geo.dataset import load
    from geo.figures import fergana_figure, locator_figure
    from geo.timeline import year_state

    everything = load().focused(REGION)
    data = everything.focused(state)
    tie = data.relations[0].id
    for year in (1991, 2016, 2030):
        for figure in (timeline_figure(data, year, None), timeline_figure(data, year, tie),
                       timeline_figure(data, year, None, partner="RUS"), locator_figure(data, "RUS", year),
                       fergana_figure(everything, year_state(everything, year))):
            go.Figure(figure)  # raises on any property plotly does not know


@pytest.mark.parametrize("state", ["UZB", "KAZ", "KGZ", "TJK", "TKM", "all"])
def test_every_tie_has_a_row_of_its_own_two_lines_at_most(state):
    """A timeline's row labels are wrapped to two short lines so the bars keep most of the chart; two
    ties on one label would be drawn on one row."""
    from geo.atlas import REGION
    from geo.charts import ROW_LINE, timeline_figure
    from geo.dataset import load

    data = load().focused(REGION).focused(state)
    ties = [r for r in data.relations if r.exercise is None]
    rows = timeline_figure(data, 2016)["layout"]["yaxis"]["categoryarray"]
    labels = [row for row in rows if row not in ("Events", "Military exercises (MME)")]
    assert len(labels) == len(ties)
    for label in labels:
        lines = label.split("<br>")
        assert len(lines) <= 2 and all(len(line) <= ROW_LINE + 8 for line in lines), label  # + escaped &amp;s


def test_a_row_does_not_name_the_partner_twice():
    from geo.charts import timeline_figure
    from geo.dataset import load

    rows = timeline_figure(load(), 2016)["layout"]["yaxis"]["categoryarray"]
    assert "Collective Security Treaty Organization" in rows
    assert not any(row.startswith("Collective Security Treaty Organization · Collective") for row in rows)
