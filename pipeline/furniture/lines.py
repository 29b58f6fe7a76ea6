"""Line-level furniture: rules that judge one line of text, and a stage that
applies them inside blocks.

The rules are pure ``str -> (keep, reason)`` functions: page numbers, XMP
imposition history, InDesign slugs, template bookmark tags and chart-label digit soup.  The stage
:func:`strip_line_furniture` runs them on every line, finds the imposition
history as a *run* (bare numbers inside it go too), and finds running heads in
pages without geometry by repetition: a short line that recurs, digits folded,
on enough pages; a numbered part head (``第1部分｜ …``) whose part label
recurs; or a line made of a known head plus another head or a line that occurs
on its own elsewhere (``数看上海科技2022上海科技进步报告``).

On ``geometry=True`` pages only the imposition history, slugs and template tags are removed:
page numbers, heads and chart labels there are the positional stage's job.

What it cannot do: tell a page number from a figure that sits alone at a
page's edge, catch a running head that occurs on fewer than ``min_repeat``
pages, or keep a one-word callout whose figure has no unit (``2192``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import lru_cache
from math import ceil
from typing import Any

from .. import patterns as P
from ..config import FurnitureConfig
from ..geometry import union
from ..normalize import clean_line, ends_sentence, join_lines
from ..textdump import HEAD_EDGE_LINES, LINE_ENDS
from ..types import Block, Document, Line, Page, Removed, dominant_size
from .positional import fold, numeric_share

STAGE = "furniture"
TEMPLATE_TAG = "template_tag"
CHART_DIGIT_SHARE = 0.6  # default for chart_soup: share of non-space characters that are numeric
CHART_MAX_LETTER_SHARE = 0.1  # chart soup has at most one letter per ten digits
CALLOUT_MAX_FIGURES = 2  # "81.77%", "1%—5%": up to this many numbers, each with a unit, are a callout
HISTORY_MAX_CHARS = 80  # a longer line naming imposition software is a sentence about it
SLUG_MAX_CHARS = 160  # a longer line holding a date and time is prose
PAGE_EDGE_LINES = 2  # a page number is among the first or last this many lines of a page
CLAUSE_END = "，,、"  # a line ending so continues a sentence: never a running head

LineRef = tuple[int, int, int]  # positions of page, block and line in doc.pages
Verdict = tuple[str, dict[str, Any]]  # reason and audit detail


def page_number(text: str) -> tuple[bool, str]:
    """A line that is only a page number.

    ``"0403" -> (False, "page_number")``, ``"79 80" -> (False, "page_number")``,
    ``"第12页" -> (False, "page_number")``, ``"2022年报告" -> (True, "")``.
    Any 1–4 digit line qualifies: the stage applies it at page edges only.
    """
    if P.PAGE_NUMBER_LINE.match(clean_line(text)):
        return False, "page_number"
    return True, ""


@lru_cache(maxsize=1 << 16)  # asked twice per line: by the line rules and for history runs
def imposition_history(text: str) -> tuple[bool, str]:
    """A line of imposition software's XMP history.

    ``"   HistoryItem_V1" -> (False, "imposition_metadata")``, ``"列数: 2"``,
    ``"D:20230214110820"``, ``"QITE_QuiteImposingPlus4"`` likewise;
    ``"2"`` and ``"0.0000"`` -> (True, "") alone (the stage removes them inside a run);
    a sentence over 80 characters that names such software is kept.
    """
    line = clean_line(text)
    if len(line) <= HISTORY_MAX_CHARS and P.IMPOSITION_WORDS.search(line):
        return False, "imposition_metadata"
    return True, ""


def slug_line(text: str) -> tuple[bool, str]:
    """An InDesign slug: file name and page, or the output date and time.

    ``"ai.indd   2" -> (False, "printer_slug")``,
    ``"report.indd  12  2023/2/14  11:08:20" -> (False, "printer_slug")``,
    ``"2023年2月14日发布" -> (True, "")``.
    """
    if "." not in text and "/" not in text:  # both forms need one; cleaning a line makes neither
        return True, ""
    line = clean_line(text)
    if len(line) <= SLUG_MAX_CHARS and P.INDD_SLUG.search(line):
        return False, "printer_slug"
    return True, ""


def template_tag(text: str) -> tuple[bool, str]:
    """A line of a document template's bookmark tags, hidden on the page by a clip path.

    ``"[Table_Main] " -> (False, "template_tag")`` (Chinese broker reports made with the Wind
    template); ``"[Table 3] Revenue"``, ``"[1]"`` -> (True, "").
    """
    if "[" in text and P.TEMPLATE_TAG_LINE.match(clean_line(text)):  # cleaning a line makes no "["
        return False, TEMPLATE_TAG
    return True, ""


def stray_bullet(text: str) -> tuple[bool, str]:
    """Bullet glyphs with no text: a dump's paragraph of its own, stranded from its item.

    pdftotext writes a side column's bullets apart from their text (``"\\uf0b7"``,
    ``"•"`` -> (False, "stray_bullet")); ``"• Risks remain."`` -> (True, "").
    """
    if P.BULLETS_ONLY.match(text):
        return False, "stray_bullet"
    return True, ""


def chart_soup(text: str, digit_share: float = CHART_DIGIT_SHARE) -> tuple[bool, str]:
    """Digits of a chart's labels with almost no words.

    ``"23838 2280 780321133527613" -> (False, "chart_labels")``, ``"2192"``,
    ``"8862.03"``, ``"1+3"``, ``"20% 40% 60%"`` likewise; kept as key-figure callouts or
    prose: ``"929项"``, ``"81.77%"``, ``"1%—5%"``, ``"4.9亿元"``, ``"2.2万家，同比增长10%"``,
    ``"VV116"``, ``"2022年，上海…"`` -> (True, "").
    """
    line = clean_line(text)
    digits = sum(ch.isdigit() for ch in line)
    letters = len(P.LETTER.findall(line))
    if not digits or letters > CHART_MAX_LETTER_SHARE * digits or numeric_share(line) < digit_share:
        return True, ""
    figures = len(P.NUMBER.findall(line))
    if figures <= CALLOUT_MAX_FIGURES and len(P.FIGURE_UNIT.findall(line)) == figures:
        return True, ""  # a figure or a range, each number with its unit: a callout
    return False, "chart_labels"


def strip_line_furniture(doc: Document, cfg: FurnitureConfig) -> tuple[Document, list[Removed]]:
    """Remove furniture lines inside blocks; a block left empty goes whole.

    Geometry-less pages: page numbers (at a page's edge), slugs, chart soup,
    imposition history and running heads.  Geometry pages: imposition history
    and slugs only.  Each removed line becomes its own Block
    ``<block id>-l<k>`` in a :class:`Removed`; the counts per reason go into
    ``meta["line_furniture"]``.

    Args:
        doc: the document, PDF or text dump.
        cfg: furniture settings (``min_repeat``, ``head_max_chars``, ``history_gap`` …).
    Returns:
        The new document and the removed lines, in document order.
    """
    verdicts = _running_heads(doc, cfg) | _line_rules(doc, cfg) | _history_runs(doc, cfg)
    pages, removed = [], []
    for pi, page in enumerate(doc.pages):
        blocks = []
        for bi, block in enumerate(page.blocks):
            cut = {li: verdicts[(pi, bi, li)] for li in range(len(block.lines)) if (pi, bi, li) in verdicts}
            removed += [Removed(_line_block(block, li), why, STAGE, detail) for li, (why, detail) in cut.items()]
            kept = _without(block, set(cut))
            if kept is not None:
                blocks.append(kept)
        pages.append(replace(page, blocks=tuple(blocks)))
    meta = {**doc.meta, "line_furniture": dict(Counter(r.reason for r in removed))}
    return replace(doc, pages=tuple(pages), meta=meta), removed


def _walk(doc: Document) -> Iterator[tuple[LineRef, Page, Line]]:
    """Every line of the document in order, with its position."""
    for pi, page in enumerate(doc.pages):
        for bi, block in enumerate(page.blocks):
            for li, line in enumerate(block.lines):
                yield (pi, bi, li), page, line


def _line_rules(doc: Document, cfg: FurnitureConfig) -> dict[LineRef, Verdict]:
    """Verdicts of the one-line rules; page numbers count only at a page's edge."""
    edges = _edge_refs(doc)
    out: dict[LineRef, Verdict] = {}
    for ref, page, line in _walk(doc):
        rules: list[Callable[[str], tuple[bool, str]]] = [imposition_history, slug_line, template_tag]
        if not page.geometry:
            rules += [page_number] if ref in edges else []
            rules += [stray_bullet] if len(page.blocks[ref[1]].lines) == 1 else []
            rules.append(lambda t: chart_soup(t, cfg.chart_digit_share))
        reason = next((why for keep, why in (rule(line.text) for rule in rules) if not keep), "")
        if reason:
            out[ref] = (reason, {})
    return out


def _edge_refs(doc: Document, n: int = 0) -> set[LineRef]:
    """The first and last ``n`` (default ``PAGE_EDGE_LINES``) lines of each page."""
    n = n or PAGE_EDGE_LINES
    out: set[LineRef] = set()
    for pi, page in enumerate(doc.pages):
        refs = [(pi, bi, li) for bi, b in enumerate(page.blocks) for li in range(len(b.lines))]
        out.update(refs[:n] + refs[-n:])
    return out


def _history_runs(doc: Document, cfg: FurnitureConfig) -> dict[LineRef, Verdict]:
    """Every line of each dense run of imposition-history lines, numeric filler included, grown
    over the XMP packet's field values within ``history_gap`` lines of it (and what stands between
    them: the packet's title)."""
    flat = [(ref, line) for ref, _, line in _walk(doc)]
    hits = [k for k, (_, line) in enumerate(flat) if not imposition_history(line.text)[0]]
    out: dict[LineRef, Verdict] = {}
    for first, last, n in dense_runs(hits, cfg.history_gap, cfg.history_min_hits):
        first, last = _packet_edges(flat, first, last, cfg.history_gap)
        while first > 0 and P.NUMERIC_FILLER.match(clean_line(flat[first - 1][1].text)):
            first -= 1
        while last + 1 < len(flat) and P.NUMERIC_FILLER.match(clean_line(flat[last + 1][1].text)):
            last += 1
        detail = {"run_lines": last - first + 1, "run_hits": n}
        out.update({ref: ("imposition_metadata", dict(detail)) for ref, _ in flat[first:last + 1]})
    return out


def _packet_edges(flat: list[tuple[LineRef, Line]], first: int, last: int, gap: int) -> tuple[int, int]:
    """``first`` and ``last`` moved out to the farthest XMP field value (``P.XMP_VALUE``) reached
    in steps of at most ``gap`` lines from the run."""
    def value(k: int) -> bool:
        return bool(P.XMP_VALUE.match(clean_line(flat[k][1].text)))
    while (step := next((k for k in range(max(first - gap, 0), first) if value(k)), None)) is not None:
        first = step
    while (step := next((k for k in range(min(last + gap, len(flat) - 1), last, -1) if value(k)), None)) is not None:
        last = step
    return first, last


def dense_runs(hits: list[int], gap: int, min_hits: int) -> list[tuple[int, int, int]]:
    """Runs of sorted positions, each within ``gap`` of the last: ``([1, 3, 4, 20], 2, 3) -> [(1, 4, 3)]``.

    Returns (first, last, number of hits) for runs with at least ``min_hits``.
    """
    groups: list[list[int]] = []
    for h in hits:
        if groups and h - groups[-1][-1] <= gap:
            groups[-1].append(h)
        else:
            groups.append([h])
    return [(g[0], g[-1], len(g)) for g in groups if len(g) >= min_hits]


def _running_heads(doc: Document, cfg: FurnitureConfig) -> dict[LineRef, Verdict]:
    """Running heads and feet of geometry-less pages, found by repetition.

    A dump that marks no paragraphs with blank lines (``meta["paragraphs"] == "line_ends"``) holds
    its tables one cell per line, and its pages end at their page-number lines: there a head
    stands within ``HEAD_EDGE_LINES`` of a page's edge.  Elsewhere (the seed: a spread's text
    glued to its twin's) a head may stand anywhere."""
    edges = _edge_refs(doc, HEAD_EDGE_LINES) if doc.meta.get("paragraphs") == LINE_ENDS else None
    keys = {ref: fold(clean_line(line.text)) for ref, page, line in _walk(doc)
            if not page.geometry and (edges is None or ref in edges)}
    heads, parts = _recurring(keys, cfg, sum(1 for p in doc.pages if p.blocks and not p.geometry))
    whole = set(keys.values())
    out: dict[LineRef, Verdict] = {}
    for ref, key in keys.items():
        head = head_match(key, heads, parts, whole, cfg)
        if head:
            out[ref] = ("running_head", {"head": head})
    return out


def _recurring(keys: dict[LineRef, str], cfg: FurnitureConfig, pages: int) -> tuple[set[str], set[str]]:
    """Head-shaped keys, and numbered part labels, recurring on enough pages."""
    seen: dict[str, set[int]] = defaultdict(set)
    seen_parts: dict[str, set[int]] = defaultdict(set)
    for (pi, _, _), key in keys.items():
        if head_shaped(key, cfg):
            seen[key].add(pi)
            if part_label(key):
                seen_parts[part_label(key)].add(pi)
    need = max(cfg.min_repeat, ceil(cfg.min_repeat_share * pages))
    return ({k for k, v in seen.items() if len(v) >= need}, {k for k, v in seen_parts.items() if len(v) >= need})


def head_shaped(key: str, cfg: FurnitureConfig) -> bool:
    """Could be a running head: short, enough letters, no figure with a unit, not (part of) a sentence.

    ``"0上海科技进步报告" -> True``; ``"累计0人"`` (a callout), ``"第二。"``,
    ``"第0段正文开始，"`` (a clause) -> False.
    """
    return (0 < len(key) <= cfg.head_max_chars and len(P.LETTER.findall(key)) >= cfg.head_min_letters
            and not P.FIGURE_UNIT.search(key) and not ends_sentence(key) and key[-1] not in CLAUSE_END
            and not P.PAGE_NUMBER_LINE.match(key))


def part_label(key: str) -> str:
    """The numbered part of a part head: ``"第0部分｜强化战略科技力量" -> "第0部分"``; else ``""``."""
    m = P.PART_HEAD.match(key)
    return m["part"] if m and P.DIGITS.search(m["part"]) else ""


def head_match(key: str, heads: set[str], parts: set[str], whole: set[str], cfg: FurnitureConfig) -> str:
    """Which running head a line's key is, or ``""``.

    A recurring head; a part head of a recurring part; or a head glued to
    another head or to a line found on its own elsewhere (a title that the
    running head repeats):
    ``"数看上海科技0上海科技进步报告" -> "0上海科技进步报告+数看上海科技"``.
    """
    if key in heads:
        return key
    if head_shaped(key, cfg) and part_label(key) in parts:
        return part_label(key)
    for head in heads:
        rest = key[len(head):] if key.startswith(head) else key[:-len(head)] if key.endswith(head) else ""
        if rest and head_shaped(rest, cfg) and (rest in heads or part_label(rest) in parts or rest in whole):
            return f"{head}+{rest}"
    return ""


def _without(block: Block, cut: set[int]) -> Block | None:
    """The block without the lines at positions ``cut``; None when nothing is left."""
    if not cut:
        return block
    kept = tuple(ln for li, ln in enumerate(block.lines) if li not in cut)
    if not kept:
        return None
    size = dominant_size(tuple(s for ln in kept for s in ln.spans)) if block.size else 0.0
    text = join_lines(ln.text for ln in kept)
    return replace(block, lines=kept, text=text, bbox=union(ln.bbox for ln in kept), size=size)


def _line_block(block: Block, li: int) -> Block:
    """A removed line as its own small block, for the audit trail."""
    line = block.lines[li]
    return Block(id=f"{block.id}-l{li}", page=block.page, bbox=line.bbox, text=clean_line(line.text),
                 lines=(line,), size=line.size, bold=line.bold, kind=block.kind)
