"""Markdown written from the data and the codebook, so documents cannot drift from them."""
from __future__ import annotations

from geo.codebook import BELONGS_RULE, KINDS, STATUS_RULE, STATUSES
from geo.dataset import Dataset
from geo.records import Event, Relation, When
from geo.validate import RULES


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _when(when: When | None) -> str:
    if when is None:
        return "—"
    return when.date.label() + (" *" if when.inferred else "")


def codebook_tables(data: Dataset) -> str:
    kinds = ["| kind | meaning | in the data |", "|---|---|---|"]
    for kind, term in KINDS.items():
        examples = ", ".join(r.title for r in data.relations if r.kind is kind) or "—"
        kinds.append(f"| `{kind.value}` | {term.definition} | {_cell(examples)} |")
    statuses = ["| status | shown as | meaning |", "|---|---|---|"]
    statuses += [f"| `{status.value}` | {term.label} | {term.definition} |" for status, term in STATUSES.items()]
    rules = ["| # | rule |", "|---|---|"] + [f"| {i} | {text} |" for i, (text, _) in enumerate(RULES, 1)]
    return "\n".join([
        "### Relation kinds", "", *kinds, "", "### Status in a year", "", BELONGS_RULE, "", STATUS_RULE, "",
        *statuses, "", "### Validation rules (`python -m geo validate`)", "", *rules, "",
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
        "| `sources.yaml` | one record per archived document: outlet, author, dates, checksum, body markers |",
        "| `countries.yaml`, `organisations.yaml`, `provinces.yaml` | the parties and places the records name |",
        "| `relations.yaml` | Uzbekistan's ties, by the codebook below (template at the top of the file) |",
        "| `events.yaml` | dated happenings that explain the ties |",
        "| `claims.yaml` | questions the sources answer differently, every answer with its own quote |",
        "| `boundaries/` | country outlines derived from Natural Earth; see its PROVENANCE.yaml |",
        "",
        "Dates are as precise as the evidence (year, month or day). `*` marks a date that no source",
        "prints and that had to be inferred; the reasoning is listed under each source.",
        "",
        "## Sources, and what was taken from each",
        "",
    ]
    for source in data.sources.values():
        relations, events = _records_from(data, source.id)
        lines += [
            f"### `{source.id}` — {source.title}",
            "",
            f"- File: `{source.file}` (sha256 `{source.sha256[:16]}…`)",
            f"- Outlet: {source.outlet or 'not named in the text'}; author: {source.author or 'not named'}"
            + (f"; republished from {source.republished_from}" if source.republished_from else ""),
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
    lines += ["## Inferred dates", "", "| record | field | date | how it was inferred |", "|---|---|---|---|"]
    for record in [*data.relations, *data.events]:
        for name in ("start", "end", "date"):
            when = getattr(record, name, None)
            if when is not None and when.inferred:
                lines.append(f"| `{record.id}` | {name} | {when.date.label()} | {_cell(when.inferred)} |")
    lines += ["", "## Contested claims", ""]
    for claim in data.claims:
        lines.append(f"- **{claim.question}** (`{claim.about}`): "
                     + "; ".join(f"{p.claimant}: {p.says}" for p in claim.positions))
    lines += ["", "## Codebook", "", codebook_tables(data)]
    return "\n".join(lines)
