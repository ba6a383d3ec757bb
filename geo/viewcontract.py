"""The view contract: what the server and the map's player in the browser tell each other about the
view (the year, the tie in focus, the story's step), written once, in static/player/contract.js, which
this module reads as JSON and the player runs as a part of itself (static/player/sync.js).

The view has one owner on each side: on the server the session (pages/mapview.py, pages/urlstate.py),
in the browser the player. Between them:

- server to player, each run: a **payload** (the parts' ids, the parts the browser lacks, sent once a
  session, and the player's **options**: year, focus, view, ack — the count of the browser's changes
  the server has applied — and how to draw).
- player to server, as the map component's triggers: **settled** `{year, focus, seq}` once the year or
  focus moved and stayed put (seq: the player's count of changes); **step** (+1 or -1, the presenter's
  keys); **missing** (the id of a part it lacks).

Every field has a type (an integer is never a boolean or a fraction), a range or a length (a year within
the atlas's years, an id at most 200 characters, a count below 2**53), and a default where it may be
absent. A report is taken whole or dropped whole, never raised on: not of its type, with a field the
contract does not list, or with a field that does not fit, it is dropped (None here). Lengths are counted
as the browser counts them, in UTF-16 units, so both sides take and drop the same reports.

Who wins when both move: the browser owns the year while it moves (every step, drag, key, focus picked
or play counts a change); a year from the server is shown only once its ack is at least the browser's
count of changes, and never during play (else it is an echo of a year already left); a settled report is
the browser's newest view, which the server takes, its seq becoming the next ack; a URL opened or gone
back to wins on both sides; a part is sent only if the server's last run offered its id.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from geo.dates import FIRST_YEAR, LAST_YEAR
from geo.paths import STATIC

CONTRACT_FILE = STATIC / "player" / "contract.js"


def contract_of(text: str) -> dict:
    """The object contract.js defines, which is JSON from its line "{" to its line "}"."""
    return json.loads(text[text.index("\n{\n") + 1:text.rindex("\n}\n") + 2])


CONTRACT = contract_of(CONTRACT_FILE.read_text(encoding="utf-8"))
MESSAGES = CONTRACT["messages"]
# The bounds a field may name: the contract's own, and the years, which the server knows from geo.dates.
BOUNDS = {**CONTRACT["bounds"], "first": FIRST_YEAR, "last": LAST_YEAR}
MAX_ID = BOUNDS["id"]

_TYPES = {"integer": lambda value: isinstance(value, int) and not isinstance(value, bool),
          "string": lambda value: isinstance(value, str), "boolean": lambda value: isinstance(value, bool),
          "object": lambda value: isinstance(value, dict), "array": lambda value: isinstance(value, list)}


def _limit(value: int | str | None, bounds: dict) -> int | None:
    return bounds[value] if isinstance(value, str) else value


def _length(text: str, longest: int | None) -> int:
    """`text`'s length in UTF-16 units, as the player counts it; a text already over `longest` code points is
    over in units too, and is not encoded."""
    if longest is not None and len(text) > longest:
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2  # a lone surrogate, which JSON can carry, is a unit


def fits(spec: dict, value: object, bounds: dict = BOUNDS) -> bool:
    """Whether `value` is what a field of the contract allows."""
    if value is None:
        return bool(spec.get("nullable"))
    if not _TYPES[spec["type"]](value):
        return False
    if "values" in spec and value not in spec["values"]:
        return False
    string = spec["type"] == "string"
    low = _limit(spec.get("minLength" if string else "min"), bounds)
    high = _limit(spec.get("maxLength" if string else "max"), bounds)
    size = _length(value, high) if string else value
    return not (low is not None and size < low) and not (high is not None and size > high)


def read(name: str, message: object, bounds: dict = BOUNDS) -> object | None:
    """Message `name` as the contract has it (absent fields given their defaults), or None when it does not fit."""
    spec = MESSAGES[name]
    if "value" in spec:
        return message if fits(spec["value"], message, bounds) else None
    fields = spec["fields"]
    # Counted first: a report of a million fields is dropped without looking at them.
    if not isinstance(message, dict) or len(message) > len(fields) or any(key not in fields for key in message):
        return None
    taken = {}
    for field, rule in fields.items():
        if field in message:
            if not fits(rule, message[field], bounds):
                return None
            taken[field] = message[field]
        elif rule.get("required"):
            return None
        elif "default" in rule:
            taken[field] = rule["default"]
    return taken


@dataclass(frozen=True)
class Settled:
    """The year (and focused tie) the browser's control came to rest on, and its count of changes."""
    year: int
    focus: str | None
    seq: int


def settled(report: object) -> Settled | None:
    taken = read("settled", report)
    return None if taken is None else Settled(**taken)


def step(report: object) -> int | None:
    return read("step", report)


def missing(report: object, offered: frozenset[str]) -> str | None:
    """The part asked for, if it fits the contract and the last run offered it."""
    asked = read("missing", report)
    return asked if asked in offered else None
