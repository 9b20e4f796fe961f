"""The app as it is served: `streamlit run serve.py` (what `./dev.sh app` does), or
`python serve.py`.

`st.App` (Streamlit's supported way to extend its server) runs app.py with what Streamlit's
own server lacks (issue 12, README "Sign-in and roles"):
- upload bytes only from a session signed in with the `opladen` role, refused above the
  product's limit before Streamlit reads them, and no `/_stcore/metrics` (ui/guard.py);
- `server.maxUploadSize` from WISSELAAR_MAX_FILE_MB, so the upload widget states the limit
  the product applies;
- a Dutch message with a reference instead of any error a page lets through (ui/errors.py);
- the warm-up (ui/warm.py) from the moment the server starts, not only after a first visit.
app.py refuses to run when it is started without this file (`streamlit run app.py`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import streamlit as st
from starlette.middleware import Middleware
from streamlit import config

from ui import errors, guard, warm
from wisselaar.settings import Settings

settings = Settings.from_env()
# Internal API, but the only one that sets a server option from the process itself; whatever
# a command line or config file says, the widget and the server follow the product's limit.
config.set_option(
    "server.maxUploadSize", guard.upload_limit_mb(settings.max_file_bytes), "serve.py"
)


@asynccontextmanager
async def warm_up(_app: Any) -> AsyncIterator[None]:
    """The server is starting: warm the process up while the first browser loads the page."""
    warm.at_server_start(settings)
    yield


app = st.App(
    "app.py",
    lifespan=warm_up,
    middleware=[Middleware(guard.RequestGuard, max_bytes=settings.max_file_bytes)],
    on_script_error=errors.on_script_error,
)

if __name__ == "__main__":
    app.run()
