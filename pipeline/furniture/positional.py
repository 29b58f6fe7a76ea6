"""Page furniture found by position plus repetition: running heads and feet,
page numbers, watermarks, chart labels.  Pages with geometry only.

A block in the top or bottom margin band is a running head or foot when its
text, digits folded, recurs in a similar place on enough pages (on all pages,
or on every other page: left pages often carry the report title, right pages
the part title).  Page numbers need no repetition: a margin block that is only
a page number in a common form goes.  Chart labels are mostly-digit blocks
lying inside a cluster of drawings.  Every removal is returned with its reason.

What it cannot do: tell a one-off heading in the margin band from a head that
occurs once (it keeps it), or recognise a chart whose labels are words.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace

from .. import patterns as P
from ..config import FurnitureConfig
from ..blocks import body_size
from ..geometry import inside_share
from ..normalize import ends_sentence
from ..types import BBox, Block, Document, Page, Removed

Y_TOLERANCE_SHARE = 0.04  # heads on different pages sit within this share of the page height
DIAGONAL = 0.2  # both direction components above this: text set at a slant
ROW_TOLERANCE = 4.0  # points: blocks whose centres fall in one such band share a table row
TABLE_ROWS = 3  # a drawing cluster holding this many rows of two or more blocks is a table
AXIS_MARGIN = 0.04  # share of the page width around a chart where its axis labels sit
AXIS_LABEL_CHARS = 12  # a tick label is short: "–2", "1,200", "2019"
AXIS_ALIGN = 2.0  # points: tick labels of one axis share a right edge or a centre line
AXIS_TICKS = 3  # this many aligned labels beside a chart make an axis
AXIS_MIN_SIDE = 0.05  # share of the page width: a plot is at least this wide and tall (a rule is no plot)
FREE_AXIS_TICKS = 5  # an axis found without its plot needs this many ticks, one of them 0
SPACING_SLACK = 0.15  # ticks' positions step evenly: each gap within this share of the first gap
STAGE = "furniture"


def head_key(text: str) -> str:
    """Key of a running head or foot: digits folded, a page number at either end dropped.

    ``"2 / 4 请务必阅读正文" -> "请务必阅读正文"``, so the first page's foot without its number
    matches the others.  A key that would be empty keeps its folded form.
    """
    key = fold(text)
    return P.FOLIO_AFFIX.sub("", key) or key


def fold(text: str) -> str:
    """Key for comparing heads across pages: ``"第3部分 | 12" -> "第0部分|0"``."""
    return P.DIGITS.sub("0", P.HSPACE.sub("", text)).lower()


def in_margin(block: Block, page: Page, margin: float) -> str:
    """``"top"``, ``"bottom"`` or ``""``: which margin band the block lies in."""
    if block.bbox[3] <= page.height * margin:
        return "top"
    if block.bbox[1] >= page.height * (1 - margin):
        return "bottom"
    return ""


def page_number(block: Block, page: Page, cfg: FurnitureConfig) -> tuple[bool, str]:
    """A margin block that is only a page number: ``"- 12 -"`` at the foot -> (False, "page_number")."""
    if in_margin(block, page, cfg.margin) and P.PAGE_NUMBER_LINE.match(block.text):
        return False, "page_number"
    return True, ""


def repeated_keys(pages: Sequence[Page], cfg: FurnitureConfig) -> set[tuple[str, str, int]]:
    """(band, folded text, y bucket) of margin blocks recurring on enough pages."""
    seen: dict[tuple[str, str, int], set[int]] = defaultdict(set)
    for page in pages:
        for b in page.blocks:
            band = in_margin(b, page, cfg.margin)
            if band:
                seen[(band, head_key(b.text), _ybucket(b, page))].add(page.index)
    with_text = sum(1 for p in pages if p.blocks) or 1
    need = max(2, min(cfg.min_repeat, -(-with_text // 2)))
    return {k for k, idx in seen.items() if len(idx) >= need and _spread_enough(idx, with_text, cfg)}


def _spread_enough(indices: set[int], pages: int, cfg: FurnitureConfig) -> bool:
    """Enough pages overall, or enough of the odd or the even ones, or a run within a chapter."""
    return len(indices) >= cfg.min_repeat or len(indices) / pages >= cfg.min_repeat_share


def _ybucket(block: Block, page: Page) -> int:
    y = block.bbox[1] if block.bbox[3] <= page.height / 2 else block.bbox[3]
    return int(y / max(page.height * Y_TOLERANCE_SHARE, 1.0))


def running_head(block: Block, page: Page, keys: set[tuple[str, str, int]], slots: set[tuple[str, int, float]],
                 cfg: FurnitureConfig) -> tuple[bool, str]:
    """A margin block whose text recurs in its place, or that sits in a running-head slot."""
    band = in_margin(block, page, cfg.margin)
    if not band:
        return True, ""
    key = (band, head_key(block.text))
    y = _ybucket(block, page)
    recurs = any((key[0], key[1], y + d) in keys for d in (-1, 0, 1))
    in_slot = _slot(block, page, band) in slots and len(block.lines) <= 2 and not ends_sentence(block.text)
    if recurs or in_slot:
        return False, "running_head" if band == "top" else "running_foot"
    return True, ""


def _slot(block: Block, page: Page, band: str) -> tuple[str, int, float]:
    return (band, _ybucket(block, page), round(block.size * 2) / 2)


def head_slots(pages: Sequence[Page], keys: set[tuple[str, str, int]], cfg: FurnitureConfig) -> set[tuple[str, int, float]]:
    """Places (band, height, font size) where repeated heads live; heads that change per chapter
    (``第1部分｜…``, ``第2部分｜…``) sit in the same place and go too.

    A slot counts when it is filled on ``min_repeat`` pages and at least one text in it repeats.
    """
    filled: dict[tuple[str, int, float], set[int]] = defaultdict(set)
    repeating: set[tuple[str, int, float]] = set()
    for page in pages:
        for b in page.blocks:
            band = in_margin(b, page, cfg.margin)
            if band and len(b.lines) <= 2:
                slot = _slot(b, page, band)
                filled[slot].add(page.index)
                if (band, head_key(b.text), slot[1]) in keys:
                    repeating.add(slot)
    return {s for s, idx in filled.items() if s in repeating and len(idx) >= cfg.min_repeat}


def watermark(block: Block, page: Page, marks: set[str]) -> tuple[bool, str]:
    """Rotated or transparent text that recurs across pages."""
    if fold(block.text) in marks:
        return False, "watermark"
    return True, ""


def watermark_keys(pages: Sequence[Page], cfg: FurnitureConfig) -> set[str]:
    """Folded texts set diagonally or transparent that recur on enough pages.

    Text turned a quarter (a rotated table, a spine label) is not a watermark.
    """
    seen: dict[str, set[int]] = defaultdict(set)
    for page in pages:
        for b in page.blocks:
            if _diagonal(b) or _transparent(b):
                seen[fold(b.text)].add(page.index)
    return {k for k, idx in seen.items() if len(idx) >= max(2, min(cfg.min_repeat, len(pages)))}


def _diagonal(block: Block) -> bool:
    dx, dy = block.lines[0].spans[0].direction if block.lines and block.lines[0].spans else (1.0, 0.0)
    return abs(dx) > DIAGONAL and abs(dy) > DIAGONAL


def _transparent(block: Block) -> bool:
    spans = [s for ln in block.lines for s in ln.spans]
    return bool(spans) and all(s.alpha < 200 for s in spans)


def chart_label(block: Block, page: Page, charts: Sequence[BBox], cfg: FurnitureConfig,
                axis: frozenset[str] = frozenset()) -> tuple[bool, str]:
    """A mostly-digit block inside a chart (a drawing cluster that is not a table), or one of
    an axis tick (``axis``, see :func:`axis_labels` and :func:`free_axis_ticks`):
    ``"23838 2280 780"`` -> (False, "chart_labels")."""
    if numeric_share(block.text) < cfg.chart_digit_share:
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
    for f in charts:
        if f[2] - f[0] < side or f[3] - f[1] < side:
            continue
        grown = (f[0] - pad, f[1] - pad, f[2] + pad, f[3] + pad)
        near = [b for b in page.blocks if len(b.lines) == 1 and len(b.text.strip()) <= AXIS_LABEL_CHARS
                and numeric_share(b.text) >= cfg.chart_digit_share
                and inside_share(b.bbox, grown) >= 0.8 and inside_share(b.bbox, f) < 0.8]
        for align, along in ((_right, _middle), (_middle, _left)):
            for group in _aligned(near, align):
                if len(group) >= AXIS_TICKS and _even_steps([b.text for b in sorted(group, key=along)]):
                    out.update(b.id for b in group)
    return frozenset(out)


def free_axis_ticks(page: Page, cfg: FurnitureConfig) -> frozenset[str]:
    """Ids of tick labels of an axis whose plot the drawings do not outline (or outline as a
    table: panels side by side share tick rows): ``FREE_AXIS_TICKS`` or more short numeric
    one-line blocks in a column (shared right edge) or a row (shared centre line), evenly
    spaced, whose values step evenly through 0 (``7 6 … 0 –1 –3``).  A table column counting
    through 0 at an even pitch is rare; one starting at 1 (row numbers) never qualifies."""
    near = [b for b in page.blocks if len(b.lines) == 1 and len(b.text.strip()) <= AXIS_LABEL_CHARS
            and numeric_share(b.text) >= cfg.chart_digit_share]
    out: set[str] = set()
    for align, along in ((_right, _middle), (_middle, _left)):
        for group in _aligned(near, align):
            for run in _even_runs(sorted(group, key=along), along):
                if len(run) >= FREE_AXIS_TICKS and 0.0 in [_tick_value(b.text) for b in run]:
                    out.update(b.id for b in run)
    return frozenset(out)


def _even_runs(blocks: Sequence[Block], along: Callable[[Block], float]) -> list[list[Block]]:
    """Maximal runs of ``blocks`` (in reading order) evenly spaced and stepping by one non-zero value."""
    runs: list[list[Block]] = []
    run: list[Block] = []
    for b in blocks:
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


def _extends(run: Sequence[Block], b: Block, along: Callable[[Block], float]) -> bool:
    """``b`` continues the run's value step and its spacing."""
    v0, v1, vb = (_tick_value(x.text) for x in (run[-2], run[-1], b))
    gap, nxt = along(run[1]) - along(run[0]), along(b) - along(run[-1])
    assert v0 is not None and v1 is not None and vb is not None
    same_step = abs((vb - v1) - (v1 - v0)) <= 1e-6 * max(1.0, abs(v1 - v0))
    return same_step and gap > 0 and abs(nxt - gap) <= SPACING_SLACK * gap


def _tick_value(text: str) -> float | None:
    """A tick label's value: ``"–2" -> -2.0``, ``"$1,200" -> 1200.0``, ``"Jan." -> None``."""
    m = P.TICK_VALUE.search(text)
    return None if m is None else float(m["num"].replace(",", "")) * (-1 if m["sign"] else 1)


def _even_steps(texts: Sequence[str]) -> bool:
    """Numbers stepping by one non-zero amount: ``["0", "50", "100"] -> True``, ``["173", "471"] -> False``."""
    values = [_tick_value(t) for t in texts]
    if any(v is None for v in values):
        return False
    steps = [b - a for a, b in zip(values, values[1:])]  # type: ignore[operator]
    return bool(steps) and steps[0] != 0 and all(abs(d - steps[0]) <= 1e-6 * max(1.0, abs(steps[0])) for d in steps)


def _aligned(blocks: Sequence[Block], key: Callable[[Block], float]) -> list[list[Block]]:
    """Blocks grouped by ``key`` (sorted), a new group where it jumps by more than ``AXIS_ALIGN``."""
    groups: list[list[Block]] = []
    last = None
    for b in sorted(blocks, key=key):
        if last is None or key(b) - last > AXIS_ALIGN:
            groups.append([])
        groups[-1].append(b)
        last = key(b)
    return groups


def _left(b: Block) -> float:
    return b.bbox[0]


def _right(b: Block) -> float:
    return b.bbox[2]


def _middle(b: Block) -> float:
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
    rows: dict[int, list[Block]] = defaultdict(list)
    for b in blocks:
        rows[int((b.bbox[1] + b.bbox[3]) / 2 / ROW_TOLERANCE)].append(b)
    if sum(1 for r in rows.values() if len(r) >= 2) >= TABLE_ROWS:
        return True
    return any(len(r) >= 3 and any(numeric_share(b.text) < 0.5 and len(P.LETTER.findall(b.text)) >= 3 for b in r)
               for r in rows.values())


def display_numeral(block: Block, body: float, cfg: FurnitureConfig) -> tuple[bool, str]:
    """A bare number set far larger than the body: a part numeral ``"01"`` at 54 pt."""
    if body and block.size >= cfg.numeral_size * body and P.BARE_NUMERAL.match(block.text):
        return False, "part_numeral"
    return True, ""


def numeric_share(text: str) -> float:
    """Share of non-space characters that are digits, signs or units: ``"12.5%" -> 1.0``."""
    chars = P.HSPACE.sub("", text)
    if not chars:
        return 0.0
    return len(P.NUMERIC_CHARS.findall(chars)) / len(chars)


def strip_positional(doc: Document, cfg: FurnitureConfig) -> tuple[Document, list[Removed]]:
    """Remove heads, feet, page numbers, watermarks and chart labels from geometry pages."""
    pages = [p for p in doc.pages if p.geometry]
    keys, marks = repeated_keys(pages, cfg), watermark_keys(pages, cfg)
    slots, body = head_slots(pages, keys, cfg), body_size(b for p in pages for b in p.blocks)
    removed: list[Removed] = []
    new_pages = []
    for page in doc.pages:
        if not page.geometry:
            new_pages.append(page)
            continue
        kept = []
        charts = chart_areas(page)
        axis = (axis_labels(page, charts, cfg) if charts else frozenset()) | free_axis_ticks(page, cfg)
        for b in page.blocks:
            reason = _first_reason(b, page, keys, marks, slots, body, charts, cfg, axis)
            if reason:
                removed.append(Removed(b, reason, STAGE))
            else:
                kept.append(b)
        new_pages.append(replace(page, blocks=tuple(kept)))
    return replace(doc, pages=tuple(new_pages)), removed


def _first_reason(b: Block, page: Page, keys: set[tuple[str, str, int]], marks: set[str],
                  slots: set[tuple[str, int, float]], body: float, charts: Sequence[BBox],
                  cfg: FurnitureConfig, axis: frozenset[str] = frozenset()) -> str:
    checks = (lambda: watermark(b, page, marks), lambda: page_number(b, page, cfg),
              lambda: running_head(b, page, keys, slots, cfg), lambda: chart_label(b, page, charts, cfg, axis),
              lambda: display_numeral(b, body, cfg))
    for check in checks:  # in order, stopping at the first filter that drops the block
        keep, reason = check()
        if not keep:
            return reason
    return ""
