"""Opladen (role opladen): the empty template; a workbook checked with a progress bar; then its
errors, or a preview of what it would change; stored only when the user confirms."""

from __future__ import annotations

import hashlib
import io

import streamlit as st

from ui import changes, frame, page_scripts
from ui.auth import gate
from ui.text import EMPTY, md
from wisselaar.audit import AuditUnavailable
from wisselaar.formatting import format_number_plain
from wisselaar.ingest import ChangedSincePreview, NotThePreviewedFile
from wisselaar.issues import count_text
from wisselaar.store import StoreBusy
from wisselaar.template import write_template
from wisselaar.versions import Preview, confirm_upload, preview_upload

PREVIEW_KEY = "_opladen_voorbeeld"  # the preview of the file in the uploader
NOTICE_KEY = "_opladen_melding"  # a message for the next run: (kind, text)
ROUND_KEY = "_opladen_ronde"  # bumped after a confirmation, which empties the uploader
STAGES = {"lezen": 0.1, "controleren": 0.45, "vergelijken": 0.8}
MB = 1024 * 1024  # as the settings count (WISSELAAR_MAX_FILE_MB)


def template() -> bytes:
    out = io.BytesIO()
    write_template(out)  # the same workbook as `python -m wisselaar template`
    return out.getvalue()


def check(data: bytes, name: str) -> Preview | None:
    bar = st.progress(0.0, text=t("opladen.stap_lezen"))

    def progress(stage: str) -> None:
        bar.progress(STAGES[stage], text=t(f"opladen.stap_{stage}"))

    try:
        return preview_upload(ctx.settings, user, data, name, progress)
    except StoreBusy as busy:
        st.error(busy.message(ctx.lang, md))
        return None
    finally:
        bar.empty()


def show(preview: Preview) -> None:
    if not preview.accepted:
        errors = preview.errors
        total = count_text(errors.total, ctx.lang)
        st.error(t("opladen.geweigerd", bestand=md(preview.filename), n=errors.total))
        title = t("opladen.fouten_titel", bestand=preview.filename)
        changes.issues_table(ctx, errors, key="fouten", title=title)
        if errors.omitted:  # the rest, counted per sheet and column: the page stays small
            st.caption(t("opladen.niet_getoond", getoond=len(errors), aantal=total))
            rest = list(errors.omitted.items())
            st.dataframe(
                {
                    t("opladen.kol_blad"): [sheet for (sheet, _), _ in rest],
                    t("opladen.kol_kolom"): [column for (_, column), _ in rest],
                    t("opladen.kol_aantal"): [number for _, number in rest],
                },
                hide_index=True,
                key="fouten_rest",
                placeholder=EMPTY,
            )
        return
    st.success(t("opladen.aanvaard", bestand=md(preview.filename)), icon=":material/fact_check:")
    if preview.warnings:
        st.subheader(t("opladen.waarschuwingen"))
        for warning in preview.warnings:
            st.warning(warning.text(ctx.lang, md), icon=":material/warning:")
    changes.figures(ctx, preview.figures)
    st.subheader(t("opladen.per_blad"))
    changes.sheets(ctx, preview.sheets, key="voorbeeld", only_changed=False)


def confirm(preview: Preview, data: bytes) -> None:
    try:
        result = confirm_upload(ctx.settings, user, preview, data)
    except ChangedSincePreview:
        st.session_state[PREVIEW_KEY] = check(data, preview.filename)
        st.session_state[NOTICE_KEY] = ("warning", t("opladen.gewijzigd"))
    except NotThePreviewedFile:
        st.session_state.pop(PREVIEW_KEY, None)
        st.session_state[NOTICE_KEY] = ("error", t("opladen.ander_bestand"))
    except StoreBusy as busy:
        st.session_state[NOTICE_KEY] = ("error", busy.message(ctx.lang, md))
    except AuditUnavailable as unavailable:  # nothing stored: said here, under the button
        why = unavailable.message(ctx.lang, md)
        st.error(t("opladen.niet_bewaard_audit", bestand=md(preview.filename), melding=why))
        return
    else:
        if result.errors:  # the same checks as the preview's; only a new day could differ
            st.session_state[PREVIEW_KEY] = check(data, preview.filename)
        else:
            st.session_state.pop(PREVIEW_KEY, None)
            st.session_state[ROUND_KEY] = st.session_state.get(ROUND_KEY, 0) + 1
            text = t("opladen.bewaard", versie=result.version, bestand=md(preview.filename))
            st.session_state[NOTICE_KEY] = ("success", text)
    st.rerun()


ctx = frame.ensure("opladen", "opladen")
user = gate("opladen")
t = ctx.t
st.title(t("pagina.opladen"))
st.write(t("opladen.intro"))
st.download_button(
    t("opladen.sjabloon"),
    template,
    file_name="wisselaar-sjabloon.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="sjabloon",
    icon=":material/download:",
    on_click="ignore",
)
notice = st.session_state.pop(NOTICE_KEY, None)
if notice:
    getattr(st, notice[0])(notice[1])
field = f"werkmap_{st.session_state.get(ROUND_KEY, 0)}"
page_scripts.uploader_in_words(field, t("opladen.kies_bestand"))
uploaded = st.file_uploader(
    t("opladen.bestand"), type=["xlsx"], key=field, help=t("opladen.bestand_hulp")
)
st.caption(t("opladen.limiet", mb=format_number_plain(round(ctx.settings.max_file_bytes / MB, 1))))
if uploaded is None:
    st.session_state.pop(PREVIEW_KEY, None)
else:
    data = uploaded.getvalue()
    held: Preview | None = st.session_state.get(PREVIEW_KEY)
    if held is None or held.sha256 != hashlib.sha256(data).hexdigest():
        held = st.session_state[PREVIEW_KEY] = check(data, uploaded.name)
    if held is not None:
        show(held)
        if held.accepted and st.button(t("opladen.bevestig"), type="primary", key="bevestig"):
            confirm(held, data)
