"""Plotly figures (as plain dicts) of a year's state, drawn on our own projected plane.

Plotly's geo traces would fetch base maps from a CDN; everything here is cartesian, so the map
draws offline. Figures are plain dicts: quicker to build than graph objects on every slider
step, and accepted as they are by Streamlit, plotly.io and the HTML export.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from geo import safe
from geo.atlas import REGION
from geo.codebook import KINDS, STATUSES, Kind, Status
from geo.dataset import Dataset
from geo.records import Relation
from geo.geodesy import distance_km, waypoint
from geo.memberships import disagreements_of
from geo.projection import FERGANA_FRAME, FRAME, project
from geo.shapes import country_outlines, edge_point, in_frame
from geo.filters import EVERY_TIE, TieFilter, has_news
from geo.styles import (BORDER, EVENT, FONT, HOME_FILL, INK, KIND_STYLE, LAND, MUTED, SHADING_KINDS, STATUS_STYLE,
                        WATER, kind_rank)
from geo.timeline import LiveRelation, YearState


ARROWS = "→↗↑↖←↙↓↘"


@dataclass(frozen=True)
class Scale:
    """Sizes for a screen, or larger for a projector."""
    title: int = 30
    label: int = 17
    country: int = 15
    legend: int = 15
    line: float = 4.5
    marker: int = 11

    @classmethod
    def projector(cls) -> "Scale":
        return cls(title=40, label=22, country=19, legend=19, line=6.5, marker=15)


def _arrow(dx: float, dy: float) -> str:
    return ARROWS[round(math.atan2(dy, dx) / (math.pi / 4)) % 8]


@dataclass(frozen=True)
class LinkEnd:
    """Where a link to a partner ends on the map and its label; `arrow` is set when the partner lies
    beyond the frame and the link is cut at its edge."""
    point: tuple[float, float]
    label: str
    arrow: str | None = None


def _link_end(data: Dataset, holder: str, code: str, year: int) -> LinkEnd | None:
    home, capital = data.place(holder, year), data.place(code, year)
    if capital is None or home is None:
        return None
    start = project(home.lon, home.lat)
    end = project(capital.lon, capital.lat)
    if in_frame(end, FRAME):
        return LinkEnd(end, safe.html(capital.name))
    # Aim along the shortest route, not at the capital's projected position (far from the
    # projection's centre, that position says little about which way the place lies).
    ahead = project(*waypoint(home.lon, home.lat, capital.lon, capital.lat, 900))
    edge = edge_point(start, ahead, FRAME, 60)
    km = distance_km(home.lon, home.lat, capital.lon, capital.lat)
    arrow = _arrow(edge[0] - start[0], edge[1] - start[1])
    return LinkEnd(edge, f"<b>{safe.html(capital.name)} {arrow}</b><br>{km:,.0f} km", arrow)


Pair = tuple[str, str]  # (holder, partner): one line on the map


def _pairs(data: Dataset, state: YearState) -> dict[Pair, list[LiveRelation]]:
    """The ties of the year by the line they are drawn on: from the holder's seat to the partner. The
    region view draws the ties among the five between their capitals, and groups the ties with an
    outside power on one line from the region's hub (the centre of the five seats) to it. An exercise
    of more than two states has no line: it is listed with the blocs, and marked where it was held."""
    pairs: dict[Pair, list[LiveRelation]] = {}
    for live in state.relations:
        if live.relation.group_exercise:
            continue
        for code in data.partners(live.relation):
            inside = code in data.atlas.codes
            for holder in data.holders(live.relation) if not data.region or inside else [REGION]:
                pairs.setdefault((holder, code), [])
                if live not in pairs[(holder, code)]:
                    pairs[(holder, code)].append(live)
    return pairs


# ATOP's lesser pledges: beyond the frame, several in one direction share one line. So do one-off
# exercises: seen from the region, Moscow and London lie one way, and their labels would overlap.
LESSER_PLEDGES = (Kind.neutrality_pact, Kind.non_aggression_pact, Kind.consultation_pact)
BUNDLED_KINDS = (*LESSER_PLEDGES, Kind.military_exercise)
def _bundles(data: Dataset, pairs: dict[Pair, list[LiveRelation]], year: int) -> dict[tuple[str, str], list[Pair]]:
    """Lines beyond the frame that carry only lesser pledges and exercises, by holder and the direction
    they leave in. A lone line joins a bundle of its holder in the next direction round, or else stays."""
    groups: dict[tuple[str, str], list[Pair]] = {}
    for pair, lives in pairs.items():
        end = _link_end(data, *pair, year)
        if end and end.arrow and all(live.relation.kind in BUNDLED_KINDS for live in lives):
            groups.setdefault((pair[0], end.arrow), []).append(pair)
    bundles = {key: members for key, members in groups.items() if len(members) > 1}
    for (holder, arrow), members in groups.items():
        turn = ARROWS.index(arrow)
        beside = [(holder, ARROWS[(turn + 1) % 8]), (holder, ARROWS[(turn - 1) % 8])]
        joined = next((b for b in beside if b in bundles), None)
        if len(members) == 1 and joined:
            bundles[joined] = bundles[joined] + members
    return bundles


def _bundle_end(data: Dataset, pairs: list[Pair], year: int) -> tuple[float, float]:
    ends = [_link_end(data, *pair, year).point for pair in pairs]
    return sum(x for x, _ in ends) / len(ends), sum(y for _, y in ends) / len(ends)


def _bundle_note(data: Dataset, arrow: str, pairs: list[Pair], count: int) -> str:
    names = sorted({safe.html(data.name(code)) for _, code in pairs})
    rows = [", ".join(names[i:i + 4]) for i in range(0, len(names), 4)]
    return f"<b>{arrow} {count}:</b> " + ",<br>    ".join(rows)


BEND = 0.08  # how far a link bows out, as a share of its length


def _arc(start, end, samples: int = 28) -> tuple[list[float], list[float]]:
    """A gentle quadratic curve, sampled so several ties' hover points can sit apart on it. The bow
    keeps apart links that leave one capital in the same direction (several of the region's capitals
    lie on one line seen from its north-east)."""
    (x0, y0), (x2, y2) = start, end
    cx, cy = (x0 + x2) / 2 - (y2 - y0) * BEND, (y0 + y2) / 2 + (x2 - x0) * BEND
    xs, ys = [], []
    for i in range(samples + 1):
        t = i / samples
        xs.append(round((1 - t) ** 2 * x0 + 2 * (1 - t) * t * cx + t ** 2 * x2, 1))
        ys.append(round((1 - t) ** 2 * y0 + 2 * (1 - t) * t * cy + t ** 2 * y2, 1))
    return xs, ys


class _ArrowHeads:
    """The heads of links cut at the frame's edge, all in one marker trace: markers on the links'
    own traces would put a (hidden) marker on every point of every arc, which made each year's
    layers take twice as long to draw in the browser."""

    def __init__(self, scale: Scale):
        self.size = scale.marker * 1.8
        self.x, self.y, self.angle, self.colour, self.opacity = [], [], [], [], []

    def add(self, xs: list[float], ys: list[float], colour: str, opacity: float) -> None:
        self.x.append(xs[-1])
        self.y.append(ys[-1])
        # Degrees clockwise from up: the plane has one scale across and up, so this is the screen's angle.
        self.angle.append(round(math.degrees(math.atan2(xs[-1] - xs[-2], ys[-1] - ys[-2])), 1))
        self.colour.append(colour)
        self.opacity.append(opacity)

    def trace(self) -> dict:
        return {"type": "scatter", "mode": "markers", "x": self.x, "y": self.y, "hoverinfo": "skip",
                "showlegend": False, "marker": {"symbol": "arrow", "angle": self.angle, "color": self.colour,
                                                "opacity": self.opacity, "size": self.size}}


def relation_hover(data: Dataset, live: LiveRelation) -> str:
    relation = live.relation
    end = relation.end.date.label() if relation.end else "no end reported"
    sources = {q.source for q in relation.quotes}
    since = f" (last attested {live.last_attested})" if live.status is Status.continuing and live.last_attested else ""
    return (f"<b>{safe.html(relation.title)}</b><br>{KINDS[relation.kind].label} · {STATUSES[live.status].label}{since}"
            f"<br>{relation.start.date.label()} – {end}"
            f"<br>{len(relation.quotes)} quote(s) from {len(sources)} source(s)")


def _shade_kind(data: Dataset, relations: list[LiveRelation], code: str) -> LiveRelation | None:
    ties = [live for live in relations if code in data.partners(live.relation)
            and live.relation.kind in SHADING_KINDS and not live.relation.group_exercise]
    return min(ties, key=lambda live: kind_rank(live.relation.kind), default=None)


NO_PATTERN = {"shape": ""}


def base_traces(detail: str = "region", scale: Scale = Scale()) -> list[dict]:
    """What never changes from year to year: one filled trace per country (tagged with its code in
    `meta`, so a year can recolour it) and country names. Sent once a session."""
    traces = [{"type": "scatter", "x": o.x, "y": o.y, "mode": "lines", "fill": "toself", "fillcolor": LAND,
               "fillpattern": NO_PATTERN, "line": {"color": BORDER, "width": 1.2}, "hoverinfo": "skip",
               "showlegend": False, "meta": code}
              for code, o in country_outlines(detail).items()]
    return [*traces, _country_labels(scale, detail)]


def focal_styles(data: Dataset) -> dict[str, dict]:
    """The states the view is of, highlighted: the focal state, or all five in the region view."""
    codes = data.atlas.codes if data.region else (data.focus,)
    return {code: {"fillcolor": HOME_FILL, "fillpattern": NO_PATTERN} for code in codes}


def country_styles(data: Dataset, state: YearState) -> dict[str, dict]:
    """Each country's fill in this year: the focal state highlighted, partners in the colour of their
    closest tie, hatched when projected and dotted when only argued for."""
    styles = focal_styles(data)
    partners = dict.fromkeys(p for live in state.relations for p in data.partners(live.relation))  # stable order
    for code in partners:
        live = _shade_kind(data, state.relations, code)
        if live is None or code in styles:
            continue
        fill = KIND_STYLE[live.relation.kind].fill
        shape = STATUS_STYLE[live.status].country_pattern
        pattern = ({"shape": shape, "fgcolor": "rgba(60,60,60,0.45)", "bgcolor": fill, "size": 9, "solidity": 0.25}
                   if shape else NO_PATTERN)
        styles[code] = {"fillcolor": fill, "fillpattern": pattern}
    return styles


def _country_labels(scale: Scale, detail: str, min_label_area: float = 100_000) -> dict:
    # Small countries (the Caucasus) would crowd each other's names at this scale.
    outlines = [o for o in country_outlines(detail).values() if o.label_point and o.area_km2 > min_label_area]
    return {"type": "scatter", "mode": "text", "x": [o.label_point[0] for o in outlines],
            "y": [o.label_point[1] for o in outlines], "text": [o.name.upper() for o in outlines],
            "hoverinfo": "skip", "showlegend": False,
            "textfont": {"size": scale.country, "color": "#8A8A8A", "family": FONT}}


def compose(base: list[dict], view: dict) -> dict:
    """The full figure: base traces recoloured by the year's styles, then the year's own traces.
    The player does the same in the browser (static/player/countries.js)."""
    countries = [{**trace, **view["styles"].get(trace.get("meta"), {"fillcolor": LAND, "fillpattern": NO_PATTERN})}
                 if trace.get("meta") else trace for trace in base]
    return {"data": countries + view["data"] + view["legend"], "layout": view["layout"]}


def _seat_xy(data: Dataset, code: str, year: int) -> tuple[float, float]:
    seat = data.place(code, year)
    return project(seat.lon, seat.lat)


COUNT_AT = 0.64  # how far along a shared line its count of ties sits: clear of both capitals' labels


def _spread(length: int, count: int, i: int) -> int:
    """Where the i-th of `count` hover points sits on a line of `length` points: apart, and short of
    the count where the line has one."""
    return round((length - 1) * (0.2 + 0.32 * i / (count - 1))) if count > 1 else length // 2


def _link_traces(data: Dataset, state: YearState, scale: Scale, selected: str | None
                 ) -> tuple[list[dict], dict, dict[Pair, LinkEnd], list[str]]:
    """One line per holder and partner, in the colour and dash of its closest tie, with a count where
    several ties share it; each tie keeps a point of its own on the line, so it stays clickable."""
    pairs = _pairs(data, state)
    groups: dict[tuple, dict] = {}
    hover_x, hover_y, hover_text, hover_ids = [], [], [], []
    count_x, count_y, count_text = [], [], []
    ends: dict[Pair, LinkEnd] = {}
    bundles = _bundles(data, pairs, state.year)
    bundled = {pair for members in bundles.values() for pair in members}
    notes = []
    heads = _ArrowHeads(scale)

    def hover_points(xs: list[float], ys: list[float], lives: list[LiveRelation]) -> None:
        for i, live in enumerate(lives):
            point = _spread(len(xs), len(lives), i)
            hover_x.append(xs[point])
            hover_y.append(ys[point])
            hover_text.append(relation_hover(data, live))
            hover_ids.append(live.id)

    for (holder, arrow), members in bundles.items():
        lives = sorted((live for pair in members for live in pairs[pair]), key=lambda live: live.relation.title)
        if not notes:
            exercises = any(live.relation.exercise for pair in bundled for live in pairs[pair])
            notes.append(f"<b>Grey lines: treaties{' and exercises' if exercises else ''} beyond the map</b>")
        notes.append(_bundle_note(data, arrow, members, len(lives)))
        # In projection years every tie is planned: the bundle is dashed like them, as the legend explains.
        shown_as = next((status for status in (Status.in_force, Status.planned)
                         if any(live.status is status for live in lives)), Status.continuing)
        xs, ys = _arc(_seat_xy(data, holder, state.year), _bundle_end(data, members, state.year))
        groups[("bundle", holder, arrow)] = {
            "type": "scatter", "mode": "lines", "x": xs, "y": ys, "hoverinfo": "skip", "showlegend": False,
            "line": {"color": MUTED, "width": scale.line * 0.8, "dash": STATUS_STYLE[shown_as].dash}}
        heads.add(xs, ys, MUTED, 1.0)
        hover_points(xs, ys, lives)
    for pair, lives in pairs.items():
        end = _link_end(data, *pair, state.year)
        if end is None or pair in bundled:
            continue
        ends[pair] = end
        lives.sort(key=lambda live: kind_rank(live.relation.kind))
        lead = lives[0]
        style, status = KIND_STYLE[lead.relation.kind], STATUS_STYLE[lead.status]
        xs, ys = _arc(_seat_xy(data, pair[0], state.year), end.point)
        focused = any(live.id == selected for live in lives)
        dimmed = selected is not None and not focused
        # What only ATOP codes is drawn thinner, so the ties the news texts report stand out.
        thickness = 1.0 if any(has_news(data, live.relation) for live in lives) else 0.55
        width = scale.line * thickness * (1.7 if focused else 1.0)
        # Links that look alike share one trace (gaps between them): fewer traces redraw faster.
        opacity = 0.18 if dimmed else status.opacity
        trace = groups.setdefault((style.colour, status.dash, width, dimmed, status.opacity), {
            "type": "scatter", "mode": "lines", "x": [], "y": [],
            "line": {"color": style.colour, "width": width, "dash": status.dash},
            "opacity": opacity, "hoverinfo": "skip", "showlegend": False})
        trace["x"] += [*xs, None]
        trace["y"] += [*ys, None]
        if end.arrow:
            heads.add(xs, ys, style.colour, opacity)
        if len(lives) > 1:
            at = round((len(xs) - 1) * COUNT_AT)
            count_x.append(xs[at])
            count_y.append(ys[at])
            count_text.append(f"<b>{len(lives)}</b>")
        hover_points(xs, ys, lives)
    groups[("heads",)] = heads.trace()
    groups[("counts",)] = {
        "type": "scatter", "mode": "markers+text", "x": count_x, "y": count_y, "text": count_text,
        "textposition": "middle center", "hoverinfo": "skip", "showlegend": False,
        "textfont": {"size": scale.legend - 2, "color": INK, "family": FONT},
        "marker": {"size": scale.marker * 2.1, "color": "white", "line": {"color": INK, "width": 1.5}}}
    # Light points: on a busy map they must not hide the lines they sit on.
    hover = {"type": "scatter", "mode": "markers", "x": hover_x, "y": hover_y, "customdata": hover_ids,
             "hovertext": hover_text, "hoverinfo": "text", "showlegend": False, "name": "ties",
             "marker": {"size": scale.marker, "color": "rgba(255,255,255,0.6)",
                        "line": {"color": MUTED, "width": 1}}}
    return list(groups.values()), hover, ends, notes


NEIGHBOUR_KM = 450  # capitals closer than this on the map turn their labels away from each other


def _label_position(xy: tuple[float, float], others: list[tuple[float, float]]) -> str:
    """Above the point, or below it when the nearest capital is close above it."""
    near = min(others, key=lambda o: math.dist(o, xy), default=None)
    below = near is not None and math.dist(near, xy) <= NEIGHBOUR_KM and near[1] > xy[1]
    return "bottom center" if below else "top center"


def _capitals_trace(data: Dataset, scale: Scale, year: int) -> dict:
    """Capitals as of the year: a focal state's seat of government can move (data/atlas.yaml). Only those
    a line can end at, or an event concern: a state that only took part in exercises of many, which are
    listed rather than drawn, would add a capital no line reaches (Kabul, Baghdad at the frame's edge)."""
    everything = data.whole or data
    reached = {code for r in everything.relations if not r.group_exercise for code in r.parties}
    reached |= {code for e in everything.events for code in (*e.parties, e.place)}
    capitals = [data.place(code, year) for code in data.countries if code in reached]
    points = [(capital, project(capital.lon, capital.lat)) for capital in capitals]
    points = [(capital, xy) for capital, xy in points if in_frame(xy, FRAME)]
    xs, ys, names, positions = [], [], [], []
    for capital, xy in points:
        xs.append(xy[0])
        ys.append(xy[1])
        names.append(f"<b>{safe.html(capital.name)}</b>")
        positions.append(_label_position(xy, [other for _, other in points if other != xy]))
    return {"type": "scatter", "mode": "markers+text", "x": xs, "y": ys, "text": names, "textposition": positions,
            "marker": {"size": scale.marker, "color": INK, "line": {"color": "white", "width": 2}},
            "textfont": {"size": scale.label, "color": INK, "family": FONT}, "hoverinfo": "skip", "showlegend": False}


def _hub_trace(data: Dataset, scale: Scale, year: int) -> dict:
    """Where the region view's lines to outside powers begin (the atlas's hub)."""
    x, y = _seat_xy(data, REGION, year)
    return {"type": "scatter", "mode": "markers", "x": [x], "y": [y], "showlegend": False, "hoverinfo": "text",
            "hovertext": [f"{safe.html(data.atlas.name)}: ties with outside powers are drawn from here"],
            "marker": {"size": scale.marker * 1.6, "color": HOME_FILL, "symbol": "circle",
                       "line": {"color": INK, "width": 2.5}}}


def _edge_labels(ends: dict, scale: Scale) -> dict:
    # One label a partner: in the region view several capitals' lines reach the same edge.
    by_partner = {}
    for key, end in ends.items():
        if end.arrow:
            by_partner.setdefault(key[-1] if isinstance(key, tuple) else key, end)
    edges = list(by_partner.values())
    xmin, ymin, xmax, ymax = FRAME
    # Labels sit inside the frame, on the side away from the edge the link leaves by.
    edge_positions = [("bottom" if y > ymax - 150 else "top" if y < ymin + 150 else "middle") + " "
                      + ("right" if x < xmin + 150 else "left" if x > xmax - 150 else "center")
                      for x, y in (e.point for e in edges)]
    return {"type": "scatter", "mode": "text", "x": [e.point[0] for e in edges], "y": [e.point[1] for e in edges],
            "text": [e.label for e in edges], "textposition": edge_positions, "hoverinfo": "skip", "showlegend": False,
            "textfont": {"size": scale.label, "color": INK, "family": FONT}}


def _event_trace(data: Dataset, state: YearState, scale: Scale) -> dict:
    xs, ys, text = [], [], []
    for event in state.events:
        point = data.place(event.place)
        if point is None:
            continue
        xy = project(point.lon, point.lat)
        if in_frame(xy, FRAME):
            xs.append(xy[0])
            ys.append(xy[1])
            text.append(f"<b>{safe.html(event.title)}</b><br>{event.date.date.label()} · {safe.html(point.name)}")
    return {"type": "scatter", "mode": "markers", "x": xs, "y": ys, "hovertext": text, "hoverinfo": "text",
            "showlegend": False, "marker": _event_marker(scale)}


def _exercise_sites(data: Dataset, state: YearState) -> list[tuple[LiveRelation, tuple[float, float]]]:
    """The year's exercises held inside the map, each with where: MME's coordinates, projected."""
    sites = []
    for live in state.relations:
        exercise = live.relation.exercise
        if exercise is not None and exercise.lat is not None:
            xy = project(exercise.lon, exercise.lat)
            if in_frame(xy, FRAME):
                sites.append((live, xy))
    return sites


def _exercise_trace(sites: list[tuple[LiveRelation, tuple[float, float]]], scale: Scale) -> dict:
    """A diamond where each exercise was held; clicking it focuses the exercise, as a tie's point does."""
    text = [f"<b>{safe.html(live.relation.title)}</b><br>{safe.html(_held(live.relation))}"
            f"<br>{safe.html(live.relation.exercise.place or 'place not named')}"
            f"<br>{len(live.relation.parties)} states · MME, exercise {safe.html(live.relation.exercise.mme_id)}"
            for live, _ in sites]
    return {"type": "scatter", "mode": "markers", "x": [xy[0] for _, xy in sites], "y": [xy[1] for _, xy in sites],
            "customdata": [live.id for live, _ in sites], "hovertext": text, "hoverinfo": "text",
            "showlegend": False, "marker": _exercise_marker(scale)}


def _held(relation: Relation) -> str:
    """When an exercise was held: one date where it began and ended the same day (or month)."""
    start, end = relation.start.date.label(), relation.end.date.label() if relation.end else None
    return start if end in (None, start) else f"{start} – {end}"


def _exercise_marker(scale: Scale) -> dict:
    return {"symbol": "diamond", "size": scale.marker * 1.4, "color": KIND_STYLE[Kind.military_exercise].colour,
            "line": {"color": "white", "width": 1.5}}


def _exercise_legend(scale: Scale) -> dict:
    return {"type": "scatter", "mode": "markers", "x": [None], "y": [None], "name": "Where an exercise was held (MME)",
            "legendrank": 91, "hoverinfo": "skip", "marker": _exercise_marker(scale)}


def _event_marker(scale: Scale) -> dict:
    return {"symbol": "star", "size": scale.marker * 2, "color": EVENT, "line": {"color": "white", "width": 1.5}}


def _event_legend(scale: Scale) -> dict:
    return {"type": "scatter", "mode": "markers", "x": [None], "y": [None], "name": "Event this year (star)",
            "legendrank": 90, "hoverinfo": "skip", "marker": _event_marker(scale)}


def _kind_legend(state: YearState, scale: Scale) -> list[dict]:
    """Legend entries for the kinds drawn this year, in solid colour (status has its own entries)."""
    drawn = {live.relation.kind for live in state.relations}
    return [{"type": "scatter", "mode": "lines", "x": [None], "y": [None], "name": KINDS[kind].label,
             "legendrank": 10 + i, "hoverinfo": "skip", "line": {"color": KIND_STYLE[kind].colour, "width": scale.line}}
            for i, kind in enumerate(SHADING_KINDS) if kind in drawn]


def _status_legend(state: YearState, scale: Scale) -> list[dict]:
    """Entries for the statuses drawn this year (solid is always explained, as the reference)."""
    drawn = {live.status for live in state.relations} | {Status.in_force}
    return [{"type": "scatter", "mode": "lines", "x": [None], "y": [None], "name": style.legend,
             "legendgroup": f"status-{status.value}", "legendrank": 50 + i, "hoverinfo": "skip",
             "line": {"color": MUTED, "width": scale.line, "dash": style.dash}, "opacity": style.opacity}
            for i, (status, style) in enumerate(STATUS_STYLE.items()) if status in drawn]


MARKS = {Status.continuing: "¹", Status.planned: "²", Status.ended: " (left)"}


# The order in which a bloc's ties of a year give it its mark: one that holds on outweighs one that ended.
MARK_ORDER = (Status.in_force, Status.continuing, Status.planned, Status.speculative, Status.ended)


def _bloc_lines(data: Dataset, state: YearState) -> list[str]:
    """Blocs are memberships, not places: listed in a box rather than drawn as lines to every member.
    In the region view, each bloc with how many of the five are in it. ATOP's treaties and COW IGO's
    memberships are listed together, a bloc once; ≠ marks a bloc of which the two say different things."""
    differing = {p for live in state.relations if disagreements_of(data, live.relation, state.year)
                 for p in data.partners(live.relation)}

    def mark(live: LiveRelation) -> str:
        # COW IGO codes a membership for the whole year: the last year of a run is no leaving.
        return "" if live.relation.membership and live.status is Status.ended else MARKS.get(live.status, "")

    def codes(lives: list[LiveRelation]) -> str:
        ordered = sorted(lives, key=lambda live: MARK_ORDER.index(live.status))
        blocs = dict.fromkeys(p for live in lives for p in data.partners(live.relation) if p in data.organisations)
        return ", ".join(f"{bloc}{mark(next(live for live in ordered if bloc in data.partners(live.relation)))}"
                         f"{'≠' if bloc in differing else ''}" for bloc in blocs)

    def by_bloc(lives: list[LiveRelation]) -> str:
        """How many of the five each bloc holds: the panel's table says which."""
        blocs: dict[str, set[str]] = {}
        for live in lives:
            for bloc in (p for p in data.partners(live.relation) if p in data.organisations):
                blocs.setdefault(bloc, set()).update(data.holders(live.relation))
        return ", ".join(f"{bloc} {len(states)}{'≠' if bloc in differing else ''}"
                         for bloc, states in sorted(blocs.items()))

    member = [live for live in state.relations if live.relation.kind is not Kind.non_membership
              and any(p in data.organisations for p in data.partners(live.relation))]
    outside = [live for live in state.relations if live.relation.kind is Kind.non_membership]
    differ = [f"≠ ATOP and COW IGO differ{' for some of the five' if data.region else ''}: see the panel"
              ] if differing else []
    if data.region:
        return ([f"<b>Of the five, in:</b> {by_bloc(member)}"] if member else []) + \
               ([f"<b>Staying out:</b> {by_bloc(outside)}"] if outside else []) + [f"<i>{note}</i>" for note in differ]
    lines = [f"<b>Member of:</b> {codes(member)}"] if member else []
    lines += [f"<b>Stays out of:</b> {codes(outside)}"] if outside else []
    notes = {Status.continuing: "¹ not attested this year", Status.planned: "² projection"}
    shown = {live.status for live in member + outside if mark(live)}
    footnotes = [text for status, text in notes.items() if status in shown] + differ
    return lines + ([f"<i>{' · '.join(footnotes)}</i>"] if footnotes else [])


EXERCISE_NAME = 24  # characters of an exercise's name in the box; its card has the whole of it
EXERCISES_A_LINE = 2


def _group_exercise_lines(data: Dataset, state: YearState) -> list[str]:
    """Exercises of more than two states, listed in a box of their own as the blocs are: each with how
    many states took part; in the region view, how many there were and how many each of the five joined."""
    exercises = [live.relation for live in state.relations if live.relation.group_exercise]
    if not exercises:
        return []
    if data.region:
        joined = {code: sum(code in r.parties for r in exercises) for code in data.atlas.codes}
        return [f"<b>Exercises of 3+ states (MME):</b> {len(exercises)} · of the five: "
                + ", ".join(f"{code} {count}" for code, count in joined.items() if count)]
    names = [f"{safe.html(safe.shown(r.title, EXERCISE_NAME))} ({len(r.parties)})" for r in exercises]
    rows = [", ".join(names[i:i + EXERCISES_A_LINE]) for i in range(0, len(names), EXERCISES_A_LINE)]
    return ["<b>Exercises of 3+ states (MME)</b>, states in each:", *rows]


def map_title(data: Dataset, state: YearState, shown: TieFilter = EVERY_TIE) -> tuple[str, str]:
    """Title and subtitle; a filtered map says so, so that no room takes missing ties for none."""
    newest = data.newest_source_date.year
    whose = data.atlas.name if data.region else data.focal.name
    if state.projection:
        title, subtitle = (f"{whose}'s security ties, {state.year} — projection",
                           f"No source is newer than {newest}: dashed ties are carried forward, not documented")
    elif data.region:
        title, subtitle = (f"{whose}'s security ties, {state.year}",
                           "Among the five: capital to capital · with outside powers: from the ring ○")
    else:
        title = f"{whose}'s security ties, {state.year}"
        subtitle = f"Links from {data.place(data.focus, state.year).name}; every tie rests on quoted sources"
    # The filter on a line of its own: after the subtitle it ran past the right edge of a 1280-wide projector.
    return title, "<br>".join(filter(None, (subtitle, shown.words())))


def map_figure(data: Dataset, state: YearState, selected: str | None = None, scale: Scale = Scale(),
               height: int = 680, shown: TieFilter = EVERY_TIE) -> dict:
    """The whole map of a year as one Plotly figure (exports, tests, the HTML briefing); `state` holds
    the ties `shown` keeps."""
    return compose(base_traces("region", scale), map_view(data, state, selected, scale, height, shown))


def map_view(data: Dataset, state: YearState, selected: str | None = None, scale: Scale = Scale(),
             height: int = 680, shown: TieFilter = EVERY_TIE) -> dict:
    """What a year adds to the base map: country fills, links, capitals, events, legend, title."""
    title, subtitle = map_title(data, state, shown)
    links, hover, ends, bundle_notes = _link_traces(data, state, scale, selected)
    news = sum(1 for source in data.sources.values() if source.cite_as is None)
    exercises = next((r.exercise.dataset for r in (data.whole or data).relations if r.exercise), None)
    memberships = next((r.membership.dataset for r in (data.whole or data).relations if r.membership), None)
    sites = _exercise_sites(data, state)
    annotations = [{
        # Two lines: on one, the datasets' names ran past the map's right edge at 1600 pixels.
        "text": f"Sources: {news} archived news texts and ATOP 5.1 (treaty data and coding sheets), quoted "
                f"verbatim<br>{f'{exercises} (exercise data); ' if exercises else ''}"
                f"{f'{memberships} (membership data); ' if memberships else ''}Boundaries: Natural Earth",
        "xref": "paper", "yref": "paper", "x": 0, "y": -0.01, "xanchor": "left", "yanchor": "top", "align": "left",
        "showarrow": False, "font": {"size": max(11, scale.legend - 4), "color": MUTED, "family": FONT}}]
    # Blocs at the top right, over the steppe; bundled treaties at the bottom left, where the map
    # is furthest from the capitals' links; exercises of many at the bottom right, over the Tarim.
    for lines, corner in ((_bloc_lines(data, state), (0.99, 0.99, "right", "top")),
                          (bundle_notes, (0.01, 0.01, "left", "bottom")),
                          (_group_exercise_lines(data, state), (0.99, 0.01, "right", "bottom"))):
        if lines:
            x, y, xanchor, yanchor = corner
            annotations.append({
                "text": "<br>".join(lines), "xref": "x domain", "yref": "y domain", "align": "left", "x": x, "y": y,
                "xanchor": xanchor, "yanchor": yanchor, "showarrow": False, "bgcolor": "rgba(255,255,255,0.88)",
                "bordercolor": MUTED, "borderpad": 6, "font": {"size": scale.legend - 1, "color": INK, "family": FONT}})
    return {
        "styles": country_styles(data, state),
        # Exercise sites under the capitals: MME often places an exercise in a capital.
        "data": [*links, _edge_labels(ends, scale), _exercise_trace(sites, scale),
                 _capitals_trace(data, scale, state.year), *([_hub_trace(data, scale, state.year)] if data.region else []),
                 _event_trace(data, state, scale), hover],
        "legend": [*_kind_legend(state, scale), _event_legend(scale),
                   *([_exercise_legend(scale)] if sites else []), *_status_legend(state, scale)],
        "layout": {
            "title": {"text": f"<b>{title}</b>", "subtitle": {"text": subtitle, "font": {"size": scale.legend}},
                      "font": {"size": scale.title, "color": INK, "family": FONT}, "x": 0.01, "xanchor": "left"},
            "height": height, "margin": {"l": 8, "r": 8, "t": scale.title * 3 + subtitle.count("<br>") * scale.legend * 1.5, "b": 46},
            "paper_bgcolor": "white", "plot_bgcolor": WATER, "font": {"family": FONT, "color": INK},
            **_plane(FRAME),
            "legend": {"orientation": "h", "x": 0.0, "xanchor": "left", "y": 0.0, "yanchor": "bottom",
                       "bgcolor": "rgba(255,255,255,0.88)", "bordercolor": "#BBBBBB", "borderwidth": 1,
                       "font": {"size": scale.legend, "family": FONT}, "traceorder": "normal",
                       "itemclick": False, "itemdoubleclick": False},
            "hoverlabel": {"font": {"size": scale.legend, "family": FONT}},
            "annotations": annotations, "dragmode": "pan", "showlegend": True,
        },
    }


def _plane(frame: tuple[float, float, float, float]) -> dict:
    """Axes of the projected plane: hidden, showing exactly the frame, one km across as one km up."""
    xmin, ymin, xmax, ymax = frame
    return {"xaxis": {"range": [xmin, xmax], "visible": False, "constrain": "domain"},
            "yaxis": {"range": [ymin, ymax], "visible": False, "scaleanchor": "x", "scaleratio": 1,
                      "constrain": "domain"}}


def _frame_layout(frame: tuple[float, float, float, float], title: str, height: int, scale: Scale) -> dict:
    return {"title": {"text": f"<b>{title}</b>", "font": {"size": scale.title * 0.7, "family": FONT}, "x": 0.01},
            "height": height, "margin": {"l": 4, "r": 4, "t": scale.title * 1.8, "b": 4}, "showlegend": False,
            "paper_bgcolor": "white", "plot_bgcolor": WATER, "font": {"family": FONT, "color": INK},
            **_plane(frame), "dragmode": False}


def locator_figure(data: Dataset, code: str, year: int, height: int = 360) -> dict:
    """A small map: where a partner lies from the focal state's seat of government in `year` (or
    which way, when beyond the frame); in the region view, the partner alone."""
    scale = Scale(title=26, label=13, country=11, line=3.5, marker=9)
    end = None if data.region else _link_end(data, data.focus, code, year)
    styles = focal_styles(data) | {code: {"fillcolor": "rgba(0,114,178,0.45)", "fillpattern": NO_PATTERN}}
    overlay = []
    if end is not None:
        xs, ys = _arc(_seat_xy(data, data.focus, year), end.point)
        overlay.append({"type": "scatter", "mode": "lines", "x": xs, "y": ys, "hoverinfo": "skip",
                        "line": {"color": INK, "width": scale.line}})
        if end.arrow:
            overlay.append(_edge_labels({code: end}, scale))
    view = {"styles": styles, "data": overlay, "legend": [],
            "layout": _frame_layout(FRAME, f"Where {safe.html(data.name(code))} lies", height, scale)}
    return compose(base_traces("region", scale), view)


# Enclaves in the valley, named where Natural Earth draws them (tests check they lie in the outlines).
ENCLAVES = [("Sokh", 71.10, 39.96), ("Shakhimardan", 71.74, 39.95), ("Vorukh", 70.58, 39.85)]


SIGNED_AT = "UZ-AN"  # the memorandum of the border provinces was signed in Andijan Province


def fergana_caption(data: Dataset) -> str:
    """What the valley map draws, in the words of its records: a memorandum is drawn from its signing
    on, solid only in the years a source attests it (one text of 2016 reports it once; no later one says
    it still holds, nor that it ended)."""
    newest = data.newest_source_date.year
    lines = []
    for memo in (r for r in data.relations if r.provinces and SIGNED_AT in r.provinces):
        start, last = memo.start.date.year, data.last_attested(memo)
        solid = (f"solid in {start}, the only year a source attests it" if last == start
                 else f"solid in {start}–{last}, the years sources attest it" if last else "attested by no source")
        later = (f"; it ends in {memo.end.date.label()}" if memo.end else
                 (f"; after {last or start} dash-dot, as no source speaks of it again nor of an end"
                  if (last or start) < newest else "") + f"; dashed after {newest}, a projection")
        lines.append(f"Lines join the signatory provinces of “{memo.title}” to {data.provinces[SIGNED_AT].centre.name}, "
                     f"where it was signed, from {memo.start.date.label()}: {solid}{later}.")
    return " ".join(["Borders and enclaves: Natural Earth 1:10m. Points are the provinces' centres.", *lines,
                     "Stars: events the sources place in the valley (bright in their own year)."])


def fergana_figure(data: Dataset, state: YearState, height: int = 620) -> dict:
    """The valley: its provinces' centres, the 2016 border-province memorandum while it holds, and
    the events the sources place here."""
    scale = Scale(title=30, label=15, country=14, line=4.0, marker=11)
    memos = [live for live in state.relations if live.relation.provinces]
    styles = country_styles(data, state)
    traces: list[dict] = []
    for live in memos:
        relation, status = live.relation, STATUS_STYLE[live.status]
        signed_at = data.provinces[SIGNED_AT].centre if SIGNED_AT in relation.provinces else None
        for code in relation.provinces:
            centre = data.provinces[code].centre
            if signed_at is None or centre == signed_at:
                continue
            (x0, y0), (x1, y1) = project(centre.lon, centre.lat), project(signed_at.lon, signed_at.lat)
            traces.append({"type": "scatter", "mode": "lines", "x": [x0, x1], "y": [y0, y1],
                           "line": {"color": KIND_STYLE[relation.kind].colour, "width": scale.line,
                                    "dash": status.dash}, "opacity": status.opacity, "hoverinfo": "text",
                           "hovertext": relation_hover(data, live)})
    centres = list(data.provinces.values())
    in_memo = {code for live in memos for code in live.relation.provinces}
    traces.append({
        "type": "scatter", "mode": "markers+text", "hoverinfo": "text",
        "x": [project(p.centre.lon, p.centre.lat)[0] for p in centres],
        "y": [project(p.centre.lon, p.centre.lat)[1] for p in centres],
        "text": [f"<b>{safe.html(p.centre.name)}</b>" if p.code in in_memo else safe.html(p.centre.name)
                 for p in centres],
        "hovertext": [safe.html(f"{p.name} ({data.name(p.country)})") for p in centres], "textposition": "top center",
        "marker": {"size": scale.marker, "color": INK, "line": {"color": "white", "width": 2}},
        "textfont": {"size": scale.label, "family": FONT}})
    enclaves = [project(lon, lat) for _, lon, lat in ENCLAVES]
    traces.append({"type": "scatter", "mode": "text", "x": [x for x, _ in enclaves], "y": [y for _, y in enclaves],
                   "text": [f"<i>{name}</i>" for name, _, _ in ENCLAVES], "textposition": "bottom center",
                   "hoverinfo": "skip", "textfont": {"size": scale.country, "color": MUTED, "family": FONT}})
    valley_events = [e for e in data.events if e.place in data.provinces]
    points = [project(data.provinces[e.place].centre.lon, data.provinces[e.place].centre.lat) for e in valley_events]
    traces.append({"type": "scatter", "mode": "markers", "x": [x + 6 for x, _ in points],
                   "y": [y - 6 for _, y in points], "hoverinfo": "text",
                   "hovertext": [f"<b>{safe.html(e.title)}</b><br>{e.date.date.label()}" for e in valley_events],
                   "marker": {**_event_marker(scale),
                              "opacity": [1.0 if e.date.date.year == state.year else 0.35 for e in valley_events]}})
    title = f"The Fergana Valley, {state.year}" + (" — projection" if state.projection else "")
    view = {"styles": styles, "data": traces, "legend": [],
            "layout": _frame_layout(FERGANA_FRAME, title, height, scale)}
    return compose(base_traces("fergana", scale), view)
