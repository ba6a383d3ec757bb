import shutil
from pathlib import Path

import pytest

from deploy.live_server import serving
from geo.dataset import Dataset, load
from geo.paths import DATA


@pytest.fixture(scope="session")
def node() -> str:
    """Node.js, which runs the player's parts outside the browser (`make test` installs it)."""
    path = shutil.which("node")
    if path is None:
        pytest.fail("node is not installed: `make test` installs it (Debian: apt-get install nodejs)")
    return path


@pytest.fixture(scope="session")
def data() -> Dataset:
    return load()


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A scratch copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """The app as `make run` serves it, shared by the tests that speak its protocol: (url, process)."""
    with serving(tmp_path_factory.mktemp("served")) as (url, process):
        yield url, process
