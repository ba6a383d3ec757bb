"""Exports a reader carries away: images, the offline HTML briefing, the PDF pack."""
import json
import re
import subprocess
import sys

import pytest
from pypdf import PdfReader

from geo.paths import PLAYER_PARTS, ROOT
from geo.timeline import key_moments


def export(tmp_path, fmt, year="2005", data_dir=None):
    target = tmp_path / f"out.{fmt}"
    data = ["--data", str(data_dir)] if data_dir else []
    done = subprocess.run([sys.executable, "-m", "geo", *data, "export", "--year", year, "--format", fmt, "--output",
                           str(target)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return target


def test_png_is_an_image_of_the_year(tmp_path):
    data = export(tmp_path, "png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000


def test_svg_names_the_year_and_its_sources(tmp_path):
    svg = export(tmp_path, "svg", "2027").read_text()
    assert "security ties, 2027 — projection" in svg
    assert "Sources: 5 archived news texts and ATOP 5.1" in svg


@pytest.fixture(scope="module")
def briefing(tmp_path_factory):
    return export(tmp_path_factory.mktemp("html"), "html", "2016").read_text(encoding="utf-8")


def test_html_briefing_is_self_contained(briefing):
    markup = re.sub(r"<script>.*?</script>", "<script></script>", briefing, flags=re.S)
    assert "<script></script>" in markup  # plotly.js and the data are inline
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", markup)
    assert "<link" not in markup and "@import" not in markup and "<script src" not in briefing


def test_html_briefing_holds_every_year_and_escaped_quotes(briefing):
    for year in range(1991, 2031):
        assert f'"{year}":' in briefing
    assert "Alliance relations between Uzbekistan and Kazakhstan were established on December 22, 2022." in briefing
    assert "\\u003c/div\\u003e" in briefing and "</div>\"" not in briefing  # no '</' can close the data script


# A title a careless curator might write: 250 characters, with markup that must print as text.
LONG_TITLE = ('US troops <a href="https://evil.example/">stationed</a> in Uzbekistan <!--<script> ' * 4)[:250]


def test_pdf_pack_has_a_page_per_key_moment(data, data_copy, tmp_path):
    relations = data_copy / "relations.yaml"
    relations.write_text(relations.read_text(encoding="utf-8").replace(
        "title: US troops stationed in Uzbekistan", f"title: {json.dumps(LONG_TITLE)}"), encoding="utf-8")
    reader = PdfReader(export(tmp_path, "pdf", data_dir=data_copy))
    moments = key_moments(data)
    assert len(reader.pages) == len(moments) + 1  # and last, the sources' citations and terms
    assert "Sources and how to cite them" in reader.pages[-1].extract_text()
    first = reader.pages[0].extract_text()
    assert "1991" in first and "Uzbekistan achieved state independence in 1991" in first.replace("\n", " ")
    every_page = "".join("".join(page.extract_text().split()) for page in reader.pages)
    assert "".join(LONG_TITLE.split()) in every_page  # whole, and the markup printed as text


def test_binary_formats_need_an_output_path():
    done = subprocess.run([sys.executable, "-m", "geo", "export", "--year", "2005", "--format", "png"], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 2 and done.stderr.strip().count("\n") == 0 and "--output" in done.stderr


def test_html_briefing_runs_the_apps_own_player_byte_for_byte(briefing):
    parts = [part.read_text(encoding="utf-8") for part in PLAYER_PARTS]
    assert f"<script>{chr(10).join(parts)}</script>" in briefing  # every part, in the order they run
    assert not any("</script" in part.lower() for part in parts)  # none could be inlined if it closed its element
