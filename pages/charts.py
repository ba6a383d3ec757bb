"""Streamlit's chart element for the figures geo draws, without checking them again on every step.

Given a plain dict, st.plotly_chart builds a plotly Figure from it to check every property (20–40 ms
for the timeline, most of a slider step); given a Figure, it takes the Figure's own dict as checked.
The pages' figures are built by geo.charts and geo.figures, and tests/test_pages.py checks that each
kind passes plotly's check; so they go as they are, neither checked nor copied again.
"""
from __future__ import annotations

import streamlit as st
from plotly.basedatatypes import BaseFigure


class _Checked(BaseFigure):
    """A figure dict that plotly has already accepted, handed on as it is."""

    def __init__(self, figure: dict):  # no Figure of thousands of checked objects: the dict alone
        self._figure = figure

    def to_dict(self) -> dict:
        return self._figure


def plotly_chart(figure: dict, **options):
    return st.plotly_chart(_Checked(figure), **options)
