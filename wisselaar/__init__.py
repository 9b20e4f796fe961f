"""Wisselaar-dashboard core: workbooks in, versioned DuckDB store, answers out.

This package never imports Streamlit (tests/unit/test_core_is_streamlit_free.py proves it),
so the command line, the benchmark and the app share one implementation.
"""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
DATA_DIR = PROJECT_DIR / "data"
QUERIES_DIR = PROJECT_DIR / "queries"

__version__ = "0.1.0"
