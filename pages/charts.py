"""The charts of the Timeline, Countries and Fergana pages, drawn by a component of the app's own
(pages/atlas_chart.js) with the app's Plotly, not by st.plotly_chart.

st.plotly_chart encodes the whole figure and sends it on every run: most of a slider step's cost.
Here a figure is encoded once per server (pages/cache.py) and named by a hash of its JSON; a session
sends it to the browser the first time it shows it, and after that its name alone. What a timeline
says of the year (its rule, the rule's label, the title) goes as Plotly relayout keys, which the
browser applies to the chart it has drawn: a step draws nothing anew. Should the browser lack a
figure it is named (a new page load of the same session), it says so and the next run sends it.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import streamlit as st

from geo.viewstate import clicked_ids
from pages.components import atlas_chart

_SENT = "_charts_sent"  # in the session: the ids of the figures sent to the browser


@dataclass(frozen=True)
class Chart:
    id: str
    json: str


def encoded(figure: dict) -> Chart:
    text = json.dumps(figure, separators=(",", ":"))
    return Chart(hashlib.sha1(text.encode()).hexdigest()[:16], text)


def chart(figure: Chart, key: str, marks: dict | None = None, clicks: bool = False, static: bool = False) -> list[str]:
    """Draw `figure`, with `marks` (relayout keys) for the year; return the ids of the bars or marks
    a click picked (with `clicks`)."""
    sent = st.session_state.setdefault(_SENT, set())
    options = {"id": figure.id, "marks": marks, "clicks": clicks,
               "config": {"displaylogo": False, "responsive": True, "staticPlot": static}}
    data = json.dumps(options, separators=(",", ":"))
    if figure.id not in sent:
        sent.add(figure.id)
        data = f'{data[:-1]},"figure":{figure.json}}}'
    callbacks = {"on_missing_change": lambda: _missing(key)}
    if clicks:
        callbacks["on_clicked_change"] = lambda: None
    shown = atlas_chart(data.encode(), key=key, **callbacks)
    return clicked_ids(getattr(shown, "clicked", None)) if clicks else []


def _missing(key: str) -> None:
    state = st.session_state.get(key)
    missing = getattr(state, "missing", None) if state is not None else None
    if isinstance(missing, str):
        st.session_state.setdefault(_SENT, set()).discard(missing)
