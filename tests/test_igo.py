"""The COW IGO import and the comparison with ATOP: reproducible output, one located line for bad input, every
focal state's memberships year by year as the raw file codes them, every imported row checked again by the
validator, and the disagreements with ATOP (Uzbekistan and the CSTO in 2003 and 2012) standing side by side in
the export, the panels, the map's box and the region's bloc table; the sources' citations and terms."""
import csv
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml

from geo.atlas import REGION
from geo.docs import method_text
from geo.figures import map_view
from geo.panels import bloc_table, relation_card, year_panels
from geo.paths import ROOT
from geo.timeline import year_state

ORIGINAL = ROOT.parent / "shared" / "data" / "igo" / "state_year_format3_subset_1991_2014.csv"
ARCHIVED = ROOT / "data" / "igo" / "state_year_format3_subset_1991_2014.csv"
SHA256 = "0ae1b2efc24ff391618a96fae99ce161f672e24d3b46304b0efb13d0eb023192"  # data/igo/PROVENANCE.md
# Read here with yaml and csv alone, not through geo, so a mistake there cannot hide on both sides.
ATLAS = yaml.safe_load((ROOT / "data" / "atlas.yaml").read_text(encoding="utf-8"))
FOCAL = {state["cow"]: state["code"] for state in ATLAS["states"]}
with (ROOT / "data" / "igo" / "organisations.csv").open(encoding="utf-8", newline="") as table:
    ORGANISATIONS = {row["column"]: row["code"] for row in csv.DictReader(table)}
VALUES = {"1": "full", "2": "associate", "3": "observer"}
GENERATED = ("igo_sources.yaml", "igo_relations.yaml", "igo/state_year_format3_subset_1991_2014.csv",
             "igo/SHA256SUMS")
TEXT = ARCHIVED.read_text(encoding="utf-8")
HEADER, *ROWS = TEXT.rstrip("\n").split("\n")
UZB_CSTO = "igo-csto-uzb-2002"
ATOP_CSTO = "atop-4220-2-uzb"


def raw_rows() -> list[dict]:
    with ARCHIVED.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def raw_line(cow: int, year: int) -> str:
    return next(line for line in ROWS if line.startswith(f"{cow},{year},"))


def atop_rows(atop_id: int, member: int) -> list[str]:
    """ATOP's member rows of one state in one alliance, from the archived file read as text."""
    lines = (ROOT / "data" / "atop" / "atop5_1m.csv").read_text(encoding="utf-8").splitlines()
    return [line for line in lines[1:] if line.split(",")[0] == str(atop_id) and line.split(",")[3] == str(member)]


def shipped() -> list[dict]:
    return yaml.safe_load((ROOT / "data" / "igo_relations.yaml").read_text(encoding="utf-8"))


def import_igo(data_dir, memberships):
    return subprocess.run([sys.executable, "-m", "geo", "--data", str(data_dir), "import-igo", "--memberships",
                           str(memberships)], cwd=ROOT, capture_output=True, text=True)


@pytest.fixture
def data_dir(tmp_path):
    """A data folder holding only what the import reads, and the files it lists beside the CSV."""
    for name in ("atlas.yaml", "organisations.yaml", "atop/cow_states.csv", "atop/blocs.csv", "igo/organisations.csv",
                 "igo/IGO_Codebook_v3_short.pdf", "igo/derive_csv.py"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        shutil.copy(ROOT / "data" / name, tmp_path / name)
    return tmp_path


def uzbekistan_in(view):
    return view.focused(next(code for cow, code in FOCAL.items() if cow == 704))


# --- the archive and the import ------------------------------------------------------------------

def test_the_archive_is_the_original_byte_for_byte():
    assert hashlib.sha256(ARCHIVED.read_bytes()).hexdigest() == SHA256
    if ORIGINAL.is_file():
        for name in ("state_year_format3_subset_1991_2014.csv", "IGO_Codebook_v3_short.pdf", "derive_csv.py"):
            assert (ROOT / "data" / "igo" / name).read_bytes() == (ORIGINAL.parent / name).read_bytes(), name
    sums = dict(reversed(line.split("  ")) for line in (ROOT / "data" / "igo" / "SHA256SUMS").read_text().splitlines())
    for name, digest in sums.items():
        assert hashlib.sha256((ROOT / "data" / "igo" / name).read_bytes()).hexdigest() == digest, name
    assert set(sums) == {"state_year_format3_subset_1991_2014.csv", "IGO_Codebook_v3_short.pdf", "derive_csv.py"}
    provenance = (ROOT / "data" / "igo" / "PROVENANCE.md").read_text(encoding="utf-8")
    assert SHA256 in provenance and "10.1177/0022343319881175" in provenance and "Terms, as stated" in provenance


def test_import_reproduces_the_shipped_files_byte_for_byte(data_dir):
    source = ORIGINAL if ORIGINAL.is_file() else ARCHIVED
    outputs = []
    for _ in range(2):
        result = import_igo(data_dir, source)
        assert result.returncode == 0 and result.stderr.count("\n") == 1, result.stderr
        outputs.append({name: (data_dir / name).read_bytes() for name in GENERATED})
    assert outputs[0] == outputs[1]
    for name, content in outputs[0].items():
        assert content == (ROOT / "data" / name).read_bytes(), name
    assert "27 memberships of the focal states (KAZ 6, KGZ 6, TJK 6, TKM 3, UZB 6) in 6 organisations" in result.stderr
    assert "0 files" in result.stderr  # the second run found everything as it would write it
    assert not list(data_dir.rglob(".*.part")), "a temporary file was left behind"


def test_every_focal_states_membership_in_every_year_is_the_raw_files_value():
    """Read the CSV with the csv module: a year coded 1, 2 or 3 lies in exactly one record of that value, every
    other year (0, -9 missing, -1 no such organisation) in none."""
    covered: dict[tuple[str, str, int], list[str]] = {}
    for record in shipped():
        first = int(record["start"])
        for offset, line in enumerate(record["membership"]["rows"]):
            covered.setdefault((record["parties"][0], record["membership"]["column"], first + offset), []).append(
                record["membership"]["value"])
    checked = 0
    for row in raw_rows():
        code = FOCAL.get(int(row["ccode"]))
        if code is None:
            continue
        for column in ORGANISATIONS:
            expected = [VALUES[row[column]]] if row[column] in VALUES else []
            assert covered.get((code, column, int(row["year"])), []) == expected, (code, column, row["year"])
            checked += 1
    assert checked == 5 * 24 * 6


@pytest.mark.parametrize("record_id, parties, start, end, value", [
    (UZB_CSTO, ["UZB", "CSTO"], "2002", "2011", "full"),       # 0 in 2012: COW IGO's Uzbekistan leaves
    ("igo-csto-kaz-2002", ["KAZ", "CSTO"], "2002", None, "full"),  # -1 before 2002; coded to the data's end
    ("igo-sco-uzb-2001", ["UZB", "SCO"], "2001", None, "full"),
    ("igo-cis-tkm-1991", ["TKM", "CIS"], "1991", "2004", "full"),
    ("igo-cis-tkm-2005", ["TKM", "CIS"], "2005", None, "associate"),
    ("igo-caecc-tjk-1998", ["TJK", "CAEC"], "1998", "2006", "full"),  # 0 in 1994-1997, -1 from 2007
    ("igo-eaec-uzb-2005", ["UZB", "EAEC"], "2005", None, "full"),
])
def test_memberships_as_imported(record_id, parties, start, end, value):
    record = next(r for r in shipped() if r["id"] == record_id)
    assert (record["parties"], record["start"], record.get("end", {}).get("date"), record["membership"]["value"]) == \
        (parties, start, end, value)
    first, last = record["membership"]["rows"][0], record["membership"]["rows"][-1]
    lines = TEXT.split("\n")
    # The first and last rows quoted whole: the lines the record lists.
    assert [q["text"] for q in record["quotes"]] == [lines[first - 1], lines[last - 1]]
    assert record["kind"] == "membership" and all(q["source"] == "cow-igo-v3" for q in record["quotes"])


@pytest.mark.parametrize("record_id, says", [
    (UZB_CSTO, "no membership in 2012"),
    ("igo-cis-tkm-1991", "associate membership from 2005"),
    ("igo-caecc-kaz-1994", "the organisation not in existence (-1) in 2007"),
])
def test_a_runs_end_is_marked_inferred_with_what_follows_it(record_id, says):
    end = next(r for r in shipped() if r["id"] == record_id)["end"]
    assert says in end["inferred"] and "it gives no date" in end["inferred"]


def _with(lines: list[str], cow: int, year: int, column: str, value: str) -> list[str]:
    index = HEADER.split(",").index(column)
    changed = []
    for line in lines:
        if line.startswith(f"{cow},{year},"):
            cells = line.split(",")
            cells[index] = value
            line = ",".join(cells)
        changed.append(line)
    return changed


def test_missing_data_is_missing_never_not_a_member(data_dir, tmp_path):
    """A year COW codes -9 breaks the run: no record claims it, and the end says the data are missing."""
    path = tmp_path / "in" / "state_year_format3_subset_1991_2014.csv"
    path.parent.mkdir()
    path.write_text("\n".join([HEADER, *_with(ROWS, 705, 2005, "cis", "-9")]) + "\n", encoding="utf-8")
    assert import_igo(data_dir, path).returncode == 0
    records = {r["id"]: r for r in yaml.safe_load((data_dir / "igo_relations.yaml").read_text(encoding="utf-8"))}
    before, after = records["igo-cis-kaz-1991"], records["igo-cis-kaz-2006"]
    assert before["end"]["date"] == "2004" and "missing data (-9) in 2005" in before["end"]["inferred"]
    assert "not a member" not in before["end"]["inferred"] and "no membership" not in before["end"]["inferred"]
    assert after["start"] == "2006"


# --- bad input: one line each --------------------------------------------------------------------

UZB_2003 = raw_line(704, 2003)
CSTO_COLUMN = HEADER.split(",").index("csto") + 1
CSTO_AT = len(",".join(UZB_2003.split(",")[:CSTO_COLUMN - 1])) + 2  # the 1-based character column of its cell


def rows_with(**cells: str) -> list[str]:
    """The file with Uzbekistan's 2003 cells replaced (ccode, year or an organisation's column)."""
    lines = [HEADER, *ROWS]
    index = {name: HEADER.split(",").index(name) for name in cells}
    at = lines.index(UZB_2003)
    fields = UZB_2003.split(",")
    for name, value in cells.items():
        fields[index[name]] = value
    lines[at] = ",".join(fields)
    return lines


def content(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


AT_UZB_2003 = ROWS.index(UZB_2003) + 2
BAD_INPUTS = [
    ("ccode-arabic-indic", content(rows_with(ccode="٧٠٤")), rf":{AT_UZB_2003}:1: ccode: .* digits other than 0-9"),
    ("ccode-fullwidth", content(rows_with(ccode="７０４")), rf":{AT_UZB_2003}:1: ccode: .* digits other than 0-9"),
    ("ccode-of-5000-digits", content(rows_with(ccode="7" * 5000)), rf":{AT_UZB_2003}:1: ccode: .* not a COW state"),
    ("year-superscript", content(rows_with(year="²⁰⁰³")), rf":{AT_UZB_2003}:5: year: .* is not a year"),
    ("year-signed", content(rows_with(year="+2003")), rf":{AT_UZB_2003}:5: year: .* not a year"),
    ("year-before-the-atlas", content(rows_with(year="1989")), rf":{AT_UZB_2003}:5: year: a focal state's 1989"),
    ("value-not-coded", content(rows_with(csto="7")), rf":{AT_UZB_2003}:{CSTO_AT}: csto: 7 is not a COW IGO value"),
    ("value-arabic-indic", content(rows_with(csto="١")), rf":{AT_UZB_2003}:{CSTO_AT}: csto: .* digits other than"),
    ("value-of-5000-digits", content(rows_with(csto="1" * 5000)), rf":{AT_UZB_2003}:{CSTO_AT}: csto: .* not a COW"),
    ("value-spaced", content(rows_with(csto=" 1")), rf":{AT_UZB_2003}:{CSTO_AT}: csto: .* not a COW IGO value"),
    ("row-repeated", content([HEADER, *ROWS, UZB_2003]), rf":{len(ROWS) + 2}:1: a second row of state 704 for 2003"),
    ("garbled-row", content([HEADER, *ROWS[:3], ROWS[3].rsplit(",", 9)[0], *ROWS[4:]]), r":5:\d+: garbled row"),
    ("missing-column", content([HEADER.replace(",csto,", ",cst0,"), *ROWS]), r":1:\d+: missing column 'csto'"),
    ("repeated-column", content([HEADER.replace(",cis,", ",sco,"), *ROWS]), r":1:1: column 'sco' appears twice"),
    ("not-the-file", content(["atopid,member", "4220,704"]), r":1:1: not a COW IGO state-year file"),
    ("quote-in-a-row", content(rows_with(state='"uzbekistan"')), rf":{AT_UZB_2003}:\d+: character U\+0022"),
    ("nul-byte", content(rows_with(state="uzbek\x00istan")), rf":{AT_UZB_2003}:\d+: character U\+0000"),
    ("line-separator", content(rows_with(state="uzbek\u2028istan")), rf":{AT_UZB_2003}:\d+: character U\+2028"),
    ("utf-16", "\n".join([HEADER, *ROWS]).encode("utf-16"), r":1:1: not UTF-8 text"),
    ("latin-1", content([HEADER, *ROWS]) + "caf\xe9\n".encode("latin-1"), rf":{len(ROWS) + 2}:4: not UTF-8 text"),
    ("empty-file", b"", r":1:1: not a COW IGO state-year file"),
    ("header-only", content([HEADER]), r":1:1: no row of the focal state"),
    ("no-focal-state", content([HEADER, *(row for row in ROWS if int(row.split(",")[0]) not in FOCAL)]),
     r":1:1: no row of the focal state"),
    ("a-focal-state-left-out", content([HEADER, *(row for row in ROWS if not row.startswith("701,"))]),
     r":1:1: no row of the focal state TKM \(COW 701\)"),
    ("no-membership-at-all", content([HEADER, *(",".join(row.split(",")[:3] + ["0"] * (len(row.split(",")) - 3))
                                                for row in ROWS)]), r":1:1: no focal state is a member"),
]


@pytest.mark.parametrize("content_of, expected", [case[1:] for case in BAD_INPUTS], ids=[case[0] for case in BAD_INPUTS])
def test_bad_input_stops_the_import_in_one_line_and_writes_nothing(data_dir, tmp_path, content_of, expected):
    path = tmp_path / "in" / "state_year_format3_subset_1991_2014.csv"
    path.parent.mkdir()
    path.write_bytes(content_of)
    before = sorted(data_dir.rglob("*"))
    result = import_igo(data_dir, path)
    assert result.returncode == 1 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith(str(path)) and re.search(expected, result.stderr), result.stderr
    assert sorted(data_dir.rglob("*")) == before


def _sparse(path):
    path.write_bytes(ARCHIVED.read_bytes())
    os.truncate(path, 9 * 2**20)  # refused for its size before it is read
    return path


BAD_PLACES = [
    ("larger-than-the-cap", _sparse, r":0:0: larger than 8 MB"),
    ("missing", lambda path: path, r":0:0: cannot read"),
    ("a-folder", lambda path: path.mkdir() or path, r":0:0: not a regular file"),
    ("a-pipe", lambda path: os.mkfifo(path) or path, r":0:0: not a regular file"),
    ("the-tables-name", lambda path: shutil.copy(ARCHIVED, path.with_name("organisations.csv")), r":0:0: .*plain one"),
    ("a-name-with-a-line-break", lambda path: shutil.copy(ARCHIVED, path.with_name("igo\nv3.csv")), r":0:0: .*plain one"),
]


@pytest.mark.parametrize("make, expected", [case[1:] for case in BAD_PLACES], ids=[case[0] for case in BAD_PLACES])
def test_a_file_that_is_not_a_small_csv_is_refused_in_one_line(data_dir, tmp_path, make, expected):
    path = make(tmp_path / "state_year_format3_subset_1991_2014.csv")
    result = import_igo(data_dir, path)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    assert re.search(expected, result.stderr), result.stderr
    assert not (data_dir / "igo_relations.yaml").exists()


BAD_TABLES = [
    ("organisation-unknown", "igo/organisations.csv", ",EAEC,,", ",ZZZ,,", r"organisations.csv:5:1: ZZZ is not in "),
    ("bloc-unknown", "igo/organisations.csv", ",CIS,CIS,", ",CIS,CISX,", r"organisations.csv:4:1: CISX is no bloc"),
    ("number-arabic-indic", "igo/organisations.csv", "csto,1125,", "csto,١١٢٥,", r"organisations.csv:2:\d+: number: "),
    ("column-repeated", "igo/organisations.csv", "sco,4115,", "csto,4115,", r"organisations.csv:3:1: 'csto' is listed"),
    ("cow-table-disagrees", "atop/cow_states.csv", "704,UZB,", "704,UZK,", r"cow_states.csv:1:1: the focal state UZB"),
]


@pytest.mark.parametrize("name, old, new, expected", [case[1:] for case in BAD_TABLES], ids=[case[0] for case in BAD_TABLES])
def test_a_broken_table_stops_the_import_in_one_line(data_dir, name, old, new, expected):
    text = (data_dir / name).read_text(encoding="utf-8")
    assert old in text
    (data_dir / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    result = import_igo(data_dir, ARCHIVED)
    assert result.returncode == 1 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    assert re.search(expected, result.stderr), result.stderr
    assert not (data_dir / "igo_relations.yaml").exists()


# --- the validator reads every row again -----------------------------------------------------------

VALIDATOR_CASES = [
    ("value-edited", "igo_relations.yaml", "value: associate", "value: full",
     r"igo-cis-tkm-2005: membership.value: rows 136–145 of .* give 'associate'"),
    ("a-row-moved", "igo_relations.yaml", "rows: [205, 206,", "rows: [205, 207,", r"igo-csto-uzb-2002: membership.rows"),
    ("a-year-added", "igo_relations.yaml", "start: '2002'\n  end: {date: '2011',", "start: '2002'\n  end: {date: '2012',",
     r"igo-csto-uzb-2002: end.date: rows 205–214 .* give '2011'"),
    ("a-record-dropped", "igo_relations.yaml", "- id: igo-osce-tkm-1992", "- id: igo-osce-tkm-1993",
     r"igo-osce-tkm-1992: \(record\): rows 123–145 .* has no record"),
    ("a-cell-of-the-archive", "igo/state_year_format3_subset_1991_2014.csv", "704,2003,", "704,2003 ,",
     r"cow-igo-v3: sha256: archived text has changed"),
    ("the-table-unreadable", "igo/organisations.csv", "column,number", "kolumn,number", r"organisations.csv:1: \(table\)"),
]


@pytest.mark.parametrize("name, old, new, expected", [case[1:] for case in VALIDATOR_CASES],
                         ids=[case[0] for case in VALIDATOR_CASES])
def test_the_validator_reads_every_imported_row_again(data_copy, name, old, new, expected):
    path = data_copy / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "geo", "--data", str(data_copy), "validate"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 1 and re.search(expected, result.stderr), result.stderr


# --- two datasets, side by side ---------------------------------------------------------------------

def export(year: int, state: str = "UZB") -> dict:
    result = subprocess.run([sys.executable, "-m", "geo", "export", "--state", state, "--year", str(year), "--format",
                             "json"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_2003_the_csto_disagreement_stands_in_the_export_with_both_rows():
    """COW IGO: Uzbekistan a full CSTO member in 2003; ATOP: out of the treaty from 20 April 1999 to 17 August 2006."""
    relations = {r["id"]: r for r in export(2003)["relations"]}
    readings = {reading["dataset"]: reading for reading in relations[UZB_CSTO]["disagreements"]}
    assert set(readings) == {"ATOP 5.1", "COW IGO v3"}
    atop, cow = readings["ATOP 5.1"], readings["COW IGO v3"]
    assert (atop["member"], cow["member"]) == (False, True)
    assert "20 Apr 1999" in atop["says"] and "17 Aug 2006" in atop["says"] and "full member" in cow["says"]
    assert [q["text"] for q in atop["quotes"]] == atop_rows(4220, 704)  # both phases' rows
    assert [q["text"] for q in cow["quotes"]] == [raw_line(704, 2003)]
    assert ATOP_CSTO not in relations  # ATOP's record holds from 2006: the IGO record carries it


def test_2012_the_disagreement_stands_on_atops_record():
    """ATOP: in the CSTO until 28 June 2012; COW IGO: no membership in 2012."""
    relations = {r["id"]: r for r in export(2012)["relations"]}
    readings = {reading["dataset"]: reading for reading in relations[ATOP_CSTO]["disagreements"]}
    assert (readings["ATOP 5.1"]["member"], readings["COW IGO v3"]["member"]) == (True, False)
    assert "28 Jun 2012" in readings["ATOP 5.1"]["says"] and "coded 0" in readings["COW IGO v3"]["says"]
    assert [q["text"] for q in readings["ATOP 5.1"]["quotes"]] == [atop_rows(4220, 704)[1]]
    assert [q["text"] for q in readings["COW IGO v3"]["quotes"]] == [raw_line(704, 2012)]
    assert UZB_CSTO not in relations


@pytest.mark.parametrize("year, state, organisations", [
    (2006, "UZB", ("CSTO",)),      # both: member (ATOP from 17 August 2006)
    (2011, "UZB", ("CSTO",)),      # both: member
    (2013, "UZB", ("CSTO",)),      # both: not a member
    (2001, "UZB", ("SCO",)),       # both: member from 2001
    (1997, "KAZ", ("SCO",)),       # COW IGO's SCO from 1996 is ATOP's Shanghai Five: compared as one
    (2003, "KAZ", ("CSTO", "CIS", "OSCE", "SCO")),
    (2000, "UZB", ("CSTO",)),      # COW IGO: no CSTO yet (-1), ATOP: out: no disagreement, one is silent
])
def test_years_the_datasets_agree_carry_no_disagreement(year, state, organisations):
    for relation in export(year, state)["relations"]:
        assert not [d for d in relation["disagreements"] if d["organisation"] in organisations], relation["id"]


def test_every_disagreement_is_one_says_member_and_the_other_not(data):
    everything = data.focused(REGION)
    disagreements = [d for year in everything.disagreements.values() for d in year]
    assert len(disagreements) == 40
    for d in disagreements:
        atop, cow = d.readings
        assert (atop.dataset, cow.dataset) == ("ATOP 5.1", "COW IGO v3") and atop.member is not cow.member
        assert atop.member is not None and cow.member is not None
    assert {(d.state, d.year) for d in disagreements if d.organisation == "CSTO"} == \
        {("UZB", year) for year in (2002, 2003, 2004, 2005, 2012)}


def test_the_card_and_the_box_show_both_readings(data):
    view = uzbekistan_in(data)
    state = year_state(view, 2003)
    card = relation_card(view, state.get(UZB_CSTO).relation, state.get(UZB_CSTO).status, 2003)
    assert "The datasets differ" in card and "ATOP 5.1" in card and "COW IGO v3" in card
    assert raw_line(704, 2003) in card and atop_rows(4220, 704)[0] in card
    box = " ".join(a["text"] for a in map_view(view, state)["layout"]["annotations"])
    assert "CSTO≠" in box and "ATOP and COW IGO differ" in box
    panels = year_panels(view, [state, year_state(view, 2008)])
    shown = {key for year in panels["years"].values() for _, _, key, *_ in year["ties"]}
    assert f"{UZB_CSTO}:in_force:2003" in shown and f"{UZB_CSTO}:in_force" in shown  # 2008: no disagreement


def test_the_region_table_marks_the_disagreement_and_gives_cow_igos_values(data):
    region = data.focused(REGION)
    table = bloc_table(region, year_state(region, 2003))
    row = re.search(r'<th scope="row" title="[^"]*">CSTO</th>(.*?)</tr>', table).group(1)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
    order = [state["code"] for state in ATLAS["states"]]
    assert "≠" in cells[order.index("UZB")] and "COW IGO: full member" in cells[order.index("UZB")]
    assert "≠" not in cells[order.index("KAZ")]
    assert "Uzbekistan and the CSTO" in table


def test_the_json_export_carries_every_quoted_sources_citation_and_terms():
    exported = export(2003)
    sources = {source["id"]: source for source in exported["sources"]}
    quoted = {q["source"] for r in exported["relations"] for q in r["quotes"]}
    assert quoted <= set(sources)
    assert "Pevehouse" in sources["cow-igo-v3"]["reference"] and "Correlates of War" in sources["cow-igo-v3"]["terms"]
    assert "Leeds" in sources["atop-5-1-members"]["reference"]
    assert "Alliance Atlas" in exported["cite_atlas_as"]


def test_the_codebook_gives_what_each_codes_and_every_sources_terms_and_citation(data):
    text = method_text(data.focused(REGION))
    assert "ATOP codes treaties; COW IGO codes organisations" in text
    assert "Uzbekistan and the CSTO: 2002–2005, 2012" in text
    assert "Not stated in the copy" in text and "Suggested citation of the atlas" in text
    for dataset in ("ATOP 5.1", "COW IGO v3", "MME v7"):
        assert f"| {dataset} |" in text


def test_the_pdf_pack_ends_with_the_sources_citations_and_terms(data, monkeypatch):
    from PIL import Image
    from pypdf import PdfReader

    import geo.handouts
    image = io.BytesIO()
    Image.new("RGB", (16, 10), "white").save(image, "PNG")
    monkeypatch.setattr(geo.handouts, "draw", lambda figures, kind: [image.getvalue()] * len(figures))
    last = PdfReader(io.BytesIO(geo.handouts.pdf_pack(uzbekistan_in(data)))).pages[-1].extract_text()
    assert "Sources and how to cite them" in last and "Pevehouse" in last and "Not stated in the copy" in last
    assert "Alliance Atlas, version" in last
