"""What ATOP 5.1 and the news texts say of the same tie: where they agree, differ, or one is silent.

Sentences for the panels, written from the records, so a reader meets the difference between
ATOP's obligation types and the sources' word "alliance" where it matters.
"""
from __future__ import annotations

from geo.atop import COVERAGE_END
from geo.codebook import ATOP_KINDS, KINDS, OBLIGATION_WORDS, Kind
from geo.dataset import Dataset
from geo.filters import has_news
from geo.records import Relation

# Kinds that name a signed treaty, which ATOP would code if it held obligations ATOP counts.
TREATY_KINDS = (Kind.alliance, Kind.defence_cooperation, Kind.military_partnership)


def atop_citation(relation: Relation) -> str:
    coded = relation.coded
    assert coded is not None
    return f"{coded.dataset}, alliance {coded.atop_id}" + (f", phase {coded.phase}" if coded.phase else "")


def obligations_in_words(relation: Relation) -> str:
    assert relation.coded is not None
    words = [OBLIGATION_WORDS[o.value] for o in relation.coded.obligations]
    return " and ".join([", ".join(words[:-1]), words[-1]] if len(words) > 1 else words)


def earlier_defence_pacts(data: Dataset, before: Relation, partners: list[str] | None = None) -> list[Relation]:
    """ATOP's bilateral defence pacts that began before a tie (with the given partners only, if named)."""
    return sorted((r for r in data.relations if r.kind is Kind.defence_pact and r.id != before.id
                   and not any(p in data.organisations for p in data.partners(r))
                   and (partners is None or set(data.partners(r)) & set(partners))
                   and r.start.date.first_day() < before.start.date.first_day()),
                  key=lambda r: r.start.date.first_day())


def remarks(data: Dataset, relation: Relation) -> list[str]:
    """Where the two kinds of source meet on this tie, in plain sentences."""
    news = has_news(data, relation)
    said = []
    if relation.coded and news:
        said.append(f"One tie, two kinds of evidence: the news texts and {atop_citation(relation)} agree on the "
                    f"parties and dates. The news texts call it “{KINDS[relation.kind].label.lower()}”; ATOP codes "
                    f"the obligations to {obligations_in_words(relation)}.")
    elif relation.coded:
        said.append(f"Only ATOP speaks of this treaty: none of the archived news texts mentions it. ATOP codes "
                    f"a {KINDS[relation.kind].label.removesuffix(' (ATOP)').lower()}, not the news texts' "
                    f"“alliance”.")
    elif relation.kind in TREATY_KINDS:
        if relation.start.date.year > COVERAGE_END:
            said.append(f"ATOP 5.1 ends in {COVERAGE_END}, before this tie began: only the news texts speak of it.")
        else:
            said.append("ATOP 5.1 codes no treaty for this tie (it counts defence, offence, neutrality, "
                        "non-aggression and consultation pledges only): only the news texts speak of it.")
    if relation.kind is Kind.alliance:
        earlier = earlier_defence_pacts(data, relation, data.partners(relation))
        if earlier:
            named = "; ".join(f"from {r.start.date.label()} "
                              + (f"to {r.end.date.label()}" if r.end else "on, still in effect when its data end")
                              + f" ({atop_citation(r)})" for r in earlier)
            said.append(f"ATOP's “defence pact” is not the sources' “alliance”: ATOP already codes a defence pact "
                        f"with {data.name(data.partners(relation)[0])}: {named}. No archived news text calls it an "
                        f"alliance.")
    if relation.kind is Kind.non_membership:
        # Only memberships of the bloc itself, by the state that stays out: a treaty with a bloc's
        # leading state is no membership of the bloc.
        holders = set(data.holders(relation))
        for bloc in (p for p in data.partners(relation) if p in data.organisations):
            for member in (r for r in data.relations if r.kind in ATOP_KINDS and bloc in data.partners(r)
                           and holders & set(data.holders(r))):
                end = member.end.date.label() if member.end else f"still a member in {COVERAGE_END}"
                who = " and ".join(data.name(code) for code in holders & set(data.holders(member)))
                said.append(f"ATOP codes {who} as a member of this bloc from {member.start.date.label()} "
                            f"to {end} ({atop_citation(member)}).")
    return said
