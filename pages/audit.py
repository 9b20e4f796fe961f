"""Auditlog (role beheer): every sign-in, upload attempt, confirmation, rollback and export, with
the user and the time; filterable and downloadable."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import frame
from ui.auth import gate
from ui.tables import downloads
from ui.text import EMPTY
from wisselaar.audit import EVENTS, entries, started
from wisselaar.formatting import format_moment
from wisselaar.labels import audit_details, label

ctx = frame.ensure("audit", "beheer")
user = gate("beheer")
t = ctx.t
st.title(t("pagina.audit"))
st.write(t("audit.intro"))
if (begun := started(ctx.settings, user)) is not None:  # a log started anew shows it here
    st.caption(t("audit.sinds", moment=format_moment(begun)))
chosen = st.multiselect(
    t("audit.filter"),
    list(EVENTS),
    format_func=lambda e: t(f"audit.{e}"),
    key="gebeurtenis",
    placeholder=t("filter.alle"),
)
rows = [r for r in entries(ctx.settings, user) if not chosen or r["gebeurtenis"] in chosen]
if not rows:
    st.info(t("audit.leeg"))
    st.stop()
table = pd.DataFrame(
    {
        t("audit.kol_id"): [r["id"] for r in rows],
        t("audit.kol_moment"): [
            format_moment(r["moment"]) + r["moment"].strftime(":%S") for r in rows
        ],
        t("audit.kol_gebruiker"): [r["gebruiker"] or "" for r in rows],
        t("audit.kol_rol"): [label("rollen", r["rol"], ctx.lang) for r in rows],
        t("audit.kol_gebeurtenis"): [t(f"audit.{r['gebeurtenis']}") for r in rows],
        t("audit.kol_uitkomst"): [label("uitkomst", r["uitkomst"], ctx.lang) for r in rows],
        t("audit.kol_details"): [audit_details(r["details"], ctx.lang) for r in rows],
    }
)
st.dataframe(table, hide_index=True, key="audit_tabel", placeholder=EMPTY)
downloads(ctx, table, key="auditlog", title=t("audit.titel_export"))
