"""Reading order on each logical page, and paragraphs joined across breaks.

Order: blocks wider than ``SPAN_SHARE`` of the text area span the columns and
cut the page into horizontal bands; inside a band, column gutters are the
x-ranges no block covers, and blocks are read column by column, top to bottom.
This handles one to three columns with full-width headings, tables and
figures between column runs.  Geometry-less pages (text dumps) keep file order.

Paragraphs: consecutive body blocks are joined when the sentence continues
(Chinese: the previous block does not end with 。！？；：…; English: it does not
end a sentence and the next starts in lower case), across columns and pages.

What it cannot do yet: tell a sidebar from a narrow column (both are
columns), or read vertical CJK text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from . import patterns as P
from .geometry import union
from .normalize import ends_sentence, join_pair
from .types import BODY, Block, Document, Page

SPAN_SHARE = 0.6  # a block wider than this share of the text area spans columns
MIN_GUTTER = 6.0  # points: narrower uncovered x-ranges are word gaps, not gutters


def order_document(doc: Document) -> Document:
    """Every page's blocks in reading order, ``Block.order`` numbered across the document."""
    pages, n = [], 0
    for page in doc.pages:
        ordered = order_page(page) if page.geometry else list(page.blocks)
        blocks = []
        for b in ordered:
            blocks.append(replace(b, order=n))
            n += 1
        pages.append(replace(page, blocks=tuple(blocks)))
    return replace(doc, pages=tuple(pages))


def order_page(page: Page) -> list[Block]:
    blocks = sorted(page.blocks, key=lambda b: (b.bbox[1], b.bbox[0]))
    if len(blocks) < 2:
        return blocks
    area = union(b.bbox for b in blocks)
    wide = max(area[2] - area[0], 1.0) * SPAN_SHARE
    out: list[Block] = []
    band: list[Block] = []
    for b in blocks:
        if b.bbox[2] - b.bbox[0] >= wide:
            out.extend(_columns(band))
            band = []
            out.append(b)
        else:
            band.append(b)
    out.extend(_columns(band))
    return out


def _columns(blocks: list[Block]) -> list[Block]:
    """Blocks of one band read column by column."""
    if len(blocks) < 2:
        return blocks
    gutters = _gutters(blocks)
    def col(b: Block) -> int:
        cx = (b.bbox[0] + b.bbox[2]) / 2
        return sum(1 for g in gutters if cx > g)
    return sorted(blocks, key=lambda b: (col(b), b.bbox[1], b.bbox[0]))


def _gutters(blocks: Sequence[Block]) -> list[float]:
    """Centres of x-ranges that no block covers, between the leftmost and rightmost block."""
    spans = sorted((b.bbox[0], b.bbox[2]) for b in blocks)
    gutters, reach = [], spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - reach >= MIN_GUTTER:
            gutters.append((reach + x0) / 2)
        reach = max(reach, x1)
    return gutters


def continues(prev: Block, nxt: Block) -> bool:
    """Whether ``nxt`` carries on the sentence ``prev`` leaves open."""
    if prev.kind != BODY or nxt.kind != BODY or not prev.text or not nxt.text:
        return False
    if ends_sentence(prev.text) or P.LIST_ITEM.match(nxt.text):
        return False
    last, first = prev.text[-1], nxt.text[0]
    if P.CJK.match(last) or P.CJK.match(first):
        return True
    return first.islower() or bool(P.HYPHEN_END.search(prev.text))


def merge_paragraphs(doc: Document) -> Document:
    """Join body blocks whose sentence continues in the next one (file order = reading order)."""
    flat: list[Block] = []
    for page in doc.pages:
        for b in page.blocks:
            if flat and continues(flat[-1], b):
                flat[-1] = _joined(flat[-1], b)
            else:
                flat.append(b)
    by_page: dict[int, list[Block]] = {}
    for b in flat:
        by_page.setdefault(b.page, []).append(b)
    pages = tuple(replace(p, blocks=tuple(by_page.get(p.index, ()))) for p in doc.pages)
    return replace(doc, pages=pages)


def _joined(a: Block, b: Block) -> Block:
    bbox = union([a.bbox, b.bbox]) if a.page == b.page else a.bbox
    return replace(a, text=join_pair(a.text, b.text), bbox=bbox, lines=a.lines + b.lines,
                   flags=tuple(dict.fromkeys(a.flags + ("joined",))))
