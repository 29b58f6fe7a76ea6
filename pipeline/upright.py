"""Logical pages whose text runs sideways or upside down, turned to read left to right.

A landscape table set on a portrait page, a timetable printed across an A5
page, a page drawn turned and shown upright by ``/Rotate`` (MuPDF reports
text in the page's unrotated coordinates either way): their lines arrive
vertical, so each line would become a block of its own and the page would
read bottom to top.  :func:`turn_part` turns such a page by 90, 180 or 270
degrees, clockwise, when most of its characters then run left to right:
lines, spans (boxes and writing directions), drawings and the page size turn
with it, and the page gets the flag ``turned_<degrees>``.

It runs on logical pages, after imposition is undone (sheets are cut and
ordered in their own coordinates, so a booklet of sideways pages is still
found).  ``Part.region`` stays in the unrotated MediaBox space.

What it cannot do: tell vertical CJK columns from sideways text (they are
turned like it); turn part of a page (a sideways table under upright text
stays as it is when the upright text has the majority).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from .types import BBox, Line, Span

UPRIGHT_SHARE = 0.5  # a page is turned when more than this share of its characters read upright after it
TURNED = "turned_"  # prefix of the flag a turned page gets, before its clockwise degrees
SLANT = 0.2  # a span whose direction has both components above this is slanted (a watermark): no vote


def upright_turn(spans: Sequence[Span], share: float = UPRIGHT_SHARE) -> int:
    """The clockwise turn (0, 90, 180, 270) after which most characters run left to right.

    Each span votes with its characters for the turn that makes its writing
    direction ``(1, 0)``; slanted spans do not vote.  ``[text going up] -> 90``.
    """
    chars: dict[tuple[float, float], int] = {}  # characters per direction: a page writes in a few
    for sp in spans:
        chars[sp.direction] = chars.get(sp.direction, 0) + len(sp.text.strip())
    votes = {0: 0, 90: 0, 180: 0, 270: 0}
    for (dx, dy), n in chars.items():
        if min(abs(dx), abs(dy)) > SLANT:
            continue
        turn = (0 if dx > 0 else 180) if abs(dx) >= abs(dy) else (90 if dy < 0 else 270)
        votes[turn] += n
    best = max(votes, key=lambda k: (votes[k], k == 0))
    return best if best and votes[best] > share * sum(votes.values()) else 0


def turn_box(box: BBox, turn: int, w: float, h: float) -> BBox:
    """A box inside a ``w`` x ``h`` frame, after turning the frame clockwise by ``turn`` degrees.

    ``((10, 20, 30, 40), 90, 100, 200) -> (160, 10, 180, 30)``; turning by
    ``360 - turn`` in the turned frame undoes it.
    """
    x0, y0, x1, y1 = box
    if turn == 90:
        return (h - y1, x0, h - y0, x1)
    if turn == 180:
        return (w - x1, h - y1, w - x0, h - y0)
    if turn == 270:
        return (y0, w - x1, y1, w - x0)
    return box


def turn_vector(d: tuple[float, float], turn: int) -> tuple[float, float]:
    """A writing direction turned clockwise by ``turn`` (y points down): ``((0, -1), 90) -> (1, 0)``."""
    dx, dy = d
    x, y = {90: (-dy, dx), 180: (-dx, -dy), 270: (dy, -dx)}.get(turn, (dx, dy))
    return (x + 0.0, y + 0.0)  # no negative zero


def turn_lines(lines: Sequence[Line], turn: int, w: float, h: float) -> tuple[Line, ...]:
    """Lines of a ``w`` x ``h`` page turned clockwise by ``turn``, spans and all."""
    return tuple(Line(tuple(replace(sp, bbox=turn_box(sp.bbox, turn, w, h), direction=turn_vector(sp.direction, turn))
                            for sp in ln.spans), turn_box(ln.bbox, turn, w, h)) for ln in lines)


def turned_size(w: float, h: float, turn: int) -> tuple[float, float]:
    """A ``w`` x ``h`` frame's size after turning it clockwise by ``turn``: ``(10, 20, 90) -> (20, 10)``."""
    return (h, w) if turn in (90, 270) else (w, h)


def turn_of(page: Any) -> int:
    """The clockwise turn :func:`turn_part` gave a page or part (its ``turned_<degrees>`` flag), else 0."""
    return next((int(f[len(TURNED):]) for f in page.flags if f.startswith(TURNED)), 0)


def turn_part(part: Any) -> Any:
    """A logical page (``logical.Part``) turned upright when its text says so; else itself."""
    turn = upright_turn([sp for ln in part.lines for sp in ln.spans])
    if not turn:
        return part
    w, h = part.width, part.height
    size = turned_size(w, h, turn)
    return replace(part, lines=turn_lines(part.lines, turn, w, h), width=size[0], height=size[1],
                   drawings=tuple(turn_box(d, turn, w, h) for d in part.drawings),
                   flags=part.flags + (f"{TURNED}{turn}",))
