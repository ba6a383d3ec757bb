"""The audit of issue 19: what the app writes is held to its records and its sources.

Each finding is a test that failed on the text of efec9e3 (the audit's) and passes now; the last test
is the generated check: every sentence the app writes that names a bloc membership (every panel card,
remark and caption, for every focus and year) cites an ATOP tie coded as that membership.
"""
import html
import re

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from geo.atlas import REGION
from geo.codebook import Kind, Status, Voice
from geo.crosscheck import remarks
from geo.dates import FIRST_YEAR, LAST_YEAR
from geo.figures import fergana_caption, map_view
from geo.panels import bloc_table, bloc_words, relation_card, year_panels
from geo.paths import ROOT
from geo.timeline import key_moments, key_relations, ties_with, year_state

APP = str(ROOT / "app.py")


def open_page(page: str, **query: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=30)
    for key, value in query.items():
        app.query_params[key] = value
    return app.switch_page(f"pages/{page}.py").run()


def focuses(data):
    return [data.focused(focus) for focus in data.atlas.focuses()]


# ---------------------------------------------------------------- 1. a refusal of blocs is no tie with Russia

def test_a_refusal_to_join_is_never_a_tie_with_a_country(data):
    """Moscow-led blocs are not Moscow: no refusal is drawn as a line to a capital or listed among a
    country's ties (the refusal of "Moscow-led alliances" was a tie with Russia)."""
    for view in focuses(data):
        for code in view.countries:
            assert not [r.id for r in ties_with(view, code) if r.kind is Kind.non_membership], (view.focus, code)
        refusals = {r.id for r in view.relations if r.kind is Kind.non_membership}
        for year in (2025, 2030):
            drawn = {tie for trace in map_view(view, year_state(view, year))["data"]
                     for tie in trace.get("customdata") or ()}
            assert not drawn & refusals, (view.focus, year)


def test_the_refusal_of_moscow_led_alliances_is_quoted_on_the_blocs_it_names(data):
    """The source names the EAEU and the CSTO as the Moscow-led alliances: its headline is quoted there."""
    headline = "refuses to join Moscow-led alliances"
    for tie in ("uzb-csto-non-membership", "uzb-eaeu-non-membership"):
        assert any(headline in quote.text for quote in data.relation(tie).quotes), tie


# ---------------------------------------------------------------- 2. the Countries page on a bloc

@pytest.mark.parametrize("code, says, never", [
    ("CIS", ["1 membership coded by ATOP"], ["refusal"]),
    ("CSTO", ["1 membership coded by ATOP", "1 stated refusal to join"], []),
    ("EAEU", ["1 stated refusal to join"], ["membership"]),
])
def test_the_countries_page_says_what_a_blocs_ties_are(code, says, never):
    app = open_page("countries", country=code, state="UZB")
    assert not app.exception
    text = " ".join(info.value for info in app.info).replace("\\", "")
    assert all(words in text for words in says) and not any(words in text for words in never), text


def test_a_blocs_words_count_its_ties_for_every_focus(data):
    for view in focuses(data):
        for code in view.organisations:
            ties = ties_with(view, code)
            words = bloc_words(view, code)
            assert ("refusal" in words) == any(r.kind is Kind.non_membership for r in ties), (view.focus, words)
            assert ("coded by ATOP" in words) == any(r.coded for r in ties), (view.focus, words)


# ---------------------------------------------------------------- 3. smaller findings

def test_no_card_says_the_news_texts_are_silent_on_a_bloc_they_name(data):
    """Text 001 names the CSTO: the CSTO membership card says where, not that no news text mentions it."""
    for view in focuses(data):
        named = {code for r in view.focused(REGION).relations for code in r.parties
                 if code in view.organisations and any(view.sources[q.source].cite_as is None for q in r.quotes)}
        for relation in view.relations:
            said = " ".join(remarks(view, relation))
            if "none of the archived news texts mentions it" in said:
                assert not named & set(relation.parties), (view.focus, relation.id)
    said = " ".join(remarks(data, data.relation("atop-4220-2-uzb")))
    assert "name the Collective Security Treaty Organization only in another tie, Uzbekistan's “Stays out of the " \
           "CSTO”" in said


@pytest.mark.parametrize("focus", ["UZB", "KAZ", REGION])
def test_the_kazakh_alliance_card_names_the_defence_obligations_beyond_1998(data, focus):
    """The bilateral pact ended in 1998; the Collective Security Treaty and the CIS Charter bound both
    beyond it (ATOP 4220 phase 1 until Uzbekistan left in 1999; 4400 with no end in ATOP's data)."""
    view = data.focused(focus)
    said = " ".join(remarks(view, view.relation("uzb-kaz-alliance-2022")))
    assert "from 24 Jun 1992 to 31 Oct 1998 (ATOP 5.1, alliance 4276)" in said
    assert "the Collective Security Treaty (CST) from 15 May 1992 to 20 Apr 1999 (ATOP 5.1, alliance 4220, phase 1)" \
           in said
    assert "the Commonwealth of Independent States (CIS) from 22 Jan 1993 on, still in effect when its data end " \
           "(ATOP 5.1, alliance 4400)" in said


def test_an_alliance_card_names_only_pacts_between_its_own_parties(data):
    """In the region view, Russia's treaty with Uzbekistan listed the other four's pacts with Russia."""
    view = data.focused(REGION)
    said = " ".join(remarks(view, view.relation("uzb-rus-alliance-2005")))
    cited = set(re.findall(r"alliance (\d+)\)", said))
    assert cited == {"4245"}, said


def test_the_csto_refusal_card_cites_the_collective_security_treaty_too(data):
    said = remarks(data, data.relation("uzb-csto-non-membership"))
    assert said == [
        "ATOP codes Uzbekistan as a member of the Collective Security Treaty (CST), the same alliance in ATOP, from "
        "15 May 1992 to 20 Apr 1999 (ATOP 5.1, alliance 4220, phase 1).",
        "ATOP codes Uzbekistan as a member of this bloc from 17 Aug 2006 to 28 Jun 2012 (ATOP 5.1, alliance 4220, "
        "phase 2)."]


def test_the_fergana_caption_draws_the_memorandum_as_its_sources_attest_it(data):
    """One text of 2016 reports the memorandum; no source says it held after (nor that it ended)."""
    caption = fergana_caption(data.focused(REGION))
    assert "in the years it holds" not in caption
    assert "solid in 2016, the only year a source attests it; after 2016 dash-dot" in caption
    assert "dashed after 2025, a projection" in caption
    memo = data.relation("uzb-kgz-border-memorandum-2016")
    statuses = {year: year_state(data, year).get(memo.id).status for year in range(2016, LAST_YEAR + 1)}
    assert {year for year, status in statuses.items() if status is Status.in_force} == {2016}
    assert {status for year, status in statuses.items() if 2016 < year <= 2025} == {Status.continuing}
    app = open_page("fergana", year="2020")
    shown = " ".join(caption.value for caption in app.caption).replace("\\", "")
    assert "in the years it holds" not in shown and "after 2016 dash-dot" in shown, shown


def test_a_key_moment_names_every_tie_that_ends_in_its_year(data):
    """2005: the treaty with Russia and Andijan had pushed the end of US basing out of the caption."""
    for view in focuses(data):
        for moment in key_moments(view):
            for relation in key_relations(view):
                if relation.end and relation.end.date.year == moment.year and relation.start.date.year < moment.year:
                    assert f"{relation.title}: " in moment.caption, (view.focus, moment.year, moment.caption)
    moment = next(m for m in key_moments(data) if m.year == 2005)
    assert "US troops stationed in Uzbekistan: ends" in moment.caption


def test_western_governments_are_said_to_do_what_the_quote_says(data):
    claim = next(claim for claim in data.claims if claim.id == "andijan-cause")
    western = next(p for p in claim.positions if p.claimant == "Most Western governments")
    assert "investigat" not in western.says.lower() and "criticis" in western.says
    assert all("criticized" in quote.text for quote in western.quotes)


def test_a_blocs_members_are_those_of_the_years_the_tie_shows(data):
    """The OSCE tie of Uzbekistan (from 1993) listed Czechoslovakia (gone at the end of 1992) and
    named Germany as West Germany."""
    relation = data.relation("atop-3740-2-uzb")
    names = [data.name(code) for code in relation.coded.members]
    assert "CSK" not in relation.coded.members and "Germany" in names and "West Germany" not in " ".join(names)
    listed = re.search(r"<details><summary>\d+ members</summary>(.*?)</details>",
                       relation_card(data, relation, Status.in_force, 2000))[1]
    assert "Czechoslovakia" not in listed and "West Germany" not in listed and "Germany" in listed


def test_the_sco_tie_of_uzbekistan_quotes_no_article_it_never_signed(data):
    """Phase 2's coding sheet repeats the 1996 border agreement (phase 1: China with Kazakhstan,
    Kyrgyzstan, Russia and Tajikistan); only the SCO declaration binds Uzbekistan."""
    uzbek = " ".join(q.text for q in data.relation("atop-4810-2-uzb").quotes)
    assert "Art I:" not in uzbek and "Sino-CIS border" not in uzbek
    assert "The States members of the Shanghai Cooperation Organization" in uzbek
    kazakh = " ".join(q.text for q in data.focused("KAZ").relation("atop-4810-2-kaz").quotes)
    assert "Art I:" in kazakh  # Kazakhstan signed the 1996 agreement


def test_the_us_consultation_pact_says_whose_promise_its_quote_is(data):
    relation = data.relation("atop-4998")
    card = html.unescape(relation_card(data, relation, Status.in_force, 2005))
    assert "Uzbekistan undertakes to" not in card
    assert "not the same obligations for every member; ATOP codes Uzbekistan as undertaking to" in card
    assert "No. Consultation is primarily about Uzbekistan’s security." in card


@pytest.mark.parametrize("text", [
    "although Uzbekistan’s reluctance to join certain alliances highlights its independent diplomatic stance",
    "it remains cautious about entangling in military conflicts",
    "Uzbekistan began to interpret the concept of \"alliance\" in a completely different way",
])
def test_an_authors_characterisation_is_quoted_as_opinion(data, text):
    everything = data.focused(REGION)
    quotes = [q for record in [*everything.relations, *everything.events] for q in record.quotes if text in q.text]
    assert quotes and all(q.voice is Voice.opinion for q in quotes)


def test_a_judgement_is_not_quoted_as_the_report_of_an_event(data):
    event = data.event("russia-invades-ukraine-2022")
    assert not any("undoubtedly" in q.text for q in event.quotes if q.voice is Voice.report)


def test_no_country_note_dates_a_tie_the_records_date_otherwise(data):
    """"Kazakhstan's tie begins in 2022" ignored ATOP's pacts from 1992; a seat's years are the atlas's."""
    everything = data.focused(REGION)
    notes = {c["code"]: c.get("note", "") for c in
             yaml.safe_load((ROOT / "data" / "countries.yaml").read_text(encoding="utf-8"))}
    for code, note in notes.items():
        for year in re.findall(r"tie begins in (\d{4})", note):
            first = min((r.start.date.year for r in everything.relations if code in r.parties), default=None)
            assert first == int(year), (code, note)
    seats = {seat.since.year for seat in data.atlas.state("KAZ").seats[1:]}
    assert {int(year) for year in re.findall(r"\d{4}", notes["KAZ"])} <= seats


# ---------------------------------------------------------------- the generated check

NAME = r"[^()]+?"
SPAN = r"from .+? (?:to .+?|on, still in effect when its data end)"
CITE = r"\(ATOP 5\.1, alliance (?P<id>\d+)(?:, phase (?P<phase>\d+))?\)"
ONE_MEMBER = re.compile(rf"ATOP codes (?P<who>{NAME}) as a member of (?:this bloc|the (?P<name>{NAME}) "
                        rf"\((?P<code>[A-Z]+)\), the same alliance in ATOP,) from (?P<start>.+?) to (?P<end>.+?) {CITE}\.")
SHARED = re.compile(r"ATOP also codes (?P<a>[^.]+?) and (?P<b>[^.]+?) as members of the same blocs, with a defence "
                    r"obligation: (?P<items>.+?)\.(?: |$)")
SHARED_ITEM = re.compile(rf"the (?P<name>{NAME}) \((?P<code>[A-Z]+)\) {SPAN} {CITE}")
MEMBER_WORDS = re.compile(r"\bmembers? of\b")


def _text(fragment: str) -> str:
    """The app's own words in a fragment of HTML: the sources' quoted words left out."""
    own = re.sub(r"<blockquote\b.*?</blockquote>", " ", fragment, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", own)).split())


def _membership(everything, code: str, bloc: str, atop_id: str, phase: str | None):
    return next((r for r in everything.relations if r.coded and r.parties == [code, bloc]
                 and (r.coded.atop_id, r.coded.phase) == (int(atop_id), int(phase or 0))), None)


def written(view):
    """(where, the relation it is of or None, text) of everything the app writes for one focus: every
    card of every year's panel and of the Countries page, remark, caption, bloc box and bloc table."""
    states = [year_state(view, year) for year in range(FIRST_YEAR, LAST_YEAR + 1)]
    panels = year_panels(view, states)
    for key, card in panels["cards"].items():
        yield f"panel card {key}", view.relation(key.split(":")[0]), _text(card.replace(panels["slot"], "2000"))
    for relation in view.relations:
        yield f"card {relation.id} (not held)", relation, _text(relation_card(view, relation, None, 2000))
    for state in states:
        for note in map_view(view, state)["layout"]["annotations"]:
            yield f"map {state.year}", None, _text(note["text"].replace("<br>", " · "))
        yield f"bloc table {state.year}", None, _text(bloc_table(view, state))
    for moment in key_moments(view):
        yield f"moment {moment.year}", None, moment.caption
    for code in view.organisations:
        yield f"bloc {code}", None, bloc_words(view, code)
    yield "fergana caption", None, fergana_caption(view)


def test_no_sentence_names_a_bloc_membership_that_atop_does_not_code(data):
    everything = data.focused(REGION)
    codes = {state.name: state.code for state in data.atlas.states}
    checked = 0
    for view in focuses(data):
        for where, relation, text in written(view):
            found = list(ONE_MEMBER.finditer(text))
            for sentence in found:
                blocs = ([sentence["code"]] if sentence["code"] else
                         [p for p in relation.parties if p in view.organisations] if relation else [])
                assert blocs, (view.focus, where, sentence[0])
                for who in sentence["who"].split(" and "):
                    tie = next((_membership(everything, codes[who], bloc, sentence["id"], sentence["phase"])
                                for bloc in blocs), None)
                    assert tie is not None, (view.focus, where, sentence[0])
                    assert sentence["start"] == tie.start.date.label(), (where, sentence[0])
                    assert sentence["end"] == (tie.end.date.label() if tie.end else "still a member in 2018")
                checked += 1
            shared = list(SHARED.finditer(text))
            for sentence in shared:
                items = list(SHARED_ITEM.finditer(sentence["items"]))
                assert len(items) == sentence["items"].count("(ATOP 5.1"), (where, sentence[0])
                for item in items:
                    for who in (sentence["a"], sentence["b"]):
                        assert _membership(everything, codes[who], item["code"], item["id"], item["phase"]), \
                            (view.focus, where, who, item[0])
                    checked += 1
            # Any other wording of a membership would escape this check: there is none.
            assert len(MEMBER_WORDS.findall(text)) == len(found) + len(shared), (view.focus, where, text)
            if where.startswith("map") and "Member of:" in text:
                # The box names blocs, not treaties: each one a dataset codes the focus a member of that year.
                state = year_state(view, int(where.split()[1]))
                listed = re.search(r"Member of: ([^·]+)", text)[1]
                for bloc in re.findall(r"\b([A-Z]{2,5})\b", listed):
                    assert any((r.coded or r.membership) and r.parties == [view.focus, bloc] and state.get(r.id)
                               for r in view.relations), (view.focus, where, bloc)
    assert checked >= 20  # the check reads real sentences: the CSTO refusal, the alliances with neighbours
