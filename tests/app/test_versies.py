"""Versies (AppTest): the rollback form keeps its choice when a rollback is refused, and then
rolls back to the version that was chosen (issue 11, point 4)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app.conftest import BEHEER, as_user
from tests.conftest import FIXTURE, edited_workbook
from wisselaar.ingest import import_workbook
from wisselaar.store import Store, list_versions

APP = str(Path(__file__).resolve().parents[2] / "app.py")
SUBMIT = "FormSubmitter:terugzetten-Zet terug"


def versies_page() -> AppTest:
    app = as_user(AppTest.from_file(APP, default_timeout=60), BEHEER)
    app.run()
    app.switch_page("pages/versies.py").run()
    assert not app.exception, app.exception
    return app


def three_versions(settings, tmp_path: Path) -> None:
    import_workbook(settings, FIXTURE, user="anna")
    for amount in (200000, 300000):
        budget = edited_workbook(
            tmp_path / f"b{amount}.xlsx", [("Budget", "C3", amount)], keep=["Budget"]
        )
        assert import_workbook(settings, budget, user="bert").errors == []


def test_a_refused_rollback_keeps_the_choice_and_then_rolls_back_to_it(settings, tmp_path):
    three_versions(settings, tmp_path)
    app = versies_page()
    assert app.selectbox(key="terug_naar").value == 3  # the newest, by default

    app.selectbox(key="terug_naar").set_value(2)
    app.button(key=SUBMIT).click().run()

    assert app.selectbox(key="terug_naar").value == 2  # kept, not back to the newest
    errors = [e.value for e in app.error]
    assert errors == ["Geef een reden voor de terugzetting."]
    assert len(versions(settings)) == 3

    app.text_area(key="terug_reden").input("budget van versie 2 was juist")
    app.button(key=SUBMIT).click().run()

    newest = versions(settings)[0]
    assert (newest["versie_id"], newest["soort"], newest["basis_versie"]) == (4, "rollback", 2)
    assert newest["reden"] == "budget van versie 2 was juist"
    assert [s.value for s in app.success] == [
        "Versie 4 is bewaard: de bladen Budget zijn terug zoals na versie 2."
    ]
    # Carried out, the form is empty again: the newest version chosen, no reason.
    assert app.selectbox(key="terug_naar").value == 4
    assert app.text_area(key="terug_reden").value == ""


def test_the_missing_reason_is_said_inside_the_form(settings, tmp_path):
    three_versions(settings, tmp_path)
    app = versies_page()
    app.button(key=SUBMIT).click().run()
    form = next(block for block in app.main.children.values() if _is_form(block))
    inside = [node.value for node in _walk(form) if node.type == "error"]
    assert inside == ["Geef een reden voor de terugzetting."]


def versions(settings) -> list[dict]:
    with Store(settings.db_path).read() as con:
        return list_versions(con)


def _is_form(block) -> bool:
    return any(node.type == "text_area" for node in _walk(block))


def _walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)
