"""Sign-in and roles in the app (AppTest): the menu per role, every page opened directly (as by
its URL) per role, the sign-in form with local accounts and its delays, the demo warning, and
the upload, versions and audit pages doing their work."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.app.conftest import BEHEER, LEZER, OPLADEN, ZONDER_ROL, as_user
from tests.conftest import FIXTURE, edited_workbook
from wisselaar import audit
from wisselaar.auth import User, hash_password
from wisselaar.ingest import import_workbook
from wisselaar.store import Store, list_versions

APP = str(Path(__file__).resolve().parents[2] / "app.py")
FIGURES = ["overzicht", "gemeenten", "trajecten", "budget", "evaluatie", "vragen"]
TITLES = {
    "opladen": "Opladen",
    "versies": "Versies",
    "audit": "Auditlog",
    "vragen": "Parlementaire vragen",
}
ALLOWED = {
    LEZER: set(FIGURES),
    OPLADEN: {*FIGURES, "opladen"},
    BEHEER: {*FIGURES, "opladen", "versies", "audit"},
}
PASSWORD = "een lang test-wachtwoord"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BEA = User("bea", "beheer")


def app_for(email: str | None, **query: str) -> AppTest:
    app = as_user(AppTest.from_file(APP, default_timeout=60), email)
    app.query_params.update(query)
    return app


def open_page(app: AppTest, name: str) -> AppTest:
    app.run()
    app.switch_page(f"pages/{name}.py").run()
    assert not app.exception, app.exception
    return app


def titles(app: AppTest) -> list[str]:
    return [t.value for t in app.title]


@pytest.mark.parametrize("email", [LEZER, OPLADEN, BEHEER])
def test_the_menu_shows_only_what_the_role_may_use(settings, monkeypatch, email):
    import_workbook(settings, FIXTURE, user="anna")
    menus: list[dict[str, list[Any]]] = []
    original = st.navigation

    def spy(pages: Any, **kwargs: Any) -> Any:
        menus.append(pages)
        return original(pages, **kwargs)

    monkeypatch.setattr(st, "navigation", spy)
    app_for(email).run()
    visible = {
        p.url_path or "overzicht"  # the default page is served at the root
        for section in menus[-1].values()
        for p in section
        if p.visibility == "visible"
    }
    assert visible == ALLOWED[email]


@pytest.mark.parametrize("name", [*FIGURES, "opladen", "versies", "audit"])
@pytest.mark.parametrize("email", [LEZER, OPLADEN, BEHEER])
def test_every_page_checks_the_role_itself_when_opened_directly(settings, email, name):
    import_workbook(settings, FIXTURE, user="anna")
    app = open_page(app_for(email), name)
    if name in ALLOWED[email]:
        assert "Geen toegang" not in titles(app)
        assert titles(app)[0] == TITLES.get(name, name.capitalize())
    else:
        assert titles(app) == ["Geen toegang"]
        assert "voorbehouden aan de rol" in app.error[0].value
        assert not app.file_uploader and not app.dataframe and not app.metric


@pytest.mark.parametrize("name", [*FIGURES, "opladen", "versies", "audit"])
def test_without_sign_in_every_page_shows_only_the_sign_in(settings, name):
    import_workbook(settings, FIXTURE, user="anna")
    app = open_page(app_for(None), name)
    assert titles(app) == ["Aanmelden"]
    assert app.button(key="aanmelden_oidc").label == "Aanmelden met uw account"
    assert not app.dataframe and not app.metric and not app.sidebar.multiselect


def test_a_user_without_a_role_gets_a_clear_no_access_page(settings):
    import_workbook(settings, FIXTURE, user="anna")
    for page in ("overzicht", "opladen"):
        app = open_page(app_for(ZONDER_ROL), page)
        assert titles(app) == ["Geen toegang"]
        assert "geen rol in het Wisselaar-dashboard" in app.error[0].value
        assert not app.metric
    log = audit.entries(settings, BEA)
    assert (log[-1]["gebruiker"], log[-1]["uitkomst"]) == (ZONDER_ROL, "geen_rol")


def test_an_anonymous_role_lets_visitors_browse_but_not_upload(settings, monkeypatch):
    import_workbook(settings, FIXTURE, user="anna")
    monkeypatch.setenv("WISSELAAR_ANONYMOUS_ROLE", "lezer")
    assert titles(open_page(app_for(None), "overzicht")) == ["Overzicht"]
    assert titles(open_page(app_for(None), "opladen")) == ["Aanmelden"]


# -- local accounts -------------------------------------------------------------------------------


def local_app(accounts: dict[str, Any] | None) -> AppTest:
    """The app with local accounts only, nobody signed in, showing the sign-in form. (In a
    server every rerun goes through app.py; AppTest runs the page's file itself after the
    first run, so the form to fill in is the one the page draws, from the second run on.)"""
    app = AppTest.from_file(APP, default_timeout=60)
    app.secrets = {"wisselaar": {"accounts": accounts or {}}}
    app.user = {}
    open_page(app, "overzicht").run()
    return app


def sign_in(app: AppTest, name: str, password: str) -> AppTest:
    app.text_input(key="aanmelden_naam").input(name)
    app.text_input(key="aanmelden_wachtwoord").input(password)
    app.button(key="FormSubmitter:aanmelden-Aanmelden").click().run()
    assert not app.exception, app.exception
    return app


def test_local_sign_in_with_a_growing_delay_after_failures(settings, monkeypatch):
    import_workbook(settings, FIXTURE, user="anna")
    monkeypatch.setenv("WISSELAAR_SIGNIN_DELAY_S", "1")
    accounts = {"Otto": {"role": "opladen", "password_hash": hash_password(PASSWORD)}}
    app = local_app(accounts)
    assert titles(app) == ["Aanmelden"] and not app.warning  # no demo account here
    sign_in(app, "otto", "fout")
    assert "verkeerd wachtwoord. U kunt opnieuw proberen over 1 seconde." in app.error[0].value
    time.sleep(1.05)
    sign_in(app, "otto", "nog fout")
    assert "over 2 seconden" in app.error[0].value  # the delay doubles
    sign_in(app, "otto", PASSWORD)  # too soon: refused without checking the password
    assert "Wacht nog 2 seconden" in app.error[0].value and titles(app) == ["Aanmelden"]
    sign_in(app, "mijn-wachtwoord-per-ongeluk", "x")  # another name, the same session
    assert "Wacht nog" in app.error[0].value
    time.sleep(2.05)
    sign_in(app, "OTTO", PASSWORD)
    assert titles(app) == ["Overzicht"]
    assert titles(open_page(app, "opladen")) == ["Opladen"]
    assert PASSWORD not in repr(app.session_state)  # the form was cleared
    log = audit.entries(settings, BEA)
    assert [(e["gebruiker"], e["uitkomst"]) for e in reversed(log)] == [
        ("Otto", "mislukt"),
        ("Otto", "mislukt"),
        ("Otto", "wachten"),
        ("(onbekend account)", "wachten"),  # a name that is no account is never recorded
        ("Otto", "geslaagd"),
    ]
    assert "per-ongeluk" not in str(log) and PASSWORD not in str(log)


def test_signing_out(settings):
    import_workbook(settings, FIXTURE, user="anna")
    accounts = {"bea": {"role": "beheer", "password_hash": hash_password(PASSWORD)}}
    app = local_app(accounts)
    sign_in(app, "bea", PASSWORD)
    app.run()  # through app.py, which draws the user's block in the sidebar
    assert any("Aangemeld als **bea** (beheer)" in c.value for c in app.sidebar.caption)
    app.sidebar.button(key="afmelden").click().run()
    assert titles(app) == ["Aanmelden"]
    assert [e["gebeurtenis"] for e in audit.entries(settings, BEA)][:2] == [
        "afmelding",
        "aanmelding",
    ]


def test_the_demo_account_works_only_while_no_account_is_configured_and_is_announced(
    settings, monkeypatch
):
    import_workbook(settings, FIXTURE, user="anna")
    app = local_app(None)
    assert "demo-account is actief" in app.warning[0].value
    sign_in(app, "demo", "demo")
    app.run()
    assert any("demo-account is actief" in w.value for w in app.sidebar.warning)
    copied = {"demo": {"role": "beheer", "password_hash": hash_password("demo")}}
    assert "demo-account" in local_app(copied).warning[0].value
    monkeypatch.setenv("WISSELAAR_DEMO_ACCOUNT", "0")
    app = local_app(None)
    assert "geen accounts ingesteld" in app.error[0].value and not app.text_input


# -- the pages of issue 4 doing their work --------------------------------------------------------


def upload(app: AppTest, path: Path) -> AppTest:
    uploader = next(u for u in app.file_uploader if u.key.startswith("werkmap"))
    uploader.upload(path.name, path.read_bytes(), XLSX)
    app.run()
    assert not app.exception, app.exception
    return app


def versions_of(settings) -> list[dict]:
    with Store(settings.db_path).read() as con:
        return list_versions(con)


def test_upload_errors_then_preview_then_confirm(settings, tmp_path):
    import_workbook(settings, FIXTURE, user="anna")
    app = open_page(app_for(OPLADEN), "opladen")
    bad = edited_workbook(tmp_path / "fout.xlsx", [("Budget", "C3", "veel")], keep=["Budget"])
    upload(app, bad)
    assert "is geweigerd: 1 fout." in app.error[0].value
    errors = app.dataframe[0].value
    assert list(errors.columns) == ["Blad", "Rij", "Kolom", "Waarde", "Wat is er mis"]
    assert (errors.iloc[0]["Blad"], errors.iloc[0]["Rij"], errors.iloc[0]["Waarde"]) == (
        "Budget",
        3,
        "veel",
    )
    assert len(versions_of(settings)) == 1

    good = edited_workbook(tmp_path / "goed.xlsx", [("Budget", "C3", 200000)], keep=["Budget"])
    upload(app, good)
    assert "is geldig" in app.success[0].value
    figures = app.table[0].value
    assert list(figures.iloc[0]) == ["Budget beschikbaar", "€ 432.044,00", "€ 482.044,00"]
    assert any("Budget: 0 toegevoegd, 1 gewijzigd, 0 verwijderd" in e.label for e in app.expander)
    assert len(versions_of(settings)) == 1  # nothing stored before the confirmation
    app.button(key="bevestig").click().run()
    assert "Versie 2 is bewaard" in app.success[0].value
    assert versions_of(settings)[0]["gebruiker"] == OPLADEN
    overzicht = open_page(app_for(LEZER), "overzicht")
    assert {m.label: m.value for m in overzicht.metric}["Budget beschikbaar"] == "€ 482.044,00"


def test_data_changed_under_the_preview_asks_to_confirm_again(settings, tmp_path):
    import_workbook(settings, FIXTURE, user="anna")
    app = open_page(app_for(OPLADEN), "opladen")
    upload(app, edited_workbook(tmp_path / "a.xlsx", [("Budget", "C3", 200000)], keep=["Budget"]))
    other = edited_workbook(tmp_path / "b.xlsx", [("Budget", "C3", 300000)], keep=["Budget"])
    import_workbook(settings, other, user="bert")  # someone else, meanwhile
    app.button(key="bevestig").click().run()
    assert "Terwijl u keek" in app.warning[0].value
    assert len(versions_of(settings)) == 2
    assert list(app.table[0].value.iloc[0])[1:] == ["€ 582.044,00", "€ 482.044,00"]
    app.button(key="bevestig").click().run()
    assert "Versie 3 is bewaard" in app.success[0].value


def test_versions_compare_and_rollback_with_a_reason(settings, tmp_path):
    import_workbook(settings, FIXTURE, user="anna")
    budget = edited_workbook(tmp_path / "b.xlsx", [("Budget", "C3", 200000)], keep=["Budget"])
    import_workbook(settings, budget, user="bert")
    app = open_page(app_for(BEHEER), "versies")
    listed = app.dataframe[0].value
    assert list(listed["Versie"]) == [2, 1] and list(listed["Door"]) == ["bert", "anna"]
    assert any("Budget: 0 toegevoegd, 1 gewijzigd" in e.label for e in app.expander)
    app.selectbox(key="terug_naar").set_value(1)
    app.button(key="FormSubmitter:terugzetten-Zet terug").click().run()
    assert "Geef een reden" in app.error[0].value and len(versions_of(settings)) == 2
    app.selectbox(key="terug_naar").set_value(1)
    app.text_area(key="terug_reden").input("verkeerd budget")
    app.button(key="FormSubmitter:terugzetten-Zet terug").click().run()
    assert "Versie 3 is bewaard" in app.success[0].value
    newest = versions_of(settings)[0]
    assert (newest["soort"], newest["reden"], newest["gebruiker"]) == (
        "rollback",
        "verkeerd budget",
        BEHEER,
    )
    overzicht = open_page(app_for(LEZER), "overzicht")
    assert {m.label: m.value for m in overzicht.metric}["Budget beschikbaar"] == "€ 432.044,00"


def test_the_audit_page_lists_what_happened(settings, tmp_path):
    import_workbook(settings, FIXTURE, user="anna")
    app = open_page(app_for(BEHEER), "audit")
    log = app.dataframe[0].value
    assert list(log.columns) == [
        "Nr.",
        "Moment",
        "Gebruiker",
        "Rol",
        "Gebeurtenis",
        "Uitkomst",
        "Details",
    ]
    assert (log.iloc[-1]["Gebruiker"], log.iloc[-1]["Gebeurtenis"]) == (BEHEER, "aanmelding")
    app.multiselect(key="gebeurtenis").set_value(["upload"]).run()
    assert "nog leeg" in app.info[0].value
