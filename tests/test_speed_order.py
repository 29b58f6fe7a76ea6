"""Speed rewrites of the order stage equal what they replace (issue 7): property tests, old form against new."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.linefit import split_columns
from pipeline.paragraphs import split_block, split_list_items, split_paragraphs
from pipeline.types import ASIDE, BODY, HEADING, TABLE, Block, Line, Span

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
