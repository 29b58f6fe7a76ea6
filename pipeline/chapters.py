"""Chapter splitting: blocks in reading order -> chapters, by the best evidence found.

Evidence, tried in order (``Chapter.source`` names the one used):

1. ``outline`` — the PDF outline, when judged trustworthy (see :mod:`pipeline.outline`);
2. ``toc`` — a printed table of contents matched to the body (see :mod:`pipeline.toc`);
3. ``headings`` — level-1 headings from :mod:`pipeline.headings`.  A chapter
   title seen again (same text or same part/chapter number: running heads such
   as ``第1部分｜ …``) does not start a chapter: in a text dump or a page's
   top/bottom margin it is a running head (made body, flagged
   ``repeated_title``), elsewhere a section heading, unless its first showing
   had no text under it (a cover announcing the title): then it starts the chapter;
4. ``whole`` — no structure: one chapter.

Whatever the evidence: a printed TOC keeps a chapter of its own, its blocks
flagged ``toc`` (:func:`drop_flagged` removes them with a record: the TOC page
is not body text); a section heading repeated within its chapter (same number,
or same text) in a text dump or a page margin is a running head too; section
headings are written number first (``主体能力1.1`` -> ``1.1 主体能力``).  Front
matter, covers and number-only titles are handled as the chapters are cut
(:mod:`pipeline.pieces`); a part that only labels the sections under it ("PART I" over
"Item 1. Business") gives way to them as chapters (:mod:`pipeline.labels`).  No text is
lost: chapter blocks exclude only the chapter's own title block (and a heading taken into
it).

Limits: see the evidence modules; back matter without a recognisable title
stays in the last chapter.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from .config import ChapterConfig
from .normalize import ends_sentence
from .numbering import STRONG_RANK, numbering
from .labels import promote_labelled
from .outline import outline_entries, outline_plan, top_level
from .pieces import cut, is_text, meta_title
from .plan import Plan, Start
from .titles import clean_title, section_title, slugify, title_key, titles_match
from .textdump import HEAD_EDGE_LINES, LINE_ENDS
from .toc import FRONT_MATTER, toc_entries, toc_plan, toc_plan_at, toc_span, toc_starts
from .types import BODY, HEADING, Block, Chapter, Document, Removed

MARGIN = 0.12  # share of the page height at top and bottom where running heads live
LEAD_TEXT = 60  # characters: a text dump's body block this long is text, not a cover line, title or salutation
REMOVED_REASONS = {"toc": "toc", "repeated_title": "running_head"}  # block flag -> removal reason

InMargin = Callable[[Block], bool]


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
    margin = margin_test(doc)
    plan = _choose_plan(doc, blocks, cfg, margin)
    if plan is None:
        return [_whole(doc, blocks)]
    plan = replace(plan, demoted=plan.demoted | repeated_sections(blocks, plan, margin))
    plan, applied = promote_labelled(plan, _apply(blocks, plan))
    return cut(doc, applied, plan)


def _choose_plan(doc: Document, blocks: Sequence[Block], cfg: ChapterConfig, margin: InMargin) -> Plan | None:
    """The first evidence that gives a sensible split (outline, printed TOC, headings), its TOC set apart."""
    span = toc_span(blocks)  # found once: the TOC plan and the TOC chapter of any other plan both need it
    plan = outline_plan(doc.outline, blocks, cfg) if cfg.use_outline else None
    if plan is None and cfg.use_toc:
        plan = toc_plan_at(blocks, cfg, span)
    plan = plan or heading_plan(blocks, margin)
    return _with_toc(plan, blocks, span) if plan is not None and plan.source != "toc" else plan


def _with_toc(plan: Plan, blocks: Sequence[Block], span: range | None) -> Plan:
    """The plan with the printed TOC (``span``: :func:`~.toc.toc_span`; if any, and not a chapter
    start's block) as a chapter of its own."""
    taken = {s.pos for s in plan.starts}
    if span is None or any(p in taken for p in span[1:]):
        return plan
    later = [s.pos for s in plan.starts if s.pos > span.start]
    starts = [s for s in plan.starts if s.pos != span.start] + toc_starts(blocks, span, min(later, default=len(blocks)),
                                                                          "front")
    return replace(plan, starts=tuple(sorted(starts, key=lambda s: s.pos)), toc=frozenset(span))


def margin_test(doc: Document) -> InMargin:
    """Whether a block stands where running heads stand: the page's top or bottom ``MARGIN``;
    anywhere in a text dump, but within ``HEAD_EDGE_LINES`` lines of a page's first or last line in
    a dump cut into paragraphs at line ends (its pages end at their page-number lines, and its
    tables' row labels recur in mid-page)."""
    pages = {p.index: p for p in doc.pages}
    lines = _line_spans(doc) if doc.meta.get("paragraphs") == LINE_ENDS else {}

    def in_margin(b: Block) -> bool:
        page = pages.get(b.page)
        if page is None or not page.geometry or page.height <= 0:
            first, last = lines.get(b.page, (b.bbox[1], b.bbox[3]))
            return not lines or b.bbox[1] - first < HEAD_EDGE_LINES or last - b.bbox[3] < HEAD_EDGE_LINES
        return b.bbox[1] < MARGIN * page.height or b.bbox[3] > (1 - MARGIN) * page.height
    return in_margin


def _line_spans(doc: Document) -> dict[int, tuple[float, float]]:
    """A text dump's pages: the first and last file line (block boxes hold line numbers) of each."""
    return {p.index: (min(b.bbox[1] for b in p.blocks), max(b.bbox[3] for b in p.blocks))
            for p in doc.pages if p.blocks and not p.geometry}


# --- headings ----------------------------------------------------------------------


def chapter_keys(text: str) -> set[tuple[str, str]]:
    """What makes two chapter titles the same: normalised text, and part/chapter number.

    ``"第1部分｜ 强化…自强"`` and ``"强化…自强01"`` share ``("part", "1")`` and ``("title", "强化…自强")``.
    """
    n = numbering(text)
    keys = {("title", title_key(n.rest if n and n.rest else text))}
    if n is not None:
        keys.add((n.family, n.number))
    return keys


def heading_plan(blocks: Sequence[Block], in_margin: InMargin = lambda b: True) -> Plan | None:
    """Chapters at level-1 headings; a repeated title is a running head (in a margin) or a section, or,
    when its first showing was on a cover (no text came under it), the real start of its chapter."""
    starts: list[Start] = []
    demoted: set[int] = set()
    seen: dict[tuple[str, str], int] = {}  # key -> index in starts
    texted: set[int] = set()  # starts with body text under them (an aside on a cover is none)
    for pos, b in enumerate(blocks):
        if b.kind != HEADING:
            if is_text(b):
                texted.add(len(starts) - 1)
            continue
        keys = chapter_keys(b.text)
        earlier = [seen[k] for k in keys if k in seen]
        if b.level != 1 and not (earlier and not in_margin(b) and not any(i in texted for i in earlier)):
            continue  # a section heading, unless it repeats a title announced on a cover
        if earlier and (in_margin(b) or any(i in texted for i in earlier)):
            if in_margin(b):
                demoted.add(pos)
            continue
        seen.update({k: len(starts) for k in keys})
        starts.append(Start(pos, clean_title(b.text)))
    if not starts:
        return None
    return Plan("headings", tuple(starts), demoted=frozenset(demoted))


def repeated_sections(blocks: Sequence[Block], plan: Plan, in_margin: InMargin) -> frozenset[int]:
    """Positions of section headings seen before in their chapter (same number, or same text when
    unnumbered), standing where running heads do; and of body lines there that carry their
    chapter's own strong number ("PART II ITEM 5 MARKET FOR …" in chapter "PART II": a running
    head too long for a heading), not a sentence."""
    bounds = {s.pos for s in plan.starts}
    seen: set[tuple[str, str]] = set()
    own: set[tuple[str, str]] = set()  # the current chapter's strong number
    out: set[int] = set()
    for pos, b in enumerate(blocks):
        if pos in bounds:
            seen = set()
            n = numbering(b.text)
            own = {(n.family, n.number)} if n is not None and n.rank <= STRONG_RANK else set()
        if b.kind == BODY and own and in_margin(b) and not ends_sentence(b.text):
            n = numbering(b.text)
            if n is not None and (n.family, n.number) in own:
                out.add(pos)
        if b.kind != HEADING or pos in bounds:
            continue
        n = numbering(b.text)
        key = (n.family, n.number) if n is not None else ("title", title_key(b.text))
        if key in seen and in_margin(b):
            out.add(pos)
        seen.add(key)
    return frozenset(out)


# --- building chapters -------------------------------------------------------------


def _apply(blocks: Sequence[Block], plan: Plan) -> list[Block]:
    """Blocks with the plan's changes: sections level 2, repeats body, TOC flagged, no stray level 1,
    section headings written number first."""
    heads = {s.pos for s in plan.starts if s.title_block}
    out = []
    for pos, b in enumerate(blocks):
        if pos in plan.demoted:
            b = replace(b, kind=BODY, level=0, flags=b.flags + ("repeated_title",))
        elif pos in plan.sections or (b.kind == HEADING and b.level == 1 and pos not in heads):
            b = replace(b, kind=HEADING, level=2)
        if b.kind == HEADING and pos not in heads and pos not in plan.toc:
            b = replace(b, text=section_title(b.text))
        if pos in plan.toc:
            b = replace(b, flags=b.flags + ("toc",))
        out.append(b)
    return out


def _whole(doc: Document, blocks: Sequence[Block]) -> Chapter:
    """The whole document as one chapter, titled by meta title, a heading on its first page or doc id.

    A heading further in names a part, not the whole (a letter ending with a reprint titled
    "1997 Letter to Shareholders"); in a text dump, whose "first page" may be the whole file, the
    heading must come before the first paragraph of text (a body block over ``LEAD_TEXT``
    characters).  The heading that gives the title is the title block and leaves the body wherever
    it stood (below a filing stamp it was written twice)."""
    geometry = next((p.geometry for p in doc.pages if p.index == blocks[0].page), True)
    lead = [b for b in blocks if b.page == blocks[0].page]
    if not geometry:
        text = next((k for k, b in enumerate(lead) if b.kind == BODY and len(b.text) > LEAD_TEXT), len(lead))
        lead = lead[:text]
    first_heading = next((b for b in lead if b.kind == HEADING), None)
    meta = meta_title(doc)
    title = meta or (clean_title(first_heading.text) if first_heading else doc.doc_id)
    body = list(blocks) if meta else [b for b in blocks if b is not first_heading]
    pages = [b.page for b in blocks]
    return Chapter(1, title, tuple(body), min(pages), max(pages), "whole")


def drop_flagged(chapters: Sequence[Chapter]) -> tuple[list[Chapter], list[Removed]]:
    """Blocks the chapter stage flagged taken out with a record: TOC entries (reason ``toc``) and running
    heads repeating a title (``running_head``); chapters left empty go (a TOC chapter left with only a
    cover title handed on to it takes that title), the rest are renumbered from 1.

    Returns:
        The chapters, and one Removed (stage ``chapters``) per block taken out.
    """
    removed: list[Removed] = []
    out: list[Chapter] = []
    for ch in chapters:
        keep = []
        for b in ch.blocks:
            reason = next((REMOVED_REASONS[f] for f in b.flags if f in REMOVED_REASONS), "")
            if reason:
                removed.append(Removed(b, reason, "chapters"))
            else:
                keep.append(b)
        had_toc = any("toc" in b.flags for b in ch.blocks)
        retitled = had_toc and bool(keep) and all(b.kind == HEADING for b in keep)
        if retitled:  # a cover title handed on to the TOC's chapter takes it back
            ch, keep = replace(ch, title=clean_title(keep[0].text)), keep[1:]
        if keep or retitled or not ch.blocks:
            out.append(replace(ch, index=len(out) + 1, blocks=tuple(keep)))
    return out, removed


__all__ = ["split_chapters", "drop_flagged", "slugify", "titles_match", "outline_entries", "top_level",
           "outline_plan", "toc_entries", "toc_span", "toc_plan", "chapter_keys", "heading_plan",
           "repeated_sections", "FRONT_MATTER"]
