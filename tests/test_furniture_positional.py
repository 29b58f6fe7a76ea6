from dataclasses import replace

import pytest

from pipeline.config import FurnitureConfig
from pipeline.furniture.positional import anchored, fold, numeric_share, strip_positional, turned

from .helpers import block, document, page

BODY_TEXT = "上海科技创新工作坚持以习近平新时代中国特色社会主义思想为指导，始终牢记重要指示精神。"


def _report(n_pages: int = 8) -> tuple:
    pages = []
    for i in range(n_pages):
        head = "2022上海科技进步报告" if i % 2 == 0 else f"第{i // 4 + 1}部分｜ 强化战略科技力量"
        number = f"{i + 1:02d}" if i % 3 else f"- {i + 1} -"
        blocks = [block(head, (50, 20, 300, 32), i, 0), block(f"{BODY_TEXT}{i}", (50, 100, 550, 400), i, 1),
                  block(number, (290, 770, 310, 782), i, 2)]
        pages.append(page(i, blocks))
    return document(pages)


def test_heads_and_numbers_removed_body_kept():
    doc, removed = strip_positional(_report(), FurnitureConfig())
    kept = [b.text for p in doc.pages for b in p.blocks]
    assert all(t.startswith(BODY_TEXT) for t in kept) and len(kept) == 8
    reasons = {r.reason for r in removed}
    assert reasons == {"running_head", "page_number"}


def test_one_off_margin_heading_kept():
    doc = _report()
    pages = list(doc.pages)
    pages[3] = page(3, list(pages[3].blocks) + [block("A one-off note at the top", (320, 40, 550, 52), 3, 9)])
    out, _ = strip_positional(document(pages), FurnitureConfig())
    assert any(b.text == "A one-off note at the top" for p in out.pages for b in p.blocks)


def test_chart_labels_inside_figure_removed_caption_kept():
    fig = ((50, 400, 550, 600),)
    blocks = [block("23838 2280 780 321 133", (60, 580, 500, 592), 0, 0), block("图1 全社会研发投入", (60, 610, 300, 622), 0, 1),
              block(BODY_TEXT, (50, 100, 550, 300), 0, 2)]
    doc, removed = strip_positional(document([page(0, blocks, figures=fig)]), FurnitureConfig())
    assert [r.reason for r in removed] == ["chart_labels"]
    assert len(doc.pages[0].blocks) == 2


def test_a_number_in_display_type_is_no_chart_label():
    """IMF's cover: the edition year "2023" at 35 pt (the body is 12 pt) on the cover art."""
    fig = ((50, 400, 550, 760),)
    blocks = [block("2023", (60, 670, 150, 735), 0, 0, size=35), block("1,200 1,500", (300, 700, 400, 708), 0, 1, size=7),
              block(BODY_TEXT, (50, 100, 550, 300), 0, 2, size=12)]
    doc, removed = strip_positional(document([page(0, blocks, figures=fig)]), FurnitureConfig())
    assert [r.block.text for r in removed] == ["1,200 1,500"]
    assert [b.text for b in doc.pages[0].blocks] == ["2023", BODY_TEXT]


def test_geometry_less_pages_untouched():
    blocks = [block("12", (0, 0, 0, 1), 0, 0)]
    doc = document([page(0, blocks, geometry=False)])
    out, removed = strip_positional(doc, FurnitureConfig())
    assert out == doc and removed == []


def test_fold_and_numeric_share():
    assert fold("第3部分 | 12") == "第0部分|0"
    assert numeric_share("12.5%") == 1.0
    assert numeric_share("929项") < 0.8


def _rotated(text, bbox, page, n, direction):
    from pipeline.types import Block, Line, Span
    span = Span(text, bbox, "Helvetica", 40.0, 0, 0, 255, direction)
    return Block(f"p{page}-b{n}", page, bbox, text, (Line((span,), bbox),), 40.0, flags=("rotated",))


def test_diagonal_repeated_text_is_a_watermark_but_quarter_turned_tables_are_not():
    pages = []
    for i in range(4):
        blocks = [block(f"{BODY_TEXT}{i}", (50, 100, 550, 400), i, 0),
                  _rotated("CONFIDENTIAL", (100, 300, 500, 600), i, 1, (0.707, -0.707)),
                  _rotated("14h30", (200, 228, 212, 260), i, 2, (0.0, -1.0))]
        pages.append(page(i, blocks))
    out, removed = strip_positional(document(pages), FurnitureConfig())
    assert {r.block.text for r in removed} == {"CONFIDENTIAL"}
    assert all(any(b.text == "14h30" for b in p.blocks) for p in out.pages)


def test_foot_without_its_page_number_on_the_first_page_goes_too():
    pages = []
    for i in range(4):
        foot = "请务必阅读正文之后的信息披露和法律声明" if i == 0 else f"{i + 1} / 4 请务必阅读正文之后的信息披露和法律声明"
        pages.append(page(i, [block(f"{BODY_TEXT}{i}", (50, 100, 550, 400), i, 0), block(foot, (40, 770, 560, 782), i, 1)]))
    out, removed = strip_positional(document(pages), FurnitureConfig())
    assert [r.reason for r in removed] == ["running_foot"] * 4
    assert all(len(p.blocks) == 1 for p in out.pages)


def test_a_shaded_table_row_is_not_a_chart():
    row = [block("October 1 - 31", (45, 533, 110, 543), 0, 0)] + [
        block(t, (120 + 60 * i, 533, 170 + 60 * i, 543), 0, i + 1) for i, t in enumerate(["8,585", "46,059 $", "98.92 $"])]
    doc = document([page(0, row + [block(BODY_TEXT, (50, 100, 550, 300), 0, 9)], figures=((40, 529, 554, 546),))])
    out, removed = strip_positional(doc, FurnitureConfig())
    assert removed == [] and len(out.pages[0].blocks) == 5


def _axis_page(ticks: list[str], column: bool = True) -> tuple:
    """A plot frame at (320, 300)-(530, 390) with tick labels just left of it (or a row just below)."""
    if column:
        labels = [block(t, (306, 300 + 9 * i, 313, 308 + 9 * i), 0, i) for i, t in enumerate(ticks)]
    else:
        labels = [block(t, (325 + 40 * i, 394, 345 + 40 * i, 402), 0, i) for i, t in enumerate(ticks)]
    body = block(BODY_TEXT, (50, 100, 290, 600), 0, 50)
    return document([page(0, labels + [body], figures=((320, 300, 530, 390),))])


def test_axis_ticks_beside_a_plot_are_chart_labels():
    """IMF WEO: y-axis ticks sit left of the plot frame, never inside it."""
    out, removed = strip_positional(_axis_page(["18", "16", "14", "12", "10", "8", "6", "4", "2", "0", "–2"]),
                                    FurnitureConfig())
    assert len(removed) == 11 and {r.reason for r in removed} == {"chart_labels"}
    assert [b.text for b in out.pages[0].blocks] == [BODY_TEXT]
    _, removed = strip_positional(_axis_page(["$0", "$50", "$100", "$150"], column=False), FurnitureConfig())
    assert len(removed) == 4


def test_an_axis_printed_as_one_line_under_a_plot_goes():
    """Alphabet's stock graph: its x axis is one line of quarter ends ("12/17 3/18 … 12/22") just
    under the plot; it stayed, glued to the caption.  One line of evenly stepping ticks (numbers, or
    month/year dates) along at least half the plot, just outside it, is the plot's axis."""
    plot = (320, 300, 530, 390)
    dates = block("12/17 3/18 6/18 9/18 12/18 3/19 6/19 9/19", (322, 392, 528, 400), 0, 0)
    body = block(BODY_TEXT, (50, 100, 290, 600), 0, 50)
    _, removed = strip_positional(document([page(0, [dates, body], figures=(plot,))]), FurnitureConfig())
    assert [(r.block.text, r.reason) for r in removed] == [(dates.text, "chart_labels")]
    for text, box in [("2018 2019 2021 2022 2023", (322, 392, 528, 400)),  # not evenly stepping
                      ("2019 2020 2021 2022", (322, 392, 400, 400)),  # along a third of the plot only
                      ("12/17 3/18 6/18 9/18 12/18", (322, 500, 528, 508))]:  # far under the plot
        _, removed = strip_positional(document([page(0, [block(text, box, 0, 0), body], figures=(plot,))]),
                                      FurnitureConfig())
        assert removed == [], text


def test_numbers_beside_a_plot_that_do_not_step_evenly_stay():
    """A table's column of figures next to a chart (tebon: 173 471 717 933) is content."""
    _, removed = strip_positional(_axis_page(["173", "471", "717", "933"]), FurnitureConfig())
    assert removed == []
    _, removed = strip_positional(_axis_page(["0", "0", "0", "0"], column=False), FurnitureConfig())
    assert removed == []


def test_a_rule_is_no_plot_for_axis_labels():
    labels = [block(t, (325 + 40 * i, 394, 345 + 40 * i, 402), 0, i) for i, t in enumerate(["1", "2", "3", "4"])]
    doc = document([page(0, labels + [block(BODY_TEXT, (50, 100, 290, 600), 0, 50)], figures=((320, 390, 530, 390.5),))])
    _, removed = strip_positional(doc, FurnitureConfig())
    assert removed == []


def _column(values: list[str], pitch: list[float] | None = None) -> list:
    ys, y = [], 300.0
    for i in range(len(values)):
        ys.append(y)
        y += pitch[i] if pitch and i < len(pitch) else 11.0
    return [block(v, (377, y0, 383, y0 + 7), 0, i) for i, (v, y0) in enumerate(zip(values, ys))]


def test_an_axis_without_its_plot_goes_when_it_counts_evenly_through_zero():
    """IMF page 11: two panels share tick rows, so the drawings read as a table; the axis 7 … –3 still goes."""
    ticks = _column(["7", "6", "5", "4", "3", "2", "1", "0", "–1", "–2", "–3"])
    out, removed = strip_positional(document([page(0, ticks + [block(BODY_TEXT, (50, 100, 290, 600), 0, 50)])]),
                                    FurnitureConfig())
    assert len(removed) == 11 and [b.text for b in out.pages[0].blocks] == [BODY_TEXT]


@pytest.mark.parametrize("values, pitch", [
    (["1", "2", "3", "4", "5", "6"], None),  # row numbers: never through 0
    (["0", "1", "2", "3", "4"], [11, 30, 11, 11]),  # uneven spacing: not an axis
    (["0", "1", "2", "3"], None),  # too few to tell without a plot
])
def test_a_counting_column_without_a_plot_stays(values: list[str], pitch: list[float] | None):
    doc = document([page(0, _column(values, pitch) + [block(BODY_TEXT, (50, 100, 290, 600), 0, 50)])])
    _, removed = strip_positional(doc, FurnitureConfig())
    assert removed == []


def test_an_axis_printed_as_multi_line_blocks_goes_whole():
    """tebon's sidebar: 380% … -60% printed as three text blocks of stacked lines."""
    from pipeline.types import Block, Line, Span

    def stacked(values: list[str], top: float, n: int) -> Block:
        rows = [Line((Span(v, (30, top + 9 * i, 45, top + 9 * i + 7)),), (30, top + 9 * i, 45, top + 9 * i + 7))
                for i, v in enumerate(values)]
        return Block(f"p0-b{n}", 0, (30, top, 45, top + 9 * len(values) - 2), "\n".join(values), tuple(rows))

    axis = [stacked(["120%", "100%"], 300, 0), stacked(["80%", "60%", "40%", "20%"], 318, 1),
            stacked(["0%", "-20%", "-40%"], 354, 2)]
    out, removed = strip_positional(document([page(0, axis + [block(BODY_TEXT, (50, 100, 290, 600), 0, 50)])]),
                                    FurnitureConfig())
    assert sorted(r.block.id for r in removed) == ["p0-b0", "p0-b1", "p0-b2"]
    table = [stacked(["12%", "35%", "8%", "0%", "41%"], 300, 0)]  # a column of shares: no even step
    _, removed = strip_positional(document([page(0, table + [block(BODY_TEXT, (50, 100, 290, 600), 0, 50)])]),
                                  FurnitureConfig())
    assert removed == []


def _paragraph(text: str, bbox: tuple[float, float, float, float], page_index: int, n: int, size: float = 10.0,
               cut: int | None = None):
    """A two-line block at ``bbox`` (its lines split the box's height), broken at ``cut`` (default: halfway)."""
    from pipeline.types import Block, Line, Span
    x0, y0, x1, y1 = bbox
    mid, cut = (y0 + y1) / 2, len(text) // 2 if cut is None else cut
    halves = [(text[:cut], (x0, y0, x1, mid)), (text[cut:], (x0, mid, x1, y1))]
    lines = tuple(Line((Span(t, box, "Helvetica", size, 0),), box) for t, box in halves)
    return Block(f"p{page_index}-b{n}", page_index, bbox, text, lines, size)


def _deep_heads_report(n_pages: int = 6, titles: list[str] | None = None) -> tuple:
    """Heads and folios at 100-110 pt of 800 (13.75%, below the fixed 12% band), paragraphs from 126 pt;
    page 3 opens with a one-line widow at 126-136 pt, the top of the text frame, in the heads' y bucket."""
    pages = []
    for i in range(n_pages):
        blocks = [block("ANNUAL REVIEW 2022", (50, 100, 250, 110), i, 0), block(str(i + 12), (520, 100, 540, 110), i, 1)]
        if titles:
            blocks.append(block(titles[i], (50, 114, 400, 124), i, 2, size=14))
        if i == 3:
            blocks.append(block("the region the group entered in the third quarter", (50, 126, 400, 136), i, 3))
            blocks.append(_paragraph(f"{BODY_TEXT}{i}", (50, 150, 550, 170), i, 4))
        else:
            blocks.append(_paragraph(f"{BODY_TEXT}{i}", (50, 126, 550, 146), i, 3))
        blocks.append(_paragraph(f"{BODY_TEXT}{i}-2", (50, 400, 550, 700), i, 5))
        pages.append(page(i, blocks))
    return document(pages)


def test_deep_heads_go_and_a_widow_at_the_top_of_the_text_frame_stays():
    """mupdf_explored.pdf: heads below the fixed band go once the band reaches to where the paragraphs
    start; the band ends above every paragraph's first line, so a widow line at the top of the text frame,
    in the heads' own y bucket, is no head."""
    out, removed = strip_positional(_deep_heads_report(), FurnitureConfig())
    assert sorted({(r.block.text, r.reason) for r in removed})[:1] == [("12", "page_number")]
    assert {r.reason for r in removed} == {"page_number", "running_head"} and len(removed) == 12
    assert any(b.text.startswith("the region") for b in out.pages[3].blocks)


def test_titles_larger_than_the_body_below_the_fixed_band_are_not_judged_by_their_place():
    """Deeper than the fixed band, a place alone is evidence only for text no larger than the body:
    slide-like titles set at one place on every page stay, though one of them recurs."""
    titles = ["Highlights", "Revenue by region", "Highlights", "Outlook", "Highlights", "Our people"]
    out, removed = strip_positional(_deep_heads_report(titles=titles), FurnitureConfig())
    kept = {b.text for p in out.pages for b in p.blocks}
    assert {"Revenue by region", "Outlook", "Our people"} <= kept
    assert "ANNUAL REVIEW 2022" not in kept


FORM_FOOT = "the contributions were paid before February 1. Name of State"


def _short_document(n_pages: int, heads: list[str]) -> tuple:
    """``n_pages`` pages of different text, each under its head ``heads[i]`` (30-40 pt of 800), a two-line
    block ending a sentence before a label at 720-740 pt, and a foot with the page number at 770-780 pt."""
    pages = []
    for i in range(n_pages):
        blocks = [block(heads[i], (50, 30, 300, 40), i, 0),
                  _paragraph(f"{BODY_TEXT}{i}", (50, 300, 550, 340), i, 2),
                  _paragraph(FORM_FOOT, (50, 720, 300, 740), i, 3, cut=FORM_FOOT.index("Name")),
                  block(f"Printed in Germany {i + 1}", (50, 770, 200, 780), i, 4)]
        pages.append(page(i, blocks))
    return document(pages)


def test_margin_text_on_two_pages_goes_only_when_it_is_shaped_like_a_head():
    """test_4114.pdf: on two pages (all the pages), anything found twice in the margin bands counted as a
    head or foot, the end of a sentence sharing a block with a label too.  Found on fewer than
    min_repeat pages, a head must be two lines at most, with no sentence ending before its last line."""
    out, removed = strip_positional(_short_document(2, ["Quarterly letter to shareholders"] * 2), FurnitureConfig())
    assert sorted({(r.block.text.rstrip("12 "), r.reason) for r in removed}) == [
        ("Printed in Germany", "running_foot"), ("Quarterly letter to shareholders", "running_head")]
    assert all(FORM_FOOT in {b.text for b in p.blocks} for p in out.pages)


def test_alternating_heads_of_a_four_page_document_go():
    """Left pages carry the report's title, right pages the part's: each head is on two pages of four."""
    heads = ["Annual Report 2022", "Strategy and outlook"] * 2
    _, removed = strip_positional(_short_document(4, heads), FurnitureConfig())
    assert set(heads) <= {r.block.text for r in removed if r.reason == "running_head"}


def _pleading_foot() -> tuple:
    """The foot of a pleading page (800 pt high, bottom band 0.2: from 640 pt): a paragraph's short last
    line, then its number centred on a line of its own, then the next paragraph's first line, each 13 pt
    under the last (lines 11 pt high), over a line of body text above the band."""
    blocks = [block("Defendant's employee drove the truck in the course of his work for", (72, 626, 500, 637), 0, 0),
              block("C. CONSTRUCTION CO.", (72, 650, 201, 661), 0, 1),
              block("3.", (302, 674, 311, 685), 0, 2),
              block("On or about December 7, 2017, plaintiff was a passenger in a car", (144, 698, 536, 709), 0, 3)]
    return page(0, blocks)


@pytest.mark.parametrize("boxes, expected", [
    ([(50, 30, 300, 40), (50, 100, 550, 400)], False),  # a head standing apart from the body
    ([(50, 30, 300, 40), (50, 42, 300, 52), (50, 120, 550, 400)], False),  # a two-line head, both in the band
    ([(50, 30, 300, 40), (50, 43, 550, 53), (50, 56, 550, 66), (50, 69, 550, 400)], True),  # a column's top lines
])
def test_a_margin_line_is_anchored_when_close_lines_of_its_size_lead_beyond_the_band(boxes, expected):
    """i1040nr.pdf: a column's first line sits in the margin band with the next line 1 pt under it; a
    running head stands apart, and a head of two lines ends within the band."""
    pg = page(0, [block(f"line {k}", box, 0, k) for k, box in enumerate(boxes)])
    assert anchored(pg.blocks[0], pg, (0.12, 0.12)) is expected


def test_the_chain_to_the_body_passes_a_centred_line():
    """example-font.pdf, page 1: the last line hangs under a centred paragraph number ('3.'), which
    does not overlap the short line above it across; the chain is judged by all it has passed."""
    pg = _pleading_foot()
    assert anchored(pg.blocks[3], pg, (0.12, 0.2))


def _table_at_the_top(i: int, title: str = "", labels: tuple[str, str] = ()) -> list:
    """A page whose table starts inside the top band: a title, the years over two columns, two
    rows of figures."""
    title, labels = title or f"Table {i}: group results", labels or (("Revenue", "Operating profit") if i == 2
                                                                     else ("Total assets", "Equity"))
    figures = (f"{300 + i}", "300", "12", "9") if i == 2 else ("4,512", "4,100", "(45)", "17")
    return [block(title, (50, 50, 250, 60), i, 1),
            block("2023", (400, 64, 425, 73), i, 2), block("2022", (480, 64, 505, 73), i, 3),
            block(labels[0], (50, 76, 120, 85), i, 4), block(figures[0], (400, 76, 420, 85), i, 5),
            block(figures[1], (480, 76, 500, 85), i, 6),
            block(labels[1], (50, 87, 150, 96), i, 7), block(figures[2], (405, 87, 420, 96), i, 8),
            block(figures[3], (485, 87, 500, 96), i, 9)]


def test_figures_of_a_table_in_the_top_band_are_no_page_numbers():
    """Uber's 10-K sets a table's year headers "2020" "2021" 73 pt down its 792 pt page, inside the
    top band; they went as page numbers, like the table's figures on other reports (mitch.pdf's
    "740" and "890").  A number level with another number (a row of cells) or right over or
    under one (a column) is a table's, not the page's."""
    pages = [page(i, (_table_at_the_top(i) if i in (2, 5) else [])
                  + [block(f"{BODY_TEXT}{i}", (50, 300, 550, 400), i, 10), block(f"{i + 1}", (295, 770, 305, 782), i, 11)])
             for i in range(8)]
    doc, removed = strip_positional(document(pages), FurnitureConfig())
    assert [(r.block.page, r.block.text, r.reason) for r in removed] == [(i, f"{i + 1}", "page_number") for i in range(8)]
    kept = {b.text for p in doc.pages for b in p.blocks}
    assert {"2023", "2022", "302", "300", "12", "9", "4,512", "(45)", "17"} <= kept


def test_year_headers_of_tables_at_the_top_of_several_pages_are_no_running_heads():
    """Lyft's 10-K opens three pages with a table whose header "2021 2020 2019" stands in the top
    band at the same place: as page numbers no more, they went as running heads.  Figures in a
    row or column of figures are a table's, wherever they recur."""
    tables = {1: ("Revenue by segment", ("Cloud", "Devices")), 3: ("Costs by region", ("Europe", "Asia")),
              5: ("Cash flows", ("Operating", "Investing")), 7: ("Headcount", ("Engineering", "Sales"))}
    pages = [page(i, (_table_at_the_top(i, *tables[i]) if i in tables else [])
                  + [block(f"{BODY_TEXT}{i}", (50, 110 if i in tables else 50, 550, 400), i, 10),
                     block(f"{i + 1}", (295, 770, 305, 782), i, 11)])
             for i in range(8)]
    doc, removed = strip_positional(document(pages), FurnitureConfig())
    assert [(r.block.page, r.block.text, r.reason) for r in removed] == [(i, f"{i + 1}", "page_number") for i in range(8)]
    assert sum(b.text in ("2023", "2022") for p in doc.pages for b in p.blocks) == 8


def test_page_numbers_beside_figures_still_go():
    """Slides number themselves at the foot, level with a chart's axis ("7 8 9 10 11", 65 pt
    away: nlp2004slides.pdf); a journal prints its own page number next to the article's
    ("3084" "6"); a manual sets its folio right over a section number ("6" over "6.1",
    asymptote-faq-zh-cn.pdf).  Numbers that run with the pages at one place are page numbers,
    figures around them or not."""
    slides = []
    for i in range(6):
        axis = [block(str(7 + k), (215 + 113 * k, 556, 225 + 113 * k, 569), i, 1 + k) for k in range(5)]
        slides.append(page(i, [block(f"{BODY_TEXT}{i}", (50, 100, 750, 300), i, 0), *axis,
                               block(f"{i + 20}", (748, 551, 763, 565), i, 9)], width=800, height=600))
    _, removed = strip_positional(document(slides), FurnitureConfig())
    assert [(r.block.page, r.block.text) for r in removed if r.reason == "page_number"] == [(i, f"{i + 20}") for i in range(6)]
    manual = [page(i, [block(f"{i + 1}", (28, 58, 36, 72), i, 0), block(f"{i + 1}.1 问题", (28, 84, 120, 96), i, 1),
                       block(f"{i + 3080}", (500, 20, 525, 30), i, 2), block(f"{i + 1}", (540, 20, 550, 30), i, 3),
                       block(f"{BODY_TEXT}{i}", (28, 110, 550, 400), i, 4)]) for i in range(6)]
    _, removed = strip_positional(document(manual), FurnitureConfig())
    gone = sorted((r.block.page, r.block.text) for r in removed if r.reason == "page_number")
    assert gone == sorted([(i, f"{i + 1}") for i in range(6)] * 2 + [(i, f"{i + 3080}") for i in range(6)])


def test_a_column_of_small_figures_at_the_foot_of_page_after_page_is_no_page_number():
    """mitch.pdf's catalogue closes page after page with a table whose pole counts ("1", "2",
    "3") stand in a column at one place: some stepped with the pages by chance and went as page
    numbers.  A figure in a column of figures does not run with the pages."""
    pages = [page(i, [block(f"{BODY_TEXT}{i}", (50, 100, 550, 400), i, 0),
                      block(f"{i + 1}", (208, 696, 212, 703), i, 1), block(f"{i + 2}", (208, 706, 212, 713), i, 2),
                      block(f"{i + 1}", (295, 770, 305, 782), i, 3)]) for i in range(6)]
    doc, removed = strip_positional(document(pages), FurnitureConfig())
    assert [(r.block.page, r.block.id) for r in removed] == [(i, f"p{i}-b3") for i in range(6)]


def test_a_running_head_closing_with_an_abbreviation_in_brackets_goes():
    """test_3789.pdf (a Springer book) heads each page with its section's title, '1.3 External
    Calibration (EC)': the closing bracket read as the end of a sentence, so the head was judged
    text, kept as a heading, and cut the paragraph running over the page break in two."""
    titles = ["1 Calibration Methods"] * 4 + ["1.3 External Calibration (EC)", "1.4 Internal Standards (IS)",
                                              "1.5 Standard Addition (SA)", "1.6 Matrix Effects (ME)"]
    pages = [page(i, [block(titles[i], (83, 51, 250, 59), i, 0, size=8.0),
                      block(f"{BODY_TEXT}{i}", (83, 74, 414, 600), i, 1, size=9.5)]) for i in range(8)]
    _, removed = strip_positional(document(pages), FurnitureConfig())
    assert [(r.block.page, r.reason) for r in removed] == [(i, "running_head") for i in range(8)]


@pytest.mark.parametrize(("rotation", "sideways"), [(0, True), (90, False), (270, False), (270, True)])
def test_a_page_shown_upright_by_its_rotate_is_no_sideways_table(rotation: int, sideways: bool) -> None:
    """A page turned by just its /Rotate is upright as shown (a print file's sheet stored turned), so
    its paragraphs tell where its margins lie; one turned otherwise is a table set sideways.  Pages
    shown upright were all left out, the bands fell back to 12 % and Lyft's cover lost "Washington,
    D.C. 20549" as a running head."""
    turn = 90 if rotation in (0, 90) else (90 if sideways else 270)
    p = replace(page(0, [block("A paragraph", (50, 40, 550, 60), 0, 0)]), rotation=rotation, flags=(f"turned_{turn}",))
    assert turned(p) is sideways
