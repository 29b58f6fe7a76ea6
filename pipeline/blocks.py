"""Lines into blocks: paragraph-sized units that later stages keep, move or drop.

Lines arrive in the PDF's stream order.  A new block starts when the vertical
gap exceeds ``line_gap`` line heights, the line no longer overlaps the block
horizontally (a column change), the font size changes, the line goes back up
the page, the weight or colour changes under a heading (:func:`_set_apart`), the
text is not horizontal, or the line is a currency sign alone (``$`` in a table
opens the amount after it, however close the one before stands).  What it cannot do: split a block
that the PDF wrote as one line across two columns (rare; ``order`` sees the
gap), or know whether a sentence continues in the next block (``order`` joins
those).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from . import patterns as P
from .config import BlockConfig
from .geometry import height, union, x_overlap
from .linefit import SAME_LINE
from .normalize import clean_line, ends_sentence, join_lines
from .numbering import numbering
from .types import BBox, Block, Line, Span, dominant_size

SIZE_CHANGE = 0.06  # relative font-size change that starts a new block
NUMBER_SIZE_RATIO = 1.3  # a section number joins a title on its baseline up to this many times its size
MONOSPACE_FLAG = 8  # PyMuPDF span flag of a monospaced font
SET_APART_STEP = 1.4  # a regular line this many of a bold group's line steps under it starts anew
DISPLAY_SIZE = 1.2  # a line set this many times the page's body size or larger is display type (a title)


class _LineInfo(NamedTuple):
    """What grouping asks of a line, computed once per line."""

    line: Line
    horizontal: bool
    size: float
    bold: bool
    opens: bool = True  # no other line of the page on its baseline to its left
    display: bool = False  # set DISPLAY_SIZE times the page's body size or larger


def build_blocks(lines: Sequence[Line], page: int, cfg: BlockConfig) -> tuple[Block, ...]:
    """Group one page's lines into blocks, numbered ``p<page>-b<n>`` in stream order."""
    groups: list[list[_LineInfo]] = []
    boxes: list[BBox] = []  # each group's union box, grown line by line
    first = _line_openers(lines, cfg.y_tolerance)
    body = dominant_size(tuple(s for line in lines for s in line.spans)) if lines else 0.0
    for k, line in enumerate(lines):
        size = text_size(line)
        info = _LineInfo(line, _horizontal(line), size, line.bold, k in first, size >= DISPLAY_SIZE * body > 0)
        if groups and _continues(groups[-1], boxes[-1], info, cfg):
            groups[-1].append(info)
            b, a = boxes[-1], line.bbox
            boxes[-1] = (min(b[0], a[0]), min(b[1], a[1]), max(b[2], a[2]), max(b[3], a[3]))
        else:
            groups.append([info])
            boxes.append(line.bbox)
    pieces = [(piece, box if piece is g else union(i.line.bbox for i in piece))
              for g, box in zip(groups, boxes) for piece in _cut_bold_heads(g)]
    blocks = (_make_block([i.line for i in g], page, n, box) for n, (g, box) in enumerate(pieces))
    return tuple(b for b in blocks if b.text)


def _line_openers(lines: Sequence[Line], tolerance: float) -> set[int]:
    """Indexes of the lines that open their visual line: no other line whose top lies within
    ``tolerance`` of theirs ends at or left of their start (a table row's last value has its row's
    other cells there)."""
    order = sorted(range(len(lines)), key=lambda k: lines[k].bbox[1])
    tops = [lines[k].bbox[1] for k in order]
    out: set[int] = set()
    for k in order:
        top, x0 = lines[k].bbox[1], lines[k].bbox[0]
        near = order[bisect_left(tops, top - tolerance):bisect_right(tops, top + tolerance)]
        if not any(j != k and lines[j].bbox[2] <= x0 for j in near):
            out.add(k)
    return out


def _cut_bold_heads(group: list[_LineInfo]) -> list[list[_LineInfo]]:
    """The group cut around each run of bold lines between a regular line that ends a sentence and
    a regular line that starts one (or the group's end): a heading set at the body's size and
    pitch right under the paragraph before it.  uber_2021.pdf: ``["…", "report or document we
    file.", "ITEM 1A. RISK FACTORS", "Certain factors may…"]`` -> three groups.  A paragraph's bold
    lead running into its next regular line ("… exacerbated by poor" / "market liquidity.") stays.
    """
    cuts: list[int] = []
    k = 1
    while k < len(group):
        if not group[k].bold or group[k - 1].bold or not ends_sentence(clean_line(group[k - 1].line.text)):
            k += 1
            continue
        end = next((j for j in range(k, len(group)) if not group[j].bold), len(group))
        if end == len(group) or _starts_sentence(group[end].line.text):
            cuts += [k] + ([end] if end < len(group) else [])
        k = end + 1
    if not cuts:
        return [group]
    bounds = [0, *cuts, len(group)]
    return [group[a:b] for a, b in zip(bounds, bounds[1:])]


def _starts_sentence(text: str) -> bool:
    """The line opens with a capital, a digit, a bullet or an opening quote: ``"Certain factors" -> True``."""
    t = clean_line(text)
    return bool(t) and not t[0].islower()


def sized(block: Block) -> bool:
    """Whether the block's font size means anything: not a scan's OCR layer (invisible text,
    alpha 0), whose sizes are the recogniser's guesses and vary line by line."""
    return any(span.alpha > 0 for line in block.lines for span in line.spans) or not block.lines


def sizes_differ(a: float, b: float) -> bool:
    """Two font sizes a block would not mix: ``(9.0, 9.5) -> False``, ``(7.8, 7.1) -> True``."""
    return abs(a - b) > SIZE_CHANGE * max(a, b, 1.0)


def _horizontal(line: Line) -> bool:
    d = line.spans[0].direction
    return abs(d[1]) < 0.05 and d[0] > 0


def _continues(group: list[_LineInfo], group_box: BBox, info: _LineInfo, cfg: BlockConfig) -> bool:
    prev, line = group[-1], info.line
    if not (prev.horizontal and info.horizontal):
        return False
    pbox = prev.line.bbox
    h = max(height(pbox), 1.0)
    if abs(info.size - prev.size) > SIZE_CHANGE * max(prev.size, 1.0) and not _number_beside_title(group, info, cfg):
        return False
    if not _leader_beside(pbox, line, cfg) and _set_apart(group, group_box, info, cfg):
        return False
    gap = line.bbox[1] - pbox[3]
    if line.bbox[1] < pbox[1] - cfg.y_tolerance:  # back up the page
        return False
    if abs(line.bbox[1] - pbox[1]) <= cfg.y_tolerance:  # same baseline: only if adjacent,
        if P.LONE_CURRENCY.match(line.text):  # and never a currency sign: it opens the amount after it
            return False
        return line.bbox[0] - pbox[2] < cfg.x_gap * max(info.size, 1.0) and line.bbox[0] >= pbox[0]
    return gap <= cfg.line_gap * h and x_overlap(group_box, line.bbox) > 0.1


def _leader_beside(pbox: BBox, line: Line, cfg: BlockConfig) -> bool:
    """A dot leader (and its page number) on the baseline of the line before it: it carries on that
    contents entry whatever its colour or weight (debian-reference.ja's blue link '10.1共有とコピーと
    アーカイブ' and its black '. . . . 186')."""
    return abs(line.bbox[1] - pbox[1]) <= cfg.y_tolerance and bool(P.LEADER_END.match(line.text.strip()))


def text_size(line: Line) -> float:
    """The size a line's text is set in: in a line holding Han text, the size of its Han spans, so Latin
    words and code in fonts of other sizes between them do not decide it (xeCJK, Word's western font):
    ``"执行" 10.5 + "install-win.bat" 9.5 + "或" 10.5 + "install-linux.sh" 9.5 -> 10.5``; else the
    size of its prose, not of the inline code in a monospace font between it (``"an " 10 + "output"
    8.5 + " of " 10 + "noalias(&x, &mut x)" 8.5 -> 10``).  A line all code keeps its own size."""
    han = tuple(s for s in line.spans if P.HAN.search(s.text))
    if han and len(han) < len(line.spans):
        return dominant_size(han)
    prose = tuple(s for s in line.spans if not _monospace(s))
    return dominant_size(prose) if prose and len(prose) < len(line.spans) else line.size


def _monospace(span: Span) -> bool:
    return bool(span.flags & MONOSPACE_FLAG or P.MONOSPACE_FONT.search(span.font))


def _number_beside_title(group: list[_LineInfo], info: _LineInfo, cfg: BlockConfig) -> bool:
    """A section number alone (``2.1.1``, ``第3节``, ``一、``) right before a title of another size but the same
    weight on its baseline: fduthesis.pdf's 11.6 pt ``2.1.1`` in a Latin font beside its 10.5 pt ``标准安装``.
    A number far larger than the text beside it (a key figure by its label) stays apart.  A number of
    another weight joins only a title (:func:`_titled`)."""
    prev = group[-1]
    if len(group) > 1:
        return False
    titled = prev.bold != info.bold and _titled(prev, info)  # a number of another weight joins only a title
    if prev.bold != info.bold and not titled:
        return False
    big, small = max(prev.size, info.size), min(prev.size, info.size)
    a, b = prev.line.bbox, info.line.bbox
    return (big <= NUMBER_SIZE_RATIO * small and abs(b[1] - a[1]) <= cfg.y_tolerance and b[0] >= a[2]
            and b[0] - a[2] < cfg.x_gap * max(info.size, 1.0) and (titled or section_label(prev.line.text)))


def _titled(number: _LineInfo, title: _LineInfo) -> bool:
    """A bold decimal section number (``3.1``, ``17.1.3``) opening its line before a regular text of
    its size that reads as a title: it starts with a letter and ends no sentence; a bare one- or
    two-digit number too when both are display type (texlive-zh-cn's 14.3 pt '1' before '简介' over
    10 pt text).  debian-edu-bullseye-manual sets '17.1.3' in a bold Latin font and
    '增添LTSP chroot来支持32位的电脑客户端' in a Han font with no bold face; a table row's last bold
    value ('… 4.43 5.77') before the next table's label ('营业成本') opens no line, and a contents
    page's bold chapter number ('11' before '维护') stays apart from its title, as its entry reads.
    Their tops must agree as a visual line's pieces do (``linefit.SAME_LINE``): tlmgr-intro-zh-cn's
    '4.2' 1.5 pt below its 'search' in a monospace font would be cut apart again as two lines."""
    text = clean_line(title.line.text)
    label = P.SECTION_NUMBER_LABEL.match(number.line.text) or (
        number.display and title.display and P.BARE_SECTION_NUMBER.match(number.line.text))
    return (number.bold and not title.bold and number.opens and bool(label)
            and abs(number.line.bbox[1] - title.line.bbox[1]) <= SAME_LINE  # one visual line to later stages
            and not sizes_differ(number.size, title.size)
            and bool(text) and text[0].isalpha() and not ends_sentence(text))


def section_label(text: str) -> bool:
    """A section number with no title: ``"2.1.1" -> True``, ``"第3 节" -> True``, ``"12" -> False``."""
    n = numbering(text)
    return bool(P.SECTION_NUMBER_LABEL.match(text)) or (n is not None and not n.rest)


def _set_apart(group: list[_LineInfo], group_box: BBox, info: _LineInfo, cfg: BlockConfig) -> bool:
    """Whether ``info``'s line leaves a heading above it: a group of one line (one piece) in another weight
    or colour than ``line``; or a group all bold (pieces on one baseline: '1.3.1' and 'Engine type';
    stacked headings; a heading of two lines) over a regular ``line`` that runs past it on the
    right, as a paragraph's first line runs past its heading, or that stands further under it than
    the group's own lines stand from each other (Bureau Veritas's wrapped '2.7.4 Overspeed protective
    devices of main and' / 'auxiliary engines' 10 pt apart, 15 pt over 'In addition to the speed
    governor, each:').

    uber_2021.pdf sets 'ITEM 1. BUSINESS' over 'Overview' in bold at the body's size and as close
    as its paragraph's lines: ``["ITEM 1. BUSINESS", "Overview"] + "Uber Technologies, …" -> True``.
    A bold section number alone at the start of a line under them opens the next heading (fduthesis's
    '2.1 获取fduthesis' over '2.1.1 标准安装', the number a line of its own in the PDF).
    A talk's title of two bold lines over its speaker's shorter name in a programme's cell stays
    one block, and so does a paragraph whose regular lines lead into a bold line (see
    :func:`_cut_bold_heads` for a bold heading under a paragraph).
    """
    line, first = info.line, group[0]
    if len(group) == 1:
        weight = info.bold != first.bold and not _number_beside_title(group, info, cfg)
        return weight or _color(line) != _color(first.line)
    if not all(i.bold for i in group):
        return False
    step = line.bbox[1] - group[-1].line.bbox[1]
    if abs(step) <= cfg.y_tolerance:
        return False  # a piece further along the group's last line, not a line under it
    if info.bold:  # a bold section number opening a line under bold headings opens the next heading
        return section_label(line.text)
    return line.bbox[2] > group_box[2] + height(line.bbox) or step > SET_APART_STEP * _pitch(group, cfg)


def _pitch(group: list[_LineInfo], cfg: BlockConfig) -> float:
    """The least step down from one of the group's lines to the next set under it (by more than
    half a line: a piece raised or lowered beside its line is not under it), or infinity for a
    group on one baseline: ``tops 291.7, 301.7 -> 10.0``."""
    steps = [b.line.bbox[1] - a.line.bbox[1] for a, b in zip(group, group[1:])]
    return min((s for s, b in zip(steps, group[1:]) if s > max(cfg.y_tolerance, 0.5 * height(b.line.bbox))),
               default=float("inf"))


def _color(line: Line) -> int:
    return max(line.spans, key=lambda s: len(s.text.strip())).color


def _make_block(lines: list[Line], page: int, n: int, bbox: BBox) -> Block:
    merged = _merge_same_baseline(lines)
    spans = tuple(s for ln in lines for s in ln.spans)
    chars = bold_chars = 0
    for s in spans:  # one pass: all characters, and those set in bold
        k = len(s.text.strip())
        chars += k
        if k and s.bold:
            bold_chars += k
    bold = bold_chars / (chars or 1) > 0.6
    flags = () if _horizontal(lines[0]) else ("rotated",)
    return Block(id=f"p{page}-b{n}", page=page, bbox=bbox,
                 text=join_lines(merged), lines=tuple(lines), size=dominant_size(spans), bold=bold, flags=flags)


def _merge_same_baseline(lines: list[Line]) -> list[str]:
    """Texts of visual lines: pieces on one baseline joined with a space."""
    out: list[str] = []
    last_top: float | None = None
    for ln in lines:
        if last_top is not None and abs(ln.bbox[1] - last_top) <= 1.5:
            out[-1] = out[-1].rstrip() + " " + ln.text.strip()
        else:
            out.append(ln.text)
        last_top = ln.bbox[1]
    return out


def body_size(blocks: Iterable[Block]) -> float:
    """The body font size: the size (to 0.1 pt) carrying the most characters; 0.0 when none has one."""
    weight: dict[float, int] = defaultdict(int)
    for b in blocks:
        if b.size > 0:
            weight[round(b.size, 1)] += len(b.text)
    return max(weight, key=lambda k: weight[k]) if weight else 0.0
