"""Command line: `python -m geo validate`, `python -m geo export --year Y --format F`, `python -m geo docs`.

Exit codes: 0 done; 1 the data has problems (one line each: path:line: record: field: what);
2 the command was called wrongly (one line). Never a traceback.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from geo.atop import AtopError, derive, write
from geo.dataset import load
from geo.dates import FIRST_YEAR, LAST_YEAR
from geo.docs import data_readme
from geo.export import to_csv, to_geojson, to_json
from geo.handouts import RenderError, html_briefing, map_image, pdf_pack
from geo.records import DATA_DIR, DataError
from geo.timeline import year_state

TEXT_FORMATS = {
    "json": lambda data, state: json.dumps(to_json(data, state), ensure_ascii=False, indent=2) + "\n",
    "csv": to_csv,
    "geojson": lambda data, state: json.dumps(to_geojson(data, state), ensure_ascii=False, indent=2) + "\n",
}


BINARY_FORMATS = {
    "png": lambda data, year: map_image(data, year, "png"),
    "svg": lambda data, year: map_image(data, year, "svg"),
    "html": lambda data, year: html_briefing(data, year).encode("utf-8"),
    "pdf": lambda data, year: pdf_pack(data),
}


class UsageError(Exception):
    pass


class Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse would print a usage block; the contract is one line
        raise UsageError(message)


def year_arg(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number from {FIRST_YEAR} to {LAST_YEAR}, not {text!r}")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise argparse.ArgumentTypeError(f"{year} is outside {FIRST_YEAR}–{LAST_YEAR}")
    return year


def build_parser() -> Parser:
    parser = Parser(prog="python -m geo", description="Alliance Atlas data: validate and export.")
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="data folder (default: the shipped data/)")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    commands.add_parser("validate", help="check every record; exit 1 listing problems")
    commands.add_parser("docs", help="rewrite data/README.md from the data and the codebook")
    atop = commands.add_parser("import-atop", help="derive data/atop_*.yaml from ATOP 5.1 files")
    atop.add_argument("--members", type=Path, required=True, help="ATOP member-level CSV (atop5_1m.csv)")
    atop.add_argument("--alliances", type=Path, help="ATOP alliance-level CSV (atop5_1a.csv), archived and cross-checked")
    atop.add_argument("--sheets", type=Path, help="folder of ATOP coding sheets (ATOP<id>[.<phase>]v4.pdf)")
    export = commands.add_parser("export", help="the state of one year")
    export.add_argument("--year", type=year_arg, required=True)
    export.add_argument("--format", choices=sorted(TEXT_FORMATS) + sorted(BINARY_FORMATS), required=True,
                        help="json, csv, geojson: the year's state; png, svg: its map; html: a briefing of all "
                             "years opening at --year; pdf: a briefing pack of the key moments")
    export.add_argument("--output", type=Path, help="write here instead of standard output (needed for "
                                                     "png, svg, html and pdf)")
    return parser


def run(argv: list[str]) -> int:
    try:
        args = build_parser().parse_args(argv)
        if args.command == "export" and args.format in BINARY_FORMATS and args.output is None:
            raise UsageError(f"--format {args.format} writes a file: give --output PATH")
    except UsageError as exc:
        print(f"python -m geo: error: {exc}", file=sys.stderr)
        return 2
    if args.command == "import-atop":
        return import_atop(args)
    try:
        data = load(args.data)
    except DataError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s) in {args.data}", file=sys.stderr)
        return 1
    if args.command == "validate":
        coded = sum(1 for source in data.sources.values() if source.cite_as)
        print(f"ok: {len(data.sources) - coded} sources and {coded} ATOP files, {len(data.relations)} relations, "
              f"{len(data.events)} events, {len(data.claims)} contested claims; every quote verbatim")
        return 0
    if args.command == "docs":
        (args.data / "README.md").write_text(data_readme(data), encoding="utf-8")
        print(f"wrote {args.data / 'README.md'}")
        return 0
    if args.format in BINARY_FORMATS:
        try:
            content = BINARY_FORMATS[args.format](data, args.year)
        except RenderError as exc:
            print(f"python -m geo: error: {exc}", file=sys.stderr)
            return 1
    else:
        content = TEXT_FORMATS[args.format](data, year_state(data, args.year))
        if args.output is None:
            sys.stdout.write(content)
            return 0
        content = content.encode("utf-8")
    try:
        args.output.write_bytes(content)
    except OSError as exc:
        print(f"python -m geo: error: cannot write {args.output}: {exc.strerror}", file=sys.stderr)
        return 2
    print(f"wrote {args.output} ({len(content):,} bytes)", file=sys.stderr)
    return 0


def import_atop(args: argparse.Namespace) -> int:
    try:
        result = derive(args.members, args.alliances, args.sheets, args.data)
        written = write(result, args.members, args.data)
    except AtopError as exc:
        print(exc, file=sys.stderr)
        return exc.exit_code
    print(f"ATOP {result.version}: {result.alliances} alliances with a Central Asian member, "
          f"{len(result.relations)} ties of Uzbekistan, {len(result.texts)} coding sheets; "
          f"wrote {len(written)} files under {args.data}", file=sys.stderr)
    return 0


def main() -> None:
    sys.exit(run(sys.argv[1:]))


if __name__ == "__main__":
    main()
