"""Documents that must stay true to the code and the data."""
import re

from geo.docs import data_readme
from geo.paths import ROOT


def test_data_readme_is_current(data):
    assert (ROOT / "data" / "README.md").read_text(encoding="utf-8") == data_readme(data), (
        "data/README.md is stale: run `python -m geo docs`")


def test_data_readme_names_every_record_and_inferred_date(data):
    text = data_readme(data)
    for record in [*data.relations, *data.events, *data.sources.values()]:
        assert f"`{record.id}`" in text
    assert "Acting Uzbekistani President" in text


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^\s{4}(make \w+)", readme, re.M)
    assert commands[:2] == ["make run", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
