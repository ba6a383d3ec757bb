"""What held in each year, written from a reading of the five sources and of ATOP 5.1, not from the code."""
import pytest

from geo.codebook import Status
from geo.timeline import YearOutOfRange, changes, key_years, year_state

IN, PLAN, END, SPEC = Status.in_force, Status.planned, Status.ended, Status.speculative
CONT = Status.continuing
RUS_ALLIANCE = "uzb-rus-alliance-2005"
FERGANA_MEMO = "uzb-kgz-border-memorandum-2016"
RUS_DEFENCE = "uzb-rus-defence-2017"
KAZ, TJK, AZE = "uzb-kaz-alliance-2022", "uzb-tjk-alliance-2024", "uzb-aze-alliance-2024"
PROGRAMME = "uzb-rus-partnership-2025"
OUTSIDE_BLOCS = {"uzb-csto-non-membership": IN, "uzb-eaeu-non-membership": IN}
WAR_STANCE, STRATEGIC = "uzb-ukraine-war-stance", "uzb-rus-strategic-partnership"
PROSPECTS = {"uzb-tur-prospective-alliance": SPEC, "uzb-kgz-prospective-alliance": SPEC,
             "uzb-tkm-prospective-alliance": SPEC}

YEARS = [
    (1991, {}),
    (1999, {}),
    # US troops arrive for the war against the Taliban (alliance-treaty-2005).
    (2001, {"uzb-usa-basing-2001": IN}),
    (2004, {"uzb-usa-basing-2001": IN}),
    # Andijan; Karimov orders US troops out; September exercises; the Moscow treaty of 14 Nov.
    (2005, {"uzb-usa-basing-2001": END, "uzb-rus-exercise-2005": IN, "uzb-rus-chn-backing-2005": IN,
            RUS_ALLIANCE: IN}),
    (2006, {RUS_ALLIANCE: IN}),
    # The memorandum is reported once, by a 2016 text: attested in 2016, continuing after it.
    (2016, {RUS_ALLIANCE: IN, FERGANA_MEMO: IN}),
    (2017, {RUS_ALLIANCE: IN, FERGANA_MEMO: CONT, RUS_DEFENCE: IN}),
    # From the invasion on, Uzbekistan does not endorse the war (a 2025 text reports the stance as current).
    (2022, {RUS_ALLIANCE: IN, FERGANA_MEMO: CONT, RUS_DEFENCE: IN, KAZ: IN, WAR_STANCE: IN}),
    (2024, {RUS_ALLIANCE: IN, FERGANA_MEMO: CONT, RUS_DEFENCE: IN, KAZ: IN, TJK: IN, AZE: IN, WAR_STANCE: IN}),
    (2025, {RUS_ALLIANCE: IN, FERGANA_MEMO: CONT, RUS_DEFENCE: IN, KAZ: IN, TJK: IN, AZE: IN, PROGRAMME: IN,
            WAR_STANCE: IN, STRATEGIC: IN, **OUTSIDE_BLOCS, **PROSPECTS}),
    # After the newest source (2025) everything documented is a projection; opinion stays opinion.
    (2030, {RUS_ALLIANCE: PLAN, FERGANA_MEMO: PLAN, RUS_DEFENCE: PLAN, KAZ: PLAN, TJK: PLAN, AZE: PLAN,
            PROGRAMME: PLAN, WAR_STANCE: PLAN, STRATEGIC: PLAN, **{bloc: PLAN for bloc in OUTSIDE_BLOCS},
            **PROSPECTS}),
]


@pytest.mark.parametrize("year, expected", YEARS, ids=[str(y) for y, _ in YEARS])
def test_year_state(data, year, expected):
    state = year_state(data, year)
    assert {live.id: live.status for live in state.relations if live.relation.coded is None
            and live.relation.exercise is None and live.relation.membership is None
            or live.id == RUS_ALLIANCE} == expected


# ATOP 5.1's coding of Uzbekistan's membership (atop5_1m.csv; PROVENANCE.md in data/atop/).
CST, CSTO, RUS_1992, SCO = "atop-4220-1-uzb", "atop-4220-2-uzb", "atop-4245", "atop-4810-2-uzb"
ATOP_YEARS = [
    (1991, {CST: None, RUS_1992: None}),
    (1992, {CST: IN, RUS_1992: IN, CSTO: None}),
    (1995, {CST: IN, RUS_1992: IN}),
    (1999, {CST: END}),         # left on 20 April 1999, not signing the renewal protocol
    (2003, {CST: None, CSTO: None, SCO: IN}),
    (2006, {CSTO: IN}),         # rejoined 17 August 2006
    (2008, {CSTO: IN}),
    (2012, {CSTO: END}),        # left on 28 June 2012
    (2013, {CSTO: None}),
    (2018, {RUS_1992: IN, SCO: IN}),    # "still in effect" when the data end
    (2019, {RUS_1992: CONT, SCO: CONT}),
    (2026, {RUS_1992: PLAN}),
]


@pytest.mark.parametrize("year, expected", ATOP_YEARS, ids=[str(y) for y, _ in ATOP_YEARS])
def test_atop_ties_by_year(data, year, expected):
    state = year_state(data, year)
    found = {tie: (state.get(tie).status if state.get(tie) else None) for tie in expected}
    assert found == expected


@pytest.mark.parametrize("tie, last_attested", [
    (FERGANA_MEMO, 2016),   # one 2016 text
    (RUS_ALLIANCE, 2025),   # a 2025 text speaks of the "alliance" as current; ATOP: in effect in 2018
    (CST, 1999), (CSTO, 2012), (RUS_1992, 2018),
    ("uzb-usa-basing-2001", 2005),
])
def test_last_attested_year(data, tie, last_attested):
    assert data.last_attested(data.relation(tie)) == last_attested


def test_a_quote_telling_how_a_tie_began_attests_nothing_later(data):
    alliance = data.relation(RUS_ALLIANCE)
    historical = {q.source for q in alliance.quotes if not q.current}
    # Rabbimov's account of the signing, and the signature answer of ATOP's coding sheet.
    assert historical == {"rabbimov-allies-2025", "atop-sheet-5075"}


@pytest.mark.parametrize("year, events", [
    (1991, {"independence-1991"}),
    (1999, set()),  # the Batken fighting is Kyrgyzstan's (test_focus_decides_the_events)
    (2005, {"andijan-2005", "andijan-trial-2005"}),
    (2016, {"change-of-power-2016", "kamilov-in-bishkek-2016", "mirziyoyev-calls-atambayev-2016",
            "border-officials-in-andijan-2016"}),
    (2022, {"russia-invades-ukraine-2022"}),
    (2030, set()),
])
def test_year_events(data, year, events):
    assert {e.id for e in year_state(data, year).events} == events


@pytest.mark.parametrize("year, projection", [(2025, False), (2026, True), (1991, False)])
def test_years_after_newest_source_are_projections(data, year, projection):
    assert year_state(data, year).projection is projection


def test_changes_between_years(data):
    found = {c.relation.id: c.what for c in changes(data, 2004, 2006) if c.relation.exercise is None
             and c.relation.membership is None}
    assert found == {"uzb-usa-basing-2001": "gone", RUS_ALLIANCE: "appears", CSTO: "appears",
                     "atop-5070": "appears"}
    assert {c.relation.id: c.what for c in changes(data, 2025, 2026)}[PROGRAMME] == "in_force → planned"


@pytest.mark.parametrize("year", [1990, 2031])
def test_years_outside_range_are_refused(data, year):
    with pytest.raises(YearOutOfRange):
        year_state(data, year)


def test_key_years_include_the_turning_points(data):
    assert {1991, 2001, 2005, 2016, 2017, 2022, 2024, 2025, 2030} <= set(key_years(data))


def test_key_moments_step_through_the_story(data):
    from geo.timeline import key_moments
    moments = {m.year: m for m in key_moments(data)}
    news = [1991, 2001, 2005, 2016, 2017, 2022, 2024, 2025, 2030]
    # ATOP adds the defence pacts and blocs: the CST (1992), Tajikistan and the CIS (1993), the SCO
    # (2001), the CSTO (2006, left 2012) ...; its friendship treaties do not make a year a key moment.
    atop = [1992, 1993, 1996, 1997, 1998, 1999, 2000, 2006, 2007, 2012]
    assert sorted(news + atop) == list(moments)
    assert moments[2005].record_id == "uzb-rus-alliance-2005"
    assert "Andijan" in moments[2005].caption
    assert "projection" in moments[2030].caption
    assert all(m.quote.text for m in moments.values())


@pytest.mark.parametrize("focus, year, shown, hidden", [
    ("KGZ", 1999, {"batken-fighting-1999"}, set()),           # a party, and it happened there
    ("UZB", 1999, set(), {"batken-fighting-1999"}),           # neither
    ("KGZ", 2016, {"osh-isil-sentences-2016", "kamilov-in-bishkek-2016"}, {"change-of-power-2016"}),
    ("TKM", 2022, {"russia-invades-ukraine-2022"}, set()),    # no focal state in it: everyone's context
    ("all", 2016, {"osh-isil-sentences-2016", "change-of-power-2016"}, set()),
])
def test_focus_decides_the_events(data, focus, year, shown, hidden):
    events = {event.id for event in year_state(data.focused(focus), year).events}
    assert shown <= events and not hidden & events
