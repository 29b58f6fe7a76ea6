"""Reading order by XY-cut (pipeline.columns) and tables and hanging labels (pipeline.tables): no PDF needed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.columns import read_order
from pipeline.order import order_page
from pipeline.tables import attach_labels, find_tables
from pipeline.types import TABLE, Block

from .helpers import block, page


def texts(blocks: list[Block]) -> list[str]:
    return [b.text for b in blocks]


def order(blocks: list[Block], obstacles: tuple = ()) -> list[str]:
    return [s.block.text for s in read_order(blocks, obstacles)]


def test_two_columns_with_spanning_title_table_and_heading() -> None:
    blocks = [
        block("Title", (50, 50, 550, 70), n=0, size=20), block("L1", (50, 100, 290, 180), n=1),
        block("R1", (310, 100, 550, 180), n=2), block("L2", (50, 200, 290, 280), n=3),
        block("R2", (310, 200, 550, 260), n=4), block("Wide table", (50, 300, 550, 350), n=5),
        block("L3", (50, 380, 290, 460), n=6), block("R3", (310, 380, 550, 460), n=7),
    ]
    assert order(blocks[::-1]) == ["Title", "L1", "L2", "R1", "R2", "Wide table", "L3", "R3"]


def test_aligned_paragraph_gaps_do_not_cut_columns_into_rows() -> None:
    """Both columns break paragraphs at the same height: still read column by column."""
    blocks = [block(f"{c}{r}", (x0, 100 + 100 * r, x1, 180 + 100 * r), n=2 * r + i)
              for i, (c, x0, x1) in enumerate((("L", 50, 290), ("R", 310, 550))) for r in range(3)]
    assert order(blocks) == ["L0", "L1", "L2", "R0", "R1", "R2"]


def test_narrow_heading_under_a_column_run_starts_the_next_band() -> None:
    """A spanning heading shorter than a column, below where the right column ended."""
    blocks = [block("L1", (50, 100, 290, 400), n=0), block("R1", (310, 100, 550, 360), n=1),
              block("Next section", (50, 420, 200, 440), n=2, size=14),
              block("L2", (50, 460, 290, 600), n=3), block("R2", (310, 460, 550, 600), n=4)]
    assert order(blocks) == ["L1", "R1", "Next section", "L2", "R2"]


def test_heading_over_one_column_stays_with_it() -> None:
    blocks = [block("Head", (50, 100, 200, 115), n=0, size=14), block("L1", (50, 120, 290, 400), n=1),
              block("R1", (310, 90, 550, 400), n=2)]
    assert order(blocks) == ["Head", "L1", "R1"]


def test_title_beside_nothing_is_not_a_column() -> None:
    """A title at the top left, columns starting below it: the title is a band of its own."""
    blocks = [block("Partners", (57, 57, 181, 84), n=0, size=24)] + [
        block(f"{c}{r}", (x0, 140 + 80 * r, x0 + 80, 155 + 80 * r), n=1 + 2 * r + i)
        for i, (c, x0) in enumerate((("A", 209), ("B", 325))) for r in range(3)]
    slots = read_order(blocks)
    assert slots[0].block.text == "Partners" and slots[0].columns == 1


def test_a_chart_spanning_the_columns_separates_the_runs() -> None:
    blocks = [block("L1", (50, 100, 290, 200), n=0), block("R1", (310, 100, 550, 200), n=1),
              block("L2", (50, 420, 290, 500), n=2), block("R2", (310, 420, 550, 500), n=3)]
    assert order(blocks) == ["L1", "L2", "R1", "R2"]
    assert order(blocks, ((60, 220, 540, 400),)) == ["L1", "R1", "L2", "R2"]


def test_text_wrapped_round_an_inset_reads_top_down() -> None:
    blocks = [block("Around", (50, 100, 550, 500), n=0), block("Inset", (320, 200, 540, 260), n=1)]
    assert order(blocks) == ["Around", "Inset"]


_boxes = st.lists(st.tuples(st.integers(0, 500), st.integers(0, 700), st.integers(5, 200), st.integers(5, 80)),
                  min_size=1, max_size=25)


@settings(max_examples=40, deadline=None)
@given(_boxes)
def test_reading_order_is_a_permutation(boxes: list[tuple[int, int, int, int]]) -> None:
    blocks = [block(f"b{i}", (x, y, x + w, y + h), n=i) for i, (x, y, w, h) in enumerate(boxes)]
    assert sorted(s.block.id for s in read_order(blocks)) == sorted(b.id for b in blocks)


@settings(max_examples=40, deadline=None)
@given(_boxes)
def test_ordering_a_page_loses_no_text(boxes: list[tuple[int, int, int, int]]) -> None:
    """Tables and grouped asides merge blocks; no character is lost or invented (separators aside)."""
    blocks = [block(f"w{i}x", (x, y, x + w, y + h), n=i) for i, (x, y, w, h) in enumerate(boxes)]
    def chars(bs: list[Block]) -> list[str]:
        return sorted(c for b in bs for c in b.text if not c.isspace() and c != "|")
    assert chars(order_page(page(0, blocks), 10.0)) == chars(blocks)


# --- tables -------------------------------------------------------------------------------


def grid(rows: list[list[str]], top: float = 100.0, pitch: float = 15.0, xs: tuple = (50, 250, 350, 450)) -> list[Block]:
    """Cells at left-aligned column positions, one block each."""
    out = []
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            x = xs[c]
            out.append(block(text, (x, top + r * pitch, x + 6 * len(text), top + r * pitch + 9), n=len(out), size=9))
    return out


def test_aligned_rows_become_one_table_block() -> None:
    cells = grid([["Region", "2022", "2023"], ["Europe", "3.5", "0.7"], ["China", "3.0", "5.2"]])
    before = block("Some text above the table, closing a paragraph.", (50, 60, 500, 75), n=90)
    out = find_tables([before, *cells])
    assert [b.kind for b in out] == ["body", TABLE]
    assert out[1].text == "Region | 2022 | 2023\nEurope | 3.5 | 0.7\nChina | 3.0 | 5.2"


def test_a_label_row_inside_a_table_joins_it() -> None:
    cells = grid([["Item", "2022", "2023"], ["Profit", "1", "2"], ["Margins"], ["Gross", "3", "4"]])
    (table,) = find_tables(cells)
    assert table.text.split("\n")[2] == "Margins"


def test_unaligned_chart_labels_are_no_table() -> None:
    legend = grid([["Median", "United States", "Euro area"]], top=100, xs=(339, 408, 475, 0))
    axis = grid([["Jan", "Jul", "Jan", "Jul"]], top=190, xs=(312, 342, 368, 396))
    ticks = [block(str(v), (306, 110 + 9 * i, 313, 118 + 9 * i), n=50 + i, size=7) for i, v in enumerate(range(18, 0, -2))]
    assert all(b.kind != TABLE for b in find_tables(legend + ticks + axis))


def test_text_under_a_table_after_a_wider_space_stays_out() -> None:
    cells = grid([["Item", "2022", "2023"], ["Profit", "1", "2"], ["Cost", "3", "4"]])
    left = block("first line of a two-column run", (50, 160, 240, 170), n=80, size=9)
    right = block("another run line ends here", (260, 160, 450, 170), n=81, size=9)
    out = find_tables(cells + [left, right])
    assert [b.text for b in out if b.kind != TABLE] == [left.text, right.text]


def test_hanging_list_markers_join_their_text() -> None:
    label = block("(1)", (64, 621, 76, 629), n=0)
    text = block("If integral with engine and not integrated in the bedplate.", (83, 621, 292, 629), n=1)
    alone = block("12", (64, 700, 76, 708), n=2)
    out = attach_labels([label, text, alone, block("Twelve items were found.", (83, 700, 300, 708), n=3)])
    assert texts(out) == ["(1) If integral with engine and not integrated in the bedplate.", "12",
                          "Twelve items were found."]


def test_symbol_font_and_pictograph_bullets_join_their_text() -> None:
    """The DMCA summary (WordPerfect) sets its bullets in WPTypographicSymbols, where the bullet
    glyph reads "!"; Word's Wingdings bullets read as private-use characters, others as "➢" or
    "✓".  Standing alone left of their items, they were read as a column of their own: "! ! ! !"
    before the four items.  A single glyph set in a symbol font, a private-use glyph, or a
    pictograph standing alone on the baseline of text just right of it is that text's marker; a
    currency sign, a percent sign or a private-use glyph of a text font (TeX's bracket pieces) is not."""
    from pipeline.types import BODY, Block, Line, Span

    def glyph(text: str, font: str, top: float, n: int) -> Block:
        box = (144.0, top, 152.0, top + 12)
        return Block(f"p0-b{n}", 0, box, text, (Line((Span(text, box, font, 12.0, 0),), box),), 12.0, False, BODY, 0)

    marks = [("!", "WPTypographicSymbols"), ("\uf0a4", "Wingdings-Regular"), ("➢", "Helvetica"), ("✓", "Helvetica"),
             ("$", "Helvetica"), ("%", "Helvetica"), ("\uf8eb", "CMEX10")]  # the last: a TeX bracket piece
    blocks = []
    for k, (mark, font) in enumerate(marks):
        blocks += [glyph(mark, font, 100 + 40 * k, 2 * k),
                   block(f"Item {k} of the list, set beside its marker.", (180, 100 + 40 * k, 500, 112 + 40 * k), n=2 * k + 1)]
    out = texts(attach_labels(blocks))
    assert out[:4] == [f"{mark} Item {k} of the list, set beside its marker." for k, mark in enumerate("!\uf0a4➢✓")]
    assert out[4:] == ["$", "Item 4 of the list, set beside its marker.", "%", "Item 5 of the list, set beside its marker.",
                       "\uf8eb", "Item 6 of the list, set beside its marker."]


def test_a_lone_currency_sign_opens_the_amount_after_it() -> None:
    """Alphabet's repurchase table: "$" stands 9 pt right of 46,059 and 34 pt left of 98.92; it was
    read as "46,059 $ | 98.92".  It starts its own block and joins the amount after it in a table."""
    from pipeline.blocks import build_blocks
    from pipeline.config import BlockConfig
    from pipeline.types import Line, Span

    def line(text: str, x0: float, x1: float, top: float) -> Line:
        box = (x0, top, x1, top + 11)
        return Line((Span(text, box, "Helvetica", 9.0, 0),), box)

    rows = [("October 1 - 31", "8,585", "46,059", "98.92"), ("November 1 - 30", "1,968", "55,374", "95.89")]
    lines = [ln for k, (label, a, b, price) in enumerate(rows) for ln in (
        line(label, 46, 99, 533 + 14 * k), line(a, 149, 169, 533 + 14 * k), line(b, 214, 239, 533 + 14 * k),
        line("$", 248, 252, 533 + 14 * k), line(price, 286, 307, 533 + 14 * k))]
    blocks = build_blocks(lines, 2, BlockConfig())
    assert "46,059" in texts(list(blocks)) and "$" in texts(list(blocks))
    (table,) = find_tables(list(blocks))
    assert table.text == "October 1 - 31 | 8,585 | 46,059 | $ 98.92\nNovember 1 - 30 | 1,968 | 55,374 | $ 95.89"


def _wrapped(text: str, bbox: tuple[float, float, float, float], n: int, lines: int) -> Block:
    """A block of ``lines`` lines filling ``bbox`` (a column head wrapped over several lines)."""
    from pipeline.types import Line, Span
    step = (bbox[3] - bbox[1]) / lines
    rows = tuple(Line((Span(text, (bbox[0], bbox[1] + k * step, bbox[2], bbox[1] + (k + 1) * step), "Helvetica", 8.0, 0),),
                      (bbox[0], bbox[1] + k * step, bbox[2], bbox[1] + (k + 1) * step)) for k in range(lines))
    return Block(f"p2-b{n}", 2, bbox, text, rows, 8.0)


def test_column_heads_wrapped_above_a_table_become_its_first_row() -> None:
    """Alphabet's repurchase table: heads of 3-6 lines ending on the "Period" baseline came out as
    paragraphs before the table, in no order."""
    heads = [_wrapped("Total Number of Class A Shares Purchased (in thousands)(1)", (118, 481, 175, 530), 20, 5),
             _wrapped("Average Price Paid per Class A Share(2)", (258, 500, 313, 530), 21, 3),
             _wrapped("Approximate Dollar Value of Shares that May Yet Be Purchased (in millions)", (480, 471, 550, 530), 22, 6)]
    intro = block("The following table presents information with respect to repurchases during the quarter:",
                  (43, 440, 553, 462), n=23, size=9)
    period = block("Period", (46, 519, 70, 530), n=24, size=8)
    rows = [block(t, (x, y, x + 25, y + 11), n=30 + k, size=8.5) for k, (t, x, y) in enumerate(
        [("October", 46, 533), ("8,585", 149, 533), ("$ 98.92", 286, 533), ("38,069", 523, 533),
         ("November", 46, 547), ("1,968", 149, 547), ("$ 95.89", 286, 547), ("32,703", 523, 547)])]
    out = find_tables([intro, *heads, period, *rows])
    assert [b.kind for b in out] == ["body", TABLE]
    assert out[1].text.split("\n") == [
        "Period | Total Number of Class A Shares Purchased (in thousands)(1) | Average Price Paid per Class A Share(2) | "
        "Approximate Dollar Value of Shares that May Yet Be Purchased (in millions)",
        "October | 8,585 | $ 98.92 | 38,069", "November | 1,968 | $ 95.89 | 32,703"]


def test_a_centred_title_over_short_lines_left_and_right_is_read_first() -> None:
    """NEE page 9: "第四节财务报表" centred at the top, three short heads down the left and a date to
    the right under it; the gutter between them made the title the right column's, read after them."""
    blocks = [block("第四节财务报表", (237, 83, 358, 99), n=2, size=15.9), block("一、财务报表", (57, 128, 129, 140), n=3, size=12),
              block("1、合并资产负债表", (57, 158, 146, 171), n=4, size=10.4),
              block("编制单位：东北电气发展股份有限公司", (57, 191, 210, 200), n=5, size=9),
              block("2018 年03 月31 日单位：元", (260, 207, 538, 235), n=6, size=9)]
    assert order(blocks)[0] == "第四节财务报表"


def test_blocks_without_width_are_ordered_not_crashed_on() -> None:
    """Text MuPDF reads from a tagged PDF's ActualText over images has spans of zero width (PyMuPDF's
    test_3705.pdf, a Word file saved with its text as pictures): a column of such blocks still has an edge."""
    blocks = [block("Direction", (39.72, 65.6, 39.72, 87.0), n=0, size=16),
              block("Body", (39.72, 220.2, 39.72, 282.8), n=1),
              block("Right", (300, 100, 300, 120), n=2)]
    slots = read_order(blocks)
    assert sorted(texts([s.block for s in slots])) == ["Body", "Direction", "Right"]
    assert all(s.span[0] <= s.span[1] for s in slots)


def test_lines_set_in_a_staircase_are_read_top_to_bottom() -> None:
    """NVDA_10k_2025.pdf's contents page: a centred title, the label "Page" right under it at the right
    edge, "Part I" under that at the left; no two side by side, so no columns: the left line had been
    read first, before the title."""
    title = block("NVIDIA Corporation Table of Contents", (268, 53, 344, 72), n=0)
    label = block("Page", (557, 75, 576, 84), n=1)
    part = block("Part I", (89, 94, 110, 103), n=2)
    assert [s.block.text for s in read_order([part, label, title])] == [title.text, label.text, part.text]
