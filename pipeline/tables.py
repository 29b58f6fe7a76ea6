"""Simple tables and hanging labels, found from blocks sharing baselines.

Tables: short blocks (cells) whose tops agree within ``ROW_TOLERANCE`` form
rows; a run of at least two rows of ``MIN_CELLS`` or more cells, each row close
under the one before and every row of the run holding two or more cells,
becomes one ``TABLE`` block: one line per row, cells left to right separated by
`` | ``; single cells inside the run's box (a section label in the first
column, a cell spanning two rows) join the row whose top is nearest.  The table
is then ordered as one block, so its cells are never read column by column nor
interleaved with body text.

Hanging labels: a list marker standing alone on the baseline of the text
right beside it (``(1)`` + ``If integral with…``, ``•`` + ``Control valves``) is
joined to that text, so the two are not read as two columns.

Column heads wrapped over several lines (too tall for cells) whose bottoms line up just above
the first row, or level with it, become the first row (see ``_with_header``).

Restrictions: a table needs separate blocks per cell (cells the extractor
glued into one line stay one cell); two tables side by side on the same
baselines become one table; a table whose rows are far apart (more than
``ROW_GAP`` line heights, or ``SPACING`` times the usual space: a blank row) is cut in two, each
piece judged a table on its own; no ruling lines are read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from . import patterns as P
from .geometry import cluster_by, inside_share, union, x_overlap
from .linefit import visual_lines
from .types import BODY, TABLE, Block

ROW_TOLERANCE = 0.45  # font sizes: cells whose tops differ by less share a row
ROW_GAP = 2.5  # font sizes: a larger gap between two rows ends the table
MIN_CELLS = 3  # a row of at least this many cells is a table row ...
MIN_ROWS = 2  # ... and a table needs at least this many such rows lining up with each other
ALIGN_TOLERANCE = 0.3  # font sizes: cell edges (left, right or centre) this close share a column
SPACING = 2.0  # a row further below the one before than this many times the usual space is not the table's
CELL_MAX_LINES = 3  # a block of more lines is text, never a cell
CELL_MAX_CHARS = 80  # ... likewise a longer one
HEADER_MAX_LINES = 8  # a column head above a table wraps over at most this many lines ...
HEADER_MAX_CHARS = 160  # ... and characters
LABEL_GAP = 3.0  # font sizes: a list marker this close left of a block's first line is its label
CELL_SEPARATOR = " | "


def find_tables(blocks: Sequence[Block]) -> list[Block]:
    """The page's blocks with every table found replaced by one ``TABLE`` block (at its first cell's place).

    ``[A][B][C] / [D][E][F]`` on two baselines -> one block ``"A | B | C\\nD | E | F"``.
    """
    cells = [b for b in blocks if _cell_like(b)]
    pieces = [piece for t in _runs(_rows(cells)) if _aligned_rows(t) >= MIN_ROWS for piece in _fitting(t)]
    tables = [t for t in pieces if _aligned_rows(t) >= MIN_ROWS]
    if not tables:
        return list(blocks)
    out: list[Block] = []
    taken: dict[str, Block] = {}
    for rows in tables:
        free = [b for b in blocks if b.id not in taken]  # a cell of the table above is no head of this one
        table = _with_header(_absorb(rows, free), free)
        first = min((c for row in table for c in row), key=lambda c: (c.bbox[1], c.bbox[0]))
        merged = table_block(table, first.id)
        for row in table:
            for c in row:
                taken[c.id] = merged
    for b in blocks:
        t = taken.get(b.id)
        if t is None:
            out.append(b)
        elif t.id == b.id:
            out.append(t)
    return out


def table_block(rows: Sequence[Sequence[Block]], block_id: str) -> Block:
    """One TABLE block from rows of cells: a line per row, cells joined by ``" | "``."""
    ordered = [sorted(r, key=lambda c: c.bbox[0]) for r in rows]
    text = "\n".join(CELL_SEPARATOR.join(_row_texts(r)) for r in ordered)
    cells = [c for r in ordered for c in r]
    return replace(cells[0], id=block_id, bbox=union(c.bbox for c in cells), text=text, kind=TABLE,
                   lines=tuple(ln for c in cells for ln in c.lines), flags=tuple(dict.fromkeys(cells[0].flags + ("table",))))


def _row_texts(row: Sequence[Block]) -> list[str]:
    """A row's cell texts; a cell holding only a currency sign opens the next: ``["$", "98.92"] -> ["$ 98.92"]``,
    and so does a sign after a cell's amount: ``["$", "457,325 $", "319,734"] -> ["$ 457,325", "$ 319,734"]``."""
    out: list[str] = []
    sign = ""
    for cell in row:
        text = _cell_text(cell)
        if P.LONE_CURRENCY.match(text):
            sign = f"{sign} {text}".strip()
            continue
        trailing = P.TRAILING_CURRENCY.match(text)
        if trailing:
            text = trailing["amount"]
        out.append(f"{sign} {text}".strip() if sign else text)
        sign = trailing["sign"] if trailing else ""
    return out + ([sign] if sign else [])


def _cell_text(cell: Block) -> str:
    return " ".join(cell.text.replace(CELL_SEPARATOR.strip(), "/").split())


def _cell_like(block: Block) -> bool:
    """Short body text: a few visual lines (by count and by height), few characters.

    Lines are counted by baseline: cells set closer than a word gap come as one block of
    several pieces on one baseline (``20.083.460`` ``20-20083460-5`` ``01/10/2013``), which is
    one line of one cell, not three lines of text.
    """
    if block.kind != BODY or len(block.text) > CELL_MAX_CHARS:
        return False
    tall = block.bbox[3] - block.bbox[1] > CELL_MAX_LINES * 1.6 * max(block.size, 1.0)
    return not tall and len(visual_lines(block)) <= CELL_MAX_LINES


def _tolerance(blocks: Sequence[Block]) -> float:
    sizes = sorted(b.size for b in blocks if b.size > 0)
    return ROW_TOLERANCE * (sizes[len(sizes) // 2] if sizes else 10.0)


def _rows(cells: Sequence[Block]) -> list[list[Block]]:
    """Cells grouped by top, each row's cells not overlapping each other, top to bottom."""
    out = []
    for group in cluster_by(cells, lambda c: c.bbox[1], _tolerance(cells)):
        row: list[Block] = []
        for c in sorted(group, key=lambda c: c.bbox[0]):
            if row and c.bbox[0] < row[-1].bbox[2] - 1.0:
                continue  # overlapping: not a cell of this row
            row.append(c)
        out.append(row)
    return out


def _runs(rows: list[list[Block]]) -> list[list[list[Block]]]:
    """Maximal runs of rows, each close under the previous one, starting and ending with a row of 2+ cells."""
    runs: list[list[list[Block]]] = []
    current: list[list[Block]] = []
    for row in rows:
        if current and row[0].bbox[1] - max(c.bbox[3] for c in current[-1]) <= ROW_GAP * _size(row):
            current.append(row)
            continue
        runs.append(current)
        current = [row] if len(row) >= 2 else []
    runs.append(current)
    trimmed = []
    for run in runs:
        while run and len(run[-1]) < 2:
            run = run[:-1]
        if run:
            trimmed.append(run)
    return trimmed


def _aligned_rows(run: Sequence[Sequence[Block]]) -> int:
    """How many rows of ``MIN_CELLS`` or more cells line up with another such row of the run."""
    wide = [r for r in run if len(r) >= MIN_CELLS]
    return sum(1 for i, r in enumerate(wide) if any(aligned(r, o) for j, o in enumerate(wide) if j != i))


def _fitting(run: list[list[Block]]) -> list[list[list[Block]]]:
    """The run's rows whose cells line up with the columns of its aligned rows (two cells, or the one),
    cut into pieces where the space between two rows exceeds ``SPACING`` times the usual (a blank
    row, a gap before text that is not the table's): the piece with most wide rows, and the others
    whose wide rows have its columns (a contents table cut at its blank rows; not a form's two
    columns of fields side by side, cut where their rows part), each judged a table on its own."""
    wide = [c for r in run if len(r) >= MIN_CELLS for c in r]
    tol = ALIGN_TOLERANCE * _size(wide)
    rows = [r for r in run if sum(1 for c in r if any(_edge_match(c.bbox, d.bbox, tol) for d in wide)) >= min(len(r), 2)]
    gaps = [min(c.bbox[1] for c in b) - max(c.bbox[3] for c in a) for a, b in zip(rows, rows[1:])]
    if not gaps:
        return [rows]
    limit = SPACING * max(sorted(gaps)[(len(gaps) - 1) // 2], 0.0) + 0.5 * _size(wide)
    pieces: list[list[list[Block]]] = [[rows[0]]]
    for gap, row in zip(gaps, rows[1:]):
        if gap > limit:
            pieces.append([])
        pieces[-1].append(row)
    main = max(pieces, key=lambda p: sum(len(r) >= MIN_CELLS for r in p))
    return [p for p in pieces if p is main or _same_columns(p, main)]


def _same_columns(piece: Sequence[Sequence[Block]], main: Sequence[Sequence[Block]]) -> bool:
    """Most of ``piece``'s wide rows are set like a wide row of ``main``: as many cells, each sharing
    an edge or centre with the cell in its place (``Item 5. | Market … | 33`` like ``Item 1. | Business | 4``)."""
    wide = [r for r in piece if len(r) >= MIN_CELLS]
    models = [r for r in main if len(r) >= MIN_CELLS]
    like = sum(1 for r in wide if any(_congruent(r, m) for m in models))
    return like * 2 > len(wide)


def _congruent(a: Sequence[Block], b: Sequence[Block]) -> bool:
    tol = ALIGN_TOLERANCE * _size(a)
    return len(a) == len(b) and all(_edge_match(c.bbox, d.bbox, tol) for c, d in zip(a, b))


def aligned(a: Sequence[Block], b: Sequence[Block]) -> bool:
    """Two rows line up: ``MIN_CELLS`` cells of ``a`` share a left edge, right edge or centre with a cell of ``b``.

    Table columns are aligned left, right or centred; chart labels and legends are not.
    """
    tol = ALIGN_TOLERANCE * _size(a)
    return sum(1 for c in a if any(_edge_match(c.bbox, d.bbox, tol) for d in b)) >= MIN_CELLS


def _edge_match(a: tuple[float, float, float, float], b: tuple[float, float, float, float], tol: float) -> bool:
    return abs(a[0] - b[0]) <= tol or abs(a[2] - b[2]) <= tol or abs(a[0] + a[2] - b[0] - b[2]) <= 2 * tol


def _size(row: Sequence[Block]) -> float:
    return max((c.size for c in row), default=10.0) or 10.0


def _absorb(rows: list[list[Block]], blocks: Sequence[Block]) -> list[list[Block]]:
    """Rows plus the lone cells lying inside the table's box, each put in the row whose top is nearest,
    and the long one-line texts set on a row's baseline between its cells (a contents page's
    title column: "Market for Registrant's Common Equity, … Securities" between "Item 5." and "33")."""
    box = union(c.bbox for r in rows for c in r)
    used = {c.id for r in rows for c in r}
    out = [list(r) for r in rows]
    for b in blocks:
        if b.id in used or inside_share(b.bbox, box) < 0.8:
            continue
        nearest = min(range(len(out)), key=lambda i: abs(out[i][0].bbox[1] - b.bbox[1]))
        if _cell_like(b) or _long_cell(b, out[nearest]):
            out[nearest].append(b)
    return out


def _long_cell(block: Block, row: Sequence[Block]) -> bool:
    """A body text of one visual line, too long for a cell, on ``row``'s baseline and clear of its cells."""
    if block.kind != BODY or len(visual_lines(block)) != 1:
        return False
    on_row = abs(block.bbox[1] - row[0].bbox[1]) <= _tolerance(row)
    return on_row and all(x_overlap(block.bbox, c.bbox) <= 0 for c in row)


def _with_header(rows: list[list[Block]], blocks: Sequence[Block]) -> list[list[Block]]:
    """Rows with the table's column heads first: blocks wrapped over up to ``HEADER_MAX_LINES``
    lines (too tall for cells) whose bottoms line up, over the table's columns, ending on its
    first row's baseline or just above it.  Heads that end level with the first row join it
    (Alphabet's "Period" row); others make a row of their own."""
    used = {c.id for r in rows for c in r}
    size, box = _size(rows[0]), union(c.bbox for r in rows for c in r)
    top, bottom, tol = min(c.bbox[1] for c in rows[0]), max(c.bbox[3] for c in rows[0]), ROW_TOLERANCE * size
    heads = [b for b in blocks if b.id not in used and b.kind == BODY and len(b.lines) <= HEADER_MAX_LINES
             and len(b.text) <= HEADER_MAX_CHARS and top - ROW_GAP * size <= b.bbox[3] <= bottom + tol
             and b.bbox[0] >= box[0] - tol and b.bbox[2] <= box[2] + tol]
    best: list[Block] = []
    for group in cluster_by(heads, lambda b: b.bbox[3], tol):
        row = sorted(group, key=lambda b: b.bbox[0])
        if len(row) > len(best) and all(a.bbox[2] <= b.bbox[0] + 1.0 for a, b in zip(row, row[1:])):
            best = row
    if len(best) < 2:
        return rows
    if abs(best[0].bbox[3] - bottom) <= tol:
        return [sorted(rows[0] + best, key=lambda c: c.bbox[0])] + rows[1:]
    return [best] + rows


def attach_labels(blocks: Sequence[Block]) -> list[Block]:
    """List markers joined to the text on their baseline: ``"(1)"`` + ``"If integral…"`` -> ``"(1) If integral…"``."""
    labels = {b.id: b for b in blocks if b.kind == BODY and list_marker(b)}
    if not labels:
        return list(blocks)
    owner: dict[str, Block] = {}
    for b in blocks:
        if b.id in labels or b.kind != BODY:
            continue
        label = next((a for a in labels.values() if a.id not in owner and labels_text(a, b)), None)
        if label is not None:
            owner[label.id] = b
    joined = {t.id: labels[a_id] for a_id, t in owner.items()}
    out = []
    for b in blocks:
        if b.id in owner:
            continue
        a = joined.get(b.id)
        out.append(b if a is None else replace(b, text=f"{a.text.strip()} {b.text}", bbox=union([a.bbox, b.bbox]),
                                               lines=a.lines + b.lines))
    return out


def list_marker(block: Block) -> bool:
    """A one-line block that is only a list marker: ``"•"``, ``"(1)"``, ``"3."``, a lone shape or
    dingbat (``"➢"``, ``"☐"``) or a lone glyph of a symbol font (Wingdings' private-use bullets,
    WordPerfect's "!") -> True; ``"2022"``, ``"$"``, ``"→"`` -> False."""
    if len(block.lines) != 1:
        return False
    text = block.text.strip()
    return bool(P.LABEL_MARKER.match(text) or P.PICTO_MARKER.match(text)) or len(text) == 1 and _marker_font(block)


def _marker_font(block: Block) -> bool:
    return any(P.MARKER_FONT.search(sp.font) for ln in block.lines for sp in ln.spans)


def labels_text(label: Block, text: Block) -> bool:
    """``label`` stands just left of ``text``'s first line, on its baseline."""
    first = text.lines[0].bbox if text.lines else text.bbox
    size = max(label.size, 1.0)
    return (abs(first[1] - label.bbox[1]) <= ROW_TOLERANCE * size and 0 <= first[0] - label.bbox[2] <= LABEL_GAP * size
            and x_overlap(label.bbox, first) == 0)


__all__ = ["find_tables", "table_block", "attach_labels", "labels_text", "list_marker", "CELL_SEPARATOR"]
