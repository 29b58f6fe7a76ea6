"""Reading order on each logical page, and paragraphs joined across breaks.

Order: blocks wider than ``SPAN_SHARE`` of the text area span the columns and
cut the page into horizontal bands; inside a band, column gutters are the
x-ranges no block covers, and blocks are read column by column, top to bottom.
This handles one to three columns with full-width headings, tables and
figures between column runs.  Geometry-less pages (text dumps) keep file order.

Paragraphs: consecutive body blocks are joined when the sentence continues
(Chinese: the previous block does not end with 。！？；：…; English: it does not
end a sentence and the next starts in lower case), across columns and pages.

Asides (key-figure callouts such as ``929项`` over its label, and narrow
side columns next to a wider main column) leave the body flow: each is put
after the body block beside which it stands, and paragraph joining steps over
it, so an aside lands after the paragraph it interrupts, never inside it.

What it cannot do yet: recognise a shaded box or pull quote inside the main
column, or read vertical CJK text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from . import patterns as P
from .blocks import body_size
from .geometry import union, x_overlap
from .normalize import ends_sentence, join_pair
from .types import ASIDE, BODY, Block, Document, Page

SPAN_SHARE = 0.6  # a block wider than this share of the text area spans columns
MIN_GUTTER = 6.0  # points: narrower uncovered x-ranges are word gaps, not gutters
FIGURE_SIZE = 1.3  # a key figure is set at least this many times the body size
SIDE_WIDTH = 0.55  # a column narrower than this share of the widest one ...
SIDE_CHARS = 0.3  # ... holding less than this share of the band's text is a side column


def order_document(doc: Document) -> Document:
    """Every page's blocks in reading order, ``Block.order`` numbered across the document."""
    pages, n = [], 0
    body = body_size(doc.pages)
    for page in doc.pages:
        ordered = place_asides(order_page(mark_figures(page, body))) if page.geometry else list(page.blocks)
        blocks = []
        for b in ordered:
            blocks.append(replace(b, order=n))
            n += 1
        pages.append(replace(page, blocks=tuple(blocks)))
    return replace(doc, pages=tuple(pages))


def order_page(page: Page) -> list[Block]:
    blocks = sorted(page.blocks, key=lambda b: (b.bbox[1], b.bbox[0]))
    if len(blocks) < 2:
        return blocks
    area = union(b.bbox for b in blocks)
    wide = max(area[2] - area[0], 1.0) * SPAN_SHARE
    out: list[Block] = []
    band: list[Block] = []
    for b in blocks:
        if b.bbox[2] - b.bbox[0] >= wide:
            out.extend(_columns(band))
            band = []
            out.append(b)
        else:
            band.append(b)
    out.extend(_columns(band))
    return out


def _columns(blocks: list[Block]) -> list[Block]:
    """Blocks of one band read column by column; narrow side columns marked as asides."""
    if len(blocks) < 2:
        return blocks
    gutters = _gutters(blocks)

    def col(b: Block) -> int:
        cx = (b.bbox[0] + b.bbox[2]) / 2
        return sum(1 for g in gutters if cx > g)
    ordered = sorted(blocks, key=lambda b: (col(b), b.bbox[1], b.bbox[0]))
    side = _side_columns([col(b) for b in ordered], ordered)
    return [replace(b, kind=ASIDE) if col(b) in side and b.kind == BODY else b for b in ordered]


def _side_columns(cols: list[int], blocks: list[Block]) -> set[int]:
    """Columns much narrower than the widest, holding little of the text."""
    extent: dict[int, list[Block]] = {}
    for c, b in zip(cols, blocks):
        extent.setdefault(c, []).append(b)
    if len(extent) < 2:
        return set()
    widths = {c: union(b.bbox for b in bs)[2] - union(b.bbox for b in bs)[0] for c, bs in extent.items()}
    chars = {c: sum(len(b.text) for b in bs) for c, bs in extent.items()}
    total, widest = sum(chars.values()) or 1, max(widths.values())
    return {c for c in extent if widths[c] < SIDE_WIDTH * widest and chars[c] < SIDE_CHARS * total}


def mark_figures(page: Page, body: float) -> Page:
    """Key-figure callouts become asides, joined with the label under them: ``929项`` + label."""
    blocks = list(page.blocks)
    out: list[Block] = []
    used: set[str] = set()
    for b in blocks:
        if b.id in used:
            continue
        if body and b.size >= FIGURE_SIZE * body and P.KEY_FIGURE.match(b.text):
            label = _label_under(b, blocks, used)
            text = b.text + ("\n" + label.text if label else "")
            bbox = union([b.bbox, label.bbox]) if label else b.bbox
            b = replace(b, kind=ASIDE, text=text, bbox=bbox, lines=b.lines + (label.lines if label else ()))
            used.add(label.id if label else "")
        out.append(b)
    return replace(page, blocks=tuple(x for x in out if x.id not in used or x.kind == ASIDE))


def _label_under(fig: Block, blocks: list[Block], used: set[str]) -> Block | None:
    for b in blocks:
        gap = b.bbox[1] - fig.bbox[3]
        if b.id not in used and b is not fig and -2 <= gap <= fig.size and x_overlap(b.bbox, fig.bbox) > 0.3 \
                and b.size < fig.size and len(b.text) <= 60:
            return b
    return None


def place_asides(blocks: list[Block]) -> list[Block]:
    """Put each aside right after the body block beside which it stands (or first, if none is above)."""
    flow = [b for b in blocks if b.kind != ASIDE]
    asides = [b for b in blocks if b.kind == ASIDE]
    if not asides or not flow:
        return blocks
    after: dict[int, list[Block]] = {}
    for a in asides:
        above = [i for i, b in enumerate(flow) if b.bbox[1] <= a.bbox[1] + 1]
        after.setdefault(max(above) if above else -1, []).append(a)
    out = list(after.get(-1, []))
    for i, b in enumerate(flow):
        out.append(b)
        out.extend(after.get(i, []))
    return out


def _gutters(blocks: Sequence[Block]) -> list[float]:
    """Centres of x-ranges that no block covers, between the leftmost and rightmost block."""
    spans = sorted((b.bbox[0], b.bbox[2]) for b in blocks)
    gutters, reach = [], spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - reach >= MIN_GUTTER:
            gutters.append((reach + x0) / 2)
        reach = max(reach, x1)
    return gutters


def continues(prev: Block, nxt: Block) -> bool:
    """Whether ``nxt`` carries on the sentence ``prev`` leaves open."""
    if prev.kind != BODY or nxt.kind != BODY or not prev.text or not nxt.text:
        return False
    if ends_sentence(prev.text) or P.LIST_ITEM.match(nxt.text):
        return False
    last, first = prev.text[-1], nxt.text[0]
    if P.CJK.match(last) or P.CJK.match(first):
        return True
    return first.islower() or bool(P.HYPHEN_END.search(prev.text))


def merge_paragraphs(doc: Document) -> Document:
    """Join body blocks whose sentence continues in the next one (file order = reading order).

    Asides met while a paragraph is open wait and follow the joined paragraph.
    """
    flat: list[Block] = []
    waiting: list[Block] = []
    for page in doc.pages:
        for b in page.blocks:
            if b.kind == ASIDE and flat and flat[-1].kind == BODY and not ends_sentence(flat[-1].text):
                waiting.append(b)
            elif flat and continues(flat[-1], b):
                flat[-1] = _joined(flat[-1], b)
            else:
                flat.extend(waiting)
                waiting = []
                flat.append(b)
    flat.extend(waiting)
    by_page: dict[int, list[Block]] = {}
    for n, b in enumerate(flat):
        by_page.setdefault(b.page, []).append(replace(b, order=n))
    pages = tuple(replace(p, blocks=tuple(by_page.get(p.index, ()))) for p in doc.pages)
    return replace(doc, pages=pages)


def _joined(a: Block, b: Block) -> Block:
    bbox = union([a.bbox, b.bbox]) if a.page == b.page else a.bbox
    return replace(a, text=join_pair(a.text, b.text), bbox=bbox, lines=a.lines + b.lines,
                   flags=tuple(dict.fromkeys(a.flags + ("joined",))))
