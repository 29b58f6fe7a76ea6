"""Page furniture found by position plus repetition: running heads and feet,
page numbers, watermarks, chart labels.  Pages with geometry only.

A block in the top or bottom margin band is a running head or foot when its
text, digits folded, recurs in a similar place on enough pages (on all pages,
or on every other page: left pages often carry the report title, right pages
the part title).  Pages whose text between the bands is the same (a form printed
twice) count once, and a text found on fewer than ``min_repeat`` pages (a short
document) must be shaped like a head: two lines at most, no sentence ending
before its last.  A head that changes per page is found by its place (a head slot),
unless it is larger than the body (a heading opening the page), runs on into the body (a
chain of lines of its size, each close under the last, reaches past the band: :func:`anchored`),
or stands where the body's paragraphs start on page after page (:func:`body_free`).  A list
marker set just left of its item's text is no head, however often lists open pages.
Page numbers need no repetition: a margin block that is only a page number in a common form goes,
and so does a number closing or opening its page's text wherever it stands, when such numbers run
with the pages (:func:`numbers_in_step`).  Chart labels and axis ticks: see
:mod:`pipeline.furniture.charts`.  Every removal is returned with its reason.

The bands are the fixed ``margin`` share of the page height, or deeper when the
document's body paragraphs leave more room: down to where they start on every page
(up to where they end), never past ``max_margin`` (:func:`margin_bands`).  Deeper than
the fixed band, a place alone is evidence only for text no larger than the body.

What it cannot do: tell a one-off heading in the margin band from a head that
occurs once (it keeps it); see deep heads in a document whose paragraphs start
higher than its heads on some page (the band stays fixed); tell a short label
on two pages of a short document from a head (it goes), or see copies of a page
that differ between the bands (a form filled in twice); find by its place a head set
within ``ANCHOR_GAP`` line heights of the body (it stays).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import replace

from .. import patterns as P
from ..config import FurnitureConfig
from ..blocks import body_size, sizes_differ
from ..normalize import closes_sentence, ends_sentence
from ..geometry import height, x_overlap
from ..tables import labels_text, list_marker
from ..types import BBox, Block, Document, Page, Removed
from ..upright import turn_of
from .charts import axis_labels, chart_areas, chart_label, free_axis_ticks
from .charts import numeric_share as numeric_share  # re-exported: process.py judges short figures with it

Y_TOLERANCE_SHARE = 0.04  # heads on different pages sit within this share of the page height
ANCHOR_GAP = 1.5  # line heights: a margin line this close to the text beyond it continues that text
ANCHOR_STEPS = 30  # lines followed from a margin block towards the body before giving up
DIAGONAL = 0.2  # both direction components above this: text set at a slant
COLUMN_GAP = 0.5  # line heights: a figure right over or under another, this close, is a column of cells
GRID_REACH = 0.4  # share of the page width: a figure level with another this close is a row of table cells
WATERMARK_ALPHA = 200  # text this opaque or more is no watermark; alpha 0 is invisible (an OCR layer), no watermark either
STAGE = "furniture"

Bands = tuple[float, float]  # depth of the top and of the bottom margin band, shares of the page height
Edges = tuple[list[float], list[float]]  # per page with paragraphs: highest start, lowest end (shares from the edge)
HeadKey = tuple[str, str, int]  # band, folded text, y bucket
Keys = dict[HeadKey, int]  # repeated head keys -> on how many distinct pages they occur
# what the document-wide passes found: repeated head keys, watermark texts, head slots, margin bands,
# ids of page numbers that run with the pages wherever they stand, the margins the body leaves free (body_free),
# exhibit labels found on one page only (exhibit_labels)
Found = tuple[Keys, set[str], set[tuple[str, int, float]], Bands, frozenset[str], Bands, frozenset[str], frozenset[str]]


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


def in_margin(block: Block, page: Page, bands: Bands) -> str:
    """``"top"``, ``"bottom"`` or ``""``: which margin band the block lies in."""
    if block.bbox[3] <= page.height * bands[0]:
        return "top"
    if block.bbox[1] >= page.height * (1 - bands[1]):
        return "bottom"
    return ""


def margin_bands(edges: Edges, cfg: FurnitureConfig) -> Bands:
    """How deep the document's margin bands reach: ``cfg.margin``, or down to where its body
    paragraphs start on every page (up to where they end) when that is deeper, at most ``cfg.max_margin``.

    A LaTeX book (mupdf_explored.pdf, 792 pt high) sets its heads at 99-108 pt and its
    paragraphs from 128 pt: ``(0.12, 0.12) -> (0.161, 0.149)``.  A paragraph is a block of two
    lines or more at the body size; paragraphs on fewer than ``min_repeat`` pages tell nothing
    (the fixed band).  Taking the highest start over all pages keeps every paragraph out of the bands.
    ``edges``: :func:`paragraph_edges`.
    """
    top, bottom = edges
    if len(top) < cfg.min_repeat:
        return cfg.margin, cfg.margin
    return (max(cfg.margin, min(min(top), cfg.max_margin)),
            max(cfg.margin, min(min(bottom), cfg.max_margin)))


def body_free(edges: Edges, cfg: FurnitureConfig) -> Bands:
    """How much of the page, from the top and from the foot, the body's paragraphs leave free on
    page after page: where the ``min_repeat``-th highest starts and the ``min_repeat``-th lowest
    ends, shares of the page height from that edge; all of it, ``(1.0, 1.0)``, when fewer pages
    hold paragraphs.

    A 10-K printed from HTML without running heads (lyft_2021.pdf, 792 pt high) starts its text
    at 57 pt on page after page, inside the fixed top band: ``(0.072, …)``.  A few pages whose
    paragraphs come closer to an edge than the others (a cover, an exhibit) do not move it.
    ``edges``: :func:`paragraph_edges`.
    """
    top, bottom = edges
    if len(top) < cfg.min_repeat:
        return 1.0, 1.0
    return sorted(top)[cfg.min_repeat - 1], sorted(bottom)[cfg.min_repeat - 1]


def paragraph_edges(pages: Sequence[Page], body: float) -> Edges:
    """Per page holding paragraphs, where its highest starts and its lowest ends, as shares of the
    page height from the top and from the foot.  A paragraph is a block of two lines or more at
    the body size.  A page turned upright (a table set sideways) tells nothing: its top edge was a
    side of the sheet, where its rows start (mlbook.pdf's two such pages held the bands at the
    fixed 12 %)."""
    top: dict[int, float] = {}
    bottom: dict[int, float] = {}
    for page in pages:
        if turned(page) or page.height <= 0:
            continue
        for b in page.blocks:
            if len(b.lines) >= 2 and body and not sizes_differ(b.size, body):
                top[page.index] = min(top.get(page.index, 1.0), b.bbox[1] / page.height)
                bottom[page.index] = min(bottom.get(page.index, 1.0), 1 - b.bbox[3] / page.height)
    return list(top.values()), list(bottom.values())


def turned(page: Page) -> bool:
    """The page's text ran sideways and was turned upright (flag ``turned_<degrees>``), other than
    by just the page's ``/Rotate``: a page drawn turned that the viewer shows upright (a print
    file's sheet stored turned) has its margins where they show."""
    turn = turn_of(page)
    return bool(turn) and turn != page.rotation % 360


def page_number(block: Block, page: Page, bands: Bands, in_step: frozenset[str] = frozenset(),
                figures: frozenset[str] = frozenset()) -> tuple[bool, str]:
    """A margin block that is only a page number: ``"- 12 -"`` at the foot -> (False, "page_number");
    or a number that runs with the pages at the end of its page's text (``in_step``, :func:`numbers_in_step`);
    never a table's figure (``figures``, :func:`table_figures`)."""
    if block.id in in_step or (in_margin(block, page, bands) and P.PAGE_NUMBER_LINE.match(block.text)
                               and block.id not in figures):
        return False, "page_number"
    return True, ""


def table_figures(pages: Sequence[Page], bands: Bands) -> frozenset[str]:
    """Ids of margin blocks holding one figure in a row or column of figures (:func:`in_figure_row`,
    :func:`in_figure_column`): a table's, found once for every test that spares them."""
    return frozenset(b.id for page in pages for b in page.blocks
                     if in_margin(b, page, bands) and P.FIGURE_CELL.match(b.text)
                     and (in_figure_row(b, page) or in_figure_column(b, page)))


def in_figure_row(block: Block, page: Page) -> bool:
    """Whether another figure-only block stands level with the block, less than ``GRID_REACH`` of
    the page's width away: a row of cells ("2023" "2022").  A page's number stands alone (or runs
    with the pages: :func:`numbers_at_one_place`); the two numbers of a spread are a page apart."""
    x0, y0, x1, y1 = block.bbox
    for other in _other_figures(block, page):
        ox0, oy0, ox1, oy1 = other.bbox
        level = min(y1, oy1) - max(y0, oy0) >= 0.5 * min(y1 - y0, oy1 - oy0)
        if level and max(ox0 - x1, x0 - ox1) < GRID_REACH * page.width:
            return True
    return False


def in_figure_column(block: Block, page: Page) -> bool:
    """Whether another figure-only block stands right over or under the block, less than
    ``COLUMN_GAP`` lines apart: a column of cells ("740" over "890"); a folio is set further
    from the text ("6" over the section number "6.1")."""
    x0, y0, x1, y1 = block.bbox
    for other in _other_figures(block, page):
        ox0, oy0, ox1, oy1 = other.bbox
        if min(x1, ox1) > max(x0, ox0) and max(oy0 - y1, y0 - oy1) < COLUMN_GAP * (y1 - y0):
            return True
    return False


def _other_figures(block: Block, page: Page) -> Iterator[Block]:
    return (b for b in page.blocks if b.id != block.id and P.FIGURE_CELL.match(b.text))


def numbers_at_one_place(pages: Sequence[Page], bands: Bands) -> frozenset[str]:
    """Ids of margin numbers that run with the pages at one place: the same number minus page
    index at the same height of the same band, as far from the nearer side, on two pages or
    more, none in a column of figures.  They are page numbers even among figures (a slide's
    number level with a chart's axis, a journal's page number beside the article's); a column's
    small figures at the foot of one table after another would step with the pages by chance
    (mitch.pdf's pole counts "1" "2" "3")."""
    found: dict[tuple[str, int, int, int], set[str]] = defaultdict(set)
    for page in pages:
        for b in page.blocks:
            band = in_margin(b, page, bands)
            if band and (m := P.FOLIO_NUMBER.match(b.text)) and not in_figure_column(b, page):
                found[(band, _ybucket(b, page), _xbucket(b, page), int(m["num"]) - page.index)].add(b.id)
    return frozenset(i for ids in found.values() if len(ids) >= 2 for i in ids)


def numbers_in_step(pages: Sequence[Page], cfg: FurnitureConfig) -> frozenset[str]:
    """Ids of page numbers set at the very end or start of their page's text, wherever that falls:
    a page's lowest (highest) block that is only a number, when number minus page index is the same
    on ``min_repeat`` pages or more.

    A 10-K printed from HTML (NVDA_10k_2025.pdf) centres each page's number right under its last
    line, at 433 pt on one page and 598 pt on the next, far above the foot band.  A figure closing
    a page (a total, a year) stays unless such figures run with the pages.
    """
    found: dict[int, set[str]] = defaultdict(set)
    for page in pages:
        if len(page.blocks) < 2:
            continue
        ends = (max(page.blocks, key=lambda b: b.bbox[3]), min(page.blocks, key=lambda b: b.bbox[1]))
        for b in ends:
            if m := P.FOLIO_NUMBER.match(b.text):
                found[int(m["num"]) - page.index].add(b.id)
    return frozenset(i for ids in found.values() if len(ids) >= cfg.min_repeat for i in ids)


def repeated_keys(pages: Sequence[Page], bands: Bands, cfg: FurnitureConfig,
                  figures: frozenset[str] = frozenset()) -> Keys:
    """(band, folded text, y bucket) of margin blocks recurring on enough pages, with the number of
    pages they recur on; copies of one page (:func:`copy_of`) count as one page.  A table's figures
    (``figures``, :func:`table_figures`) make no key: a year over a column recurs from table to table."""
    seen: dict[HeadKey, set[int]] = defaultdict(set)
    copies = copy_of(pages, bands)
    for page in pages:
        for b in page.blocks:
            band = in_margin(b, page, bands)
            if band and b.id not in figures:
                seen[(band, head_key(b.text), _ybucket(b, page))].add(copies[page.index])
    with_text = len({copies[p.index] for p in pages if p.blocks}) or 1
    need = max(2, min(cfg.min_repeat, -(-with_text // 2)))
    return {k: len(idx) for k, idx in seen.items() if len(idx) >= need and _spread_enough(idx, with_text, cfg)}


def copy_of(pages: Sequence[Page], bands: Bands) -> dict[int, int]:
    """Page index -> the first page whose text between the margin bands is the same (itself if none).

    A form printed twice (test_4114.pdf: the agency's and the case file's copy) repeats its margins
    because the whole page repeats: that is one page of evidence, not two.  A page with no text
    between the bands copies nothing.
    """
    first: dict[frozenset[str], int] = {}
    out: dict[int, int] = {}
    for page in pages:
        inner = frozenset(b.text for b in page.blocks if not in_margin(b, page, bands))
        out[page.index] = first.setdefault(inner, page.index) if inner else page.index
    return out


def _spread_enough(indices: set[int], pages: int, cfg: FurnitureConfig) -> bool:
    """Enough pages overall, or enough of the odd or the even ones, or a run within a chapter."""
    return len(indices) >= cfg.min_repeat or len(indices) / pages >= cfg.min_repeat_share


def _xbucket(block: Block, page: Page) -> int:
    """How far the block's middle stands from the page's nearer side, in ``Y_TOLERANCE_SHARE``s of
    the width: a left page's folio and the right page's mirrored one share a bucket."""
    middle = (block.bbox[0] + block.bbox[2]) / 2
    return int(min(middle, page.width - middle) / max(page.width * Y_TOLERANCE_SHARE, 1.0))


def _ybucket(block: Block, page: Page) -> int:
    y = block.bbox[1] if block.bbox[3] <= page.height / 2 else block.bbox[3]
    return int(y / max(page.height * Y_TOLERANCE_SHARE, 1.0))


def running_head(block: Block, page: Page, keys: Keys, slots: set[tuple[str, int, float]],
                 bands: Bands, body: float, cfg: FurnitureConfig, free: Bands = (1.0, 1.0),
                 labels: frozenset[str] = frozenset(), figures: frozenset[str] = frozenset()) -> tuple[bool, str]:
    """A margin block whose text recurs in its place, or that sits in a running-head slot in the
    part of the margin that the body leaves ``free`` (:func:`clear_of_body`); never an item's
    list marker (:func:`marks_an_item`), an exhibit's label found on one page only (``labels``,
    :func:`exhibit_labels`) nor a table's figure (``figures``, :func:`table_figures`: a year over
    a column recurs from table to table)."""
    band = in_margin(block, page, bands)
    if not band or marks_an_item(block, page) or _label_key(block.text) in labels or block.id in figures:
        return True, ""
    recurs = _recurs(block, page, band, keys, cfg)
    in_slot = (_slot(block, page, band) in slots and _slotted(block, page, body, cfg) and _no_larger(block, body)
               and not closes_sentence(block.text) and clear_of_body(block, page, band, free)
               and not anchored(block, page, bands))
    if recurs or in_slot:
        return False, "running_head" if band == "top" else "running_foot"
    return True, ""


def exhibit_labels(pages: Sequence[Page]) -> frozenset[str]:
    """Exhibit labels ("Exhibit 10.8", "EXHIBIT 21.1"; keys of :func:`_label_key`) standing on one page only.

    A 10-K's filed exhibits open with their label set in the top margin, in one place exhibit
    after exhibit (NVDA_10k_2025.pdf's 'EXHIBIT 21.1' … 'EXHIBIT 32.2' at 538-594 pt): digits
    folded, the labels recur there like a head whose number changes per page, but each names
    where its exhibit begins.  A label found on two pages or more is judged as any text is.
    """
    found: dict[str, set[int]] = defaultdict(set)
    for page in pages:
        for b in page.blocks:
            if P.EXHIBIT_LABEL.match(b.text):
                found[_label_key(b.text)].add(page.index)
    return frozenset(k for k, where in found.items() if len(where) == 1)


def _label_key(text: str) -> str:
    return " ".join(text.split()).casefold()


def marks_an_item(block: Block, page: Page) -> bool:
    """Whether a block is a list marker set just left of a text's first line (its item's).

    lyft_2021.pdf's risk factors open page after page with a bullet at the same height: a marker
    that recurs because lists do, not a head.
    """
    return list_marker(block) and any(b is not block and labels_text(block, b) for b in page.blocks)


def clear_of_body(block: Block, page: Page, band: str, free: Bands) -> bool:
    """Whether a margin block lies wholly in the part of its band that the body's paragraphs leave
    ``free`` on page after page (:func:`body_free`).  Only there does its place alone make it a
    head: lyft_2021.pdf's section headings opening a page ('Results of Operations', 60-69 pt)
    stand where its paragraphs start (57 pt) on other pages."""
    if band == "top":
        return block.bbox[3] <= page.height * free[0]
    return block.bbox[1] >= page.height * (1 - free[1])


def _recurs(block: Block, page: Page, band: str, keys: Keys, cfg: FurnitureConfig, near: int = 1) -> bool:
    """Whether a margin block's text recurs in its place (within ``near`` y buckets): on ``min_repeat``
    pages, or on fewer (a short document) when the block is shaped like a head (:func:`_head_like`)."""
    key, y = head_key(block.text), _ybucket(block, page)
    found = max(keys.get((band, key, y + d), 0) for d in range(-near, near + 1))
    return found >= cfg.min_repeat or (found > 0 and _head_like(block))


def anchored(block: Block, page: Page, bands: Bands) -> bool:
    """Whether a margin block is the end of a text that runs on beyond the band: a chain of blocks
    of its size, each within ``ANCHOR_GAP`` line heights of the last and under (over) it, across
    from what the chain has passed, reaches past the top (bottom) band.

    A running head stands apart from the body; a column's first line does not.  i1040nr.pdf's
    columns start at 33 pt, in the slot of its tax tables' head, each line 1 pt above the next:
    ``"a. You have no income from a trade"`` over ``"or business conducted in the United"`` -> True.
    Only a head judged by its place alone is asked (a text that recurs goes all the same).
    """
    band, current, reach = in_margin(block, page, bands), block, block.bbox
    for _ in range(ANCHOR_STEPS):
        nxt = _next_line(current, reach, page, down=band == "top")
        if nxt is None:
            return False
        if in_margin(nxt, page, bands) != band:
            return True
        current, reach = nxt, (min(reach[0], nxt.bbox[0]), 0.0, max(reach[2], nxt.bbox[2]), 0.0)
    return False


def _next_line(block: Block, reach: BBox, page: Page, down: bool) -> Block | None:
    """The nearest block of ``block``'s size under (or over) it, within ``ANCHOR_GAP`` of its line
    height and overlapping ``reach`` (the chain's extent) across; None when there is none."""
    line_height = height(block.bbox) / max(len(block.lines), 1)
    best: tuple[float, Block] | None = None
    for b in page.blocks:
        gap = b.bbox[1] - block.bbox[3] if down else block.bbox[1] - b.bbox[3]
        if (b is block or (b.bbox[1] > block.bbox[1]) != down or not -line_height / 2 <= gap <= ANCHOR_GAP * line_height
                or sizes_differ(b.size, block.size) or x_overlap(b.bbox, reach) <= 0.1):
            continue
        if best is None or gap < best[0]:
            best = (gap, b)
    return best[1] if best else None


def _head_like(block: Block) -> bool:
    """At most two lines, no sentence ending before the last: ``"Annual Report 2022"`` -> True,
    ``"…paid before February 1."`` over ``"Name of State"`` in one block -> False (a sentence's end
    sharing a block with a label).

    Repetition on two pages of a short document is thin evidence: a form's text recurs too.
    """
    return len(block.lines) <= 2 and not any(ends_sentence(ln.text) for ln in block.lines[:-1])


def _slot(block: Block, page: Page, band: str) -> tuple[str, int, float]:
    return (band, _ybucket(block, page), round(block.size * 2) / 2)


def _slotted(block: Block, page: Page, body: float, cfg: FurnitureConfig) -> bool:
    """Whether a margin block fills a head slot: two lines at most, and within the fixed band or no
    larger than the body (deeper, a title set large in one place on every page is content)."""
    fixed = bool(in_margin(block, page, (cfg.margin, cfg.margin)))
    return len(block.lines) <= 2 and (fixed or _no_larger(block, body))


def _no_larger(block: Block, body: float) -> bool:
    """Set no larger than the body text (or the same size, give or take).  A text that does not
    recur is judged by its place only then: in NVDA_10k_2025.pdf a 9 pt head over an 8.1 pt body
    made a slot, and the 9 pt section headings opening pages there ('Item 7. Management's
    Discussion …') are headings, not heads that change per page."""
    return not body or block.size <= body or not sizes_differ(block.size, body)


def head_slots(pages: Sequence[Page], keys: Keys, bands: Bands, body: float,
               cfg: FurnitureConfig, figures: frozenset[str] = frozenset()) -> set[tuple[str, int, float]]:
    """Places (band, height, font size) where repeated heads live; heads that change per chapter
    (``第1部分｜…``, ``第2部分｜…``) sit in the same place and go too.

    A slot counts when it is filled on ``min_repeat`` pages and at least one text in it repeats.
    """
    filled: dict[tuple[str, int, float], set[int]] = defaultdict(set)
    repeating: set[tuple[str, int, float]] = set()
    for page in pages:
        for b in page.blocks:
            band = in_margin(b, page, bands)
            if band and _slotted(b, page, body, cfg) and b.id not in figures:
                slot = _slot(b, page, band)
                filled[slot].add(page.index)
                if _recurs(b, page, band, keys, cfg, near=0):
                    repeating.add(slot)
    return {s for s, idx in filled.items() if s in repeating and len(idx) >= cfg.min_repeat}


def watermark(block: Block, page: Page, marks: set[str]) -> tuple[bool, str]:
    """Rotated or transparent text that recurs across pages."""
    if marks and fold(block.text) in marks:  # most documents have none: no key to build
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
    """Every span seen through: partly transparent, neither opaque nor invisible.

    A scan's OCR layer is invisible text (render mode 3, alpha 0): it is the page's text, and
    taking it for a watermark removed every block that recurred (``"Total"``, ``"0,000"``).
    """
    spans = [s for ln in block.lines for s in ln.spans]
    return bool(spans) and all(0 < s.alpha < WATERMARK_ALPHA for s in spans)


def display_numeral(block: Block, body: float, cfg: FurnitureConfig) -> tuple[bool, str]:
    """A bare number set far larger than the body: a part numeral ``"01"`` at 54 pt."""
    if body and block.size >= cfg.numeral_size * body and P.BARE_NUMERAL.match(block.text):
        return False, "part_numeral"
    return True, ""


def strip_positional(doc: Document, cfg: FurnitureConfig) -> tuple[Document, list[Removed]]:
    """Remove heads, feet, page numbers, watermarks and chart labels from geometry pages."""
    pages = [p for p in doc.pages if p.geometry]
    body = body_size(b for p in pages for b in p.blocks)
    edges = paragraph_edges(pages, body)
    bands = margin_bands(edges, cfg)
    figures = table_figures(pages, bands)
    keys, marks = repeated_keys(pages, bands, cfg, figures), watermark_keys(pages, cfg)
    slots = head_slots(pages, keys, bands, body, cfg, figures)
    in_step = numbers_in_step(pages, cfg) | numbers_at_one_place(pages, bands)
    free, labels = body_free(edges, cfg), exhibit_labels(pages)
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
            found = (keys, marks, slots, bands, in_step, free, labels, figures)
            reason = _first_reason(b, page, found, body, charts, cfg, axis)
            if reason:
                removed.append(Removed(b, reason, STAGE))
            else:
                kept.append(b)
        new_pages.append(replace(page, blocks=tuple(kept)))
    return replace(doc, pages=tuple(new_pages)), removed


def _first_reason(b: Block, page: Page, found: Found, body: float, charts: Sequence[BBox],
                  cfg: FurnitureConfig, axis: frozenset[str] = frozenset()) -> str:
    keys, marks, slots, bands, in_step, free, labels, figures = found
    checks = (lambda: watermark(b, page, marks), lambda: page_number(b, page, bands, in_step, figures),
              lambda: running_head(b, page, keys, slots, bands, body, cfg, free, labels, figures),
              lambda: chart_label(b, page, charts, cfg, axis, body),
              lambda: display_numeral(b, body, cfg))
    for check in checks:  # in order, stopping at the first filter that drops the block
        keep, reason = check()
        if not keep:
            return reason
    return ""
