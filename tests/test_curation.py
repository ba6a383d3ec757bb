"""Growing the record from the command line and the API (geo.curation): a source and a tie added to a
copy of data/ validate and export; each bad input is refused in one line and leaves the folder as it
was; two saves at once both land; a stale save is refused; diff, history and retire say what changed;
a running app shows a tie added meanwhile on its next page load."""
import asyncio
import datetime as dt
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.protocol import Run, Visit, in_own_event_loop
from deploy.live_server import serving
from geo import curation
from geo.changes import dataset_version, diff, history
from geo.curation import CurationError, StaleVersion, TieDraft
from geo.paths import DATA, ROOT
from geo.validate import SOURCE_LIMIT

# A synthetic article, for copies of data/ only: the real record holds archived texts alone.
ARTICLE = """Menu | Home | News | Contact
Uzbekistan and Turkey sign defence accord
Tashkent, 3 March 2025. The defence ministers of Uzbekistan and Turkey signed an agreement on
military cooperation on Monday, covering training and joint research.
Officials said the two armies would hold joint exercises next year.
Comments (0) | Share
"""
TITLE = "Uzbekistan and Turkey sign defence accord"
QUOTE = "The defence ministers of Uzbekistan and Turkey signed an agreement on military cooperation"
SECOND = "Officials said the two armies would hold joint exercises next year."
SOURCE_ARGS = ["--title", TITLE, "--publisher", "Example News", "--published", "2025-03-03",
               "--body-first", "Uzbekistan and Turkey", "--body-last", "Officials said", "--editor", "analyst"]
TIE_ARGS = ["--parties", "UZB,TUR", "--kind", "defence_cooperation", "--start", "2025-03",
            "--title", "Defence accord with Turkey", "--editor", "analyst"]


def geo(data: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo", "--data", str(data), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def tree(folder: Path) -> str:
    """A hash of every file under a folder, names and bytes (the lock file aside: it holds nothing)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != curation.LOCK):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.fixture
def with_source(data_copy, article) -> tuple[Path, str]:
    """A copy of data/ with the synthetic article archived; its source id."""
    added = geo(data_copy, "add-source", str(article), *SOURCE_ARGS)
    assert added.returncode == 0, added.stderr
    return data_copy, added.stdout.strip()


def test_a_source_and_a_tie_added_validate_export_diff_and_log(with_source, article):
    data, source_id = with_source
    assert (data / "sources").joinpath(f"005_{hashlib.sha256(article.read_bytes()).hexdigest()[:16]}.txt") \
        .read_bytes() == article.read_bytes()
    added = geo(data, "add-tie", "--source", source_id, "--quote", QUOTE, *TIE_ARGS)
    assert added.returncode == 0, added.stderr
    tie_id = added.stdout.strip()
    assert tie_id == "uzb-tur-defence-cooperation-2025"

    assert geo(data, "validate").returncode == 0
    exported = json.loads(geo(data, "export", "--year", "2025", "--format", "json").stdout)
    tie = next(r for r in exported["relations"] if r["id"] == tie_id)
    assert [q["text"] for q in tie["quotes"]] == [QUOTE]
    assert not any(r["id"] == tie_id for r in json.loads(
        geo(data, "export", "--year", "2024", "--format", "json").stdout)["relations"])

    changes = geo(data, "diff", str(DATA), "--format", "json")
    assert changes.returncode == 0, changes.stderr
    found = json.loads(changes.stdout)
    assert [(e["what"], e["id"], e["years"]) for e in found["added"]] == [
        ("tie", tie_id, list(range(2025, 2031))), ("source", source_id, [])]
    assert found["years"]["UZB"] == list(range(2025, 2031)) and found["years"]["KAZ"] == []
    assert f"added tie {tie_id}" in geo(data, "diff", str(DATA)).stdout

    log = geo(data, "history").stdout
    assert f"analyst: add-source {source_id}" in log and f"analyst: add-tie {tie_id}" in log
    assert [c.action for c in history(data, tie_id)] == ["add-tie"]
    entries = history(data)
    assert entries[0].after == entries[1].before and entries[1].after == dataset_version(data)
    # What was there stays as it was: the new record is appended, the file's comments kept.
    original = (DATA / "relations.yaml").read_text(encoding="utf-8")
    assert (data / "relations.yaml").read_text(encoding="utf-8").startswith(original.rstrip("\n"))


def _tie(source_id: str, *args: str) -> list[str]:
    return ["add-tie", "--source", source_id, *args]


# (case, arguments after the source is archived, words the one line must hold)
REFUSED = [
    ("quote-not-verbatim", lambda s, a: _tie(s, "--quote", QUOTE.replace("defence", "defense"), *TIE_ARGS),
     "the closest passage: 'The defence ministers of Uzbekistan"),
    ("unknown-party", lambda s, a: _tie(s, "--quote", QUOTE, *TIE_ARGS[:1], "UZB,XYZ", *TIE_ARGS[2:]),
     "no party 'XYZ'"),
    ("unknown-kind", lambda s, a: _tie(s, "--quote", QUOTE, *TIE_ARGS[:3], "friendship", *TIE_ARGS[4:]),
     "no tie kind 'friendship'"),
    ("unknown-source", lambda s, a: _tie("no-such-source", "--quote", QUOTE, *TIE_ARGS), "no archived source"),
    ("no-focal-state", lambda s, a: _tie(s, "--quote", QUOTE, *TIE_ARGS[:1], "TUR,RUS", *TIE_ARGS[2:]),
     "focal state"),
    ("ends-before-it-starts", lambda s, a: _tie(s, "--quote", QUOTE, *TIE_ARGS, "--end", "2024"), "before it starts"),
    ("duplicate-id", lambda s, a: _tie(s, "--quote", QUOTE, *TIE_ARGS, "--id", "uzb-usa-basing-2001"),
     "already used"),
    ("opinion-as-fact", lambda s, a: _tie(s, "--quote", QUOTE, *TIE_ARGS, "--voice", "opinion"),
     "prospective_alliance"),
    ("same-source-twice", lambda s, a: ["add-source", str(a), *SOURCE_ARGS],
     "already archived as uzbekistan-and-turkey-sign-defence-2025"),
    ("future-date", lambda s, a: ["add-source", str(a), *SOURCE_ARGS[:5], "2099-01-01", *SOURCE_ARGS[6:]],
     "lies in the future"),
    ("impossible-date", lambda s, a: ["add-source", str(a), *SOURCE_ARGS[:5], "2025-02-30", *SOURCE_ARGS[6:]],
     "not a real date"),
    ("retire-unknown", lambda s, a: ["retire", "no-such-tie", "--reason", "x", "--editor", "e"], "no tie or event"),
    ("retire-imported", lambda s, a: ["retire", "atop-3740-2-kaz", "--reason", "x", "--editor", "e"], "imported"),
    ("unknown-flag", lambda s, a: _tie(s, "--quote", QUOTE, *TIE_ARGS, "--colour", "red"), "unrecognized arguments"),
]


@pytest.mark.parametrize("args, words", [case[1:] for case in REFUSED], ids=[case[0] for case in REFUSED])
def test_a_bad_change_is_refused_in_one_line_and_nothing_is_written(with_source, article, args, words):
    data, source_id = with_source
    before = tree(data)
    refused = geo(data, *args(source_id, article))
    assert refused.returncode in (1, 2) and refused.stdout == ""
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("python -m geo: error: ") and words in lines[0], refused.stderr
    assert tree(data) == before


BAD_TEXTS = [
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ("not-utf8", "Tashkent, 3 March 2025. Résumé".encode("latin-1"), "not UTF-8"),
    ("empty", b"", "empty"),
    ("blank", b"  \n\n\t\n", "empty"),
    ("oversized", b"a" * (SOURCE_LIMIT + 1), "larger than the limit"),
]


@pytest.mark.parametrize("content, words", [case[1:] for case in BAD_TEXTS], ids=[case[0] for case in BAD_TEXTS])
def test_a_text_that_cannot_be_archived_is_refused(data_copy, tmp_path, content, words):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    before = tree(data_copy)
    refused = geo(data_copy, "add-source", str(path), *SOURCE_ARGS)
    lines = refused.stderr.strip().splitlines()
    assert refused.returncode == 1 and len(lines) == 1 and words in lines[0], refused.stderr
    assert tree(data_copy) == before


def test_two_ties_added_at_once_both_land_and_the_data_validates(with_source):
    data, source_id = with_source
    command = [sys.executable, "-m", "geo", "--data", str(data)]
    first = subprocess.Popen([*command, *_tie(source_id, "--quote", QUOTE, *TIE_ARGS)], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen([*command, *_tie(source_id, "--quote", SECOND, *TIE_ARGS[:3], "military_exercise",
                                               "--start", "2026", "--title", "Joint exercises", "--end", "2026")],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    results = [process.communicate(timeout=300) for process in (first, second)]
    assert [process.returncode for process in (first, second)] == [0, 0], results
    ids = {out.strip() for out, _ in results}
    assert ids == {"uzb-tur-defence-cooperation-2025", "uzb-tur-military-exercise-2026"}
    assert geo(data, "validate").returncode == 0
    assert [c.record for c in history(data)][1:] in ([*ids], [*ids][::-1])


def test_a_change_against_an_older_version_is_refused(with_source):
    data, source_id = with_source
    read = dataset_version(data)
    draft = TieDraft(source=source_id, quotes=[QUOTE], parties=["UZB", "TUR"], kind="defence_cooperation",
                     start="2025-03", title="Defence accord with Turkey")
    curation.add_tie(data, draft, editor="first", expected_version=read)
    before = tree(data)
    later = TieDraft(source=source_id, quotes=[SECOND], parties=["UZB", "TUR"], kind="military_exercise",
                     start="2026", title="Joint exercises")
    with pytest.raises(StaleVersion, match="the data changed since it was read"):
        curation.add_tie(data, later, editor="second", expected_version=read)
    refused = geo(data, *_tie(source_id, "--quote", SECOND, "--expected-version", read, *TIE_ARGS))
    assert refused.returncode == 1 and "changed since it was read" in refused.stderr
    assert tree(data) == before
    assert curation.add_tie(data, later, editor="second", expected_version=dataset_version(data))


def test_retiring_keeps_the_record_and_takes_the_tie_off_the_map(with_source):
    data, source_id = with_source
    tie_id = geo(data, *_tie(source_id, "--quote", QUOTE, *TIE_ARGS)).stdout.strip()
    kept = geo(data, "diff", str(DATA)).stdout
    retired = geo(data, "retire", tie_id, "--reason", "the report was withdrawn", "--editor", "analyst")
    assert retired.returncode == 0, retired.stderr
    text = (data / "relations.yaml").read_text(encoding="utf-8")
    assert f"- id: {tie_id}" in text and "reason: the report was withdrawn" in text and QUOTE in text
    assert geo(data, "validate").returncode == 0
    exported = json.loads(geo(data, "export", "--year", "2025", "--format", "json").stdout)
    assert tie_id not in {r["id"] for r in exported["relations"]}
    assert [c.action for c in history(data, tie_id)] == ["add-tie", "retire"]
    assert f"retire {tie_id} (the report was withdrawn)" in geo(data, "history", tie_id).stdout
    again = geo(data, "retire", tie_id, "--reason", "again", "--editor", "analyst")
    assert again.returncode == 1 and "was retired on" in again.stderr
    assert f"added tie {tie_id}" in kept


def test_a_retired_tie_in_the_diff_against_the_data_that_had_it(with_source):
    data, source_id = with_source
    tie_id = curation.add_tie(data, TieDraft(source=source_id, quotes=[QUOTE], parties=["UZB", "TUR"],
                                             kind="defence_cooperation", start="2025-03", title="Accord"),
                              editor="analyst")
    had_it = data.parent / "had-it"
    subprocess.run(["cp", "-r", str(data), str(had_it)], check=True)
    curation.retire(data, tie_id, reason="withdrawn", editor="analyst")
    found = diff(had_it, data)
    assert [(e.id, e.years) for e in found.retired] == [(tie_id, list(range(2025, 2031)))]
    assert found.years["UZB"] == list(range(2025, 2031)) and not found.added and not found.changed


def test_checking_a_draft_names_each_problem_and_the_preview_its_years(with_source):
    data, source_id = with_source
    draft = TieDraft(source=source_id, quotes=[QUOTE], parties=["UZB", "TUR"], kind="defence_cooperation",
                     start="2025-03", title="Defence accord with Turkey")
    assert curation.check_tie(data, draft) == []
    preview = curation.preview_tie(data, draft)
    assert preview.first_year == 2025 and preview.years == {"UZB": list(range(2025, 2031)),
                                                            "all": list(range(2025, 2031))}
    assert preview.statuses[2025] == "in_force" and preview.statuses[2030] == "planned"
    event = TieDraft(source=source_id, quotes=[QUOTE], parties=["UZB", "TUR"], kind="", start="2025-03-03",
                     title="Defence accord signed", event=True)
    assert curation.check_tie(data, event) == [] and curation.preview_tie(data, event).first_year == 2025
    typo = TieDraft(source=source_id, quotes=["the defence ministres of Uzbekistan"], parties=["UZB", "KZZ"],
                    kind="defence_cooperation", start="2025-13", title="x")
    assert curation.check_tie(data, typo) == ["parties: no party 'KZZ' in countries.yaml or organisations.yaml"]
    typo.parties = ["UZB", "TUR"]
    problems = curation.check_tie(data, typo)
    assert any(p.startswith("start") and "2025-13" in p for p in problems), problems
    typo.start = "2025"
    [problem] = curation.check_tie(data, typo)
    assert problem.startswith("quotes[0].text: not found verbatim in uzbekistan-and-turkey-sign-defence-2025: ")
    assert problem.endswith("; the closest passage: 'The defence ministers of Uzbekistan'")
    with pytest.raises(CurationError, match="not found verbatim"):
        curation.preview_tie(data, typo)


def test_the_closest_passage_is_where_a_mistyped_quote_was_meant_to_come_from():
    text = "One sentence here.\nThe defence  ministers of Uzbekistan and Turkey signed.\nAnother one."
    assert curation.closest_passage(text, "defence ministres of Uzbekistan and") == "defence ministers of Uzbekistan and"
    assert curation.closest_passage(text, "nothing alike") == ""


def test_quoted_spans_are_the_passages_already_quoted(with_source):
    data, source_id = with_source
    assert curation.quoted_spans(data, source_id) == []
    curation.add_tie(data, TieDraft(source=source_id, quotes=[QUOTE, SECOND], parties=["UZB", "TUR"],
                                    kind="defence_cooperation", start="2025-03", title="Accord"), editor="analyst")
    text = curation.source_text(data, source_id)
    spans = curation.quoted_spans(data, source_id)
    assert [" ".join(text[a:b].split()) for a, b in spans] == [QUOTE, SECOND]


def test_the_version_changes_with_any_curated_file_and_not_with_the_log(data_copy):
    first = dataset_version(data_copy)
    assert dataset_version(data_copy) == first and len(first) == 64
    log = data_copy / "changes.yaml"
    log.write_text(log.read_text() + "\n")
    assert dataset_version(data_copy) == first
    text = data_copy / "sources" / "000_0ea4cd6cd001b527.txt"
    text.write_bytes(text.read_bytes() + b" ")
    assert dataset_version(data_copy) != first


LOG_PROBLEMS = [
    # The second entry dated a year before the first (two saves can share a second: swapping them need not
    # put them out of order).
    ("out-of-order", lambda e: [e[0], re.sub(r"(when: '?)(\d{4})", lambda m: f"{m[1]}{int(m[2]) - 1}", e[1], count=1)],
     "earlier than the entry before it"),
    ("unknown-record", lambda e: [e[0].replace("record: uzb", "record: nowhere-uzb")], "is no record of the data"),
    ("unknown-field", lambda e: [e[0] + "  colour: red\n"], "unknown field"),
]


@pytest.mark.parametrize("edit, words", [case[1:] for case in LOG_PROBLEMS], ids=[case[0] for case in LOG_PROBLEMS])
def test_the_validator_checks_the_change_log(with_source, edit, words):
    data, source_id = with_source
    curation.add_tie(data, TieDraft(source=source_id, quotes=[QUOTE], parties=["UZB", "TUR"],
                                    kind="defence_cooperation", start="2025-03", title="Accord"), editor="analyst")
    log = data / "changes.yaml"
    header, *entries = log.read_text(encoding="utf-8").split("\n\n- ")
    entries = [f"- {entry.rstrip()}\n" for entry in entries]
    log.write_text(header + "\n\n" + "\n".join(edit(entries)), encoding="utf-8")
    checked = geo(data, "validate")
    assert checked.returncode == 1 and "changes.yaml" in checked.stderr and words in checked.stderr, checked.stderr


async def _page(url: str, path: str) -> Run:
    visit, run = await Visit.open(url, path)
    await visit.close()
    return run


async def _tie_added_while_a_viewer_scrubs(url: str, data: Path, source_id: str):
    """A viewer on 2024 when the tie is added; then a fresh page load, and the viewer's next step."""
    scrubbing, _ = await Visit.open(url, "/?year=2024")
    added = await asyncio.to_thread(geo, data, *_tie(source_id, "--quote", QUOTE, *TIE_ARGS))
    fresh = await _page(url, "/?year=2025")
    stepped = await scrubbing.step_year(2025)
    await scrubbing.close()
    return added, fresh, stepped, await _page(url, "/codebook")


def test_a_running_app_shows_a_tie_added_from_the_command_line_on_the_next_page_load(with_source, tmp_path,
                                                                                      monkeypatch):
    data, source_id = with_source
    monkeypatch.setenv("ATLAS_DATA", str(data))
    with serving(tmp_path) as (url, _process):
        before = in_own_event_loop(_page(url, "/?year=2025"))
        assert not before.exceptions() and "Rabbimov" in before.text()
        assert "Defence accord with Turkey" not in before.text()
        added, fresh, stepped, codebook = in_own_event_loop(_tie_added_while_a_viewer_scrubs(url, data, source_id))
    assert added.returncode == 0, added.stderr
    assert not fresh.exceptions() and "Defence accord with Turkey" in fresh.text() and QUOTE in fresh.text()
    assert not stepped.exceptions()
    assert not codebook.exceptions() and f"add-tie {added.stdout.strip()}" in codebook.text()
    assert dataset_version(data)[:12] in codebook.text()


def test_the_served_app_reads_the_data_folder_it_is_pointed_at():
    shown = subprocess.run([sys.executable, "-c", "from geo.paths import DATA; print(DATA)"], cwd=ROOT,
                           capture_output=True, text=True, env={**os.environ, "ATLAS_DATA": "/srv/atlas/data"})
    assert shown.stdout.strip() == "/srv/atlas/data"


def test_the_log_records_the_editor_and_the_time(with_source):
    data, _ = with_source
    entry = history(data)[-1]
    assert entry.editor == "analyst" and entry.action == "add-source"
    assert dt.datetime.now(dt.timezone.utc) - entry.when < dt.timedelta(minutes=10)
