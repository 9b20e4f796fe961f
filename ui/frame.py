"""The shared sidebar (language, "stand van", filters) and the header line of every page.

Filters are widgets bound to the URL (`bind="query-params"`), so a copied link opens the same
view; they live in the frame, so they stick while moving between pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from ui import url_state
from ui.context import Context, set_context
from ui.text import md
from wisselaar import figures
from wisselaar.engine import Database
from wisselaar.filters import NOW, PERIODE_2025, PERIODES, Filters
from wisselaar.formatting import format_moment
from wisselaar.i18n import t
from wisselaar.labels import kind_of, label
from wisselaar.provenance import filters_text, stand_text
from wisselaar.schema import STATUSSEN, THEMAS, VORMEN
from wisselaar.settings import Settings

PROVINCIES = ("Antwerpen", "Limburg", "Oost-Vlaanderen", "Vlaams-Brabant", "West-Vlaanderen")


language = url_state.language  # the language choice needs no pandas: app.py draws it first


def sidebar(settings: Settings, lang: str) -> Context:
    source = Database(settings)
    versions = figures.versies(source)
    moments = dict(zip(versions["versie_id"], versions["aangemaakt_op"], strict=True))
    side = st.sidebar
    side.header(t("filter.titel", lang))
    chosen = url_state.select(
        side,
        t("filter.stand", lang),
        [0, *moments],
        key="stand",
        default=0,
        format_func=lambda v: _version_label(v, versions, lang),
        help=t("filter.stand_hulp", lang),
    )
    stand = _moment(moments[chosen]) if chosen else NOW
    periode = (
        url_state.select(
            side,
            t("periode.label", lang),
            list(PERIODES),
            key="periode",
            default=PERIODE_2025,
            widget="radio",
            horizontal=True,
            format_func=lambda p: t(f"periode.{p[:4]}", lang),
            help=t("periode.hulp", lang),
        )
        or PERIODE_2025
    )
    calls = figures.per_kenmerk(source, Filters(stand=stand), "oproep").frame["waarde"]

    def choose(name: str, options: Sequence[object]) -> tuple[Any, ...]:
        """A multi-select filter bound to the URL (?status=lopend&status=afgerond): the URL
        keeps the stored value, the list shows its label."""
        return tuple(
            side.multiselect(
                t(f"filter.{name}", lang),
                options,
                key=name,
                bind="query-params",
                placeholder=t("filter.alle", lang),
                format_func=lambda value: label(kind_of(name), value, lang),
            )
        )

    filters = Filters(
        stand=stand,
        oproepen=choose("oproep", [int(c) for c in calls]),
        provincies=choose("provincie", PROVINCIES),
        statussen=choose("status", STATUSSEN),
        vormen=choose("vorm", VORMEN),
        themas=choose("thema", THEMAS),
        periode=periode,
    )
    context = Context(settings, filters, lang, not versions.empty, filters_text(filters, lang))
    set_context(context)
    st.session_state[FRESH_KEY] = True
    return context


def _moment(value: object) -> dt.datetime:
    return pd.Timestamp(value).to_pydatetime().replace(tzinfo=None)


def _version_label(version: int, versions: pd.DataFrame, lang: str) -> str:
    """`Versie 3 – 01/03/2024 14:05 (anna)`; "now" names the version it resolves to."""
    if versions.empty:
        return t("filter.stand_nu", lang)
    row = versions[versions["versie_id"] == (version or versions["versie_id"].max())].iloc[0]
    moment = format_moment(_moment(row["aangemaakt_op"]))
    if not version:
        return t("stand.nu", lang, versie=int(row["versie_id"]), moment=moment)
    return t("filter.stand_versie", lang, versie=version, moment=moment, gebruiker=row["gebruiker"])


def header(context: Context) -> None:
    """The moment and versions the page shows, who uploaded the newest, the sample banner."""
    if not context.has_data:
        return
    stand = context.stand
    if stand.newest is None:
        st.info(t("app.geen_gegevens_op_moment", context.lang))
        return
    uploader = t("stand.door", context.lang, gebruiker=md(stand.newest.user))
    st.caption(f"{stand_text(stand, context.lang)} {uploader}")  # only the name is data
    if stand.sample:
        st.warning(t("app.voorbeeld", context.lang), icon=":material/science:")


FRESH_KEY = "_frame_getekend"
DETOUR_KEY = "_omweg_gemaakt"


def page(name: str) -> Context | None:
    """Title, header line and sample banner of page `name`; None (with a friendly message)
    when there is nothing to show yet."""
    ctx = ensure(name)
    st.title(t(f"nav.{name}", ctx.lang))
    if not ctx.has_data:
        st.info(t("app.geen_gegevens", ctx.lang), icon=":material/info:")
        return None
    header(ctx)
    return ctx


def ensure(name: str, minimum_role: str = "lezer") -> Context:
    """The role check (the sign-in form or 'no access' instead of the page, see ui/auth.py),
    then the shared frame, drawn by the page itself when app.py did not run first. The detour
    through app.py comes before the check, so that a visitor who is not signed in never sees
    the legacy routing's list of page files."""
    from ui import auth, errors
    from ui.context import context as current

    errors.cover_this_run()  # a page run alone (legacy routing) gets the same error messages
    fresh = st.session_state.pop(FRESH_KEY, False)
    if not fresh:
        _detour(name)
    user = auth.gate(minimum_role)
    if not fresh:
        _without_the_frame(name)
        auth.sidebar(Settings.from_env(), user, current().lang)
    return current()


def _detour(name: str) -> None:
    """The first time in a session, go through app.py (see `_without_the_frame`)."""
    from ui.context import has_context

    if not has_context() and not st.session_state.get(DETOUR_KEY):
        st.session_state[DETOUR_KEY] = True
        st.session_state[RETURN_KEY] = name
        st.switch_page("app.py", query_params=query_params())


def _without_the_frame(name: str) -> None:
    """Streamlit serves a `pages/` folder by its legacy routing until some session has run
    st.navigation (and AppTest restores that routing on every run), so a page can run without
    app.py's frame. The first time in a session we go through app.py, which in a server turns
    the navigation on for good and brings the visitor back here with the URL's filters; if the
    legacy routing is still in force after that (or the session already has its filters), the
    page draws the frame itself."""
    _detour(name)
    sidebar(Settings.from_env(), language())
    st.session_state.pop(FRESH_KEY, None)


RETURN_KEY = "_terug_naar"


def query_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def return_to(pages: dict[str, object]) -> None:
    """In app.py, after st.navigation: finish a detour started by `_through_the_frame`."""
    name = st.session_state.pop(RETURN_KEY, None)
    if name in pages:
        st.switch_page(pages[name], query_params=query_params())  # type: ignore[arg-type]
