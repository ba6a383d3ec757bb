"""The curation server's Stories page (pages/curate_story.py) in AppTest, on a copy of data/: a story
composed of map views, saved through the curation path, refused in one line when a step is broken or the
data moved on (the served app's lack of it: tests/test_curate_page.py)."""
from __future__ import annotations

import subprocess
import sys

from streamlit.testing.v1 import AppTest

from geo import curation
from geo.dataset import load
from geo.paths import ROOT
from geo.stories import story_record
from test_curate_page import EDITOR, data, editors_file, errors, plain, shown_text, signed_in  # noqa: F401

PAGE = "pages/curate_story.py"
TREATY = {"year": 1992, "state": "UZB", "focus": "atop-4220-1-uzb", "kinds": "defence_pact", "evidence": None}
ALLIANCE = {"year": 2005, "state": "UZB", "focus": "uzb-rus-alliance-2005", "kinds": None, "evidence": "news"}


def stories_page(app: AppTest | None = None) -> AppTest:
    app = app or signed_in()
    app.switch_page(PAGE)
    return app.run()


def add_view(app: AppTest, view: dict) -> AppTest:
    """What the Map page's "Add this view to a story" leaves for the Stories page."""
    app.session_state["story-view"] = view
    return app.run()


def uids(app: AppTest) -> list[int]:
    return [step["uid"] for step in app.session_state["story-draft"]["steps"]]


def write_step(app: AppTest, number: int, heading: str, text: str) -> AppTest:
    uid = uids(app)[number - 1]
    app.text_input(key=f"story-w-{uid}-heading").input(heading)
    app.text_area(key=f"story-w-{uid}-text").input(text)
    return app.run()


def two_steps() -> AppTest:
    app = stories_page()
    app.text_input(key="story-w-id").input("two-treaties")
    app.text_input(key="story-w-title").input("Two treaties")
    app = add_view(add_view(app, TREATY), ALLIANCE)
    app = write_step(app, 1, "Inside the treaty", "Uzbekistan joins the Collective Security Treaty.")
    return write_step(app, 2, "An alliance with Russia", "Thirteen years later, a treaty of alliance.")


def test_the_page_is_drawn_for_no_one_not_signed_in(data):
    app = AppTest.from_file(str(ROOT / PAGE), default_timeout=60).run()
    assert [t.label for t in app.text_input] == ["Name", "Password"]
    assert not app.title or app.title[0].value != "Compose a story"


def test_a_story_of_two_map_views_is_saved_validated_and_logged_under_the_editor(data):
    app = two_steps()
    assert app.checkbox and app.checkbox[0].value  # the first quote of the tie in focus, chosen
    assert app.text_input(key="story-w-author").value == EDITOR
    assert not app.warning  # both steps hold
    app = app.button(key="story-save").click().run()
    assert not app.exception and not errors(app)
    assert "Saved as **two-treaties**" in shown_text(app)
    link = next(link.proto for link in app.get("page_link") if link.proto.label == "Play it on the Briefing page")
    assert link.query_string == "story=two-treaties&step=1"
    record = story_record(data, "two-treaties")
    assert (record.title, record.author) == ("Two treaties", EDITOR)
    assert [(s.year, s.focus, s.heading) for s in record.steps] == [
        (1992, "atop-4220-1-uzb", "Inside the treaty"), (2005, "uzb-rus-alliance-2005", "An alliance with Russia")]
    assert [k.value for k in record.steps[0].filter.kinds] == ["defence_pact"]
    assert record.steps[1].filter.evidence.value == "news" and len(record.steps[1].quotes) == 1
    assert load(data).stories["two-treaties"].steps[1].quotes[0].text.startswith("Mr. Karimov came to Moscow")
    assert [(c.editor, c.action, c.record) for c in curation.history(data)] == [(EDITOR, "save-story", "two-treaties")]
    checked = validate(data)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def validate(data) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo", "validate"], cwd=ROOT, capture_output=True, text=True,
                          env={"ATLAS_DATA": str(data), "PATH": ""}, timeout=300)


def test_a_logged_story_stands_in_the_log_while_its_file_does(data):
    curation.save_story(data, "one-step", {"title": "One step", "author": "An editor", "steps": [
        {"year": 1992, "state": "UZB", "heading": "Independence", "text": "A step."}]}, editor="An editor")
    assert validate(data).returncode == 0
    (data / "stories" / "one-step.yaml").unlink()
    checked = validate(data)
    assert checked.returncode == 1 and "changes.yaml" in checked.stderr, checked.stderr
    assert "one-step is no record of the data" in checked.stderr


def test_a_step_whose_tie_does_not_hold_that_year_is_refused_in_one_line_and_the_form_kept(data):
    app = two_steps()
    app = app.number_input(key=f"story-w-{uids(app)[0]}-year").set_value(2030).run()
    assert any("focus: atop-4220-1-uzb does not hold in 2030" in plain(w.value) for w in app.warning)
    app = app.button(key="story-save").click().run()
    assert not app.exception
    [refused] = errors(app)
    assert "\n" not in refused
    assert refused.startswith("Not saved: data/stories/two-treaties.yaml:") and \
        ": step 1: focus: atop-4220-1-uzb does not hold in 2030" in refused
    assert not (data / "stories" / "two-treaties.yaml").exists() and not curation.history(data)
    assert app.text_input(key=f"story-w-{uids(app)[1]}-heading").value == "An alliance with Russia"
    assert app.text_input(key="story-w-title").value == "Two treaties"


def test_a_save_after_another_editors_is_refused_and_the_story_kept(data):
    app = two_steps()
    curation.save_story(data, "another", {"title": "Another", "author": "Another editor", "steps": [
        {"year": 1992, "state": "UZB", "heading": "Elsewhere", "text": "A step."}]}, editor="Another editor")
    app = app.button(key="story-save").click().run()
    assert not app.exception
    assert any(e.startswith("Not saved: the data changed since it was read") for e in errors(app))
    assert not (data / "stories" / "two-treaties.yaml").exists()
    assert app.text_input(key=f"story-w-{uids(app)[0]}-heading").value == "Inside the treaty"
    app = app.button(key="story-take-newest").click().run()
    app = app.button(key="story-save").click().run()
    assert "Saved as **two-treaties**" in shown_text(app)


def test_a_new_story_never_replaces_one_of_the_same_id(data):
    app = two_steps()
    app.text_input(key="story-w-id").input("uzbekistan-between-moscow-and-washington")
    app = app.run().button(key="story-save").click().run()
    assert errors(app) == ["Not saved: a story 'uzbekistan-between-moscow-and-washington' already exists: open it "
                           "to edit it, or give another id"]


def test_steps_are_moved_and_removed_and_a_story_reopened_keeps_its_order(data):
    app = two_steps()
    first, second = uids(app)
    app = app.button(key=f"story-w-{second}-up").click().run()
    assert uids(app) == [second, first]
    assert app.text_input(key=f"story-w-{second}-heading").value == "An alliance with Russia"  # its words move with it
    app = app.button(key="story-save").click().run()
    assert [s.year for s in story_record(data, "two-treaties").steps] == [2005, 1992]
    app = app.button(key=f"story-w-{first}-remove").click().run()
    app = app.button(key="story-save").click().run()
    assert [s.heading for s in story_record(data, "two-treaties").steps] == ["An alliance with Russia"]
    assert [c.record for c in curation.history(data)] == ["two-treaties", "two-treaties"]


def test_an_existing_story_opens_with_its_steps_and_quotes(data):
    app = stories_page()
    app = app.selectbox(key="story-choice").select("uzbekistan-between-moscow-and-washington").run()
    steps = app.session_state["story-draft"]["steps"]
    assert len(steps) == 12 and steps[5]["quotes"] == [
        {"source": "alliance-treaty-2005", "begins": "Mr. Karimov came to Moscow"},
        {"source": "atop-sheet-5075", "begins": "“In the event that one of the parties"}]
    assert app.text_input(key="story-w-id").disabled
    before = story_record(data, "uzbekistan-between-moscow-and-washington")
    app = app.button(key="story-save").click().run()  # saved as it was opened: the same story
    assert not errors(app)
    assert story_record(data, "uzbekistan-between-moscow-and-washington") == before
    assert (data / "stories" / "uzbekistan-between-moscow-and-washington.yaml").read_text(encoding="utf-8").startswith(
        "# A story: the briefer's steps through the years")  # the file's opening comments kept

