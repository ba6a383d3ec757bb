"""Finding quotes in archived source text, tolerant of whitespace only."""
from __future__ import annotations

import re

from geo.safe import shown


def _pattern(quote: str) -> re.Pattern[str]:
    return re.compile(r"\s+".join(re.escape(word) for word in quote.split()))


def locate(text: str, quote: str) -> tuple[int, int] | None:
    """Character span of `quote` in `text`, comparing with whitespace runs folded; None if absent."""
    if not quote.split():
        return None
    # Most quotes are copied as printed (a data row always is): found as they are, no pattern is built,
    # which for hundreds of long rows took a second of every panel set.
    exact = text.find(quote)
    if exact >= 0:
        return exact, exact + len(quote)
    match = _pattern(quote).search(text)
    return match.span() if match else None


def fold(text: str) -> str:
    """Text with every whitespace run made one space: what `occurs` searches."""
    return " ".join(text.split())


def occurs(folded_text: str, quote: str) -> bool:
    """Whether `quote` occurs in the text `fold` gave, whitespace runs folded: `locate` without the
    regular expression, fast enough to check tens of thousands of quotes on every load."""
    return bool(quote.split()) and fold(quote) in folded_text


def first_difference(text: str, quote: str) -> str:
    """Describe where a quote stops matching its source, for a one-line error."""
    words = quote.split()
    matched = 0
    for count in range(1, len(words) + 1):
        if not _pattern(" ".join(words[:count])).search(text):
            break
        matched = count
    if matched == 0:
        return f"its first word {shown(words[0])!r} is not in the source" if words else "it is empty"
    tail = " ".join(words[max(0, matched - 3):matched])
    return f"matches up to '…{shown(tail, 80)}', then {shown(words[matched])!r} differs"
