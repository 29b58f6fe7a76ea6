"""Line geometry of a block: its visual lines, its measure, and whether a line was broken or ended.

A block whose lines leave their column (the extractor met the lines of two
columns one after the other and grouped them) is split back into columns.

A line that stops before the right edge of its measure was *broken* by the
typesetter when the next line's first word would not have fitted in the space
left; otherwise the writer *ended* it (a paragraph's last line, a label).
Word widths are estimated from the next line's average character width; a
Han character is one word.

Restrictions: centred or right-aligned text is not understood; the measure is
the block's own widest line, so a one-line block borrows the next block's
measure (aligned at its own left edge when the two stand in different
columns), and of two one-line blocks only one as wide as the next, in line
with it, is judged (broken); letter-spaced or mixed-size lines make the word estimate rough.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from . import patterns as P
from .geometry import union, x_overlap
from .normalize import clean_line, join_lines
from .types import BBox, Block, Line

SAME_LINE = 1.5  # points: lines whose tops differ by less are pieces of one visual line
FIT_SLACK = 0.5  # font sizes of room a word needs beyond its own width (the space before it)
BESIDE_BELOW = 3.0  # font sizes: a block starting right of a line's end this little below it stands beside it
FIRST_INDENT = 2.0  # font sizes a paragraph's first line may be indented by (two Han characters)
CENTRE_SLACK = 1.0  # font sizes: centred lines' middles lie this close together, their left edges further apart


def level(last: BBox, piece: BBox) -> bool:
    """Whether ``piece`` stands on the baseline of ``last``, the piece before it on its line: their tops
    agree, or their bottoms do with the tops a little apart (a run in a font whose box stands taller than
    the line's other font's: debian-reference.ja's 'MC のカスタム化' 2 pt above its '1.3.1' and '17')."""
    top = abs(piece[1] - last[1])
    return top <= SAME_LINE or top <= 2 * SAME_LINE and abs(piece[3] - last[3]) <= SAME_LINE


def visual_lines(block: Block) -> list[list[Line]]:
    """The block's lines grouped by baseline (pieces of one visual line), in order: a piece whose top
    agrees with the line's first piece, or one right of the line's last piece and :func:`level` with it."""
    rows: list[list[Line]] = []
    for ln in block.lines:
        last = rows[-1][-1].bbox if rows else None
        if last is not None and (abs(ln.bbox[1] - rows[-1][0].bbox[1]) <= SAME_LINE
                                 or ln.bbox[0] >= last[2] - SAME_LINE and level(last, ln.bbox)):
            rows[-1].append(ln)
        else:
            rows.append([ln])
    return rows


def row_box(row: list[Line]) -> BBox:
    return row[0].bbox if len(row) == 1 else union([ln.bbox for ln in row])


def row_text(row: list[Line]) -> str:
    return clean_line(" ".join(ln.text for ln in row))


def first_word_width(row: list[Line]) -> float:
    """Estimated width of the row's first word (one character when it starts with Han)."""
    return word_width(row_text(row), row_box(row))


def word_width(text: str, box: BBox) -> float:
    """Estimated width of the first word of a visual line with clean ``text`` filling ``box``."""
    if not text:
        return 0.0
    per_char = (box[2] - box[0]) / len(text)
    if P.CJK.match(text[0]):
        return per_char
    m = P.FIRST_WORD.match(text)
    return per_char * (len(m.group(0)) if m else 1)


def broken(line: BBox, right: float, next_word: float, size: float) -> bool:
    """A line ending at ``line[2]`` in a measure ending at ``right`` was broken: the next word did not fit."""
    return right - line[2] < next_word + FIT_SLACK * size


def ends_broken(prev: Block, nxt: Block, indent: float = 0.0) -> bool | None:
    """Whether ``prev``'s last line was broken by the measure (so ``nxt`` may carry on its sentence):
    True broken, False ended with room left, None unknown (two one-line blocks: no measure, unless
    the first is as wide as the second and in line with it, or is a first line indented by at
    most ``FIRST_INDENT`` that still reaches the second's right edge; both flush left, the
    longer line gives the measure; False when the second starts right of the first's end, at
    most ``BESIDE_BELOW`` font sizes below its top).

    ``indent``: font sizes a one-line ``prev`` may be indented by (a paragraph's first line).
    """
    rows, nrows = last_column(visual_lines(prev)), visual_lines(nxt)
    if not rows or not nrows:
        return None
    last, size = row_box(rows[-1]), max(prev.size, 1.0)
    if len(rows) >= 2 and centred([row_box(r) for r in rows], size):
        return None  # a centred title or caption: its lines show no measure
    if len(rows) >= 2:
        right = max(row_box(r)[2] for r in rows)
    elif len(nrows) < 2:  # two one-line blocks: only one at least as wide as the other, in line with it, tells
        nxt_box = row_box(nrows[0])
        if x_overlap(last, nxt_box) < 0.5:
            # set right of ``prev``'s end just below it: an item of its own (a date beside a
            # heading), not the next line of a sentence, which starts at a left edge
            beside = last[2] <= nxt_box[0] and 0 <= nxt_box[1] - last[1] <= BESIDE_BELOW * size
            return False if beside else None
        slack = FIT_SLACK * size
        if last[2] - last[0] >= (nxt_box[2] - nxt_box[0]) - slack:
            return True
        # a paragraph's indented first line that still reaches the right edge of the next line
        indented = 0 <= last[0] - nxt_box[0] <= FIRST_INDENT * size + slack
        if indented and last[2] >= nxt_box[2] - slack:
            return True
        if abs(last[0] - nxt_box[0]) <= slack:  # flush left both: the longer line shows the measure
            return broken(last, nxt_box[2], first_word_width(nrows[0]), size)
        return None
    else:
        boxes = [row_box(r) for r in nrows]
        right = max(b[2] for b in boxes)
        if x_overlap(last, nxt.bbox) < 0.5:  # another column or page: same measure, own left edge
            right = last[0] - indent * size + right - min(b[0] for b in boxes)
    return broken(last, right, first_word_width(nrows[0]), size)


def centred(boxes: list[BBox], size: float) -> bool:
    """Lines set centred: each indented from the left as far as it falls short on the right
    (within ``CENTRE_SLACK`` font sizes), and not all flush (a justified block is flush both
    sides; a paragraph's indented first line still reaches the right edge)."""
    left, right = min(b[0] for b in boxes), max(b[2] for b in boxes)
    slack = CENTRE_SLACK * size
    mirrored = all(abs((b[0] - left) - (right - b[2])) <= slack for b in boxes)
    return mirrored and max(b[0] for b in boxes) - left > slack


def last_column(rows: list[list[Line]]) -> list[list[Line]]:
    """The trailing rows set in the same column as the last one (a joined block spans columns and pages)."""
    if not rows:
        return rows
    start = len(rows) - 1
    while start > 0:
        above, below = row_box(rows[start - 1]), row_box(rows[start])
        if above[1] >= below[1] or x_overlap(above, below) < 0.5:
            break
        start -= 1
    return rows[start:]


class Rows:
    """A block's visual lines with their boxes and (when asked) clean texts, computed once."""

    def __init__(self, block: Block) -> None:
        self.lines = visual_lines(block)
        self.boxes = [row_box(r) for r in self.lines]
        self.size = max(block.size, 1.0)
        self._texts: list[str] | None = None

    @property
    def texts(self) -> list[str]:
        if self._texts is None:
            self._texts = [row_text(r) for r in self.lines]
        return self._texts


Step = tuple[str, Callable[[Rows, int, int], list[int]]]  # id tag, cuts (offsets) of the rows [a, b)
COLUMNS: Step = ("c", lambda rows, a, b: column_cuts(rows.boxes[a:b]))


def split_rows(block: Block, steps: Sequence[Step], finish: Callable[[Block], Block] = lambda b: b) -> list[Block]:
    """``block`` cut into runs of visual lines by each step in turn, each piece given to ``finish``.

    A step cuts every piece of two or more lines the steps before left; the pieces of a
    cut piece get ids ``<id>``, ``<id>-<tag>1``, ….  Nothing cut: ``[finish(block)]``.
    """
    if not steps or len(block.lines) < 2:
        return [finish(block)]
    rows = Rows(block)
    pieces = [(0, len(rows.lines), block.id)]
    for tag, cuts in steps:
        out: list[tuple[int, int, str]] = []
        for a, b, piece_id in pieces:
            found = [a + i for i in cuts(rows, a, b)] if b - a >= 2 else []
            out.extend((x, y, piece_id if k == 0 else f"{piece_id}-{tag}{k}")
                       for k, (x, y) in enumerate(zip([a] + found, found + [b])))
        pieces = out
    if len(pieces) == 1:
        return [finish(block)]
    return [finish(sub_block(block, [ln for row in rows.lines[a:b] for ln in row], piece_id))
            for a, b, piece_id in pieces]


def split_columns(block: Block) -> list[Block]:
    """A block whose lines run into another column (lines written in an odd order), one block per run of
    lines each under the one before and overlapping it by half: ids ``<id>``, ``<id>-c1``, …."""
    return split_rows(block, [COLUMNS])


def column_cuts(boxes: Sequence[BBox]) -> list[int]:
    """Indices of the visual lines (given by their boxes) that start a new column run: not under the line
    before, or overlapping it by less than half."""
    return [i for i in range(1, len(boxes)) if _leaves_column(boxes[i - 1], boxes[i])]


def _leaves_column(above: BBox, line: BBox) -> bool:
    return line[1] < above[1] - SAME_LINE or x_overlap(above, line) < 0.5


def sub_block(block: Block, lines: Sequence[Line], block_id: str) -> Block:
    """The part of ``block`` made of ``lines``, its text joined anew (:func:`lines_text`), under ``block_id``."""
    return replace(block, id=block_id, bbox=union(ln.bbox for ln in lines), lines=tuple(lines),
                   text=lines_text(lines))


def lines_text(lines: Sequence[Line]) -> str:
    """Lines' text as blocks join it: pieces of one visual line (one baseline, each right of the one
    before: a text dump's lines, one point apart, all start at 0) with a space, which a Latin or digit
    edge keeps beside Han: ``["2.1", "获取宏包"]`` -> ``"2.1 获取宏包"``; visual lines as a
    paragraph's lines (``join_lines``: no space between Han characters)."""
    rows: list[list[Line]] = []
    for ln in lines:
        last = rows[-1][-1].bbox if rows else None
        beside = last is not None and last[0] < ln.bbox[0] and ln.bbox[0] >= last[2] - SAME_LINE
        if last is not None and beside and level(last, ln.bbox):
            rows[-1].append(ln)
        else:
            rows.append([ln])
    return join_lines(" ".join(ln.text.strip() for ln in row) for row in rows)


def nearly_full(block: Block, slack: float = 3.0) -> bool:
    """The block's last line ends within ``slack`` font sizes of its widest line (many-line blocks only)."""
    rows = last_column(visual_lines(block))
    if len(rows) < 2:
        return True
    return max(row_box(r)[2] for r in rows) - row_box(rows[-1])[2] < slack * max(block.size, 1.0)


__all__ = ["visual_lines", "level", "Rows", "Step", "COLUMNS", "split_rows", "split_columns", "sub_block", "lines_text", "column_cuts", "last_column", "row_box", "row_text", "first_word_width", "word_width", "broken", "ends_broken", "nearly_full"]
