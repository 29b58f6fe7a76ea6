"""Asides (pipeline.asides): found, anchored beside the body text they belong to, dropped on request."""

from __future__ import annotations

from pipeline.asides import Anchor, grouped, mark_key_figures, place, side_columns
from pipeline.config import OrderConfig
from pipeline.order import ASIDE_REASON, drop_asides, merge_paragraphs, order_page
from pipeline.types import ASIDE, BODY, Block, Line, Span

from .helpers import block, document, page

LONG = "The group recorded strong growth in all regions and margins improved over the year as costs fell. " * 3


def kinds(blocks: list[Block]) -> list[tuple[str, str]]:
    return [(b.text[:12], b.kind) for b in blocks]


def tall(text: str, bbox: tuple[float, float, float, float], n: int, size: float = 10.0, lines: int = 5) -> Block:
    """A block of ``lines`` full lines (so it can host an inset or run beside a side column)."""
    x0, top, x1, bottom = bbox
    pitch = (bottom - top) / lines
    made = tuple(Line((Span("x", (x0, top + k * pitch, x1, top + k * pitch + size), "Helvetica", size),),
                      (x0, top + k * pitch, x1, top + k * pitch + size)) for k in range(lines))
    return Block(f"p0-b{n}", 0, bbox, text, made, size)


def test_key_figure_and_its_label_become_one_aside() -> None:
    fig = block("929项", (400, 100, 450, 120), n=0, size=20)
    label = block("累计牵头承担国家科技重大专项", (400, 122, 500, 130), n=1, size=8)
    (aside,) = mark_key_figures([fig, label], 10.0)
    assert (aside.kind, aside.text, "aside_figure" in aside.flags) == (ASIDE, "929项\n累计牵头承担国家科技重大专项", True)


def test_a_narrow_side_column_follows_the_paragraph_beside_it() -> None:
    p1 = tall("First paragraph. " + LONG, (50, 100, 400, 300), 0)
    p2 = tall("Second paragraph. " + LONG, (50, 320, 400, 520), 1)
    note = block("A margin note about the second paragraph.", (420, 330, 520, 360), n=2, size=8)
    out = order_page(page(0, [note, p2, p1]), 10.0)
    assert kinds(out) == [("First paragr", BODY), ("Second parag", BODY), ("A margin not", ASIDE)]


def test_a_tall_sidebar_follows_the_last_paragraph_of_its_band() -> None:
    body = [tall(f"Paragraph {i}. " + LONG, (200, 100 + 150 * i, 560, 230 + 150 * i), i) for i in range(4)]
    side = [block(f"Sidebar item {i} text", (20, 100 + 150 * i, 180, 200 + 150 * i), n=10 + i) for i in range(4)]
    out = order_page(page(0, side + body), 10.0)
    assert [b.kind for b in out] == [BODY] * 4 + [ASIDE]
    assert out[-1].text == "\n".join(b.text for b in side)  # one aside, an item a line


def wrapped(text: str, n: int) -> Block:
    """Full lines at 100-140 and 440-500, short ones (ending at 300) beside a chart at 140-440."""
    tops = list(range(100, 500, 20))
    made = tuple(Line((Span("x", (72, t, 540 if t < 140 or t >= 440 else 300, t + 10), "Helvetica", 10.0),),
                      (72, t, 540 if t < 140 or t >= 440 else 300, t + 10)) for t in tops)
    return Block(f"p0-b{n}", 0, (72, 100, 540, 490), text, made, 10.0)


def test_a_block_inside_a_paragraph_box_is_an_inset_after_it() -> None:
    around = wrapped("Text wrapped round a chart. " + LONG, 0)
    title = block("Figure 1. Twin Peaks", (320, 150, 530, 160), n=1, size=9)
    notes = block("Sources: national data.", (320, 400, 530, 410), n=2, size=7)
    out = order_page(page(0, [title, around, notes]), 10.0)
    assert kinds(out) == [("Text wrapped", BODY), ("Figure 1. Tw", ASIDE)]
    assert out[1].text == "Figure 1. Twin Peaks\nSources: national data."


def test_text_on_a_small_drawn_box_is_an_aside() -> None:
    para = tall("Body text. " + LONG, (50, 100, 300, 300), 0)
    boxed = block("Key facts: revenue grew in every region, led by services.", (60, 320, 290, 360), n=1, size=8.5)
    after = tall("More body text. " + LONG, (50, 380, 300, 560), 2)
    out = order_page(page(0, [para, boxed, after], figures=((55, 315, 295, 365),)), 10.0)
    assert kinds(out)[1] == ("Key facts: r", ASIDE) and "aside_box" in out[1].flags


def test_a_pull_quote_is_an_aside_but_a_large_title_is_not() -> None:
    quote = block("“Growth held up better than anyone expected this year.”", (60, 300, 290, 340), n=0, size=15)
    title = block("Growth held up", (60, 100, 290, 120), n=1, size=15)
    text = block("Revenue rose in every region, and the margin widened as costs eased. " * 2, (60, 130, 290, 290), n=2)
    out = order_page(page(0, [title, text, quote]), 10.0)
    assert kinds(out) == [("Growth held ", BODY), ("Revenue rose", BODY), ("“Growth held", ASIDE)]


def test_a_page_set_all_in_large_type_has_no_pull_quotes() -> None:
    """NEE's 重要提示 page: 14 pt prose over a 9 pt body, with no body-size text around it."""
    first = block("公司负责人刘道骐、主管会计工作负责人肖寻及会计机构负责人声明：保证季度报告中财务报表的真实、准确、完整。",
                  (57, 284, 539, 334), n=0, size=14.1)
    second = block("所有董事均已出席了审议本次季报的董事会会议。", (85, 250, 394, 264), n=1, size=14.1)
    out = order_page(page(0, [second, first]), 9.0)
    assert [b.kind for b in out] == [BODY, BODY]


def test_side_columns_need_some_text_and_little_width() -> None:
    wide = [block(LONG, (200, 0, 560, 100), n=0)]
    assert side_columns({0: [block("No.", (60, 0, 80, 10), n=1)], 1: wide}) == set()
    assert side_columns({0: [block("A note of some length", (20, 0, 150, 30), n=2)], 1: wide}) == {0}
    assert side_columns({0: [block("Short", (20, 0, 150, 30), n=3)], 1: wide}, {0: 300.0, 1: 300.0}) == set()


def test_place_moves_asides_and_groups_them() -> None:
    a, b = block("A", (0, 0, 1, 1), n=0), block("B", (0, 2, 1, 3), n=1)
    x = block("X", (0, 0, 1, 1), n=2, kind=ASIDE)
    y = block("Y", (0, 0, 1, 1), n=3, kind=ASIDE)
    out = place([x, a, y, b], {x.id: Anchor(a.id), y.id: Anchor(a.id)})
    assert [blk.text for blk in out] == ["A", "X\nY", "B"]
    assert [blk.text for blk in place([a, x, b], {x.id: Anchor(b.id, before=True)})] == ["A", "X", "B"]
    assert grouped([]) == []


def test_an_aside_waits_for_the_paragraph_it_interrupts() -> None:
    first = block("Growth was strong in", (50, 100, 550, 110), n=0)
    aside = block("A pull quote", (50, 120, 550, 130), n=1, kind=ASIDE)
    rest = block("most regions this year.", (50, 140, 550, 150), n=2)
    out = merge_paragraphs(document([page(0, [first, aside, rest])]))
    assert [b.text for b in out.pages[0].blocks] == ["Growth was strong in most regions this year.", "A pull quote"]


def test_asides_are_dropped_with_a_record_when_configured() -> None:
    doc = document([page(0, [block("Body.", (0, 0, 1, 1), n=0), block("Note", (0, 2, 1, 3), n=1, kind=ASIDE)])])
    same, none = drop_asides(doc)
    assert same is doc and none == []
    kept, removed = drop_asides(doc, OrderConfig(asides="drop"))
    assert [b.text for b in kept.blocks()] == ["Body."]
    assert [(r.reason, r.stage, r.block.text) for r in removed] == [(ASIDE_REASON, "order", "Note")]


def test_a_side_note_beside_blocks_without_width_is_anchored() -> None:
    """Text MuPDF reads from ActualText over images has no width (PyMuPDF's test_3705.pdf): the nearest
    flow block is still in its own column, so the note beside it has an anchor."""
    p1 = tall("First paragraph. " + LONG, (150, 100, 560, 300), 0)
    p2 = block("Second paragraph. " + LONG, (300, 320, 300, 520), n=1)
    note = block("A margin note about the second paragraph.", (20, 330, 120, 360), n=2, size=8)
    out = order_page(page(0, [note, p2, p1]), 10.0)
    assert sorted(b.text[:12] for b in out) == ["A margin not", "First paragr", "Second parag"]
