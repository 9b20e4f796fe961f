"""A page for tests/e2e/test_text_browser.py (not an app page): the injection strings of issue 12
point 6 through ui/text into every kind of place that renders markup, as the pages do it.

Run by the test with `streamlit run tests/e2e/text_probe.py`; WISSELAAR_PROBE_URL is the
address of the test's recording server, which must never be asked for anything.
"""

from __future__ import annotations

import os

import plotly.graph_objects as go
import streamlit as st

from tests.e2e.injections import injections
from ui.text import md, plot

STRINGS = injections(os.environ["WISSELAAR_PROBE_URL"])

st.title("Proef")
for i, value in enumerate(STRINGS):
    st.markdown(md(value))
    st.caption(md(value))
    st.metric(label=md(value), value=i)
figure = go.Figure(
    go.Bar(
        y=[plot(v) for v in STRINGS],
        x=list(range(1, len(STRINGS) + 1)),
        orientation="h",
        name=plot(STRINGS[5]),
        customdata=[[plot(v)] for v in STRINGS],
        hovertemplate="%{customdata[0]}<br>" + plot(STRINGS[-1]) + "<extra></extra>",
        text=[plot(v) for v in STRINGS],
        textposition="inside",
    )
)
figure.update_layout(
    title=plot(STRINGS[6]),
    showlegend=True,
    height=900,
    yaxis={"dtick": 1, "automargin": True},
    margin={"l": 20},
)
st.plotly_chart(figure, key="proef")
