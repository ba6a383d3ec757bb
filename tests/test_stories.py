"""Stories: each kind of broken step is one line naming the file, its line and the step; the shipped
story stands on the records; it exports as an offline HTML file and a PDF, a page a step."""
import re
import subprocess
import sys

import pytest
from pypdf import PdfReader

from geo.__main__ import run
from geo.dataset import load
from geo.paths import player_script
from geo.paths import ROOT
from geo.curation import CurationError, save_story
from geo.stories import FilterChoice, QuoteChoice, StepRecord, StoryRecord, key_moment_story
from geo.timeline import key_moments
from test_validate import edit

STORY = "uzbekistan-between-moscow-and-washington"
FILE = f"stories/{STORY}.yaml"

# (name, text to replace, replacement, expected "step N: field: message", offset of the reported line from the
# replacement's first line; None: any line)
BROKEN = [
    ("year-out-of-range", "  - year: 1999\n", "  - year: 1985\n", r"step 2: year: 1985 lies outside 1991–2030", 0),
    ("unknown-state", "    state: UZB\n    filter: {kinds: [basing, consultation_pact]}", "    state: XYZ\n    filter: {kinds: [basing, consultation_pact]}",
     r"step 3: state: no focal state 'XYZ': one of KAZ, KGZ, TJK, TKM, UZB, all", 0),
    ("tie-not-yet-holding", "  - year: 2002\n", "  - year: 2000\n",
     r"step 3: focus: atop-4998 does not hold in 2000 \(12 Mar 2002 – no end reported\)", 3),
    ("tie-already-ended", "  - year: 2012\n", "  - year: 2013\n",
     r"step 8: focus: atop-4220-2-uzb does not hold in 2013 \(17 Aug 2006 – 28 Jun 2012\)", 3),
    ("tie-of-another-state", "    state: UZB\n    filter: {kinds: [basing, consultation_pact]}", "    state: KAZ\n    filter: {kinds: [basing, consultation_pact]}",
     r"step 3: focus: atop-4998 is not on Kazakhstan's map", 2),
    ("no-such-record", "focus: atop-4998", "focus: atop-9999", r"step 3: focus: no tie or event atop-9999", 0),
    ("event-of-another-year", "focus: andijan-2005", "focus: independence-1991",
     r"step 4: focus: independence-1991 happened in 1991, not 2005", 0),
    ("quote-of-another-source", "      - source: atop-sheet-4998\n", "      - source: alliance-treaty-2005\n",
     r"step 3: quotes\[0\]: atop-4998 quotes nothing from alliance-treaty-2005", 0),
    ("quote-not-found", "begins: Mr. Karimov came to Moscow", "begins: Mr. Putin came to Moscow",
     r"step 6: quotes\[0\]: no quote of uzb-rus-alliance-2005 from alliance-treaty-2005 begins 'Mr. Putin came to "
     r"Moscow'", -1),
    ("quote-ambiguous", "        begins: “Recognizing that the security\n", "",
     r"step 3: quotes\[0\]: atop-4998 quotes atop-sheet-4998 5 times: say which with `begins`", -1),
    ("quotes-without-focus", "    focus: atop-4998\n", "", r"step 3: quotes: a quote is one of the focused tie's", None),
    ("filter-hides-focus", "    filter: {evidence: news}\n    focus: uzb-usa-basing-2001",
     "    filter: {evidence: atop}\n    focus: uzb-usa-basing-2001",
     r"step 5: filter: the filter hides uzb-usa-basing-2001, the tie in focus", 0),
    ("unknown-kind", "    filter: {evidence: news}\n    focus: andijan-2005",
     "    filter: {kinds: [friendship]}\n    focus: andijan-2005", r"step 4: filter\.kinds\[0\]: Input should be", 0),
    ("unknown-field", "    heading: Out of the treaty\n", "    heading: Out of the treaty\n    colour: red\n",
     r"step 2: colour: unknown field", 1),
    ("missing-words", "    text: ATOP's coding sheet records Uzbekistan leaving the organisation on 28 June 2012.\n", "",
     r"step 8: text: Field required", None),
]


@pytest.mark.parametrize("name, old, new, expected, offset", BROKEN, ids=[b[0] for b in BROKEN])
def test_each_broken_step_is_one_line(data_copy, capsys, name, old, new, expected, offset):
    line = edit(data_copy / FILE, old, new)
    assert run(["--data", str(data_copy), "validate"]) == 1
    lines = [l for l in capsys.readouterr().err.splitlines() if l.startswith("data/")]
    assert len(lines) == 1, lines
    where = rf"^data/{re.escape(FILE)}:{line + offset if offset is not None else r'[0-9]+'}: "
    assert re.match(where + expected, lines[0]), lines[0]


def test_a_story_that_is_not_yaml_or_not_a_story_is_one_line(data_copy, capsys):
    (data_copy / "stories" / "broken.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    (data_copy / "stories" / "Not_An_Id.yaml").write_text("title: x\n", encoding="utf-8")
    (data_copy / "stories" / "no-steps.yaml").write_text("title: x\nauthor: y\nsteps: []\n", encoding="utf-8")
    assert run(["--data", str(data_copy), "validate"]) == 1
    lines = sorted(l for l in capsys.readouterr().err.splitlines() if l.startswith("data/"))
    assert len(lines) == 3, lines
    assert lines[0].startswith("data/stories/Not_An_Id.yaml:1: (file): (file): a story's file name is its id")
    assert lines[1].startswith("data/stories/broken.yaml:2: (file): (yaml): not valid YAML")
    assert lines[2].startswith("data/stories/no-steps.yaml:3: no-steps: steps: List should have at least 1 item")


def test_the_shipped_story_stands_on_the_records(data):
    story = data.stories[STORY]
    assert len(story.steps) >= 6
    assert min(s.year for s in story.steps) <= 1992 and max(s.year for s in story.steps) >= 2025
    everything = data.focused("all")
    for step in story.steps:
        record = everything.relation(step.focus) or everything.event(step.focus)
        assert step.quotes and all(quote in record.quotes for quote in step.quotes)
        assert step.note and step.caption is None  # the briefer's words, never a caption of the atlas's


def test_the_key_moments_are_the_default_story(data):
    story = key_moment_story(data)
    moments = key_moments(data)
    assert [s.year for s in story.steps] == [m.year for m in moments]
    assert all(s.note is None and s.caption == m.caption and s.quotes == (m.quote,)
               for s, m in zip(story.steps, moments))


def test_a_story_is_written_whole_only_when_it_passes(data_copy):
    good = StoryRecord(title="Two treaties", author="A. Briefer", steps=[
        StepRecord(year=2005, state="UZB", filter=FilterChoice(evidence="news"), focus="uzb-rus-alliance-2005",
                   heading="Moscow", text="My words.",
                   quotes=[QuoteChoice(source="alliance-treaty-2005", begins="Mr. Karimov came")])])
    save_story(data_copy, "two-treaties", good, editor="a.briefer")
    assert load(data_copy).stories["two-treaties"].steps[0].quotes[0].text.startswith("Mr. Karimov came to Moscow")
    bad = good.model_copy(update={"steps": [good.steps[0].model_copy(update={"year": 1999})]})
    with pytest.raises(CurationError) as refused:
        save_story(data_copy, "two-treaties", bad, editor="a.briefer")
    assert str(refused.value) == ("data/stories/two-treaties.yaml:8: step 1: focus: uzb-rus-alliance-2005 "
                                  "does not hold in 1999 (14 Nov 2005 – no end reported)")
    assert load(data_copy).stories["two-treaties"].steps[0].year == 2005  # the good file, left as it was


def export(*args):
    return subprocess.run([sys.executable, "-m", "geo", "export", *args], cwd=ROOT, capture_output=True, text=True)


def test_the_story_exports_as_one_offline_html_file(tmp_path):
    done = export("--story", STORY, "--format", "html", "--output", str(tmp_path / "story.html"))
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "story.html").read_text(encoding="utf-8")
    assert f"<script>{player_script()}</script>" in html  # the app's own player, not a copy of it
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", re.sub(r"<script>.*?</script>", "", html, flags=re.S))
    assert "Briefer's note" in html and "Out of the CSTO again" in html
    assert "Mr. Karimov came to Moscow to sign" in html


def test_the_story_exports_as_a_pdf_page_a_step(data, tmp_path):
    done = export("--story", STORY, "--format", "pdf", "--output", str(tmp_path / "story.pdf"))
    assert done.returncode == 0, done.stderr
    reader = PdfReader(tmp_path / "story.pdf")
    steps = data.stories[STORY].steps
    assert len(reader.pages) == len(steps) + 1  # and last, the sources' citations
    sixth = " ".join(reader.pages[5].extract_text().split())
    assert "An alliance treaty with Russia — 2005" in sixth and "BRIEFER'S NOTE" in sixth
    assert "Mr. Karimov came to Moscow to sign" in sixth and "ATOP coding sheet, alliance 5075" in sixth


@pytest.mark.parametrize("args, words", [
    (["--story", "no-such-story", "--format", "html", "--output", "x.html"], "--story: no story 'no-such-story'"),
    (["--story", STORY, "--format", "json"], "--story is for html, pdf, not --format json"),
    (["--story", STORY, "--year", "2005", "--format", "html", "--output", "x.html"], "drop --year"),
    (["--format", "json"], "required: --year (or --story ID)"),
])
def test_a_bad_story_call_is_one_line_and_exit_2(args, words, tmp_path):
    done = subprocess.run([sys.executable, "-m", "geo", "export", *args], cwd=tmp_path, capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT)})
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and words in done.stderr, done.stderr
    assert not list(tmp_path.iterdir())


MARKUP = '<script>alert(1)</script><a href="https://evil.example/">x</a> **bold** </script><!--'


def test_a_briefers_words_are_text_in_every_output(data_copy):
    """Markup in a story's title, heading or words is printed as text, in the app's step and the offline file."""
    from geo.handouts import story_html
    from geo.stories import step_html
    record = StoryRecord(title=MARKUP, author=MARKUP, description=MARKUP, steps=[
        StepRecord(year=2005, state="UZB", focus="andijan-2005", heading=MARKUP, text=MARKUP,
                   quotes=[QuoteChoice(source="rabbimov-allies-2025")])])
    save_story(data_copy, "hostile", record, editor="a.briefer")
    data = load(data_copy)
    story = data.stories["hostile"]
    step = step_html(data, story.steps[0])
    assert "<script>" not in step and "evil.example/\">" not in step and "&lt;script&gt;" in step
    offline = story_html(data, story)
    assert "<script>alert" not in offline and "<!--" not in offline.split("<script>", 1)[0]
    assert 'href="https://evil' not in offline
