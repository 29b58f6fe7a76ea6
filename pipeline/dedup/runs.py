"""The run pass: runs of blocks that repeat an earlier run in the same order, in text dumps.

A text dump of split spreads holds every spread twice.  The block and segment passes
remove the second copy's paragraphs, but not its short blocks (table cells, labels,
callouts under ``SHORT_BLOCK`` characters, never judged alone: a "Yes" or a "2022"
recurs as content), so a doubled table stayed cell for cell.  :func:`repeated_runs`
finds runs of at least ``RUN_BLOCKS`` consecutive blocks, with at least ``min_chars``
characters (whitespace removed), whose texts come in the same order earlier, the copy
starting after its source ends; :func:`dedup_runs` removes a copy's blocks that are
still kept while their source block is, on pages mostly made of copies (``PAGE_SHARE``).

Limits: a copy cut into blocks differently from its source (two cells glued in one
pass of the extractor, not in the other) breaks the run there; a run under
``min_chars`` (a table's row of cells restated, a short header row) stays, and so does
any run on a page not mostly copied (a header row or legend repeated over a continued
table, a code listing restated); a dump without page numbers or form feeds is one page,
whose copied half may fall short of ``PAGE_SHARE``.  PDF documents skip this
pass: geometry undoes their spreads, and their repeats are the report's own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from ..types import Block, Removed
from .reasons import RUN, STAGE

RUN_BLOCKS = 3  # blocks of a run, at least; also the length of the seed a run is found by
PAGE_SHARE = 0.5  # share of a page's characters in copied runs that makes it a copy
CANDIDATES = 32  # most recent earlier starts of a seed compared (a crowded seed stays linear)

Run = tuple[int, int, int]  # (first block of the copy, blocks, first block of the source)


def repeated_runs(keys: Sequence[str], min_chars: int, min_blocks: int = RUN_BLOCKS) -> list[Run]:
    """Copies in ``keys`` (block texts) of earlier runs: ``(start, length, source)``, longest source first.

    ``(["a1", "b2", "c3", "x", "a1", "b2", "c3"], min_chars=6) -> [(4, 3, 0)]``.
    """
    squeezed = ["".join(k.split()) for k in keys]
    starts: dict[tuple[str, ...], list[int]] = {}
    out: list[Run] = []
    j = 0
    while j + min_blocks <= len(squeezed):
        seed = tuple(squeezed[j:j + min_blocks])
        length, source = _longest(squeezed, j, starts.get(seed, [])[-CANDIDATES:])
        if length >= min_blocks and sum(map(len, squeezed[j:j + length])) >= min_chars:
            out.append((j, length, source))
            j += length
            continue
        starts.setdefault(seed, []).append(j)
        j += 1
    return out


def _longest(keys: list[str], j: int, candidates: list[int]) -> tuple[int, int]:
    """The longest run at ``j`` equal to one at an earlier candidate start and ending before ``j``."""
    best = (0, -1)
    for i in reversed(candidates):
        n = 0
        while j + n < len(keys) and i + n < j and keys[i + n] == keys[j + n]:
            n += 1
        if n > best[0]:
            best = (n, i)
    return best


def dedup_runs(blocks: Sequence[Block], kept: set[str], min_chars: int) -> list[Removed]:
    """Removals of the copies' blocks found in ``blocks`` (a dump's blocks in reading order, before
    the other passes) whose id is in ``kept`` while their source's is too, on pages that are
    copies: at least ``PAGE_SHARE`` of a page's characters lie in copied runs (a doubled spread's
    page is one; a table's header row repeated over its continuation is a small part of its page)."""
    runs = repeated_runs([b.text for b in blocks], min_chars)
    copied = Counter[int]()
    for start, length, _ in runs:
        for b in blocks[start:start + length]:
            copied[b.page] += _chars(b)
    total = Counter[int]()
    for b in blocks:
        total[b.page] += _chars(b)
    removed = []
    for start, length, source in runs:
        for k in range(length):
            copy, original = blocks[start + k], blocks[source + k]
            if copy.id in kept and original.id in kept and copied[copy.page] >= PAGE_SHARE * total[copy.page]:
                removed.append(Removed(copy, RUN, STAGE, {"kept": original.id, "similarity": 1.0,
                                                          "run_blocks": length}))
    return removed


def _chars(block: Block) -> int:
    return len("".join(block.text.split()))
