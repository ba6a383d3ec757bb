"""A year's state as plain data: JSON, CSV and GeoJSON (WGS84), the same for the app and the CLI."""
from __future__ import annotations

import csv
import io
from typing import Any

from geo import safe
from geo.citations import atlas_citation, citation_of
from geo.dataset import Dataset
from geo.memberships import disagreements_of
from geo.records import Event, Quote, Relation, When
from geo.timeline import YearState


def _date(when: When | None) -> str | None:
    return when.date.iso() if when else None


def _precision(when: When | None) -> str | None:
    return when.date.precision.value if when else None


def _quotes(data: Dataset, quotes: list[Quote]) -> list[dict[str, str]]:
    return [{"source": q.source, "text": q.text, "voice": q.voice.value, "citation": data.citation(q.source)}
            for q in quotes]


def location(data: Dataset, code: str | None, year: int | None = None) -> list[float] | None:
    """GeoJSON coordinates [lon, lat] of a place in a year (see Dataset.place); None where there is none."""
    point = data.place(code, year)
    return [point.lon, point.lat] if point else None


def disagreement_records(data: Dataset, relation: Relation, year: int) -> list[dict[str, Any]]:
    """Where the datasets differ on this membership in the year: each dataset's reading, with its rows."""
    return [{"dataset": reading.dataset, "state": disagreement.state, "organisation": disagreement.organisation,
             "year": year, "member": reading.member, "says": reading.says, "quotes": _quotes(data, reading.quotes)}
            for disagreement in disagreements_of(data, relation, year) for reading in disagreement.readings]


def relation_record(data: Dataset, relation: Relation, status: str, year: int) -> dict[str, Any]:
    return {
        "id": relation.id, "title": relation.title, "parties": relation.parties, "kind": relation.kind.value,
        "status": status, "start": _date(relation.start), "start_precision": _precision(relation.start),
        "end": _date(relation.end), "end_precision": _precision(relation.end),
        "last_attested": data.last_attested(relation),
        "atop_id": relation.coded.atop_id if relation.coded else None,
        "atop_phase": relation.coded.phase if relation.coded else None,
        "mme_id": relation.exercise.mme_id if relation.exercise else None,
        "igo_column": relation.membership.column if relation.membership else None,
        "igo_value": relation.membership.value if relation.membership else None,
        "obligations": [o.value for o in relation.coded.obligations] if relation.coded else [],
        "disagreements": disagreement_records(data, relation, year),
        "provinces": relation.provinces, "quotes": _quotes(data, relation.quotes),
    }


def event_record(data: Dataset, event: Event) -> dict[str, Any]:
    return {
        "id": event.id, "title": event.title, "date": _date(event.date), "date_precision": _precision(event.date),
        "place": event.place, "parties": event.parties, "quotes": _quotes(data, event.quotes),
    }


def _sources(data: Dataset, cited: list[str]) -> list[dict[str, Any]]:
    """Each source the file quotes, with the citation its makers ask for and its terms as its copy states them
    (none recorded for the news texts: null)."""
    out = []
    for source_id in dict.fromkeys(cited):
        source, dataset = data.sources[source_id], citation_of(data.sources[source_id])
        out.append({"id": source_id, "title": source.title, "cited_as": data.citation(source_id),
                    "reference": dataset.reference if dataset else data.citation(source_id),
                    "terms": dataset.terms if dataset else None, "url": source.url})
    return out


def to_json(data: Dataset, state: YearState) -> dict[str, Any]:
    shown = {live.id for live in state.relations} | {e.id for e in state.events}
    relations = [relation_record(data, live.relation, live.status.value, state.year) for live in state.relations]
    events = [event_record(data, e) for e in state.events]
    contested = [
        {"id": c.id, "about": c.about, "question": c.question,
         "positions": [{"claimant": p.claimant, "says": p.says, "quotes": _quotes(data, p.quotes)}
                       for p in c.positions]}
        for c in data.claims if c.about in shown
    ]
    quoted = [quote for relation in relations for quote in
              [*relation["quotes"], *(q for reading in relation["disagreements"] for q in reading["quotes"])]]
    quoted += [quote for record in [*events, *(p for c in contested for p in c["positions"])] for quote in record["quotes"]]
    return {
        "year": state.year,
        "projection": state.projection,
        "newest_source": data.newest_source_date.iso(),
        "cite_atlas_as": atlas_citation(data.atlas),
        "sources": _sources(data, [quote["source"] for quote in quoted]),
        "relations": relations,
        "events": events,
        "contested": contested,
    }


CSV_COLUMNS = ["year", "id", "title", "kind", "status", "parties", "start", "start_precision", "end",
               "end_precision", "last_attested", "atop_id", "atop_phase", "mme_id", "igo_column", "igo_value",
               "obligations", "disagreements", "quote_count", "sources"]


def to_csv(data: Dataset, state: YearState) -> str:
    out = io.StringIO()
    # CRLF as RFC 4180 has it; it also makes the writer quote a stray CR inside a cell, which a bare
    # LF terminator would leave to split the row.
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for live in state.relations:
        row = relation_record(data, live.relation, live.status.value, state.year)
        cells = {
            **{k: row[k] for k in CSV_COLUMNS if k in row}, "year": state.year,
            "parties": ";".join(row["parties"]), "obligations": ";".join(row["obligations"]),
            "disagreements": "; ".join(f"{reading['dataset']}: {reading['says']}" for reading in row["disagreements"]),
            "quote_count": len(row["quotes"]),
            "sources": ";".join(dict.fromkeys(q["source"] for q in row["quotes"])),
        }
        writer.writerow({column: safe.csv_cell(value) for column, value in cells.items()})
    return out.getvalue()


def _link_geometry(data: Dataset, relation: Relation, year: int) -> dict[str, Any] | None:
    if relation.group_exercise:  # drawn like a bloc, not as lines to every member: where it was held
        exercise = relation.exercise
        return None if exercise.lat is None else {"type": "Point", "coordinates": [exercise.lon, exercise.lat]}
    lines = [[near, far] for near in (location(data, code, year) for code in data.holders(relation)) if near
             for far in (location(data, code, year) for code in data.partners(relation)) if far]
    if not lines:
        return None
    if len(lines) == 1:
        return {"type": "LineString", "coordinates": lines[0]}
    return {"type": "MultiLineString", "coordinates": lines}


def to_geojson(data: Dataset, state: YearState) -> dict[str, Any]:
    """A line per relation from the focal state's seat of government that year to each partner's
    capital (in the region view, from each Central Asian party's), a point per event, and for an
    exercise of more than two states the point where it was held.

    Ties to organisations have no place: their features carry a null geometry, as GeoJSON allows.
    """
    features = []
    for live in state.relations:
        record = relation_record(data, live.relation, live.status.value, state.year)
        properties = {k: v for k, v in record.items() if k != "quotes"}
        properties |= {"parties": ";".join(record["parties"]), "provinces": ";".join(record["provinces"]),
                       "obligations": ";".join(record["obligations"]),
                       "quote_count": len(record["quotes"])}
        features.append({"type": "Feature", "id": live.id, "geometry": _link_geometry(data, live.relation, state.year),
                         "properties": properties})
    for event in state.events:
        point = location(data, event.place, state.year)
        features.append({
            "type": "Feature", "id": event.id,
            "geometry": {"type": "Point", "coordinates": point} if point else None,
            "properties": {"kind": "event", "title": event.title, "date": _date(event.date),
                           "date_precision": _precision(event.date), "parties": ";".join(event.parties),
                           "quote_count": len(event.quotes)},
        })
    return {"type": "FeatureCollection", "properties": {"year": state.year, "projection": state.projection},
            "features": features}
