"""The app as it is served: `streamlit run serve.py` (what `./dev.sh app` does), or
`python serve.py`.

`st.App` (Streamlit's supported way to extend its server) runs app.py with what Streamlit's
own server lacks (issue 12, README "Sign-in and roles"):
- upload bytes only from a session signed in with the `opladen` role, refused above the
  product's limit before Streamlit reads them, and no `/_stcore/metrics` (ui/guard.py);
- `server.maxUploadSize` from WISSELAAR_MAX_FILE_MB, so the upload widget states the limit
  the product applies;
- a Dutch message with a reference instead of any error a page lets through (ui/errors.py).
app.py refuses to run when it is started without this file (`streamlit run app.py`).
"""

from __future__ import annotations

import streamlit as st
from starlette.middleware import Middleware
from streamlit import config

from ui import errors, guard
from wisselaar.settings import Settings

settings = Settings.from_env()
# Internal API, but the only one that sets a server option from the process itself; whatever
# a command line or config file says, the widget and the server follow the product's limit.
config.set_option(
    "server.maxUploadSize", guard.upload_limit_mb(settings.max_file_bytes), "serve.py"
)

app = st.App(
    "app.py",
    middleware=[Middleware(guard.RequestGuard, max_bytes=settings.max_file_bytes)],
    on_script_error=errors.on_script_error,
)

if __name__ == "__main__":
    app.run()
