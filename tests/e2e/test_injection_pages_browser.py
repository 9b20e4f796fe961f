"""Issue 12 point 6 on every page, in a real headless Chromium: a workbook whose every
free-text field holds markup (tests/injection_workbook.py: Markdown images and links, HTML,
KaTeX, emoji, colour directives, icons, headings, autolinks, Plotly templates), uploaded by a
user whose name is markup, read by a user signed in under such a name, with a composed
question of such texts, and uploaded again under such a file name.

Every page (Overzicht; Gemeenten with a profile open; Trajecten with a trajectory's details
open; Budget; Evaluatie; Parlementaire vragen with the composed question; Opladen with the
preview and its warnings; Versies; Auditlog) and every Herkomst dialog on them is visited.
The test fails on any request to the local recording server the strings name, on any
image, link, KaTeX, icon or <b> rendered inside Streamlit's Markdown, on any link inside a
chart, and checks that the literal text is shown where it belongs (charts: their SVG text).
Screenshots go to tests/artifacts/injectie-*.png.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import APP_TIMEOUT_MS, LOCALE
from tests.e2e.injections import page_injections
from tests.e2e.recorder import Recorder
from tests.e2e.signin import serve, sign_in
from tests.e2e.streamlit_page import main, wait_for_app
from tests.injection_workbook import REQUESTING, injection_workbook
from ui.text import JOINER
from wisselaar.auth import hash_password
from wisselaar.ingest import import_workbook
from wisselaar.questions import NO_BLOCK, Block, Question, save_question
from wisselaar.settings import Settings

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]
TALL = {"width": 1400, "height": 3000}
PASSWORD = "injectie-test-wachtwoord"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Inside Streamlit's Markdown (text, captions, messages, labels, tabs, expanders, dialogs):
# what markup from the data would have become. Headings' own "#" anchors are no links.
RENDERED = {
    "image": "img",
    "link": "a:not([href^='#'])",
    "KaTeX": ".katex",
    "icon": "[data-testid='stIconMaterial']",
    "HTML bold": "b",
}


def names(base: str) -> dict[str, str]:
    """The user names, headers, sheet and file names of the test: markup, each its own."""
    return {
        "uploader": f"![wie]({base}/wie.png) $x^2$",
        "account": f"[wie]({base}/wie) :smile: <b>wie</b>",
        "file": f"[bestand]({base}/bestand) **b**.xlsx",
        "refused": f"<img src={base}/geweigerd.png>.xlsx",
    }


EXTRA_COLUMNS = {
    "Trajecten": ["<img src={base}/kolom.png>", "[kolom]({base}/kolom)"],
    "Budget": ["$y^2$ :red[kolom] :material/home:"],
}
EXTRA_SHEETS = ["![blad]({base}/blad.png)", '<a href="{base}/blad">blad</a>', "# blad :smile:"]


def extras(base: str) -> tuple[dict[str, list[str]], list[str]]:
    columns = {k: [c.format(base=base) for c in v] for k, v in EXTRA_COLUMNS.items()}
    return columns, [s.format(base=base) for s in EXTRA_SHEETS]


@pytest.fixture(scope="module")
def site(chromium: str, recorder: Recorder, tmp_path_factory) -> Iterator[dict]:
    folder = tmp_path_factory.mktemp("injectie")
    base, db = recorder.url, folder / "injectie.duckdb"
    strings, who = page_injections(base), names(base)
    columns, sheets = extras(base)
    workbook = injection_workbook(
        folder / "werkmap.xlsx", strings, extra_columns=columns, extra_sheets=sheets
    )
    settings = dataclasses.replace(Settings.from_env(db), load_sample=False)
    assert import_workbook(settings, workbook, user=who["uploader"]).accepted
    question = Question(
        strings[1],
        dt.date.today(),
        strings[2],
        ministers=(strings[3],),
        onderwerp=strings[4],
        blokken=(Block("v2", strings[0]), Block(NO_BLOCK, strings[5])),
    )
    save_question(settings, question, who["uploader"])
    secrets = folder / "secrets.toml"  # a TOML key in quotes may hold any of these characters
    secrets.write_text(
        f"[wisselaar.accounts.{json.dumps(who['account'])}]\n"
        f'role = "beheer"\npassword_hash = "{hash_password(PASSWORD)}"\n',
        encoding="utf-8",
    )
    with serve(folder, db, secrets) as url:
        yield {"url": url, "base": base, "strings": strings, "who": who, "workbook": workbook}


@pytest.fixture
def page(browser, site: dict, recorder: Recorder) -> Iterator[object]:
    """A fresh browser context; afterwards, nothing may have asked the recording server."""
    context = browser.new_context(
        locale=LOCALE, viewport=TALL, accept_downloads=True, base_url=site["url"]
    )
    context.set_default_timeout(APP_TIMEOUT_MS)
    page = context.new_page()
    recorder.paths.clear()  # each test answers for its own requests
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if r.url.startswith(recorder.url) else None)
    try:
        yield page
    finally:
        context.close()
    assert asked == [] and recorder.paths == [], (asked, recorder.paths)


def visit(page, site: dict, path: str, artifacts: Path) -> str:
    """Opens `path`, signing in under the account's name (a fresh load is a new session);
    checks that nothing was rendered; returns the page's text as a reader sees it."""
    page.goto(path)
    wait_for_app(page)
    if main(page).locator("h1").inner_text().strip() == "Aanmelden":
        sign_in(page, site["who"]["account"], PASSWORD)
    name = path.strip("/").split("?")[0] or "overzicht"
    page.screenshot(path=str(artifacts / f"injectie-{name}.png"), full_page=True)
    return checked(page, site)


def checked(page, site: dict) -> str:
    """The text of the page (dialogs included) with nothing rendered from the data in it."""
    body = page.locator("body")
    for what, selector in RENDERED.items():
        found = body.locator(f"[data-testid='stMarkdownContainer'] {selector}")
        assert found.count() == 0, (what, found.first.evaluate("e => e.outerHTML"))
    charts = body.locator(".js-plotly-plot")
    assert charts.locator("a").count() == 0, "a link inside a chart"
    text = body.inner_text().replace(JOINER, "")
    assert "😄" not in text  # :smile: stays a word
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text().replace(JOINER, "")
    assert f"Aangemeld als {site['who']['account']} (beheer)" in sidebar, sidebar
    return text


def svg_texts(page, chart: int) -> list[str]:
    plot = main(page).locator('[data-testid="stPlotlyChart"]').nth(chart)
    return [t.strip() for t in plot.locator("svg text").all_text_contents()]


def every_herkomst(page, site: dict) -> list[str]:
    """Opens every Herkomst dialog of the page in turn (a button in a tab that is not shown
    first gets its tab shown); checks each; returns the dialogs' texts. The tables behind the
    charts are drawn only while their tab is open (ui/charts.show): each is opened first."""
    tables = main(page).get_by_role("tab", name="Tabel", exact=True)
    for index in range(tables.count()):
        tables.nth(index).click()
        wait_for_app(page)
    keys = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stMain"] [class*="st-key-"]')]
        .flatMap(e => [...e.classList]).filter(c => /^st-key-.*_herkomst$/.test(c))"""
    )
    assert keys, "no Herkomst button on the page"
    texts = []
    for key in dict.fromkeys(keys):
        holder = main(page).locator(f".{key}")
        if not holder.is_visible():
            inner = page.locator(f".{key}")  # `has` is looked for inside each candidate
            tabs = main(page).locator('[data-testid="stTabs"]').filter(has=inner).last
            index = holder.evaluate(
                """e => { const panel = e.closest('[data-testid="stTabPanel"]');
                const all = ':scope > [data-testid="stTabPanel"]';
                return [...panel.parentElement.querySelectorAll(all)].indexOf(panel); }"""
            )
            tabs.get_by_role("tab").nth(index).click()
        holder.get_by_role("button").click()
        dialog = page.get_by_role("dialog")
        dialog.wait_for()
        wait_for_app(page)
        texts.append(dialog.inner_text().replace(JOINER, ""))
        checked(page, site)
        page.keyboard.press("Escape")
        dialog.wait_for(state="hidden")
        wait_for_app(page)
    return texts


def test_overzicht_gemeenten_budget_and_evaluatie_show_the_data_as_text(page, site, artifacts):
    strings, who = site["strings"], site["who"]
    text = visit(page, site, "/", artifacts)
    assert f"Nieuwste versie opgeladen door {who['uploader']}." in text
    stand = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').nth(1)
    stand.click()
    options = page.get_by_role("option").all_inner_texts()
    assert any(f"({who['uploader']})" in o for o in options), options  # a plain-text list
    page.keyboard.press("Escape")
    assert len(every_herkomst(page, site)) >= 10  # nine cards and the quarters' table

    text = visit(page, site, "/gemeenten?gemeente=44021", artifacts)
    assert "Gent (NIS 44021, provincie Oost-Vlaanderen): aanbiedend" in text
    titles = every_herkomst(page, site)
    assert any("Herkomst: Gent: Trajecten" in t for t in titles), titles

    text = visit(page, site, "/budget", artifacts)
    ticks = svg_texts(page, 0)
    for value in strings:
        assert f"2022 {value}" in ticks, (value, ticks)
        assert f"2022 {value}: € 100.000,00 beschikbaar" in text, value  # the chart's text
    assert len(every_herkomst(page, site)) == 3

    visit(page, site, "/evaluatie", artifacts)
    assert len(every_herkomst(page, site)) == 6


def test_trajecten_with_a_trajectorys_details_show_the_data_as_text(page, site, artifacts):
    strings = site["strings"]
    visit(page, site, "/trajecten", artifacts)
    ticks = svg_texts(page, 5)  # the timeline: one row per trajectory, named by its ID
    assert all(value in ticks for value in strings), ticks
    grid = main(page).locator('[data-testid="stDataFrame"]').last
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)  # the first row's selection box
    page.wait_for_timeout(500)
    wait_for_app(page)
    text = checked(page, site)
    page.screenshot(path=str(artifacts / "injectie-traject.png"), full_page=True)
    chosen = [v for v in strings if f"{v}: van Gent naar {REQUESTING} (mentoring" in text]
    assert len(chosen) == 1, text
    titles = every_herkomst(page, site)
    assert any(f"Herkomst: Geld van traject {chosen[0]}" in t for t in titles), titles
    assert len(titles) == 10  # four counts, flows, timeline, list; money, experts, evaluations


def test_a_composed_question_of_such_texts_shows_them_as_text(page, site, artifacts):
    strings, who = site["strings"], site["who"]
    text = visit(page, site, "/vragen", artifacts)
    listed = main(page).locator('[data-testid="stTable"]').inner_text().replace(JOINER, "")
    for value in strings[1], strings[2], strings[4]:  # number, member, subject
        assert value in listed, (value, listed)
    main(page).get_by_role("combobox", name="Vraag").click()
    page.get_by_role("option", name="Vraag 1: nr.").click()
    wait_for_app(page)
    text = checked(page, site)
    assert f"Bewaard door {who['uploader']} op" in text, text
    form = main(page).locator('[data-testid="stForm"]')
    assert form.get_by_label("Nummer", exact=True).input_value() == strings[1]
    assert form.get_by_label("Onderwerp", exact=True).input_value() == strings[4]
    main(page).locator(".st-key-maak_vraag").get_by_role("button").click()
    page.wait_for_timeout(500)
    wait_for_app(page)
    assert "Gemaakt met de gegevens van" in checked(page, site)
    page.screenshot(path=str(artifacts / "injectie-vraag.png"), full_page=True)


def upload(page, name: str, data: bytes) -> None:
    chooser = page.locator('[data-testid="stFileUploader"] input[type="file"]')
    chooser.set_input_files({"name": name, "mimeType": XLSX, "buffer": data})
    page.wait_for_timeout(500)
    wait_for_app(page)


def test_an_upload_under_such_a_name_then_versies_and_the_auditlog(page, site, artifacts, tmp_path):
    strings, who = site["strings"], site["who"]
    columns, sheets = extras(site["base"])
    visit(page, site, "/opladen", artifacts)
    refused = injection_workbook(tmp_path / "leeg.xlsx", [], extra_sheets=sheets[:1])
    upload(page, who["refused"], refused.read_bytes())
    assert f"De werkmap {who['refused']} is geweigerd" in checked(page, site)

    upload(page, who["file"], site["workbook"].read_bytes())
    text = checked(page, site)
    page.screenshot(path=str(artifacts / "injectie-opladen.png"), full_page=True)
    assert f"De werkmap {who['file']} is geldig" in text
    for header in (h for headers in columns.values() for h in headers):
        assert f"de kolom '{header}' is niet gekend" in text, header
    for sheet in sheets:
        assert f"Blad '{sheet}': dit blad is geen gekend blad" in text, sheet
    assert f"aan traject '{strings[0]}' is in totaal € 61.000,00 toegekend" in text
    assert f"voor traject '{strings[1]}' is meer uitbetaald" in text
    page.get_by_role("button", name="Bevestig en bewaar als nieuwe versie").click()
    page.wait_for_timeout(500)
    wait_for_app(page)
    assert f"Versie 2 is bewaard ({who['file']})" in checked(page, site)

    visit(page, site, "/versies", artifacts)
    older, newer = (  # labels of a select box are plain text
        main(page).get_by_role("combobox", name=name, exact=True).input_value()
        for name in ("Van versie", "Naar versie")
    )
    assert older.endswith(f"({who['uploader']})") and newer.endswith(f"({who['account']})")
    visit(page, site, "/audit", artifacts)
    text = visit(page, site, "/", artifacts)
    assert f"Nieuwste versie opgeladen door {who['account']}." in text
