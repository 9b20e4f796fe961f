"""The Streamlit frame: page config, theme, shared sidebar, navigation.

Run with `./dev.sh app` (or `streamlit run app.py`). Pages live in pages/, one thin file each.
"""

from __future__ import annotations

import streamlit as st

from ui import frame
from wisselaar.i18n import t
from wisselaar.ingest import load_sample_if_empty
from wisselaar.settings import Settings

PAGES = [
    ("pages/overzicht.py", "overzicht", ":material/dashboard:"),
    ("pages/gemeenten.py", "gemeenten", ":material/location_city:"),
    ("pages/trajecten.py", "trajecten", ":material/swap_horiz:"),
    ("pages/budget.py", "budget", ":material/euro:"),
    ("pages/evaluatie.py", "evaluatie", ":material/reviews:"),
]

settings = Settings.from_env()
st.set_page_config(page_title="Wisselaar-dashboard", page_icon=":material/sync_alt:", layout="wide")


@st.cache_resource(show_spinner=False)
def bootstrap(db_path: str) -> None:
    """Once per process and database: an empty database gets the sample data (if enabled)."""
    load_sample_if_empty(settings)


bootstrap(str(settings.db_path))
lang = frame.language()
pages = {
    name: st.Page(
        path, title=t(f"nav.{name}", lang), icon=icon, url_path=name, default=name == "overzicht"
    )
    for path, name, icon in PAGES
}
navigation = st.navigation({t("nav.cijfers", lang): list(pages.values())})
frame.return_to(pages)
frame.sidebar(settings, lang)
navigation.run()
