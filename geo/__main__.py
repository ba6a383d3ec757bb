"""Command line: `python -m geo validate`, `python -m geo export --year Y --format F`, `python -m geo docs`,
and the curation commands `add-source`, `add-tie`, `retire`, `history` and `diff` (geo.curation).

Exit codes: 0 done; 1 the data has problems (one line each: path:line: record: field: what), or a change
to it is refused (one line, nothing written);
2 the command was called wrongly or its output could not be written (one line); 130 interrupted.
Never a traceback, and never a half-written file: files are written whole or not at all.
"""
from __future__ import annotations

import argparse
import errno
import getpass
import json
import os
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from geo import __version__
from geo.atlas import REGION
from geo import igo, mme
from geo.atop import derive, write
from geo import curation
from geo.tables import TableError
from geo.codebook import Kind, Voice
from geo.changes import dataset_version, version_label
from geo.dataset import load
from geo.dates import FIRST_YEAR, LAST_YEAR
from geo.docs import data_readme
from geo.files import CHANGED, write_atomically
from geo.filters import Evidence, tie_filter
from geo.formats import FORMATS, SHOWN, SPEED
from geo.handouts import RenderError
from geo.motion import DEFAULT_SPEED, SPEED_RANGE, check_speed
from geo.paths import DATA
from geo.records import COLLECTIONS, DataError
from geo.safe import shown
from geo.validate import SOURCE_LIMIT
from geo.viewstate import ascii_int, parse_choice

PROG = "python -m geo"
STDOUT = "-"
# What a terminal can take first, then what needs --output; alphabetical within each.
CHOICES = sorted(FORMATS, key=lambda name: (FORMATS[name].file_only, name))


class UsageError(Exception):
    pass


class Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, allow_abbrev=False, **kwargs)  # `--yea` must not pass for `--year`

    def error(self, message: str):  # argparse would print a usage block; the contract is one line
        raise UsageError(message)


def year_arg(text: str) -> int:
    year = ascii_int(text, LAST_YEAR + 1)
    if year is None:
        raise argparse.ArgumentTypeError(f"must be a whole number from {FIRST_YEAR} to {LAST_YEAR}, "
                                         f"not {shown(text)!r}")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise argparse.ArgumentTypeError(f"{shown(text)} is outside {FIRST_YEAR}–{LAST_YEAR}")
    return year


def speed_arg(text: str) -> float:
    try:
        return check_speed(text)
    except ValueError:
        low, high = SPEED_RANGE
        raise argparse.ArgumentTypeError(f"must be years per second from {low:g} to {high:g}, "
                                         f"not {shown(text)!r}") from None


def evidence_arg(text: str) -> str:
    if text not in Evidence.__members__:
        raise argparse.ArgumentTypeError(f"must be one of {', '.join(Evidence.__members__)}, not {shown(text)!r}")
    return text


def build_parser() -> Parser:
    parser = Parser(prog=PROG, description="Alliance Atlas data: validate and export.")
    parser.add_argument("--version", action="version", version=f"%(prog)s (Alliance Atlas) {__version__}")
    parser.add_argument("--data", type=Path, default=DATA, help="data folder (default: the shipped data/)")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    commands.add_parser("validate", help="check every record; exit 1 listing problems")
    commands.add_parser("docs", help="rewrite data/README.md from the data and the codebook")
    atop = commands.add_parser("import-atop", help="derive data/atop_*.yaml from ATOP 5.1 files")
    atop.add_argument("--members", type=Path, required=True, help="ATOP member-level CSV (atop5_1m.csv)")
    atop.add_argument("--alliances", type=Path, help="ATOP alliance-level CSV (atop5_1a.csv), archived and cross-checked")
    atop.add_argument("--sheets", type=Path, help="folder of ATOP coding sheets (ATOP<id>[.<phase>]v4.pdf)")
    exercises = commands.add_parser("import-mme", help="derive data/mme_*.yaml from the MME exercise file")
    exercises.add_argument("--exercises", type=Path, required=True, help="MME exercise-level CSV (mme_v7.csv)")
    organisations = commands.add_parser("import-igo", help="derive data/igo_*.yaml from a COW IGO state-year file")
    organisations.add_argument("--memberships", type=Path, required=True,
                               help="COW IGO v3 state-year CSV (state_year_format3_subset_1991_2014.csv)")
    export = commands.add_parser("export", help="the state of one year, or a story")
    export.add_argument("--year", type=year_arg, help="the year (needed unless --story)")
    export.add_argument("--story", metavar="ID", help="html or pdf of a story of data/stories/ (its file name)")
    export.add_argument("--state", metavar="CODE",
                        help="the focal state (a code from data/atlas.yaml), or all for the region at "
                             "once (default: the atlas's default state)")
    export.add_argument("--format", choices=CHOICES, required=True,
                        help="json, csv, geojson: the year's state; png, svg: its map; html: a briefing of all "
                             "years opening at --year; pdf: a briefing pack of the key moments; gif, mp4: the map "
                             "through all the years, animated")
    export.add_argument("--speed", type=speed_arg, metavar="YEARS_PER_SECOND",
                        help=f"gif and mp4 only: how fast the years go by (default {DEFAULT_SPEED:g})")
    export.add_argument("--kinds", metavar="KIND,KIND", help="only ties of these kinds (as in the map's ?kinds=)")
    export.add_argument("--evidence", type=evidence_arg, metavar="|".join(Evidence.__members__),
                        help="only ties the news texts report, ATOP codes, or both; or MME's exercises (as in the "
                             "map's ?evidence=)")
    files = [name for name, fmt in FORMATS.items() if fmt.file_only]
    export.add_argument("--output", help=f"write here instead of standard output (needed for {', '.join(files)}; "
                                         "- is standard output)")
    add_curation(commands)
    return parser


def add_curation(commands) -> None:
    def change(name: str, help: str) -> Parser:
        command = commands.add_parser(name, help=help)
        command.add_argument("--editor", help="who makes the change, for the change log (default: the user "
                                              "logged in)")
        command.add_argument("--expected-version", metavar="VERSION",
                             help="refuse unless the data is still at this version (python -m geo history shows it)")
        return command

    source = change("add-source", "archive a text in data/sources/ and record it in sources.yaml")
    source.add_argument("path", type=Path, metavar="PATH", help="the text, saved as UTF-8 (the page as text)")
    source.add_argument("--title", required=True)
    source.add_argument("--publisher", required=True, help="the outlet that published it")
    source.add_argument("--published", required=True, metavar="DATE", help="YYYY, YYYY-MM or YYYY-MM-DD")
    source.add_argument("--url")
    source.add_argument("--accessed", metavar="YYYY-MM-DD", help="when the copy was made (default: today)")
    source.add_argument("--author")
    source.add_argument("--language", default="en", help="ISO 639-1 code of the text's language (default: en)")
    source.add_argument("--excerpt", action="store_true", help="the text is a passage of the page, not all of it")
    source.add_argument("--body-first", metavar="TEXT", help="the start of the article's first line (default: the "
                                                             "text's first line; what lies outside is page furniture)")
    source.add_argument("--body-last", metavar="TEXT", help="the start of the article's last line (default: the "
                                                            "text's last line)")
    source.add_argument("--furniture", metavar="TEXT", help="which parts of the text are page furniture, in words")
    source.add_argument("--id", help="the source's id (default: from the title and year)")

    tie = change("add-tie", "add a tie (or with --event an event) on verbatim quotes of one source")
    tie.add_argument("--source", required=True, metavar="ID")
    tie.add_argument("--quote", required=True, action="append", metavar="TEXT",
                     help="a passage of the source, verbatim (whitespace may differ); repeat for several")
    tie.add_argument("--parties", required=True, metavar="CODES",
                     help="comma-separated codes of countries.yaml and organisations.yaml, a focal state among them")
    tie.add_argument("--kind", help="a tie kind of the codebook (not for --event)")
    tie.add_argument("--start", required=True, metavar="DATE", help="YYYY, YYYY-MM or YYYY-MM-DD (an event's date)")
    tie.add_argument("--end", metavar="DATE")
    tie.add_argument("--voice", choices=[voice.value for voice in Voice], default=Voice.report.value)
    tie.add_argument("--title", required=True)
    tie.add_argument("--id", help="the record's id (default: from parties, kind and year)")
    tie.add_argument("--event", action="store_true", help="an event (events.yaml), not a tie")

    retire = change("retire", "withdraw a curated tie or event from the map, keeping its record")
    retire.add_argument("id", metavar="ID")
    retire.add_argument("--reason", required=True)

    history = commands.add_parser("history", help="the change log: every change, or one record's")
    history.add_argument("id", nargs="?", metavar="ID")

    diff = commands.add_parser("diff", help="records added, changed and retired, and the years whose map changes")
    diff.add_argument("old", type=Path, metavar="OLD_DATA_DIR")
    diff.add_argument("new", type=Path, nargs="?", metavar="NEW_DATA_DIR", help="default: --data")
    diff.add_argument("--format", choices=["text", "json"], default="text")


def say(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


def to_stdout(content: bytes) -> None:
    """Bytes to standard output as they are (UTF-8 text stays UTF-8 whatever PYTHONIOENCODING says)."""
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:
        raise OSError(errno.EBADF, "standard output is closed")
    remaining = memoryview(content)
    while remaining:  # a pipe can take a large write in parts, and write() then says how much it took
        remaining = remaining[stream.write(remaining):]
    stream.flush()


def deliver(content: bytes, output: str | None) -> int:
    """Write `content` to a file (whole or not at all) or to standard output; one line if that fails."""
    where = "standard output" if output in (None, STDOUT) else output
    try:
        if where == "standard output":
            to_stdout(content)
        else:
            write_atomically(Path(output), content)
    except BrokenPipeError:
        # Whatever still sits in the buffer can go nowhere; without this Python reports it at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        say(f"error: {where} was closed before everything was written")
        return 2
    except OSError as exc:
        say(f"error: cannot write {where}: {exc.strerror or exc}")
        return 2
    return 0


def export_settings(args: argparse.Namespace) -> dict:
    """The settings the export's writer is called with; UsageError for a call its format cannot take."""
    fmt = FORMATS[args.format]
    if fmt.file_only and args.output is None:
        raise UsageError(f"--format {fmt.name} writes a file: give --output PATH (- for standard output)")
    if args.story is not None:
        # A story's steps name their own years, states and filters.
        if fmt.write_story is None:
            raise UsageError(f"--story is for {', '.join(n for n, f in FORMATS.items() if f.write_story)}, "
                             f"not --format {fmt.name}")
        if given := [f"--{name}" for name in ("year", "state", "kinds", "evidence", "speed") if getattr(args, name)]:
            raise UsageError(f"--story takes its years, states and filters from its steps: drop {', '.join(given)}")
        return {}
    if args.year is None:
        raise UsageError("the following arguments are required: --year (or --story ID)")
    settings = {}
    if args.speed is not None:
        if SPEED not in fmt.options:
            takes = ", ".join(name for name, other in FORMATS.items() if SPEED in other.options)
            raise UsageError(f"--speed is for the animations ({takes}), not --format {fmt.name}")
        settings[SPEED] = args.speed
    if args.kinds or args.evidence:
        if SHOWN not in fmt.options:
            raise UsageError(f"--format {fmt.name} holds every tie: --kinds and --evidence are for the maps, "
                             "tables and animations")
        kinds = [kind.strip() for kind in (args.kinds or "").split(",") if kind.strip()]
        if unknown := [kind for kind in kinds if kind not in Kind.__members__]:
            raise UsageError(f"--kinds: no tie kind {shown(unknown[0])!r} (the kinds are listed in "
                             "data/README.md and on the Codebook page)")
        settings[SHOWN] = tie_filter(kinds, args.evidence)
    return settings


def run(argv: list[str]) -> int:
    try:
        args = build_parser().parse_args(argv)
        settings = export_settings(args) if args.command == "export" else {}
        if not args.data.is_dir():
            raise UsageError(f"--data {args.data} is not a folder")
        # The imports write their files into a folder that need not hold any yet; the rest read them.
        if args.command not in IMPORTS and not any((args.data / name).exists() for name in COLLECTIONS):
            raise UsageError(f"--data {args.data} holds none of the data files ({', '.join(COLLECTIONS)})")
    except UsageError as exc:
        say(f"error: {exc}")
        return 2
    if args.command in IMPORTS:
        return IMPORTS[args.command](args)
    if args.command in CURATION:
        try:
            return CURATION[args.command](args)
        except curation.CurationError as exc:
            say(f"error: {exc}")
            return 1
    try:
        data = load(args.data)
    except DataError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s) in {args.data}", file=sys.stderr)
        return 1
    if args.command == "validate":
        # A coded dataset's files lie in a folder of their own (atop/, mme/), named for the dataset.
        coded = Counter(source.file.split("/")[0].upper() for source in data.sources.values() if source.cite_as)
        counted = [f"{count} {dataset} file{'s' if count > 1 else ''}" for dataset, count in sorted(coded.items())]
        files = " and ".join(filter(None, [", ".join(counted[:-1]), counted[-1]])) if counted else "no dataset files"
        everything = data.focused(REGION)
        return deliver(f"ok: {len(data.sources) - coded.total()} sources, {files}, {len(everything.relations)} "
                       f"relations, {len(everything.events)} events, {len(data.claims)} contested claims, "
                       f"{len(data.stories)} stor{'y' if len(data.stories) == 1 else 'ies'}; every quote verbatim\n".encode(), None)
    if args.command == "docs":
        readme = args.data / "README.md"
        status = deliver(data_readme(data.focused(REGION)).encode("utf-8"), str(readme))
        if status == 0:
            say(f"wrote {readme}")
        return status
    if args.story is not None:
        story = data.stories.get(args.story)
        if story is None:
            say(f"error: --story: no story {shown(args.story)!r} in {args.data.name}/stories (there: "
                f"{', '.join(data.stories) or 'none'})")
            return 2
    elif args.state is not None:
        focus = parse_choice(args.state, data.atlas.focuses(), None, "focal state")
        if focus.value is None:
            say(f"error: --state: no focal state {shown(args.state)!r} (one of {', '.join(data.atlas.focuses())})")
            return 2
        data = data.focused(focus.value)
    try:
        content = (FORMATS[args.format].write_story(data, story) if args.story is not None else
                   FORMATS[args.format].write(data, args.year, **settings))
    except RenderError as exc:
        say(f"error: {exc}")
        return 1
    status = deliver(content, args.output)
    if status == 0 and args.output not in (None, STDOUT):
        say(f"wrote {args.output} ({len(content):,} bytes)")
    return status


def _run_import(args: argparse.Namespace, derive_it: Callable[[], Any], write_it: Callable[[Any], list[Path]],
                summary: Callable[[Any], str]) -> int:
    try:
        result = derive_it()
        written = write_it(result)
    except TableError as exc:
        print(exc, file=sys.stderr)
        return exc.exit_code
    print(f"{summary(result)}; {len(written)} files under {args.data} written, the rest already as imported",
          file=sys.stderr)
    return 0


def import_atop(args: argparse.Namespace) -> int:
    return _run_import(args, lambda: derive(args.members, args.alliances, args.sheets, args.data),
                       lambda result: write(result, args.members, args.data),
                       lambda result: f"ATOP {result.version}: {result.alliances} alliances with a Central Asian member, "
                                      f"{len(result.relations)} ties of the focal states, {len(result.texts)} coding "
                                      "sheets")


def _mme_summary(result: mme.Import) -> str:
    held = Counter(code for relation in result.relations for code in relation["parties"])
    counts = ", ".join(f"{code} {held[code]}" for code in result.focal)
    skipped = (f"; {len(result.single_state)} left out, naming no other state ({', '.join(result.single_state)})"
               if result.single_state else "")
    return f"{result.dataset}: {len(result.relations)} exercises with a focal state ({counts}){skipped}"


def import_mme(args: argparse.Namespace) -> int:
    return _run_import(args, lambda: mme.derive(args.exercises, args.data), lambda result: mme.write(result, args.data),
                       _mme_summary)


def _igo_summary(result: igo.Import) -> str:
    held = Counter(relation["parties"][0] for relation in result.relations)
    counts = ", ".join(f"{code} {held[code]}" for code in result.focal)
    return (f"{igo.DATASET}: {len(result.relations)} memberships of the focal states ({counts}) in "
            f"{result.organisations} organisations")


def import_igo(args: argparse.Namespace) -> int:
    return _run_import(args, lambda: igo.derive(args.memberships, args.data), lambda result: igo.write(result, args.data),
                       _igo_summary)


IMPORTS = {"import-atop": import_atop, "import-mme": import_mme, "import-igo": import_igo}


def editor_of(args: argparse.Namespace) -> str:
    if args.editor is not None:
        return args.editor
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in the environment or the password database
        raise curation.CurationError("no user name to log the change under: give --editor NAME") from None


def add_source(args: argparse.Namespace) -> int:
    path = args.path
    try:
        if not path.is_file():
            raise curation.CurationError(f"{path} is not a file")
        with path.open("rb") as handle:  # one byte past the limit is enough to refuse it
            content = handle.read(SOURCE_LIMIT + 1)
    except OSError as exc:
        raise curation.CurationError(f"cannot read {path}: {exc.strerror}") from None
    source_id = curation.add_source(
        args.data, content, title=args.title, publisher=args.publisher, published=args.published, url=args.url,
        accessed=args.accessed, author=args.author, language=args.language, excerpt=args.excerpt,
        furniture=args.furniture, body_first=args.body_first, body_last=args.body_last, source_id=args.id,
        editor=editor_of(args), expected_version=args.expected_version)
    print(source_id)
    return 0


def add_tie(args: argparse.Namespace) -> int:
    if not args.event and args.kind is None:
        raise curation.CurationError("give --kind (a tie kind of the codebook), or --event for an event")
    if args.event and args.kind is not None:
        raise curation.CurationError("an event has no kind: drop --kind, or --event for a tie")
    draft = curation.TieDraft(
        source=args.source, quotes=args.quote, parties=[code.strip() for code in args.parties.split(",")],
        kind=args.kind or "", start=args.start, end=args.end, voice=args.voice, title=args.title, id=args.id,
        event=args.event)
    print(curation.add_tie(args.data, draft, editor=editor_of(args), expected_version=args.expected_version))
    return 0


def retire(args: argparse.Namespace) -> int:
    curation.retire(args.data, args.id, reason=args.reason, editor=editor_of(args),
                    expected_version=args.expected_version)
    print(f"retired {args.id}")
    return 0


def history(args: argparse.Namespace) -> int:
    changes = curation.history(args.data, args.id)
    lines = curation.change_lines(changes) or [f"no change logged{f' for {args.id}' if args.id else ''}"]
    print(f"version {version_label(dataset_version(args.data))}", *lines, sep="\n")
    return 0


def diff(args: argparse.Namespace) -> int:
    result = curation.diff(args.old, args.new or args.data)
    text = (json.dumps(result.as_json(), indent=2, ensure_ascii=False) if args.format == "json"
            else "\n".join(result.lines()))
    return deliver((text + "\n").encode("utf-8"), None)


CURATION = {"add-source": add_source, "add-tie": add_tie, "retire": retire, "history": history, "diff": diff}


def main() -> None:
    if sys.stderr is not None:  # messages name files and quote values: never fail on an ASCII terminal
        sys.stderr.reconfigure(errors="backslashreplace")
    try:
        status = run(sys.argv[1:])
    except KeyboardInterrupt:
        # Files are written whole, several together (geo.files): the Ctrl-C came before a change or after it.
        say("interrupted; no file was changed" if not CHANGED else
            f"interrupted after {len(CHANGED)} file(s) had been written whole (the last {CHANGED[-1]})")
        status = 130
    sys.exit(status)


if __name__ == "__main__":
    main()
