"""Markdown written from the data and the codebook, so documents cannot drift from them."""
from __future__ import annotations

from pathlib import Path

import yaml

from geo import safe
from geo.atop import COVERAGE_END
from geo.citations import CITATIONS, atlas_citation
from geo.codebook import ATOP_KINDS, ATTESTED_RULE, Kind, BELONGS_RULE, KINDS, STATUS_RULE, STATUSES
from geo.crosscheck import atop_citation, earlier_defence_pacts
from geo.dataset import Dataset
from geo.igo import ORGANISATION_TABLE
from geo.paths import STATIC
from geo.records import Event, Relation, When
from geo.shapes import BOUNDARIES
from geo.validate import RULES


def _cell(text: str) -> str:
    """A data string as Markdown text: one line, and nothing in it can format, link or break a table."""
    return safe.markdown(" ".join(text.split()))


def _when(when: When | None) -> str:
    if when is None:
        return "—"
    return when.date.label() + (" *" if when.inferred else "")


def codebook_tables(data: Dataset) -> str:
    kinds = ["| kind | meaning | in the data |", "|---|---|---|"]
    for kind, term in KINDS.items():
        examples = ", ".join(r.title for r in data.relations if r.kind is kind and r.exercise is None
                             and r.membership is None)
        exercises = sum(1 for r in data.relations if r.kind is kind and r.exercise is not None)
        memberships = sum(1 for r in data.relations if r.kind is kind and r.membership is not None)
        # MME's exercises and COW IGO's memberships are counted, not named: there are too many for a table cell.
        imported = "; ".join(filter(None, (f"{exercises} exercises imported from MME" if exercises else "",
                                           f"{memberships} memberships imported from COW IGO" if memberships else "")))
        kinds.append(f"| `{kind.value}` | {term.definition} | {_cell('; '.join(filter(None, (examples, imported))) or '—')} |")
    statuses = ["| status | shown as | meaning |", "|---|---|---|"]
    statuses += [f"| `{status.value}` | {term.label} | {term.definition} |" for status, term in STATUSES.items()]
    rules = ["| # | rule |", "|---|---|"] + [f"| {i} | {text} |" for i, (text, _) in enumerate(RULES, 1)]
    return "\n".join([
        "### Relation kinds", "", *kinds, "", "### Status in a year", "", BELONGS_RULE, "", ATTESTED_RULE, "",
        STATUS_RULE, "",
        *statuses, "", "### Validation rules (`python -m geo validate`)", "", *rules, "",
    ])


def _news(data: Dataset) -> list:
    return [source for source in data.sources.values() if source.cite_as is None]


def atop_explained(data: Dataset) -> str:
    """What ATOP is, what the atlas takes from it and how it differs from the news texts."""
    coded = [r for r in data.relations if r.coded]
    version = coded[0].coded.dataset if coded else "ATOP"
    blocs = [r for r in coded if any(p in data.organisations for p in data.partners(r))]
    linked = [r for r in coded if r.kind not in ATOP_KINDS]
    alliances = [r for r in data.relations if r.kind is Kind.alliance and not r.coded]
    pacts = {(a.id, p.id): (a, p) for a in alliances for p in earlier_defence_pacts(data, a)}
    return "\n".join([
        f"{version} (Alliance Treaty Obligations and Provisions, atopdata.org) is the standard scholarly record of "
        "formal alliances: every written treaty in which states promise to defend a partner, join its war, stay "
        "neutral, not attack each other or consult in a crisis, coded member by member with day-precision entry "
        f"and exit dates, 1815–{COVERAGE_END}. Cite as: Leeds, Brett Ashley, Jeffrey M. Ritter, Sara McLaughlin "
        "Mitchell, and Andrew G. Long. 2002. \"Alliance Treaty Obligations and Provisions, 1815-1944.\" "
        "International Interactions 28: 237-260; data: ATOP version 5.1 (atopdata.org).",
        "",
        f"- **What the atlas takes.** Every alliance phase with a focal state as a member: {len(coded)} ties, one "
        f"per bilateral treaty (shown on both states' maps where two focal states are its parties) and one per "
        f"member of a multilateral treaty: {len(blocs)} such memberships (Collective Security Treaty and CSTO, CIS, SCO, "
        "OSCE …), shown as a bloc membership rather than a line to every member. Each tie's kind is its strongest "
        "obligation (defence > offence > neutrality > non-aggression > consultation); every obligation is kept "
        "as a typed field and shown in words.",
        "- **Evidence.** The data rows of the member-level file (`data/atop/atop5_1m.csv`, archived byte for "
        "byte) and the verbatim answers of the ATOP coding sheet: the treaty articles quoted for each obligation, "
        "the signature date, the termination and its source. The sheets' text, extracted once from the PDFs "
        "(archived beside it), is checked like a news text: each quote must occur verbatim. Cited as "
        "\"ATOP 5.1, alliance N, phase P\". "
        f"{sum(1 for r in coded if r.coded.sheet is None)} of these ties have no published coding sheet: their "
        "data rows are the only evidence.",
        f"- **Coverage ends in {COVERAGE_END}.** A treaty ATOP codes as still in effect is attested up to "
        f"{COVERAGE_END}; from {COVERAGE_END + 1} it is *continuing* unless a news text speaks of it again.",
        "- **Defence pact is not alliance.** ATOP's obligation types are not the sources' word \"alliance\". "
        "Before the alliances the news texts report, ATOP already codes bilateral defence pacts with the same "
        "partner: "
        + ("; ".join(f"{a.title} ({a.start.date.year}): {p.title} (alliance {p.coded.atop_id})"
                     for a, p in pacts.values()) or "none")
        + ". ATOP ties therefore keep kinds of their own; a panel says where the two kinds of source meet.",
        "- **One treaty, two kinds of evidence.** Where a curated tie is the same treaty as an ATOP alliance it "
        "names it (`atop: 5075`); the validator checks that the two agree on parties, start and end, reports any "
        "disagreement, and the app shows one tie carrying both. Linked now: "
        + (", ".join(f"`{r.id}` = {atop_citation(r)}" for r in linked) or "none") + ".",
        "- **Re-import.** `python -m geo import-atop --members atop5_1m.csv --alliances atop5_1a.csv --sheets "
        "codesheets/` rewrites `data/atop_sources.yaml` and `data/atop_relations.yaml` and the archived files "
        "(same input, byte-identical output); COW state numbers map to ISO codes through `data/atop/cow_states.csv`, "
        "multilateral alliances to blocs through `data/atop/blocs.csv`.",
    ])


def mme_explained(data: Dataset) -> str:
    """What MME is, what the atlas takes from it, how it is drawn and cited, and its terms (none stated)."""
    exercises = [r for r in data.relations if r.exercise]
    if not exercises:
        return "No MME exercises are imported: run `python -m geo import-mme`."
    dataset = exercises[0].exercise.dataset
    held = ", ".join(f"{state.name} {sum(state.code in r.parties for r in exercises)}" for state in data.atlas.states)
    years = sorted(r.start.date.year for r in exercises)
    groups = sum(1 for r in exercises if r.group_exercise)
    return "\n".join([
        f"{dataset} (Multinational Military Exercises, 1980–2010) records multinational military exercises, one row "
        "each: its name, place and coordinates, dates, and the participating states by name. Cite as: D'Orazio, "
        "Vito; Galambos, Kevin, 2021, \"Multinational Military Exercises, 1980-2010\", "
        "https://doi.org/10.7910/DVN/KHFODX, Harvard Dataverse, V1.",
        "",
        "- **Terms: none stated.** The archived copy (`data/mme/mme_v7.csv`, committed in the R package troopdata; "
        "see `data/mme/PROVENANCE.md`) states no licence for the data, only the package's own, and the Dataverse "
        "record's terms could not be consulted. The atlas quotes the rows it uses and keeps the citation with them; "
        "check the Dataverse record before passing the data on.",
        f"- **What the atlas takes.** Every exercise with a focal state among its participants: {len(exercises)} "
        f"({held}), {years[0]}–{years[-1]}. Each is one tie of the kind `military_exercise` between the states its "
        "row names, dated as precisely as MME gives it (a day written `xx` leaves the month). An exercise of two "
        f"states is drawn as a line like any tie; one of more ({groups} of them) is listed in a box, as the blocs "
        "are, rather than drawn as a line to every member, and a diamond marks where it was held.",
        "- **Evidence.** The exercise's row of the archived file, quoted whole, cited as \"MME, exercise mmeNNNN\". "
        "The validator reads every row again on each load and checks that the record is that row (id, name, "
        "parties, dates, participants, place) and that no row with a focal participant lacks a record.",
        "- **Participants are the State columns.** MME names participants in 39 columns, StateA … StateAM; all "
        "are read (a derived long format of the same file drops every participant named in StateY … StateAM). Names "
        "become country codes through `data/mme/names.csv`, checked by the validator; `-9` (participants MME "
        "does not know) and groups such as \"Baltic States\" are shown on the card but are no party. An exercise "
        "whose free text names a focal state that its State columns do not list is not taken.",
        "- **Coverage ends in 2010**; MME's exercises are never carried forward, and never lead a key moment.",
        "- **Re-import.** `python -m geo import-mme --exercises mme_v7.csv` rewrites `data/mme_sources.yaml`, "
        "`data/mme_relations.yaml` and the archived copy with its `SHA256SUMS` (same input, byte-identical output).",
    ])


def _years(years: list[int]) -> str:
    """Years as runs: 1991–1992, 2012."""
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs)


def igo_explained(data: Dataset) -> str:
    """What COW IGO is, what the atlas takes from it, what its values mean, how it is cited, and its terms."""
    memberships = [r for r in data.relations if r.membership]
    if not memberships or data.igo is None:
        return "No COW IGO memberships are imported: run `python -m geo import-igo`."
    source = data.sources[data.igo.source]
    held = _cell(", ".join(f"{state.name} {sum(state.code in r.parties for r in memberships)}"
                           for state in data.atlas.states))
    organisations = "; ".join(f"{_cell(o.name)} ({o.number}, column `{o.column}`) as {o.code}"
                              for o in data.igo.organisations.values())
    cited = CITATIONS["igo"]
    return "\n".join([
        f"{cited.dataset} (Correlates of War Intergovernmental Organizations, version 3.0) records which states "
        "belonged to which intergovernmental organisations, 1816–2014: in its state-year format one row a state and "
        "year, one column an organisation, coded 0 no membership, 1 full membership, 2 associate membership, "
        f"3 observer, -9 missing data, -1 the organisation not in existence. Cite as: {cited.reference}",
        "",
        f"- **Terms.** {cited.terms}",
        f"- **What the atlas takes.** The organisations of `data/{ORGANISATION_TABLE}`: {organisations}. For each "
        f"focal state, one record a run of consecutive years with one value (full, associate or observer): "
        f"{len(memberships)} memberships ({held}), of the kind `membership`. They are listed with the blocs (the "
        "map's box, the region's bloc table), never drawn as lines.",
        f"- **Evidence.** The archived file `data/{source.file}`, a subset of COW's state-year file derived by "
        "`data/igo/derive_csv.py` (see `data/igo/PROVENANCE.md`). A record quotes the first and last rows of its run "
        "whole (a row is some 400 characters: quoting every year would make a card of up to 24 rows) and lists the "
        "line of every row; the validator reads each again on every load, and checks that every run of a focal "
        "state's membership has its record. Cited as \"COW IGO v3, line N\".",
        "- **Values as they are.** -9 is missing data, never \"not a member\"; -1 means the organisation did not "
        "exist that year (the CSTO is -1 before 2002, the Central Asian Economic Community after 2006). A run ends "
        "with the last year coded (marked *: COW IGO gives no date, one value a calendar year, and its codebook does "
        "not say which day of a year decides it).",
        f"- **Coverage ends in {source.published.date.year}.** A membership coded to then is attested up to then; "
        "later it is *continuing* unless another source speaks of it. COW IGO's memberships never lead a key moment.",
        "- **Re-import.** `python -m geo import-igo --memberships state_year_format3_subset_1991_2014.csv` rewrites "
        "`data/igo_sources.yaml`, `data/igo_relations.yaml`, the archived copy and `data/igo/SHA256SUMS` (same input, "
        "byte-identical output); COW numbers are the focal states' of `data/atlas.yaml`, checked against "
        "`data/atop/cow_states.csv`.",
    ])


def memberships_explained(data: Dataset) -> str:
    """What ATOP and COW IGO each code of a membership, why they can differ, and where they do."""
    if data.igo is None:
        return "No COW IGO memberships are imported: nothing to compare ATOP's with."
    compared = "; ".join(f"{o.code} with ATOP's {', '.join(o.atop)}" for o in data.igo.organisations.values() if o.atop)
    alone = ", ".join(o.code for o in data.igo.organisations.values() if not o.atop)
    found: dict[tuple[str, str], list[int]] = {}
    for year, disagreements in data.disagreements.items():
        for d in disagreements:
            found.setdefault((d.state, d.organisation), []).append(year)
    where = "; ".join(f"{_cell(data.name(state))} and the {organisation}: {_years(years)}"
                      for (state, organisation), years in sorted(found.items()))
    return "\n".join([
        "**ATOP codes treaties; COW IGO codes organisations.** In ATOP a state is in a bloc while it is a party to "
        "the treaty (an alliance and phase) that carries the bloc's obligations, from the day it entered to the day "
        "it left. In COW IGO it is a member of an intergovernmental organisation, one value a calendar year (full, "
        "associate, observer or none), whatever treaty binds it. They can differ because they code different things "
        "(an organisation can exist before the treaty ATOP codes, and a state can sit in an organisation without "
        "being a party to its treaty), with different precision (a state that left in June is a party for ATOP "
        "that year, while COW IGO's one value may already say no membership), and because their coders read the "
        "same events differently.",
        "",
        f"- **Compared:** {compared} (`data/{ORGANISATION_TABLE}`). ATOP codes no treaty of {alone or 'none'}: COW "
        "IGO alone speaks of them.",
        "- **A disagreement** is a year in which one dataset makes the state a member and the other does not (in COW "
        "IGO full or associate membership is membership; an observer is no member). A year COW IGO codes -9 or -1 is "
        "none: it says neither. Both readings stand, each with its rows: on the membership's card, in the exports' "
        "`disagreements`, and marked ≠ in the map's box and the region's bloc table. The atlas picks neither.",
        f"- **Where they differ:** {where or 'nowhere'}.",
    ])


def citations_explained(data: Dataset) -> str:
    """How to cite the atlas and each source, and on what terms each dataset comes, as its copy states them."""
    rows = ["| dataset | cite as | terms |", "|---|---|---|"]
    rows += [f"| {citation.dataset} | {_cell(citation.reference)} | {_cell(citation.terms)} |"
             for citation in CITATIONS.values()]
    return "\n".join([
        f"**Suggested citation of the atlas:** {_cell(atlas_citation(data.atlas))}",
        "",
        "The news texts are cited by outlet, author and date as the panels give them (the table of sources above); "
        "the atlas records no terms for them. The datasets ask to be cited as follows, and state these terms:",
        "",
        *rows,
        "",
        "Every JSON export lists the sources it quotes with these citations and terms (`sources`) and the atlas's "
        "own (`cite_atlas_as`); the PDF briefing pack ends with them.",
    ])


def _records_from(data: Dataset, source_id: str) -> tuple[list[Relation], list[Event]]:
    def cites(record) -> bool:
        return any(q.source == source_id for q in record.quotes)
    return [r for r in data.relations if cites(r)], [e for e in data.events if cites(e)]


def data_readme(data: Dataset) -> str:
    lines = [
        "# The data",
        "",
        "Curated YAML, validated by `python -m geo validate` (also run by `make test`). Every quote",
        "occurs verbatim in an archived source under `sources/`, kept byte-for-byte as archived.",
        "This file is written from the data by `python -m geo docs`; a test fails when it is stale.",
        "",
        "| file | holds |",
        "|---|---|",
        "| `sources.yaml` | one record per archived document: outlet, author, dates, checksum, body markers; "
        "`excerpt: true` where the text is a passage of the page, not all of it, and `furniture`, which parts of "
        "it are page furniture, where the body markers alone do not say |",
        "| `changes.yaml` | the change log: one entry a change made by `python -m geo add-source`, `add-tie` or "
        "`retire` (when, in UTC; the editor; the action, the record and its fields; the dataset's version before and "
        "after: a hash of every YAML file here but this one and of every text under `sources/`), appended, never "
        "rewritten; `python -m geo history [ID]` lists it |",
        "| `countries.yaml`, `organisations.yaml`, `provinces.yaml` | the parties and places the records name |",
        "| `atlas.yaml` | what the atlas is of: its region, years, focal states and their seats of government by date |",
        "| `relations.yaml` | the focal states' ties, by the codebook below (template at the top of the file) |",
        "| `events.yaml` | dated happenings that explain the ties |",
        "| `claims.yaml` | questions the sources answer differently, every answer with its own quote |",
        "| `atop/` | ATOP 5.1 files (member and alliance level, coding sheets with their extracted text, code tables); "
        "see its PROVENANCE.md |",
        "| `atop_sources.yaml`, `atop_relations.yaml` | generated by `python -m geo import-atop`: the ATOP files as "
        "sources, and the focal states' ATOP ties (do not edit; re-import) |",
        "| `mme/` | the MME exercise file (with SHA256SUMS) and `names.csv`, MME's names to country codes; see its "
        "PROVENANCE.md |",
        "| `igo/` | the COW IGO v3 state-year subset with its derivation script, the codebook and SHA256SUMS, and "
        "`organisations.csv`, COW's columns to organisation codes and the ATOP blocs compared with them; see its "
        "PROVENANCE.md |",
        "| `igo_sources.yaml`, `igo_relations.yaml` | generated by `python -m geo import-igo`: the COW IGO file as a "
        "source, and the focal states' memberships of organisations (do not edit; re-import) |",
        "| `mme_sources.yaml`, `mme_relations.yaml` | generated by `python -m geo import-mme`: the MME file as a "
        "source, and the focal states' exercises (do not edit; re-import) |",
        "| `boundaries/` | country outlines derived from Natural Earth; see its PROVENANCE.yaml |",
        "| `stories/` | briefers' stories, one file each (its name is its id): steps through the years, each on "
        "quotes of the records (below) |",
        "",
        "A tie or event is never deleted: `python -m geo retire ID --reason TEXT` adds `retired: {date, reason}` to "
        "its record, which then stays in its file, its quotes and the change log, and leaves the map, the panels "
        "and the exports. `python -m geo diff OLD_DATA_DIR` lists what a change adds, changes and retires, and the "
        "years whose map differs.",
        "",
        "Dates are as precise as the evidence (year, month or day). `*` marks a date that no source",
        "prints and that had to be inferred; the reasoning is listed under each source.",
        "",
        "## The focal states",
        "",
        f"`atlas.yaml` names the atlas's focal states; every view is one of them or the region at once "
        f"(`?state=` in the app, `--state` on the command line; default {data.atlas.default}). A relation must "
        "have a focal state as a party; a tie between two of them is one record, on both maps. Links start at "
        "the state's seat of government in force on 1 July of the year:",
        "",
        "| state | COW | seats of government |",
        "|---|---|---|",
        *(f"| {state.code} {state.name} | {state.cow} | "
          + "; ".join(f"{seat.name} from {seat.since.isoformat()}" for seat in state.seats) + " |"
          for state in data.atlas.states),
        "",
        "A sixth state is one more entry under `states` (code, COW number, name, demonym, seats with the act "
        "each rests on), a line in `countries.yaml` whose capital is its latest seat, its COW number in "
        "`atop/cow_states.csv`, and a re-run of `python -m geo import-atop` for its treaties (and of "
        "`python -m geo import-mme` for its exercises, its MME name in `mme/names.csv`, and of "
        "`python -m geo import-igo` for its memberships, its COW number in the COW IGO file); "
        "`python -m geo validate` checks that the pieces agree.",
        "",
        "## Sources, and what was taken from each",
        "",
    ]
    for source in _news(data):
        relations, events = _records_from(data, source.id)
        lines += [
            f"### `{source.id}` — {_cell(source.title)}",
            "",
            f"- File: `{source.file}` (sha256 `{source.sha256[:16]}…`)",
            f"- Outlet: {_cell(source.outlet or 'not named in the text')}; author: {_cell(source.author or 'not named')}"
            + (f"; republished from {_cell(source.republished_from)}" if source.republished_from else ""),
            f"- Published: {_when(source.published)}"
            + (f" — inferred: {_cell(source.published.inferred)}" if source.published.inferred else " (printed)"),
            f"- Accessed: {source.accessed.isoformat()}; language: {source.language}",
        ]
        if source.note:
            lines.append(f"- Note: {_cell(source.note)}")
        lines += ["", "| record | kind | from | to |", "|---|---|---|---|"]
        lines += [f"| `{r.id}` | {r.kind.value} | {_when(r.start)} | {_when(r.end)} |" for r in relations]
        lines += [f"| `{e.id}` | event | {_when(e.date)} | |" for e in events]
        lines.append("")
    lines += ["## ATOP 5.1", "", atop_explained(data), "",
              "| record | ATOP | kind | obligations | from | to | coding sheet |", "|---|---|---|---|---|---|---|"]
    for relation in (r for r in data.relations if r.coded):
        coded = relation.coded
        lines.append(f"| `{relation.id}` | {coded.atop_id}" + (f".{coded.phase}" if coded.phase else "")
                     + f" | {relation.kind.value} | {', '.join(o.value for o in coded.obligations)} "
                     f"| {_when(relation.start)} | {_when(relation.end)} | "
                     + (f"`{coded.sheet}`" if coded.sheet else "none published") + " |")
    lines += ["", "ATOP files archived as sources: "
              + ", ".join(f"`{s.id}` (`{s.file}`)" for s in data.sources.values() if s.file.startswith("atop/")), ""]
    lines += ["## MME", "", mme_explained(data), "",
              "| record | name | from | to | states | held in |", "|---|---|---|---|---|---|"]
    lines += [f"| `{r.id}` | {_cell(r.title)} | {_when(r.start)} | {_when(r.end)} | {', '.join(r.parties)} | "
              f"{_cell(r.exercise.place or '—')} |" for r in data.relations if r.exercise]
    lines += ["", "MME file archived as a source: "
              + ", ".join(f"`{s.id}` (`{s.file}`)" for s in data.sources.values() if s.file.startswith("mme/")), ""]
    lines += ["## COW IGO v3", "", igo_explained(data), "", memberships_explained(data), "",
              "| record | organisation | value | from | to | rows |", "|---|---|---|---|---|---|"]
    lines += [f"| `{r.id}` | {r.parties[1]} | {r.membership.value} | {_when(r.start)} | {_when(r.end)} | "
              f"{r.membership.rows[0]}–{r.membership.rows[-1]} |" for r in data.relations if r.membership]
    lines += ["", "COW IGO file archived as a source: "
              + ", ".join(f"`{s.id}` (`{s.file}`)" for s in data.sources.values() if s.file.startswith("igo/")), ""]
    lines += ["## Inferred dates", "", "| record | field | date | how it was inferred |", "|---|---|---|---|"]
    for record in [*data.relations, *data.events]:
        for name in ("start", "end", "date"):
            when = getattr(record, name, None)
            if when is not None and when.inferred:
                lines.append(f"| `{record.id}` | {name} | {when.date.label()} | {_cell(when.inferred)} |")
    lines += ["", "## Contested claims", ""]
    for claim in data.claims:
        lines.append(f"- **{_cell(claim.question)}** (`{claim.about}`): "
                     + "; ".join(f"{_cell(p.claimant)}: {_cell(p.says)}" for p in claim.positions))
    lines += ["", "## Stories", "",
              "A story (`stories/<id>.yaml`) has a `title`, an `author`, an optional `description` and `steps`. "
              "Each step names a `year`, a `state` (a focal state's code, or `all`), optionally a `filter` "
              "(`kinds:` and `evidence:`, as the map's `?kinds=` and `?evidence=`) and a `focus` (the id of a tie or "
              "event), a `heading`, the briefer's own words (`text`, always shown as the briefer's, never as a "
              "source's) and `quotes`: which of the focused record's quotes to show, each by its `source` and, where "
              "the record quotes that source more than once, the quote's opening words (`begins`). `python -m geo "
              "validate` checks every step: the year lies in the atlas's range, the state is known, the tie or event "
              "is on that state's map in that year and the filter keeps it, and each quote is one of its own; a "
              "broken step is one line `stories/<id>.yaml:LINE: step N: field: what is wrong`. The Briefing page "
              "plays a story (`/briefing?story=<id>&step=N`); `python -m geo export --story <id> --format html|pdf` "
              "exports it. The key moments, the atlas's own choice, are the default story and have no file.", "",
              "| story | title | author | steps | years |", "|---|---|---|---|---|"]
    lines += [f"| `{story.id}` | {_cell(story.title)} | {_cell(story.author)} | {len(story.steps)} | "
              f"{min(s.year for s in story.steps)}–{max(s.year for s in story.steps)} |" for story in data.stories.values()]
    lines += ["", "## Codebook", "", codebook_tables(data)]
    return "\n".join(lines)


def _provenance(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def method_text(data: Dataset) -> str:
    """The Codebook & method page, from the same definitions and records the app uses."""
    boundaries = _provenance(BOUNDARIES / "PROVENANCE.yaml")
    library = _provenance(STATIC / "PROVENANCE.yaml")["plotly-basic.min.js"]
    inferred = sum(1 for r in [*data.relations, *data.events] for name in ("start", "end", "date")
                   if getattr(r, name, None) is not None and getattr(r, name).inferred)
    sources = ["| source | outlet | author | published | how the date is known |", "|---|---|---|---|---|"]
    for source in _news(data):
        how = _cell(source.published.inferred) if source.published.inferred else "printed in the text"
        sources.append(f"| {_cell(source.title)} | {_cell(source.outlet or 'not named')} | {_cell(source.author or 'not named')} "
                       f"| {source.published.date.label()} | {how} |")
    src = boundaries["source"]
    return "\n".join([
        "Every tie on the map is a record in `data/relations.yaml` or imported from ATOP 5.1, MME or COW IGO, resting "
        f"on one or more verbatim quotes from {len(_news(data))} archived news texts, from ATOP's data and coding "
        "sheets, from MME's exercise rows or from COW IGO's state-year rows. "
        "Nothing is shown that a source does not say; opinion is marked as opinion; where sources disagree, "
        "every answer is shown with its own quote.",
        "", codebook_tables(data),
        "### Dates and their precision",
        "A date is recorded only as precisely as the evidence allows: a year (`2017`), a month (`2024-02`) or a "
        "day (`2005-11-14`). On the timeline, a date known only to the year or month is drawn as a pale window over "
        "that whole period rather than as its first day. Where no source prints a date, the record says how it was "
        f"inferred; {inferred} dates in the data are inferred, each with its reasoning (listed in `data/README.md`, "
        "marked * in the panels).",
        "", "### How quotes are verified",
        "Each quote must occur word for word in its source's archived text, ignoring only differences of "
        "whitespace. The check runs every time the data is loaded (`python -m geo validate`), and an archived "
        "text whose sha256 no longer matches its record is refused. Source text is always shown as text: markup "
        "inside a source never formats or runs.",
        "", "### Contested claims",
        "Questions the sources answer differently (the Andijan death toll, who concluded the 2025 programme) are "
        "kept as claims with one position per claimant, each with its quote; the panels show them side by side.",
        "", "### Sources", "", *sources, "",
        "### ATOP 5.1: the coded treaties", "", atop_explained(data), "",
        "### MME: the military exercises", "", mme_explained(data), "",
        "### COW IGO: memberships of organisations", "", igo_explained(data), "",
        "### Memberships from two datasets", "", memberships_explained(data), "",
        "### Citing the atlas and its sources", "", citations_explained(data), "",
        "### Boundaries and libraries",
        f"- Country outlines: {src['data']} ({src['data_licence']}), from the npm package `{src['package']}` "
        f"{src['version']} ({src['package_licence']}), file `{src['file']}` (sha256 `{src['sha256'][:16]}…`). "
        f"Clipped, projected ({boundaries['projection']}) and simplified by `scripts/build_boundaries.py`.",
        f"- Map drawing in the browser: `{library['package']}` {library['version']} ({library['licence']}), "
        "served by the app itself: the app fetches nothing from any other host.",
    ])
