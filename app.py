"""The Streamlit frame. Run with `./dev.sh app` (or `streamlit run app.py`)."""

from __future__ import annotations

import streamlit as st

from wisselaar.formatting import format_moment
from wisselaar.i18n import t
from wisselaar.ingest import load_sample_if_empty
from wisselaar.settings import Settings
from wisselaar.store import Store, list_versions

settings = Settings.from_env()
st.set_page_config(page_title=t("app.titel"), page_icon=":material/sync_alt:", layout="wide")


@st.cache_resource(show_spinner=False)
def bootstrap(db_path: str) -> None:
    """Once per process and database: an empty database gets the sample data."""
    load_sample_if_empty(settings)


bootstrap(str(settings.db_path))
with Store(settings.db_path, settings.lock_timeout_s).read() as con:
    versions = list_versions(con)

st.title(t("app.titel"))
if not versions:
    st.info(t("app.geen_gegevens"))
else:
    newest = versions[0]
    st.caption(
        t("app.stand", moment=format_moment(newest["aangemaakt_op"]), gebruiker=newest["gebruiker"])
    )
    if any(v["voorbeeld"] for v in versions):
        st.warning(t("app.voorbeeld"))
    st.subheader(t("app.versies"))
    st.dataframe(
        [
            {
                t("app.kol_versie"): v["versie_id"],
                t("app.kol_moment"): format_moment(v["aangemaakt_op"]),
                t("app.kol_gebruiker"): v["gebruiker"],
                t("app.kol_bestand"): v["bestandsnaam"] or "",
                t("app.kol_rijen"): ", ".join(f"{k}: {n}" for k, n in (v["rijen"] or {}).items()),
            }
            for v in versions
        ],
        hide_index=True,
        key="versies",
    )
