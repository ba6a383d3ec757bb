"""Where the project's files are: the checkout this package sits in, worked out once.

The data, the served scripts, the benchmark, the deploy recipe and the tests all find their files
from here, so moving a folder means changing one line, not one in every module that reads it.
"""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
STATIC = ROOT / "static"
