"""Paragraphs joined across line, column and page breaks; list items kept apart.

Joining (reading order = file order): a body block continues the body block
before it when the sentence is still open and the next block carries it on:

- the previous block does not end with a sentence end (``。！？；：…``, ``. ! ? ; :``,
  closing quotes) and the next block is not a list item;
- Latin: the next block starts in lower case, or the previous one ends in a
  hyphenated word part, or (pages with geometry) its last line was broken by
  the measure, not ended (``linefit.ends_broken``: the next word would not have fitted);
- Chinese: on pages with geometry, the previous block's last line was broken
  (a last line with room left ends a paragraph even without a full stop); in
  text dumps, always.

In a document whose paragraphs start indented, a paragraph broken after a
sentence (a full last line, then a line starting flush) is joined too.  A line
opening with a section number (``17.1.3``) and a title never runs into the block
under it in its column.

Asides and tables met while a paragraph is open wait and follow the joined
paragraph, so they never land inside a sentence; so does a footnote at a page's
foot (smaller type, a note mark: ``1 See …``).  Headings close paragraphs.

Splitting: a body block holding several paragraphs (the extractor saw no gap
between them) is split after a line that ends a sentence and was ended, not
broken, or is followed by an indented line or by extra space.

List items: a body block whose lines start with bullets (or with ``1.``/``a)``
after a line that ends a sentence or a colon, after another item, or hanging
out left of the line before) is split into one block per item
before ordering, and items are never joined to each other.  Private-use bullet
glyphs (Symbol/Wingdings ``\\uf0b7``, ``\\uf06c``) become ``•``.

Restrictions: without first-line indents, a paragraph broken exactly after a
sentence end (a column ending with a full stop) is not joined; a Latin
paragraph continuing with a capital after a short last line is not joined; two
one-line Chinese blocks on different pages are not joined.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from . import patterns as P
from .blocks import sized, sizes_differ
from .geometry import union
from .linefit import COLUMNS, FIRST_INDENT, Step, broken, ends_broken, nearly_full, split_rows, visual_lines, word_width
from .normalize import bullet_glyph, ends_sentence, join_pair
from .numbering import numbering
from .types import ASIDE, BODY, TABLE, BBox, Block, Document, Line

SHORT_LINE = 4.0  # font sizes: a CJK line ending this far short of the measure ends its paragraph
PARA_SPACE = 0.3  # font sizes: a line this much further below than usual starts a paragraph
LEADING = 1.15  # usual line pitch of a two-line block, in line heights (one pitch says nothing)
INDENT = 1.5  # font sizes: a line starting this far right of the block's usual left edge is indented
HANG = 2.0  # points: a marker line starting this far left of the line before it hangs out as a new item
INDENT_SHARE = 0.6  # a document whose multi-line paragraphs start indented this often uses indents ...
MIN_INDENT_VOTES = 5  # ... judged on at least this many paragraphs
FLOATS = (ASIDE, TABLE)  # kinds that wait until the open paragraph closes
FOOT_ZONE = 0.75  # a footnote starts below this share of its page's height
DROP_CAP_SIZE = 2.0  # a drop cap is set at least this many times the size of its paragraph


def continues(prev: Block, nxt: Block, geometry: bool = True, indents: bool = False,
              same_page: bool | None = None) -> bool:
    """Whether ``nxt`` carries on the sentence ``prev`` leaves open.

    ``("上海科技创新中心建", "设取得新进展。") -> True`` (when the first fills its line);
    ``("growth was", "strong.") -> True``; ``("It grew.", "Next") -> False``, except in a
    document whose paragraphs start indented (``indents``), where a full last line followed
    by a flush first line is a paragraph broken after a sentence.  ``same_page``: whether
    ``prev``'s last part and ``nxt`` share a page (default: compare their pages).
    """
    if prev.kind != BODY or nxt.kind != BODY or not prev.text or not nxt.text:
        return False
    if geometry and drop_cap(prev, nxt):
        return True
    if _marker(nxt.text) or P.BULLET_START.match(nxt.text) or P.CAPTION_START.match(nxt.text):
        return False
    if P.UNIT_LABEL.match(prev.text) or P.UNIT_LABEL.match(nxt.text):  # "单位：元" over a table
        return False
    if geometry and _other_size(prev, nxt):
        return False
    if geometry and section_title_over(prev, nxt):
        return False
    allowance = FIRST_INDENT if indents else 0.0
    if ends_sentence(prev.text):
        return indents and geometry and ends_broken(prev, nxt, allowance) is True and _goes_on_flush(prev, nxt)
    if P.HYPHEN_END.search(prev.text[-3:]):  # "$"-anchored: only the last 3 characters can match
        return True
    last, first = prev.text[-1], nxt.text[0]
    if P.CJK.match(last) or P.CJK.match(first):  # joined unless the line visibly ended with room left
        fit = ends_broken(prev, nxt, allowance)
        near = prev.page == nxt.page if same_page is None else same_page
        return not geometry or fit is True or (fit is None and near)
    return first.islower() or (geometry and ends_broken(prev, nxt, allowance) is True)


def section_title_over(prev: Block, nxt: Block) -> bool:
    """``prev`` is one line opening with a section number of two levels or more and a title (no
    sentence in it), and ``nxt`` starts under it in its column on the same page: a title over its
    paragraph, whatever their widths say (``"17.1.3 增添LTSP chroot来支持32位的电脑客户端"`` over
    ``"创建chroot和SquashFS映像，运行："``).  A numbered clause going on across a page or column stays open, and
    so does a contents entry (``"8.2 网络打印机. 47"``): what follows it is the contents' business."""
    n = numbering(prev.text)
    if n is None or n.glued or n.style not in ("decimal2", "decimal3") or not n.rest:
        return False
    if P.SENTENCE_INSIDE.search(n.rest) or len(visual_lines(prev)) != 1 or prev.page != nxt.page:
        return False
    if P.LEADER_END.search(n.rest) or n.rest[-1].isdigit():  # a contents entry, with its page number
        return False
    size = max(prev.size, 1.0)
    return nxt.bbox[1] >= prev.bbox[3] - size / 2 and abs(nxt.bbox[0] - prev.bbox[0]) <= size


def drop_cap(cap: Block, nxt: Block) -> bool:
    """``cap`` is the drop cap of ``nxt``'s paragraph: one capital letter in display type
    (``DROP_CAP_SIZE`` times or more), just left of the paragraph, its top level with the
    paragraph's within a line, the paragraph going on in lower case (``"T"`` + ``"he year …"``)."""
    letter = cap.text.strip()
    if len(letter) != 1 or not letter.isupper() or not nxt.text[:1].islower() or cap.page != nxt.page:
        return False
    line = max(nxt.size, 1.0)
    return (cap.size >= DROP_CAP_SIZE * line and abs(cap.bbox[1] - nxt.bbox[1]) <= 1.5 * line
            and nxt.bbox[0] - 2 * line <= cap.bbox[2] <= nxt.bbox[0] + 0.5 * line)


def _other_size(prev: Block, nxt: Block) -> bool:
    """The two blocks are set in type sizes a block would not mix (``blocks.SIZE_CHANGE``): a
    sentence goes on in its own size (a chart's caption does not go on in its axis labels).
    An OCR layer's sizes are guesses (:func:`blocks.sized`): never different."""
    if prev.size <= 0.0 or nxt.size <= 0.0 or not (sized(prev) and sized(nxt)):
        return False
    return sizes_differ(prev.size, nxt.size)


def flush_start(block: Block) -> bool:
    """The block's first visual line starts where its second does (no first-line indent)."""
    rows = visual_lines(block)
    if len(rows) < 2:
        return False
    return abs(rows[0][0].bbox[0] - rows[1][0].bbox[0]) < 0.5 * max(block.size, 1.0)


def _goes_on_flush(prev: Block, nxt: Block) -> bool:
    """``nxt`` starts flush left: its first line starts where its second does, or (one line) where
    ``prev``'s last line, not a first line, starts (a Word page set double-spaced: a block per line)."""
    if len(visual_lines(nxt)) >= 2:
        return flush_start(nxt)
    rows = visual_lines(prev)
    if len(rows) < 2 or not nxt.lines:
        return False
    return abs(rows[-1][0].bbox[0] - nxt.lines[0].bbox[0]) < 0.5 * max(prev.size, 1.0)


def indented_style(doc: Document) -> bool:
    """Whether most multi-line body paragraphs of the document's geometry pages start indented.

    Where the pages hold too few multi-line blocks to tell (a Word file set double-spaced: a
    block per line), the vote is taken on the paragraphs the join without indents makes."""
    return _style(doc)[0]


def _style(doc: Document) -> tuple[bool, list[Block] | None]:
    """:func:`indented_style`, and the join without indents when the vote needed it (reused by
    :func:`merge_paragraphs` when the answer is no)."""
    pages = {p.index for p in doc.pages if p.geometry}
    votes = _indent_votes(b for p in doc.pages if p.index in pages for b in p.blocks)
    plain = None
    if len(votes) < MIN_INDENT_VOTES:
        plain = _merged(doc, False)
        votes = _indent_votes(b for b in plain if b.page in pages)
    return len(votes) >= MIN_INDENT_VOTES and sum(votes) >= INDENT_SHARE * len(votes), plain


def _indent_votes(blocks: Iterable[Block]) -> list[bool]:
    """For each multi-line body block: whether its first line is indented."""
    return [not flush_start(b) for b in blocks if b.kind == BODY and len(visual_lines(b)) >= 2]


def _open(block: Block, indents: bool) -> bool:
    """A body block whose paragraph may go on: no sentence end, or (indented style) a full last line."""
    if block.kind != BODY:
        return False
    return not ends_sentence(block.text) or (indents and nearly_full(block))


def merge_paragraphs(doc: Document) -> Document:
    """Join body blocks whose sentence continues in the next one (file order = reading order).

    Asides and tables met while a paragraph is open wait and follow the joined paragraph.
    Blocks are renumbered (``Block.order``) in the new order.
    """
    indents, plain = _style(doc)
    by_page: dict[int, list[Block]] = {}
    for n, b in enumerate(plain if plain is not None and not indents else _merged(doc, indents)):
        by_page.setdefault(b.page, []).append(b if b.order == n else replace(b, order=n))
    pages = tuple(replace(p, blocks=tuple(by_page.get(p.index, ()))) for p in doc.pages)
    return replace(doc, pages=pages)


def _merged(doc: Document, indents: bool) -> list[Block]:
    """The document's blocks in order, paragraphs joined (``indents``: paragraphs start indented)."""
    geometry = {p.index: p.geometry for p in doc.pages}
    heights = {p.index: p.height for p in doc.pages}
    flat: list[Block] = []
    waiting: list[Block] = []
    last_page = -1  # page of the last part joined into flat[-1] (a joined block keeps its first page)
    for b in (b for p in doc.pages for b in p.blocks):
        geo = geometry.get(b.page, True) and geometry.get(last_page, True)
        if flat and (b.kind in FLOATS or _footnote(b, flat[-1], heights.get(b.page, 0.0))) and _open(flat[-1], indents):
            waiting.append(b)
            continue
        if flat and continues(flat[-1], b, geo, indents, same_page=last_page == b.page):
            flat[-1] = _joined(flat[-1], b)
        else:
            flat.extend(waiting)
            waiting = []
            flat.append(b)
        last_page = b.page
    flat.extend(waiting)
    return flat


def _footnote(block: Block, open_: Block, height: float) -> bool:
    """A note at the foot of a page (below ``FOOT_ZONE``), in smaller type than the paragraph left
    open above it, starting with a note mark (``P.NOTE_MARK``): it waits for that paragraph."""
    return (block.kind == BODY and height > 0.0 and block.bbox[1] >= FOOT_ZONE * height
            and block.size < open_.size and _other_size(open_, block) and bool(P.NOTE_MARK.match(block.text)))


def _joined(a: Block, b: Block) -> Block:
    bbox = union([a.bbox, b.bbox]) if a.page == b.page else a.bbox
    cap = drop_cap(a, b)  # the paragraph's first letter: no space, and the paragraph's own style
    text = a.text.strip() + b.text if cap else join_pair(a.text, b.text)
    style: dict[str, Any] = {"size": b.size, "bold": b.bold} if cap else {}
    return replace(a, text=text, bbox=bbox, lines=a.lines + b.lines,
                   flags=tuple(dict.fromkeys(a.flags + ("joined",))), **style)


def split_block(block: Block) -> list[Block]:
    """``split_columns``, then ``split_paragraphs``, then ``split_list_items`` (a table: only the last two),
    with the same result, the visual lines grouped once and each piece built once.

    ``["Growth held.", "• Risks remain"] -> two blocks``; a one-line block comes back as ``[_bullet(block)]``.
    """
    steps = ([] if block.kind == TABLE else [COLUMNS]) + ([PARAGRAPHS, ITEMS] if block.kind == BODY else [])
    return split_rows(block, steps, _bullet)


def split_list_items(block: Block) -> list[Block]:
    """A body block holding several list items, one block per item (ids ``<id>``, ``<id>-l1``, …).

    ``["• Control valves", "• High-pressure pumps"] -> two blocks``; a block with one item or none
    comes back unchanged, except that a private-use bullet glyph becomes ``•``.
    """
    return split_rows(block, [ITEMS] if block.kind == BODY else [], _bullet)


def _item_cuts(texts: Sequence[str], boxes: Sequence[BBox]) -> list[int]:
    """Indices of the visual lines (clean texts and boxes) that start a list item, the first line aside."""
    return [i for i in range(1, len(texts)) if _item_starts(texts[i - 1], texts[i], boxes[i - 1], boxes[i])]


def split_paragraphs(block: Block) -> list[Block]:
    """A body block holding several paragraphs, one block per paragraph (ids ``<id>``, ``<id>-p1``, …).

    A paragraph ends after a line that ends a sentence and was ended, not broken (the
    next line's first word would have fitted after it), or is followed by an indented
    line (first-line indent of ``INDENT`` font sizes) or by extra space (``PARA_SPACE``
    font sizes more than the usual line pitch); and, when a sentence ends further on,
    after a line ending in a CJK letter ``SHORT_LINE`` font sizes or more short of the
    measure (CJK text fills every line but a paragraph's last, up to a character or two
    when set ragged: a line ending far short is a head or a label, ``（一）新增发行H股``,
    ``√适用□不适用``; a title broken over two lines has no sentence after it); and before a
    caption, source or note (``Note 1: …``, ``资料来源：…``).
    """
    return split_rows(block, [PARAGRAPHS] if block.kind == BODY else [])


def _paragraph_ends(rows: Sequence[list[Line]], boxes: Sequence[BBox], texts: Sequence[str], size: float) -> list[int]:
    """Indices of the visual lines (two or more: lines, boxes, clean texts) that start a new paragraph,
    in type of ``size`` points."""
    right, left = max(b[2] for b in boxes), sorted(b[0] for b in boxes)[len(boxes) // 2]
    pitches = [boxes[i + 1][1] - boxes[i][1] for i in range(len(rows) - 1)]
    usual = sorted(pitches)[(len(pitches) - 1) // 2] if len(pitches) >= 2 else LEADING * (boxes[0][3] - boxes[0][1])
    spaced = usual + PARA_SPACE * size

    def ended(i: int) -> bool:  # the next line's first word would have fitted after line i
        return not broken(boxes[i], right, word_width(texts[i + 1], boxes[i + 1]), size)

    stops = [ends_sentence(t) for t in texts]
    later_end = [False] * len(rows)  # a sentence ends on a later line: prose follows, not a title's next line
    for i in range(len(rows) - 2, -1, -1):
        later_end[i] = later_end[i + 1] or stops[i + 1]

    def starts(i: int) -> bool:  # line i + 1 starts a paragraph
        if P.CAPTION_START.match(texts[i + 1]):
            return True  # a caption, source or note
        if stops[i]:
            return ended(i) or boxes[i + 1][0] >= left + INDENT * size or pitches[i] >= spaced
        # a CJK line far short of the measure with prose after it: a head or a label
        return later_end[i] and P.HAN_END.search(texts[i]) is not None and right - boxes[i][2] >= SHORT_LINE * size

    return [i + 1 for i in range(len(rows) - 1) if starts(i)]


def _item_starts(prev: str, line: str, prev_box: BBox, box: BBox) -> bool:
    """A list item starts at ``line``: a bullet; or a number/letter marker (``1.``, ``b)``) after a
    line that ends a sentence or a colon, after another item's first line, or standing out left of
    the line before (a hanging indent)."""
    if P.BULLET_START.match(line):
        return True
    if not _marker(line):
        return False
    return bool(P.SENTENCE_END.search(prev[-2:])) or _marker(prev) or box[0] < prev_box[0] - HANG


def _marker(text: str) -> bool:
    """Starts with a list marker, space after it optional: ``"b)engines"``, ``"(1) If"``, ``"2. Scope"``;
    not an amount going on (``"99.9 per cent"``, ``"31.5% of"``)."""
    if P.AMOUNT_START.match(text):
        return False
    label = P.LABEL_MARKER.match  # on the first 2, 3 or 4 characters
    return bool(P.LIST_ITEM.match(text) or label(text[:2]) or label(text[:3]) or label(text[:4]))


def _bullet(block: Block) -> Block:
    """A leading private-use bullet glyph written as ``•``: ``"\\uf0b7Global growth" -> "• Global growth"``."""
    text = bullet_glyph(block.text)
    return block if text == block.text else replace(block, text=text)


ITEMS: Step = ("l", lambda rows, a, b: _item_cuts(rows.texts[a:b], rows.boxes[a:b]))
PARAGRAPHS: Step = ("p", lambda rows, a, b: _paragraph_ends(rows.lines[a:b], rows.boxes[a:b], rows.texts[a:b], rows.size))


__all__ = ["continues", "flush_start", "indented_style", "merge_paragraphs", "split_block", "split_list_items", "split_paragraphs",
           "FLOATS"]
