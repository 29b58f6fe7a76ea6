"""Columns that a PDF writes across the page line by line, put back column by column.

Some producers write a page of columns in rows: the first line of every column, then the second
line of every column, and so on (pdfminer's i1040nr.pdf, IRS instructions in three columns).
Grouped in that stream order every line is a block of its own (each next line is in another
column), lines of two columns sharing a baseline across a narrow gutter join into one, and the
rows of lines read as a table.  When a page's sentences run on down its columns past lines of
other columns written in between (:func:`interleaved`), its lines are put in reading order column
by column (:func:`pipeline.columns.read_order`, on one block per line) before blocks are built.

A sentence runs on from a line that does not end one and was broken by the measure (the next
line's first word would not have fitted after it) into a line under it that starts in lower case;
a line of another column written in between holds words (line numbers beside a statute's lines,
copies of a line drawn over it and a table's short cells do not make a page interleaved).

What it cannot do: see it in text without letter case (Chinese, Japanese), whose line starts say
nothing about a sentence running on; a table written row by row whose wrapped text cells run on
in lower case from row to row, beside other text cells, is read column by column too.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import patterns as P
from .columns import read_order
from .geometry import height, x_overlap
from .linefit import broken, word_width
from .normalize import clean_line, ends_sentence
from .types import Block, Line

LOOKAHEAD = 8  # lines: a column's next line is written at most this far on in the stream
BELOW_GAP = 1.0  # line heights: the next line of a column starts at most this far under the line
MIN_RUNS_ON = 4  # sentences running on past lines written in between, on a page ...
MIN_SHARE = 0.15  # ... and per line of the page, for the page to be read column by column
MIN_WORDS = 3  # a line of another column written in between holds this many words or more


def column_major(lines: Sequence[Line]) -> list[Line]:
    """``lines`` in reading order column by column when the page writes its columns across
    (:func:`interleaved`); otherwise as they came.

    ``["You must file a return if you were", "If you are filing for an estate or",
    "a nonresident alien engaged in a", "trust, change the form to reflect"]`` (two columns
    written across) -> ``["You must file …", "a nonresident …", "If you are filing …", "trust, …"]``.
    """
    if not interleaved(lines):
        return list(lines)
    blocks = [Block(id=str(k), page=0, bbox=ln.bbox, text=ln.text, lines=(ln,), size=ln.size)
              for k, ln in enumerate(lines)]
    return [lines[int(slot.block.id)] for slot in read_order(blocks)]


def interleaved(lines: Sequence[Line]) -> bool:
    """Whether sentences run on from a line to the line under it with lines of other columns written
    in between, on ``MIN_RUNS_ON`` lines of the page or more and on ``MIN_SHARE`` of them."""
    texts = [clean_line(ln.text) for ln in lines]
    runs_on = 0
    for i in range(len(lines)):
        j = _next_in_column(lines, i)
        if (j is not None and j > i + 1 and _runs_on(texts[i], texts[j])  # _full, reading every line, last
                and any(_beside(lines[i], lines[k], texts[k]) for k in range(i + 1, j))
                and _full(lines, i, word_width(texts[j], lines[j].bbox))):
            runs_on += 1
    return runs_on >= MIN_RUNS_ON and runs_on >= MIN_SHARE * len(lines)


def _full(lines: Sequence[Line], i: int, next_word: float) -> bool:
    """Line ``i`` was broken by its column's measure: the right edge of the lines in line with it
    (overlapping it by half across) leaves no room for ``next_word``."""
    box = lines[i].bbox
    right = max(ln.bbox[2] for ln in lines if x_overlap(box, ln.bbox) >= 0.5)
    return broken(box, right, next_word, max(lines[i].size, 1.0))


def _beside(line: Line, other: Line, text: str) -> bool:
    """``other`` is a line of another column: clear of ``line`` across, ``MIN_WORDS`` words or more."""
    return x_overlap(line.bbox, other.bbox) == 0 and len(P.LATIN_WORD.findall(text)) >= MIN_WORDS


def _next_in_column(lines: Sequence[Line], i: int) -> int | None:
    """The first line written after ``lines[i]`` (within ``LOOKAHEAD``) that stands under it, overlapping
    it by half across and at most ``BELOW_GAP`` line heights lower; None when there is none."""
    box = lines[i].bbox
    for j in range(i + 1, min(i + 1 + LOOKAHEAD, len(lines))):
        other = lines[j].bbox
        gap = other[1] - box[3]
        if other[1] > box[1] and gap <= BELOW_GAP * height(box) and x_overlap(box, other) >= 0.5:
            return j
    return None


def _runs_on(text: str, nxt: str) -> bool:
    """A sentence runs on from ``text`` into ``nxt``: ``("a nonresident alien engaged in a", "trade or
    business")`` -> True; ``("was required to file one.", "you")`` -> False."""
    return bool(text) and bool(nxt) and not ends_sentence(text) and nxt[0].islower()
