"""How every kind and status of tie looks, and the one order of kinds: the single map definition.

The Python figures (exports, the timeline chart, the side panels) read these tables, and
`definition()` sends what the browser's player needs with the data, so no colour is written twice.
A new kind or status is one row in KIND_ROWS or STATUS_ROWS.

**One order of kinds, closest tie first.** It decides which tie colours a partner country when
several hold in one year, the order of links and legend entries, the timeline's rows, and which
tie leads a key moment's caption. Kinds are ranked by how far they bind the parties: a treaty of
alliance, then a multi-year military programme, then a defence treaty (arms, assistance, joint
research), then basing (troops on the ground, but under a lease or a deal that binds the host to
no defence of the guest), then memoranda below alliance level, one-off exercises, public backing
with nothing signed, an alliance that is only argued for, a membership of an organisation as COW IGO
codes it (a value a year, with no obligation coded), and last a stated refusal to join a bloc (a tie
by its absence). ATOP's obligation types take their place by the same measure: a defence or offence
pact binds as a treaty of alliance short of one (after a military programme, before a defence treaty);
a strategic partnership sits between basing and security memoranda; neutrality, consultation and
non-aggression pledges bind less than a memorandum and more than an exercise; a stated stance binds nothing and shades nothing. Earlier, the captions ranked basing above defence cooperation while the
map did the opposite; the map's order is kept because it is what readers have seen.
"""
from __future__ import annotations

from dataclasses import dataclass

from geo.codebook import Kind, Status


@dataclass(frozen=True)
class KindStyle:
    colour: str
    fill: str
    shades: bool = True  # whether a partner whose closest tie is of this kind is coloured by it


@dataclass(frozen=True)
class StatusStyle:
    dash: str            # Plotly's line dash for links of this status
    opacity: float
    legend: str
    country_pattern: str  # Plotly fill pattern of a partner whose closest tie has this status ("" plain)


# Okabe–Ito colours for the news kinds: distinguishable with the common colour-vision deficiencies;
# ATOP's obligation types in Paul Tol's muted scheme, apart from them, with paler fills. Closest tie first.
KIND_ROWS: list[tuple[Kind, KindStyle]] = [
    (Kind.alliance, KindStyle("#0072B2", "rgba(0,114,178,0.30)")),
    (Kind.military_partnership, KindStyle("#D55E00", "rgba(213,94,0,0.26)")),
    (Kind.defence_pact, KindStyle("#332288", "rgba(51,34,136,0.13)")),
    (Kind.offence_pact, KindStyle("#882255", "rgba(136,34,85,0.13)")),
    (Kind.defence_cooperation, KindStyle("#E69F00", "rgba(230,159,0,0.28)")),
    (Kind.basing, KindStyle("#111111", "rgba(17,17,17,0.22)")),
    (Kind.strategic_partnership, KindStyle("#CC6677", "rgba(204,102,119,0.26)")),
    (Kind.security_cooperation, KindStyle("#009E73", "rgba(0,158,115,0.35)")),
    (Kind.neutrality_pact, KindStyle("#AA4499", "rgba(170,68,153,0.13)")),
    (Kind.consultation_pact, KindStyle("#44AA99", "rgba(68,170,153,0.13)")),
    (Kind.non_aggression_pact, KindStyle("#999933", "rgba(153,153,51,0.13)")),
    (Kind.military_exercise, KindStyle("#CC79A7", "rgba(204,121,167,0.35)")),
    (Kind.diplomatic_backing, KindStyle("#56B4E9", "rgba(86,180,233,0.35)")),
    (Kind.prospective_alliance, KindStyle("#6E6E6E", "rgba(110,110,110,0.25)")),
    # A stance and a refusal to join a bloc are not ties to a country: they shade nothing.
    (Kind.stance, KindStyle("#88CCEE", "rgba(0,0,0,0)", shades=False)),
    # A membership is of an organisation, which has no place on the map: listed with the blocs, shading nothing.
    (Kind.membership, KindStyle("#4477AA", "rgba(0,0,0,0)", shades=False)),
    (Kind.non_membership, KindStyle("#6E6E6E", "rgba(0,0,0,0)", shades=False)),
]
KIND_STYLE: dict[Kind, KindStyle] = dict(KIND_ROWS)
KIND_ORDER: list[Kind] = [kind for kind, _ in KIND_ROWS]
SHADING_KINDS: list[Kind] = [kind for kind, style in KIND_ROWS if style.shades]

STATUS_ROWS: list[tuple[Status, StatusStyle]] = [
    (Status.in_force, StatusStyle("solid", 1.0, "Attested this year (solid)", "")),
    (Status.continuing, StatusStyle("dashdot", 0.8, "Continuing, last attested earlier (dash-dot)", "")),
    (Status.planned, StatusStyle("dash", 0.9, "Projection (dashed)", "/")),
    (Status.speculative, StatusStyle("dot", 0.9, "Opinion / speculative (dotted)", ".")),
    (Status.ended, StatusStyle("solid", 0.35, "Ended this year (faint)", "")),
]
STATUS_STYLE: dict[Status, StatusStyle] = dict(STATUS_ROWS)

LAND, BORDER, WATER, HOME_FILL = "#ECEAE4", "#FFFFFF", "#D6E6F2", "#FFE7A3"
INK, MUTED = "#1A1A1A", "#5A5A5A"
EVENT = "#C0392B"
FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
# SVG stroke-dasharray of each Plotly dash, for the legend the browser draws as HTML.
DASH_PATTERNS = {"solid": "", "dash": "9 6", "dot": "2 5", "dashdot": "9 4 2 4"}


def kind_rank(kind: Kind) -> int:
    """Position in the one order of kinds: 0 is the closest tie."""
    return KIND_ORDER.index(kind)


def definition() -> dict:
    """What the browser's player needs of this module, sent with the data."""
    return {"land": {"fillcolor": LAND, "fillpattern": {"shape": ""}}, "dashes": DASH_PATTERNS}
