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

While the user types, the browser loads the pages' components (ui/page_scripts.py). The
pages' step gives way to the pages themselves: while a script runs (app.py runs each one in
`script_running`), it waits before its next figure, so that a session's page does not share
the processor (and Python's one interpreter lock) with figures of pages nobody opened yet; on
a 2-core machine that doubled the first page after the sign-in. A failure here only means that
a page does the work itself.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from wisselaar.settings import Settings

if TYPE_CHECKING:
    from wisselaar.engine import Figure

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
# The pages' step waits at most this long per figure for the scripts to finish: a server that
# is never idle still gets its figures made.
YIELD_MAX_S = 2.0
_scripts = threading.Condition()
_running = 0  # script runs in progress, all sessions


@contextmanager
def script_running() -> Iterator[None]:
    """app.py, around every script run: meanwhile the warm-up waits between its figures."""
    global _running
    with _scripts:
        _running += 1
    try:
        yield
    finally:
        with _scripts:
            _running -= 1
            _scripts.notify_all()


def _give_way(timeout_s: float = YIELD_MAX_S) -> bool:
    """Wait until no script runs (at most `timeout_s`); whether none runs now."""
    with _scripts:
        return _scripts.wait_for(lambda: _running == 0, timeout=timeout_s)


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
    # Streamlit's first element asks whether it runs in a REPL, through `inspect.stack()`,
    # which finds every loaded module's file (0.35 s); `inspect` keeps what it found. With
    # context 0 it found no source, so no modules: the first sign-in form paid it.
    inspect.stack()


def _modules() -> None:
    import pandas.io.formats.style  # noqa: F401  (tables formatted by a Styler)
    import plotly.graph_objects as go

    from ui import charts, frame, map, question_intake, quotes, tables  # noqa: F401
    from wisselaar import answer_files, question_blocks, questions  # noqa: F401

    for trace in (go.Choropleth, go.Scattergeo):
        go.Figure(trace())  # each trace type loads its validators when first made
    _charts()


def _charts() -> None:
    """A tiny chart of each kind, through the pages' own helpers: Plotly loads the validator
    of every property (trace and layout) the first time one is set, which made a page's first
    chart three times as slow as the next (180 ms against 60)."""
    import datetime as dt

    import pandas as pd

    from ui import charts

    counts = pd.DataFrame({"waarde": ["lopend", "afgerond"], "aantal": [3, 4]})
    charts.bars(counts, "waarde", ["aantal"], ["n"], title="-", kind="status")
    charts.bars(counts, "waarde", ["aantal", "aantal"], ["n", "m"], title="-", money=True)
    charts.bars(counts, "waarde", ["aantal"], ["n"], title="-", horizontal=True, percent=True)
    flows = pd.DataFrame({"aanbiedend_naam": ["A"], "vragend_naam": ["B"], "trajecten": [2]})
    charts.sankey(flows, title="-", most=1)
    day = dt.date(2025, 1, 1)
    one = {"traject_id": ["T1"], "status": ["lopend"], "startdatum": [day], "einddatum": [None]}
    charts.timeline(pd.DataFrame(one), title="-")


def _figures(settings: Settings) -> None:
    """Every page's figures for "now", no filters, the default period (the sidebar's first
    view); Overzicht's first: it is the page after the sign-in. One at a time, each after the
    scripts running meanwhile (`_give_way`)."""
    for figure in _figure_steps(settings):
        _give_way()
        figure()


def _trajectory_list(settings: Settings, figure: Figure) -> None:
    """The Trajecten page's list in the default language, labelled as the page shows it
    (ui/tables keeps it while the figure lives): 0.7 s for 50,000 trajectories, which the
    page's first visit paid after everything else was warm."""
    from ui.context import Context
    from ui.tables import prepared
    from wisselaar.figures import TRAJECTEN_LIJST
    from wisselaar.filters import NOW, Filters
    from wisselaar.i18n import DEFAULT_LANGUAGE

    context = Context(settings, Filters(stand=NOW), DEFAULT_LANGUAGE, True, filter_text="")
    prepared(context, figure, TRAJECTEN_LIJST)


def _figure_steps(settings: Settings) -> list[Callable[[], object]]:
    from ui import quotes
    from wisselaar import figures, questions
    from wisselaar.answer import changes_since_previous
    from wisselaar.engine import Database
    from wisselaar.filters import NOW, Filters
    from wisselaar.question_blocks import choices

    source, now = Database(settings), Filters(stand=NOW)

    def vragen() -> None:  # Parlementaire vragen
        answer = quotes.answer_342(source, NOW, now.periode)
        if answer is not None:
            quotes.options(source, answer)

    return [
        lambda: figures.versies(source),
        lambda: figures.per_kenmerk(source, now, "oproep"),  # the sidebar's calls
        lambda: figures.kerncijfers(source, now),  # Overzicht
        lambda: figures.per_kenmerk(source, now, "status"),
        lambda: figures.per_kwartaal(source, now),
        lambda: figures.gemeenten_kaart(source, now),
        lambda: figures.gemeenten_totaal(source, now),
        lambda: changes_since_previous(settings, NOW),
        lambda: figures.gemeenten(source, now),  # Gemeenten
        lambda: figures.gemeenten_buiten_periode(source, now),
        lambda: figures.provincies(source, now),
        *(lambda k=k: figures.per_kenmerk(source, now, k) for k in ("vorm", "thema")),  # Trajecten
        lambda: figures.stromen(source, now),
        lambda: figures.trajecten(source, now),
        lambda: figures.budgetlijnen(source, now),  # Budget
        lambda: figures.budget_totaal(source, now),
        lambda: figures.betalingen(source, now),
        lambda: figures.begunstigden(source, now.moment_only()),
        *(  # Evaluatie
            lambda k=k: figures.evaluatie_verdeling(source, now, k)
            for k in ("tevredenheid", "doelen_bereikt", "meerwaarde")
        ),
        lambda: figures.tevredenheid_per_oproep(source, now),
        lambda: figures.rapporten(source, now),
        lambda: figures.toelichtingen(source, now),
        vragen,
        lambda: choices(settings, NOW),
        lambda: questions.list_questions(settings),
        # last: 0.7 s of labelling on 50,000 trajectories, which held back the other pages'
        # figures when it came after Trajecten's
        lambda: _trajectory_list(settings, figures.trajecten(source, now)),
    ]
