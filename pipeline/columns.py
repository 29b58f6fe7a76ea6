"""Reading order of one page's blocks: a recursive XY-cut that keeps columns whole.

Features: any number of columns; mixed pages, where a block bridging the
column gutters (a full-width heading, table, figure or paragraph) cuts the page
into bands read top to bottom, each band read column by column; columns inside
columns; text wrapped around an inset (a block lying inside another block's
box) read top to bottom.  Drawings with no text on them (charts, photos) may be
passed as *obstacles*: they take part in the cut like blocks, so a chart
spanning both columns separates the column runs above and below it.

How: the region is cut at every horizontal gap no block covers into *rows*;
consecutive rows join into one *band* while their blocks together still leave
a vertical *gutter* (an x-range of at least ``MIN_GUTTER`` points that no block
crosses, with blocks on both sides), unless one of them is a lone heading with
nothing beside it (a spanning heading shorter than a column is wide, over or
under a column run); a band with gutters is cut into columns,
and every piece is ordered the same way, recursively.  A row that bridges all
gutters (nothing can be cut) is read top to bottom, left to right.

Restrictions: columns need a clean gutter, so one stray block running across
it merges the columns of its band into one read top to bottom; a short block
standing left of a column run it does not belong to (a short full-width
paragraph line stops before the gutter) is read with the left column;
right-to-left scripts and vertical text are read left to right, top to bottom.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .blocks import body_size
from .geometry import inside_share
from .normalize import ends_sentence
from .types import BBox, Block

MIN_GUTTER = 4.0  # points: a narrower uncovered x-range is not a gutter between columns
Y_SLACK = 2.0  # points shaved off the top and bottom of each box before looking for row gaps
HEADING_SIZE = 1.2  # a lone row in type this many times the band's median size may separate column runs


@dataclass(frozen=True)
class Slot:
    """Where the cut put a block: its band on the page, its column in the band (and that column's
    x-range), the band's number of columns."""

    block: Block
    band: int
    column: int
    columns: int
    span: tuple[float, float] = (0.0, 0.0)  # the column's x-range in its band, gutter centre to gutter centre


@dataclass(frozen=True)
class _Item:
    """A box taking part in the cut: a block, or an obstacle (``block`` is None)."""

    box: BBox
    block: Block | None = None


def read_order(blocks: Sequence[Block], obstacles: Sequence[BBox] = (), min_gutter: float = MIN_GUTTER,
               body: float = 0.0) -> list[Slot]:
    """The page's blocks in reading order, each with its top-level band and column.

    Args:
        blocks: the blocks of one page (any order).
        obstacles: boxes of text-free drawings that separate column runs like blocks do.
        min_gutter: narrowest gap between two columns, in points.
        body: the document's body font size (0: the page's), against which lone headings are judged.
    Returns:
        One Slot per block (obstacles are dropped), in reading order.
    """
    items = [_Item(b.bbox, b) for b in blocks] + [_Item(o) for o in obstacles]
    body = body or body_size(blocks)
    out: list[Slot] = []
    for band_no, band in enumerate(bands(items, min_gutter, body)):
        cols = columns(band, min_gutter)
        edges = [_reach(cols[0], items, 0), *gutters(band, min_gutter), _reach(cols[-1], items, 2)]
        for col_no, col in enumerate(cols):
            span = (edges[col_no], edges[col_no + 1])
            for item in _order(col, min_gutter, body):
                if item.block is not None:
                    out.append(Slot(item.block, band_no, col_no, len(cols), span))
    return out


def _reach(col: Sequence[_Item], items: Sequence[_Item], side: int) -> float:
    """How far an outer column reaches (``side`` 0: left, 2: right): its own edge, or that of any item of
    the page standing in line with it (a short last column is as wide as the column above it).  A column
    of boxes without width (ActualText read over pictures) overlaps nothing, not even itself."""
    lo, hi = min(i.box[0] for i in col), max(i.box[2] for i in col)
    near = [i.box[side] for i in items if i.box[0] < hi and lo < i.box[2]] + [lo if side == 0 else hi]
    return min(near) if side == 0 else max(near)


def _order(items: list[_Item], min_gutter: float, body: float = 0.0) -> list[_Item]:
    """Items in reading order: bands top to bottom, columns left to right, recursively."""
    if len(items) <= 1:
        return items
    found = bands(items, min_gutter, body)
    if len(found) > 1:
        return [x for band in found for x in _order(band, min_gutter, body)]
    cols = columns(items, min_gutter)
    if len(cols) > 1:
        return [x for col in cols for x in _order(col, min_gutter, body)]
    return sorted(items, key=lambda i: (i.box[1], i.box[0]))


def rows(items: Sequence[_Item]) -> list[list[_Item]]:
    """Items cut at every horizontal gap that no (slightly shrunk) box covers, top to bottom."""
    out: list[list[_Item]] = []
    reach = float("-inf")
    for item in sorted(items, key=lambda i: (_top(i.box), i.box[0])):
        if not out or _top(item.box) > reach:
            out.append([])
        out[-1].append(item)
        reach = max(reach, _bottom(item.box))
    return out


def bands(items: Sequence[_Item], min_gutter: float = MIN_GUTTER, body: float = 0.0) -> list[list[_Item]]:
    """Consecutive rows joined while the joined items still have a gutter (and no heading separates them;
    ``body``: the document's body size, see :func:`separates`)."""
    out: list[list[_Item]] = []
    counts: list[list[int]] = []  # items per row of each band
    for row in rows(items):
        if (out and gutters(out[-1] + row, min_gutter)
                and not separates(out[-1], row, body) and not separates(row, out[-1], body)):
            out[-1] = out[-1] + row
            counts[-1].append(len(row))
        else:
            out.append(list(row))
            counts.append([len(row)])
    return [part for band, n in zip(out, counts) for part in _staircase(band, n)]


def _staircase(band: list[_Item], counts: Sequence[int]) -> list[list[_Item]]:
    """A band whose rows hold one item each (nothing stands beside anything: a title, a label
    right under it, a line left under that) cut back into its rows, read top to bottom; columns
    need two items side by side somewhere."""
    if len(counts) < 2 or any(n != 1 for n in counts):
        return [band]
    return [[item] for item in band]


def separates(band: Sequence[_Item], row: Sequence[_Item], doc_body: float = 0.0) -> bool:
    """A row holding one heading (type ``HEADING_SIZE`` × the band's body size or larger, a few lines,
    no full stop) with nothing of the band beside it (every block left or right of it ends above it or
    starts below it): a spanning heading narrower than one column, under or over a column run, or
    centred over short lines left and right of its ends (NEE's "第四节财务报表").  A band of one block
    has no body size of its own (a heading under a flush-right chapter title): the document's body size
    (``doc_body``, from :func:`read_order`) is used when smaller."""
    if len(row) != 1 or row[0].block is None:
        return False
    head = row[0].block
    blocks = [i.block for i in band if i.block is not None]
    body = body_size(blocks)
    body = min(body, doc_body) if len(blocks) == 1 and doc_body > 0 else body
    if head.size < HEADING_SIZE * body or len(head.lines) > 3 or ends_sentence(head.text):
        return False
    beside = [i for i in band if i.box[0] > head.bbox[2] or i.box[2] < head.bbox[0]]
    return bool(beside) and all(_bottom(i.box) <= _top(head.bbox) or _top(i.box) >= _bottom(head.bbox)
                                for i in beside)


def columns(items: Sequence[_Item], min_gutter: float = MIN_GUTTER) -> list[list[_Item]]:
    """Items split at their gutters, left to right (one list when there is no gutter)."""
    cuts = gutters(items, min_gutter)
    out: list[list[_Item]] = [[] for _ in range(len(cuts) + 1)]
    for item in items:
        centre = (item.box[0] + item.box[2]) / 2
        out[sum(1 for g in cuts if centre > g)].append(item)
    return [c for c in out if c]


def gutters(items: Sequence[_Item], min_gutter: float = MIN_GUTTER) -> list[float]:
    """Centres of the x-ranges at least ``min_gutter`` wide that no item covers, between items.

    ``[(0,0,10,5), (20,0,30,5)] -> [15.0]``; overlapping boxes leave none.
    """
    spans = sorted((i.box[0], i.box[2]) for i in items)
    if not spans:
        return []
    out, reach = [], spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - reach >= min_gutter:
            out.append((reach + x0) / 2)
        reach = max(reach, x1)
    return out


def _shave(box: BBox) -> float:
    return min(Y_SLACK, (box[3] - box[1]) / 4)


def _top(box: BBox) -> float:
    return box[1] + _shave(box)


def _bottom(box: BBox) -> float:
    return box[3] - _shave(box)


def obstacles(figures: Sequence[BBox], blocks: Sequence[Block], max_text_share: float = 0.3) -> list[BBox]:
    """Figures with no text on them: no block has ``max_text_share`` of its area inside.

    A figure holding text (a shaded box, a frame round the page, a ruled table)
    is no obstacle: its blocks are ordered themselves.
    """
    return [f for f in figures if all(inside_share(b.bbox, f) < max_text_share for b in blocks)]


__all__ = ["Slot", "read_order", "rows", "bands", "separates", "columns", "gutters", "obstacles", "MIN_GUTTER", "Y_SLACK"]
