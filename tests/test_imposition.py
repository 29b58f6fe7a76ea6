"""Imposition undone: sheets cut into page frames, booklets reordered, marks and slugs dropped.

Pure decisions on synthetic evidence first (no PDF), then the generated
fixtures end to end, then the dev corpus's real booklet (skipped without it).
Run with ``-s`` to see the measured shared-12-gram scores.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import numpy as np
import pymupdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fixtures.layouts import (
    booklet_order, build_doc, nup_grid, plain, saddle_booklet, split_spreads, unsplit_spreads, with_printer_marks,
)
from fixtures.truth import Truth
from fixtures.draw import crop_marks
from pipeline import extract, marks, pageorder, sheets
from pipeline.config import Config, ImpositionConfig
from pipeline.geometry import inside_share
from pipeline.measure import gram_set
from pipeline.pageorder import PartKey, folio, reading_order, remap_outline
from pipeline.process import load, process
from pipeline.sheets import SheetEvidence, fit, plan
from pipeline.types import Document, Line, OutlineEntry, Span

from .conftest import CORPUS

CFG = ImpositionConfig()
VARIANTS = {f.__name__: f for f in (split_spreads, unsplit_spreads, saddle_booklet, nup_grid, with_printer_marks)}
KINDS = {"split_spreads": "split_spread", "unsplit_spreads": "spread_2up", "saddle_booklet": "saddle_booklet",
         "nup_grid": "nup_grid", "with_printer_marks": "none"}


# --- synthetic evidence ----------------------------------------------------------------


def page_lines(x0: float, x1: float, top: float = 60.0, bottom: float = 540.0, step: float = 16.0,
               height: float = 10.0) -> list[tuple]:
    """Text-line boxes of one page frame: a column from ``x0`` to ``x1``, lines ``height`` high."""
    out, y = [], top
    while y < bottom:
        out.append((x0, y, x1, y + height))
        y += step
    return out


def spread(number: int, left: bool = True, right: bool = True, width: float = 842.0) -> SheetEvidence:
    """A landscape sheet holding two portrait page frames (text 50 pt from the gutter)."""
    half = width / 2
    boxes = (page_lines(40, half - 50) if left else []) + (page_lines(half + 50, width - 40) if right else [])
    return SheetEvidence(number, width, 595.0, tuple(boxes))


def test_a_landscape_sheet_with_two_page_frames_fits_2x1() -> None:
    result = fit(spread(0), (2, 1), CFG)
    assert result.fits and result.reason == "gutters" and result.cuts[0].gutter == pytest.approx(100.0)


@pytest.mark.parametrize(("sheet", "reason"), [
    (SheetEvidence(0, 595, 842, tuple(page_lines(40, 280) + page_lines(315, 555))), "cells not page-shaped"),
    (SheetEvidence(0, 842, 595, tuple(page_lines(40, 380) + page_lines(462, 800) + [(40, 300, 800, 310)] * 4)),
     "text across a cut"),
    (SheetEvidence(0, 842, 595, tuple(page_lines(40, 410) + page_lines(432, 800))), "gutter too narrow"),
    (spread(0, right=False), "text on one side only"),
])
def test_sheets_that_do_not_fit_2x1_say_why(sheet: SheetEvidence, reason: str) -> None:
    result = fit(sheet, (2, 1), CFG)
    assert not result.fits and result.reason == reason


def test_a_portrait_two_column_document_is_never_cut() -> None:
    pages = [SheetEvidence(n, 595, 842, tuple(page_lines(40, 280, 60, 780) + page_lines(315, 555, 60, 780)))
             for n in range(6)]
    decided = plan(pages, CFG)
    assert decided.grid == sheets.WHOLE and not decided.sheets and not decided.doubt


def test_spreads_are_cut_covers_too_and_the_cover_is_named_in_the_doubt() -> None:
    pages = [spread(0, left=False)] + [spread(n) for n in range(1, 5)]
    decided = plan(pages, CFG)
    assert decided.grid == (2, 1) and decided.sheets == frozenset(range(5))
    assert decided.doubt == ("PDF page 1 cut like the others (text on one side only)",)
    assert decided.evidence[0] == "4 of 5 sheets with text hold a 2x1 grid of page frames"


def test_weak_evidence_cuts_nothing_and_records_the_doubt() -> None:
    pages = [spread(0), spread(1)] + [spread(n, right=False) for n in range(2, 5)]
    decided = plan(pages, CFG)
    assert decided.grid == sheets.WHOLE and decided.doubt == (
        "2 of 5 sheets with text hold a 2x1 grid of page frames: too few, nothing cut",)
    assert plan([spread(0)], CFG).grid == sheets.WHOLE  # one sheet alone is not enough ...
    placed = SheetEvidence(0, 842, 595, spread(0).boxes, ((0, 0, 421, 595), (421, 0, 842, 595)))
    assert plan([placed], CFG).grid == (2, 1)  # ... unless an imposing tool placed the pages
    assert plan([spread(0), spread(1)], ImpositionConfig(split=False)).grid == sheets.WHOLE


def test_a_narrow_gutter_as_wide_as_both_outer_margins_fits() -> None:
    """Letter pages set 18 pt from every edge (a 10-K's narrow margins) meet in a 36 pt gutter,
    under 6% of the page width, but as wide as the sheet's two outer margins together."""
    twins = SheetEvidence(0, 1224, 792, tuple(page_lines(18, 594, 40, 750) + page_lines(630, 1206, 40, 750)))
    assert fit(twins, (2, 1), CFG).fits
    columns = SheetEvidence(0, 1224, 792, tuple(page_lines(60, 594, 40, 750) + page_lines(630, 1164, 40, 750)))
    assert fit(columns, (2, 1), CFG).reason == "gutter too narrow"  # a column gap narrower than the margins
    edges = SheetEvidence(0, 1224, 792, tuple(page_lines(0, 594, 40, 750) + page_lines(630, 1224, 40, 750)))
    assert fit(edges, (2, 1), CFG).reason == "gutter too narrow"  # text to the sheet's edges: no margins to match


def lone(number: int, width: float = 421.0) -> SheetEvidence:
    """A single page of a spread's page size (a cover printed alone)."""
    return SheetEvidence(number, width, 595.0, tuple(page_lines(40, width - 40)))


def test_covers_printed_alone_do_not_count_against_the_spreads() -> None:
    decided = plan([lone(0), spread(1), spread(2), lone(3)], CFG)  # a 6-page report: 1, 2|3, 4|5, 6
    assert decided.grid == (2, 1) and decided.sheets == frozenset({1, 2}) and not decided.doubt
    assert decided.evidence[0] == "2 of 2 sheets with text hold a 2x1 grid of page frames (2 pages printed alone)"
    report = [lone(n) for n in range(8)] + [spread(8), spread(9)]  # two fold-outs in a report of single pages
    assert plan(report, CFG).grid == sheets.WHOLE


def test_the_spreads_are_cut_when_a_landscape_cover_alone_fits_too() -> None:
    """A deck's title slide printed alone (720x540) with its text on either side of the middle
    fits 2x1 too; the spreads (1440x540) are the size most fitting sheets have, and they are cut."""
    cover = SheetEvidence(0, 720, 540, tuple(page_lines(40, 300, 200, 260) + page_lines(420, 680, 400, 440)))
    slides = tuple(page_lines(40, 670) + page_lines(770, 1400))
    decks = [SheetEvidence(n, 1440, 540, slides) for n in range(1, 5)]
    assert fit(cover, (2, 1), CFG).fits
    decided = plan([cover] + decks, CFG)
    assert decided.grid == (2, 1) and decided.sheets == frozenset(range(1, 5))


def test_a_booklet_padded_with_blank_pages_is_cut() -> None:
    """A 6-page source as a booklet of 8: the outer sheet's and the next one's blank halves (8|1, 2|7)."""
    pages = [spread(0, left=False), spread(1, right=False), spread(2), spread(3)]
    decided = plan(pages, CFG)
    assert decided.grid == (2, 1) and decided.sheets == frozenset(range(4))
    assert decided.evidence[0] == "2 of 2 sheets with text hold a 2x1 grid of page frames (2 with text on one side only)"
    assert len(decided.doubt) == 2


def test_sheets_with_empty_cells_of_a_finer_grid_are_not_set_aside() -> None:
    """A portrait diagram document: a few pages hold a 3x2 pattern of gaps, many have a cut with
    text on one side only; that says nothing of blank pages, so the 3x2 grid stays too weak."""
    grid = [page_lines(x, x + 150, y, y + 350, 20) for x in (30, 228, 426) for y in (40, 460)]
    six = SheetEvidence(0, 595, 842, tuple(b for g in grid for b in g))
    top = SheetEvidence(0, 595, 842, tuple(page_lines(30, 180, 40, 380)))
    pages = [replace(six, number=n) for n in range(3)] + [replace(top, number=n) for n in range(3, 6)]
    assert fit(six, (3, 2), CFG).fits and fit(top, (3, 2), CFG).reason == "text on one side only"
    assert plan(pages, CFG).grid == sheets.WHOLE


def test_a_2x2_grid_needs_gutters_both_ways() -> None:
    quads = [page_lines(x, x + 130, y, y + 230, 10) for x in (30, 240) for y in (40, 340)]
    sheet = SheetEvidence(0, 420, 595, tuple(b for q in quads for b in q))
    assert fit(sheet, (2, 2), CFG).fits and not fit(sheet, (2, 1), CFG).fits
    decided = plan([sheet, sheet.__class__(1, 420, 595, sheet.boxes)], CFG)
    assert decided.grid == (2, 2) and "horizontal gutters" in decided.evidence[-1]
    assert sheets.cells(420, 595, (2, 2))[1] == (210, 0, 420, 297.5)  # row-major
    assert sheets.grid_scale(420, 595, (2, 2)) == 2.0 and sheets.grid_scale(842, 595, (2, 1)) == 1.0


def test_choose_prefers_the_finer_grid_on_a_near_tie() -> None:
    assert sheets.choose({(2, 1): 10, (2, 2): 9}) == (2, 2)
    assert sheets.choose({(2, 1): 10, (2, 2): 5}) == (2, 1)
    assert sheets.choose({(2, 1): 0}) is None


def test_cut_lines_splits_a_line_by_span_centre_and_moves_each_part_to_its_origin() -> None:
    left, right = Span("左页", (380, 100, 400, 110), size=10), Span("右页", (450, 100, 470, 110), size=10)
    regions = [(0, 0, 421, 595), (421, 0, 842, 595)]
    cut = sheets.cut_lines([Line((left, right), (380, 100, 470, 110))], regions, [1.0, 2.0])
    assert [ln.text for ln in cut[0]] == ["左页"] and cut[0][0].bbox == (380, 100, 400, 110)
    assert cut[1][0].bbox == (58, 200, 98, 220) and cut[1][0].spans[0].size == 20
    assert sheets.cut_boxes([(400, 0, 440, 10)], regions) == [((400, 0, 421, 10),), ((0, 0, 19, 10),)]


def test_a_page_background_on_a_sheet_is_no_drawing_of_its_cut_page() -> None:
    """A slide's background fill covers half of its 2-up sheet, kept there as a drawing; cut,
    it covers its whole page, which extraction drops as a background (``BACKGROUND_SHARE``)."""
    regions = [(0, 0, 720, 540), (720, 0, 1440, 540)]
    cut = sheets.cut_boxes([(0, 0, 720, 540), (720, 0, 1440, 540), (36, 121, 684, 122), (0, 0, 1440, 30)], regions)
    assert cut == [((36, 121, 684, 122), (0, 0, 720, 30)), ((0, 0, 720, 30),)]


# --- reading order ---------------------------------------------------------------------


def keys(pairs: list[tuple[int, int]], numbered: bool = True) -> list[PartKey]:
    """Part keys of 2-up sides holding the 0-based logical pages ``pairs``, folio = page + 1."""
    return [PartKey(side, slot, (page + 1) if numbered else None)
            for side, pair in enumerate(pairs) for slot, page in enumerate(pair)]


@pytest.mark.parametrize("count", [4, 8, 12, 24])
def test_booklet_positions_undo_booklet_order(count: int) -> None:
    sides = booklet_order(count)
    assert pageorder.booklet_positions(keys(sides)) == [p for pair in sides for p in pair]


def test_a_booklet_is_reordered_by_its_page_numbers() -> None:
    order = reading_order(keys(booklet_order(8)), CFG.agreement)
    assert order.model == "booklet" and order.positions == (7, 0, 1, 6, 5, 2, 3, 4)
    assert order.evidence == ("booklet order explains 8 of 8 printed page numbers (offset +1)",)


def test_a_booklet_whose_page_numbers_start_again_is_reordered() -> None:
    """A report whose appendix is numbered from 1 again (Uber's 10-K set as a booklet: its exhibits
    restart the count, so one offset explained half the folios and the sheets stayed out of order)."""
    parts = [PartKey(k.side, k.slot, k.folio if k.folio <= 14 else k.folio - 14) for k in keys(booklet_order(24))]
    order = reading_order(parts, CFG.agreement)
    assert order.model == "booklet"
    assert order.positions == tuple(p for pair in booklet_order(24) for p in pair)
    assert order.evidence == ("booklet order explains 24 of 24 printed page numbers (offset +1)",)
    assert order.doubt == ()


def test_a_numbering_that_starts_again_gives_spreads_no_booklet() -> None:
    parts = [PartKey(k.side, k.slot, k.folio if k.folio <= 14 else k.folio - 14)
             for k in keys([(2 * s, 2 * s + 1) for s in range(12)])]
    order = reading_order(parts, CFG.agreement)
    assert order.model == "sheet" and order.positions == tuple(range(24)) and order.doubt == ()


def test_missing_numbers_fall_back_on_sheet_arithmetic() -> None:
    parts = keys(booklet_order(8))
    parts = [PartKey(k.side, k.slot, k.folio if k.folio in (2, 3, 6) else None) for k in parts]
    assert reading_order(parts, CFG.agreement).positions == (7, 0, 1, 6, 5, 2, 3, 4)


def test_spreads_keep_sheet_order_and_a_stray_number_is_a_doubt() -> None:
    parts = keys([(0, 1), (2, 3), (4, 5)])
    parts[2] = PartKey(1, 0, 2022)  # a year in the margin band
    order = reading_order(parts, CFG.agreement)
    assert order.model == "sheet" and order.positions == tuple(range(6))
    assert order.doubt == ("1 page numbers out of place: 2022 at position 3",)


def test_years_out_of_step_are_no_evidence() -> None:
    """example-multiple.pdf: exam sheets headed "2021 年…" and "2023 年…" two sides apart; read as
    folios they fit a booklet at offset +2020, and the sheets were put out of order."""
    parts = keys([(0, 1), (2, 3), (4, 5), (6, 7), (8, 9)], numbered=False)
    parts[2], parts[6] = PartKey(1, 0, 2021), PartKey(3, 0, 2023)
    order = reading_order(parts, CFG.agreement)
    assert order.model == "sheet" and order.positions == tuple(range(10))


def test_year_like_folios_in_step_are_evidence() -> None:
    """A long document's folios past 1900 still order its sheets when they run with the pages."""
    parts = [PartKey(k.side, k.slot, k.folio + 2000) for k in keys(booklet_order(8)) if k.folio]
    order = reading_order(parts, CFG.agreement)
    assert order.model == "booklet" and order.evidence[0].endswith("(offset +2001)")


def test_without_numbers_sheet_order_stays_with_a_doubt() -> None:
    order = reading_order(keys(booklet_order(8), numbered=False), CFG.agreement)
    assert order.model == "sheet" and "cannot be told" in order.doubt[0]


def test_placed_page_numbers_win_over_printed_ones() -> None:
    parts = [PartKey(k.side, k.slot, None, k.folio) for k in keys(booklet_order(8))]
    order = reading_order(parts, CFG.agreement)
    assert order.model == "booklet" and "pdfjam" in order.evidence[0]


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 12), st.data())
def test_reading_order_is_always_a_permutation(sides: int, data: st.DataObject) -> None:
    numbers = st.one_of(st.none(), st.integers(-5, 40))
    parts = [PartKey(side, slot, data.draw(numbers), data.draw(numbers)) for side in range(sides) for slot in (0, 1)]
    assert sorted(reading_order(parts, CFG.agreement).positions) == list(range(2 * sides))


def line(text: str, top: float, direction: tuple[float, float] = (1.0, 0.0)) -> Line:
    return Line((Span(text, (50, top, 80, top + 9), size=9, direction=direction),), (50, top, 80, top + 9))


def footer(*texts: str, top: float = 560.0) -> Line:
    """One line of several spans far apart: a centred folio and a disclaimer on one baseline."""
    spans = tuple(Span(t, (50 + 200 * k, top, 150 + 200 * k, top + 9), size=9) for k, t in enumerate(texts))
    return Line(spans, (50, top, 150 + 200 * (len(texts) - 1), top + 9))


def row(*pieces: tuple[str, float, float], top: float = 560.0) -> Line:
    """One line of spans at known places on its baseline."""
    spans = tuple(Span(t, (x0, top, x1, top + 9), size=9) for t, x0, x1 in pieces)
    return Line(spans, (spans[0].bbox[0], top, spans[-1].bbox[2], top + 9))


def at(text: str, x0: float, x1: float, top: float) -> Line:
    """A one-span line at a known place on its baseline."""
    return Line((Span(text, (x0, top, x1, top + 10), size=10),), (x0, top, x1, top + 10))


@pytest.mark.parametrize(("lines", "expected"), [
    ([line("正文", 300), line("- 12 -", 560)], 12),
    ([footer("        2 / 4        ", "请务必阅读正文之后的信息披露和法律声明")], 2),  # one span of the line
    ([footer("Page 3 of 9", "Annual Report")], 3),
    ([footer("Annual Report", "2022")], None),  # a year beside a title: no total, not a folio
    ([footer("7 / 4", "Notes")], None),  # a number past its total is a ratio, not a folio
    ([line("21", 560), footer("12/17", "3/18", "6/18")], 21),  # a chart's date axis in the band
    ([line("2021", 60), line("2022", 60), footer("2 / 4", "请务必阅读")], 2),  # table years under the head
    ([line("第 3 页 共 9 页", 20)], 3),
    ([line("12", 300)], None),  # mid-page: a figure, not a folio
    ([line("12", 560), line("2022", 20)], None),  # ambiguous
    ([line("12", 560, (0.0, -1.0))], None),  # rotated
    ([line("79 80", 560)], None),  # a glued spread pair: the halves' own numbers decide
    ([line("Drivers are key parts of the marketplaces", 420), line("9", 450)], 9),  # a 10-K's: after the text
    ([line("Total revenue", 420), line("9", 450), line("2022", 450)], None),  # a table's last row
    ([line("Total revenue", 441), line("9", 450)], None),  # no gap above: the text's own last line
    ([line("Introduction", 100), line("9", 200)], None),  # in the upper half: no foot
    ([footer("DIP aggiuntivo IBIP - Global Dividends -   Pag. 2 di 9")], 2),  # ends a footer's one span
    ([footer("Annual Report 2022 | Page 5 of 40")], 5),
    ([footer("Seite 3 von 12")], 3),
    ([footer("Note 3 of 9")], None),  # no page word: a count, not a folio
    ([footer("Annual Report | Page 12 of 9")], None),  # past its total
    ([footer("see page 12 of the report")], None),
    ([footer("Annual Report 2023 | Page 5")], 5),  # a word processor's running foot: "Page N" after a rule
    ([footer("Northwind Holdings plc      Page 12")], 12),  # or after a tab stop's gap
    ([footer("Annual Report 2023 | Page 5"), line("2022", 20)], None),  # bare: a year in the head makes it ambiguous
    ([footer("as set out on page 12")], None),  # prose: no rule or gap before the page word
    ([footer("Page 4 | Northwind Holdings plc")], 4),  # a left page's foot: the number first, then the rule
    ([footer("Page 4 of the report shows")], None),  # prose: no rule or gap after the number
    ([footer("数学试题第1 页（共8 页）")], 1),  # a Chinese footer: "page 1 (of 8)" after the paper's title
    ([line("2021", 20), footer("数学试题第1 页（共8 页）")], 1),  # the exam's year in the head is no folio
    ([footer("某某公司 2022 年年度报告 第 3 页 共 200 页")], 3),
    ([footer("内部资料 第 7 页", "请勿外传")], 7),  # inside the line, before other text
    ([footer("2022 年年度报告 - 5 -")], 5),
    ([footer("2022 年年度报告 1 / 8")], 1),
    ([footer("数学试题第9 页（共8 页）")], None),  # past its total
    ([footer("2020 - 2021 - 2022")], None),  # a range of years, no folio
    ([footer("增长率 3/18")], None),  # a date or a ratio glued to its slash: no folio
    # a book's foot: the folio at the outer end of its running foot, set off by a gap (rust.pdf)
    ([row(("2", 48, 54), ("\xa0\xa0\xa0", 54, 62), ("Chapter 2", 62, 93))], 2),
    ([row(("Foundations", 407, 440), ("\xa0\xa0\xa0", 440, 449), ("3", 450, 456))], 3),
    ([row(("Northwind plc Annual Report 2023", 60, 200), ("45", 520, 530))], 45),
    ([row(("Total", 50, 80), ("12", 300, 310), ("15", 400, 410))], None),  # a table's row of figures
    ([row(("Chapter", 50, 80), ("2", 83, 88))], None),  # a word and its number, no gap
    ([row(("Northwind plc Annual Report", 60, 200), ("2023", 520, 540))], None),  # a year, not a folio
    # a LaTeX book's head: the chapter's number beside its title, the folio at the outer edge (texlive-zh-cn)
    ([at("1", 74, 79, 37), at("简介", 89, 109, 37), at("4", 516, 521, 37)], 4),
    ([at("45", 74, 84, 37), at("Translation notes", 94, 164, 37), at("10", 511, 521, 37)], 10),
    ([at("4", 74, 79, 37), at("简介", 89, 109, 37), at("Chapter", 470, 500, 37), at("12", 504, 514, 37)],
     None),  # both beside words
    ([at("12", 74, 84, 560), at("Annual Report 2023", 94, 164, 560)], 12),  # the one number: still the folio
])
def test_folio(lines: list[Line], expected: int | None) -> None:
    assert folio(lines, 595, 0.12) == expected


def test_outline_entries_follow_their_page_and_point() -> None:
    sources = [(0, (0, 0, 421, 595)), (0, (421, 0, 842, 595)), (1, (0, 0, 421, 595)), (1, (421, 0, 842, 595))]
    outline = [OutlineEntry(1, "A", 1), OutlineEntry(1, "B", 1), OutlineEntry(1, "C", 0), OutlineEntry(1, "D", 5)]
    points = [(600.0, 100.0), None, (10.0, 10.0), None]
    assert [e.page for e in remap_outline(outline, points, sources)] == [3, 2, 0, -1]


# --- crop marks ------------------------------------------------------------------------


def crop_mark_segments(trim: tuple[float, float, float, float], offset: float = 9.0, length: float = 18.0) -> list:
    x0, y0, x1, y1 = trim
    out = []
    for x, sx in ((x0, -1), (x1, 1)):
        for y, sy in ((y0, -1), (y1, 1)):
            out.append((x + sx * offset, y, x + sx * (offset + length), y))
            out.append((x, y + sy * offset, x, y + sy * (offset + length)))
    cx = (x0 + x1) / 2  # a registration target above the trim: its lines cross their own centre
    out += [(cx - 8, y0 - 20, cx + 8, y0 - 20), (cx, y0 - 28, cx, y0 - 12)]
    return out


def test_crop_marks_give_the_trim() -> None:
    trim, page = (42.0, 42.0, 462.0, 637.0), (0.0, 0.0, 504.0, 679.0)
    body, slug = (80.0, 100.0, 400.0, 112.0), (42.0, 660.0, 165.0, 669.0)
    assert marks.trim_from_marks(crop_mark_segments(trim), page, [body, slug]) == trim
    assert marks.trim_from_marks(crop_mark_segments(trim, offset=0.0), page, [body]) == trim


def test_crop_marks_win_over_corners_drawn_inside_the_page() -> None:
    """Short rules inside the trim (a form's boxes, drawn before the marks) meet in corners too;
    the trim's corners are the marked points nearest the page's corners."""
    trim, page = (42.0, 42.0, 462.0, 637.0), (0.0, 0.0, 504.0, 679.0)
    box = [(100.0, 200.0, 160.0, 200.0), (160.0, 200.0, 160.0, 240.0), (160.0, 240.0, 100.0, 240.0),
           (100.0, 240.0, 100.0, 200.0)]
    assert marks.trim_from_marks(box + crop_mark_segments(trim), page, [(80.0, 100.0, 400.0, 112.0)]) == trim


def test_crop_marks_are_found_past_a_page_full_of_short_rules() -> None:
    """A dense table or chart drawn before the marks (500 short rules inside the trim) filled
    the list of segments searched, so the marks, drawn last, were never seen."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=504, height=679)
    pen = page.new_shape()
    for k in range(500):
        y = 100 + k
        pen.draw_line((100, y), (130, y))
    pen.finish(color=(0, 0, 0), width=0.25)
    pen.commit()
    page.insert_text((80, 90), "Segment results by quarter", fontsize=10)
    crop_marks(page, pymupdf.Rect(42, 42, 462, 637))
    raw = extract.extract_page(pdf[0], Config().extract)
    assert raw.boxes.trim_source == "crop_marks" and raw.boxes.visible == (42.0, 42.0, 462.0, 637.0)


@pytest.mark.parametrize("case", ["text across the edge", "two corners", "no marks"])
def test_crop_marks_are_refused_when_unsure(case: str) -> None:
    trim, page = (42.0, 42.0, 462.0, 637.0), (0.0, 0.0, 504.0, 679.0)
    segments, text = crop_mark_segments(trim), [(80.0, 100.0, 400.0, 112.0)]
    if case == "text across the edge":
        text.append((30.0, 300.0, 200.0, 312.0))
    elif case == "two corners":
        segments = segments[:4]
    else:
        segments = [(0.0, 300.0, 504.0, 300.0)]
    assert marks.trim_from_marks(segments, page, text) is None


# --- the generated fixtures, end to end ----------------------------------------------------


@lru_cache(maxsize=None)
def fixture(name: str) -> tuple[bytes, Truth]:
    return (VARIANTS | {"plain": plain})[name](build_doc())


@lru_cache(maxsize=None)
def fixture_path(name: str, tmp: Path) -> Path:
    path = tmp / f"{name}.pdf"
    if not path.exists():
        path.write_bytes(fixture(name)[0] if name != "marks_without_trimbox" else without_trimbox())
    return path


@pytest.fixture(scope="module")
def tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("imposition")


def without_trimbox() -> bytes:
    """The printer's-marks fixture with its TrimBox and BleedBox deleted: only the marks tell the trim."""
    pdf = pymupdf.open("pdf", fixture("with_printer_marks")[0])
    for page in pdf:
        pdf.xref_set_key(page.xref, "TrimBox", "null")
        pdf.xref_set_key(page.xref, "BleedBox", "null")
    return pdf.tobytes(garbage=1, no_new_id=True)


@lru_cache(maxsize=None)
def loaded(name: str, tmp: Path) -> Document:
    return load(fixture_path(name, tmp), name, Config())


def cleaned_text(path: Path) -> str:
    result = process(path, path.stem, Config())
    return "\n".join(b.text for chapter in result.chapters for b in chapter.blocks)


def shared(a: str, b: str) -> tuple[float, float]:
    """Shares of each text's distinct 12-character runs (whitespace removed) found in the other."""
    ga, gb = gram_set([a]), gram_set([b])
    return float(np.isin(ga, gb).mean()), float(np.isin(gb, ga).mean())


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_logical_pages_come_out_in_reading_order_with_their_source(name: str, tmp: Path) -> None:
    doc, truth = loaded(name, tmp), fixture(name)[1]
    assert doc.meta["imposition"]["kind"] == KINDS[name]
    for placement in truth.pages:
        page = doc.pages[placement.logical]
        assert (page.index, page.source_page, page.label) == (placement.logical, placement.pdf_page, placement.label)
        assert inside_share(placement.region, page.region) > 0.99
    assert len(doc.pages) - len(truth.pages) <= 3  # blank pads only, after the last page
    assert all(not p.blocks for p in doc.pages[len(truth.pages):])


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_each_truth_block_starts_on_its_logical_page(name: str, tmp: Path) -> None:
    doc, truth = loaded(name, tmp), fixture(name)[1]
    text = ["".join("".join(b.text.split()) for b in p.blocks) for p in doc.pages]
    for block in truth.body():
        head = "".join(block.text.split())[:8]
        assert head in text[block.page], f"{name}: {head} not on page {block.page}"


@pytest.mark.parametrize("name", sorted(VARIANTS) + ["marks_without_trimbox"])
def test_slug_and_xmp_words_never_reach_a_block(name: str, tmp: Path) -> None:
    never = fixture("with_printer_marks" if name == "marks_without_trimbox" else name)[1].never
    text = "\n".join(b.text for b in loaded(name, tmp).blocks())
    assert not [w for w in never if w in text]


def test_crop_marks_replace_a_missing_trimbox(tmp: Path) -> None:
    doc = loaded("marks_without_trimbox", tmp)
    assert all("trim_from_crop_marks" in p.flags for p in doc.pages)
    assert f"crop marks gave the trim of {len(doc.pages)} pages without a TrimBox" in doc.meta["imposition"]["evidence"]
    assert (doc.pages[0].width, doc.pages[0].height) == (420.0, 595.0)


def test_outline_is_remapped_to_logical_pages(tmp: Path) -> None:
    pdf = pymupdf.open("pdf", fixture("unsplit_spreads")[0])
    pdf.set_toc([[1, "right half of sheet 2", 2, {"kind": pymupdf.LINK_GOTO, "to": pymupdf.Point(600, 50)}],
                 [1, "sheet 3", 3]])
    path = tmp / "unsplit_with_outline.pdf"
    pdf.save(path)
    doc = load(path, "outline", Config())
    assert [e.page for e in doc.outline] == [3, 4]


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_imposed_variants_clean_to_the_plain_text(name: str, tmp: Path) -> None:
    base, text = cleaned_text(fixture_path("plain", tmp)), cleaned_text(fixture_path(name, tmp))
    forward, backward = shared(base, text)
    print(f"\n{name}: shared 12-grams plain->variant {forward:.4f}, variant->plain {backward:.4f}")
    assert forward >= 0.99 and backward >= 0.99


# --- the dev corpus ----------------------------------------------------------------------

BOOKLET = CORPUS / "fr_capitole_du_libre_2011_prog_booklet_2up.pdf"
A4 = CORPUS / "fr_capitole_du_libre_2011_prog_a4.pdf"
INDESIGN = CORPUS / "zh_book_chapter_indesign_marks.pdf"


@pytest.mark.corpus
def test_real_booklet_cleans_to_its_a4_source() -> None:
    if not (BOOKLET.is_file() and A4.is_file()):
        pytest.skip(f"dev corpus not present at {CORPUS}")
    doc = load(BOOKLET, "booklet", Config())
    imp = doc.meta["imposition"]
    assert imp["kind"] == "saddle_booklet" and [m["pdf_page"] for m in imp["mapping"]] == [1, 2, 3, 4, 4, 3, 2, 1]
    forward, backward = shared(cleaned_text(A4), cleaned_text(BOOKLET))
    print(f"\nbooklet vs A4: shared 12-grams {forward:.4f} / {backward:.4f}")
    assert forward >= 0.99 and backward >= 0.99


@pytest.mark.corpus
def test_indesign_slug_lines_never_appear() -> None:
    if not INDESIGN.is_file():
        pytest.skip(f"dev corpus not present at {CORPUS}")
    text = cleaned_text(INDESIGN)
    assert ".indd" not in text and "15:29:43" not in text and "2022/11/1" not in text
    assert "人工智能" in text



def pdfjam_booklet(path: Path) -> list[str]:
    """An 8-page A4 source as a pdfjam-style 2-up booklet on A4 landscape, without page numbers.

    Each source page is a top-level form XObject carrying ``/PTEX.PageNumber``
    (as pdfpages writes it), shrunk by 1/sqrt(2).  Returns the source pages' texts.
    """
    texts = [f"Paragraph of source page {chr(65 + n)}, long enough to be body text." for n in range(8)]
    source = pymupdf.open()
    for text in texts:
        source.new_page(width=595, height=842).insert_text((72, 300), text, fontsize=12)
    source = pymupdf.open("pdf", source.tobytes())
    out = pymupdf.open()
    for left, right in booklet_order(8):
        sheet = out.new_page(width=842, height=595)
        for number, rect in ((left, pymupdf.Rect(0, 0, 421, 595)), (right, pymupdf.Rect(421, 0, 842, 595))):
            sheet.show_pdf_page(rect, source, number)
            for xref, _, referrer, _ in sheet.get_xobjects():
                if referrer == 0 and out.xref_get_key(xref, "PTEX.PageNumber")[0] == "null":
                    out.xref_set_key(xref, "PTEX.PageNumber", str(number + 1))
    out.save(path)
    return texts


def test_pdfjam_placed_pages_order_a_booklet_and_restore_its_size(tmp: Path) -> None:
    path = tmp / "pdfjam_booklet.pdf"
    texts = pdfjam_booklet(path)
    doc = load(path, "pdfjam", Config())
    imp = doc.meta["imposition"]
    assert imp["kind"] == "saddle_booklet" and any("placed-page numbers (pdfjam)" in e for e in imp["evidence"])
    assert [p.blocks[0].text for p in doc.pages] == texts
    assert doc.pages[0].width == pytest.approx(595, abs=2) and doc.pages[0].flags[0].startswith("scaled_x1.4")
    assert doc.pages[0].blocks[0].size == pytest.approx(12, abs=0.1)  # the printed size is back


def test_outline_entries_keep_the_height_of_their_point_on_the_logical_page() -> None:
    """texlive-zh-cn.pdf's '简介' points at (74, 397) on a page whose contents end above it: the entry
    keeps 397 (from the top of its logical page, here a sheet's right half cropped from y = 20)."""
    sources = [(0, (0, 20, 421, 615)), (0, (421, 20, 842, 615))]
    outline = [OutlineEntry(1, "A", 0), OutlineEntry(1, "B", 0), OutlineEntry(1, "C", 0)]
    points = [(600.0, 417.0), None, (10.0, 700.0)]
    assert [(e.page, e.top) for e in remap_outline(outline, points, sources)] == [(1, 397.0), (0, None), (0, None)]


@pytest.mark.parametrize(("turn", "top"), [(0, 100.0), (90, 300.0), (180, 742.0), (270, 295.0)])
def test_an_outline_point_on_a_turned_page_keeps_its_height_as_shown(turn: int, top: float) -> None:
    """A page drawn turned and shown upright (by /Rotate, or turned by the pipeline): the point's
    height on the page as read is measured along the unrotated page's width, not its height (a
    sideways spread's '6 结语' started its chapter at the wrong block)."""
    sources = [(0, (0.0, 0.0, 595.0, 842.0))]
    [entry] = remap_outline([OutlineEntry(1, "A", 0)], [(300.0, 100.0)], sources, turns=[turn])
    assert entry.top == pytest.approx(top)
