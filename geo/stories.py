"""Stories: a briefer's chosen steps through the years, each standing on the records' own quotes.

A story is a file in data/stories/, its name its id: a title, an author and steps. A step names a year,
the focal state (or the region), the map's filter, the tie or event in focus, a heading, the briefer's
own words and which of the focused record's quotes to show. Every reference is checked against the
dataset when it loads; the briefer's words are never shown as a source's. The key moments, which the
atlas picks itself, are the default story: generated, not a file.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import takewhile
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import Field, ValidationError

from geo import safe
from geo.codebook import Kind
from geo.dataset import Dataset
from geo.dates import FIRST_YEAR, LAST_YEAR
from geo.filters import Evidence, tie_filter
from geo.panels import STYLE as PANEL_STYLE, quote_html
from geo.records import (SLUG, YAML_LIMIT, Event, LocatedDict, Problem, Quote, Record, Relation, Slug, Text,
                         UnreadableFile, _describe, _display, _yaml_problem, field_name, parse_yaml, read_text)
from geo.text import fold
from geo.timeline import belongs, key_moments

STORIES = "stories"  # the folder under data/


class QuoteChoice(Record):
    """One of the focused record's quotes: the source it is from and, where the record quotes that source
    more than once, its opening words. Not an index: a re-import may reorder the quotes, never their words."""
    source: Slug
    begins: Text | None = None


class FilterChoice(Record):
    """The map's filter, as `?kinds=` and `?evidence=` give it."""
    kinds: list[Kind] = []
    evidence: Evidence | None = None


class StepRecord(Record):
    year: int
    state: Text  # a focal state's code, or "all" for the region
    filter: FilterChoice | None = None
    focus: Slug | None = None  # a tie or an event the map holds that year
    heading: Text
    text: Text  # the briefer's words, shown as theirs
    quotes: list[QuoteChoice] = []


class StoryRecord(Record):
    title: Text
    author: Text
    description: Text | None = None
    steps: Annotated[list[StepRecord], Field(min_length=1)]


@dataclass(frozen=True)
class Step:
    """A step ready to show: its view of the map and the words and quotes beside it."""
    year: int
    state: str
    shown: tuple[tuple[str, ...], str | None]  # the filter: sorted kind names, evidence name
    focus: str | None  # the tie or event in focus
    tie: str | None  # the tie the map emphasises (an event in focus emphasises none)
    heading: str
    note: str | None  # the briefer's words; None in the generated story
    caption: str | None  # the atlas's own summary of a key moment; None in an authored story
    quotes: tuple[Quote, ...]


@dataclass(frozen=True)
class Story:
    id: str
    title: str
    author: str | None
    description: str | None
    steps: tuple[Step, ...]


def key_moment_story(data: Dataset) -> Story:
    """The default story: the key moments of the focus, each with its caption and the quote that carries it."""
    steps = tuple(Step(m.year, data.focus, ((), None), None, None, str(m.year), None, m.caption, (m.quote,))
                  for m in key_moments(data))
    return Story("", "Key moments", None, None, steps)


# A step beside the map, in the app and in the offline file alike: large enough to read from the back of
# a room (heading 3.2rem, quotes 1.55rem: 51 and 25 px at a 16 px root; less on a screen under 800 px high,
# such as a 1280x720 projector, so the quotes stay in view), the briefer's words set apart and
# labelled as theirs. The next step (the presenter's notes) shows only while the S key has turned it on.
STEP_STYLE = """<style>
.atlas-moment h2{font-size:3.2rem;line-height:1.15;margin:.2rem 0 .5rem}
.atlas-moment .atlas-caption{font-size:1.7rem;line-height:1.35;font-weight:600}
.atlas-moment blockquote.atlas-quote{font-size:1.55rem;line-height:1.45}
.atlas-moment blockquote.atlas-quote.row{font-size:1rem}
.atlas-moment .atlas-cite{font-size:1.05rem}
.atlas-projection{font-size:1.2rem;color:#8a4b00}
.atlas-note{border:2px solid #0b5cad;border-radius:6px;padding:.4rem .8rem;margin:.4rem 0 .8rem;background:#f3f8fd}
.atlas-note p{font-size:1.45rem;line-height:1.4;margin:.2rem 0}
.atlas-note .atlas-note-label,.atlas-next .atlas-note-label{font-size:1rem;font-weight:700;color:#0b5cad;
  text-transform:uppercase;letter-spacing:.05em;margin:0}
.atlas-next{display:none;border:2px dashed #767676;border-radius:6px;padding:.4rem .8rem;margin-top:1rem}
body.atlas-notes .atlas-next{display:block}
.atlas-next p{font-size:1.1rem;margin:.2rem 0}
@media (max-height:800px){.atlas-moment h2{font-size:2.3rem}.atlas-note p{font-size:1.2rem}
  .atlas-moment blockquote.atlas-quote{font-size:1.25rem}.atlas-moment .atlas-caption{font-size:1.35rem}}
</style>"""


def step_html(data: Dataset, step: Step, following: Step | None = None) -> str:
    """A step as the audience sees it beside the map: its heading, the atlas's caption of a key moment or
    the briefer's note (marked as theirs), the quotes with their citations; and the next step's heading
    and words for the presenter. `data` is the step's view (quotes link to their source from it)."""
    projection = step.year > data.newest_source_date.year
    note = ("<p class='atlas-projection'>Projection: no source is newer than "
            f"{data.newest_source_date.year}.</p>" if projection else "")
    caption = f"<p class='atlas-caption'>{safe.html(step.caption)}</p>" if step.caption else ""
    words = (f"<div class='atlas-note'><p class='atlas-note-label'>Briefer's note</p><p>{safe.html(step.note)}</p>"
             "</div>" if step.note else "")
    quotes = "".join(quote_html(data, quote, step.year) for quote in step.quotes)
    upcoming = ""
    if following is not None:
        said = following.note or following.caption or ""
        upcoming = (f"<div class='atlas-next' role='note'><p class='atlas-note-label'>Next · {following.year}</p>"
                    f"<p><b>{safe.html(following.heading)}</b></p><p>{safe.html(said)}</p></div>")
    return (f"{PANEL_STYLE}{STEP_STYLE}<div class='atlas-moment'><h2>{safe.html(step.heading)}</h2>{caption}{words}"
            f"{note}{quotes}{upcoming}</div>")


# ---------------------------------------------------------------- reading and checking

def read_stories(data_dir: Path, everything: Dataset) -> tuple[dict[str, Story], list[Problem]]:
    """Every story in data_dir/stories/, checked against the whole dataset; a broken step is one problem
    `path:line: step N: field: what is wrong`."""
    folder = data_dir / STORIES
    stories, problems = {}, []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        story, found = _read(path, data_dir, everything)
        problems += found
        if story is not None and not found:
            stories[story.id] = story
    return stories, problems


def _read(path: Path, data_dir: Path, everything: Dataset) -> tuple[Story | None, list[Problem]]:
    where = _display(path, data_dir)
    try:
        text = read_text(path, YAML_LIMIT)
    except UnreadableFile as exc:
        return None, [Problem(where, exc.line, "(file)", "(file)", exc.message)]
    return _parse(text, where, path.stem, everything)


def _parse(text: str, where: str, story_id: str, everything: Dataset) -> tuple[Story | None, list[Problem]]:
    def problem(line: int, record: str, what: str, message: str) -> list[Problem]:
        return [Problem(where, line, record, what, message)]

    try:
        raw = parse_yaml(text)
    except yaml.YAMLError as exc:
        return None, [Problem(where, *_yaml_problem(exc, text))]
    if not _is_slug(story_id):
        return None, problem(1, "(file)", "(file)", "a story's file name is its id: lowercase letters, digits and "
                                                    "hyphens, ending .yaml")
    if not isinstance(raw, LocatedDict):
        return None, problem(1, story_id, "(record)", "a story is a mapping: title, author, steps")
    try:
        record = StoryRecord.model_validate(dict(raw))
    except ValidationError as exc:
        found = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            if len(loc) > 1 and loc[0] == "steps" and isinstance(loc[1], int):
                found += problem(raw.line_of(loc), f"step {loc[1] + 1}", field_name(loc[2:]), _describe(error))
            else:
                found += problem(raw.line_of(loc), story_id, field_name(loc), _describe(error))
        return None, found
    steps, found = [], []
    for index, step in enumerate(record.steps):
        def at(*field: object) -> int:
            return raw.line_of(("steps", index) + field)
        wrong = [Problem(where, at(*field), f"step {index + 1}", field_name(field), message)
                 for field, message in _step_problems(everything, step)]
        found += wrong
        if not wrong:
            steps.append(_resolve(everything, step))
    story = Story(story_id, record.title, record.author, record.description, tuple(steps))
    return story, found


def _is_slug(text: str) -> bool:
    return re.match(SLUG, text) is not None


def _record(view: Dataset, record_id: str) -> Relation | Event | None:
    return view.relation(record_id) or view.event(record_id)


def _step_problems(everything: Dataset, step: StepRecord) -> list[tuple[tuple, str]]:
    """(field path, what is wrong) of each reference of a step that the data does not bear out."""
    if not FIRST_YEAR <= step.year <= LAST_YEAR:
        return [(("year",), f"{step.year} lies outside {FIRST_YEAR}–{LAST_YEAR}")]
    focuses = everything.atlas.focuses()
    if step.state not in focuses:
        return [(("state",), f"no focal state {step.state!r}: one of {', '.join(focuses)}")]
    view = everything.focused(step.state)
    whose = focuses[step.state]
    if step.focus is None:
        return [(("quotes",), "a quote is one of the focused tie's or event's: name it in `focus`")] if step.quotes else []
    record = _record(view, step.focus)
    if record is None:
        elsewhere = _record(everything, step.focus)
        return [(("focus",), f"{step.focus} is not on {whose}'s map" if elsewhere else
                 f"no tie or event {step.focus}")]
    if isinstance(record, Relation):
        if not belongs(record, step.year):
            ends = f"{record.end.date.label()}" if record.end else "no end reported"
            return [(("focus",), f"{step.focus} does not hold in {step.year} ({record.start.date.label()} – {ends})")]
        shown = _shown(step)
        if not tie_filter(*shown).keeps(everything, record):
            return [(("filter",), f"the filter hides {step.focus}, the tie in focus")]
    elif record.date.date.year != step.year:
        return [(("focus",), f"{step.focus} happened in {record.date.date.year}, not {step.year}")]
    wrong = []
    for i, choice in enumerate(step.quotes):
        matches = _matches(record, choice)
        if len(matches) != 1:
            wrong.append((("quotes", i), _quote_problem(record, choice, len(matches))))
    return wrong


def _matches(record: Relation | Event, choice: QuoteChoice) -> list[Quote]:
    same = [quote for quote in record.quotes if quote.source == choice.source]
    if choice.begins is None:
        return same
    begins = fold(choice.begins)
    return [quote for quote in same if fold(quote.text).startswith(begins)]


def _quote_problem(record: Relation | Event, choice: QuoteChoice, count: int) -> str:
    from_source = sum(quote.source == choice.source for quote in record.quotes)
    if not from_source:
        return f"{record.id} quotes nothing from {choice.source}"
    if choice.begins is None:
        return (f"{record.id} quotes {choice.source} {from_source} times: say which with `begins` (its "
                "opening words)")
    if not count:
        return f"no quote of {record.id} from {choice.source} begins {choice.begins!r}"
    return f"{count} quotes of {record.id} from {choice.source} begin so: give more of the opening words"


def _shown(step: StepRecord) -> tuple[tuple[str, ...], str | None]:
    chosen = step.filter or FilterChoice()
    return (tuple(sorted(kind.value for kind in chosen.kinds)), chosen.evidence.value if chosen.evidence else None)


def _resolve(everything: Dataset, step: StepRecord) -> Step:
    record = _record(everything, step.focus) if step.focus else None
    quotes = tuple(_matches(record, choice)[0] for choice in step.quotes) if record else ()
    tie = step.focus if isinstance(record, Relation) else None
    return Step(step.year, step.state, _shown(step), step.focus, tie, step.heading, step.text, None, quotes)


# ---------------------------------------------------------------- writing

def story_yaml(record: StoryRecord) -> str:
    """A story as its file holds it: the fields in the model's order, defaults left out."""
    return yaml.safe_dump(record.model_dump(mode="json", exclude_defaults=True), sort_keys=False,
                          allow_unicode=True, width=100)


# ---------------------------------------------------------------- composing (the curation server's Stories page)

def checked_story(data_dir: Path, story_id: str, fields: StoryRecord | dict,
                  everything: Dataset) -> tuple[str, list[Problem]]:
    """The text of data/stories/<id>.yaml for a story, and its problems against `everything` (the region's
    view of the dataset as it stands); nothing is written. `fields` may be a story as a form holds it:
    a field it gets wrong is a problem at the line the file would give it."""
    where = f"{data_dir.name}/{STORIES}/{story_id}.yaml"
    if not _is_slug(story_id):
        return "", [Problem(where, 0, "(file)", "(file)", "a story's id is lowercase letters, digits and hyphens")]
    try:
        record = fields if isinstance(fields, StoryRecord) else StoryRecord.model_validate(fields)
        content = story_yaml(record)
    except ValidationError:
        content = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, width=100)
    content = _opening_comments(data_dir / STORIES / f"{story_id}.yaml") + content
    # Checked as the file it will be, at the lines it will have.
    _, problems = _parse(content, where, story_id, everything)
    return content, problems


def _opening_comments(path: Path) -> str:
    """The comment lines a story's file opens with (what the file is, for whoever opens it): kept when
    the story is written again."""
    if not path.is_file():
        return ""
    lines = read_text(path, YAML_LIMIT).splitlines()
    return "".join(f"{line}\n" for line in takewhile(lambda line: line.startswith("#"), lines))


def story_record(data_dir: Path, story_id: str) -> StoryRecord:
    """A story of data/stories/ as its file holds it, to be edited (the dataset's loader has checked it)."""
    return StoryRecord.model_validate(dict(parse_yaml(read_text(data_dir / STORIES / f"{story_id}.yaml",
                                                                YAML_LIMIT))))


def quote_options(everything: Dataset, record_id: str | None,
                  chosen: Sequence[QuoteChoice] = ()) -> list[tuple[QuoteChoice, Quote, bool]]:
    """Each quote of the tie or event `record_id`, in its order: the choice that names it (one of
    `chosen` if it does, else its source and, where the record quotes that source more than once, as
    many opening words as tell it apart), the quote, and whether `chosen` names it."""
    record = _record(everything, record_id) if record_id else None
    if record is None:
        return []
    options = []
    for quote in record.quotes:
        named = next((choice for choice in chosen if _matches(record, choice) == [quote]), None)
        options.append((named or _naming(record, quote), quote, named is not None))
    return options


def _naming(record: Relation | Event, quote: Quote) -> QuoteChoice:
    if sum(other.source == quote.source for other in record.quotes) == 1:
        return QuoteChoice(source=quote.source)
    words = quote.text.split()
    # Four words at least: the file is read by people, who recognise a passage by its opening.
    for count in range(min(4, len(words)), len(words) + 1):
        choice = QuoteChoice(source=quote.source, begins=" ".join(words[:count]))
        if len(_matches(record, choice)) == 1:
            return choice
    return QuoteChoice(source=quote.source, begins=quote.text)


def step_preview(everything: Dataset, step: StepRecord) -> tuple[Step | None, list[str]]:
    """A step as the Briefing page would show it, or what is wrong with it (`field: message`, one line each)."""
    problems = [f"{field_name(field)}: {message}" for field, message in _step_problems(everything, step)]
    return (None, problems) if problems else (_resolve(everything, step), [])
