"""HTML for the quoted side panels. Source text is always escaped: a quote shows as text, and
markup inside a source can never execute or format."""
from __future__ import annotations

from geo import safe

from geo.codebook import ATOP_KINDS, KINDS, STATUSES, VOICES, Kind, Status, Voice
from geo.crosscheck import atop_citation, obligations_in_words, remarks
from geo.dataset import Dataset
from geo.igo import MEMBERSHIP, VALUES
from geo.memberships import Disagreement, disagreements_of, in_view
from geo.mme import UNKNOWN
from geo.records import Claim, Event, Quote, Relation, When
from geo.styles import EVENT, KIND_STYLE, kind_rank
from geo.timeline import LiveRelation, YearState, ties_with

STYLE = """<style>
.atlas-card{border-left:6px solid var(--kind);padding:.45rem .8rem;margin:.2rem 0 .9rem;background:#fafafa}
.atlas-card.focus{background:#fff8e1;box-shadow:0 0 0 2px #e0b000}
.atlas-card h4{margin:0 0 .15rem;font-size:1.15rem;line-height:1.3}
.atlas-meta{color:#444;font-size:.95rem;margin-bottom:.35rem}
.atlas-badge{display:inline-block;border-radius:3px;padding:0 .35rem;margin-right:.3rem;font-size:.85rem;
  border:1px solid #888;color:#222;background:#fff}
.atlas-badge.speculative,.atlas-badge.planned{border-style:dashed}
blockquote.atlas-quote{margin:.35rem 0;padding:.1rem .7rem;border-left:3px solid #bbb;font-size:1.02rem;
  color:#1a1a1a;white-space:normal}
blockquote.atlas-quote.opinion{border-left-style:dotted;font-style:italic}
.atlas-cite{display:block;font-size:.85rem;color:#555;font-style:normal;margin-top:.1rem}
.atlas-cite a{color:#0b5cad;text-decoration:underline}
.atlas-contested{display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:.5rem}
.atlas-contested>div{border:1px dashed #c0392b;padding:.4rem .6rem;background:#fff}
.atlas-badge.continuing{border-style:dotted}
.atlas-coded{font-size:.95rem;margin:.2rem 0 .35rem;color:#222}
.atlas-remark{font-size:.95rem;margin:.2rem 0 .35rem;padding:.2rem .5rem;background:#eef3f8;border-radius:3px}
.atlas-blocs{border-collapse:collapse;margin:.2rem 0 .9rem;font-size:.88rem}
.atlas-blocs th,.atlas-blocs td{border:1px solid #ccc;padding:.2rem .45rem;text-align:left;vertical-align:top}
.atlas-blocs td.in{background:#e3f0fa;font-weight:600}
.atlas-blocs td.out{color:#555}
.atlas-blocs td.none{color:#777;text-align:center}
.atlas-blocs caption{caption-side:top;text-align:left;font-weight:600;padding-bottom:.2rem}
.atlas-blocs td.differ{outline:2px dashed #c0392b;outline-offset:-3px}
.atlas-blocs .cow{display:block;font-weight:400;color:#444;font-size:.8rem}
blockquote.atlas-quote.row{font-family:"DejaVu Sans Mono",monospace;font-size:.8rem;overflow-wrap:anywhere;color:#444}
</style>"""


# Where the year goes in a card sent to the browser's player, which fills it in for the year shown.
# Escaped source text can never contain "<", so the slot cannot occur in it.
YEAR_SLOT = "<year>"


def empty_year(data: Dataset) -> str:
    whose = data.atlas.name if data.region else data.focal.name
    return f"<p>No documented security tie of {safe.html(whose)} in this year.</p>"


def source_link(source_id: str, span: tuple[int, int], year: int | str, focus: str) -> str:
    """The Sources page with this span highlighted, keeping the reader's year and focus."""
    return f"./sources?source={safe.html(source_id)}&amp;at={span[0]}-{span[1]}&amp;year={year}&amp;state={focus}"


def quote_html(data: Dataset, quote: Quote, year: int | str) -> str:
    source = data.sources[quote.source]
    # A coded dataset is cited by alliance and phase; its files' undated-ness is told on the Codebook page.
    note = (" · date inferred: " + safe.html(source.published.inferred)
            if source.published.inferred and source.cite_as is None else "")
    voice = f"{VOICES[quote.voice].label} · " if quote.voice is Voice.opinion else ""
    span = data.span(quote.source, quote.text)
    link = source_link(quote.source, span, year, data.focus)
    if source.file.endswith(".csv"):  # a data row: shown as the row it is, not as prose
        line = data.texts[quote.source].count("\n", 0, span[0]) + 1
        return (f'<blockquote class="atlas-quote row">{safe.html(quote.text)}<span class="atlas-cite">'
                f'{safe.html(data.citation(quote.source))}, line {line} · '
                f'<a href="{link}" target="_self">read in source</a></span></blockquote>')
    # A coding sheet's answer that is itself a quotation of the treaty keeps its own quotation marks.
    text = safe.html(quote.text) if quote.text.startswith("“") else f"“{safe.html(quote.text)}”"
    return (f'<blockquote class="atlas-quote {quote.voice.value}">{text}'
            f'<span class="atlas-cite">{voice}{safe.html(data.citation(quote.source))}{note} · '
            f'<a href="{link}" target="_self">read in source</a></span></blockquote>')


def _label(when: When) -> str:
    """A date as precise as known, starred when no source prints it."""
    return when.date.label() + ("*" if when.inferred else "")


def _dates(relation: Relation) -> str:
    if relation.end is None:
        return f"since {_label(relation.start)}, no end reported"
    return f"{_label(relation.start)} – {_label(relation.end)}"


def _status_badge(data: Dataset, relation: Relation, status: Status | None, year: int | str) -> str:
    if status is None:
        return f'<span class="atlas-badge">not held in {year}</span>'
    attested = data.last_attested(relation)
    since = (f" · last attested {attested}" if status is Status.continuing and attested
             else " · attested by no source" if status is Status.continuing else "")
    return f'<span class="atlas-badge {status.value}">{STATUSES[status].label} in {year}{since}</span>'


def _coded(data: Dataset, relation: Relation) -> str:
    """What ATOP codes of a tie: its alliance and phase, the obligations in words, a bloc's members."""
    if relation.coded is None:
        return ""
    members = ""
    if any(code in data.organisations for code in data.partners(relation)):
        names = ", ".join(safe.html(data.name(code)) for code in relation.coded.members)
        members = f'<details><summary>{len(relation.coded.members)} members</summary>{names}</details>'
    who = " and ".join(data.name(code) for code in relation.parties if code in data.atlas.codes)
    # Where the members' obligations differ, the treaty's words quoted may be one side's promise only
    # (4998: the United States'): the line says it is ATOP's coding, beside the sheet's word on it.
    pledge = (f"not the same obligations for every member; ATOP codes {who} as undertaking to"
              if relation.coded.asymmetric else f'{who} {"undertake" if " and " in who else "undertakes"} to')
    return (f'<div class="atlas-coded"><b>{safe.html(atop_citation(relation))}</b>: {safe.html(pledge)} '
            f'{safe.html(obligations_in_words(relation))}{members}</div>')


# An exercise with more partners than this names how many: its card lists them.
NAMED_PARTNERS = 3


def _degrees(value: float, positive: str, negative: str) -> str:
    return f"{abs(value):.2f}° {positive if value >= 0 else negative}"


def _exercise(data: Dataset, relation: Relation) -> str:
    """What MME codes of an exercise: who took part (folded away when many did), where it was held, and
    what else its participant columns list."""
    exercise = relation.exercise
    if exercise is None:
        return ""
    names = [safe.html(data.name(code)) for code in relation.parties]
    place = safe.html(exercise.place) if exercise.place else "a place MME does not name"
    if exercise.lat is not None:
        place += f" ({_degrees(exercise.lat, 'N', 'S')}, {_degrees(exercise.lon, 'E', 'W')})"
    others = [("participants it does not name (-9)" if entry == UNKNOWN else f"“{safe.html(entry)}”, not a state")
              for entry in exercise.others]
    also = f"; MME also lists {'; '.join(others)}" if others else ""
    cited = f'<b>MME, exercise {safe.html(exercise.mme_id)}</b>'
    if relation.group_exercise:
        return (f'<div class="atlas-coded">{cited}: held in {place}{also}<details><summary>{len(names)} states'
                f'</summary>{", ".join(names)}</details></div>')
    return f'<div class="atlas-coded">{cited}: {" and ".join(names)}, held in {place}{also}</div>'


def bloc_words(data: Dataset, code: str) -> str:
    """Plain text for a bloc on the Countries page: it has no place to link to, and what its ties with
    the focus are, counted from them (memberships ATOP codes, refusals a source reports), never assumed."""
    ties = ties_with(data, code)
    kinds = [(len([r for r in ties if r.coded]), "membership", "memberships", " coded by ATOP"),
             (len([r for r in ties if r.membership]), "membership", "memberships", " coded by COW IGO"),
             (len([r for r in ties if r.kind is Kind.non_membership]), "stated refusal to join",
              "stated refusals to join", " reported in the news texts"),
             (len([r for r in ties if not r.coded and not r.membership and r.kind is not Kind.non_membership]),
              "other tie", "other ties", "")]
    said = [f"{count} {one if count == 1 else many}{how}" for count, one, many, how in kinds if count]
    whose = data.atlas.name if data.region else data.focal.name
    return (f"{data.name(code)} is a bloc, not a place: there is no link to draw. Its ties with {whose}: "
            f"{'; '.join(said) or 'none'}.")


def _igo(data: Dataset, relation: Relation) -> str:
    """What COW IGO codes of a membership: the organisation as its codebook numbers it, the value and its years."""
    membership = relation.membership
    if membership is None:
        return ""
    organisation = data.igo.organisations[relation.parties[1]]
    number = next(number for number, name in MEMBERSHIP.items() if name == membership.value)
    first, rows = relation.start.date.year, membership.rows
    return (f'<div class="atlas-coded"><b>{safe.html(membership.dataset)}, organisation {organisation.number} '
            f'({safe.html(organisation.column)})</b>: {VALUES[number]} (coded {number}) in each year {first}–'
            f'{first + len(rows) - 1}, rows {rows[0]}–{rows[-1]} (the first and last quoted)</div>')


def disagreement_html(data: Dataset, disagreement: Disagreement, year: int) -> str:
    """Where ATOP and COW IGO differ on a membership in a year: each dataset's reading beside the other's,
    with the rows that say it."""
    columns = "".join(f'<div><b>{safe.html(reading.dataset)}</b>: {safe.html(reading.says)}'
                      + "".join(quote_html(data, quote, year) for quote in reading.quotes) + "</div>"
                      for reading in disagreement.readings)
    return (f'<div class="atlas-meta"><b>The datasets differ:</b> {safe.html(data.name(disagreement.state))} and the '
            f'{safe.html(data.name(disagreement.organisation))} in {disagreement.year} <i>(ATOP codes the treaty, COW '
            f'IGO the organisation; both kept side by side)</i></div><div class="atlas-contested">{columns}</div>')


def tied_with(data: Dataset, relation: Relation, joiner: str = " with ") -> str:
    """Whom the tie is with ("Russia"); in the region view whose tie it is too ("<state> with Russia")."""
    others = data.partners(relation)
    partners = (f"{len(others)} states" if relation.exercise and len(others) > NAMED_PARTNERS
                else ", ".join(data.name(p) for p in others))
    return ", ".join(data.name(p) for p in data.holders(relation)) + joiner + partners if data.region else partners


def relation_card(data: Dataset, relation: Relation, status: Status | None, year: int | str,
                  focused: bool = False) -> str:
    """A tie with its quotes; `status` is its status in `year`, or None if it did not hold then. Given a year
    (not YEAR_SLOT), the card shows where the datasets differ on it that year."""
    badge = _status_badge(data, relation, status, year)
    style = KIND_STYLE[relation.kind]
    partners = safe.html(tied_with(data, relation) if data.region else "with " + tied_with(data, relation))
    provinces = ", ".join(safe.html(data.name(p)) for p in relation.provinces)
    quotes = "".join(quote_html(data, q, year) for q in relation.quotes)
    claims = "".join(claim_html(data, c, year) for c in data.claims_about(relation.id))
    said = "".join(f'<div class="atlas-remark">{safe.html(remark)}</div>' for remark in remarks(data, relation))
    differ = ("".join(disagreement_html(data, d, year) for d in disagreements_of(data, relation, year))
              if isinstance(year, int) else "")
    return (f'<div class="atlas-card{" focus" if focused else ""}" style="--kind:{style.colour}" '
            f'id="{safe.html(relation.id)}"><h4>{safe.html(relation.title)}</h4>'
            f'<div class="atlas-meta"><span class="atlas-badge">{KINDS[relation.kind].label}</span>'
            f'{badge}'
            f'{partners}{" (" + provinces + ")" if provinces else ""} · {safe.html(_dates(relation))}</div>'
            f'{_coded(data, relation)}{_exercise(data, relation)}{_igo(data, relation)}{said}{differ}{quotes}{claims}'
            '</div>')


def event_card(data: Dataset, event: Event, year: int | str) -> str:
    place = data.name(event.place) if event.place else "no place given"
    quotes = "".join(quote_html(data, q, year) for q in event.quotes)
    claims = "".join(claim_html(data, c, year) for c in data.claims_about(event.id))
    return (f'<div class="atlas-card" style="--kind:{EVENT}" id="{safe.html(event.id)}">'
            f'<h4>★ {safe.html(event.title)}</h4><div class="atlas-meta">{safe.html(_label(event.date))} · '
            f'{safe.html(place)}</div>'
            f'{quotes}{claims}</div>')


def claim_html(data: Dataset, claim: Claim, year: int | str) -> str:
    columns = "".join(
        f'<div><b>{safe.html(p.claimant)}</b>: {safe.html(p.says)}'
        + "".join(quote_html(data, q, year) for q in p.quotes) + "</div>"
        for p in claim.positions)
    return (f'<div class="atlas-meta"><b>Contested:</b> {safe.html(claim.question)} '
            f'<i>(kept side by side; the atlas does not pick one)</i></div><div class="atlas-contested">{columns}</div>')


def _ordered(state: YearState) -> list[LiveRelation]:
    """What the news texts report first, then ATOP's coded treaties and COW IGO's memberships, then MME's
    exercises; each by the weight of its kind."""
    return sorted(state.relations, key=lambda live: (live.relation.exercise is not None,
                                                     live.relation.kind in ATOP_KINDS or live.relation.membership is not None,
                                                     kind_rank(live.relation.kind)))


def panel_heading(state: YearState) -> str:
    count = len(state.relations)
    return f"{count} tie{'' if count == 1 else 's'} in {state.year}" + (" (projection)" if state.projection else "")


def _membership(data: Dataset, state: YearState, code: str, bloc: str, ties: list[Relation]) -> tuple[str, str]:
    """(class, words) of one state's standing in one bloc in the year: in, in until, in from, staying
    out, or nothing recorded (which is not a refusal: the sources may simply not speak of it)."""
    mine = [r for r in ties if code in data.holders(r) and bloc in data.partners(r)]
    joined = [r for r in mine if r.kind is not Kind.non_membership]
    live = [state.get(r.id) for r in mine if state.get(r.id)]
    inside = [l for l in live if l.relation.kind is not Kind.non_membership]
    if inside:
        ended = all(l.status is Status.ended for l in inside)
        return ("out", f"until {state.year}") if ended else ("in", "member")
    if any(l.relation.kind is Kind.non_membership for l in live):
        return "out", "stays out"
    left = [r.end.date.year for r in joined if r.end and r.end.date.year < state.year]
    later = [r.start.date.year for r in joined if r.start.date.year > state.year]
    if left:
        return "out", f"until {max(left)}" + (f", again from {min(later)}" if later else "")
    if later:
        return "out", f"from {min(later)}"
    return "none", "—"


# COW IGO's value of a year in a cell of the bloc table.
COW_CELL = {1: "full member", 2: "associate", 3: "observer", 0: "not a member", -9: "missing (-9)",
            -1: "not in existence (-1)"}


def _cell(data: Dataset, state: YearState, code: str, bloc: str, ties: list[Relation],
          differing: set[tuple[str, str]]) -> str:
    """One state's standing in one bloc: as ATOP and the news texts have it, and beneath, where COW IGO codes
    the organisation, its value for the year; marked where the two datasets differ."""
    kind, words = _membership(data, state, code, bloc, ties)
    row = data.igo.rows.get((code, state.year)) if data.igo and bloc in data.igo.organisations else None
    if row is None:
        return f'<td class="{kind}">{words}</td>'
    value = row.values[data.igo.organisations[bloc].column]
    kind = "in" if value in (1, 2) else kind
    differs = (code, bloc) in differing
    return (f'<td class="{kind}{" differ" if differs else ""}">{words}{" ≠" if differs else ""}'
            f'<span class="cow">COW IGO: {COW_CELL[value]}</span></td>')


def bloc_table(data: Dataset, state: YearState) -> str:
    """Who in the region is in which bloc in the year, who left, who is yet to join, who never did:
    the region view's answer to "who stands with whom, and with Moscow or Beijing". ATOP's treaties and the
    news texts give each cell; COW IGO's value for the organisations it codes stands beneath, and where the
    two datasets differ the cell is marked and the membership's card gives both readings with their rows."""
    ties = [r for r in data.relations if any(p in data.organisations for p in data.partners(r))]
    blocs = sorted({p for r in ties for p in data.partners(r) if data.organisations[p].kind != "armed_group"},
                   key=lambda bloc: min(r.start.date.first_day() for r in ties if bloc in data.partners(r)))
    treaties = [r for r in ties if r.membership is None]
    disagreements = in_view(data, state.year)
    differing = {(d.state, d.organisation) for d in disagreements}
    codes = data.atlas.codes
    head = "".join(f'<th scope="col" title="{safe.html(data.name(code))}">{code}</th>' for code in codes)
    rows = []
    for bloc in blocs:
        cells = "".join(_cell(data, state, code, bloc, treaties, differing) for code in codes)
        rows.append(f'<tr><th scope="row" title="{safe.html(data.name(bloc))}">{safe.html(bloc)}</th>{cells}</tr>')
    differ = ("" if not disagreements else
              f'<p class="atlas-meta">≠ The datasets differ in {state.year}: '
              + "; ".join(f"{safe.html(data.name(d.state))} and the {safe.html(d.organisation)}" for d in disagreements)
              + ". Each membership's card below gives ATOP's reading and COW IGO's, with their rows.</p>")
    return (f'<table class="atlas-blocs"><caption>Blocs in {state.year}: who is in, who was, who joins '
            f'later, who stays out, by ATOP and the news texts (— none of them records a membership); beneath, COW '
            f'IGO\'s value for the year; ≠ the two datasets differ</caption><thead><tr><th scope="col">Bloc</th>{head}'
            f'</tr></thead><tbody>{"".join(rows)}</tbody></table>{differ}')


def year_panels(data: Dataset, states: list[YearState]) -> dict:
    """Every year's quoted panel for the browser's player, each card written once.

    A tie's card differs between years only in its status and the year named in its badge and
    links, so a card is kept once per status with YEAR_SLOT for the year; a year lists its ties
    (id, title, card, partners, kind, status, dates: the map as a table too) and its events' cards.
    """
    cards: dict[str, str] = {}
    years = {}
    for state in states:
        ties = []
        for live in _ordered(state):
            # A card that shows the year's disagreements is that year's alone; the others serve every year.
            differs = bool(disagreements_of(data, live.relation, state.year))
            key = f"{live.id}:{live.status.value}" + (f":{state.year}" if differs else "")
            if key not in cards:
                cards[key] = relation_card(data, live.relation, live.status, state.year if differs else YEAR_SLOT)
            ties.append([live.id, live.relation.title, key, tied_with(data, live.relation, " – "), KINDS[live.relation.kind].label,
                         STATUSES[live.status].label, _dates(live.relation)])
        for event in state.events:
            if event.id not in cards:
                cards[event.id] = event_card(data, event, YEAR_SLOT)
        years[state.year] = {"heading": panel_heading(state), "ties": ties, "events": [e.id for e in state.events]}
        if data.region:
            cards[f"blocs-{state.year}"] = bloc_table(data, state)
            years[state.year]["lead"] = [f"blocs-{state.year}"]
    return {"cards": cards, "years": years, "empty": empty_year(data), "slot": YEAR_SLOT}
