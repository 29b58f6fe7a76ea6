"""Chapters from the PDF outline, when it is judged trustworthy.

Word's hidden bookmarks (``OLE_LINK5``, ``_Toc…``, ``_GoBack``) and file names are
dropped; a single root (the document title) is descended; the top level is
used only when at least ``outline_min_match`` of its entries (and at least two)
match a heading-ish block on their page (or the next), fuzzily and in reading
order; an unmatched entry of a trusted outline starts at the top of its page; a bare number label
right above a matched title (``CHAPTER 2`` over ``Indices and tables``) opens the chapter.
Paragraph text exported as bookmarks never matches, so such outlines fail.
The next level marks section headings (level 2).

An entry with a target point is looked for first at or below it on its page (then on the next page),
then, when nothing matches there, anywhere on its page.

Limits: an entry is looked for on its page and the next one only.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import patterns as P
from .config import ChapterConfig
from .numbering import numbering, title_like
from .plan import Plan, Start, find_title, page_positions
from .titles import clean_title
from .types import HEADING, Block, OutlineEntry

POINT_SLACK = 48.0  # points: a title may end this far above its outline entry's target point (anchors set low)


def outline_entries(outline: Sequence[OutlineEntry]) -> list[OutlineEntry]:
    """Outline entries that may be headings: no hidden Word bookmarks, file names or blanks."""
    return [e for e in outline if e.title.strip() and not P.JUNK_BOOKMARK.search(e.title.strip())]


def top_level(entries: Sequence[OutlineEntry]) -> int | None:
    """The shallowest level with at least two entries (a single root is a title: descend)."""
    for level in sorted({e.level for e in entries}):
        if sum(1 for e in entries if e.level == level) >= 2:
            return level
    return None


def outline_plan(outline: Sequence[OutlineEntry], blocks: Sequence[Block], cfg: ChapterConfig) -> Plan | None:
    """Chapters from a trustworthy outline, None when it is junk or does not match the text."""
    entries = outline_entries(outline)
    level = top_level(entries)
    if level is None:
        return None
    tops = [e for e in entries if e.level == level]
    starts = match_outline(tops, blocks, cfg)
    matched = sum(1 for s in starts if s.title_block)
    if matched < 2 or matched < cfg.outline_min_match * len(tops):
        return None
    subs = [e for e in entries if e.level == level + 1]
    taken = {s.pos for s in starts}
    sections = {s.pos for s in match_outline(subs, blocks, cfg, pages_only=True) if s.pos not in taken}
    return Plan("outline", tuple(starts), sections=frozenset(sections))


def match_outline(entries: Sequence[OutlineEntry], blocks: Sequence[Block], cfg: ChapterConfig,
                   pages_only: bool = False) -> list[Start]:
    """Starts for outline entries in order; an unmatched entry with a page starts at that page's top."""
    by_page, out, prev = page_positions(blocks), [], -1
    for e in entries:
        if e.page >= 0:
            near = [p for pg in (e.page, e.page + 1) for p in by_page.get(pg, []) if p > prev]
        else:
            near = list(range(prev + 1, len(blocks)))
        ok = title_like(e.title, cfg.max_heading_chars)
        pos = find_title(e.title, blocks, _below_point(e, blocks, near), cfg) if ok else None
        pos = find_title(e.title, blocks, near, cfg) if ok and pos is None else pos
        if pos is not None and _label_above(blocks, pos, prev):
            pos -= 1  # the chapter opens at its label, which pieces name with the title under it
            out.append(Start(pos, clean_title(blocks[pos].text)))
        elif pos is not None:
            out.append(Start(pos, clean_title(e.title)))
        elif not pages_only and e.page >= 0 and any(p > prev for p in by_page.get(e.page, [])):
            pos = min(p for p in by_page[e.page] if p > prev)
            out.append(Start(pos, clean_title(e.title), title_block=False))
        prev = pos if pos is not None else prev
    return out


def _below_point(entry: OutlineEntry, blocks: Sequence[Block], near: Sequence[int]) -> list[int]:
    """``near`` without the blocks of the entry's page that end above its target point by more than
    ``POINT_SLACK`` (hyperref sets some anchors under their title: tlmgr-intro-zh-cn.pdf's appendix
    points 36 pt below it): the running head '1 简介' over a contents page's last entries is not the
    section '1 简介' the outline points at further down.  Without a point, ``near`` as it is."""
    if entry.top is None:
        return list(near)
    return [p for p in near if blocks[p].page != entry.page or blocks[p].bbox[3] >= entry.top - POINT_SLACK]


def _label_above(blocks: Sequence[Block], pos: int, prev: int) -> bool:
    """Whether a bare number label (``CHAPTER 2``, ``第二章``) heads the title at ``pos`` from right above it on
    its page: ``CHAPTER 2`` over ``Indices and tables`` (Sphinx's chapter openers)."""
    if pos - 1 <= prev:
        return False
    label, title = blocks[pos - 1], blocks[pos]
    n = numbering(label.text)
    return (label.page == title.page and label.kind == HEADING and title.kind == HEADING
            and n is not None and not n.rest)


__all__ = ["outline_entries", "top_level", "outline_plan", "match_outline"]
