"""The timeline chart: every tie as a bar over 1991–2030, true to the precision of its dates."""
from __future__ import annotations

from geo import safe
from geo.codebook import KINDS, Kind
from geo.dataset import Dataset
from geo.dates import FIRST_YEAR, LAST_YEAR
from geo.styles import EVENT, FONT, INK, KIND_STYLE, MUTED, kind_rank
from geo.panels import tied_with
from geo.records import Relation

# MME's exercises last days, several a year: a bar each would be a sliver on a row of its own, so they
# share one row of marks, each clickable like a bar.
EXERCISE_ROW = "Military exercises (MME)"
UNCERTAIN = "uncertain"
DOCUMENTED = "documented"
CONTINUING = "continuing"
PROJECTED = "projected"


# Beside the bars, a tie's name is wrapped to two lines of about this many characters, cut short
# after that (the bar's hover names it whole): on one line the longest names ("Commonwealth of
# Independent States: full member (COW IGO v3)") left the bars a quarter of the chart.
ROW_LINE = 48


def _rows(data: Dataset, relations: list[Relation]) -> list[str]:
    """Each tie's row label: with whom (in the region, whose tie with whom), unless its title already
    begins with the partner, then the title.
    Two ties whose short labels agree get their whole names, which always differ, so they never
    share a row."""
    names = [_name(data, relation) for relation in relations]
    short = [_label(name, 2) for name in names]
    named = {}
    for name, label in zip(names, short):
        named.setdefault(label, set()).add(name)
    return [label if len(named[label]) == 1 else _label(name, None) for name, label in zip(names, short)]


def _row_height(rows: list[str]) -> int:
    """Pixels a row: two lines of a label fit the usual 34; a whole name of more lines widens every row."""
    return max(34, 15 * max((row.count("<br>") + 1 for row in rows), default=1) + 4)


def _name(data: Dataset, relation: Relation) -> str:
    tied = tied_with(data, relation, " – ")
    partners = ", ".join(data.name(p) for p in data.partners(relation))
    if not relation.title.startswith(partners):
        return f"{tied} · {relation.title}"
    holders = tied.removesuffix(f" – {partners}") if data.region else ""
    return f"{holders} · {relation.title}" if holders else relation.title


def _label(name: str, most_lines: int | None) -> str:
    lines: list[str] = []
    for word in name.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= ROW_LINE:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if most_lines and len(lines) > most_lines:
        lines = [*lines[:most_lines - 1], lines[most_lines - 1][:ROW_LINE - 1] + "…"]
    return "<br>".join(safe.html(line) for line in lines)


def segments(relation: Relation, newest_year: int, last_attested: int | None) -> list[tuple[str, float, float]]:
    """(kind of segment, from, to) on a continuous year axis.

    A date known only to the year or month is drawn as a pale window over that whole period, so
    a 2017 start does not pretend to be 1 January 2017. The years after the last attested one are
    drawn as continuing, and what lies after the newest source as a projection.
    """
    start = relation.start.date
    horizon = newest_year + 1.0
    end_at = relation.end.date.fraction_of_year(at_end=True) if relation.end else LAST_YEAR + 1.0
    sure_from = start.fraction_of_year(at_end=True) if start.precision.value != "day" else start.fraction_of_year()
    sure_to = relation.end.date.fraction_of_year() if relation.end and relation.end.date.precision.value != "day" \
        else end_at
    parts = []
    if sure_from > start.fraction_of_year():
        parts.append((UNCERTAIN, start.fraction_of_year(), min(sure_from, end_at)))
    if sure_to > sure_from:
        documented_to = min(sure_to, horizon)
        attested_to = min(documented_to, last_attested + 1.0) if last_attested is not None else sure_from
        if attested_to > sure_from:
            parts.append((DOCUMENTED, sure_from, attested_to))
        if documented_to > max(attested_to, sure_from):
            parts.append((CONTINUING, max(attested_to, sure_from), documented_to))
        if sure_to > horizon:
            parts.append((PROJECTED, max(sure_from, horizon), sure_to))
    if relation.end and end_at > max(sure_to, sure_from):
        parts.append((UNCERTAIN if end_at <= horizon else PROJECTED, max(sure_to, sure_from), end_at))
    return parts


def timeline_figure(data: Dataset, year: int, selected: str | None = None, height: int | None = None,
                    partner: str | None = None) -> dict:
    """Bars for every tie (or one partner's), events as stars, MME's exercises as diamonds on a row of
    their own, a rule at `year`."""
    newest = data.newest_source_date.year
    chosen = [r for r in data.relations if partner is None or partner in data.partners(r)]
    exercises = [r for r in chosen if r.exercise is not None]
    relations = sorted((r for r in chosen if r.exercise is None),
                       key=lambda r: (data.name(data.partners(r)[0]), kind_rank(r.kind), r.start.date.first_day()))
    rows = _rows(data, relations)
    traces: dict[tuple[Kind, str], dict] = {}
    for relation, row in zip(relations, rows):
        speculative = relation.kind is Kind.prospective_alliance
        for segment, x0, x1 in segments(relation, newest, data.last_attested(relation)):
            key = (relation.kind, "speculative" if speculative else segment)
            trace = traces.setdefault(key, _bar_trace(relation.kind, key[1],
                                                      legend=not any(k == relation.kind for k, _ in traces)))
            trace["y"].append(row)
            trace["base"].append(round(x0, 3))
            trace["x"].append(round(x1 - x0, 3))
            trace["customdata"].append(relation.id)
            end = relation.end.date.label() if relation.end else "no end reported"
            attested = data.last_attested(relation)
            trace["hovertext"].append(f"<b>{safe.html(relation.title)}</b><br>{KINDS[relation.kind].label}"
                                      f"<br>{relation.start.date.label()} – {end}"
                                      f"<br>last attested {attested if attested else 'by no source'}"
                                      f"<br>{len(relation.quotes)} quote(s)")
    marks = _exercise_marks(exercises)
    if selected:
        for trace in [*traces.values(), marks]:
            trace["marker"]["opacity"] = [1.0 if rid == selected else 0.3 for rid in trace["customdata"]]
    shown_events = [e for e in data.events if partner is None or partner in e.parties]
    event_years = [e.date.date.fraction_of_year() for e in shown_events]
    events = {"type": "scatter", "mode": "markers", "x": event_years, "y": ["Events"] * len(event_years),
              "hovertext": [f"<b>{safe.html(e.title)}</b><br>{e.date.date.label()}" for e in shown_events],
              "hoverinfo": "text", "name": "Event", "customdata": [e.id for e in shown_events],
              "marker": {"symbol": "star", "size": 15, "color": EVENT, "line": {"color": "white", "width": 1}}}
    top = ["Events", *([EXERCISE_ROW] if exercises else [])]
    categories = list(reversed([*top, *dict.fromkeys(rows)]))
    on_year = year_marks(data, year, partner)
    return {
        "data": [*traces.values(), *([marks] if exercises else []), events],
        "layout": {
            "title": on_year["title"],
            # Below the plot: the years, the key to the bars' patterns, then the legend, which wraps into
            # rows as wide as the whole chart (as wide as the plot, it stood one entry a row over the bars).
            "barmode": "overlay", "height": height or 350 + _row_height(rows) * (len(rows) + len(top)),
            "margin": {"l": 10, "r": 10, "t": 60, "b": 300}, "font": {"family": FONT, "color": INK, "size": 14},
            "plot_bgcolor": "white", "paper_bgcolor": "white",
            "xaxis": {"range": [FIRST_YEAR, LAST_YEAR + 1], "dtick": 2, "tick0": FIRST_YEAR, "gridcolor": "#EEE",
                      "tickfont": {"size": 12, "color": MUTED}},
            # The range is the rows' own: left to itself, the axis padded the top with an empty band. Small
            # tie names leave the bars room beside long ones.
            "yaxis": {"categoryorder": "array", "categoryarray": categories, "range": [-0.5, len(categories) - 0.5],
                      "automargin": True, "fixedrange": True, "tickfont": {"size": 12, "color": MUTED}},
            "shapes": [
                {"type": "rect", "xref": "x", "yref": "paper", "x0": newest + 1, "x1": LAST_YEAR + 1, "y0": 0,
                 "y1": 1, "fillcolor": "rgba(120,120,120,0.08)", "line": {"width": 0}, "layer": "below"},
                on_year["shapes[1]"],
            ],
            "annotations": [on_year["annotations[0]"],
                            {"text": "projection", "x": (newest + 1 + LAST_YEAR + 1) / 2, "y": 0, "xref": "x",
                             "yref": "paper", "yanchor": "bottom", "showarrow": False,
                             "font": {"color": MUTED, "size": 13}},
                            # A line each: centred under a narrow plot (half a projector wide, long tie names
                            # beside it), one long line ran past the chart's right edge.
                            {"text": f"Pale: date known to the year or month<br>striped: continuing, not attested"
                                     f"<br>hatched: projection after {newest}<br>dotted: opinion",
                             "x": 0.5, "y": 0, "xref": "paper", "yref": "paper", "yanchor": "top", "yshift": -48,
                             "showarrow": False, "font": {"color": MUTED, "size": 13}}],
            "legend": {"orientation": "h", "x": 0, "xref": "container", "xanchor": "left", "y": 0,
                       "yref": "container", "yanchor": "bottom", "font": {"size": 13}},
            "hoverlabel": {"font": {"size": 14}},
            "dragmode": False,
        },
    }


def year_marks(data: Dataset, year: int, partner: str | None = None) -> dict:
    """What of a timeline names the year (its title, the rule and the rule's label), keyed as Plotly's
    relayout takes them: the browser moves the year on a drawn chart with these alone."""
    rule = year + 0.5
    return {
        "title": {"text": (f"<b>Ties with {data.name(partner)}, 1991–2030</b>" if partner
                           else "<b>Every tie, 1991–2030</b>") + f" · the rule marks {year}", "font": {"size": 22}},
        "shapes[1]": {"type": "line", "xref": "x", "yref": "paper", "x0": rule, "x1": rule, "y0": 0, "y1": 1,
                      "line": {"color": INK, "width": 2}},
        "annotations[0]": {"text": f"<b>{year}</b>", "x": rule, "y": 1, "xref": "x", "yref": "paper",
                           "yanchor": "bottom", "showarrow": False, "font": {"size": 16}},
    }


def _exercise_marks(exercises: list[Relation]) -> dict:
    style = KIND_STYLE[Kind.military_exercise]
    return {"type": "scatter", "mode": "markers", "x": [r.start.date.fraction_of_year() for r in exercises],
            "y": [EXERCISE_ROW] * len(exercises), "customdata": [r.id for r in exercises], "hoverinfo": "text",
            "hovertext": [f"<b>{safe.html(r.title)}</b><br>{r.start.date.label()} · {len(r.parties)} states · "
                          f"MME, exercise {safe.html(r.exercise.mme_id)}" for r in exercises],
            "name": KINDS[Kind.military_exercise].label + " (MME)", "legendgroup": "mme",
            "marker": {"symbol": "diamond", "size": 11, "color": style.colour, "line": {"color": "white", "width": 1}}}


def _bar_trace(kind: Kind, segment: str, legend: bool) -> dict:
    style = KIND_STYLE[kind]
    marker: dict = {"color": style.colour, "line": {"color": style.colour, "width": 1.5}}
    if segment == UNCERTAIN:
        marker["color"] = style.fill
    elif segment == CONTINUING:
        marker["color"] = style.fill
        marker["pattern"] = {"shape": "-", "fgcolor": style.colour, "bgcolor": "white", "solidity": 0.3}
    elif segment == PROJECTED:
        marker["pattern"] = {"shape": "/", "fgcolor": style.colour, "bgcolor": "white", "solidity": 0.4}
    elif segment == "speculative":
        marker = {"color": "rgba(255,255,255,0)", "line": {"color": style.colour, "width": 2},
                  "pattern": {"shape": ".", "fgcolor": style.colour, "bgcolor": "white", "solidity": 0.3}}
    return {"type": "bar", "orientation": "h", "x": [], "y": [], "base": [], "customdata": [], "hovertext": [],
            "hoverinfo": "text", "marker": marker, "name": KINDS[kind].label, "legendgroup": kind.value,
            "showlegend": legend, "width": 0.62}
