"""The MME import: every focal state's exercises as the file's 39 State columns name them, reproducible
output, one located line for bad input, every imported row checked again by the validator, and the
exercises on the map, in the filters, the exports and the per-partner counts."""
import csv
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from string import ascii_uppercase

import pytest
import yaml

from geo.__main__ import run
from geo.atlas import REGION
from geo.export import to_csv, to_geojson
from geo.figures import map_view
from geo.filters import Evidence, TieFilter, filtered
from geo.panels import relation_card
from geo.paths import ROOT
from geo.timeline import exercises_by_partner, year_state

ORIGINAL = ROOT.parent / "shared" / "data" / "mme" / "mme_v7.csv"
ARCHIVED = ROOT / "data" / "mme" / "mme_v7.csv"
# Written out here, not taken from geo.mme, so a mistake there cannot hide on both sides of a comparison.
STATE_COLUMNS = [f"State{c}" for c in ascii_uppercase] + [f"StateA{c}" for c in ascii_uppercase[:13]]
ATLAS = yaml.safe_load((ROOT / "data" / "atlas.yaml").read_text(encoding="utf-8"))
# MME spells the five as the atlas names them (no variants occur: data/mme/PROVENANCE.md).
FOCAL = {state["name"]: state["code"] for state in ATLAS["states"]}
EXPECTED = {"KAZ": 113, "KGZ": 92, "TJK": 77, "UZB": 57, "TKM": 1}  # issue 19, counted in the original's PROVENANCE


def raw_rows() -> list[dict]:
    """The archived file read with the csv module alone, every State column of every row."""
    with ARCHIVED.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def participants(row: dict) -> list[str]:
    return [row[column] for column in STATE_COLUMNS if row[column]]


def raw_exercises(code: str) -> dict[str, int]:
    """A focal state's exercises in the raw file: id -> start year."""
    name = next(name for name, focal in FOCAL.items() if focal == code)
    return {row["MMEID"]: int(row["s.year"]) for row in raw_rows() if name in participants(row)}


def shipped() -> list[dict]:
    return yaml.safe_load((ROOT / "data" / "mme_relations.yaml").read_text(encoding="utf-8"))


def import_mme(data_dir, exercises):
    return subprocess.run([sys.executable, "-m", "geo", "--data", str(data_dir), "import-mme", "--exercises",
                           str(exercises)], cwd=ROOT, capture_output=True, text=True)


@pytest.fixture
def data_dir(tmp_path):
    """A data folder holding only what the import reads: the atlas, the countries and the name table."""
    (tmp_path / "mme").mkdir()
    shutil.copy(ROOT / "data" / "mme" / "names.csv", tmp_path / "mme" / "names.csv")
    for name in ("atlas.yaml", "countries.yaml"):
        shutil.copy(ROOT / "data" / name, tmp_path / name)
    return tmp_path


GENERATED = ("mme_sources.yaml", "mme_relations.yaml", "mme/mme_v7.csv", "mme/SHA256SUMS")


# --- the archive and the import -----------------------------------------------------------------

def test_the_archive_is_the_original_byte_for_byte():
    digest = hashlib.sha256(ARCHIVED.read_bytes()).hexdigest()
    assert digest == "e6356ed4b8569133841723ad4bc6fe436b49b28570dd721940d61edb771d8719"
    assert (ROOT / "data" / "mme" / "SHA256SUMS").read_text() == f"{digest}  mme_v7.csv\n"
    if ORIGINAL.is_file():
        assert ARCHIVED.read_bytes() == ORIGINAL.read_bytes()
    provenance = (ROOT / "data" / "mme" / "PROVENANCE.md").read_text(encoding="utf-8")
    assert digest in provenance and "none stated" in provenance.lower() and "10.7910/DVN/KHFODX" in provenance


def test_import_reproduces_the_shipped_files_byte_for_byte(tmp_path, data_dir):
    source = ORIGINAL if ORIGINAL.is_file() else ARCHIVED
    outputs = []
    for _ in range(2):
        result = import_mme(data_dir, source)
        assert result.returncode == 0 and result.stderr.count("\n") == 1, result.stderr
        outputs.append({name: (data_dir / name).read_bytes() for name in GENERATED})
    assert outputs[0] == outputs[1]
    for name, content in outputs[0].items():
        assert content == (ROOT / "data" / name).read_bytes(), name
    assert "179 exercises with a focal state (KAZ 113, KGZ 92, TJK 77, TKM 1, UZB 57)" in result.stderr
    assert not list(data_dir.rglob(".*.part")), "a temporary file was left behind"


@pytest.mark.parametrize("code, count", sorted(EXPECTED.items()))
def test_a_focal_states_exercises_are_the_rows_naming_it_in_any_state_column(code, count):
    raw = raw_exercises(code)
    imported = {record["exercise"]["mme_id"]: int(record["start"][:4]) for record in shipped()
                if code in record["parties"]}
    assert imported == raw and len(imported) == count
    assert Counter(imported.values()) == Counter(raw.values())  # the same exercises each year


def test_uzbekistans_exercises_run_1994_to_2009():
    assert (min(raw_exercises("UZB").values()), max(raw_exercises("UZB").values())) == (1994, 2009)


def test_every_exercise_is_its_row_parties_dates_place_and_quote():
    rows = {row["MMEID"]: row for row in raw_rows()}
    lines = ARCHIVED.read_bytes().decode("utf-8").split("\r\n")
    assert len(shipped()) == 179
    for record in shipped():
        row, exercise = rows[record["id"]], record["exercise"]
        assert record["kind"] == "military_exercise" and exercise["mme_id"] == record["id"]
        assert record["quotes"] == [{"source": "mme-v7", "text": lines[exercise["row"] - 1]}]
        assert exercise["participants"] == participants(row)
        assert len(record["parties"]) == len(set(record["parties"])) >= 2
        assert set(record["parties"]) & set(FOCAL.values())
        assert record["start"].startswith(f"{row['s.year']}-{int(row['s.month']):02d}")
        if row["s.day"] != "xx":
            assert record["start"] == f"{row['s.year']}-{int(row['s.month']):02d}-{int(row['s.day']):02d}"
        assert (exercise["lat"], exercise["lon"]) == ((float(row["lat"]), float(row["lon"])) if row["lat"] else
                                                       (None, None))


@pytest.mark.parametrize("mme_id, parties, start, end, others", [
    ("mme1537", ["UZB", "USA"], "1997-06-06", "1997-06-09", []),     # Ultra Balance-97
    ("mme1524", ["UZB", "RUS"], "1997-05", "1997-05", []),           # the day is written xx
    ("mme3493", ["KAZ", "KGZ", "UZB", "DNK", "GEO", "RUS", "TUR", "UKR", "USA"], "1997-09-17", "1997-09-18",
     ["Baltic States"]),                                            # a group, not a state
    ("mme2521", ["KAZ", "KGZ"], "2004", None, ["-9"]),               # -9: participants unknown
    ("mme2487", ["UZB", "AZE", "GEO", "MDA", "USA"], "2004-06-04", "2004-06", []),  # the US listed twice
])
def test_exercises_as_imported(mme_id, parties, start, end, others):
    record = next(record for record in shipped() if record["id"] == mme_id)
    assert record["parties"] == parties and record["exercise"]["others"] == others
    assert record["start"].startswith(start) and (end is None or record["end"] == end)


# --- bad input: one located line, nothing written ------------------------------------------------

HEADER, *ROWS = ARCHIVED.read_bytes().decode("utf-8").split("\r\n")
SAMPLE = next(line for line in ROWS if line.startswith("mme1537,"))  # no quoted cell: commas split it
COLUMN = {name: i for i, name in enumerate(HEADER.split(","))}


def with_cell(line: str, name: str, value: str) -> str:
    cells = line.split(",")
    cells[COLUMN[name]] = value
    return ",".join(cells)


def column_of(line: str, name: str) -> int:
    return len(",".join(line.split(",")[:COLUMN[name]])) + (2 if COLUMN[name] else 1)


BAD = [
    ("not-mme", ["Russia and Uzbekistan Sign Alliance Agreement", "text"], 1, 1, "not an MME exercise file"),
    ("missing-column", [HEADER.replace(",StateAM", ",Notes"), SAMPLE], 1, len(HEADER) + 1 - 2,
     "missing column 'StateAM'"),
    ("stray-state-column", [HEADER + ",StateAN", SAMPLE + ","], 1, 1, "'StateAN' is not one of MME's participant"),
    ("garbled-row", [HEADER, SAMPLE.rsplit(",", 3)[0]], 2, None, "garbled row: 61 cells where the header has 64"),
    ("unclosed-quote", [HEADER, with_cell(SAMPLE, "Location", '"Fergana')], 2, "Location",
     "a quoted cell is not closed"),
    ("arabic-indic-year", [HEADER, with_cell(SAMPLE, "s.year", "١٩٩٧")], 2, "s.year", "not a year in ASCII digits"),
    ("fullwidth-month", [HEADER, with_cell(SAMPLE, "s.month", "６")], 2, "s.month", "not a month in ASCII digits"),
    ("impossible-day", [HEADER, with_cell(SAMPLE, "s.day", "31")], 2, "s.day", "1997-06-31 is not a real date"),
    ("before-1991", [HEADER, with_cell(with_cell(SAMPLE, "s.year", "1985"), "e.year", "1985")], 2, "s.year",
     "1985 lies outside 1991–2030"),
    ("ends-before-it-starts", [HEADER, with_cell(SAMPLE, "e.day", "1")], 2, "e.year",
     "ends (1997-06-01) before it starts (1997-06-06)"),
    ("unknown-name", [HEADER, with_cell(SAMPLE, "StateA", "Untied States")], 2, "StateA",
     "'Untied States' is not in mme/names.csv"),
    ("bad-id", [HEADER, with_cell(SAMPLE, "MMEID", "MME1537")], 2, "MMEID", "not an MME exercise id"),
    ("repeated-id", [HEADER, SAMPLE, with_cell(SAMPLE, "Ex_Name", "Again")], 3, "MMEID",
     "mme1537 is also the id of line 2"),
    ("latitude-beyond-90", [HEADER, with_cell(SAMPLE, "lat", "140.5")], 2, "lat", "not a latitude"),
    ("latitude-alone", [HEADER, with_cell(SAMPLE, "lon", "")], 2, "lon", "come together or not at all"),
    ("megabyte-cell", [HEADER, with_cell(SAMPLE, "FocusDescription", "x" * 2**20)], 2, "FocusDescription",
     "a cell of 1,048,576 characters"),
    ("nul-byte", [HEADER, with_cell(SAMPLE, "Location", "Fergana\x00")], 2, None, "U+0000 is not allowed"),
    ("lone-carriage-return", [HEADER, with_cell(SAMPLE, "Location", "Fer\rgana")], 2, None, "U+000D is not allowed"),
]


@pytest.mark.parametrize("lines, line, column, message", [case[1:] for case in BAD], ids=[case[0] for case in BAD])
def test_bad_exercise_file_gets_one_located_line_and_writes_nothing(data_dir, lines, line, column, message):
    exercises = data_dir / "exercises.csv"
    exercises.write_text("\r\n".join(lines), encoding="utf-8", newline="")
    result = import_mme(data_dir, exercises)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    found = re.fullmatch(rf"{re.escape(str(exercises))}:(\d+):(\d+): (.*)\n", result.stderr)
    assert found, result.stderr
    assert int(found.group(1)) == line and message in found.group(3), result.stderr
    if isinstance(column, str):  # the column of the cell at fault
        column = column_of(lines[line - 1], column)
    assert column is None or int(found.group(2)) == column, result.stderr
    assert not [name for name in GENERATED if (data_dir / name).exists()]


@pytest.mark.parametrize("make, exit_code, message", [
    (lambda path: None, 2, "cannot read: No such file or directory"),
    (lambda path: path.mkdir(), 2, "not a regular file"),
    (lambda path: path.write_bytes(b"MMEID,Ex_Name\r\nmme1,caf\xe9\r\n"), 1, "2:9: not UTF-8 text: byte 0xe9"),
    (lambda path: path.write_bytes(b""), 1, "not an MME exercise file"),
    (lambda path: (path.write_bytes(b""), os.truncate(path, 9 * 2**20)), 2, "larger than 8 MB"),
], ids=["missing", "directory", "latin-1", "empty", "oversized"])
def test_unreadable_exercise_file(data_dir, make, exit_code, message):
    exercises = data_dir / "exercises.csv"
    make(exercises)
    result = import_mme(data_dir, exercises)
    assert result.returncode == exit_code and result.stderr.count("\n") == 1, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("table, message", [
    ("name,iso3,note\nRussia,RUS,\nRussia,RUS,\n", "3:1: name: 'Russia' is listed twice (first at line 2)"),
    ("name,iso3,note\nRussia,Rus,\n", "2:8: iso3: 'Rus' is not an ISO 3166-1 alpha-3 code"),
    ("name,iso3,note\n-9,,\n", "2:5: note: '-9' maps to no state: say what it is in the note"),
    ("name,iso3,note\nAtlantis,ATL,\n", "2:1: 'Atlantis' maps to ATL, which is not in countries.yaml"),
])
def test_the_name_table_is_checked_before_any_row_is_read(data_dir, table, message):
    (data_dir / "mme" / "names.csv").write_text(table, encoding="utf-8")
    result = import_mme(data_dir, ARCHIVED)
    assert result.returncode == 1 and result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"{data_dir / 'mme' / 'names.csv'}:{message}"), result.stderr


def test_a_focal_state_without_an_mme_name_stops_the_import(data_dir):
    table = data_dir / "mme" / "names.csv"
    table.write_text(table.read_text(encoding="utf-8").replace("Turkmenistan,TKM,\n", ""), encoding="utf-8")
    result = import_mme(data_dir, ARCHIVED)
    assert result.returncode == 1 and "no MME name maps to the focal state TKM" in result.stderr


@pytest.mark.parametrize("blocked", ["mme_relations.yaml", "mme/SHA256SUMS"])
def test_a_file_that_cannot_be_written_is_one_line_and_every_file_stays_as_it_was(data_dir, blocked):
    """A directory stands where one of the files goes (a read-only folder does not stop root, who runs
    the tests here): none of the others may have changed either."""
    assert import_mme(data_dir, ARCHIVED).returncode == 0
    before = {name: (data_dir / name).read_bytes() for name in GENERATED if name != blocked}
    (data_dir / blocked).unlink()
    (data_dir / blocked).mkdir()
    changed = (data_dir / "changed.csv")
    changed.write_bytes(ARCHIVED.read_bytes().replace(b"Ultra Balance-97", b"Ultra Balance-98"))
    result = import_mme(data_dir, changed)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "cannot write" in result.stderr, result.stderr
    assert {name: (data_dir / name).read_bytes() for name in before} == before
    assert not list(data_dir.rglob(".*.part"))


# --- the validator reads every row again ---------------------------------------------------------

ROW = r"row 1505 of mme/mme_v7\.csv gives"
TAMPERED = [  # edits of the record of mme1537 (Ultra Balance-97, row 1505)
    ("date", "  start: '1997-06-06'", "  start: '1997-06-07'", rf"start: {ROW} '1997-06-06'"),
    ("party", "  parties: [UZB, USA]", "  parties: [UZB, RUS]", rf"parties: {ROW} \['UZB', 'USA'\]"),
    ("title", "  title: Ultra Balance-97", "  title: Ultra Balance-98", rf"title: {ROW} 'Ultra Balance-97'"),
    ("place", "    place: Uzbekistan's eastern Fergana Valley", "    place: Tashkent",
     rf"exercise\.place: {ROW} \"Uzbekistan's eastern Fergana Valley\""),
    ("coordinates", "    lat: 40.7397815", "    lat: 41.0", rf"exercise\.lat: {ROW} 40\.7397815"),
    ("participants", "    participants: [United States, Uzbekistan]", "    participants: [Uzbekistan, United States]",
     rf"exercise\.participants: {ROW} \['United States', 'Uzbekistan'\]"),
    ("another-row", "    row: 1505", "    row: 1506",
     r"exercise\.row: row 1506 of mme/mme_v7\.csv is no exercise of a focal state"),
    ("row-beyond", "    row: 1505", "    row: 99999", r"exercise\.row: mme/mme_v7\.csv has no row 99999"),
    ("quote", "  - {source: mme-v7, text: 'mme1537,", "  - {source: mme-v7, text: 'mme1537,", None),
]


@pytest.mark.parametrize("old, new, expected", [case[1:] for case in TAMPERED if case[3]],
                         ids=[case[0] for case in TAMPERED if case[3]])
def test_validate_checks_every_record_against_its_row(data_copy, capsys, old, new, expected):
    path = data_copy / "mme_relations.yaml"
    before, record = path.read_text(encoding="utf-8").split("- id: mme1537\n")
    assert old in record.split("\n\n")[0]
    path.write_text(before + "- id: mme1537\n" + record.replace(old, new, 1), encoding="utf-8")
    assert run(["--data", str(data_copy), "validate"]) == 1
    errors = capsys.readouterr().err
    assert re.search(rf"^data/mme_relations\.yaml:\d+: mme1537: {expected}", errors, re.M), errors


def test_validate_finds_a_row_of_a_focal_state_without_its_record(data_copy, capsys):
    path = data_copy / "mme_relations.yaml"
    records = path.read_text(encoding="utf-8").split("\n\n- id: ")
    kept = [record for record in records if not record.startswith("mme1537\n")]
    assert len(kept) == len(records) - 1
    path.write_text("\n\n- id: ".join(kept), encoding="utf-8")
    assert run(["--data", str(data_copy), "validate"]) == 1
    assert "data/mme_relations.yaml:1: mme1537: (record): row 1505 of mme/mme_v7.csv is an exercise of a focal " \
           "state with no record" in capsys.readouterr().err


@pytest.mark.parametrize("old, new, expected", [
    ("Russia,RUS,", "Russia,RUS,\nRussia,RUS,", r"data/mme/names\.csv:\d+: \(table\): column 1: name: 'Russia' is listed twice"),
    ("Russia,RUS,", "Russia,XYZ,", r"data/mme/names\.csv:\d+: \(table\): column 1: 'Russia' maps to XYZ"),
])
def test_validate_checks_the_name_table(data_copy, capsys, old, new, expected):
    table = data_copy / "mme" / "names.csv"
    table.write_text(table.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    assert run(["--data", str(data_copy), "validate"]) == 1
    assert re.search(expected, capsys.readouterr().err)


def test_exercise_coding_only_on_imported_ties(data_copy, capsys):
    path = data_copy / "mme_relations.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("kind: military_exercise", "kind: alliance", 1),
                    encoding="utf-8")
    assert run(["--data", str(data_copy), "validate"]) == 1
    assert re.search(r"mme1135: kind: a tie imported from MME is a military_exercise", capsys.readouterr().err)


# --- exports, filters, map, panels, counts -------------------------------------------------------

def test_the_1997_export_lists_uzbekistans_exercises_with_their_mme_ids():
    result = subprocess.run([sys.executable, "-m", "geo", "export", "--year", "1997", "--format", "json"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    relations = json.loads(result.stdout)["relations"]
    exercises = {r["mme_id"]: r for r in relations if r["mme_id"]}
    expected = {mme_id for mme_id, year in raw_exercises("UZB").items() if year == 1997}
    assert set(exercises) == expected and "mme1537" in expected and len(expected) == 5
    assert all(r["kind"] == "military_exercise" and r["status"] == "in_force" and "UZB" in r["parties"]
               and r["quotes"][0]["citation"] == "MME v7 (D'Orazio & Galambos 2021)" for r in exercises.values())
    assert all(r["mme_id"] is None for r in relations if not r["id"].startswith("mme"))


def test_csv_and_geojson_carry_the_exercise(data):
    state = year_state(data, 1997)
    rows = list(csv.DictReader(to_csv(data, state).splitlines()))
    assert {row["mme_id"] for row in rows} - {""} == {"mme1524", "mme1537", "mme1559", "mme3493", "mme1569"}
    features = {f["id"]: f for f in to_geojson(data, state)["features"]}
    assert features["mme1537"]["geometry"]["type"] == "LineString"  # two states: a line like any tie
    # Many states: where it was held, not a line to every member.
    assert features["mme3493"]["geometry"] == {"type": "Point", "coordinates": [66.923684, 48.019573]}


@pytest.mark.parametrize("evidence, kept", [
    (Evidence.mme, lambda r: r.exercise is not None),
    (Evidence.atop, lambda r: r.coded is not None),
])
def test_the_evidence_filter_takes_mme(data, evidence, kept):
    state = year_state(data, 2005)
    shown = filtered(data, state, TieFilter(evidence=evidence))
    assert {live.id for live in shown.relations} == {live.id for live in state.relations if kept(live.relation)}
    assert shown.relations


def test_a_two_state_exercise_is_a_line_and_a_many_state_one_is_listed_and_marked(data):
    view = map_view(data, year_state(data, 1997))
    points = next(trace for trace in view["data"] if trace.get("name") == "ties")
    assert {"mme1524", "mme1537"} <= set(points["customdata"])   # with Russia; with the US (on a grey line)
    assert not {"mme1559", "mme3493", "mme1569"} & set(points["customdata"])   # no line to every member
    boxes = " ".join(a["text"] for a in view["layout"]["annotations"])
    assert "Exercises of 3+ states (MME)" in boxes and "Tsentrazbat-97 (9)" in boxes and "Turkestan &#39;97 (10)" in boxes
    sites = next(trace for trace in view["data"] if trace.get("marker", {}).get("symbol") == "diamond")
    assert {"mme1537", "mme3493", "mme1569"} <= set(sites["customdata"])
    assert any("Where an exercise was held" in item["name"] for item in view["legend"])


def test_a_two_state_exercise_with_a_neighbour_is_drawn_on_its_line(data):
    kazakh = data.focused("KAZ")
    view = map_view(kazakh, year_state(kazakh, 2005))
    points = next(trace for trace in view["data"] if trace.get("name") == "ties")
    assert {"mme2634", "mme3468"} <= set(points["customdata"])   # with the US (a grey line); with Russia
    assert "mme2690" not in points["customdata"]                  # Cooperative Best Effort: 22 states


def test_the_card_cites_the_exercise_quotes_its_row_and_names_the_place(data):
    card = relation_card(data, data.whole.relation("mme3493"), None, 1997)
    assert "MME, exercise mme3493" in card and "Kazakhstan (48.02° N, 66.92° E)" in card
    assert "“Baltic States”, not a state" in card and "<summary>9 states</summary>" in card
    assert "mme3493,Tsentrazbat-97,Tsentrazbat,Kazakhstan,48.019573" in card and "line 1548" in card


def test_exercises_per_partner_and_year_are_the_rows_of_the_file(data):
    counted = exercises_by_partner(data)
    raw = Counter(int(row["s.year"]) for row in raw_rows() if "Uzbekistan" in participants(row)
                  and "Russia" in participants(row))
    assert counted["RUS"] == dict(sorted(raw.items())) and counted["RUS"][1997] == 4
    assert sum(counted["USA"].values()) == sum(1 for row in raw_rows()
                                               if {"Uzbekistan", "United States"} <= set(participants(row)))


def test_the_region_counts_each_exercise_once(data):
    region = data.focused(REGION)
    ids = [r.id for r in region.relations if r.exercise]
    assert len(ids) == len(set(ids)) == 179
