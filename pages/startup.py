"""What the pages import, imported by one thread at a time.

Imported by the first runs of concurrent sessions, a library could be seen half-initialised by
another thread ("partially initialized module 'numpy'"). So the app's own modules are imported, and
the dataset loaded, by one thread as the server starts, and every script run waits for it (app.py
calls app_modules()). The libraries behind Streamlit's charts and tables (numpy, pandas, pyarrow),
which the map never uses, are imported under a lock by the first run of a page that draws them
(chart_libraries()).

Neither holds up the server: imported before it answered, they kept the first visitor's page waiting
their whole import time (~0.6 s), and imported while the browser loads the map they competed with it.
"""
from __future__ import annotations

import threading
from importlib import import_module

from pages import incoming

APP_MODULES = ("pages.cache", "pages.exports", "pages.mapview", "pages.urlstate")
CHART_LIBRARIES = ("plotly.io", "plotly.tools", "numpy", "pandas", "pyarrow")

_thread: threading.Thread | None = None
_failure: BaseException | None = None
_chart_lock = threading.Lock()


def begin() -> None:
    """Check every browser message against the contract (pages/incoming.py), and start importing the
    app's modules and loading the dataset (once). Without it, as under `streamlit run app.py` or in
    tests, app_modules() returns at once and the pages do it themselves."""
    global _thread
    if _thread is None:
        incoming.check_every_rerun()
        _thread = threading.Thread(target=_prepare, name="atlas-startup", daemon=True)
        _thread.start()


def _prepare() -> None:
    global _failure
    try:
        for module in APP_MODULES:
            import_module(module)
    except BaseException as exc:  # raised again in every script run, so the page shows it
        _failure = exc
        return
    from geo.records import DataError
    try:
        import_module("pages.cache").everything()
    except DataError:
        pass  # not cached: every page loads it again and says what is wrong (cache.data_or_stop)


def app_modules() -> None:
    """Wait until the app's modules are imported and the dataset loaded."""
    if _thread is not None:
        _thread.join()
    if _failure is not None:
        raise _failure


def chart_libraries() -> None:
    """Import the chart and table libraries, one run at a time (a no-op once they are loaded)."""
    with _chart_lock:
        for module in CHART_LIBRARIES:
            import_module(module)
