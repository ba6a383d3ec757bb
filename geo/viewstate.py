"""Reading a shared view (year, country, selected record) from URL query values.

Anything a person can type into a URL must open the nearest valid view, with a notice saying
what was refused and what opened instead, never an error page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from geo.dates import FIRST_YEAR, LAST_YEAR
from geo.safe import shown
from geo.viewcontract import MAX_ID

DEFAULT_YEAR = 2005
_ASCII_DIGITS = re.compile(r"[0-9]+")


@dataclass(frozen=True)
class Parsed:
    value: object
    notice: str | None = None


def ascii_int(text: str, cap: int) -> int | None:
    """`text` as a whole number when it is ASCII digits and nothing else, at most `cap`; else None.

    int() would also take signs, spaces, `1_999` and other scripts' digits (２０１６, ٢٠١٦). The cap
    applies before converting, so a value thousands of digits long costs nothing and never raises.
    """
    if not _ASCII_DIGITS.fullmatch(text):
        return None
    significant = text.lstrip("0") or "0"
    return cap if len(significant) > len(str(cap)) else min(int(significant), cap)


def parse_year(text: str | None, default: int = DEFAULT_YEAR) -> Parsed:
    if text is None or text == "":
        return Parsed(default)
    year = ascii_int(text, LAST_YEAR + 1)
    if year is None:
        return Parsed(default, f"“{shown(text)}” is not a year (a whole number from {FIRST_YEAR} to {LAST_YEAR}); "
                               f"showing {default}.")
    if year < FIRST_YEAR:
        return Parsed(FIRST_YEAR,
                      f"{shown(text)} is before {FIRST_YEAR}; showing {FIRST_YEAR}, the first year covered.")
    if year > LAST_YEAR:
        return Parsed(LAST_YEAR, f"{shown(text)} is after {LAST_YEAR}; showing {LAST_YEAR}, the last year covered.")
    return Parsed(year)


def parse_choice(text: str | None, choices: dict[str, str], default: str | None, what: str) -> Parsed:
    """A code or id from a known set, matched case-insensitively; anything else falls back."""
    if text is None or text == "":
        return Parsed(default)
    by_folded = {key.casefold(): key for key in choices}
    key = by_folded.get(text.strip().casefold())
    if key is not None:
        return Parsed(key)
    fallback = f"showing {choices[default]}" if default else "showing none"
    return Parsed(default, f"There is no {what} “{shown(text)}”; {fallback}.")


def parse_story(text: str | None, stories: dict) -> Parsed:
    """`?story=<id>`: a story of data/stories/ (None, the default: the key moments)."""
    if not text:
        return Parsed(None)
    if text in stories:
        return Parsed(text)
    return Parsed(None, f"There is no story “{shown(text)}”; showing the key moments.")


def parse_step_number(text: str | None, count: int) -> Parsed:
    """`?step=N`: a story's step, counted from 1; anything else opens the nearest step."""
    if text is None or text == "":
        return Parsed(1)
    number = ascii_int(text, count + 1)
    if number is None:
        return Parsed(1, f"“{shown(text)}” is not a step number (1 to {count}); showing step 1.")
    if not 1 <= number <= count:
        nearest = min(max(number, 1), count)
        return Parsed(nearest, f"This story has no step {shown(text)}; showing step {nearest} of {count}.")
    return Parsed(number)


def parse_span(text: str | None, length: int) -> Parsed:
    """`?at=120-245`: a character span of a source text, as the passage links write it."""
    if not text:
        return Parsed(None)
    start, _, end = (ascii_int(part, length + 1) if part else None for part in text.partition("-"))
    if start is None or end is None:
        return Parsed(None, f"“{shown(text)}” is not a passage position (from-to, in characters); "
                            "showing the whole source.")
    if not 0 <= start < end <= length:
        return Parsed(None, f"Passage {shown(text)} lies outside this source; showing the whole source.")
    return Parsed((start, end))


def parse_kinds(text: str | None, kinds: dict[str, str]) -> Parsed:
    """`?kinds=defence_pact,alliance`: the tie kinds a map shows (empty: all); unknown ones are dropped."""
    if not text:
        return Parsed(frozenset())
    asked = [part.strip() for part in text.split(",") if part.strip()]
    known = frozenset(part for part in asked if part in kinds)
    unknown = [part[:40] for part in asked if part not in kinds]
    if unknown:
        return Parsed(known, f"No tie kind “{'”, “'.join(unknown[:3])}”; "
                             + ("showing the others asked for." if known else "showing every kind."))
    return Parsed(known)


def parse_evidence(text: str | None, choices: tuple[str, ...]) -> Parsed:
    """`?evidence=news|atop|both`: which evidence a tie must have to be shown (absent: any)."""
    if not text:
        return Parsed(None)
    if text.strip().casefold() in choices:
        return Parsed(text.strip().casefold())
    return Parsed(None, f"“{text[:40]}” is not one of {', '.join(choices)}; showing ties of any evidence.")


# A chart's selection is whatever a client chose to send: anything off its shape is dropped, never
# raised on and never stored; ids are held to the view contract's longest.
MAX_REPORTED_ID = MAX_ID


def clicked_ids(points: object) -> list[str]:
    """The record ids a chart selection names (each point's customdata), skipping what is not one."""
    if not isinstance(points, list):
        return []
    return [p["customdata"] for p in points[:MAX_REPORTED_ID] if isinstance(p, dict)
            and isinstance(p.get("customdata"), str) and 0 < len(p["customdata"]) <= MAX_REPORTED_ID]
