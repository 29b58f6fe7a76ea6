"""Ruled tables: text inside a grid of ruling lines, read cell by cell.

Financial statements and shareholder tables are drawn as grids: stroked rules,
or filled cell rectangles whose hairline gaps are the rules.  The extractor
groups their text by proximity, so a cell of three lines and its neighbours
come out as one block read down the page (``股东名称 / 香港中央结算 / 股东性质 …``).
Here the page's drawings give the grid: thin boxes are rules, other boxes give
their four edges; collinear pieces merge; rules that cross form a grid; two
neighbouring grid cells are one cell unless a rule separates them.  Every span
whose centre lies in the grid goes to its cell; the table is one ``TABLE``
block, a line per grid row (``股东名称 | 股东性质 | 持股比例``), each cell's
lines joined as prose.

Boxes under words (a code listing's syntax highlighting: a box per token, the boxes of a line
touching) are no grid: a rule does not pass through a word space between two words that the box
edges hug (a cell keeps its text off its rules), so a grid cutting apart two words of a line whose
ink is a word space apart (``WORD_SPACE``), each ending on a rule (``HUG``), on more than
``MAX_SPLIT_LINES`` lines, is left to the blocks.

A table ruled across its width with vertical rules between its columns only (no outer
edges) is closed at the ends of its horizontal rules, when they all run across it and each
ruled row holds one row of text (:func:`_read_rules`).

Restrictions: tables ruled by horizontal lines only (no vertical rules) are
left to :mod:`pipeline.tables`, which reads cells from shared baselines; a form whose two
columns of boxes share full-width rules reads as one table, its columns interleaved; rules
drawn as one path for the whole table show as one box (its outline only); a
grid needs two rows of two filled cells, a quarter of its cells filled, no cell
of prose, and no text just beside it on its rows (a table going on past its
rules), else its text is left to the blocks (framed pages, charts' gridlines).
A cell across the whole grid (notes under a table, its title) stays out of it.
A page drawing more than ``MAX_CROSSINGS`` pairs of rules (a map, a pattern) is not searched.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from typing import NamedTuple

import numpy as np

from .geometry import union
from .normalize import cjk_edge, join_lines
from .tables import table_block
from .types import BODY, BBox, Block, Line, Span, dominant_size

RULE = 2.0  # points: a box this thin is a rule
MIN_RULE = 4.0  # points: a shorter rule is a tick, a bullet or a glyph
SNAP = 1.5  # points: rules this close are one (cell rectangles leave hairline gaps)
LEVEL_SPAN = 3.0  # points: rules chained closer than SNAP are one level up to this span (no page-wide chains)
SEPARATES = 0.5  # a rule covering this share of the border between two cells separates them
MIN_ROWS = 2  # rows holding two or more filled cells, for a grid to be a table
MAX_AREA = 0.9  # share of the page: a larger box is a page frame or background, not a cell
PROSE_LINES = 8  # a cell of more lines is a frame around prose, not a table cell
MIN_FILLED = 0.25  # share of a grid's cells holding text (sparse tick tables ~0.35, chart gridlines < 0.15)
MAX_CROSSINGS = 200_000  # rule pairs checked per page; beyond, the drawings are a map or a pattern, no table
BESIDE = 2.0  # line heights: text this close beside a grid, level with it, belongs to its table
WORD_SPACE = 0.7  # font sizes: two pieces of a line whose ink is this close (a word space) have no rule between them
HUG = 0.75  # points: a box edge this close to a word's ink is the word's own box (a cell's text keeps its padding)
SPACE_GAP = 0.2  # font sizes: pieces of a cell's row this far apart are two words (a word space is ~0.25)
MAX_SPLIT_LINES = 1  # lines a grid may cut between touching pieces; more, and its boxes are highlights
ACROSS = 0.9  # a grid open at its sides has every level of horizontal rules across this share of its width


class _Rule(NamedTuple):  # a tuple: built by the thousand on ruled pages, four times cheaper than a frozen dataclass
    at: float  # y of a horizontal rule, x of a vertical one
    lo: float  # where it starts and ends along its length
    hi: float


def ruled_tables(lines: Sequence[Line], drawings: Sequence[BBox], page: int,
                 size: tuple[float, float]) -> tuple[list[Block], list[Line]]:
    """``TABLE`` blocks for the page's ruled grids (ids ``p<page>-t<n>``), and the lines outside them.

    Args:
        lines: the page's lines, in stream order.
        drawings: boxes of its vector paths, in the lines' coordinates.
        page: the logical page index, for block ids.
        size: the page's width and height (boxes larger than ``MAX_AREA`` of it are no cells).
    """
    horizontal, vertical = _rules(drawings, size)
    if len(horizontal) < MIN_ROWS + 1 or not vertical or len(horizontal) * len(vertical) > MAX_CROSSINGS:
        return [], list(lines)
    tables: list[Block] = []
    taken: set[int] = set()
    for hs, vs, opened in _grids(horizontal, vertical):
        for sides in ([opened] if opened else []) + [[]]:  # open at its sides first, then as ruled
            found = _read_rules(hs, sorted(vs + sides, key=lambda r: r.at), lines, taken, page,
                                f"p{page}-t{len(tables)}", bool(sides))
            if found is not None:
                tables.append(found[0])
                taken.update(found[1])
                break
    return tables, [ln for i, ln in enumerate(lines) if i not in taken]


def _read_rules(hs: list[_Rule], vs: list[_Rule], lines: Sequence[Line], taken: set[int], page: int,
                block_id: str, opened: bool) -> tuple[Block, list[int]] | None:
    """The grid of ``hs`` and ``vs`` read as a table, and the indices of the lines it takes; None
    when it is no table (see the module docstring).  A grid ``opened`` at its sides must be ruled
    across its width at every level (``ACROSS``: a form's two columns of boxes, ruled apart, are
    no table) and hold a row of text in each ruled row: booktabs tables rule groups of rows, and
    cells of several rows each would run the rows together."""
    ys, xs = _levels([h.at for h in hs]), _levels([v.at for v in vs])
    if len(xs) < 3:
        return None
    cells = _cells(hs, vs, ys, xs)
    wide = {row[0] for row in cells if len(set(row)) == 1}  # a cell across the whole grid: notes, a title
    where = {i: _where(ln, ys, xs, cells) for i, ln in enumerate(lines) if i not in taken}
    inside = [i for i, at in where.items() if at is not None and not at <= wide]
    beside = [lines[i] for i, at in where.items() if at is None and _beside(lines[i].bbox, ys, xs)]
    if len(beside) >= 2:
        return None  # the table goes on past its rules: a partial grid would split its rows
    if sum(_cut_between_touching(lines[i], ys, xs, cells) for i in inside) > MAX_SPLIT_LINES:
        return None  # boxes under words (syntax highlighting), not cells: no rule fits between touching words
    if opened and (_stacked_rows(ys, xs, [lines[i] for i in inside])
                   or not all(_covered(level, xs[0], xs[-1], ACROSS) for level in _at_levels(hs, ys))):
        return None  # rows of several lines, or rules not across it (a form's two columns of boxes)
    block = _read_grid(cells, ys, xs, [lines[i] for i in inside], page, block_id)
    return None if block is None else (block, inside)


def _stacked_rows(ys: list[float], xs: list[float], lines: Sequence[Line]) -> bool:
    """Whether the grid's ruled rows hold several rows of text each: in half or more of its rows,
    most filled cells hold lines on two or more baselines (a row wrapping now and then, or a
    wrapped description beside one-line cells, is one row of text)."""
    tops: dict[tuple[int, int], list[tuple[float, float]]] = defaultdict(list)  # (row, column) -> (top, size)
    for ln in lines:
        for sp in ln.spans:
            r, c = _index(ys, (sp.bbox[1] + sp.bbox[3]) / 2), _index(xs, (sp.bbox[0] + sp.bbox[2]) / 2)
            if r is not None and c is not None and sp.text.strip():
                tops[(r, c)].append((sp.bbox[1], sp.size))
    per_row: dict[int, list[bool]] = defaultdict(list)
    for (r, _), found in tops.items():
        found.sort()
        per_row[r].append(any(b[0] - a[0] > 0.5 * max(a[1], 1.0) for a, b in zip(found, found[1:])))
    stacked = sum(1 for several in per_row.values() if sum(several) * 2 > len(several))
    return stacked * 2 >= len(per_row) > 0


def _beside(box: BBox, ys: list[float], xs: list[float]) -> bool:
    """A line level with the grid's rows, just left or right of it (within ``BESIDE`` of its height)."""
    middle, gap = (box[1] + box[3]) / 2, BESIDE * (box[3] - box[1])
    return ys[0] < middle < ys[-1] and (0 <= xs[0] - box[2] <= gap or 0 <= box[0] - xs[-1] <= gap)


def _cut_between_touching(line: Line, ys: list[float], xs: list[float], cells: list[list[int]]) -> bool:
    """Two words of the line a word space apart (their ink, spaces at their ends left out), each ending
    on a rule, lie in different cells: ``"while"`` and ``" ln:"`` of a code line whose tokens each sit on
    a box of their own (joined.pdf); not ``"2            "`` and ``"PC2637"`` in two columns of a
    catalogue's table, nor ``"10.12"`` and ``"散称华联粉条"`` in a spreadsheet's (their cells' padding),
    nor a check box's glyph and its label ``" Yes"`` (a form's boxes are cells)."""
    spans = sorted((s for s in line.spans if any(ch.isalnum() for ch in s.text)), key=lambda s: s.bbox[0])
    for a, b in zip(spans, spans[1:]):
        (_, a_end), (b_start, _) = _ink(a), _ink(b)
        hugged = any(abs(x - a_end) <= HUG for x in xs) and any(abs(x - b_start) <= HUG for x in xs)
        if (hugged and b_start - a_end < WORD_SPACE * max(a.size, b.size, 1.0)
                and _cell(a, ys, xs, cells) != _cell(b, ys, xs, cells)):
            return True
    return False


def _ink(span: Span) -> tuple[float, float]:
    """Where the span's characters are across, spaces at its ends left out (characters taken as equally wide)."""
    text, (x0, _, x1, _) = span.text, span.bbox
    per = (x1 - x0) / max(len(text), 1)
    return x0 + per * (len(text) - len(text.lstrip())), x1 - per * (len(text) - len(text.rstrip()))


def _cell(span: Span, ys: list[float], xs: list[float], cells: list[list[int]]) -> int | None:
    r, c = _index(ys, (span.bbox[1] + span.bbox[3]) / 2), _index(xs, (span.bbox[0] + span.bbox[2]) / 2)
    return None if r is None or c is None else cells[r][c]


def _where(line: Line, ys: list[float], xs: list[float], cells: list[list[int]]) -> set[int] | None:
    """The cells holding the line's spans with text; None when one of them lies outside the grid."""
    out = set()
    for s in line.spans:
        if s.text.strip():
            cell = _cell(s, ys, xs, cells)
            if cell is None:
                return None
            out.add(cell)
    return out


def _rules(drawings: Sequence[BBox], size: tuple[float, float]) -> tuple[list[_Rule], list[_Rule]]:
    """Horizontal and vertical rules: thin boxes, and the edges of cell-sized boxes, merged."""
    h: list[_Rule] = []
    v: list[_Rule] = []
    limit = MAX_AREA * size[0] * size[1]
    for x0, y0, x1, y1 in drawings:
        w, t = x1 - x0, y1 - y0
        if t <= RULE and w >= MIN_RULE:
            h.append(_Rule((y0 + y1) / 2, x0, x1))
        elif w <= RULE and t >= MIN_RULE:
            v.append(_Rule((x0 + x1) / 2, y0, y1))
        elif w > RULE and t > RULE and w * t < limit:
            h += [_Rule(y0, x0, x1), _Rule(y1, x0, x1)]
            v += [_Rule(x0, y0, y1), _Rule(x1, y0, y1)]
    return _merge(h), _merge(v)


def _merge(rules: list[_Rule]) -> list[_Rule]:
    """Collinear rules (positions chained within ``SNAP``, a level spanning at most ``LEVEL_SPAN``)
    that touch or overlap, as one; sorted."""
    out: list[_Rule] = []
    level: list[_Rule] = []
    for r in sorted(rules, key=lambda r: r.at) + [_Rule(float("inf"), 0.0, 0.0)]:
        if level and (r.at - level[-1].at > SNAP or r.at - level[0].at > LEVEL_SPAN):
            at = level[len(level) // 2].at  # the median: the level is in order of position
            for x in sorted(level, key=lambda x: x.lo):
                if out and out[-1].at == at and x.lo <= out[-1].hi + SNAP:
                    out[-1] = _Rule(at, out[-1].lo, max(out[-1].hi, x.hi))
                else:
                    out.append(_Rule(at, x.lo, x.hi))
            level = []
        level.append(r)
    return sorted(out, key=lambda r: (r.at, r.lo))


def _grids(horizontal: list[_Rule], vertical: list[_Rule]) -> list[tuple[list[_Rule], list[_Rule], list[_Rule]]]:
    """Groups of crossing rules: each group's horizontal and vertical rules and the vertical rules
    closing its open sides (:func:`_open_sides`), with at least ``MIN_ROWS + 1`` distinct rows of
    rules and three columns of them, open sides included."""
    parent = list(range(len(horizontal) + len(vertical)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    hr = np.array([(r.at, r.lo, r.hi) for r in horizontal])
    vr = np.array([(r.at, r.lo, r.hi) for r in vertical])
    crossing = ((hr[:, 1:2] - SNAP <= vr[:, 0]) & (vr[:, 0] <= hr[:, 2:3] + SNAP)
                & (vr[:, 1] - SNAP <= hr[:, 0:1]) & (hr[:, 0:1] <= vr[:, 2] + SNAP))
    for i, j in zip(*np.nonzero(crossing)):
        parent[find(int(i))] = find(len(horizontal) + int(j))
    groups: dict[int, tuple[list[_Rule], list[_Rule]]] = defaultdict(lambda: ([], []))
    for i, h in enumerate(horizontal):
        groups[find(i)][0].append(h)
    for j, v in enumerate(vertical):
        groups[find(len(horizontal) + j)][1].append(v)
    out = []
    for hs, vs in groups.values():
        opened = _open_sides(hs, vs)
        if len(_levels([h.at for h in hs])) > MIN_ROWS and len(_levels([v.at for v in vs + opened])) >= 3:
            out.append((sorted(hs, key=lambda r: r.at), sorted(vs, key=lambda r: r.at), opened))
    return sorted(out, key=lambda g: (g[0][0].at, g[1][0].at))


def _open_sides(hs: list[_Rule], vs: list[_Rule]) -> list[_Rule]:
    """The outer edges of a table ruled across its width with vertical rules between its columns
    only: where two or more of its horizontal rules at different levels run ``MIN_RULE`` or more past
    the outermost vertical rule, a vertical rule at the furthest of their ends, from the first of
    them to the last (none when the vertical rules already close that side)."""
    if not vs:
        return []
    out = []
    for side, edge in ((-1, min(v.at for v in vs)), (1, max(v.at for v in vs))):
        past = [h for h in hs if side * ((h.hi if side > 0 else h.lo) - edge) >= MIN_RULE]
        if len(_levels([h.at for h in past])) >= 2:
            at = max(h.hi for h in past) if side > 0 else min(h.lo for h in past)
            out.append(_Rule(at, min(h.at for h in past), max(h.at for h in past)))
    return out


def _levels(values: Sequence[float]) -> list[float]:
    """Distinct positions: values chained within ``SNAP`` of each other, a level spanning at most
    ``LEVEL_SPAN``, are one level (its first value)."""
    out: list[float] = []
    last = float("-inf")
    for x in sorted(values):
        if x - last > SNAP or x - out[-1] > LEVEL_SPAN:
            out.append(x)
        last = x
    return out


def _at_levels(rules: Sequence[_Rule], levels: Sequence[float]) -> list[list[_Rule]]:
    """For each level, the rules within ``SNAP`` of it, in their order (grouped once, not per cell)."""
    return [[r for r in rules if abs(r.at - at) <= SNAP] for at in levels]


def _covered(rules: Sequence[_Rule], lo: float, hi: float, share: float = SEPARATES) -> bool:
    """The rules (those of one level, :func:`_at_levels`) cover at least ``share`` of ``[lo, hi]``."""
    length = 0.0
    for _, r_lo, r_hi in rules:  # asked for every cell border: min()/max() written out, as in geometry.intersect
        overlap = (hi if hi < r_hi else r_hi) - (lo if lo > r_lo else r_lo)
        if overlap > 0.0:
            length += overlap
    return length >= share * (hi - lo)


def _read_grid(cells: list[list[int]], ys: list[float], xs: list[float], lines: Sequence[Line],
               page: int, block_id: str) -> Block | None:
    """The grid's text as one TABLE block, or None when it does not read as a table: fewer
    than ``MIN_ROWS`` rows of two or more filled cells, a cell holding a column of prose
    (more than ``PROSE_LINES`` lines: a page laid out in ruled frames), or fewer than
    ``MIN_FILLED`` of its cells filled."""
    spans: dict[int, list[tuple[Span, int]]] = defaultdict(list)  # per cell: spans and their line's number
    text_row: dict[int, int] = {}  # a cell's row: where its first text stands, not where its rules start
    for n, ln in enumerate(lines):
        for s in ln.spans:
            r, c = _index(ys, (s.bbox[1] + s.bbox[3]) / 2), _index(xs, (s.bbox[0] + s.bbox[2]) / 2)
            if r is not None and c is not None and s.text.strip():  # every such span is placed (_where)
                spans[cells[r][c]].append((s, n))
                text_row[cells[r][c]] = min(r, text_row.get(cells[r][c], r))
    # A cell spanning rows joins the row of its first text: a label drawn taller than its figures
    # (two tables side by side sharing rules, a sliver between two close rules) stays with them.
    rows: dict[int, list[Block]] = defaultdict(list)
    for cell, group in spans.items():
        rows[text_row[cell]].append(_cell_block(group, page, block_id, cell))
    filled = [rows[r] for r in sorted(rows)]
    if sum(1 for r in filled if len(r) >= 2) < MIN_ROWS or any(len(c.lines) > PROSE_LINES for r in filled for c in r):
        return None
    if len(spans) < MIN_FILLED * len({c for row in cells for c in row}):
        return None  # mostly empty: a chart's gridlines, crop-mark frames
    return table_block(filled, block_id)


def _cells(hs: list[_Rule], vs: list[_Rule], ys: list[float], xs: list[float]) -> list[list[int]]:
    """For each grid row and column, the id of the (merged) cell it belongs to: neighbours join
    unless a rule separates them."""
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    parent = list(range(n_rows * n_cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    at_x, at_y = _at_levels(vs, xs), _at_levels(hs, ys)
    for r in range(n_rows):
        for c in range(n_cols):
            if c + 1 < n_cols and not _covered(at_x[c + 1], ys[r], ys[r + 1]):
                parent[find(r * n_cols + c + 1)] = find(r * n_cols + c)
            if r + 1 < n_rows and not _covered(at_y[r + 1], xs[c], xs[c + 1]):
                parent[find((r + 1) * n_cols + c)] = find(r * n_cols + c)
    return [[find(r * n_cols + c) for c in range(n_cols)] for r in range(n_rows)]


def _index(levels: list[float], value: float) -> int | None:
    """The interval of ``levels`` holding ``value`` (None outside them)."""
    if len(levels) < 2 or not levels[0] <= value <= levels[-1]:
        return None
    return bisect_left(levels, value, 1) - 1  # levels rise strictly (_levels)


def _cell_block(spans: list[tuple[Span, int]], page: int, table_id: str, cell: int) -> Block:
    """One cell's spans (with their line's number) as a block: lines by baseline, top to bottom,
    joined as prose."""
    rows: list[list[tuple[Span, int]]] = []
    for s, n in sorted(spans, key=lambda p: (p[0].bbox[1], p[0].bbox[0])):
        if rows and abs(s.bbox[1] - rows[-1][0][0].bbox[1]) <= 0.5 * max(s.size, 1.0):
            rows[-1].append((s, n))
        else:
            rows.append([(s, n)])
    lines = tuple(Line(_spaced(sorted(r, key=lambda p: p[0].bbox[0])), union(s.bbox for s, _ in r)) for r in rows)
    all_spans = tuple(s for ln in lines for s in ln.spans)
    return Block(f"{table_id}-c{cell}", page, union(ln.bbox for ln in lines), join_lines(ln.text for ln in lines),
                 lines=lines, size=dominant_size(all_spans), kind=BODY)


def _spaced(spans: list[tuple[Span, int]]) -> tuple[Span, ...]:
    """A cell row's spans, left to right, with a space where a piece of another line follows
    ``SPACE_GAP`` font sizes or more after the ink before it, unless either side has one or is CJK,
    or a word goes on after its hyphen (``"Non-"``, ``"Preferred"``): two lines on one baseline
    (``"Reaches"``, ``"Pulls me over"``) read ``"Reaches Pulls me over"``.
    Spans of one line keep the spacing extraction gave them."""
    out = [s for s, _ in spans]
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if spans[i][1] == spans[i + 1][1] or b.bbox[0] - a.bbox[2] < SPACE_GAP * max(min(a.size, b.size), 1.0):
            continue
        if a.text and b.text and not (a.text[-1].isspace() or b.text[0].isspace() or _broken_word(a.text, b.text)
                                      or cjk_edge(a.text, True) or cjk_edge(b.text, False)):
            out[i] = replace(a, text=a.text + " ")
    return tuple(out)


def _broken_word(a: str, b: str) -> bool:
    """A word broken at its hyphen over two pieces: ``"Non-"`` + ``"Preferred"``."""
    return a[-1] in "-\u2010" and len(a) > 1 and a[-2].isalpha() and b[0].isalpha()


__all__ = ["ruled_tables"]
