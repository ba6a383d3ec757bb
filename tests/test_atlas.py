"""Any of the five states, or the region, as the atlas's focus: the atlas file, the command line's
`--state`, the seats of government by year, and no focal state written into the code."""
import csv
import json
import re
import subprocess
import sys

import pytest

from geo.atlas import REGION, read_atlas
from geo.dataset import load
from geo.formats import FORMATS
from geo.paths import DATA, PLAYER_PARTS, ROOT
from geo.tables import COW_TABLE, read_cow_table

ATLAS, _ = read_atlas(DATA)
STATES = ATLAS.codes
MEMBERS = DATA / "atop" / "atop5_1m.csv"


def cli(*args):
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, capture_output=True, text=True)


def atop_in_force(code: str, year: int) -> set[int]:
    """What ATOP's member file itself says: the alliances the state is in for the whole of `year`
    (entered by then, not left during or before it), read straight from the archived CSV."""
    cow = ATLAS.state(code).cow
    with MEMBERS.open(encoding="utf-8-sig") as rows:
        return {int(row["atopid"]) for row in csv.DictReader(rows)
                if int(row["member"]) == cow and int(row["yrent"]) <= year
                and (int(row["yrexit"] or 0) == 0 or int(row["yrexit"]) > year)}


def exported(code: str | None, year: int, fmt: str = "json") -> dict:
    data = load() if code is None else load().focused(code)
    return json.loads(FORMATS[fmt].write(data, year))


@pytest.mark.parametrize("code", STATES)
@pytest.mark.parametrize("year", [1995, 2005, 2015])
def test_export_lists_the_atop_alliances_atop_codes_the_state_in(code, year):
    relations = exported(code, year)["relations"]
    in_force = {r["atop_id"] for r in relations if r["atop_id"] and r["status"] == "in_force"}
    assert in_force == atop_in_force(code, year)
    assert all(code in r["parties"] for r in relations)


@pytest.mark.parametrize("code", STATES)
def test_the_command_line_takes_the_state(code):
    result = cli("export", "--state", code.lower(), "--year", "2008", "--format", "json")
    assert result.returncode == 0, result.stderr
    relations = json.loads(result.stdout)["relations"]
    assert relations and all(code in r["parties"] for r in relations)


def test_a_treaty_between_two_focal_states_is_one_tie_with_one_id_on_both_maps():
    kazakh = {r["atop_id"]: r["id"] for r in exported("KAZ", 1995)["relations"] if r["atop_id"]}
    uzbek = {r["atop_id"]: r["id"] for r in exported("UZB", 1995)["relations"] if r["atop_id"]}
    assert kazakh[4276] == uzbek[4276] == "atop-4276"
    shared = {tie for tie in kazakh.keys() & uzbek.keys() if kazakh[tie] == uzbek[tie]}
    assert 4276 in shared


def test_without_a_state_the_export_is_the_default_states():
    assert ATLAS.default == "UZB"
    plain = cli("export", "--year", "2016", "--format", "json")
    chosen = cli("export", "--state", "UZB", "--year", "2016", "--format", "json")
    assert plain.returncode == chosen.returncode == 0
    assert plain.stdout == chosen.stdout


def test_the_region_holds_every_states_ties_once():
    region = exported(REGION, 2008)["relations"]
    ids = [r["id"] for r in region]
    assert len(ids) == len(set(ids))
    for code in STATES:
        assert {r["id"] for r in exported(code, 2008)["relations"]} <= set(ids)


@pytest.mark.parametrize("year, seat", [(1995, "Almaty"), (1997, "Almaty"), (1998, "Astana"), (2005, "Astana"),
                                        (2019, "Nur-Sultan"), (2023, "Astana")])
def test_a_seat_of_government_holds_from_its_date_and_links_start_there(year, seat):
    data = load().focused("KAZ")
    assert data.place("KAZ", year).name == seat
    geojson = exported("KAZ", year, "geojson")
    lines = [f["geometry"] for f in geojson["features"] if f["geometry"] and f["geometry"]["type"] == "LineString"]
    assert lines
    start = data.place("KAZ", year)
    assert all(line["coordinates"][0] == [start.lon, start.lat] for line in lines)


def test_the_region_draws_a_tie_between_two_focal_states_between_their_capitals():
    features = {f["id"]: f for f in exported(REGION, 1995, "geojson")["features"]}
    data = load()
    almaty, tashkent = data.place("KAZ", 1995), data.place("UZB", 1995)
    assert features["atop-4276"]["geometry"]["coordinates"] == [[almaty.lon, almaty.lat], [tashkent.lon, tashkent.lat]]


@pytest.mark.parametrize("asked, message", [
    ("XYZ", "--state: no focal state 'XYZ'"),
    ("RUS", "--state: no focal state 'RUS'"),
    ("", "--state: no focal state ''"),
])
def test_an_unknown_state_is_refused_in_one_line(asked, message):
    result = cli("export", "--state", asked, "--year", "2008", "--format", "json")
    assert result.returncode == 2
    assert result.stdout == "" and len(result.stderr.splitlines()) == 1 and message in result.stderr


@pytest.mark.parametrize("code", [*STATES, REGION])
def test_file_names_name_the_focus(code):
    name = FORMATS["png"].file_name(load().focused(code), 2008)
    assert re.fullmatch(r"[a-z-]+-security-ties-2008\.png", name)
    assert ATLAS.focuses()[code].lower().replace(" ", "-") in name


def names_of_the_focal_states() -> re.Pattern:
    """Every way code could name a focal state: codes, COW numbers, names, demonyms, seats."""
    words = {word for state in ATLAS.states
             for word in (state.code, state.name, state.demonym, *(seat.name for seat in state.seats))}
    numbers = {str(state.cow) for state in ATLAS.states}
    return re.compile(r"\b(" + "|".join(sorted(map(re.escape, words | numbers))) + r")\b")


def test_no_module_names_a_focal_state():
    """The focus is data (data/atlas.yaml): geo/, pages/, static/ and the entry scripts name none."""
    pattern = names_of_the_focal_states()
    files = [*(ROOT / "geo").glob("*.py"), *(ROOT / "pages").glob("*.py"), *(ROOT / "pages").glob("*.js"),
             *PLAYER_PARTS, ROOT / "app.py", ROOT / "serve.py"]
    named = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
             for path in files for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if pattern.search(line)]
    assert named == []


def test_the_focal_states_are_in_the_country_code_table():
    table = read_cow_table(DATA / COW_TABLE)
    assert {state.cow: state.code for state in ATLAS.states} == {cow: table[cow].iso3 for cow in ATLAS.by_cow()}
