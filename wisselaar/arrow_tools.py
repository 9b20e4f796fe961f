"""Small column operations the checks share (Arrow and NumPy), each in one place.

Grouping is done with dictionary codes and NumPy rather than Arrow's Acero engine: for the
few questions asked here (is a key repeated, where did it first occur, a sum per key) that is
several times faster and keeps everything on one thread.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


def flat(values: pa.Array) -> tuple[pa.Array, pa.Array]:
    """(item, row position) for every value of a column; a list gives one per item."""
    if pa.types.is_list(values.type):
        return pc.list_flatten(values), pc.list_parent_indices(values)
    return values, pa.array(np.arange(len(values)), pa.int64())


def false(length: int) -> pa.Array:
    return pa.array(np.zeros(length, dtype=bool))


def mask(positions: pa.Array | np.ndarray, length: int) -> np.ndarray:
    """A boolean array with True at `positions`."""
    marked = np.zeros(length, dtype=bool)
    marked[np.asarray(positions, dtype=np.int64)] = True
    return marked


def joined_key(columns: list[pa.Array]) -> pa.Array:
    """One text key from one or more columns; null where any part is null."""
    if len(columns) == 1:
        return pc.cast(columns[0], pa.string())
    return pc.binary_join_element_wise(*(pc.cast(c, pa.string()) for c in columns), "\x1f")


def codes(keys: pa.Array) -> np.ndarray:
    """A whole number per distinct key (int64), -1 where the key is null."""
    indices = pc.dictionary_encode(keys).indices
    return pc.fill_null(pc.cast(indices, pa.int64()), -1).to_numpy()


def first_seen(keys: np.ndarray) -> np.ndarray:
    """For every position, the position where its code occurs first."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    starts = np.concatenate([[True], ordered[1:] != ordered[:-1]])
    first = np.empty_like(order)
    first[order] = order[starts][np.cumsum(starts) - 1]
    return first


def repeated(keys: np.ndarray) -> bool:
    """Whether a code (>= 0) occurs more than once."""
    present = np.sort(keys[keys >= 0])
    return bool((present[1:] == present[:-1]).any())
