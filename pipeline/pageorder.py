"""Reading order of pages cut from sheets, from their page numbers; outline remapping.

Pure (no PDF library).  Each cut page, a *part*, knows its sheet side
(``side``, 0-based in file order), its slot on the side (row-major) and, when
found, a number: the source page an imposing tool recorded (pdfjam's
``/PTEX.PageNumber``) or the page number printed in its top or bottom margin
band, or closing its text (its folio).  Two models say where a part goes:

- sheet order: slot after slot, side after side (spreads, n-up grids);
- saddle-stitch booklet, two slots a side: with ``N = 2 * sides`` pages,
  side ``i`` holds ``N-1-i | i`` when ``i`` is even and ``i | N-1-i`` when odd
  (8|1, 2|7, 6|3, 4|5).

A model explains a number when ``number - position`` equals the model's most
common offset, or the offset of the numbered part next to it in the model's
order (a numbering that starts again: an appendix counted from 1).  A year-like
number (1900-2099) counts only when a neighbouring position holds the next or
previous number (:func:`in_step`): an exam's "2021 年…" and "2023 年…" heads two
sides apart fit a booklet at +2020.  The booklet wins when it explains more
numbers than sheet order, at least two and at least ``agreement`` of them; parts
without a number take the model's position (sheet arithmetic).  Without numbers
sheet order stays and the doubt says why.

What it cannot do: other schemes (signatures of 8 or 16 pages, work-and-turn),
roman or alphabetic page labels, booklets with a side of another size.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from . import patterns as P
from .types import BBox, Line, OutlineEntry
from .upright import turn_box

MIN_EXPLAINED = 2  # a model must explain at least this many numbers to reorder
END_GAP = 0.8  # a number this many font sizes from the words of its line is set apart from them
YEARS = range(1900, 2100)  # numbers that may be a year: page-order evidence only in step with the pages


@dataclass(frozen=True)
class PartKey:
    """What decides one cut page's place."""

    side: int  # sheet side, 0-based in file order
    slot: int  # cell on the side, row-major
    folio: int | None = None  # the page number printed in its margin band
    placed: int | None = None  # the source page an imposing tool placed there


@dataclass(frozen=True)
class Order:
    model: str  # "sheet" | "booklet"
    positions: tuple[int, ...]  # reading position of each part, a permutation
    evidence: tuple[str, ...] = ()
    doubt: tuple[str, ...] = ()


def folio(lines: Sequence[Line], height: float, margin: float) -> int | None:
    """The page number printed in a page's top or bottom band, None when absent or ambiguous.

    ``"- 12 -"`` at the foot -> 12; ``"12"`` and ``"2022"`` both in the bands -> None.  A
    number given with its page count (``"2 / 4"``, ``"Page 3 of 9"``) outranks bare numbers
    (a table's years under a running head), and counts as the one such span of a longer
    line too (a footer whose disclaimer shares its baseline), or as the end of a footer's
    text after a word for "page" (``"… Pag. 2 di 9"``; without its count, ``"… | Page 5"``, the
    word set off by a rule or a gap, it is a bare number; so is ``"Page 4 | …"`` opening one), or as a Chinese footer's ``"第1页（共8页）"`` anywhere
    in it (``"- 5 -"`` ending it counts as a bare number); a bare number there does not,
    nor a row of counted ones (a chart's date axis: ``"3/18"``, ``"6/18"``).  With nothing in
    the bands, a number that ends the page's text below its middle, alone on its baseline and
    set off from the text above by a line height or more, is the folio (a 10-K's page number
    follows its last paragraph: ``"9"`` at 78% of the height).  A bare number opening or closing
    a running foot's line, set off from its words by a gap, counts (``"2   Chapter 2"``); when the
    bands hold several bare numbers, one set right beside a word on its baseline (a running
    head's chapter number, ``"1  简介 … 4"``) gives way to the others.
    """
    bare: set[int] = set()
    counted: set[int] = set()
    titled: set[int] = set()  # bare numbers set beside words on their baseline
    banded = [ln for ln in lines if (ln.bbox[3] <= margin * height or ln.bbox[1] >= (1 - margin) * height)
              and abs(ln.spans[0].direction[1]) < 0.05]
    for line in banded:
        m = P.FOLIO_NUMBER.match(line.text)
        if m:
            (counted if _counted_folio(line.text) is not None else bare).add(int(m["num"]))
            if _beside_words(line, banded):
                titled.add(int(m["num"]))
        elif (tail := _folio_tail(line.text)) is not None:
            (counted if tail[1] else bare).add(tail[0])
        elif (found_in := _footer_folio(line.text)) is not None:
            (counted if found_in[1] else bare).add(found_in[0])
        elif len(line.spans) > 1:
            numbers = [n for s in line.spans if (n := _counted_folio(s.text)) is not None]
            counted.update(numbers if len(numbers) == 1 else ())
            if not numbers and (end := _end_number(line)) is not None:
                bare.add(end)
    found = counted or bare
    if not found:
        return _trailing_number(lines, height)
    if not counted and len(found) > 1:
        found = found - titled
    return found.pop() if len(found) == 1 else None


def _beside_words(line: Line, others: Sequence[Line]) -> bool:
    """A word set on ``line``'s baseline within two line heights of it: a running head's chapter
    number before its title (``"1  简介"``), not a page number set apart."""
    x0, top, x1, bottom = line.bbox
    reach = 2 * (bottom - top)
    return any(o is not line and abs(o.bbox[3] - bottom) < 0.3 * (bottom - top) and P.LETTER.search(o.text)
               and (0 <= o.bbox[0] - x1 <= reach or 0 <= x0 - o.bbox[2] <= reach) for o in others)


def _end_number(line: Line) -> int | None:
    """A page number opening or closing a running foot, set off from its words by a gap of
    ``END_GAP`` font sizes or more: ``"2   Chapter 2" -> 2``, ``"Foundations   3" -> 3``; a year
    (``"Annual Report   2023"``), a row of figures (``"Total  12  15"``) or a word's own number
    (``"Chapter 2"``) -> None."""
    spans = [s for s in line.spans if s.text.strip()]
    numbers = [k for k, s in enumerate(spans) if P.BARE_NUMBER.match(s.text.strip())]
    if len(spans) < 2 or len(numbers) != 1 or numbers[0] not in (0, len(spans) - 1):
        return None
    k = numbers[0]
    number, word = spans[k], spans[1] if k == 0 else spans[-2]
    gap = word.bbox[0] - number.bbox[2] if k == 0 else number.bbox[0] - word.bbox[2]
    value = int(number.text.strip())
    if value in YEARS or not P.LETTER.search(word.text) or gap < END_GAP * max(number.size, 1.0):
        return None
    return value


def _trailing_number(lines: Sequence[Line], height: float) -> int | None:
    """The page number closing a page's text above its bottom band (see :func:`folio`), else None."""
    upright = [ln for ln in lines if abs(ln.spans[0].direction[1]) < 0.05]
    if len(upright) < 2:
        return None
    last = max(upright, key=lambda ln: ln.bbox[3])
    top, bottom = last.bbox[1], last.bbox[3]
    m = P.FOLIO_NUMBER.match(last.text)
    if not m or top < height / 2:
        return None
    above = [ln.bbox[3] for ln in upright if ln is not last]
    if any(b > top for b in above) or top - max(above) < bottom - top:  # shares its baseline, or no gap
        return None
    return int(m["num"])


def _folio_tail(text: str) -> tuple[int, bool] | None:
    """A page number after a page word ending (or, set off, opening) a footer, and whether it is counted:
    ``"Annual Report | Page 5 of 40" -> (5, True)``, ``"Annual Report 2023 | Page 5" -> (5, False)``,
    ``"Page 4 | Northwind plc" -> (4, False)``; past its total -> None."""
    m = P.FOLIO_TAIL.search(text)
    if m:
        return (int(m["num"]), True) if 0 < int(m["num"]) <= int(m["total"]) else None
    m = P.FOLIO_WORD_TAIL.search(text) or P.FOLIO_WORD_HEAD.match(text)
    return (int(m["num"]), False) if m else None


def _footer_folio(text: str) -> tuple[int, bool] | None:
    """A page number inside a footer's text, and whether it is counted (see :func:`folio`):
    ``"数学试题第1页（共8页）" -> (1, True)``, ``"第 7 页 请勿外传" -> (7, True)``, ``"年度报告 - 5 -" -> (5, False)``,
    ``"年度报告 1 / 8" -> (1, True)``; two such, or a number past its total -> None."""
    han = list(P.FOLIO_HAN.finditer(text))
    m = han[0] if len(han) == 1 else None if han else P.FOLIO_MARK_TAIL.search(text)
    if not m or m["total"] is not None and not 0 < int(m["num"]) <= int(m["total"]):
        return None
    return int(m["num"]), bool(han) or m["total"] is not None


def _counted_folio(text: str) -> int | None:
    """A page number given with its page count: ``"2 / 4" -> 2``; ``"7 / 4"``, ``"12"`` -> None."""
    m = P.FOLIO_NUMBER.match(text)
    if not m or m["total"] is None or not 0 < int(m["num"]) <= int(m["total"]):
        return None
    return int(m["num"])


def booklet_positions(keys: Sequence[PartKey]) -> list[int] | None:
    """Reading positions of a saddle-stitch booklet's parts; None when the sides are not all pairs."""
    sides = max((k.side for k in keys), default=-1) + 1
    if sorted((k.side, k.slot) for k in keys) != [(s, t) for s in range(sides) for t in (0, 1)]:
        return None
    last = 2 * sides - 1
    out = []
    for k in keys:
        outer, inner = last - k.side, k.side  # the side's two pages: N-1-i and i
        left, right = (outer, inner) if k.side % 2 == 0 else (inner, outer)
        out.append(left if k.slot == 0 else right)
    return out


def explained(numbers: Sequence[int | None], positions: Sequence[int]) -> tuple[int, int]:
    """How many numbers a model explains, and its commonest offset: ``([3, 4, 9], [0, 1, 2]) -> (2, 3)``.

    A number is explained when its offset (number - position) is the commonest one, or that of the
    numbered part next to it in the model's order: a numbering that starts again (an appendix or
    the exhibits counted from 1) explains its pages too, ``([1, 2, 1, 2], [0, 1, 2, 3]) -> (4, 1)``.
    """
    offset = _offset(numbers, positions)
    return len(_fitting(numbers, positions, offset)), offset


def _offset(numbers: Sequence[int | None], positions: Sequence[int]) -> int:
    offsets = Counter(n - p for n, p in zip(numbers, positions) if n is not None)
    return max(offsets.items(), key=lambda kv: (kv[1], -abs(kv[0])))[0] if offsets else 0


def _fitting(numbers: Sequence[int | None], positions: Sequence[int], common: int) -> set[int]:
    """Indices of the numbers :func:`explained` counts, ``common`` the commonest offset."""
    runs = sorted((p, n - p, i) for i, (n, p) in enumerate(zip(numbers, positions)) if n is not None)
    return {i for k, (_, off, i) in enumerate(runs)
            if off == common or any(0 <= j < len(runs) and runs[j][1] == off for j in (k - 1, k + 1))}


def in_step(numbers: Sequence[int | None], positions: Sequence[int]) -> list[int | None]:
    """The numbers with each year-like one (1900-2099) dropped unless a neighbouring position holds
    the number next to it: a year in a head is no page number, a long document's folio runs with
    its pages.  ``([2021, None, 2023], [1, 2, 3]) -> [None, None, None]``,
    ``([1999, 2000], [0, 1]) -> [1999, 2000]``."""
    at = {p: n for n, p in zip(numbers, positions) if n is not None}
    return [n if n is None or n not in YEARS or at.get(p + 1) == n + 1 or at.get(p - 1) == n - 1 else None
            for n, p in zip(numbers, positions)]


def _numbers(keys: Sequence[PartKey]) -> tuple[list[int | None], str]:
    """Placed page numbers when an imposing tool left them for most parts, else printed folios."""
    placed = [k.placed for k in keys]
    if sum(n is not None for n in placed) * 2 >= len(keys) > 0:
        return placed, "placed-page numbers (pdfjam)"
    return [k.folio for k in keys], "printed page numbers"


def reading_order(keys: Sequence[PartKey], agreement: float) -> Order:
    """Choose sheet or booklet order for parts listed in file order (see the module docstring)."""
    numbers, source = _numbers(keys)
    sheet = list(range(len(keys)))
    known = sum(n is not None for n in numbers)
    if not known:
        why = "no page numbers found: sheet order kept (a booklet cannot be told from spreads)"
        return Order("sheet", tuple(sheet), (), (why,) if len(keys) > 1 else ())
    s_count, s_off = explained(in_step(numbers, sheet), sheet)
    booklet = booklet_positions(keys)
    b_count, b_off = explained(in_step(numbers, booklet), booklet) if booklet else (0, 0)
    if booklet and b_count > s_count and b_count >= MIN_EXPLAINED and b_count >= agreement * known:
        return Order("booklet", tuple(booklet), (_explains("booklet", b_count, known, b_off, source),),
                     _misfits(numbers, booklet))
    evidence = (_explains("sheet", s_count, known, s_off, source),)
    doubt: tuple[str, ...] = () if s_count >= agreement * known else (f"{source} fit no order well: sheet order kept",)
    return Order("sheet", tuple(sheet), evidence, doubt + _misfits(numbers, sheet))


def _explains(model: str, count: int, known: int, offset: int, source: str) -> str:
    return f"{model} order explains {count} of {known} {source} (offset {offset:+d})"


def _misfits(numbers: Sequence[int | None], positions: Sequence[int]) -> tuple[str, ...]:
    fit = _fitting(numbers, positions, _offset(numbers, positions))
    bad = [f"{n} at position {p + 1}" for i, (n, p) in enumerate(zip(numbers, positions))
           if n is not None and i not in fit]
    return (f"{len(bad)} page numbers out of place: " + ", ".join(bad[:10]),) if bad else ()


def remap_outline(entries: Sequence[OutlineEntry], points: Sequence[tuple[float, float] | None],
                  sources: Sequence[tuple[int, BBox | None]],
                  turns: Sequence[int] | None = None) -> tuple[OutlineEntry, ...]:
    """Outline entries pointing at PDF pages, pointed at logical pages instead.

    Args:
        entries: the outline, ``page`` a 0-based PDF page (-1 unknown).
        points: each entry's target point on its page, or None (same order).
        sources: each logical page's (PDF page, region), in reading order.
        turns: each logical page's clockwise turn to upright (``upright``), 0 when None.
    Returns:
        The entries with ``page`` the logical page whose region holds the
        target point, else the first logical page cut from that PDF page,
        else -1; and ``top`` the point's height on that page as shown (turned)
        when the page's region holds it.
    """
    by_page: dict[int, list[int]] = {}
    for index, (source, _) in enumerate(sources):
        by_page.setdefault(source, []).append(index)
    out = []
    for k, entry in enumerate(entries):
        candidates = by_page.get(entry.page, [])
        point = points[k] if k < len(points) else None
        page = _target(candidates, point, sources)
        turn = turns[page] if turns is not None and page >= 0 else 0
        out.append(replace(entry, page=page, top=_top(point, sources[page][1] if page >= 0 else None, turn)))
    return tuple(out)


def _top(point: tuple[float, float] | None, region: BBox | None, turn: int = 0) -> float | None:
    """The point's height from the top of ``region`` when the region holds it: ``((600, 417), (421, 20, 842, 615))
    -> 397.0``; on a page turned clockwise by ``turn`` to be read, its height as read."""
    if point is None or region is None or not (region[0] <= point[0] <= region[2] and region[1] <= point[1] <= region[3]):
        return None
    x, y = point[0] - region[0], point[1] - region[1]
    return turn_box((x, y, x, y), turn, region[2] - region[0], region[3] - region[1])[1]


def _target(candidates: Sequence[int], point: tuple[float, float] | None,
            sources: Sequence[tuple[int, BBox | None]]) -> int:
    if not candidates:
        return -1
    if point is not None and len(candidates) > 1:
        for index in candidates:
            region = sources[index][1]
            if region and region[0] <= point[0] <= region[2] and region[1] <= point[1] <= region[3]:
                return index
    return min(candidates)
