"""What a panel says where ATOP 5.1 and the news texts meet: agree, differ, or one is silent."""
import pytest

from geo.crosscheck import remarks
from geo.filters import Evidence, TieFilter, filtered, tie_filter
from geo.codebook import Kind
from geo.timeline import year_state


@pytest.mark.parametrize("tie, says", [
    # The same treaty in both: one tie, and the difference of words is named.
    ("uzb-rus-alliance-2005", ["One tie, two kinds of evidence: the news texts and ATOP 5.1, alliance 5075 agree",
                               "ATOP already codes a defence pact with Russia: from 30 May 1992 on"]),
    # Only ATOP speaks of it.
    ("atop-4220-1-uzb", ["Only ATOP speaks of this treaty"]),
    # Only the news texts, after ATOP's coverage ends.
    ("uzb-kaz-alliance-2022", ["ATOP 5.1 ends in 2018, before this tie began",
                               "defence pact with Kazakhstan: from 24 Jun 1992 to 31 Oct 1998 (ATOP 5.1, alliance 4276)"]),
    ("uzb-tjk-alliance-2024", ["alliance 4392", "alliance 4951"]),
    # Only the news texts, within ATOP's coverage: ATOP codes no such treaty.
    ("uzb-rus-defence-2017", ["ATOP 5.1 codes no treaty for this tie"]),
    # A stated refusal of a bloc that ATOP codes Uzbekistan as having belonged to.
    ("uzb-csto-non-membership", ["from 17 Aug 2006 to 28 Jun 2012 (ATOP 5.1, alliance 4220, phase 2)"]),
    # Nothing to compare: an exercise is neither a treaty nor in ATOP.
    ("uzb-rus-exercise-2005", []),
])
def test_panel_remarks(data, tie, says):
    text = " ".join(remarks(data, data.relation(tie)))
    assert all(part in text for part in says), text
    assert bool(text) == bool(says)


@pytest.mark.parametrize("tie_filter, kept", [
    (TieFilter(), {"uzb-rus-alliance-2005", "atop-4220-2-uzb", "atop-4245"}),
    (TieFilter(evidence=Evidence.news), {"uzb-rus-alliance-2005"}),
    (TieFilter(evidence=Evidence.atop), {"uzb-rus-alliance-2005", "atop-4220-2-uzb", "atop-4245"}),
    (TieFilter(evidence=Evidence.both), {"uzb-rus-alliance-2005"}),
    (TieFilter(frozenset({Kind.defence_pact})), {"atop-4220-2-uzb", "atop-4245"}),
    (TieFilter(frozenset({Kind.defence_pact}), Evidence.news), set()),
])
def test_filter_by_kind_and_evidence(data, tie_filter, kept):
    """2008: the 2005 treaty (news texts and ATOP), the CSTO and the 1992 pact with Russia (ATOP only)."""
    probe = {"uzb-rus-alliance-2005", "atop-4220-2-uzb", "atop-4245"}
    shown = {live.id for live in filtered(data, year_state(data, 2008), tie_filter).relations}
    assert shown & probe == kept


@pytest.mark.parametrize("kinds, evidence, words", [
    ((), None, None),
    (("defence_pact",), None, "Filtered: only Defence pact (ATOP)"),
    (("non_aggression_pact", "alliance"), "atop", "Filtered: only Alliance, Non-aggression pact (ATOP); coded by ATOP"),
    ((), "both", "Filtered: only in the news texts and coded by ATOP"),
])
def test_a_filter_says_what_it_keeps_in_the_one_order_of_kinds(kinds, evidence, words):
    assert tie_filter(kinds, evidence).words() == words
