"""The app and the command line run on the runtime dependencies alone: the libraries that build the
boundary files (the `boundaries` extra) are never imported, so a server can go without them."""
import subprocess
import sys

from geo.paths import ROOT

BOUNDARY_LIBRARIES = ("geopandas", "pyogrio", "pyproj", "shapely")

# Every geo module, every page's helpers, each page run once and a command-line export; then the
# names of the boundary libraries that ended up imported, one a line.
EVERYTHING_THE_APP_RUNS = f"""
import contextlib, importlib, io, pkgutil, sys, tempfile
import geo
from streamlit.testing.v1 import AppTest

for module in pkgutil.iter_modules(geo.__path__):
    importlib.import_module(f"geo.{{module.name}}")
for helper in ("cache", "components", "exports", "mapview", "style", "urlstate"):
    importlib.import_module(f"pages.{{helper}}")
for page in ("map", "timeline", "sources", "countries", "fergana", "codebook", "briefing"):
    app = AppTest.from_file("app.py", default_timeout=60).switch_page(f"pages/{{page}}.py").run()
    assert not app.exception, (page, app.exception)
from geo.__main__ import run
with tempfile.TemporaryDirectory() as folder, contextlib.redirect_stderr(io.StringIO()):
    for fmt in ("json", "csv", "geojson", "html"):
        assert run(["export", "--year", "2016", "--format", fmt, "--output", f"{{folder}}/export.{{fmt}}"]) == 0
print("\\n".join(name for name in {BOUNDARY_LIBRARIES!r} if name in sys.modules))
"""


def test_the_app_and_the_command_line_import_no_boundary_library():
    done = subprocess.run([sys.executable, "-c", EVERYTHING_THE_APP_RUNS], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == []


# The pages a room opens first, run as a fresh server's first visit would; then the chart and table
# libraries that ended up imported, one a line.
FIRST_VISITS = """
import sys
from streamlit.testing.v1 import AppTest
from pages import startup

# The map as the default page, through app.py's routing; then each page with a year (AppTest runs a page
# it switches to without app.py).
apps = [AppTest.from_file("app.py", default_timeout=60).run()]
for page in ("briefing", "timeline", "countries", "fergana"):
    apps.append(AppTest.from_file("app.py", default_timeout=60).switch_page(f"pages/{page}.py").run())
for app in apps:
    assert not app.exception, app.exception
print("\\n".join(name for name in startup.CHART_LIBRARIES if name in sys.modules))
"""


def test_the_pages_with_a_year_import_no_chart_library():
    """numpy, pandas and pyarrow take ~0.4 s to import: a projector's first view must not wait for them."""
    done = subprocess.run([sys.executable, "-c", FIRST_VISITS], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert set(done.stdout.split()) <= {"plotly.io"}
