"""Infer a page's trim rectangle from printer's crop marks when it has no TrimBox.

Pure geometry on line segments (no PDF library).  A crop mark is a short
horizontal or vertical hairline in the outer margin that points at a trim
corner: at the top-left corner a horizontal mark lies left of the corner on
the trim's top edge and a vertical mark lies above it on the trim's left edge,
both ending the same small distance (the offset) short of the corner.  Pairs
like that at three or four corners, agreeing on one rectangle, give the trim.

Features: tolerates marks drawn as one path or many, marks touching the corner
(offset 0), registration targets and colour bars nearby (their lines cross
the point they would mark, so they never pair), short rules inside the trim
that meet in corners of their own (the marked point nearest each page corner
is taken).  Safety: the trim is refused
when it would cut text that is not wholly outside it or leave more than a
fifth of the page's lines (or more than three) outside.

What it cannot do: read marks drawn as filled shapes or fonts, rotated marks,
or marks of several pages imposed on one sheet (use the TrimBox there).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from statistics import median

from .geometry import area, inside_share
from .types import BBox

Segment = tuple[float, float, float, float]  # x0, y0, x1, y1: two end points

AXIS_TOLERANCE = 0.5  # points: a hairline this close to horizontal or vertical is axis-aligned
MARK_MIN, MARK_MAX = 4.0, 72.0  # points: length of a crop mark
MAX_OFFSET = 36.0  # points: a mark ends at most this far short of its corner
OFFSET_AGREEMENT = 2.0  # points: both marks of a corner end equally far short of it
CORNER_AGREEMENT = 1.5  # points: corners of one rectangle share their x (or y)
MIN_AREA_SHARE = 0.4  # the trim holds at least this share of the page
MAX_OUTSIDE_SHARE = 0.2  # at most this share of the text lines may lie outside the trim ...
MAX_OUTSIDE_LINES = 3  # ... or this many (a slug takes one or two)
MAX_SEGMENTS = 400  # more candidate hairlines than this is a drawing, not marks


def hairlines(segments: Iterable[Segment]) -> tuple[list[Segment], list[Segment]]:
    """Short horizontal and vertical segments, normalised so x0 <= x1 and y0 <= y1."""
    horizontal: list[Segment] = []
    vertical: list[Segment] = []
    for x0, y0, x1, y1 in segments:
        x0, x1 = min(x0, x1), max(x0, x1)
        y0, y1 = min(y0, y1), max(y0, y1)
        if abs(y1 - y0) <= AXIS_TOLERANCE and MARK_MIN <= x1 - x0 <= MARK_MAX:
            horizontal.append((x0, y0, x1, y1))
        elif abs(x1 - x0) <= AXIS_TOLERANCE and MARK_MIN <= y1 - y0 <= MARK_MAX:
            vertical.append((x0, y0, x1, y1))
    return horizontal, vertical


def _gap(lo: float, hi: float, at: float) -> tuple[float, int]:
    """Distance from ``at`` to the interval [lo, hi] and the side it lies on (-1 before, 1 after, 0 inside)."""
    if hi <= at:
        return at - hi, -1
    if lo >= at:
        return lo - at, 1
    return 0.0, 0


def corners(horizontal: Sequence[Segment], vertical: Sequence[Segment]) -> list[tuple[float, float, int, int]]:
    """Points marked by a horizontal and a vertical mark: (x, y, side_x, side_y).

    ``side_x`` -1 means the horizontal mark lies left of the point (a left
    corner), ``side_y`` -1 that the vertical mark lies above it (a top corner).
    """
    out: list[tuple[float, float, int, int]] = []
    for h in horizontal:
        y = h[1]
        for v in vertical:
            x = v[0]
            gx, sx = _gap(h[0], h[2], x)
            gy, sy = _gap(v[1], v[3], y)
            if sx and sy and gx <= MAX_OFFSET and gy <= MAX_OFFSET and abs(gx - gy) <= OFFSET_AGREEMENT:
                out.append((x, y, sx, sy))
    return out


def _rectangle(points: Sequence[tuple[float, float, int, int]], page: BBox) -> BBox | None:
    """The rectangle whose corners the points mark, when three or four corners agree.

    Of the points marking one kind of corner (top-left, …), the one nearest the page's own
    corner is taken: rules inside the trim (a form's boxes) meet in corners too, but crop marks
    lie outside everything printed.
    """
    found: dict[tuple[int, int], tuple[float, float]] = {}
    best: dict[tuple[int, int], float] = {}
    for x, y, sx, sy in points:
        cx, cy = page[0] if sx == -1 else page[2], page[1] if sy == -1 else page[3]
        distance = (x - cx) ** 2 + (y - cy) ** 2
        if distance < best.get((sx, sy), float("inf")):
            found[(sx, sy)], best[(sx, sy)] = (x, y), distance
    if len(found) < 3:
        return None
    left = [p[0] for k, p in found.items() if k[0] == -1]
    right = [p[0] for k, p in found.items() if k[0] == 1]
    top = [p[1] for k, p in found.items() if k[1] == -1]
    bottom = [p[1] for k, p in found.items() if k[1] == 1]
    if not (left and right and top and bottom):
        return None
    if max(max(s) - min(s) for s in (left, right, top, bottom)) > CORNER_AGREEMENT:
        return None
    return (median(left), median(top), median(right), median(bottom))


def text_fits(trim: BBox, text: Sequence[BBox]) -> bool:
    """True when every text box lies wholly inside or wholly outside ``trim``, few outside."""
    outside = 0
    for box in text:
        share = inside_share(box, trim)
        if 0.02 < share < 0.98:
            return False
        outside += share <= 0.02
    return outside <= max(MAX_OUTSIDE_LINES, MAX_OUTSIDE_SHARE * len(text))


def trim_from_marks(segments: Sequence[Segment], page: BBox, text: Sequence[BBox] = ()) -> BBox | None:
    """The trim rectangle the crop marks on a page point at, or None.

    Args:
        segments: straight line pieces drawn on the page (page coordinates).
        page: the visible page box the trim must lie in.
        text: boxes of the page's text lines, to refuse a trim that cuts text.
    Returns:
        ``(x0, top, x1, bottom)`` or None when fewer than three corners agree,
        the rectangle is implausible (outside the page, under 40% of it), or
        it would cut text.
    """
    horizontal, vertical = hairlines(segments)
    if len(horizontal) + len(vertical) > MAX_SEGMENTS:
        return None
    trim = _rectangle(corners(horizontal, vertical), page)
    if trim is None or inside_share(trim, page) < 0.999 or area(trim) < MIN_AREA_SHARE * area(page):
        return None
    if area(trim) > 0.995 * area(page):
        return None
    return trim if text_fits(trim, text) else None
