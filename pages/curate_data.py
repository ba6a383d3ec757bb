"""What the curation page reads: the dataset of each version of the data folder, and the two maps of a
draft's first year (today's, and with the draft saved)."""
from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from geo import curation, safe
from geo.atlas import REGION
from geo.dataset import Dataset, load
from geo.figures import Scale, map_figure
from geo.records import DataError
from geo.timeline import year_state

@st.cache_resource(show_spinner=False, max_entries=4)
def _dataset(folder: str, version: str) -> Dataset:
    return load(Path(folder)).focused(REGION)


def dataset_or_stop(folder: Path, version: str) -> Dataset:
    try:
        return _dataset(str(folder), version)
    except DataError as exc:
        st.error(f"The data in {safe.markdown(str(folder))} has {len(exc.problems):,} problem(s); nothing can be "
                 f"added until they are fixed (`python -m geo validate` lists them). The first: "
                 f"{safe.markdown(str(exc.problems[0]))}")
        st.stop()


@st.cache_resource(show_spinner=False, max_entries=8)
def draft_maps(folder: str, version: str, draft: curation.TieDraft, focus: str, year: int) -> tuple[dict, dict]:
    """The map of `year` as the data stands, and as it would stand with the draft saved: the draft is
    saved, through the library's own checks, into a linked copy of the folder that is then let go."""
    before = _dataset(folder, version).focused(focus)
    with tempfile.TemporaryDirectory(prefix="atlas-draft-") as scratch:
        copy = curation.linked_copy(Path(folder), Path(scratch))
        curation.add_tie(copy, draft, editor="preview")
        after = load(copy).focused(focus)
    return _small(before, year), _small(after, year)


# Two maps side by side get half the page: the type of a screen's map, scaled to fit, and no legend
# (the Map page has it), so the lines themselves stay in view.
HALF = Scale(title=17, label=11, country=10, legend=10, line=3, marker=8)


def _small(data: Dataset, year: int) -> dict:
    figure = map_figure(data, year_state(data, year), scale=HALF, height=420)
    figure["layout"]["showlegend"] = False
    return figure
