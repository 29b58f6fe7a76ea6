"""Speed rewrites of the order stage equal what they replace (issue 7): property tests, old form against new."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import patterns as P
from pipeline.blocks import body_size
from pipeline.linefit import split_columns
from pipeline.order import order_document, order_page
from pipeline.paragraphs import _marker, split_block, split_list_items, split_paragraphs
from pipeline.types import ASIDE, BODY, HEADING, TABLE, BBox, Block, Document, Line, Page, Span

_WORDS = ["Growth", "was", "strong.", "• Risks", "\uf0b7 Pumps", "1.", "2. Scope", "b)", "(1) If", "上海科技", "新进展。",
          "inter-", "end;", "a", "Note:", "—"]


@st.composite
def _blocks(draw: st.DrawFn) -> Block:
    """A block of 0-7 lines placed so that columns, indents, gaps, bullets and same-baseline pieces all occur."""
    lines = []
    y = 100.0
    for _ in range(draw(st.integers(0, 7))):
        text = " ".join(draw(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4)))
        x0 = draw(st.sampled_from([50.0, 50.5, 60.0, 65.0, 300.0]))
        y += draw(st.sampled_from([0.0, 1.0, 12.0, 14.0, 20.0, -40.0]))
        box = (x0, y, x0 + draw(st.sampled_from([5.0, 5.5, 8.0])) * len(text), y + 10.0)
        lines.append(Line((Span(text, box, "Helvetica", 10.0),), box))
    bbox = (min((ln.bbox[0] for ln in lines), default=0.0), 100.0, max((ln.bbox[2] for ln in lines), default=0.0), y)
    text = " ".join(ln.text for ln in lines)
    kind = draw(st.sampled_from([BODY, BODY, BODY, TABLE, HEADING, ASIDE]))
    return Block("p0-b3", 0, bbox, text, tuple(lines), draw(st.sampled_from([0.0, 10.0, 12.0])), kind=kind)


def _split_in_turn(b: Block) -> list[Block]:
    """order_page's splitting as it was: three splitters one after the other, each grouping lines anew."""
    return [item for col in (split_columns(b) if b.kind != TABLE else [b])
            for part in split_paragraphs(col) for item in split_list_items(part)]


@settings(max_examples=600, deadline=None)
@given(_blocks())
def test_split_block_equals_the_splitters_in_turn(b: Block) -> None:
    assert split_block(b) == _split_in_turn(b)


@st.composite
def _pages(draw: st.DrawFn) -> Page:
    """A page of 1-8 blocks in two columns and a narrow side column, in any order: splits, tables,
    side notes and joined asides all occur."""
    blocks = []
    for k in range(draw(st.integers(1, 8))):
        b = draw(_blocks().filter(lambda b: bool(b.lines)))  # extraction never makes a block without lines
        dx = draw(st.sampled_from([0.0, 250.0, 470.0]))
        dy = draw(st.sampled_from([0.0, 60.0, 120.0, 240.0]))
        lines = tuple(Line(tuple(Span(s.text, _moved(s.bbox, dx, dy), s.font, s.size) for s in ln.spans),
                           _moved(ln.bbox, dx, dy)) for ln in b.lines)
        blocks.append(replace(b, id=f"p0-b{k}", bbox=_moved(b.bbox, dx, dy), lines=lines,
                              size=draw(st.sampled_from([9.0, 10.0, 16.0]))))
    return Page(0, 600.0, 800.0, tuple(blocks), 0, (0.0, 0.0, 600.0, 800.0))


def _moved(box: BBox, dx: float, dy: float) -> BBox:
    return (box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy)


@settings(max_examples=300, deadline=None)
@given(_pages(), st.booleans())
def test_order_document_equals_order_page_then_numbering(page: Page, geometry: bool) -> None:
    """order_document sets column and order in one copy; it used to number order_page's blocks."""
    page = replace(page, geometry=geometry)
    doc = Document("d", "d.pdf", "pdf", (page, replace(page, index=1)))
    body = body_size(doc.blocks())
    old = [b for p in doc.pages for b in (order_page(p, body) if p.geometry else p.blocks)]
    assert order_document(doc).blocks() == [replace(b, order=n) for n, b in enumerate(old)]


_MARKER_CHARS = list("•·-–—*(（)）.、1２٣一十ab Z①\uf0b7") + ["(1)", "b)", "10.", "（一）"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_MARKER_CHARS), max_size=6).map("".join))
def test_marker_equals_the_generator_form(text: str) -> None:
    """_marker tries the label pattern on 2, 3 and 4 characters in an or-chain; it used a generator."""
    old = not P.AMOUNT_START.match(text) and (
        bool(P.LIST_ITEM.match(text)) or any(P.LABEL_MARKER.match(text[:k]) for k in (2, 3, 4)))
    assert _marker(text) == old
