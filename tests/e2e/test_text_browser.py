"""ui/text in a real browser (issue 12 point 6): the injection strings, through md() into
st.markdown, st.caption and a metric label and through plot() into a Plotly chart's labels,
bar texts, hover, legend and title, show as the literal text, and the browser fetches nothing
they name (a local server records every request)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.conftest import LOCALE, ROOT, VIEWPORT, serve
from tests.e2e.injections import injections
from tests.e2e.recorder import Recorder
from tests.e2e.streamlit_page import wait_for_app
from ui.text import JOINER


@pytest.fixture(scope="module")
def probe(chromium: str, recorder: Recorder, tmp_path_factory) -> Iterator[object]:
    folder = tmp_path_factory.mktemp("tekst")
    env = {"WISSELAAR_PROBE_URL": recorder.url, "PYTHONPATH": str(ROOT)}
    with serve(folder, folder / "leeg.duckdb", env=env, script="tests/e2e/text_probe.py") as url:
        yield url


def test_injection_strings_show_as_text_and_fetch_nothing(browser, probe, recorder, artifacts):
    context = browser.new_context(locale=LOCALE, viewport=VIEWPORT, base_url=probe)
    requested: list[str] = []
    try:
        page = context.new_page()
        page.on("request", lambda request: requested.append(request.url))
        page.goto("/")
        wait_for_app(page)
        chart = page.locator(".js-plotly-plot")
        chart.hover(position={"x": 400, "y": 150})
        page.wait_for_timeout(500)
        page.screenshot(path=str(artifacts / "tekst-injecties.png"), full_page=True)
        values = injections(recorder.url)
        main = page.get_by_test_id("stMain")

        def texts(test_id: str) -> list[str]:  # what a reader sees (the joiner is invisible)
            found = main.get_by_test_id(test_id).all_inner_texts()
            return [t.replace(JOINER, "").strip() for t in found]

        shown, labels = texts("stMarkdownContainer"), texts("stMetricLabel")
        for value in values:
            assert shown.count(value) == 2, (value, shown)  # st.markdown and st.caption
            assert value in labels, (value, labels)
        svg_texts = chart.locator("text").all_text_contents()
        for value in values:
            assert svg_texts.count(value) >= 2, (value, svg_texts)  # axis label and bar text
        assert values[5] in svg_texts and values[6] in svg_texts  # legend and title
        hover = " ".join(chart.locator(".hoverlayer text").all_text_contents())
        assert "%{y} en %{customdata[0]}" in hover, hover  # the template left it alone
        inside = "[data-testid='stMarkdownContainer']"
        for element in ("img", "a:not([href^='#'])", ".katex", "[data-testid='stIconMaterial']"):
            assert main.locator(f"{inside} {element}").count() == 0, element  # (#: the h1)
        assert chart.locator("a").count() == 0 and chart.locator("b").count() == 0
        assert "😄" not in main.inner_text()
        assert not [u for u in requested if u.startswith(recorder.url)]
        assert recorder.paths == []
    finally:
        context.close()
