"""Where the project's files are: the checkout this package sits in, worked out once.

The data, the served scripts, the benchmark, the deploy recipe and the tests all find their files
from here, so moving a folder means changing one line, not one in every module that reads it.
"""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# ATLAS_DATA points the app and the command line at another data folder (a copy being curated, a test's).
DATA = Path(os.environ["ATLAS_DATA"]) if os.environ.get("ATLAS_DATA") else ROOT / "data"
STATIC = ROOT / "static"
# The map's player in the browser: its parts, in the order they run (each needs only parts before it).
PLAYER_PARTS = tuple(STATIC / "player" / f"{name}.js" for name in (
    "define", "contract", "sync", "timing", "layout", "view", "countries", "draw", "panel", "mount"))


def player_script() -> str:
    """The app's own player, its parts byte for byte in the order they run, as one script: what the
    served pages and the offline files run."""
    return "\n".join(part.read_text(encoding="utf-8") for part in PLAYER_PARTS)


def served(path: Path) -> str:
    """Where the app's server serves a file of static/ (Streamlit's static serving), from the page's folder."""
    return "app/static/" + path.relative_to(STATIC).as_posix()
