"""Versies (role beheer): every version, its original file, a comparison of two versions, and
rollback to an earlier one (a new version; history is never rewritten)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import changes, frame
from ui.auth import gate
from ui.tables import downloads
from ui.text import EMPTY, md
from wisselaar.formatting import format_moment
from wisselaar.labels import sheet, sheets
from wisselaar.store import StoreBusy
from wisselaar.versions import ReasonMissing, compare, original, rollback, versions

DONE_KEY = "_versies_melding"
RESET_KEY = "_versies_terug_leeg"

ctx = frame.ensure("versies", "beheer")
user = gate("beheer")
t = ctx.t
st.title(t("pagina.versies"))
st.write(t("versies.intro"))
notice = st.session_state.pop(DONE_KEY, None)
if notice:
    getattr(st, notice[0])(notice[1])
listed = versions(ctx.settings, user)
if not listed:
    st.info(t("versies.geen"))
    st.stop()


def label(version: int) -> str:
    row = next(v for v in listed if v["versie_id"] == version)
    moment = format_moment(row["aangemaakt_op"])
    return t("versies.label", versie=version, moment=moment, gebruiker=row["gebruiker"])


def kind(row: dict) -> str:
    if row["soort"] == "rollback":
        return t("versies.soort_rollback", versie=row["basis_versie"])
    return t("versies.soort_upload")


st.subheader(t("versies.lijst"))
table = pd.DataFrame(
    {
        t("versies.kol_versie"): [v["versie_id"] for v in listed],
        t("versies.kol_moment"): [format_moment(v["aangemaakt_op"]) for v in listed],
        t("versies.kol_gebruiker"): [v["gebruiker"] for v in listed],
        t("versies.kol_bestand"): [v["bestandsnaam"] or "" for v in listed],
        t("versies.kol_soort"): [kind(v) for v in listed],
        t("versies.kol_bladen"): [", ".join(sheets(v["bladen"], ctx.lang)) for v in listed],
        t("versies.kol_rijen"): [
            ", ".join(f"{sheet(k, ctx.lang)}: {n}" for k, n in (v["rijen"] or {}).items())
            for v in listed
        ],
        t("versies.kol_reden"): [v["reden"] or "" for v in listed],
    }
)
st.dataframe(table, hide_index=True, key="versies_tabel", placeholder=EMPTY)
downloads(ctx, table, key="versies", title=t("versies.lijst"))
numbers = [v["versie_id"] for v in listed]

st.subheader(t("versies.origineel"))
chosen = st.selectbox(t("versies.origineel_kies"), numbers, format_func=label, key="origineel")
if next(v for v in listed if v["versie_id"] == chosen)["soort"] == "rollback":
    st.caption(t("versies.geen_origineel"))
else:
    name = next(v for v in listed if v["versie_id"] == chosen)["bestandsnaam"] or "upload.xlsx"
    st.download_button(
        t("versies.origineel_download"),
        lambda: original(ctx.settings, user, chosen) or b"",  # audited as an export
        file_name=f"versie-{chosen}-{name}",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="origineel_download",
        icon=":material/download:",
        on_click="ignore",
    )

st.subheader(t("versies.vergelijk"))
st.caption(t("versies.vergelijk_uitleg"))
left, right = st.columns(2)
old = left.selectbox(
    t("versies.vergelijk_oud"),
    numbers,
    index=min(1, len(numbers) - 1),
    format_func=label,
    key="van",
)
new = right.selectbox(t("versies.vergelijk_nieuw"), numbers, format_func=label, key="naar")
diffs = compare(ctx.settings, user, old, new)
if not any(d.differs for d in diffs):
    st.write(t("versies.vergelijk_geen"))
changes.sheets(ctx, diffs, key="vergelijking", only_changed=False)

st.subheader(t("versies.terug"))
st.caption(t("versies.terug_uitleg"))
# The form keeps what was chosen when the rollback is refused (a missing reason): clearing it
# on submit sent the selector back to the newest version, and the next try rolled back to that.
# Only a rollback that was carried out empties the form, before its widgets are drawn again.
if st.session_state.pop(RESET_KEY, False):
    for widget in ("terug_naar", "terug_reden"):
        st.session_state.pop(widget, None)
with st.form("terugzetten"):
    back = st.selectbox(t("versies.terug_versie"), numbers, format_func=label, key="terug_naar")
    reason = st.text_area(t("versies.terug_reden"), key="terug_reden", max_chars=500)
    reason_error = st.empty()  # the missing reason is said next to its field
    submitted = st.form_submit_button(t("versies.terug_knop"), type="primary")
if submitted:
    try:
        made = rollback(ctx.settings, user, back, reason)
    except ReasonMissing:
        reason_error.error(t("versies.terug_reden_nodig"), icon=":material/error:")
    except StoreBusy as busy:
        st.error(busy.message(ctx.lang, md))
    else:
        if made is None:
            st.session_state[DONE_KEY] = ("info", t("versies.terug_niets", basis=back))
        else:
            text = t(
                "versies.terug_klaar",
                versie=made.version,
                bladen=", ".join(sheets(made.sheets, ctx.lang)),
                basis=back,
            )
            st.session_state[DONE_KEY] = ("success", text)
        st.session_state[RESET_KEY] = True
        st.rerun()
