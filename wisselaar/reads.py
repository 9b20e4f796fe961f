"""Cached reads for the app: query results keyed on (query, parameters, data version).

The data version is read from the database files' status (size and modification time of the
file and its write-ahead log), which costs no lock: most reruns never open the database, and a
new upload (which changes the files) shows at once. The cache is bounded (least recently used
out first) and shared by all sessions of a process. Results are shared: treat them as read-only.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from wisselaar import queries
from wisselaar.settings import Settings
from wisselaar.store import Store

MAX_ENTRIES = 512
T = TypeVar("T")
_cache: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_lock = threading.Lock()
_making: dict[tuple[Any, ...], threading.Lock] = {}  # the keys being made, one lock each


def data_token(db_path: Path) -> tuple[Any, ...]:
    """Changes whenever the database changes; no connection needed."""
    token: list[Any] = [str(db_path)]
    for path in (db_path, db_path.with_name(db_path.name + ".wal")):
        try:
            status = path.stat()
            token += [status.st_mtime_ns, status.st_size]
        except FileNotFoundError:
            token += [None, None]
    return tuple(token)


def _freeze(value: Any) -> Any:
    return tuple(value) if isinstance(value, list | tuple) else value


def frame(settings: Settings, name: str | queries.Query, **params: Any) -> pd.DataFrame:
    """The rows of named query `name`, from the cache while the data is unchanged."""
    key = (
        name if isinstance(name, str) else name.name,
        tuple(sorted((k, _freeze(v)) for k, v in params.items())),
        data_token(settings.db_path),
    )

    def produce() -> pd.DataFrame:
        with Store(settings.db_path, settings.lock_timeout_s).read() as con:
            return queries.frame(con, name, **params)

    return _once(key, produce)


def memo(settings: Settings, name: str, params: dict[str, Any], produce: Callable[[], T]) -> T:
    """Any value derived from the data, cached like `frame` (by name, parameters, version)."""
    key = (
        "memo:" + name,
        tuple(sorted((k, _freeze(v)) for k, v in params.items())),
        data_token(settings.db_path),
    )
    return _once(key, produce)


def _once(key: tuple[Any, ...], produce: Callable[[], T]) -> T:
    """The cached value of `key`, else `produce()`'s; made by one thread at a time per key
    (another session, or the warm-up, asking for it meanwhile waits for that value instead
    of making it too)."""
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]  # type: ignore[no-any-return]
        making = _making.setdefault(key, threading.Lock())
    with making:
        with _lock:
            if key in _cache:
                return _cache[key]  # type: ignore[no-any-return]
        try:
            value = produce()
            with _lock:
                _cache[key] = value
                while len(_cache) > MAX_ENTRIES:
                    _cache.popitem(last=False)
        finally:
            with _lock:
                _making.pop(key, None)
    return value


def clear() -> None:
    with _lock:
        _cache.clear()
