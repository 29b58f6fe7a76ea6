"""Asides: text set apart from the body flow, found and anchored to the body text it belongs to.

Kinds recognised (each becomes ``kind=ASIDE``, flag ``aside_<why>``):

- ``figure``: a key-figure callout, a number with its unit set large
  (``FIGURE_SIZE`` × body) over a short label: ``929项`` + ``累计牵头承担…``,
  joined into one block (a section number and one capitalised word, ``2 Terms``, is a
  numbered heading, not a figure);
- ``side``: a side column, much narrower than the widest column of its band
  and holding little of the band's text (sidebars, margin notes, analyst boxes);
- ``inset``: a block lying inside another block's box (text wrapped around a
  chart's title, legend and notes); a table so placed keeps its kind but moves
  after the block around it too;
- ``box``: the text on a shaded or framed box (a figure, i.e. a cluster of
  drawings, holding prose) that covers at most ``BOX_MAX_AREA`` of the page;
- ``quote``: a pull quote, prose set at ``QUOTE_SIZE`` × body or larger on a page
  holding more text in body-size type.

Anchors: an inset follows the block around it; a side-column block follows
the last body block starting above it in the column beside it (a side column
covering ``TALL_SIDE`` of its band in ``TALL_MIN_BLOCKS`` blocks or more is a
sidebar of its own and follows the band's last body block); asides sharing an
anchor become one aside, a line each; boxes, quotes and callouts in the flow
keep their place.  Paragraph joining then holds every aside back until the
paragraph it interrupts is closed.

Restrictions: a box drawn as one plain rectangle is not a figure (extraction
keeps clusters of three or more drawings; a ``Page.boxes`` of filled
rectangles is used when present), so its text is only found when it stands in
a side column or its font is a pull quote's; a sidebar as wide as the
main column is read as a column; asides are never split into paragraphs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from . import patterns as P
from .columns import Slot
from .geometry import area, inside_share, union, x_overlap
from .headings import title_like
from .normalize import clean_line
from .types import ASIDE, BODY, TABLE, BBox, Block, Page

FIGURE_SIZE = 1.3  # a key figure is set at least this many times the body size
SIDE_WIDTH = 0.7  # a column narrower than this share of the band's widest one ...
SIDE_CHARS = 0.3  # ... holding less than this share of the band's text is a side column ...
SIDE_MIN_CHARS = 8  # ... when it holds at least this many characters (a lone "No." is a table header)
TALL_SIDE = 0.5  # a side column covering this share of its band's height ...
TALL_MIN_BLOCKS = 3  # ... in at least this many blocks is a sidebar of its own, anchored at the band's end
INSET_SHARE = 0.9  # a block with this share of its area inside a larger block's box is an inset
BOX_MAX_AREA = 0.4  # a text-holding figure covering at most this share of the text area is a box
BOX_INSIDE = 0.8  # a block with this share of its area inside a box is on the box
PROSE_CHARS = 40  # a box must hold a block at least this long to be a text box (not a chart)
QUOTE_SIZE = 1.3  # prose set this many times the body size is a pull quote
QUOTE_MIN_CHARS = 16  # ... when at least this long (Han text is dense)
FULL_STOPS = (".", "!", "?", "。", "！", "？", "…")
CLOSERS = "”’\"')）」』】"


@dataclass(frozen=True)
class Anchor:
    """Where an aside goes: right after (or, ``before=True``, right before) block ``target``."""

    target: str
    before: bool = False


def mark_key_figures(blocks: Sequence[Block], body: float) -> list[Block]:
    """Key-figure callouts become asides, joined with the label under them: ``929项`` + label."""
    out: list[Block] = []
    used: set[str] = set()
    for b in blocks:
        if b.id in used:
            continue
        if body and b.kind == BODY and b.size >= FIGURE_SIZE * body and key_figure(b.text):
            label = _label_under(b, blocks, used)
            if label is not None:
                used.add(label.id)
                b = replace(b, text=b.text + "\n" + label.text, bbox=union([b.bbox, label.bbox]),
                            lines=b.lines + label.lines)
            b = _aside(b, "figure")
        out.append(b)
    return [b for b in out if b.id not in used or b.kind == ASIDE]


def key_figure(text: str) -> bool:
    """A number with an optional unit, as set in a callout: ``"929项"``, ``"81.77%"``, ``"500 MW"``.

    A section number and one capitalised word (``"1 One"``, ``"2.1 Scope"``), or a Han title set
    apart from it that is no unit (``"1 简介"``; ``"15 所"`` is a figure), is a numbered heading
    instead.  Limit: a callout spelling its unit as a capitalised word (``"40 Years"``) is read as
    a heading too.
    """
    han = P.NUMBERED_HAN_WORD.match(text)
    titled = bool(han and not P.HAN_UNIT.match(han["title"]))
    return bool(P.KEY_FIGURE.match(text)) and not P.NUMBERED_WORD.match(text) and not titled


def _label_under(fig: Block, blocks: Sequence[Block], used: set[str]) -> Block | None:
    for b in blocks:
        gap = b.bbox[1] - fig.bbox[3]
        if (b.id not in used and b is not fig and b.kind == BODY and -2 <= gap <= fig.size
                and x_overlap(b.bbox, fig.bbox) > 0.3 and b.size < fig.size and len(b.text) <= 60):
            return b
    return None


def _aside(block: Block, why: str) -> Block:
    return replace(block, kind=ASIDE, flags=tuple(dict.fromkeys(block.flags + (f"aside_{why}",))))


def classify(slots: Sequence[Slot], page: Page, body: float) -> tuple[list[Block], dict[str, Anchor]]:
    """Blocks in reading order with asides marked, and the anchor of every aside that must move.

    Args:
        slots: the page's blocks in reading order with their band and column (``columns.read_order``).
        page: the page (its figures and size).
        body: the document's body font size (0 when unknown).
    """
    blocks = [s.block for s in slots]
    # Page.boxes (filled rectangles) is read when the extraction provides it; until then figures only.
    boxes = tuple(page.figures) + tuple(getattr(page, "boxes", ()))
    why = {**_quotes(blocks, body), **_boxes(blocks, boxes), **_side_blocks(slots)}
    anchors = _side_anchors(slots, {k for k, v in why.items() if v.startswith("side")})
    for b, container in _insets(blocks, why).items():
        why[b] = "inset"
        anchors[b] = Anchor(container)
    marked = [_aside(b, why[b.id]) if b.id in why and b.kind == BODY else b for b in blocks]
    return marked, anchors


def _quotes(blocks: Sequence[Block], body: float) -> dict[str, str]:
    """Pull quotes: prose (not title-like) in type much larger than the body's, on a page whose
    body-size text outweighs its large text (a page set all in large type is read as it is)."""
    if not body:
        return {}
    large = [b for b in blocks if b.kind == BODY and b.size >= QUOTE_SIZE * body]
    small = sum(len(b.text) for b in blocks if b.kind == BODY and 0 < b.size < QUOTE_SIZE * body)
    if small <= sum(len(b.text) for b in large):
        return {}
    return {b.id: "quote" for b in large
            if len(b.text) >= QUOTE_MIN_CHARS and (not title_like(clean_line(b.text)) or _full_stop(b.text))}


def _full_stop(text: str) -> bool:
    """Ends with a full stop, maybe inside closing quotes: ``"“Growth held.”" -> True``; ``"“上海方案”" -> False``."""
    return text.rstrip().rstrip(CLOSERS).endswith(FULL_STOPS)


def _boxes(blocks: Sequence[Block], figures: Sequence[BBox]) -> dict[str, str]:
    """Blocks on a small figure that holds prose: a shaded or framed box."""
    if not blocks:
        return {}
    text_area = area(union(b.bbox for b in blocks)) or 1.0
    out: dict[str, str] = {}
    for f in figures:
        if area(f) > BOX_MAX_AREA * text_area:
            continue
        inside = [b for b in blocks if b.kind == BODY and inside_share(b.bbox, f) >= BOX_INSIDE]
        if any(len(b.text) >= PROSE_CHARS for b in inside):
            out.update({b.id: "box" for b in inside})
    return out


def _insets(blocks: Sequence[Block], why: dict[str, str]) -> dict[str, str]:
    """Blocks inside a larger body block's box (text wrapped around them): inset id -> container id."""
    hosts = [(h, area(h.bbox), _widened(h)) for h in blocks
             if h.kind == BODY and h.id not in why and len(h.lines) >= 3]
    out: dict[str, str] = {}
    for b in blocks:
        if b.kind not in (BODY, TABLE) or b.id in why:
            continue
        twice = 2 * area(b.bbox)
        host = next((h for h, h_area, wide in hosts if h is not b and h_area > twice
                     and inside_share(b.bbox, wide) >= INSET_SHARE and not _shares_lines(b, h)), None)
        if host is not None:
            out[b.id] = host.id
    return out


def _widened(host: Block) -> BBox:
    """The host's box one font size wider on each side (its lines are ragged)."""
    x0, top, x1, bottom = host.bbox
    return (x0 - host.size, top, x1 + host.size, bottom)


def _shares_lines(b: Block, host: Block) -> bool:
    """Whether ``b`` sits among ``host``'s lines rather than beside them (a line of the same column)."""
    return any(x_overlap(ln.bbox, b.bbox) > 0.5 and ln.bbox[1] < b.bbox[3] and b.bbox[1] < ln.bbox[3]
               for ln in host.lines)


def _side_blocks(slots: Sequence[Slot]) -> dict[str, str]:
    """Blocks of side columns (much narrower than the band's widest column, holding little text):
    body blocks are marked ``side``, callouts already set apart ``side_aside`` (both are anchored)."""
    out: dict[str, str] = {}
    for band in {s.band for s in slots}:
        cols: dict[int, list[Block]] = {}
        spans: dict[int, float] = {}
        for s in slots:
            if s.band == band:
                cols.setdefault(s.column, []).append(s.block)
                spans[s.column] = s.span[1] - s.span[0]
        for c in side_columns(cols, spans):
            out.update({b.id: "side" if b.kind == BODY else "side_aside" for b in cols[c] if b.kind in (BODY, ASIDE)})
    return out


def side_columns(cols: dict[int, list[Block]], spans: dict[int, float] | None = None) -> set[int]:
    """Columns much narrower than the widest, holding little of the text.

    Widths are the columns' ``spans`` (gutter to gutter) when given, so the short last
    column of a balanced run (one line, say) is as wide as its neighbours.
    """
    if len(cols) < 2:
        return set()
    widths = spans or {c: union(b.bbox for b in bs)[2] - union(b.bbox for b in bs)[0] for c, bs in cols.items()}
    chars = {c: sum(len(b.text) for b in bs) for c, bs in cols.items()}
    total, widest = sum(chars.values()) or 1, max(widths.values())
    return {c for c in cols
            if widths[c] < SIDE_WIDTH * widest and SIDE_MIN_CHARS <= chars[c] < SIDE_CHARS * total}


def _side_anchors(slots: Sequence[Slot], side: set[str]) -> dict[str, Anchor]:
    """Each side-column block follows the last flow block beside it: in the band's column nearest to it,
    the last one starting above it; a tall sidebar follows the band's last flow block."""
    anchors: dict[str, Anchor] = {}
    for band in {s.band for s in slots if s.block.id in side}:
        members = [s for s in slots if s.band == band]
        flow = [s for s in members if s.block.id not in side]
        if not flow:
            continue
        asides = [s.block for s in members if s.block.id in side]
        top, bottom = union(s.block.bbox for s in members)[1], union(s.block.bbox for s in members)[3]
        tall = (len(asides) >= TALL_MIN_BLOCKS
                and sum(b.bbox[3] - b.bbox[1] for b in asides) >= TALL_SIDE * max(bottom - top, 1.0))
        for a in asides:
            anchors[a.id] = Anchor(flow[-1].block.id) if tall else _beside(a, flow)
    return anchors


def _beside(aside: Block, flow: Sequence[Slot]) -> Anchor:
    """After the last block starting above ``aside`` among the flow blocks in line with the one nearest to it
    (preferring blocks level with it, those starting on its first line first: the column beside it), or before
    the first of them when none starts above."""
    def gap(b: Block) -> float:
        return max(0.0, b.bbox[0] - aside.bbox[2], aside.bbox[0] - b.bbox[2])
    def key(b: Block) -> tuple[bool, float]:  # starting on its first line first, then the closest
        return (abs(b.bbox[1] - aside.bbox[1]) > max(aside.size, 4.0), gap(b))
    level = [s for s in flow if s.block.bbox[1] < aside.bbox[3] and aside.bbox[1] < s.block.bbox[3]]
    nearest = min(level or flow, key=lambda s: key(s.block)).block
    column = [s.block for s in flow if s.block is nearest or x_overlap(s.block.bbox, nearest.bbox) > 0.5]
    above = [b for b in column if b.bbox[1] <= aside.bbox[1] + 1.0]
    return Anchor(above[-1].id) if above else Anchor(column[0].id, True)


def place(blocks: Sequence[Block], anchors: dict[str, Anchor]) -> list[Block]:
    """Move each anchored aside next to its anchor block; asides sharing an anchor keep their order and
    become one aside (their texts a line each: a chart's title, legend and notes; a sidebar)."""
    after: dict[str, list[Block]] = {}
    before: dict[str, list[Block]] = {}
    ids = {b.id for b in blocks}
    for b in blocks:
        a = anchors.get(b.id)
        if a is not None and a.target in ids and a.target not in anchors:
            (before if a.before else after).setdefault(a.target, []).append(b)
    moved = {b.id for group in (*after.values(), *before.values()) for b in group}
    out: list[Block] = []
    for b in blocks:
        if b.id in moved:
            continue
        out.extend(grouped(before.get(b.id, [])))
        out.append(b)
        out.extend(grouped(after.get(b.id, [])))
    return out


def grouped(blocks: list[Block]) -> list[Block]:
    """Runs of asides joined into one block (id of the first, text a line per aside); other kinds kept."""
    out: list[Block] = []
    for b in blocks:
        if out and out[-1].kind == ASIDE and b.kind == ASIDE and out[-1].page == b.page:
            a = out[-1]
            out[-1] = replace(a, text=f"{a.text}\n{b.text}", bbox=union([a.bbox, b.bbox]), lines=a.lines + b.lines,
                              flags=tuple(dict.fromkeys(a.flags + b.flags)))
        else:
            out.append(b)
    return out


__all__ = ["Anchor", "mark_key_figures", "classify", "side_columns", "place", "grouped", "key_figure", "FIGURE_SIZE"]
