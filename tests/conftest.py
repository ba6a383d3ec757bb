import shutil
from pathlib import Path

import pytest

from geo.dataset import Dataset, load
from geo.paths import DATA



@pytest.fixture(scope="session")
def data() -> Dataset:
    return load()


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A scratch copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target
