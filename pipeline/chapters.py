"""Chapter splitting: blocks in reading order -> chapters, by the best evidence found.

Evidence, tried in order (``Chapter.source`` names the one used):

1. ``outline`` — the PDF outline, when it is judged trustworthy: Word's hidden
   bookmarks (``OLE_LINK5``, ``_Toc…``, ``_GoBack``) and file names are dropped;
   a single root (the document title) is descended; the top level is used only
   when at least ``outline_min_match`` of its entries (and at least two) match a
   heading-ish block on their page (or the next), fuzzily and in reading order;
   an unmatched entry of a trusted outline starts at the top of its page.
   Paragraph text exported as bookmarks never matches, so such outlines fail.
   The next level marks section headings (level 2).
2. ``toc`` — a printed table of contents (目录 / Contents) parsed into entries
   and matched, in order, to heading-ish blocks after it.  The TOC keeps its own
   chapter, its blocks flagged ``toc`` so a writer may drop them with a record.
3. ``headings`` — level-1 headings from :mod:`pipeline.headings`.  A chapter
   title seen again (same text or same part/chapter number — running heads such
   as ``第1部分｜ …``) does not start a chapter; its block is made body and
   flagged ``repeated_title``.
4. ``whole`` — no structure: one chapter.

No text is lost: blocks before the first chapter form a front-matter chapter,
and a chapter with nothing but its title passes its title block (as a section
heading) to the next one.  Chapter blocks exclude the chapter's own title block.
Limits: an outline entry is looked for on its page and the next one only;
TOC page numbers are not used (matching is by title and order), so a TOC whose
titles differ from the body headings falls back to headings; back matter
without a recognisable title stays in the last chapter.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from . import patterns as P
from .config import ChapterConfig
from .headings import clean_title, heading_ish, numbering, rank_levels, title_key, title_like
from .types import BODY, HEADING, Block, Chapter, Document, OutlineEntry

FRONT_MATTER = "Front matter"  # title of leading blocks when nothing better is known
CONTAINMENT = 0.6  # a title inside another matches when it holds this share of its characters


@dataclass(frozen=True)
class _Start:
    """Where a chapter begins in the flat block list, and whether that block is its title."""

    pos: int
    title: str
    title_block: bool = True


@dataclass(frozen=True)
class _Plan:
    """Chapter starts plus the block changes the evidence asks for (by position)."""

    source: str
    starts: tuple[_Start, ...]
    sections: frozenset[int] = frozenset()
    demoted: frozenset[int] = frozenset()
    toc: frozenset[int] = frozenset()


def split_chapters(doc: Document, config: ChapterConfig | None = None) -> list[Chapter]:
    """Split a document whose headings are classified into chapters.

    Args:
        doc: blocks in reading order (``doc.pages`` then ``page.blocks``), headings
            marked by :func:`pipeline.headings.classify_headings`.
        config: thresholds; defaults from :class:`ChapterConfig`.
    Returns:
        Chapters numbered from 1, covering every block once (title blocks as
        titles); an empty list for a document without blocks.
    """
    cfg = config or ChapterConfig()
    blocks = doc.blocks()
    if not blocks:
        return []
    plan = _choose_plan(doc, blocks, cfg)
    if plan is None:
        return [_whole(doc, blocks)]
    return _cut(doc, _apply(blocks, plan), plan)


def _choose_plan(doc: Document, blocks: Sequence[Block], cfg: ChapterConfig) -> _Plan | None:
    """The first evidence that gives a sensible split: outline, printed TOC, headings."""
    plan = outline_plan(doc.outline, blocks, cfg) if cfg.use_outline else None
    if plan is None and cfg.use_toc:
        plan = toc_plan(blocks, cfg)
    return plan or heading_plan(blocks)


# --- matching titles to blocks ----------------------------------------------


def titles_match(a: str, b: str, threshold: float = 0.85) -> bool:
    """Whether two titles name the same heading, after normalising space and punctuation.

    ``("第一章 总则", "第一章、总则") -> True``; ``("强化…自立自强", "强化…自立自强01") -> True``;
    ``("第一章 总则", "第二章 总则") -> False`` (numbers differ).
    """
    na, nb = numbering(a), numbering(b)
    if na and nb and na.family == nb.family and na.number != nb.number:
        return False
    pairs = [(title_key(clean_title(a)), title_key(clean_title(b)))]
    if (na and nb and na.rest and nb.rest) or (na is None) != (nb is None):
        pairs.append((title_key(na.rest if na else a), title_key(nb.rest if nb else b)))
    return any(_keys_match(x, y, threshold) for x, y in pairs)


def _keys_match(a: str, b: str, threshold: float) -> bool:
    """Equal, one containing most of the other, or similar by difflib ratio."""
    if not a or not b:
        return False
    short, long_ = sorted((a, b), key=len)
    if short in long_ and len(short) >= CONTAINMENT * len(long_):
        return True
    sm = SequenceMatcher(None, a, b, autojunk=False)
    return sm.real_quick_ratio() >= threshold and sm.quick_ratio() >= threshold and sm.ratio() >= threshold


def _find(title: str, blocks: Sequence[Block], positions: Sequence[int], cfg: ChapterConfig) -> int | None:
    """The first position whose block is heading-ish and matches ``title``."""
    for pos in positions:
        b = blocks[pos]
        if heading_ish(b, cfg.max_heading_chars) and titles_match(title, b.text, cfg.fuzzy):
            return pos
    return None


def _page_positions(blocks: Sequence[Block]) -> dict[int, list[int]]:
    """Block positions by page index."""
    out: dict[int, list[int]] = {}
    for pos, b in enumerate(blocks):
        out.setdefault(b.page, []).append(pos)
    return out


# --- outline -------------------------------------------------------------------


def outline_entries(outline: Sequence[OutlineEntry]) -> list[OutlineEntry]:
    """Outline entries that may be headings: no hidden Word bookmarks, file names or blanks."""
    return [e for e in outline if e.title.strip() and not P.JUNK_BOOKMARK.search(e.title.strip())]


def top_level(entries: Sequence[OutlineEntry]) -> int | None:
    """The shallowest level with at least two entries (a single root is a title: descend)."""
    for level in sorted({e.level for e in entries}):
        if sum(1 for e in entries if e.level == level) >= 2:
            return level
    return None


def outline_plan(outline: Sequence[OutlineEntry], blocks: Sequence[Block], cfg: ChapterConfig) -> _Plan | None:
    """Chapters from a trustworthy outline, None when it is junk or does not match the text."""
    entries = outline_entries(outline)
    level = top_level(entries)
    if level is None:
        return None
    tops = [e for e in entries if e.level == level]
    starts = _match_outline(tops, blocks, cfg)
    matched = sum(1 for s in starts if s.title_block)
    if matched < 2 or matched < cfg.outline_min_match * len(tops):
        return None
    subs = [e for e in entries if e.level == level + 1]
    taken = {s.pos for s in starts}
    sections = {s.pos for s in _match_outline(subs, blocks, cfg, pages_only=True) if s.pos not in taken}
    return _Plan("outline", tuple(starts), sections=frozenset(sections))


def _match_outline(entries: Sequence[OutlineEntry], blocks: Sequence[Block], cfg: ChapterConfig,
                   pages_only: bool = False) -> list[_Start]:
    """Starts for outline entries in order; an unmatched entry with a page starts at that page's top."""
    by_page, out, prev = _page_positions(blocks), [], -1
    for e in entries:
        if e.page >= 0:
            near = [p for pg in (e.page, e.page + 1) for p in by_page.get(pg, []) if p > prev]
        else:
            near = list(range(prev + 1, len(blocks)))
        ok = title_like(e.title, cfg.max_heading_chars)
        pos = _find(e.title, blocks, near, cfg) if ok else None
        if pos is not None:
            out.append(_Start(pos, clean_title(e.title)))
        elif not pages_only and e.page >= 0 and any(p > prev for p in by_page.get(e.page, [])):
            pos = min(p for p in by_page[e.page] if p > prev)
            out.append(_Start(pos, clean_title(e.title), title_block=False))
        prev = pos if pos is not None else prev
    return out


# --- printed table of contents ---------------------------------------------------


def toc_entries(block: Block) -> list[str]:
    """Entry titles in a TOC block: ``"第一章 总则……1 第二章 治理……5" -> ["第一章 总则", "第二章 治理"]``."""
    lines = [ln.text for ln in block.lines] or block.text.split("\n")
    titles: list[str] = []
    for line in lines:
        found = [m["title"] for m in P.TOC_ENTRY.finditer(line)]
        if not found and (m := P.TOC_ENTRY_PLAIN.match(line.strip())):
            found = [m["title"]]
        titles += [clean_title(t) for t in found if title_like(clean_title(t))]
    return titles


def toc_span(blocks: Sequence[Block]) -> range | None:
    """Positions of the printed TOC: its title block and the entry blocks right after it."""
    for pos, b in enumerate(blocks):
        if not _toc_title(b):
            continue
        end = pos + 1
        while end < len(blocks) and (toc_entries(blocks[end]) or _toc_filler(blocks[end])):
            end += 1
        if end > pos + 1 or toc_entries(b):
            return range(pos, end)
    return None


def _toc_title(block: Block) -> str:
    """The TOC title (``目录``, ``Contents``) when the block is one or starts with one, else ``""``."""
    first = block.lines[0].text if block.lines else block.text.split("\n")[0]
    for text in (block.text, first):
        if P.TOC_TITLE.match(text.strip()):
            return clean_title(text)
    return ""


def _toc_filler(block: Block) -> bool:
    """Bits a TOC page holds between entries: page numbers, tiny labels (``"页码"``)."""
    t = block.text.strip()
    return len(t) <= 3 or bool(P.PAGE_NUMBER_LINE.match(t))


def toc_plan(blocks: Sequence[Block], cfg: ChapterConfig) -> _Plan | None:
    """Chapters from a printed TOC matched to the body, None when it does not match."""
    span = toc_span(blocks)
    if span is None:
        return None
    titles = [t for pos in span for t in toc_entries(blocks[pos])]
    levels = _entry_levels(titles)
    top = min(levels, default=1)
    body = range(span.stop, len(blocks))
    tops = _match_titles([t for t, lv in zip(titles, levels) if lv == top], blocks, body, cfg)
    if len(tops) < 2 or len(tops) < cfg.toc_min_match * levels.count(top):
        return None
    subs = _match_titles([t for t, lv in zip(titles, levels) if lv == top + 1], blocks, body, cfg)
    head = blocks[span.start]
    starts = [_Start(span.start, _toc_title(head), title_block=not toc_entries(head))]
    if tops[0].pos > span.stop:
        starts.append(_gap_start(blocks, span.stop))
    taken = {s.pos for s in tops}
    return _Plan("toc", tuple(starts + tops), sections=frozenset(s.pos for s in subs if s.pos not in taken),
                 toc=frozenset(span))


def _entry_levels(titles: Sequence[str]) -> list[int]:
    """A level per TOC entry from its numbering; unnumbered entries are top level, stray styles 3."""
    ranks = [n.rank if (n := numbering(t)) else -1 for t in titles]
    levels = rank_levels(ranks)
    return [levels.get(r, 1 if r < 0 else 3) for r in ranks]


def _match_titles(titles: Sequence[str], blocks: Sequence[Block], positions: range,
                  cfg: ChapterConfig) -> list[_Start]:
    """Starts for titles matched in order within ``positions``; unmatched titles are skipped."""
    out, lo = [], positions.start
    for title in titles:
        pos = _find(title, blocks, range(lo, positions.stop), cfg)
        if pos is not None:
            out.append(_Start(pos, title))
            lo = pos + 1
    return out


def _gap_start(blocks: Sequence[Block], pos: int) -> _Start:
    """A chapter for blocks between the TOC and the first matched entry."""
    b = blocks[pos]
    if b.kind == HEADING:
        return _Start(pos, clean_title(b.text))
    return _Start(pos, FRONT_MATTER, title_block=False)


# --- headings --------------------------------------------------------------------


def chapter_keys(text: str) -> set[tuple[str, str]]:
    """What makes two chapter titles the same: normalised text, and part/chapter number.

    ``"第1部分｜ 强化…自强"`` and ``"强化…自强01"`` share ``("part", "1")`` and ``("title", "强化…自强")``.
    """
    n = numbering(text)
    keys = {("title", title_key(n.rest if n and n.rest else text))}
    if n is not None:
        keys.add((n.family, n.number))
    return keys


def heading_plan(blocks: Sequence[Block]) -> _Plan | None:
    """Chapters at level-1 headings; repeats of a title already used are demoted (running heads)."""
    starts: list[_Start] = []
    demoted: set[int] = set()
    seen: set[tuple[str, str]] = set()
    for pos, b in enumerate(blocks):
        if b.kind != HEADING or b.level != 1:
            continue
        keys = chapter_keys(b.text)
        if keys & seen:
            demoted.add(pos)
            continue
        seen |= keys
        starts.append(_Start(pos, clean_title(b.text)))
    if not starts:
        return None
    return _Plan("headings", tuple(starts), demoted=frozenset(demoted))


# --- building chapters -------------------------------------------------------------


def _apply(blocks: Sequence[Block], plan: _Plan) -> list[Block]:
    """Blocks with the plan's changes: sections level 2, repeats body, TOC flagged, no stray level 1."""
    heads = {s.pos for s in plan.starts if s.title_block}
    out = []
    for pos, b in enumerate(blocks):
        if pos in plan.demoted:
            b = replace(b, kind=BODY, level=0, flags=b.flags + ("repeated_title",))
        elif pos in plan.sections or (b.kind == HEADING and b.level == 1 and pos not in heads):
            b = replace(b, kind=HEADING, level=2)
        if pos in plan.toc:
            b = replace(b, flags=b.flags + ("toc",))
        out.append(b)
    return out


@dataclass
class _Piece:
    """A chapter being built: title, its title block (if any) and body blocks."""

    title: str
    head: Block | None
    body: list[Block]


def _pieces(doc: Document, blocks: Sequence[Block], starts: Sequence[_Start]) -> list[_Piece]:
    """Title, title block and body per chapter, front matter first when there is any."""
    starts = sorted(starts, key=lambda s: s.pos)
    pieces = [] if starts[0].pos == 0 else [_front(doc, blocks[: starts[0].pos])]
    for k, s in enumerate(starts):
        end = starts[k + 1].pos if k + 1 < len(starts) else len(blocks)
        head = blocks[s.pos] if s.title_block else None
        pieces.append(_Piece(s.title, head, list(blocks[s.pos + (head is not None): end])))
    return pieces


def _front(doc: Document, blocks: Sequence[Block]) -> _Piece:
    """The leading blocks: titled by their first block when it is a heading, else the doc title."""
    if blocks[0].kind == HEADING:
        return _Piece(clean_title(blocks[0].text), blocks[0], list(blocks[1:]))
    return _Piece(meta_title(doc) or FRONT_MATTER, None, list(blocks))


def _merge_empty(pieces: list[_Piece]) -> list[_Piece]:
    """A chapter holding only its title hands the title block to the next chapter as a section."""
    out: list[_Piece] = []
    carry: list[Block] = []
    for k, p in enumerate(pieces):
        p.body = carry + p.body
        carry = []
        if not p.body and k + 1 < len(pieces):
            carry = [replace(p.head, kind=HEADING, level=2)] if p.head is not None else []
            continue
        out.append(p)
    return out


def _cut(doc: Document, blocks: Sequence[Block], plan: _Plan) -> list[Chapter]:
    """Chapters from the plan's starts, numbered from 1."""
    pieces = [p for p in _merge_empty(_pieces(doc, blocks, plan.starts)) if p.body or p.head]
    return [_chapter(i, p, plan.source) for i, p in enumerate(pieces, start=1)]


def _chapter(index: int, piece: _Piece, source: str) -> Chapter:
    """One Chapter; its pages span the title block and the body."""
    pages = [b.page for b in ([piece.head] if piece.head else []) + piece.body]
    return Chapter(index, piece.title, tuple(piece.body), min(pages), max(pages), source)


def meta_title(doc: Document) -> str:
    """``doc.meta["title"]`` cleaned, or ``""`` when absent or a file name ("Microsoft Word - a.docx")."""
    title = clean_title(str(doc.meta.get("title") or ""))
    return "" if not title or P.JUNK_BOOKMARK.search(title) else title


def _whole(doc: Document, blocks: Sequence[Block]) -> Chapter:
    """The whole document as one chapter, titled by meta title, first heading or doc id."""
    first_heading = next((b for b in blocks if b.kind == HEADING), None)
    title = meta_title(doc) or (clean_title(first_heading.text) if first_heading else doc.doc_id)
    body = list(blocks[1:]) if first_heading is blocks[0] and not meta_title(doc) else list(blocks)
    pages = [b.page for b in blocks]
    return Chapter(1, title, tuple(body), min(pages), max(pages), "whole")


# --- file names ----------------------------------------------------------------------


def slugify(title: str, index: int, max_len: int = 60, max_bytes: int = 120) -> str:
    """A chapter file name ``NN-<slug>`` (the caller adds ``.md``), safe on every file system.

    Han and other letters are kept, Latin lower-cased, anything else (path
    separators, ``: * ? " < > |``, controls, punctuation, spaces) becomes one
    ``-``; no leading/trailing dots or hyphens; at most ``max_len`` characters
    and ``max_bytes`` UTF-8 bytes; a Windows device name gets ``_``; never
    empty (``chapter``).  ``("Risk Factors: 2023", 3) -> "03-risk-factors-2023"``;
    ``("../etc", 1) -> "01-etc"``; ``("第一章 总则", 12) -> "12-第一章-总则"``.

    Raises:
        ValueError: ``index`` < 1 (chapters are numbered from 1).
    """
    if index < 1:
        raise ValueError(f"chapter index must be >= 1, got {index}")
    slug = P.SLUG_UNSAFE.sub("-", unicodedata.normalize("NFKC", title).lower()).strip("-.")
    slug = slug[:max_len].encode("utf-8")[:max_bytes].decode("utf-8", "ignore").strip("-.")
    if not slug:
        slug = "chapter"
    if P.WINDOWS_RESERVED.match(slug):
        slug += "_"
    return f"{index:02d}-{slug}"


__all__ = ["split_chapters", "slugify", "titles_match", "outline_entries", "top_level", "outline_plan",
           "toc_entries", "toc_span", "toc_plan", "chapter_keys", "heading_plan", "FRONT_MATTER"]
