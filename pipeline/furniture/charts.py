"""Chart labels: numbers that belong to a chart's drawing, not to the text.

A chart is a cluster of drawings (``Page.figures``) that holds no table.  Its labels are
mostly-digit blocks inside it, and its axis ticks: short numeric blocks in or just beside
it, aligned in a column or a row, whose values step evenly (``18 16 … 0 –2``).  An axis
whose plot the drawings do not outline goes when it is longer, evenly spaced and counts
through 0.

An axis printed as one line under or over its plot goes when its ticks (numbers or
month/year dates: ``12/17 3/18 …``) step evenly.

What it cannot do: recognise a chart whose labels are words or dates in words ("Jan. 2019"),
or an axis of panels that share tick rows (the drawings then read as a table) when it does
not pass 0.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from .. import patterns as P
from ..config import FurnitureConfig
from ..geometry import inside_share
from ..types import TABLE, BBox, Block, Page

B = TypeVar("B", bound="_Boxed")

ROW_TOLERANCE = 4.0  # points: blocks whose centres fall in one such band share a table row
TABLE_ROWS = 3  # a drawing cluster holding this many rows of two or more blocks is a table
AXIS_MARGIN = 0.04  # share of the page width around a chart where its axis labels sit
AXIS_LABEL_CHARS = 12  # a tick label is short: "–2", "1,200", "2019"
AXIS_ALIGN = 2.0  # points: tick labels of one axis share a right edge or a centre line
AXIS_TICKS = 3  # this many aligned labels beside a chart make an axis
AXIS_LINE_SPAN = 0.5  # an axis printed as one line runs along at least this share of its plot
AXIS_MIN_SIDE = 0.05  # share of the page width: a plot is at least this wide and tall (a rule is no plot)
FREE_AXIS_TICKS = 5  # an axis found without its plot needs this many ticks, one of them 0
LABEL_MAX_LETTERS = 40  # a chart's label holds fewer letters; a block with more is text (a listing of numbers)
SPACING_SLACK = 0.15  # ticks' positions step evenly: each gap within this share of the first gap


@lru_cache(maxsize=1 << 16)
def numeric_share(text: str) -> float:
    """Share of non-space characters that are digits, signs or units: ``"12.5%" -> 1.0``.

    Memoised: the furniture rules and dedup judge the same block text several times.
    """
    chars = P.HSPACE.sub("", text)
    if not chars:
        return 0.0
    return len(P.NUMERIC_CHARS.findall(chars)) / len(chars)


def chart_label(block: Block, page: Page, charts: Sequence[BBox], cfg: FurnitureConfig,
                axis: frozenset[str] = frozenset(), body: float = 0.0) -> tuple[bool, str]:
    """A mostly-digit block inside a chart (a drawing cluster that is not a table), or an axis
    tick (``axis``, see :func:`axis_labels` and :func:`free_axis_ticks`):
    ``"23838 2280 780"`` -> (False, "chart_labels").  A number in display type (``numeral_size``
    times the ``body`` size: a cover's "2023" on its artwork) is no chart's label, nor is a block holding
    ``LABEL_MAX_LETTERS`` letters or more (joined.pdf: 19 lines of ``<char bbox="40.01575 …" c="T"/>`` in
    a framed code box)."""
    if block.kind == TABLE or numeric_share(block.text) < cfg.chart_digit_share:
        return True, ""
    if len(P.LETTER.findall(block.text)) >= LABEL_MAX_LETTERS:
        return True, ""
    if body and block.size >= cfg.numeral_size * body:
        return True, ""
    if block.id in axis or any(inside_share(block.bbox, f) >= 0.8 for f in charts):
        return False, "chart_labels"
    return True, ""


def axis_labels(page: Page, charts: Sequence[BBox], cfg: FurnitureConfig) -> frozenset[str]:
    """Ids of tick labels just outside a chart: short numeric one-line blocks within
    ``AXIS_MARGIN`` of it, ``AXIS_TICKS`` or more sharing a right edge (a y axis, read top
    down) or a centre line (an x axis, read left to right) whose values step evenly
    (``18 16 … 0 –2``, ``$0 $50 $100``).  The plot frame ends where the ticks begin, so
    they are never inside it; a table's column or row rarely steps evenly, and a table's
    rules are no plot (``AXIS_MIN_SIDE``)."""
    out: set[str] = set()
    pad, side = AXIS_MARGIN * page.width, AXIS_MIN_SIDE * page.width
    labels = [b for b in page.blocks if len(b.lines) == 1 and len(b.text.strip()) <= AXIS_LABEL_CHARS
              and numeric_share(b.text) >= cfg.chart_digit_share]
    for f in charts:
        if f[2] - f[0] < side or f[3] - f[1] < side:
            continue
        grown = (f[0] - pad, f[1] - pad, f[2] + pad, f[3] + pad)
        near = [b for b in labels if inside_share(b.bbox, grown) >= 0.8 and inside_share(b.bbox, f) < 0.8]
        for align, along in ((_right, _middle), (_middle, _left)):
            for group in _aligned(near, align):
                if len(group) >= AXIS_TICKS and _even_steps([b.text for b in sorted(group, key=along)]):
                    out.update(b.id for b in group)
        out.update(b.id for b in page.blocks if _axis_line(b, f, grown))
    return frozenset(out)


def _axis_line(block: Block, plot: BBox, grown: BBox) -> bool:
    """An axis printed as one line just outside ``plot`` (within ``grown``), along at least
    ``AXIS_LINE_SPAN`` of its width: ``AXIS_TICKS`` or more ticks, numbers or month/year dates,
    stepping evenly (``"12/17 3/18 6/18 …"``)."""
    if len(block.lines) != 1 or block.bbox[2] - block.bbox[0] < AXIS_LINE_SPAN * (plot[2] - plot[0]):
        return False
    if inside_share(block.bbox, grown) < 0.8 or inside_share(block.bbox, plot) >= 0.8:
        return False
    values = [_axis_value(t) for t in block.text.split()]
    return len(values) >= AXIS_TICKS and None not in values and _even([v for v in values if v is not None])


def _axis_value(text: str) -> float | None:
    """A tick's value: a number (:func:`_tick_value`), or a month/year date as months since year 0
    (``"3/18" -> 219.0``; two-digit years stay so)."""
    value = _tick_value(text)
    if value is not None:
        return value
    m = P.TICK_DATE.match(text)
    return None if m is None else float(int(m["year"]) * 12 + int(m["month"]))


class _Boxed(Protocol):
    """A block or a line: text in a box."""

    @property
    def text(self) -> str: ...

    @property
    def bbox(self) -> BBox: ...


def free_axis_ticks(page: Page, cfg: FurnitureConfig) -> frozenset[str]:
    """Ids of tick-label blocks of an axis whose plot the drawings do not outline (or outline
    as a table: panels side by side share tick rows): ``FREE_AXIS_TICKS`` or more labels in
    a column (shared right edge) or a row (shared centre line), evenly spaced, whose values
    step evenly through 0 (``7 6 … 0 –1 –3``).  Labels are lines, so an axis printed as a few
    multi-line blocks counts whole; a block goes when every line of it is such a label.  A
    table column counting through 0 at an even pitch is rare; one starting at 1 (row
    numbers) never qualifies."""
    labels = [b for b in page.blocks if b.lines and numeric_share(b.text) >= cfg.chart_digit_share and all(
        len(ln.text.strip()) <= AXIS_LABEL_CHARS and _tick_value(ln.text) is not None for ln in b.lines)]
    lines: list[_Boxed] = [ln for b in labels for ln in b.lines]
    ticks: set[int] = set()
    for align, along in ((_right, _middle), (_middle, _left)):
        for group in _aligned(lines, align):
            for run in _even_runs(sorted(group, key=along), along):
                if len(run) >= FREE_AXIS_TICKS and 0.0 in [_tick_value(x.text) for x in run]:
                    ticks.update(id(x) for x in run)
    return frozenset(b.id for b in labels if all(id(ln) in ticks for ln in b.lines))


def _even_runs(items: Sequence[_Boxed], along: Callable[[_Boxed], float]) -> list[list[_Boxed]]:
    """Maximal runs of ``items`` (in reading order) evenly spaced and stepping by one non-zero value."""
    runs: list[list[_Boxed]] = []
    run: list[_Boxed] = []
    for b in items:
        if _tick_value(b.text) is None:
            runs.append(run)
            run = []
            continue
        if len(run) >= 2 and not _extends(run, b, along):
            runs.append(run)
            run = run[-1:]
        run.append(b)
        if len(run) == 2 and _tick_value(run[0].text) == _tick_value(run[1].text):
            run = run[1:]
    runs.append(run)
    return [r for r in runs if len(r) >= 2]


def _extends(run: Sequence[_Boxed], b: _Boxed, along: Callable[[_Boxed], float]) -> bool:
    """``b`` continues the run's value step and its spacing."""
    v0, v1, vb = (_tick_value(x.text) for x in (run[-2], run[-1], b))
    gap, nxt = along(run[1]) - along(run[0]), along(b) - along(run[-1])
    assert v0 is not None and v1 is not None and vb is not None
    same_step = abs((vb - v1) - (v1 - v0)) <= 1e-6 * max(1.0, abs(v1 - v0))
    return same_step and gap > 0 and abs(nxt - gap) <= SPACING_SLACK * gap


@lru_cache(maxsize=1 << 16)
def _tick_value(text: str) -> float | None:
    """A tick label's value: ``"–2" -> -2.0``, ``"$1,200" -> 1200.0``, ``"Jan." -> None``."""
    m = P.TICK_VALUE.search(text)
    return None if m is None else float(m["num"].replace(",", "")) * (-1 if m["sign"] else 1)


def _even_steps(texts: Sequence[str]) -> bool:
    """Numbers stepping by one non-zero amount: ``["0", "50", "100"] -> True``, ``["173", "471"] -> False``."""
    values = [v for v in map(_tick_value, texts) if v is not None]
    return len(values) == len(texts) and _even(values)


def _even(values: Sequence[float]) -> bool:
    """Values stepping by one non-zero amount: ``[0, 50, 100] -> True``."""
    steps = [b - a for a, b in zip(values, values[1:])]
    return bool(steps) and steps[0] != 0 and all(abs(d - steps[0]) <= 1e-6 * max(1.0, abs(steps[0])) for d in steps)


def _aligned(blocks: Sequence[B], key: Callable[[B], float]) -> list[list[B]]:
    """Blocks (or lines) grouped by ``key`` (sorted), a new group where it jumps by more than ``AXIS_ALIGN``."""
    groups: list[list[B]] = []
    last = None
    for b in sorted(blocks, key=key):
        if last is None or key(b) - last > AXIS_ALIGN:
            groups.append([])
        groups[-1].append(b)
        last = key(b)
    return groups


def _left(b: _Boxed) -> float:
    return b.bbox[0]


def _right(b: _Boxed) -> float:
    return b.bbox[2]


def _middle(b: _Boxed) -> float:
    return (b.bbox[1] + b.bbox[3]) / 2


def chart_areas(page: Page) -> list[BBox]:
    """The page's drawing clusters that hold no table: figures whose numbers are chart labels.

    A cluster is a table when the blocks inside it form ``TABLE_ROWS`` or more rows of two or
    more cells; charts have one row of axis labels and numbers scattered elsewhere.
    """
    return [f for f in page.figures if not _table_like([b for b in page.blocks if inside_share(b.bbox, f) >= 0.8])]


def _table_like(blocks: Sequence[Block]) -> bool:
    """Rows of cells: ``TABLE_ROWS`` rows of two or more blocks, or a row holding a word label
    beside two or more figures (a shaded table row: ``October 1 - 31 | 8,585 | 46,059``)."""
    if any(b.kind == TABLE for b in blocks):  # a table read from its rules (pipeline.grids)
        return True
    rows: dict[int, list[Block]] = defaultdict(list)
    for b in blocks:
        rows[int((b.bbox[1] + b.bbox[3]) / 2 / ROW_TOLERANCE)].append(b)
    if sum(1 for r in rows.values() if len(r) >= 2) >= TABLE_ROWS:
        return True
    return any(len(r) >= 3 and any(numeric_share(b.text) < 0.5 and len(P.LETTER.findall(b.text)) >= 3 for b in r)
               for r in rows.values())
