"""Text drawn twice in the same place: fake bold, shadows, doubled headings.

Many producers (WPS, Word exports, design tools) make text look bold or
shadowed by drawing it again over itself, a fraction of a point away; some
files simply hold a heading twice at one spot.  MuPDF folds glyphs that land
exactly on each other, but a copy drawn as its own text run comes out as a
second line: ``"COMPARISON OF 5 YEAR …"`` twice at one position, or
``"Revenue"`` over the start of ``"Revenue grew by five percent"``.  Read
naively, every such heading reads twice.

:func:`split_overprints` takes one page's lines and returns the lines to keep
and the copies to drop.  A line is a copy of another when it lies on the same
baseline, inside the other's box, at the same font size, and its text occurs
in the other's text near the matching position.  The shorter of the two goes
(of two equal ones, the one drawn first, under the other), so no text is
lost.  Lines running at a slant are left alone.

What it cannot do: find a copy drawn further away than ``OVERPRINT_SHIFT``
line heights (a deep drop shadow is then two lines), or a copy MuPDF merged
into the same line as its original (``"RevenueRevenue"``); text made bold by
stroking (rendering mode 2) is one line already and needs nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from .blocks import sizes_differ
from .normalize import clean_line
from .types import Block, Document, Line, Removed

OVERPRINT_SHIFT = 0.25  # font sizes a copy may sit away from its original, along and across the line
AXIS_SLANT = 0.05  # a direction component below this is zero: the text runs along an axis
PLACE_TOLERANCE = 0.15  # share of the longer line's length a copy's start may miss its estimated place by
MIN_COPY_CHARS = 2  # a copy holds at least this many non-space characters (a lone "1" may be a marker)
STAGE = "extract"
REASON = "overprint"


def split_overprints(lines: Sequence[Line]) -> tuple[tuple[Line, ...], tuple[Line, ...]]:
    """The lines to keep and the copies drawn over another line, both in stream order.

    ``[Line "Annual Report" at (72,185), Line "Annual Report" at (72,185)]``
    -> one kept, one copy; two lines on different baselines are both kept.
    """
    texts = [_squeezed(ln.text) for ln in lines]
    frames = [_frame(ln) for ln in lines]
    framed = sorted((_key(f), i) for i, f in enumerate(frames) if f is not None)
    dropped: set[int] = set()
    for n, (ki, i) in enumerate(framed):
        reach = ki[2] + _shift(lines[i], lines[i]) * 2  # no copy of i lies further across than this
        for kj, j in framed[n + 1:]:
            if kj[:2] != ki[:2] or kj[2] > reach:
                break
            loser = _copy_of(i, j, lines, texts, frames)
            if loser is not None:
                dropped.add(loser)
    if not dropped:
        return tuple(lines), ()
    return (tuple(ln for k, ln in enumerate(lines) if k not in dropped),
            tuple(ln for k, ln in enumerate(lines) if k in dropped))


def copy_blocks(copies: Sequence[Line], page: int, start: int = 0, reason: str = "") -> tuple[Block, ...]:
    """Lines of one page dropped before the blocks as blocks ``p<page>-o<k>`` (``k`` from ``start``),
    for the audit trail; ``reason`` (flagged on the block) when they go for another reason than
    being a copy."""
    flags = (reason,) if reason else ()
    return tuple(Block(id=f"p{page}-o{start + k}", page=page, bbox=ln.bbox, text=clean_line(ln.text), lines=(ln,),
                       size=ln.size, bold=ln.bold, flags=flags) for k, ln in enumerate(copies))


def removed_copies(doc: Document) -> list[Removed]:
    """Every page's lines dropped before the blocks as removals (reason ``overprint``, or the one
    flagged on the block), in page order."""
    return [Removed(b, b.flags[0] if b.flags else REASON, STAGE) for page in doc.pages for b in page.overprints]


class _Frame(NamedTuple):
    """A line's box in its own reading direction: ``along`` grows as the text runs."""

    axis: int  # 0: horizontal text, 1: vertical text
    sign: int  # +1: left to right (top to bottom), -1: the other way
    along: tuple[float, float]
    across: tuple[float, float]


def _frame(line: Line) -> _Frame | None:
    """The line's frame; None for text at a slant (no copies looked for)."""
    dx, dy = line.spans[0].direction if line.spans else (1.0, 0.0)
    x0, y0, x1, y1 = line.bbox
    if abs(dy) < AXIS_SLANT:
        sign = 1 if dx > 0 else -1
        return _Frame(0, sign, (x0, x1) if sign > 0 else (-x1, -x0), (y0, y1))
    if abs(dx) < AXIS_SLANT:
        sign = 1 if dy > 0 else -1
        return _Frame(1, sign, (y0, y1) if sign > 0 else (-y1, -y0), (x0, x1))
    return None


def _key(f: _Frame) -> tuple[int, int, float]:
    return (f.axis, f.sign, f.across[0])


def _copy_of(i: int, j: int, lines: Sequence[Line], texts: Sequence[str],
             frames: Sequence[_Frame | None]) -> int | None:
    """Which of lines ``i`` and ``j`` is a copy drawn over the other, if either.

    The shorter text is the copy; of two equal texts the one drawn first (under
    the other: a shadow, a white halo), so what stays is what the reader sees.
    """
    a, b = (i, j) if (len(texts[i]), i) < (len(texts[j]), j) else (j, i)
    if len(texts[a]) < MIN_COPY_CHARS or texts[a] not in texts[b]:
        return None
    short, long_ = lines[a], lines[b]
    if sizes_differ(short.size, long_.size):
        return None
    fs, fl = frames[a], frames[b]
    assert fs is not None and fl is not None
    shift = _shift(short, long_)
    if abs(fs.across[0] - fl.across[0]) > shift or abs(fs.across[1] - fl.across[1]) > shift:
        return None
    if fs.along[0] < fl.along[0] - shift or fs.along[1] > fl.along[1] + shift:
        return None
    return a if _in_place(texts[a], texts[b], fs.along[0], fl.along, shift) else None


def _in_place(short: str, long_: str, start_at: float, along: tuple[float, float], shift: float) -> bool:
    """``short`` starts, somewhere in ``long_``, about where the longer line would draw it."""
    length = along[1] - along[0]
    slack = shift + PLACE_TOLERANCE * length
    start = long_.find(short)
    while start >= 0:
        if abs(along[0] + length * start / len(long_) - start_at) <= slack:
            return True
        start = long_.find(short, start + 1)
    return False


def _shift(a: Line, b: Line) -> float:
    """How far apart a copy and its original may sit: a share of the larger font size."""
    return OVERPRINT_SHIFT * max(a.size, b.size, 1.0)


def _squeezed(text: str) -> str:
    return "".join(text.split())
