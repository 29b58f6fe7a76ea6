"""Text measures used by tests and quality gates.

:func:`dup_residue` answers "how much of this text is still repeated?": the
share of characters (whitespace removed) covered by an ``n``-character window
that occurs at least twice.  It hashes windows with a 64-bit polynomial hash,
so two different windows collide with probability ~2^-64 per pair: fine for a
measure, not a proof.  It sees characters only, so a repeat that differs in one
character every ``n`` characters is not counted.
"""

from __future__ import annotations

import numpy as np

from . import patterns as P

_BASE = np.uint64(0x9E3779B97F4A7C15)  # odd multiplier of the window hash


def window_hashes(codes: np.ndarray, n: int) -> np.ndarray:
    """64-bit hashes of every ``n``-long window of ``codes`` (uint64 code points).

    Returns an empty array when there are fewer than ``n`` codes.
    """
    m = len(codes) - n + 1
    if m <= 0:
        return np.zeros(0, dtype=np.uint64)
    h = np.zeros(m, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(n):
            h = h * _BASE + codes[j:j + m] + np.uint64(1)
    return h


def text_codes(text: str) -> np.ndarray:
    """Code points of ``text`` with all whitespace removed, as uint64."""
    # str.split drops what ANY_SPACE matches and the separators \x1c-\x1f too: the regex only for
    # a text holding one of those (the split is four times faster on a document's text)
    squeezed = P.ANY_SPACE.sub("", text) if P.INFO_SEPARATOR.search(text) else "".join(text.split())
    return np.frombuffer(squeezed.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)


def dup_residue(text: str, n: int = 20) -> float:
    """Share of non-space characters inside an ``n``-char run occurring twice or more.

    ``dup_residue("abc" * 3, n=3) -> 1.0``; ``dup_residue("abcdef", n=3) -> 0.0``.
    Returns 0.0 for text shorter than ``n``.
    """
    codes = text_codes(text)
    h = window_hashes(codes, n)
    if not len(h):
        return 0.0
    _, inverse, counts = np.unique(h, return_inverse=True, return_counts=True)
    repeated = counts[inverse] >= 2
    delta = np.zeros(len(codes) + 1, dtype=np.int64)
    starts = np.flatnonzero(repeated)
    np.add.at(delta, starts, 1)
    np.add.at(delta, starts + n, -1)
    covered = np.cumsum(delta[:-1]) > 0
    return float(covered.mean())
