"""Heading detection: mark heading blocks with ``kind=HEADING`` and a level.

Levels: 1 chapter, 2 section, 3 minor.  Evidence, strongest first:

- numbering (``第一章``, ``第X部分``, ``第X节``, ``一、``, ``（一）``, ``1``/``1.1``/
  ``1.1.1``, ``Part II``, ``Chapter 3``, ``Section 2``, ``Item 1A.``, and the
  seed's glued suffixes ``…自立自强01`` / ``…主体能力1.1``).  Numbering styles are
  ranked (part > chapter > 节/Section/Item > 一、 > （一） > 1 > 1.1 > 1.1.1) and the
  ranks a document uses are mapped to levels 1..3 in that order, so a report
  whose top is ``第X节`` gets ``第X节`` as level 1;
- front/back-matter titles standing alone (``前言``, ``目录``, ``附录``, ``Contents``)
  are level 1;
- on pages with geometry: font size relative to the body size
  (character-weighted median) and boldness;
- on geometry-less pages (text dumps): a short title-like line standing alone
  between sentences or headings is a minor (level 3) heading.

A heading is always title-like: at most ``max_heading_chars`` characters, some
letters, no sentence inside or at its end, and never a caption, source or note
(``Figure 1.``, ``表2``, ``资料来源：``).  Numbering is parsed in
:mod:`pipeline.numbering`, titles cleaned in :mod:`pipeline.titles` (both
re-exported here).  What it cannot do: tell a big-font
callout ("VV116进入3期临床试验") from a heading, see headings whose numbering
has other digits around it ("5G网络1.2"), or split a weakly numbered heading
(``1.``, ``一、``) or one in the middle of a text-dump paragraph off its text.
Blocks already marked HEADING with a level keep it; asides, tables and
captions are never touched.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from . import patterns as P
from .blocks import sizes_differ
from .config import ChapterConfig
from .geometry import union, x_overlap
from .linefit import broken, lines_text, row_box, row_text, visual_lines, word_width
from .normalize import clean_line, closes_sentence, ends_sentence, join_lines
from .numbering import (MATTER_RANK, STRONG_RANK, STYLE_RANK, Numbering, is_matter_title, numbering,
                        title_like, to_number)
from .titles import clean_title, title_key
from .types import BODY, HEADING, BBox, Block, Document, Line, Page

MIN_STANDALONE_LETTERS = 4  # a minor heading found only by standing alone needs this many letters
FLUSH = 0.5  # font sizes: a line starting this close to the left edge of the text starts flush
PAGE_BODY_CHARS = 600  # a page with this much body text has a body size of its own
LEAD_IN_SLACK = 3.0  # font sizes: a lead-in's last line ends this close to its paragraph's right edge
LEAD_IN_WORDS = 4  # words on a lead-in's line at least: a line of fewer fills only a narrow cell
LEAD_IN_GAP = 0.6  # font sizes: a line this close under a title-like line, in lower case, carries its sentence on
LABEL_ROW = 3  # this many short one-line blocks on one baseline are a row of labels (a legend), no headings

def body_size(blocks: Sequence[Block]) -> float:
    """Character-weighted median font size of body blocks; 0.0 when no block has a size."""
    pairs = sorted((b.size, len(b.text.strip())) for b in blocks if b.kind == BODY and b.size > 0)
    total = sum(w for _, w in pairs)
    acc = 0
    for size, weight in pairs:
        acc += weight
        if total and acc * 2 >= total:
            return size
    return 0.0


def size_level(block: Block, body: float, cfg: ChapterConfig) -> int:
    """Level suggested by font size and weight (0 = body-like); needs a known body size."""
    ratio = block.size / body if body > 0 and block.size > 0 else 1.0
    for level, threshold in ((1, cfg.size_level1), (2, cfg.size_level2), (3, cfg.size_level3)):
        if ratio >= threshold:
            return level
    return 3 if block.bold else 0


def _eligible(block: Block) -> bool:
    """Body blocks and level-less headings may be (re)classified; everything else is kept."""
    return block.kind == BODY or (block.kind == HEADING and block.level == 0)


def _separates(block: Block | None, cfg: ChapterConfig) -> bool:
    """A neighbour that lets a short line stand alone: nothing, a sentence end, a long or numbered block."""
    if block is None or block.kind == HEADING:
        return True
    t = block.text.strip()
    return (len(t) > cfg.short_title_chars or ends_sentence(t) or numbering(t) is not None
            or is_matter_title(t))


def _candidate(block: Block, geometry: bool, body: float, standalone: bool, cfg: ChapterConfig,
               local: float = 0.0) -> tuple[int, int] | None:
    """``(rank, size level)`` for a heading candidate, None for body text.

    Rank is a ``STYLE_RANK`` value, ``MATTER_RANK``, or ``99`` for headings by size only.  The
    level by size comes from the document's ``body`` size, but only when the block is also
    large (or bold) against its own page's body size ``local`` (0: unknown).
    """
    text = clean_line(block.text)
    if (not _eligible(block) or not title_like(text, cfg.max_heading_chars) or P.CAPTION_START.match(text)
            or P.PARENTHETICAL.match(text) or P.LEADER_END.search(text)):  # a contents entry is no heading
        return None
    if is_matter_title(text):
        return (MATTER_RANK, 1)
    lvl = size_level(block, body, cfg) if geometry and (not local or size_level(block, local, cfg)) else 0
    n = numbering(text)
    if n is not None and (n.style != "decimal1" or lvl or (standalone and not geometry)):
        return (n.rank, lvl)
    if lvl:
        return (99, lvl)
    if (not geometry and standalone and len(text) <= cfg.short_title_chars
            and len(P.LETTER.findall(text)) >= MIN_STANDALONE_LETTERS):
        return (99, 3)
    return None


def rank_levels(ranks: Sequence[int]) -> dict[int, int]:
    """Numbering ranks in use -> levels 1..3, coarsest first: ``[0, 6, 6] -> {0: 1, 6: 2}``.

    A weak style (一、, （一）, decimal) used only once takes no level of its own
    (it gets level 3), so one stray "1 Introduction" cannot push real sections down.
    """
    counts = Counter(r for r in ranks if 0 <= r < 99)
    used = sorted(r for r, n in counts.items() if r <= STRONG_RANK or n >= 2)
    return {r: min(i + 1, 3) for i, r in enumerate(used)}


def classify_headings(doc: Document, config: ChapterConfig | None = None) -> Document:
    """A copy of ``doc`` whose heading blocks have ``kind=HEADING`` and a level 1..3.

    Args:
        doc: blocks in reading order; text-dump pages have ``geometry=False``.
        config: thresholds; defaults from :class:`ChapterConfig`.
    Returns:
        A new Document; non-heading blocks are returned unchanged, except that on
        geometry-less pages a heading line glued to the first or last line of a
        paragraph is split off (see :func:`split_glued_heading`), and on pages with
        geometry numbered titles stacked into one block are taken apart (see
        :func:`split_stacked_headings`).
    """
    cfg = config or ChapterConfig()
    doc = replace(doc, pages=tuple(_split_page(p, cfg) for p in doc.pages))
    body = body_size(doc.blocks())
    found = _candidates(doc, body, cfg)
    levels = rank_levels([rank for rank, _ in found.values()])
    sizes = heading_sizes([b for p in doc.pages if p.geometry for b in p.blocks if b.id in found])
    pages = tuple(replace(p, blocks=tuple(_cap(_mark(b, found.get(b.id), levels), sizes, p.geometry)
                                          for b in p.blocks))
                  for p in doc.pages)
    return replace(doc, pages=pages)


def heading_sizes(candidates: Sequence[Block]) -> list[float]:
    """Font sizes (rounded to 0.5 pt) used by two or more heading candidates, largest first."""
    counts = Counter(round(b.size * 2) / 2 for b in candidates if b.size > 0)
    return sorted((s for s, n in counts.items() if n >= 2), reverse=True)


def _cap(block: Block, sizes: Sequence[float], geometry: bool) -> Block:
    """No heading ranks above a recurring heading size larger than its own.

    A ``1.1`` section at 14 pt under 20 pt part titles is level 2, whatever its numbering says;
    strong numbering (第X章, Part, Chapter, …) and matter titles are never capped.
    """
    if not geometry or block.kind != HEADING or not block.size:
        return block
    text = clean_line(block.text)
    n = numbering(text)
    if is_matter_title(text) or (n is not None and n.rank <= STRONG_RANK):
        return block
    floor = 1 + sum(1 for s in sizes if s > block.size * 1.1)
    return replace(block, level=max(block.level, min(floor, 3))) if floor > block.level else block


def _split_page(page: Page, cfg: ChapterConfig) -> Page:
    """A page with glued heading lines split off (geometry-less pages) or stacked numbered
    headings taken apart (pages with geometry)."""
    if not page.geometry:
        return replace(page, blocks=tuple(part for b in page.blocks for part in split_glued_heading(b, cfg)))
    measure = _measure(page)
    right = measure[1] if measure else None
    return replace(page, blocks=tuple(cut for b in page.blocks for stacked in split_stacked_headings(b, cfg)
                                      for part in split_part_label(stacked, measure, cfg)
                                      for piece in split_ended_title(part, right, cfg)
                                      for cut in split_centred_title(piece, page.width, cfg)))


def split_stacked_headings(block: Block, cfg: ChapterConfig | None = None) -> tuple[Block, ...]:
    """A block whose every visual line is a title with numbering of its own (part, chapter,
    section, item), set so close that they came as one block, split into one block per line:
    ``["Part I", "Item 1. Business"]`` -> ``"Part I"`` (id ``<id>``) and ``"Item 1. Business"``
    (``<id>-h1``).  The lines must start at one left edge, as headings set in the text column do
    (a running head pairing part and item, "PART I" over "ITEM 4 MINE SAFETY DISCLOSURES" set flush
    right, keeps together and goes as one).  A title wrapped over lines ("Chapter 3" / "The River")
    keeps together: its second line has no numbering."""
    cfg = cfg or ChapterConfig()
    rows = visual_lines(block) if block.kind == BODY else []
    if len(rows) < 2 or not all(_numbered_title(row_text(r), cfg) for r in rows):
        return (block,)
    if max(row_box(r)[0] for r in rows) - min(row_box(r)[0] for r in rows) > FLUSH * max(block.size, 1.0):
        return (block,)
    return tuple(_sub_block(block, block.id if k == 0 else f"{block.id}-h{k}", tuple(r)) for k, r in enumerate(rows))


def split_part_label(block: Block, measure: tuple[float, float] | None,
                     cfg: ChapterConfig | None = None) -> tuple[Block, ...]:
    """A block opening with a part's number alone ("PART II") over a title numbered in a lower strong
    style ("ITEM 5. MARKET FOR …"), split after the part's line: the part (id ``<id>``) and the rest
    (``<id>-l1``, cut further by :func:`split_ended_title`).  The part's line must start at the
    title's left edge or stand centred in the page's measure (``measure``: body text's left and
    right edges), as a heading does; a running head pairing part and item flush right keeps together.
    uber_2021.pdf centres 'PART II' 5.5 pt over 'ITEM 5. MARKET FOR … EQUITY' / 'SECURITIES' and the
    subheading 'Market Information for Common Stock', all bold at the body's size and pitch: one
    block of four lines, too long for a title, that had been read as a paragraph."""
    cfg = cfg or ChapterConfig()
    rows = visual_lines(block) if block.kind == BODY else []
    if len(rows) < 2 or not all(_numbered_title(row_text(r), cfg) for r in rows[:2]):
        return (block,)
    part, title = numbering(row_text(rows[0])), numbering(row_text(rows[1]))
    if part is None or title is None or part.rest or not title.rest or title.rank <= part.rank:
        return (block,)
    size, top, under = max(block.size, 1.0), row_box(rows[0]), row_box(rows[1])
    flush = abs(top[0] - under[0]) <= FLUSH * size
    centred = measure is not None and abs((top[0] + top[2]) - sum(measure)) / 2 <= size
    if not (flush or centred):
        return (block,)
    rest = tuple(ln for r in rows[1:] for ln in r)
    return (_sub_block(block, block.id, tuple(rows[0])), _sub_block(block, f"{block.id}-l1", rest))


def split_ended_title(block: Block, right: float | None, cfg: ChapterConfig | None = None) -> tuple[Block, ...]:
    """A bold block opening with a title numbered in a strong style (with words after its number)
    whose line ended short, the next line's first word fitting after it in the page's measure
    (text ending at ``right``), split after that line: the title (id ``<id>``) and the title-like
    rest (``<id>-e1``), another heading set as close.  uber_2021.pdf sets 'ITEM 1. BUSINESS' over the
    subheading 'Overview' in bold at the body's size and pitch: ``["ITEM 1. BUSINESS", "Overview"]``
    -> two blocks; a title wrapped at the measure ('ITEM 5. MARKET FOR … MAT' / 'SECURITIES') keeps
    together up to the line that ended.  A number alone ('Chapter 3' / 'The River') keeps its title.
    """
    cfg = cfg or ChapterConfig()
    rows = visual_lines(block) if block.kind == BODY and block.bold and right is not None else []
    first = numbering(row_text(rows[0])) if len(rows) >= 2 else None
    if right is None or first is None or not first.rest or not _numbered_title(row_text(rows[0]), cfg):
        return (block,)
    size = max(block.size, 1.0)
    end = next((k + 1 for k in range(len(rows) - 1)
                if not broken(row_box(rows[k]), right, word_width(row_text(rows[k + 1]), row_box(rows[k + 1])), size)),
               None)
    if end is None:
        return (block,)
    return _two_titles(block, rows, end, f"{block.id}-e1", cfg)


def split_centred_title(block: Block, width: float, cfg: ChapterConfig | None = None) -> tuple[Block, ...]:
    """A bold block opening with a named title numbered in a strong style, not centred, over a line
    centred on the page (of ``width`` points) that starts further right: split before that line,
    another heading set as close (id ``<id>-c1``).  en_uber_2021_10k.pdf opens Item 8 on a page of
    index rows, whose lines never reach the measure (so :func:`split_ended_title` cannot tell the
    title's line ended): 'ITEM 8. FINANCIAL STATEMENTS AND SUPPLEMENTARY DATA' over the centred
    'INDEX TO CONSOLIDATED FINANCIAL STATEMENTS' -> two blocks.  A title wrapped to a second line
    starting at its first line's edge, or indented ('SECURITIES'), keeps together."""
    cfg = cfg or ChapterConfig()
    rows = visual_lines(block) if block.kind == BODY and block.bold and width > 0 else []
    first = numbering(row_text(rows[0])) if len(rows) >= 2 else None
    if first is None or not first.rest or not _numbered_title(row_text(rows[0]), cfg):
        return (block,)
    size = max(block.size, 1.0)

    def centred(box: BBox) -> bool:
        return abs(box[0] + box[2] - width) / 2 <= size

    top = row_box(rows[0])
    if centred(top):
        return (block,)
    cut = next((k for k in range(1, len(rows)) if centred(row_box(rows[k])) and row_box(rows[k])[0] > top[0] + size),
               None)
    if cut is None:
        return (block,)
    return _two_titles(block, rows, cut, f"{block.id}-c1", cfg)


def _two_titles(block: Block, rows: list[list[Line]], cut: int, tail_id: str, cfg: ChapterConfig) -> tuple[Block, ...]:
    """``block`` cut before visual row ``cut`` into two blocks (the second as ``tail_id``) when both
    halves read as titles; else ``(block,)``."""
    head, tail = [ln for r in rows[:cut] for ln in r], [ln for r in rows[cut:] for ln in r]
    if not all(title_like(clean_line(join_lines(ln.text for ln in part)), cfg.max_heading_chars) for part in (head, tail)):
        return (block,)
    return (_sub_block(block, block.id, tuple(head)), _sub_block(block, tail_id, tuple(tail)))


def _numbered_title(text: str, cfg: ChapterConfig) -> bool:
    """A line that is a title numbered in a strong style (Part, Chapter, Section, Item, 第X章)."""
    n = numbering(text)
    return n is not None and not n.glued and n.rank <= STRONG_RANK and title_like(text, cfg.max_heading_chars)


def split_glued_heading(block: Block, cfg: ChapterConfig | None = None) -> tuple[Block, ...]:
    """Text dumps: split a strong heading line off the start or end of a paragraph block.

    ``["优化全域创新空间格局4.3", "建设上海科创中心核心区，…"]`` -> a heading-line block
    (id ``<id>-h``) and the rest (same id); a last line goes to ``<id>-t`` when the
    line before it ends a sentence.  Only strong evidence splits (matter titles,
    第X章/节/部分, Part/Chapter/Section/Item, glued suffix numbers), never
    ``1.``/``一、`` lines, which start list items and sentences as often as headings.
    Needs ``block.lines``; the lines are partitioned, so no text is lost.
    """
    cfg = cfg or ChapterConfig()
    if block.kind != BODY or len(block.lines) < 2:
        return (block,)
    texts = [clean_line(ln.text) for ln in block.lines]
    head = int(_strong_line(texts[0], cfg) and not _latin_runs_on(texts[0], texts[1]))
    tail = int(len(texts) - head >= 2 and _strong_line(texts[-1], cfg) and ends_sentence(texts[-2]))
    if not head and not tail:
        return (block,)
    n = len(block.lines)
    parts = ((f"{block.id}-h", block.lines[:head]), (block.id, block.lines[head:n - tail]),
             (f"{block.id}-t", block.lines[n - tail:]))
    return tuple(_sub_block(block, bid, lines) for bid, lines in parts if lines)


def _strong_line(text: str, cfg: ChapterConfig) -> bool:
    """A line that is a heading on its own: matter title, ordinal/word numbering or a glued number."""
    if not title_like(text, cfg.max_heading_chars):
        return False
    n = numbering(text)
    return is_matter_title(text) or (n is not None and (n.glued or n.rank <= STRONG_RANK))


def _latin_runs_on(line: str, nxt: str) -> bool:
    """A Latin sentence running over the line end: ``("Section 2 of the", "act says") -> True``."""
    return bool(line and nxt and line[-1].islower() and nxt[0].islower())


def _sub_block(block: Block, block_id: str, lines: tuple[Line, ...]) -> Block:
    """A block made of some of ``block``'s lines."""
    return replace(block, id=block_id, bbox=union(ln.bbox for ln in lines), text=lines_text(lines), lines=lines)


def _candidates(doc: Document, body: float, cfg: ChapterConfig) -> dict[str, tuple[int, int]]:
    """Heading candidates by block id, neighbours taken across page breaks; lines of a paragraph
    broken into one block per line (:func:`_prose_lines`) are none."""
    flat = [(b, p.geometry) for p in doc.pages for b in p.blocks]
    prose = _prose_lines([b for b, _ in flat], {p.index: _measure(p) for p in doc.pages if p.geometry}, cfg)
    local = {p.index: _page_body(p) for p in doc.pages if p.geometry}
    labels = {b_id for p in doc.pages if p.geometry for b_id in _label_rows(p.blocks, cfg)}
    found: dict[str, tuple[int, int]] = {}
    for i, (b, geometry) in enumerate(flat):
        if i in prose or b.id in labels:
            continue
        prev = flat[i - 1][0] if i > 0 else None
        nxt = flat[i + 1][0] if i + 1 < len(flat) else None
        if geometry and nxt is not None and _lead_in(b, nxt):
            continue
        standalone = _separates(prev, cfg) and _separates(nxt, cfg)
        c = _candidate(b, geometry, body, standalone, cfg, local.get(b.page, 0.0))
        if c is not None:
            found[b.id] = c
    return found


def _lead_in(block: Block, nxt: Block) -> bool:
    """``block`` opens a paragraph that ``nxt`` carries on: its last line is full (as wide as the
    widest of ``nxt``'s, give or take ``LEAD_IN_SLACK`` sizes) and closes no sentence, and ``nxt``
    starts in lower case, not with a list marker ("a)"), on the line right under it (no wider apart
    than ``LEAD_IN_GAP`` of a line), in the same size, and reads as prose (two lines or more, or
    a sentence: a wrapped title's second line 'of Devices' is none).  test_2904.pdf's bold
    'Provide multiple and separated key environmental' over 'resources. Key resources include …'
    is no heading; a
    numbered title ('2.3.4 Crankcase explosion relief valves' over 'a) …') or a short label over
    its line in a narrow cell ('Démonstrations' / 'mezzanine hall C': a full line needs
    ``LEAD_IN_WORDS`` words) stays one."""
    if nxt.page != block.page or nxt.kind != BODY or not block.lines or not nxt.lines:
        return False
    text, after = clean_line(block.text), clean_line(nxt.text)
    last, first = block.lines[-1].bbox, nxt.lines[0].bbox
    full = (last[2] >= max(ln.bbox[2] for ln in nxt.lines) - LEAD_IN_SLACK * max(block.size, 1.0)
            and len(P.LATIN_WORD.findall(text)) >= LEAD_IN_WORDS)
    prose = len(nxt.lines) >= 2 or closes_sentence(after)  # not a title's second line ('of Devices')
    return (bool(after) and after[0].islower() and prose and not P.LIST_ITEM.match(after)
            and not P.LABEL_MARKER.match(after[:2])
            and full and numbering(text) is None and not closes_sentence(text) and not text.endswith(":")
            and not sizes_differ(block.size, nxt.size) and x_overlap(last, first) > 0
            and first[1] - last[3] <= LEAD_IN_GAP * max(block.size, 1.0) and first[1] > last[1])


def _page_body(page: Page) -> float:
    """The body size of the page's own text, when it holds ``PAGE_BODY_CHARS`` characters of
    body text or more (a report's front set in 11 pt, its statements in 8 pt); else 0."""
    chars = sum(len(b.text) for b in page.blocks if b.kind == BODY and b.size > 0)
    return body_size(page.blocks) if chars >= PAGE_BODY_CHARS else 0.0


def _label_rows(blocks: Sequence[Block], cfg: ChapterConfig) -> set[str]:
    """Ids of short one-line blocks standing ``LABEL_ROW`` or more on one baseline: a chart's
    legend, an unruled table's column heads ("Alphabet Inc.  S&P 500  NASDAQ Composite …")."""
    short = sorted((b for b in blocks if len(b.lines) == 1 and len(b.text.strip()) <= cfg.short_title_chars),
                   key=lambda b: b.bbox[3])
    rows: list[list[Block]] = []
    for b in short:
        if rows and abs(b.bbox[3] - rows[-1][0].bbox[3]) <= FLUSH * max(b.size, 1.0):
            rows[-1].append(b)
        else:
            rows.append([b])
    return {b.id for row in rows if len(row) >= LABEL_ROW and _side_by_side(row) for b in row}


def _side_by_side(row: Sequence[Block]) -> bool:
    """The blocks stand one after another along the line, none over another."""
    boxes = sorted(b.bbox for b in row)
    return all(b[0] >= a[2] - 1.0 for a, b in zip(boxes, boxes[1:]))


def _prose_lines(blocks: Sequence[Block], measures: dict[int, tuple[float, float] | None],
                 cfg: ChapterConfig) -> set[int]:
    """Positions of blocks that are lines of one paragraph (a chain of :func:`_runs_on`) whose
    text together is prose, not a title wrapped over lines ("强化战略科技力量，支撑高" /
    "水平科技自立自强" stays a title)."""
    out: set[int] = set()
    chain: list[int] = []
    for i, b in enumerate(blocks):
        chain.append(i)
        if i + 1 < len(blocks) and b.page in measures and _runs_on(b, blocks[i + 1], measures[b.page]):
            continue
        if len(chain) > 1 and not title_like(clean_line(join_lines(blocks[k].text for k in chain)), cfg.max_heading_chars):
            out.update(chain)
        chain = []
    return out


def _measure(page: Page) -> tuple[float, float] | None:
    """Left and right edges of the page's body text (the outermost body block edges), when at
    least two lines reach the right one (a justified measure, not one centred title)."""
    blocks = [b for b in page.blocks if b.kind == BODY and b.lines]
    if not blocks:
        return None
    left, right = min(b.bbox[0] for b in blocks), max(b.bbox[2] for b in blocks)
    full = sum(1 for b in blocks for ln in b.lines if ln.bbox[2] >= right - max(b.size, 1.0))
    return (left, right) if full >= 2 else None


def _runs_on(block: Block, nxt: Block, measure: tuple[float, float] | None) -> bool:
    """``block`` ends in a full line whose sentence ``nxt`` carries on: its last line reaches the
    right edge of the page's text (``measure``) without a sentence end, and ``nxt``, in the same
    type (size and weight) on the same page, starts at the left edge.  Large type set with wide
    line spacing puts every line of a paragraph in a block of its own (NEE's 重要提示, 14 pt
    over a 9 pt body); those lines are no headings.
    """
    if (measure is None or nxt.page != block.page or not (_eligible(block) and _eligible(nxt))
            or not block.lines or not nxt.lines):
        return False
    size = max(block.size, 1.0)
    if sizes_differ(block.size, nxt.size) or nxt.bold != block.bold or ends_sentence(clean_line(block.text)):
        return False
    left, right = measure
    return block.lines[-1].bbox[2] >= right - size and nxt.lines[0].bbox[0] <= left + FLUSH * size


def _mark(block: Block, cand: tuple[int, int] | None, levels: dict[int, int]) -> Block:
    """The block as a heading of the level its rank (or size) gives, or unchanged."""
    if cand is None:
        return block
    rank, lvl = cand
    level = 1 if rank == MATTER_RANK else levels.get(rank, lvl or 3)
    return replace(block, kind=HEADING, level=level)


def heading_ish(block: Block, max_chars: int = 60) -> bool:
    """A block an outline or TOC entry may point at: a heading, or title-like text."""
    return block.kind == HEADING or (block.kind == BODY and title_like(clean_line(block.text), max_chars))


__all__ = ["Numbering", "numbering", "to_number", "is_matter_title", "title_like", "body_size", "size_level", "split_part_label",
           "rank_levels", "classify_headings", "split_glued_heading", "split_stacked_headings", "split_ended_title", "split_centred_title", "heading_ish", "clean_title", "title_key", "STYLE_RANK"]
