"""The curation server (curate.py, what `make curate` serves) driven as an analyst would: sign in, archive
a source, select a passage of it, fill the tie, save, and see the tie on the map; a save made after
another editor's is refused with the form kept; a story's step authored from the map, saved and played on
the Briefing page. And the served app has no editing page at all."""
from __future__ import annotations

import os
import re
import shutil
from contextlib import ExitStack, contextmanager

import pytest
from playwright.sync_api import Page, expect

from conftest import _RECORDER, _RUNS, Runs, expect_map_title, record, screenshot, wait_for_app
from deploy.live_server import ServerFailed, serving
from geo import curation, editors
from geo.paths import DATA

EDITOR, PASSWORD = "Analyst One", "a long enough passphrase"
ARTICLE = ("Uzbekistan and Türkiye deepen defence ties\n\n"
           "TASHKENT -- Uzbekistan and Türkiye signed an agreement on defence cooperation on October 2, "
           "covering joint training and the supply of equipment.\n\n"
           "Comments (0)\n")
PASSAGE = "Uzbekistan and Türkiye signed an agreement on defence cooperation on October 2"


@contextmanager
def _environment(**values):
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture(scope="module")
def curation_server(tmp_path_factory):
    """The curation server on a copy of data/ and an editors file of its own: (url, data folder)."""
    folder = tmp_path_factory.mktemp("curation")
    data = folder / "data"
    shutil.copytree(DATA, data, ignore=lambda _d, names: [n for n in names if n.startswith(".")])
    config = folder / "editors.toml"
    editors.add(config, EDITOR, PASSWORD)
    # The child process takes the environment it starts with; the test process's own is put back at once.
    with ExitStack() as stack:
        with _environment(ATLAS_DATA=str(data), ATLAS_EDITORS=str(config)):
            try:
                url, _process = stack.enter_context(serving(folder, "curate.py"))
            except ServerFailed as exc:
                pytest.fail(str(exc), pytrace=False)
        yield url, data


@pytest.fixture
def editor_page(request, browser, curation_server) -> Page:
    """A page on the curation server; the test fails if it asks any other host or logs a console error."""
    url, _data = curation_server
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    request.node.stash[_RECORDER] = record(page, url)
    _RUNS[page] = Runs(page)
    yield page
    del _RUNS[page]
    page.close()


def sign_in(page: Page, url: str, password: str = PASSWORD) -> None:
    page.goto(url)
    page.get_by_role("textbox", name="Name").fill(EDITOR)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    wait_for_app(page)


def field(page: Page, label: str):
    return page.get_by_role("textbox", name=label, exact=True)


def fill(page: Page, label: str, value: str) -> None:
    """Type into a text field and press Enter (Ctrl+Enter in a text area), which hands Streamlit the value."""
    field(page, label).fill(value)
    field(page, label).press("Enter" if label != "Quote" else "Control+Enter")
    wait_for_app(page)


def choose(page: Page, label: str, option: str) -> None:
    """Pick an option of a select box or multiselect by typing part of its name."""
    page.get_by_role("combobox", name=label).click()
    page.get_by_role("combobox", name=label).fill(option)
    page.get_by_role("option").filter(has_text=option).first.click()
    page.keyboard.press("Escape")  # a multiselect stays open for more
    wait_for_app(page)


def select_passage(page: Page, words: str) -> None:
    """Select `words` in the archived text with the mouse: press at their first character, release at
    their last."""
    box = page.locator(".atlas-passage .atlas-source")
    expect(box).to_contain_text(words)
    ends = box.evaluate("""(box, words) => {
        const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const at = node.data.indexOf(words);
          if (at < 0) continue;
          node.parentElement.scrollIntoView({block: "center"});  // where the mouse can reach it
          const place = (offset) => {
            const r = document.createRange(); r.setStart(node, offset); r.setEnd(node, offset + 1);
            const b = r.getBoundingClientRect(); return [b.left + 1, b.top + b.height / 2];
          };
          return [place(at), place(at + words.length - 1)];
        }
        return null;
    }""", words)
    assert ends, f"{words!r} is not in one piece of the shown text"
    (x0, y0), (x1, y1) = ends
    page.mouse.move(x0, y0)
    page.mouse.down()
    page.mouse.move(x1 + 6, y1, steps=8)
    page.mouse.up()


def open_upload_form(page: Page) -> None:
    """Open "Or archive a new source" unless it is open: a run that moves it on the page (a notice above
    it) may or may not leave it open, and a click on an open one closes it."""
    button = page.get_by_role("button", name="Archive the source")
    if not button.is_visible():
        page.get_by_text("Or archive a new source").click()
    expect(button).to_be_visible()


def fill_tie(page, parties: list[str], kind: str, start: str, title: str) -> None:
    """The tie's fields, then the preview that says the draft can be saved."""
    for party in parties:
        choose(page, "Parties", party)
    choose(page, "Kind", kind)
    fill(page, "Start", start)
    fill(page, "Title of the tie", title)
    expect(page.get_by_text("joins the maps of")).to_be_visible()


def test_an_editor_adds_a_source_and_a_tie_and_sees_it_on_the_map(editor_page, curation_server):
    page, (url, data) = editor_page, curation_server
    sign_in(page, url, "not the password")
    expect(page.get_by_text("Wrong name or password.")).to_be_visible()
    expect(page.get_by_role("heading", name="1. The source")).to_have_count(0)
    sign_in(page, url)
    expect(page.get_by_role("heading", name="1. The source")).to_be_visible()

    open_upload_form(page)
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(
        {"name": "defence-ties.txt", "mimeType": "text/plain", "buffer": ARTICLE.encode()})
    form = page.locator("[data-testid=stForm]")
    form.get_by_role("textbox", name="Headline, as printed").fill("Uzbekistan and Türkiye deepen defence ties")
    form.get_by_role("textbox", name="Publisher (the outlet)").fill("Test Wire")
    form.get_by_role("textbox", name="Published").fill("2026-10-03")
    page.get_by_role("button", name="Archive the source").click()
    wait_for_app(page)
    expect(page.get_by_text(re.compile(r"Archived as uzbekistan-and-t"))).to_be_visible()
    # The same text again: refused in one line, and the form keeps what was typed.
    open_upload_form(page)
    expect(page.get_by_text("defence-ties.txt")).to_be_visible()
    page.get_by_role("button", name="Archive the source").click()
    wait_for_app(page)
    expect(page.get_by_text(re.compile(r"Not archived: the same text is already archived as"))).to_be_visible()
    expect(form.get_by_role("textbox", name="Publisher (the outlet)")).to_have_value("Test Wire")

    select_passage(page, PASSAGE)
    expect(field(page, "Quote")).to_have_value(PASSAGE)
    fill_tie(page, ["Uzbekistan", "Turkey"], "Defence cooperation", "2026-10", "Defence cooperation with Türkiye")
    expect(page.get_by_text("The map of 2026 with this tie")).to_be_visible()
    maps = page.locator("[data-testid=stPlotlyChart] .gtitle")
    expect(maps).to_have_count(2)
    expect(maps.first).to_contain_text("2026")
    page.get_by_role("heading", name="4. What changes").evaluate("heading => heading.scrollIntoView()")
    screenshot(page, "curation_page")

    page.get_by_role("button", name="Save").click()
    wait_for_app(page)
    expect(page.get_by_text(re.compile(r"Saved as uzb-tur-defence-cooperation-2026"))).to_be_visible()
    assert "uzb-tur-defence-cooperation-2026" in (data / "relations.yaml").read_text(encoding="utf-8")
    assert "editor: Analyst One" in (data / "changes.yaml").read_text(encoding="utf-8")

    page.get_by_role("link", name="See it on the map of 2026").click()
    expect_map_title(page, "ties, 2026")
    expect(page.locator(".atlas-panel")).to_contain_text("Defence cooperation with Türkiye")


def test_a_save_after_another_editors_is_refused_and_the_form_kept(editor_page, curation_server):
    page, (url, data) = editor_page, curation_server
    sign_in(page, url)
    choose(page, "Archived source", "Uzbekistan and Kyrgyzstan strengthen security")
    fill(page, "Quote", "Uzbekistan and Kyrgyzstan are striving to co-operate against menaces like extremism "
                        "and terrorism.")
    fill_tie(page, ["Uzbekistan", "Kyrgyzstan"], "Security cooperation", "2016-09", "Working together against extremism")

    # Another editor saves first, from the command line's library.
    other = curation.TieDraft(source="kyrgyz-uzbek-security-2016", quotes=["Both countries' law enforcement agencies "
                              "regularly break up such recruitment."], parties=["UZB", "KGZ"],
                              kind="security_cooperation", start="2016-09", title="Breaking up recruitment together")
    curation.add_tie(data, other, editor="Analyst Two")

    page.get_by_role("button", name="Save").click()
    wait_for_app(page)
    expect(page.get_by_text(re.compile(r"Not saved: the data changed since it was read"))).to_be_visible()
    expect(field(page, "Title of the tie")).to_have_value("Working together against extremism")
    expect(field(page, "Start")).to_have_value("2016-09")
    assert "Working together against extremism" not in (data / "relations.yaml").read_text(encoding="utf-8")

    page.get_by_role("button", name="Take in the newest data").click()
    wait_for_app(page)
    page.get_by_role("button", name="Save").click()
    wait_for_app(page)
    expect(page.get_by_text(re.compile(r"Saved as uzb-kgz-security-cooperation-2016-2\b"))).to_be_visible()


def test_a_step_authored_from_the_map_is_saved_and_played_in_the_briefing(editor_page, curation_server):
    page, (url, data) = editor_page, curation_server
    sign_in(page, url)
    page.get_by_role("link", name="Map", exact=True).click()
    expect_map_title(page, "ties")
    wait_for_app(page)
    choose(page, "State or region", "Kazakhstan")
    expect(page).to_have_url(re.compile(r"state=KAZ"))
    # The export panel, open, names the year the server holds: the map tells the server a year only once
    # it stays put, so the panel saying 1991 is what shows the view has reached it.
    page.get_by_text("Export…").click()
    wait_for_app(page)
    page.locator("#atlas-year").focus()
    page.keyboard.press("Home")
    expect_map_title(page, "1991")
    expect(page.get_by_text("Files of 1991, the year the map shows.")).to_be_visible()
    wait_for_app(page)
    page.get_by_role("button", name="Add this view to a story").click()
    wait_for_app(page)

    expect(page.get_by_role("heading", name="Step 1")).to_be_visible()
    expect(page.get_by_role("spinbutton", name="Year")).to_have_value("1991")
    expect(page.get_by_text("KAZ, focus no tie or event")).to_be_visible()
    fill(page, "Id (its file name)", "kazakhstan-at-independence")
    fill(page, "Title", "Kazakhstan at independence")
    fill(page, "Heading", "Where the record begins")
    field(page, "Text (your words)").fill("The first year the atlas covers, as the sources record it.")
    field(page, "Text (your words)").press("Control+Enter")
    wait_for_app(page)
    expect(page.get_by_text("Preview, as the Briefing page shows it")).to_be_visible()
    page.get_by_role("button", name="Save the story").click()
    wait_for_app(page)
    expect(page.get_by_text(re.compile(r"Saved as kazakhstan-at-independence"))).to_be_visible()
    saved = (data / "stories" / "kazakhstan-at-independence.yaml").read_text(encoding="utf-8")
    assert "year: 1991\n  state: KAZ\n  heading: Where the record begins" in saved
    assert curation.history(data, "kazakhstan-at-independence")[-1].editor == EDITOR

    page.get_by_role("link", name="Play it on the Briefing page").click()
    expect(page).to_have_url(re.compile(r"/briefing\?story=kazakhstan-at-independence&step=1"))
    expect(page.locator(".atlas-moment h2")).to_have_text("Where the record begins")
    expect(page.locator(".atlas-note")).to_contain_text("The first year the atlas covers")


@pytest.mark.parametrize("path", ["/map?year=2016", "/curation", "/sources", "/timeline", "/stories",
                                  "/briefing"])
def test_no_page_of_the_curation_server_opens_before_signing_in(editor_page, curation_server, path):
    page, url = editor_page, curation_server[0]
    page.goto(url + path)
    wait_for_app(page)
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    expect(page.locator(".js-plotly-plot")).to_have_count(0)
    expect(page.get_by_role("heading", name="1. The source")).to_have_count(0)
    expect(page.get_by_role("heading", name="Compose a story")).to_have_count(0)


NO_SUCH_PAGE = "The page that you have requested does not seem to exist. Running the app's main page."


@pytest.mark.parametrize("path", ["/curate", "/curation", "/?page=curate", "/stories"])
def test_the_served_app_has_no_editing_page(request, page, app_url, path):
    page.goto(app_url + path)
    wait_for_app(page)
    expect_map_title(page, "ties")
    expect(page.locator("input[type=password]")).to_have_count(0)
    expect(page.get_by_text("Sign in")).to_have_count(0)
    expect(page.get_by_role("link", name="Curate")).to_have_count(0)
    expect(page.get_by_role("button", name="Add this view to a story")).to_have_count(0)
    # Streamlit says so itself, in the console, for a path no page has: expected here, and only here.
    errors = request.node.stash[_RECORDER].errors
    said = [error for error in errors if error.startswith(NO_SUCH_PAGE)]
    assert len(said) == (path != "/?page=curate")
    errors[:] = [error for error in errors if error not in said]
