"""Columns of a layout-keeping text dump (``pdftotext -layout``), read one after the other.

Such a dump sets a page's columns side by side on each line, padded with
spaces, so a line reads "first column's line, spaces, second column's line".
Read as one line, two columns interleave line by line.  Here a page is cut
at its *gutter*: the character column where the second column's prose lines
start (a dump of this kind places text by character cells, so a CJK character
is one cell like a Latin letter).  Lines up to the gutter form the first
column, the rest the second; a line whose text runs across the gutter (a
heading over both columns) ends the run of lines so cut.  A row where a column
is empty ends that column's paragraph when its last line ended a sentence;
otherwise the other column's denser text stands beside it (a chart's tick
labels beside body lines) and the row is skipped in that column.

Tables are left whole: a page is cut only where rows of prose start at the
gutter (``PROSE_CELLS`` cells or more, on ``MIN_ROWS`` rows), few of those rows
hold three pieces or more (a table row's label, figures and remarks), and
prose stands left of it too (not a table's item numbers beside their items).

``columns(["Left text of col one   Right text of col two", ...])`` -> the left
parts, then the right parts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import regex

from .normalize import ends_sentence

GAP = 3  # spaces: a run this long inside a line parts two columns (or table cells)
LAYOUT_SHARE = 0.05  # a dump with this share of its text lines holding such a run keeps its layout
PROSE_CELLS = 12  # a piece of a line this long (characters, spaces included) is prose, not a cell
MIN_ROWS = 6  # rows starting a prose piece at a gutter, at least
MIN_LEFT = 4  # prose pieces left of a gutter, at least
TABLE_SHARE = 0.25  # rows of three pieces or more among those starting words at a gutter, at most
TOLERANCE = 4  # characters: second-column lines start within this of the gutter (bullets, indents)
NumberedLine = tuple[int, str]  # (0-based line number in the file, raw text)

PIECE = regex.compile(r"\S+(?: {1,%d}\S+)*" % (GAP - 1))  # text between runs of GAP or more spaces
NUMBERS = regex.compile(r"^[\d\s.,%()+\-–—/]+$")  # a piece of figures: "18", "4,755,785.11", "-2.34%"


def layout_kept(lines: Sequence[str]) -> bool:
    """Whether a dump keeps its layout: ``LAYOUT_SHARE`` or more of its text lines hold a run of
    ``GAP`` spaces between two pieces of text (other dumps: 1% at most on the dev PDFs)."""
    filled = [ln.strip() for ln in lines if ln.strip()]
    inner = sum(1 for ln in filled if len(PIECE.findall(ln)) > 1)
    return bool(filled) and inner >= LAYOUT_SHARE * len(filled)


def columns(numbered: Sequence[NumberedLine]) -> list[list[NumberedLine]]:
    """A page's lines as runs read one after the other: the first column's lines, then the
    second's, for each stretch of lines the gutter cuts; a line across the gutter is a run of its
    own (each line keeps its number).  A page without a gutter is one run."""
    gutter = _gutter(numbered)
    if gutter is None:
        return [list(numbered)]
    out: list[list[NumberedLine]] = []
    left: list[NumberedLine] = []
    right: list[NumberedLine] = []
    for no, raw in numbered:
        cut = _cut(raw, gutter)
        if cut is None:  # across the gutter: the columns so far end here
            out += [run for run in (left, right, [(no, raw)]) if any(t for _, t in run)]
            left, right = [], []
            continue
        _extend(left, no, raw[:cut].rstrip(), raw)
        _extend(right, no, raw[cut:].strip(), raw)
    return out + [run for run in (left, right) if any(t for _, t in run)]


def _extend(column: list[NumberedLine], no: int, text: str, raw: str) -> None:
    """Add a row's piece to a column.  An empty piece is a blank line (a paragraph's end) when the
    whole row is blank or the column's last line ends a sentence; otherwise the other column's
    denser lines stand beside it, and it is left out."""
    if text or not raw.strip() or (column and ends_sentence(column[-1][1])):
        column.append((no, text))


def _pieces(raw: str) -> list[tuple[int, int]]:
    """(start, end) of each piece of text, runs of ``GAP`` spaces apart."""
    return [m.span() for m in PIECE.finditer(raw)]


def _gutter(numbered: Sequence[NumberedLine]) -> int | None:
    """Where the page's second column starts, or None.

    The candidate is the most common start of prose pieces that do not start a line (within
    ``TOLERANCE``).  It is a gutter when ``MIN_ROWS`` rows or more start a prose piece there, at
    most ``TABLE_SHARE`` of the rows starting a piece of words there hold three pieces or more
    (a table's row: label, figures, remarks), and ``MIN_LEFT`` prose pieces stand wholly left
    of it (not a table's numbers beside their items).
    """
    spans = [_pieces(raw) for _, raw in numbered]
    starts: Counter[int] = Counter(a for row in spans for a, b in row if a > 0 and b - a >= PROSE_CELLS)
    if not starts:
        return None
    near = {x: sum(n for s, n in starts.items() if abs(s - x) <= TOLERANCE) for x in starts}
    best = max(starts, key=lambda x: (near[x], -x))
    gutter = min(s for s in starts if abs(s - best) <= TOLERANCE)
    worded = [(len(row), raw[a:b]) for row, (_, raw) in zip(spans, numbered) for a, b in row
              if abs(a - gutter) <= TOLERANCE and not NUMBERS.match(raw[a:b])]
    prose = sum(1 for _, text in worded if len(text) >= PROSE_CELLS)
    table = sum(1 for n, _ in worded if n >= 3)
    left = sum(1 for row in spans for a, b in row if b < gutter and b - a >= PROSE_CELLS)
    if prose >= MIN_ROWS and table <= TABLE_SHARE * len(worded) and left >= MIN_LEFT:
        return gutter
    return None


def _cut(raw: str, gutter: int) -> int | None:
    """Where ``raw`` splits at the gutter: the start of its first piece starting at or right of
    ``gutter - TOLERANCE`` (its length when none does); None when a piece runs across the gutter."""
    for a, b in _pieces(raw):
        if a >= gutter - TOLERANCE:
            return a
        if b > gutter:
            return None
    return len(raw)


__all__ = ["columns", "layout_kept"]
