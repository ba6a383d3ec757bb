"""The command line is a public contract: exit codes, one-line errors, never a traceback."""
import csv
import io
import json
import os
import subprocess
import sys

import pytest

from geo.paths import ROOT


def cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=cwd, capture_output=True, text=True)


def test_validate_passes_on_shipped_data():
    result = cli("validate")
    assert result.returncode == 0, result.stderr


def test_export_json_2024_lists_relations_with_status_and_quotes():
    result = cli("export", "--year", "2024", "--format", "json")
    assert result.returncode == 0, result.stderr
    state = json.loads(result.stdout)
    assert state["year"] == 2024 and state["projection"] is False
    by_id = {r["id"]: r for r in state["relations"]}
    assert by_id["uzb-tjk-alliance-2024"]["status"] == "in_force"
    assert by_id["uzb-tjk-alliance-2024"]["parties"] == ["UZB", "TJK"]
    assert by_id["uzb-tjk-alliance-2024"]["start"] == "2024-02"
    assert all(r["quotes"] and {"source", "text"} <= r["quotes"][0].keys() for r in state["relations"])


def test_export_csv_has_a_row_per_relation():
    result = cli("export", "--year", "2005", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["id"]: r["status"] for r in rows}["uzb-usa-basing-2001"] == "ended"
    assert len([r for r in rows if not r["id"].startswith("atop-") and not r["mme_id"] and not r["igo_column"]]) == 4
    defence_2005 = next(r for r in rows if r["id"] == "uzb-rus-alliance-2005")
    assert (defence_2005["atop_id"], defence_2005["obligations"]) == ("5075", "defence;consultation")


def test_export_geojson_draws_capital_to_capital_lines_and_event_points():
    result = cli("export", "--year", "2005", "--format", "geojson")
    features = {f["id"]: f for f in json.loads(result.stdout)["features"]}
    alliance = features["uzb-rus-alliance-2005"]
    assert alliance["geometry"] == {"type": "LineString", "coordinates": [[69.2401, 41.2995], [37.6173, 55.7558]]}
    assert alliance["properties"]["kind"] == "alliance" and alliance["properties"]["atop_id"] == 5075
    assert features["uzb-rus-chn-backing-2005"]["geometry"]["type"] == "MultiLineString"
    assert features["andijan-2005"]["geometry"] == {"type": "Point", "coordinates": [72.3442, 40.7821]}


def _year(year):
    result = cli("export", "--year", str(year), "--format", "json")
    assert result.returncode == 0, result.stderr
    return {r["atop_id"] or r["id"]: r for r in json.loads(result.stdout)["relations"]}


@pytest.mark.parametrize("year, in_force, absent", [
    (1995, {4220, 4245}, set()),   # the Collective Security Treaty and the 1992 treaty with Russia
    (2003, {4245}, {4220}),        # Uzbekistan left the CST in 1999 ...
    (2008, {4220}, set()),         # ... rejoined as the CSTO in 2006 ...
    (2013, set(), {4220}),         # ... and left it in 2012
])
def test_export_json_atop_membership_by_year(year, in_force, absent):
    relations = _year(year)
    assert {atop_id for atop_id in in_force if relations[atop_id]["status"] == "in_force"} == in_force
    assert not absent & relations.keys()
    assert all(isinstance(relations[a]["atop_phase"], int) for a in in_force)


@pytest.mark.parametrize("fmt", ["json", "csv", "geojson"])
@pytest.mark.parametrize("kinds, evidence, present, absent", [
    ("defence_pact", None, {"atop-4245", "atop-4951"}, {"uzb-rus-alliance-2005", "atop-4097"}),
    (None, "both", {"uzb-rus-alliance-2005"}, {"atop-4245", "atop-4220-2-uzb"}),
    ("alliance,non_aggression_pact", "atop", {"uzb-rus-alliance-2005", "atop-4097"}, {"atop-4245"}),
])
def test_export_holds_only_the_ties_the_filter_keeps(fmt, kinds, evidence, present, absent):
    asked = [*(["--kinds", kinds] if kinds else []), *(["--evidence", evidence] if evidence else [])]
    result = cli("export", "--year", "2008", "--format", fmt, *asked)
    assert result.returncode == 0, result.stderr
    assert all(tie in result.stdout for tie in present) and not any(f"{tie}\"" in result.stdout or f"{tie}," in
                                                                    result.stdout for tie in absent)
    if fmt != "csv":
        assert json.loads(result.stdout)["filter"] == {"kinds": sorted(kinds.split(",")) if kinds else [],
                                                       "evidence": evidence}


def test_export_json_a_tie_reported_once_is_continuing_afterwards():
    memo = _year(2020)["uzb-kgz-border-memorandum-2016"]
    assert (memo["status"], memo["last_attested"], memo["atop_id"]) == ("continuing", 2016, None)


def test_export_writes_to_output_file(tmp_path):
    target = tmp_path / "state.json"
    assert cli("export", "--year", "2016", "--format", "json", "--output", str(target)).returncode == 0
    assert json.loads(target.read_text())["year"] == 2016


BAD_CALLS = [
    (["export", "--year", "1800", "--format", "json"], "1800 is outside 1991–2030"),
    (["export", "--year", "3000", "--format", "json"], "3000 is outside 1991–2030"),
    (["export", "--year", "abc", "--format", "json"], "must be a whole number"),
    (["export", "--year", "2005.5", "--format", "json"], "must be a whole number"),
    (["export", "--year", "2005", "--format", "xml"], "invalid choice: 'xml'"),
    (["export", "--format", "json"], "required: --year"),
    (["frobnicate"], "invalid choice: 'frobnicate'"),
    ([], "required: command"),
    (["export", "--year", "2005", "--format", "json", "--output", "/nonexistent/dir/x.json"], "cannot write"),
    (["export", "--year", "2005", "--format", "gif", "--speed", "0.1", "--output", "x.gif"],
     "--speed: must be years per second from 0.25 to 10, not '0.1'"),
    (["export", "--year", "2005", "--format", "mp4", "--speed", "fast", "--output", "x.mp4"], "not 'fast'"),
    (["export", "--year", "2005", "--format", "gif", "--speed", "nan", "--output", "x.gif"], "not 'nan'"),
    (["export", "--year", "2005", "--format", "json", "--speed", "2"],
     "--speed is for the animations (gif, mp4), not --format json"),
    (["export", "--year", "2005", "--format", "mp4"], "--format mp4 writes a file: give --output PATH"),
    (["export", "--year", "2005", "--format", "json", "--kinds", "friendship"], "--kinds: no tie kind 'friendship'"),
    (["export", "--year", "2005", "--format", "json", "--evidence", "rumour"], "must be one of news, atop, both, mme, not 'rumour'"),
    (["export", "--year", "2005", "--format", "html", "--kinds", "alliance", "--output", "x.html"],
     "--format html holds every tie"),
]


@pytest.mark.parametrize("args, message", BAD_CALLS, ids=[" ".join(a) or "nothing" for a, _ in BAD_CALLS])
def test_bad_calls_exit_2_with_one_line(args, message):
    result = cli(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr


def test_export_gif_plays_every_year_at_the_speed_asked(tmp_path):
    import imageio.v3 as iio

    target = tmp_path / "ties.gif"
    result = cli("export", "--year", "2016", "--format", "gif", "--speed", "4", "--output", str(target))
    assert result.returncode == 0, result.stderr
    assert len(iio.imread(target, index=None)) == 40
    assert iio.immeta(target, index=0)["duration"] == 250


def test_broken_data_exits_1_without_traceback(data_copy):
    (data_copy / "events.yaml").write_text("- id: [broken\n", encoding="utf-8")
    result = cli("--data", str(data_copy), "export", "--year", "2005", "--format", "json")
    assert result.returncode == 1
    assert result.stderr.startswith("data/events.yaml:2: (file): (yaml): not valid YAML")
    assert "Traceback" not in result.stderr


def test_version_is_printed():
    result = cli("--version")
    assert result.returncode == 0 and result.stdout.startswith("python -m geo (Alliance Atlas) ")


def test_dash_means_standard_output_even_for_binary_formats(tmp_path):
    result = subprocess.run([sys.executable, "-m", "geo", "export", "--year", "2016", "--format", "png", "--output",
                             "-"], cwd=tmp_path, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"\x89PNG") and not (tmp_path / "-").exists()


def test_export_is_utf8_on_an_ascii_terminal():
    result = subprocess.run([sys.executable, "-m", "geo", "export", "--year", "2005", "--format", "json"], cwd=ROOT,
                            capture_output=True, env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0, result.stderr
    assert "—" in result.stdout.decode("utf-8") or "–" in result.stdout.decode("utf-8")
