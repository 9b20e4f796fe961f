"""Warming the process up while the first visitor signs in (issue 13: sign-in to the first
chart at once).

The sign-in form needs Streamlit and the sign-in code only; the pages need pandas, Plotly and
the figure engine, and Overzicht's figures for the default filters. Once per process, after
the first script run has drawn its page, a daemon thread imports those modules and has the
engine make Overzicht's figures for "now" without filters: the same figure functions the
page calls, into the cache keyed by the data version (`wisselaar.reads`), so the page finds
them there. A failure here only means the page does the work itself.
"""

from __future__ import annotations

import logging
import threading

from wisselaar.settings import Settings

log = logging.getLogger(__name__)
_started = threading.Event()


def start(settings: Settings) -> None:
    """Once per process: the warm-up in a thread of its own (not for a file that does not
    exist yet: reading would create it)."""
    if _started.is_set() or not settings.db_path.exists():
        return
    _started.set()
    threading.Thread(target=_warm, args=(settings,), name="wisselaar-warm", daemon=True).start()


def _warm(settings: Settings) -> None:
    try:
        import plotly.graph_objects  # noqa: F401  (what every chart needs)

        from ui import charts, map  # noqa: F401
        from wisselaar import figures
        from wisselaar.answer import changes_since_previous
        from wisselaar.engine import Database
        from wisselaar.filters import NOW, Filters

        source, filters = Database(settings), Filters(stand=NOW)
        figures.versies(source)
        figures.per_kenmerk(source, filters, "oproep")  # the sidebar's calls
        figures.kerncijfers(source, filters)
        figures.per_kenmerk(source, filters, "status")
        figures.per_kwartaal(source, filters)
        figures.gemeenten_kaart(source, filters)
        changes_since_previous(settings, NOW)
    except Exception:  # an optimisation: the page does the work itself
        log.info("warming up failed", exc_info=True)
