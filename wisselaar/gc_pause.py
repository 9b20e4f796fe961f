"""Pausing Python's cyclic garbage collector around bulk work.

Reading and checking a large upload creates millions of small, acyclic objects (cells, tuples,
Decimals); each few thousand new objects set off a collection that walks all of them, which
doubled the import time. Reference counting still frees everything; the pause only skips the
cycle search, and it always ends (also on an error)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
