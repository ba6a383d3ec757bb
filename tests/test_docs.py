"""Documents that must stay true to the code and the data."""
import re

from geo.atlas import REGION
from geo.docs import data_readme
from geo.paths import ROOT


def test_data_readme_is_current(data):
    assert (ROOT / "data" / "README.md").read_text(encoding="utf-8") == data_readme(data.focused(REGION)), (
        "data/README.md is stale: run `python -m geo docs`")


def test_data_readme_names_every_record_and_inferred_date(data):
    everything = data.focused(REGION)
    text = data_readme(everything)
    for record in [*everything.relations, *everything.events, *everything.sources.values()]:
        assert f"`{record.id}`" in text
    assert "Acting Uzbekistani President" in text


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^\s{4}(make \w+)", readme, re.M)
    assert commands[:2] == ["make run", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_readme_describes_every_module():
    """The Architecture section names each module of geo/ and each helper of pages/ on a line of its own."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    described = set(re.findall(r"^  (\w+)\s{2,}\S", readme, re.M))
    pages = {page.removeprefix("pages/").removesuffix(".py") for page in re.findall(r'st\.Page\("([^"]+)"',
             (ROOT / "app.py").read_text(encoding="utf-8"))}
    modules = {path.stem for folder in ("geo", "pages") for path in (ROOT / folder).glob("*.py")
               if not path.stem.startswith("_") and path.stem not in pages}
    assert sorted(modules - described) == []
