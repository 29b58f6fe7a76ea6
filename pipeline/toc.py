"""Chapters from a printed table of contents (目录 / 目 录 / Contents / Table of Contents).

The TOC is found (its title, then the entry blocks right after it: entry lines,
page-number columns, contents tables read as one ``TABLE`` block with rows
``Item 1A. | Risk Factors | 13``, group titles without a page number such as
"Part I"), parsed into entry titles (leaders and page numbers stripped), levelled by their
numbering, and its top entries matched, in order, to heading-ish blocks after
it.  The TOC keeps its own chapter, its blocks flagged ``toc`` so a writer may
drop them with a record.

Limits: TOC page numbers are not used (matching is by title and order), so a
TOC whose titles differ from the body headings falls back to headings.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import patterns as P
from .config import ChapterConfig
from .headings import rank_levels
from .linefit import level, row_box, row_text
from .numbering import STRONG_RANK, numbering, title_like
from .plan import Plan, Start, find_title
from .titles import clean_title
from .tables import CELL_SEPARATOR
from .types import HEADING, TABLE, Block, Line

FRONT_MATTER = "Front matter"  # title of leading blocks when nothing better is known
TITLE_LINES = 3  # a TOC title on its own last line ends a title block of at most this many lines
CONTENTS_SHARE = 0.5  # a page whose lines end in a dot leader at least this often is a contents page
CONTENTS_MIN_LINES = 3  # ... when it holds at least this many such lines


def toc_entries(block: Block) -> list[str]:
    """Entry titles in a TOC block: ``"第一章 总则……1 第二章 治理……5" -> ["第一章 总则", "第二章 治理"]``.

    A line is a visual line: pieces on one baseline (LaTeX sets "1.1", "Title . . . ." and "3"
    apart) are read together."""
    lines = [row_text(r) for r in _rows(block)] or block.text.split("\n")
    titles: list[str] = []
    for line in lines:
        found = [m["title"] for m in P.TOC_ENTRY.finditer(line)]
        if not found and (m := P.TOC_ENTRY_PLAIN.match(line.strip())):
            found = [m["title"]]
        titles += [clean_title(t) for t in found if title_like(clean_title(t))]
    return titles


def contents_entries(blocks: Sequence[Block]) -> set[str]:
    """Ids of the blocks that are contents entries, whether or not a TOC is recognised around them:
    a block at least half of whose lines end in a dot leader (``"17.1.3 增添LTSP chroot…
    . . . . 65"``, the number perhaps in a column of its own; a title wrapped over two lines; entries
    over the next group's title, ctex-faq's "… . . . 20" / "G.3其它"), and on a
    page whose lines mostly end in one, each block whose every line is such an entry or a title with
    its page number (``"Risk Factors 12"``)."""
    return _contents(blocks)[0]


def _contents(blocks: Sequence[Block]) -> tuple[set[str], set[str]]:
    """:func:`contents_entries`, and among them those standing on a contents page (one whose lines
    mostly end in a dot leader)."""
    pages: dict[int, list[Block]] = {}
    for b in blocks:
        if b.kind != TABLE:
            pages.setdefault(b.page, []).append(b)
    found: set[str] = set()
    on_pages: set[str] = set()
    for page_blocks in pages.values():
        rows = [[row_text(r) for r in _rows(b)] or b.text.split("\n") for b in page_blocks]
        leads = [[_leader_entry(t) for t in texts] for texts in rows]
        found |= {b.id for b, led in zip(page_blocks, leads) if led and any(led) and 2 * sum(led) >= len(led)}
        leaders = sum(map(sum, leads))
        if leaders < CONTENTS_MIN_LINES or leaders < CONTENTS_SHARE * sum(map(len, leads)):
            continue
        on_pages |= {b.id for b, texts, led in zip(page_blocks, rows, leads)
                     if all(x or P.TOC_ENTRY_PLAIN.match(t.strip()) for t, x in zip(texts, led))}
    return found | on_pages, on_pages


def _leader_entry(line: str) -> bool:
    """Words ending in a dot leader, with or without its page number: ``"安装 . . . . 5"`` (not only
    titles: an entry "增添LTSP chroot来支持32位的电脑客户端" reads as a figure to :func:`title_like`)."""
    m = P.LEADER_END.search(line)
    return m is not None and len(P.LETTER.findall(line[:m.start()])) >= 2


def _rows(block: Block) -> list[list[Line]]:
    """The block's lines with pieces set side by side on one baseline read as one line."""
    rows: list[list[Line]] = []
    for ln in block.lines:
        last = rows[-1][-1] if rows else None
        if last is not None and level(last.bbox, ln.bbox) and ln.bbox[0] >= last.bbox[2] - 1:
            rows[-1].append(ln)
        else:
            rows.append([ln])
    return rows


def toc_span(blocks: Sequence[Block]) -> range | None:
    """Positions of the printed TOC: its title block and the entry blocks right after it.

    The TOC goes on over a page break only when the new page's first two blocks (or its only
    one) carry it on: a body page's first block may look like an entry (a chapter title level
    with its number set apart, "1" and "Debian Edu 11…"), its next one does not."""
    for pos, b in enumerate(blocks):
        if not toc_title(b):
            continue
        rows = _NumberRows(blocks, b.page)
        end = pos + 1
        while end < len(blocks) and _carries_on(blocks, end, rows):
            turn = blocks[end].page != blocks[end - 1].page
            if turn and end + 1 < len(blocks) and blocks[end + 1].page == blocks[end].page \
                    and not _carries_on(blocks, end + 1, rows):
                break
            end += 1
        if end > pos + 1 or toc_entries(b):
            return range(pos, end)
    return None


def _carries_on(blocks: Sequence[Block], pos: int, rows: _NumberRows) -> bool:
    """Whether the block at ``pos`` belongs to a TOC running over it: an entry, filler (page
    numbers), a group title over entries, a chapter's entry set as a heading, or any contents entry
    on a contents page (debian-reference's "12.3.1 C . . . 212" and "2.1.5 Debian 是100% 的自由软件
    . . . 44" read as no title to :func:`title_like`)."""
    block = blocks[pos]
    return bool(_entries(block, rows) or _toc_filler(block)
                or _group_title(block) and pos + 1 < len(blocks) and _entries(blocks[pos + 1], rows)
                or _chapter_entry(blocks, pos, rows) or rows.on_contents_page(block))


class _NumberRows:
    """Vertical centres of each page's bare page-number lines (a contents page's number column),
    the page of the TOC's title, and the contents entries standing on contents pages."""

    def __init__(self, blocks: Sequence[Block], title_page: int) -> None:
        self._blocks = blocks
        self._pages: dict[int, list[float]] = {}
        self.title_page = title_page
        self._leader_entries: set[str] | None = None

    def on_contents_page(self, block: Block) -> bool:
        """Whether the block is a contents entry on a page whose lines mostly end in a dot leader."""
        if self._leader_entries is None:
            self._leader_entries = _contents(self._blocks)[1]
        return block.id in self._leader_entries

    def on(self, page: int) -> list[float]:
        if page not in self._pages:
            self._pages[page] = [(ln.bbox[1] + ln.bbox[3]) / 2 for b in self._blocks if b.page == page
                                 for ln in b.lines if P.BARE_NUMBER.match(ln.text.strip())]
        return self._pages[page]


def _entries(block: Block, rows: _NumberRows) -> list[str]:
    """The block's TOC entries: titles with their page numbers (after them; or, on the contents
    page itself, before them: "04  Financial review", but "12 万元" is a figure), or (a contents page setting its
    numbers in a column of their own) title lines each on the baseline of a bare page number, a
    line between them carrying on the title above it (the block must span one such number, give
    or take half a line: a number set level with a two-line title's middle or top counts)."""
    if block.kind == TABLE:
        return _table_entries(block)
    found = toc_entries(block)
    if found or not block.lines:
        return found
    if block.page == rows.title_page:
        lead = [None if P.FIGURE_HAN_UNIT.match(t) else P.TOC_ENTRY_LEAD.match(t) for t in map(row_text, _rows(block))]
        if all(lead) and all(title_like(clean_title(m["title"])) for m in lead if m):
            return [clean_title(m["title"]) for m in lead if m]
    centres = rows.on(block.page)
    pad = (block.lines[0].bbox[3] - block.lines[0].bbox[1]) / 2
    if not any(block.bbox[1] - pad <= c <= block.bbox[3] + pad for c in centres):
        return []
    titles: list[str] = []
    for row in _rows(block):
        box = row_box(row)
        mid, half = (box[1] + box[3]) / 2, (box[3] - box[1]) / 2
        text = clean_title(row_text(row))
        if titles and not any(abs(mid - c) <= half for c in centres):
            titles[-1] = clean_title(f"{titles[-1]} {text}")
        elif title_like(text):
            titles.append(text)
        else:
            return []
    return titles


def _table_entries(block: Block) -> list[str]:
    """A contents table's entries, its cells read as one title: ``"Item 1A. | Risk Factors | 13"`` ->
    ``"Item 1A. Risk Factors"``; a row without a page number is a group title ("Part II").  Most rows
    must end with a page number and every row's text be title-like, else none (a figures table)."""
    titles, numbered = [], 0
    for row in block.text.split("\n"):
        cells = [c.strip() for c in row.split(CELL_SEPARATOR.strip()) if c.strip()]
        if cells and P.BARE_NUMBER.match(cells[-1]):
            cells, numbered = cells[:-1], numbered + 1
        title = clean_title(" ".join(cells)) if cells else ""
        if not title_like(title):
            return []
        titles.append(title)
    return titles if numbered * 2 > len(titles) else []


def _chapter_entry(blocks: Sequence[Block], pos: int, rows: _NumberRows) -> bool:
    """A contents entry set apart from its page number: one title-like line starting with a number,
    followed on its page by entries the first of which comes next in the numbering (:func:`_next_number`).
    debian-edu sets a chapter's entry as a heading ("16 桌面HowTo" in bold, its "62" in the number
    column) over "16.1 设置多语言桌面环境 . . ."; debian-reference opens a contents page with
    "9.5.11系统安全性和完整性检查", its page number left with the entry before, over "9.6 数据存储技巧 . 147".
    A body heading is followed by text, not by leader-ended entries."""
    block = blocks[pos]
    if block.kind == TABLE or len(_rows(block)) != 1 or pos + 1 >= len(blocks):
        return False
    title, after = clean_title(block.text), blocks[pos + 1]
    lead = P.ENTRY_NUMBER.match(title)
    if lead is None or after.page != block.page or not title_like(title):
        return False
    first = P.ENTRY_NUMBER.match(next(iter(_entries(after, rows)), ""))
    return first is not None and _next_number(lead[1], first[1])


def _next_number(number: str, following: str) -> bool:
    """Whether ``following`` comes right after ``number`` in a numbering: its first child, its next
    sibling or an ancestor's next sibling. ``("16", "16.1")``, ``("9.5.11", "9.5.12")``, ``("9.5.11",
    "9.6")``, ``("9.5", "10")`` -> True; ``("9.5.11", "9.8")``, ``("16", "3.1")`` -> False."""
    a, b = [int(x) for x in number.split(".")], [int(x) for x in following.split(".")]
    if b == a + [1]:
        return True
    return any(b == a[:k] + [a[k] + 1] for k in range(len(a)))


def _group_title(block: Block) -> str:
    """A contents page's group title without a page number: one line numbered in a strong style
    ("Part I", "PART II"), else ``""``."""
    text = clean_title(block.text)
    n = numbering(text)
    ok = block.kind != TABLE and len(_rows(block)) == 1 and n is not None and n.rank <= STRONG_RANK and title_like(text)
    return text if ok else ""


def toc_title(block: Block) -> str:
    """The TOC title (``目录``, ``Contents``) when the block is one, starts with one, or is a short
    title ending with one on a line of its own ("NVIDIA Corporation" / "Table of Contents"), else ``""``."""
    rows = [" ".join(ln.text for ln in r) for r in _rows(block)] or block.text.split("\n")
    for text in (block.text, rows[0]):
        if P.TOC_TITLE.match(text.strip()):
            return clean_title(text)
    last = rows[-1]  # a short title block is judged only when its last line reads as a TOC title
    if len(rows) <= TITLE_LINES and P.TOC_TITLE.match(last.strip()) and title_like(clean_title(" ".join(rows))):
        return clean_title(last)
    return ""


def _toc_filler(block: Block) -> bool:
    """Bits a TOC page holds between entries: page numbers (a column of them, perhaps under its
    label ``"Page"``), tiny labels (``"页码"``)."""
    t = block.text.strip()
    lines = [ln.text.strip() for ln in block.lines]
    if lines and P.TOC_PAGE_LABEL.match(lines[0]):
        lines = lines[1:]
    return (len(t) <= 3 or bool(P.PAGE_NUMBER_LINE.match(t)) or bool(P.TOC_PAGE_LABEL.match(t))
            or bool(lines) and all(P.BARE_NUMBER.match(ln) for ln in lines))


def toc_plan(blocks: Sequence[Block], cfg: ChapterConfig) -> Plan | None:
    """Chapters from a printed TOC matched to the body, None when it does not match."""
    return toc_plan_at(blocks, cfg, toc_span(blocks))


def toc_plan_at(blocks: Sequence[Block], cfg: ChapterConfig, span: range | None) -> Plan | None:
    """:func:`toc_plan` with the TOC's :func:`toc_span` already found."""
    if span is None:
        return None
    rows = _NumberRows(blocks, blocks[span.start].page)
    titles = [t for pos in span for t in (_entries(blocks[pos], rows) or [_group_title(blocks[pos])]) if t]
    levels = _entry_levels(titles)
    top = min(levels, default=1)
    body = range(span.stop, len(blocks))
    tops = _match_titles([t for t, lv in zip(titles, levels) if lv == top], blocks, body, cfg)
    if len(tops) < 2 or len(tops) < cfg.toc_min_match * levels.count(top):
        return None
    subs = _match_titles([t for t, lv in zip(titles, levels) if lv == top + 1], blocks, body, cfg)
    taken = {s.pos for s in tops}
    return Plan("toc", tuple(toc_starts(blocks, span, tops[0].pos) + tops),
                sections=frozenset(s.pos for s in subs if s.pos not in taken), toc=frozenset(span))


def toc_starts(blocks: Sequence[Block], span: range, next_start: int, source: str = "") -> list[Start]:
    """The TOC's own chapter, and one for the blocks between it and ``next_start`` (the next chapter).

    The TOC title block stays among the chapter's blocks (flagged ``toc`` with the entries), so dropping
    the TOC leaves a record of every block.  ``source`` names the TOC chapter's evidence ("" for the plan's).
    """
    head = blocks[span.start]
    starts = [Start(span.start, toc_title(head), title_block=False, source=source)]
    if span.stop < min(next_start, len(blocks)):
        starts.append(gap_start(blocks, span.stop))
    return starts


def _entry_levels(titles: Sequence[str]) -> list[int]:
    """A level per TOC entry from its numbering; unnumbered entries are top level, stray styles 3."""
    ranks = [n.rank if (n := numbering(t)) else -1 for t in titles]
    levels = rank_levels(ranks)
    return [levels.get(r, 1 if r < 0 else 3) for r in ranks]


def _match_titles(titles: Sequence[str], blocks: Sequence[Block], positions: range,
                  cfg: ChapterConfig) -> list[Start]:
    """Starts for titles matched in order within ``positions``; unmatched titles are skipped."""
    out, lo = [], positions.start
    for title in titles:
        pos = find_title(title, blocks, range(lo, positions.stop), cfg)
        if pos is not None:
            out.append(Start(pos, title))
            lo = pos + 1
    return out


def gap_start(blocks: Sequence[Block], pos: int) -> Start:
    """A chapter for blocks between the TOC and the first matched entry."""
    b = blocks[pos]
    if b.kind == HEADING:
        return Start(pos, clean_title(b.text), source="front")
    return Start(pos, FRONT_MATTER, title_block=False, source="front")


__all__ = ["contents_entries", "toc_entries", "toc_span", "toc_title", "toc_plan", "toc_plan_at", "toc_starts", "gap_start",
           "FRONT_MATTER"]
