"""What ATOP 5.1 and the news texts say of the same tie: where they agree, differ, or one is silent.

Sentences for the panels, written from the records, so a reader meets the difference between
ATOP's obligation types and the sources' word "alliance" where it matters.
"""
from __future__ import annotations

from geo.atlas import REGION
from geo.atop import COVERAGE_END
from geo.codebook import ATOP_KINDS, KINDS, OBLIGATION_WORDS, Kind
from geo.dataset import Dataset
from geo.filters import has_news
from geo.records import Obligation, Relation

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


def earlier_defence_pacts(data: Dataset, before: Relation) -> list[Relation]:
    """ATOP's bilateral defence pacts between the same states that began before a tie. By parties, not
    by the view's holders: the region view holds a tie among the five by one of them only."""
    return sorted((r for r in data.relations if r.kind is Kind.defence_pact and r.id != before.id
                   and set(r.parties) == set(before.parties)
                   and r.start.date.first_day() < before.start.date.first_day()),
                  key=lambda r: r.start.date.first_day())


def _span(start, end) -> str:
    return f"from {start.label()} " + (f"to {end.label()}" if end else "on, still in effect when its data end")


def shared_bloc_defence(data: Dataset, before: Relation) -> list[tuple[Relation, str]]:
    """For a tie between two focal states: the blocs with a defence obligation that ATOP codes both as
    members of before the tie began, each with the years they were members together (one state's
    membership record, and those years in words)."""
    everything = data.focused(REGION).relations
    first, second = before.parties[:2]
    shared = []
    for mine in everything:
        if not (mine.coded and mine.parties[0] == first and mine.parties[1] in data.organisations
                and Obligation.defence in mine.coded.obligations):
            continue
        theirs = next((r for r in everything if r.coded and r.parties == [second, mine.parties[1]]
                       and (r.coded.atop_id, r.coded.phase) == (mine.coded.atop_id, mine.coded.phase)
                       and Obligation.defence in r.coded.obligations), None)
        if theirs is None:
            continue
        start = max(mine.start.date, theirs.start.date, key=lambda d: d.first_day())
        ends = [r.end.date for r in (mine, theirs) if r.end]
        end = min(ends, key=lambda d: d.last_day()) if ends else None
        if (end is None or start.first_day() <= end.last_day()) and start.first_day() < before.start.date.first_day():
            shared.append((mine, _span(start, end)))
    return sorted(shared, key=lambda pair: pair[0].start.date.first_day())


def remarks(data: Dataset, relation: Relation) -> list[str]:
    """Where the two kinds of source meet on this tie, in plain sentences."""
    news = has_news(data, relation)
    said = []
    if relation.coded and news:
        said.append(f"One tie, two kinds of evidence: the news texts and {atop_citation(relation)} agree on the "
                    f"parties and dates. The news texts call it “{KINDS[relation.kind].label.lower()}”; ATOP codes "
                    f"the obligations to {obligations_in_words(relation)}.")
    elif relation.coded:
        # A news text may name the bloc in another tie (text 001: the CSTO, in a refusal to join it).
        blocs = [p for p in data.partners(relation) if p in data.organisations]
        naming = [r for r in data.focused(REGION).relations if has_news(data, r) and set(blocs) & set(r.parties)]
        if naming:
            ties = "; ".join(f"{' and '.join(data.name(p) for p in r.parties if p in data.atlas.codes)}'s "
                             f"“{r.title}”" for r in naming)
            # Not "only ATOP": COW IGO codes memberships of organisations too (geo.memberships compares them).
            said.append(f"No archived news text reports this membership: they name the "
                        f"{' and the '.join(data.name(b) for b in blocs)} only in another tie, {ties}. ATOP codes "
                        f"a {KINDS[relation.kind].label.removesuffix(' (ATOP)').lower()}, not the news texts' "
                        f"“alliance”.")
        else:
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
        earlier = earlier_defence_pacts(data, relation)
        if earlier:
            named = "; ".join(f"{_span(r.start.date, r.end.date if r.end else None)} ({atop_citation(r)})"
                              for r in earlier)
            said.append(f"ATOP's “defence pact” is not the sources' “alliance”: ATOP already codes a defence pact "
                        f"with {data.name(data.partners(relation)[0])}: {named}. No archived news text calls it an "
                        f"alliance.")
        # A bilateral pact that ended is not the end of all defence obligations between the two (4276
        # with a neighbour ended in 1998; the CST and the CIS Charter bound both beyond it).
        shared = shared_bloc_defence(data, relation)
        if shared:
            both = " and ".join(data.name(code) for code in relation.parties[:2])
            named = "; ".join(f"the {data.name(r.parties[1])} ({r.parties[1]}) {span} ({atop_citation(r)})"
                              for r, span in shared)
            said.append(f"ATOP also codes {both} as members of the same blocs, with a defence obligation: {named}.")
    if relation.kind is Kind.non_membership:
        # Only memberships by the state that stays out, of the bloc itself or of the same ATOP alliance
        # in another phase (the Collective Security Treaty before the CSTO): a treaty with a bloc's
        # leading state is no membership of the bloc.
        holders = set(data.holders(relation))
        for bloc in (p for p in data.partners(relation) if p in data.organisations):
            own = [r for r in data.relations if r.kind in ATOP_KINDS and bloc in data.partners(r)
                   and holders & set(data.holders(r))]
            alliances = {r.coded.atop_id for r in own}
            phases = [r for r in data.relations if r.coded and r.coded.atop_id in alliances and r not in own
                      and holders & set(data.holders(r)) and any(p in data.organisations for p in data.partners(r))]
            for member in sorted(own + phases, key=lambda r: r.start.date.first_day()):
                end = member.end.date.label() if member.end else f"still a member in {COVERAGE_END}"
                who = " and ".join(data.name(code) for code in holders & set(data.holders(member)))
                other = next(p for p in data.partners(member) if p in data.organisations)
                what = ("this bloc" if member in own
                        else f"the {data.name(other)} ({other}), the same alliance in ATOP,")
                said.append(f"ATOP codes {who} as a member of {what} from {member.start.date.label()} "
                            f"to {end} ({atop_citation(member)}).")
    return said
