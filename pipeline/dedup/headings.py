"""Headings repeated over nothing: the last dedup step, after the block and segment passes.

The text passes never judge headings (a title recurs inside its text: that is content), so a
doubled spread's section titles outlive their repeated text, and a title repeated at the top
of each continuation page ("Notes … (continued)") starts a section, or a chapter, each time.

Also here: :func:`sole_answers`, the text a numbered title stands over alone (a 10-K item's one
sentence), which the text passes leave alone.

Limits: headings are compared by their dedup tokens, so two titles differing only in
punctuation are one; a repeated title over text of its own stays.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from .. import patterns as P
from ..numbering import STRONG_RANK, numbering
from ..types import HEADING, Block, Removed
from .minhash import tokens
from .reasons import EXACT, _removed


def repeated_headings(blocks: Sequence[Block]) -> list[Removed]:
    """Headings that repeat an earlier heading word for word and stand for nothing of their own.

    Such a heading goes when it heads no text (the next block is a heading of its level or
    above, or there is none: a doubled spread's section titles, left when its text went as
    repeats; a heading over a deeper one heads that: "Part I" over "Item 1. Business"), directly
    follows its twin (a title repeated at the top of the next page), or repeats it with a
    continuation mark (``P.CONTINUED_MARK``: "Notes (continued)", "…（续）"), its text left
    to the first.  A repeated title over text of its own stays (a programme's two sessions
    of one talk).

    Args:
        blocks: the document's kept blocks in reading order, headings included.
    Returns:
        One ``exact_duplicate`` removal per such heading, naming the first heading it repeats.
    """
    first: dict[tuple[str, ...], Block] = {}
    removed: list[Removed] = []
    for i, block in enumerate(blocks):
        if block.kind != HEADING:
            continue
        bare = P.CONTINUED_MARK.sub("", block.text)
        if not (key := tuple(tokens(bare))):
            continue
        twin = first.setdefault(key, block)
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        continued = bare != block.text
        heads_none = nxt is None or nxt.kind == HEADING and nxt.level <= block.level
        if twin is not block and (continued or heads_none or blocks[i - 1] is twin):
            removed.append(_removed(block, EXACT, twin, 1.0))
    return removed


def sole_answers(blocks: Sequence[Block]) -> frozenset[str]:
    """Ids of blocks that are the only text under a named title numbered in a strong style (Part,
    Chapter, Section, Item, 第X章) whose number no other heading has: the block right under the
    title, followed by a heading of the title's level or above, or by nothing.

    Such a block is the title's answer, not a repeat, though its words may be another's:
    en_lyft_2021_10k.pdf answers Items 11-14 with one sentence ("The information required by this
    item is incorporated by reference to the definitive Proxy Statement …").  A number used twice
    (a doubled page, a running head) protects nothing.

    Args:
        blocks: the document's blocks in reading order, headings classified.
    """
    keys = [_strong_key(b) for b in blocks]
    counts = Counter(k for k in keys if k is not None)
    out: set[str] = set()
    for i in range(1, len(blocks)):
        head, block = blocks[i - 1], blocks[i]
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        key = keys[i - 1]
        if key is None or counts[key] != 1 or block.kind == HEADING:
            continue
        if nxt is None or (nxt.kind == HEADING and nxt.level <= head.level):
            out.add(block.id)
    return frozenset(out)


def _strong_key(block: Block) -> tuple[str, str] | None:
    """A heading's strong numbering as ``(family, number)`` when it has a name after it, else None."""
    if block.kind != HEADING:
        return None
    n = numbering(block.text)
    return (n.family, n.number) if n is not None and n.rest and not n.glued and n.rank <= STRONG_RANK else None
