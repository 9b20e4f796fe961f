"""Nobody ever sees a traceback: what a page did not handle becomes a short message.

Streamlit calls `on_script_error` for every exception a script run (app.py with its page, or a
page alone under the legacy routing) or a widget callback lets through; Streamlit's own
control flow (st.rerun, st.stop, st.switch_page) never reaches it. serve.py installs it for
the whole server through `st.App(on_script_error=...)`, and `cover_this_run` installs it for
runs that start without serve.py (AppTest), so both routings end here.

- A known problem (the database busy, damaged or read-only, the audit log unavailable, a
  missing role) is shown as its own Dutch (or English) message, which says what to do.
- Anything else is a bug: the user gets a message with a reference of 8 hex digits, and the
  server log gets the same reference with the traceback.

Under AppTest an unexpected error is also left to Streamlit after the message (as Flask
propagates exceptions when testing), so that tests see it in `app.exception`.
"""

from __future__ import annotations

import secrets

import streamlit as st
from streamlit import config
from streamlit.logger import get_logger
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from ui.text import md
from wisselaar.audit import AuditUnavailable
from wisselaar.auth import NotAllowed
from wisselaar.database import StoreProblem
from wisselaar.i18n import LANGUAGES, t

log = get_logger(__name__)
KNOWN = (StoreProblem, AuditUnavailable, NotAllowed)


def reference() -> str:
    return secrets.token_hex(4)


def testing() -> bool:
    return bool(config.get_option("global.appTest"))


def _lang() -> str:
    try:
        lang = st.session_state.get("taal") or st.query_params.get("taal")
    except Exception:  # no session (a callback of a session that is going away)
        lang = None
    return lang if lang in LANGUAGES else LANGUAGES[0]


def on_script_error(error: Exception) -> bool:
    """Shows `error` as a message; True: Streamlit shows nothing more."""
    lang = _lang()
    if isinstance(error, KNOWN):
        log.warning("%s: %s", type(error).__name__, error.message("nl"))
        st.error(error.message(lang, md), icon=":material/error:")  # its values made text
        return True
    code = reference()
    log.error("Unexpected error, reference %s", code, exc_info=error)
    st.error(t("fout_pagina.onverwacht", lang, referentie=code), icon=":material/error:")
    return not testing()


def cover_this_run() -> None:
    """Installs `on_script_error` for this script run when Streamlit has none (a run that did
    not start through serve.py, e.g. AppTest's)."""
    ctx = get_script_run_ctx()
    if ctx is not None and ctx.on_script_error is None:
        ctx.on_script_error = on_script_error
