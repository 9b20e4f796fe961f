"""The Streamlit frame: page config, sign-in, st.navigation (the menu per role), shared sidebar.

Run with `./dev.sh app` (or `streamlit run serve.py`, which serves this file behind the upload
guard and the error handler; started alone, this file refuses to run). Pages live in pages/,
one thin file each; each page checks the role itself too (ui/frame.ensure), also when opened
by its URL.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import NamedTuple

import streamlit as st

from ui import auth, errors, guard, page_scripts, url_state, warm
from wisselaar.database import StoreReadOnly
from wisselaar.i18n import t
from wisselaar.settings import Settings
from wisselaar.store import has_versions


class PageSpec(NamedTuple):
    path: str
    name: str  # also the URL path
    icon: str
    role: str  # the lowest role that sees the page in the menu and may open it
    section_key: str = "nav.cijfers"  # catalogue key of the menu section
    title_key: str = ""  # catalogue key of the title; "" = "nav.<name>", else "pagina.<name>"


DATA = "pagina.gegevens"
PAGES = [
    PageSpec("pages/overzicht.py", "overzicht", ":material/dashboard:", "lezer"),
    PageSpec("pages/gemeenten.py", "gemeenten", ":material/location_city:", "lezer"),
    PageSpec("pages/trajecten.py", "trajecten", ":material/swap_horiz:", "lezer"),
    PageSpec("pages/budget.py", "budget", ":material/euro:", "lezer"),
    PageSpec("pages/evaluatie.py", "evaluatie", ":material/reviews:", "lezer"),
    PageSpec("pages/vragen.py", "vragen", ":material/quiz:", "lezer"),
    PageSpec("pages/opladen.py", "opladen", ":material/upload_file:", "opladen", DATA),
    PageSpec("pages/versies.py", "versies", ":material/history:", "beheer", DATA),
    PageSpec("pages/audit.py", "audit", ":material/policy:", "beheer", DATA),
]

errors.cover_this_run()  # under serve.py Streamlit has it already
settings = Settings.from_env()
# The icon ships with the app: a Material symbol would make the browser fetch it from a CDN.
ICON = Path(__file__).resolve().parent / "assets" / "icon.png"
st.set_page_config(page_title="Wisselaar-dashboard", page_icon=str(ICON), layout="wide")


@st.cache_resource(show_spinner=False)
def bootstrap(db_path: str) -> None:
    """Once per process and database: an empty database gets the sample data (if enabled).
    The import code (pyarrow, fastexcel) is loaded only when there is something to import."""
    with contextlib.suppress(StoreReadOnly):  # a read-only database serves reads, no sample
        if settings.load_sample and not has_versions(settings):
            from wisselaar.ingest import load_sample_if_empty

            load_sample_if_empty(settings)


def st_pages(user_may: set[str] | None, lang: str) -> dict[str, st.Page]:
    """Every page; those the user may not open are hidden from the menu (opened by URL, the
    page itself says there is no access). None: nobody signed in, every page hidden.

    Streamlit serves the default page at the root only; the first page is the default and
    also, hidden, at its own URL (/overzicht), so that every page has one."""
    pages = {
        p.name: st.Page(
            p.path,
            title=t(p.title_key or _title_key(p), lang),
            icon=p.icon,
            url_path=p.name if i else "start",
            default=not i,
            visibility="visible" if user_may is not None and p.name in user_may else "hidden",
        )
        for i, p in enumerate(PAGES)
    }
    first = PAGES[0]
    pages[ALIAS] = st.Page(
        first.path, title=t(_title_key(first), lang), url_path=first.name, visibility="hidden"
    )
    return pages


ALIAS = "_eerste_pagina_op_eigen_url"


def _title_key(spec: PageSpec) -> str:
    """The pages of issue 4 have their titles in the catalogue's [pagina] table."""
    return f"pagina.{spec.name}" if spec.section_key == DATA else f"nav.{spec.name}"


def run() -> None:
    """The frame around the page of this run (or the sign-in form instead)."""
    lang = url_state.language()
    if not guard.installed() and not errors.testing():
        # Without serve.py anyone could send upload bytes (ui/guard.py): refuse to run instead.
        # No list of page files either.
        st.navigation(list(st_pages(None, lang).values()), position="hidden")
        st.error(t("server.zonder_bewaking", lang), icon=":material/block:")
        st.stop()
    bootstrap(str(settings.db_path))
    user = auth.current_user(settings)
    if user is None or user.role is None:
        # Registered but hidden: the URL's page is kept, and opens once the user has signed in.
        st.navigation(list(st_pages(None, lang).values()), position="hidden")
        if user is None:
            auth.sign_in_page(settings, lang)
            page_scripts.preload_components()  # the browser's part of the warm-up
        else:
            auth.no_role_page(settings, user, lang)
        if not errors.testing():  # serve.py started it; this is for a database made since
            warm.start(settings)
        st.stop()

    from ui import frame  # pandas and the figure engine: after the sign-in

    allowed = {p.name for p in PAGES if user.may(p.role)}
    pages = st_pages(allowed, lang)
    sections: dict[str, list[st.Page]] = {}
    for spec in PAGES:  # a page the user may not open goes, hidden, in the first section
        section = spec.section_key if spec.name in allowed else PAGES[0].section_key
        sections.setdefault(t(section, lang), []).append(pages[spec.name])
    sections[t(PAGES[0].section_key, lang)].append(pages[ALIAS])
    navigation = st.navigation(sections)
    frame.return_to(pages)
    auth.sidebar(settings, user, lang)
    frame.sidebar(settings, lang)
    page_scripts.close_menu_after_navigation()
    navigation.run()


# While a page is drawn, the warm-up waits between its figures (ui/warm.py).
with warm.script_running():
    run()
