"""The curation server's pages (curate.py) in AppTest, on a copy of data/, and who may sign in (geo.editors)."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest
from streamlit.testing.v1 import AppTest

from geo import curation, editors, paths
from geo.dataset import load
from geo.paths import ROOT

EDITOR, PASSWORD = "Dilnoza R.", "correct horse battery"
SOURCE = "kyrgyz-uzbek-security-2016"
QUOTE = "Uzbekistan and Kyrgyzstan are striving to co-operate against menaces like extremism and terrorism."
TIE = {"curate-quote": QUOTE, "curate-start": "2016-09", "curate-title": "Working together against extremism"}
SAVED_ID = "uzb-kgz-security-cooperation-2016"


@pytest.fixture(scope="module")
def editors_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("editors") / "editors.toml"
    editors.add(path, EDITOR, PASSWORD)
    return path


@pytest.fixture
def data(tmp_path, monkeypatch, editors_file):
    """A copy of data/ that the pages edit, and the editors file they read."""
    copy = tmp_path / "data"
    shutil.copytree(paths.DATA, copy, ignore=lambda _d, names: [n for n in names if n.startswith(".")])
    monkeypatch.setattr(paths, "DATA", copy)
    monkeypatch.setenv(editors.CONFIG_VARIABLE, str(editors_file))
    return copy


def open_curation(script: str = "curate.py") -> AppTest:
    return AppTest.from_file(str(ROOT / script), default_timeout=60).run()


def sign_in(app: AppTest, password: str = PASSWORD) -> AppTest:
    app.text_input(key="curate-name").input(EDITOR)
    app.text_input(key="curate-password").input(password)
    return app.button[0].click().run()


def signed_in() -> AppTest:
    app = sign_in(open_curation())
    assert not app.exception
    return app


def fill_tie(app: AppTest, **fields) -> AppTest:
    app.selectbox(key="curate-source").select(fields.pop("source", SOURCE))
    for key, value in {**TIE, **fields}.items():
        (app.text_area if key == "curate-quote" else app.text_input)(key=key).input(value)
    app.multiselect(key="curate-parties").select("UZB").select("KGZ")
    app.selectbox(key="curate-kind").select("security_cooperation")
    return app.run()


def headers(app: AppTest) -> list[str]:
    return [h.value for h in app.header]


def plain(markdown: str) -> str:
    """Markdown as read: the backslashes that keep markup characters literal taken out."""
    return re.sub(r"\\(.)", r"\1", markdown)


def errors(app: AppTest) -> list[str]:
    return [plain(e.value) for e in app.error]


def shown_text(app: AppTest) -> str:
    return "\n".join(plain(e.value) for kind in ("error", "markdown", "success", "warning") for e in getattr(app, kind))


def test_without_an_editors_file_the_page_says_how_to_make_one(data, tmp_path, monkeypatch):
    monkeypatch.setenv(editors.CONFIG_VARIABLE, str(tmp_path / "none.toml"))
    app = open_curation()
    assert not app.exception
    assert len(errors(app)) == 1 and "\n" not in errors(app)[0]
    assert "create an editor with `python -m geo.editors add NAME`" in errors(app)[0]
    assert not app.text_input and not headers(app)


@pytest.mark.parametrize("script", ["curate.py", "pages/curation.py"])
def test_nothing_is_drawn_before_signing_in_and_a_wrong_password_is_refused(data, script):
    app = open_curation(script)
    assert [t.label for t in app.text_input] == ["Name", "Password"]
    assert not headers(app)
    app = sign_in(app, "not the password at all")
    assert errors(app) == ["Wrong name or password."]
    assert not headers(app)
    assert app.text_input(key="curate-name").value == EDITOR  # kept for the next try


def test_a_tie_saved_lands_in_the_data_validated_and_logged_under_the_editor(data):
    app = fill_tie(signed_in())
    assert not app.exception
    assert "joins the maps of" in shown_text(app)
    assert [c.value for c in app.caption][-2:] == ["The map of 2016 today", "The map of 2016 with this tie"]
    app = app.button(key="curate-save").click().run()
    assert not app.exception
    assert f"Saved as **{SAVED_ID}**" in shown_text(app)
    saved = next(r for r in load(data).relations if r.id == SAVED_ID)
    assert (saved.parties, saved.quotes[0].text, str(saved.start.date)) == (["UZB", "KGZ"], QUOTE, "2016-09")
    assert [(c.editor, c.record) for c in curation.history(data)] == [(EDITOR, SAVED_ID)]
    assert app.text_input(key="curate-title").value == ""  # a fresh form for the next tie
    assert link_to_the_map(app) == f"year=2016&state=UZB&focus={SAVED_ID}"


def link_to_the_map(app: AppTest) -> str:
    return next(link.proto.query_string for link in app.get("page_link") if link.proto.label.startswith("See it"))


def test_an_event_is_saved_with_its_date_and_its_link_opens_the_year(data):
    app = signed_in()
    app.checkbox(key="curate-event").check()
    app = fill_tie(app, **{"curate-start": "2016-10-01", "curate-title": "Kyrgyz officials visit Andijan"})
    app = app.button(key="curate-save").click().run()
    assert not app.exception
    event = next(e for e in load(data).events if e.title == "Kyrgyz officials visit Andijan")
    assert str(event.date.date) == "2016-10-01"
    assert "focus=" not in link_to_the_map(app) and "year=2016" in link_to_the_map(app)


def test_a_save_after_another_editors_is_refused_and_the_form_kept(data):
    app = fill_tie(signed_in())
    other = curation.TieDraft(source=SOURCE, quotes=["Both countries' law enforcement agencies regularly break up "
                                                     "such recruitment."], parties=["UZB", "KGZ"],
                              kind="security_cooperation", start="2016-09", title="Breaking up recruitment together")
    curation.add_tie(data, other, editor="Another editor")
    app = app.button(key="curate-save").click().run()
    assert not app.exception
    assert any(e.startswith("Not saved: the data changed since it was read") for e in errors(app))
    assert {key: (app.text_area if key == "curate-quote" else app.text_input)(key=key).value for key in TIE} == TIE
    assert TIE["curate-title"] not in [r.title for r in load(data).relations]
    app = app.button(key="curate-take-newest").click().run()
    app = app.button(key="curate-save").click().run()
    assert f"Saved as **{SAVED_ID}-2**" in shown_text(app)  # the other editor's tie took the id first


@pytest.mark.parametrize("fields, words", [
    ({"curate-quote": "Uzbekistan and Kyrgyzstan are striving to cooperate against menaces"}, "closest passage"),
    ({"curate-quote": "<script>alert(1)</script>"}, "not found verbatim"),
    ({"curate-start": "2016-13-40"}, "start"),
    ({"curate-start": "２０１６"}, "start"),
    ({"curate-start": "2016", "curate-end": "2015"}, "end"),
    ({"curate-id": "../../etc/passwd"}, "id"),
    ({"curate-id": "alliance-treaty-2005"}, "already used"),
    ({"curate-title": "a title\u202e\u0000"}, "title"),
    ({"curate-title": "=HYPERLINK(\"http://example.com\")\n- id: injected"}, "title"),
])
def test_hostile_or_wrong_values_are_refused_in_one_line_and_nothing_is_written(data, fields, words):
    before = curation.dataset_version(data)
    app = fill_tie(signed_in(), **fields)
    assert not app.exception
    problems = [line for line in app.markdown[-1].value.splitlines() if line.startswith("- ")] \
        if "Before it can be saved" in app.markdown[-1].value else []
    assert problems and any(words in line for line in problems), shown_text(app)
    assert app.button(key="curate-save").disabled
    assert curation.dataset_version(data) == before


def test_markup_in_a_field_is_stored_as_text_and_shown_as_text(data):
    title = "<img src=x onerror=alert(1)> **bold** [link](http://example.com)"
    app = fill_tie(signed_in(), **{"curate-title": title})
    app = app.button(key="curate-save").click().run()
    assert not app.exception
    assert next(r for r in load(data).relations if r.id == SAVED_ID).title == title
    assert "<img" not in shown_text(app)


def test_the_served_app_has_no_curation_page():
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not app.exception
    labels = [link.label for link in app.get("page_link")]
    assert "Map" in labels and not [label for label in labels if "urat" in label or label == "Stories"]
    assert not [button for button in app.button if "story" in button.label]  # nor a story's editing
    for script in ("app.py", "serve.py"):
        text = (ROOT / script).read_text(encoding="utf-8").lower()
        assert "curat" not in text and "save_story" not in text


# ---------------------------------------------------------------- geo.editors

def test_a_password_is_stored_salted_and_hashed_and_checked(tmp_path):
    path = tmp_path / "editors.toml"
    editors.add(path, EDITOR, PASSWORD)
    editors.add(path, "Second", PASSWORD)
    stored = editors.read(path)
    assert PASSWORD not in path.read_text() and stored[EDITOR] != stored["Second"]  # a salt each
    assert path.stat().st_mode & 0o777 == 0o600
    assert editors.sign_in(path, EDITOR, PASSWORD) == EDITOR
    assert editors.sign_in(path, f"  {EDITOR} ", PASSWORD) == EDITOR
    for name, password in [(EDITOR, PASSWORD + "x"), ("Nobody", PASSWORD), ('"]\n[x', PASSWORD), (EDITOR, "")]:
        assert editors.sign_in(path, name, password) is None
    editors.remove(path, "Second")
    assert list(editors.read(path)) == [EDITOR]


@pytest.mark.parametrize("text", ["[editors]\nx = 1\n", "not toml [", "[editors]\nx = \"md5$abc\"\n", "\xff"])
def test_a_broken_editors_file_signs_no_one_in(tmp_path, text):
    path = tmp_path / "editors.toml"
    path.write_bytes(text.encode("latin-1"))
    try:
        assert editors.sign_in(path, "x", PASSWORD) is None
    except editors.EditorsError as exc:
        assert "\n" not in str(exc) and str(path) in str(exc)


def run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo.editors", *args], input=stdin, capture_output=True,
                          text=True, cwd=ROOT, timeout=60)


def test_the_command_line_adds_an_editor_and_refuses_bad_input_in_one_line(tmp_path):
    path = str(tmp_path / "editors.toml")
    done = run_cli("add", "Dilnoza", "--password-stdin", "--config", path, stdin=PASSWORD + "\n")
    assert done.returncode == 0 and "Dilnoza may now sign in" in done.stdout
    assert editors.sign_in(tmp_path / "editors.toml", "Dilnoza", PASSWORD) == "Dilnoza"
    for args, stdin, words in [(("add", "Bob", "--password-stdin", "--config", path), "short\n", "10 to 1024"),
                               (("add", '"]\n[x', "--config", path), "", "a name is"),
                               (("add", "--config", path), "", "needs a NAME"),
                               (("list", "--config", str(tmp_path / "none.toml")), "", "python -m geo.editors add"),
                               (("remove", "Nobody", "--config", path), "", "no editor named"),
                               (("ad", "X"), "", "invalid choice")]:
        done = run_cli(*args, stdin=stdin)
        assert done.returncode == 2, args
        assert done.stderr.count("\n") == 1 and words in done.stderr and "Traceback" not in done.stderr
