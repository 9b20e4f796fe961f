"""Warming the process up from the moment the server starts (issue 13: a sign-in form, a first
chart and every page at once). Two steps, once per process, in a daemon thread:

1. as the server starts (serve.py's lifespan, `at_server_start`), what the first sign-in form
   costs once per process: NumPy and Pillow (Streamlit turns the page icon into a URL with
   them), the message catalogues, the check whether an account still has the demo password
   (an argon2 hash per account, ~0.3 s each, cached per hash) and the scan of the loaded
   modules that Streamlit's first element triggers (`inspect.stack`, cached by `inspect`);
2. FORM_FIRST_S after the first sign-in form is drawn (app.py calls `start`), or
   PAGES_AFTER_S after the server started when nobody came, what the pages need: pandas,
   Plotly (every trace type the pages draw), the pandas Styler (its templates are compiled
   on import), the pages' modules, and the figures every page shows for "now" without
   filters, through the same figure functions the pages call, into the cache keyed by the
   data version (`wisselaar.reads`), so that the pages find them there. Started at once,
   this step took the processor from the server and the browser loading the sign-in form.

While the user types, the browser loads the pages' components (ui/page_scripts.py). A
failure here only means that a page does the work itself.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from wisselaar.settings import Settings

log = logging.getLogger(__name__)
# The pages' step waits for the first sign-in form (or this long after the server started):
# started at once it took the processor from the server and the browser loading the page.
PAGES_AFTER_S = 3.0
# ... and then this long: the browser fetches the form's components from this server, which the
# pages' step (mostly Python importing pandas and Plotly) slowed down (the form came 0.9 s after
# its script had run instead of 0.4 s).
FORM_FIRST_S = 0.7
_visited = threading.Event()
_sign_in_started = threading.Event()
_pages_started = threading.Event()
_decided = threading.Event()  # serve.py's thread has taken the pages' step or left it
_lock = threading.Lock()


def at_server_start(settings: Settings) -> None:
    """serve.py, as the server starts: the sign-in form's step at once, the pages' step once a
    sign-in form has been drawn, in a thread."""

    def run() -> None:
        _safely(_sign_in, settings)
        if _visited.wait(PAGES_AFTER_S):
            time.sleep(FORM_FIRST_S)
        claimed = _claim(_pages_started, settings)
        _decided.set()  # from now on app.py starts the pages' step itself when it is not done
        if claimed:
            _safely(_pages, settings)

    if _claim(_sign_in_started, settings):
        threading.Thread(target=run, name="wisselaar-warm", daemon=True).start()


def start(settings: Settings) -> None:
    """app.py, once a sign-in form is drawn: the pages' step now (in the thread serve.py
    started, or in one of its own when there was none or the database is new)."""
    _visited.set()
    if _sign_in_started.is_set() and not _decided.is_set():
        return  # serve.py's thread goes on with it now
    if _claim(_pages_started, settings):
        threading.Thread(
            target=_safely, args=(_pages, settings), name="wisselaar-warm", daemon=True
        ).start()


def _claim(started: threading.Event, settings: Settings) -> bool:
    """Whether this call does the step of `started` (once per process; the pages' step not
    for a database file that does not exist yet: reading would create it)."""
    with _lock:
        if started.is_set() or (started is _pages_started and not settings.db_path.exists()):
            return False
        started.set()
        return True


def _safely(step: Callable[[Settings], None], settings: Settings) -> None:
    try:
        step(settings)
    except Exception:  # an optimisation: the page does the work itself
        log.info("warming up failed", exc_info=True)


def _pages(settings: Settings) -> None:
    _modules()
    _figures(settings)


def _sign_in(settings: Settings) -> None:
    import inspect

    import numpy  # noqa: F401  (st.set_page_config's icon: streamlit's image_to_url)
    from PIL import Image  # noqa: F401

    from ui import auth
    from wisselaar.i18n import LANGUAGES, catalogue

    for lang in LANGUAGES:
        catalogue(lang)
    auth.demo_active(settings)
    inspect.stack(0)  # Streamlit's first element asks whether it runs in a REPL


def _modules() -> None:
    import pandas.io.formats.style  # noqa: F401  (tables formatted by a Styler)
    import plotly.graph_objects as go

    from ui import charts, frame, map, question_intake, quotes, tables  # noqa: F401
    from wisselaar import answer_files, question_blocks, questions  # noqa: F401

    for trace in (go.Bar, go.Scatter, go.Sankey, go.Choropleth, go.Scattergeo):
        go.Figure(trace())  # each trace type loads its validators when first made


def _figures(settings: Settings) -> None:
    """Every page's figures for "now", no filters, the default period (the sidebar's first
    view); Overzicht's first: it is the page after the sign-in."""
    from ui import quotes
    from wisselaar import figures, questions
    from wisselaar.answer import changes_since_previous
    from wisselaar.engine import Database
    from wisselaar.filters import NOW, Filters
    from wisselaar.question_blocks import choices

    source, now = Database(settings), Filters(stand=NOW)
    figures.versies(source)
    figures.per_kenmerk(source, now, "oproep")  # the sidebar's calls
    figures.kerncijfers(source, now)  # Overzicht
    figures.per_kenmerk(source, now, "status")
    figures.per_kwartaal(source, now)
    figures.gemeenten_kaart(source, now)
    figures.gemeenten_totaal(source, now)
    changes_since_previous(settings, NOW)
    figures.gemeenten(source, now)  # Gemeenten
    figures.gemeenten_buiten_periode(source, now)
    figures.provincies(source, now)
    for kenmerk in ("vorm", "thema"):  # Trajecten
        figures.per_kenmerk(source, now, kenmerk)
    figures.stromen(source, now)
    figures.trajecten(source, now)
    figures.budgetlijnen(source, now)  # Budget
    figures.budget_totaal(source, now)
    figures.betalingen(source, now)
    figures.begunstigden(source, now.moment_only())
    for kenmerk in ("tevredenheid", "doelen_bereikt", "meerwaarde"):  # Evaluatie
        figures.evaluatie_verdeling(source, now, kenmerk)
    figures.tevredenheid_per_oproep(source, now)
    figures.rapporten(source, now)
    figures.toelichtingen(source, now)
    answer = quotes.answer_342(source, NOW, now.periode)  # Parlementaire vragen
    if answer is not None:
        quotes.options(source, answer)
    choices(settings, NOW)
    questions.list_questions(settings)
