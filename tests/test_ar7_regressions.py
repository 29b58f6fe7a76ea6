"""Regressions found by running real annual reports from sdists (the Lyft and Uber 10-Ks for 2021
that llama-hub and r2r ship as sample data) through the pipeline.

Each test builds its PDF with PyMuPDF (deterministic code, no binary committed) reproducing the
one feature of the real file that broke, and is named after the bug.
"""

from __future__ import annotations

import textwrap

import pymupdf
import pytest

from pipeline import patterns as P

from .helpers import cleaned_text, word_sentence

WORDS = ["revenue", "driver", "rider", "network", "expense", "platform", "insurance", "market",
         "growth", "share", "income", "period", "quarter", "result", "cost", "demand"]


def _sentence(n: int, words: int = 16) -> str:
    return word_sentence(WORDS, n, words)


def _paragraph(page: pymupdf.Page, y: float, n: int, paragraphs: list[str]) -> float:
    """Three sentences set from baseline ``y`` in 8.3 pt lines across the page; the next free baseline."""
    text = " ".join(_sentence(n + j) for j in range(3))
    paragraphs.append(text)
    for k, line in enumerate(textwrap.wrap(text, 115)):
        page.insert_text((48 if k == 0 else 17, y), line, fontsize=8.3, fontname="tiro")
        y += 10
    return y + 7


def test_one_off_text_opening_pages_where_the_body_starts_stays(tmp_path):
    """llama-hub's lyft_2021.pdf and uber_2021.pdf, 10-Ks printed from HTML with no running head:
    every page's text starts at 57-60 pt, inside the fixed 12 % top band.  Tables continued from
    the page before open three pages with their column head ('Year Ended December 31,'), a text
    that recurs there, so the place became a head slot, and every one-off text of the body's size
    opening a page went as a running head that changes per page: section headings ('Results of
    Operations', 'Cash Flows', 'Non-GAAP Financial Measures', Uber's 'Note 5 – Property and
    Equipment, Net'), a list item.  A place alone is evidence only for a text above where the
    body's paragraphs start on page after page."""
    doc, paragraphs = pymupdf.open(), []
    headings = {0: "Results of Operations", 3: "Cash Flows", 7: "Non-GAAP Financial Measures"}
    for p in range(10):
        page = doc.new_page(width=612, height=792)
        y = 67.0
        if p in headings:  # a heading, a line leading to a table in smaller type, the table
            page.insert_text((17, y), headings[p], fontsize=8.3, fontname="tibo")
            page.insert_text((48, y + 15), f"The following table summarizes our {headings[p].lower()}:",
                             fontsize=8.3, fontname="tiro")
            y = _table(page, y + 32, p, 7.1)
        elif p % 3 == 2:  # a table continued from the page before, its column head repeated
            y = _table(page, y, p, 8.3)
        for k in range(3):
            y = _paragraph(page, y, 20 * p + 4 * k, paragraphs)
        page.insert_text((300, 760), str(p + 40), fontsize=8.3, fontname="tiro")
    text = cleaned_text(doc, tmp_path, "tenk")
    for heading in headings.values():
        assert heading in text, heading
    flat = " ".join(text.split())
    for paragraph in paragraphs:
        assert paragraph in flat
    for n in range(40, 50):
        assert f"\n{n}\n" not in text, n


def _table(page: pymupdf.Page, y: float, p: int, size: float) -> float:
    """A table's column head and four rows from baseline ``y``; the next free baseline."""
    page.insert_text((447, y), "Year Ended December 31,", fontsize=size, fontname="tibo")
    for r, label in enumerate(("Revenue", "Cost of revenue", "Operations and support", "Net loss")):
        page.insert_text((28, y + 18 + 12 * r), label, fontsize=size, fontname="tiro")
        page.insert_text((411, y + 18 + 12 * r), f"{1_000 + 37 * (p + r):,}", fontsize=size, fontname="tiro")
    return y + 78


def test_bullets_opening_pages_stay_with_their_items(tmp_path):
    """lyft_2021.pdf sets each list item's bullet in 10.3 pt Arial at 33 pt and its text in 8.3 pt
    Times at 48 pt; its risk factors run page after page of such items, so a bullet opened ten
    pages at the same height.  Recurring in the top band, the bullets went as running heads and
    their items ran into the item before ('… management of the complexities of such expansion;
    inaccuracies in our key metrics and estimates; our marketing efforts;').  A list marker set
    just left of its item's first line belongs to the list."""
    doc, paragraphs, items = pymupdf.open(), [], []
    for p in range(8):
        page = doc.new_page(width=612, height=792)
        y = 67.0
        for k in range(2 if p % 2 else 1):
            item = f"our ability to {WORDS[(3 * p + k) % len(WORDS)]} the {WORDS[(5 * p + k) % len(WORDS)]} in page {p};"
            items.append(item)
            page.insert_font(fontname="F0", fontfile=None, fontbuffer=pymupdf.Font("helv").buffer)
            page.insert_text((33, y), "•", fontsize=10.3, fontname="F0")
            page.insert_text((48, y), item, fontsize=8.3, fontname="tiro")
            y += 17
        for k in range(3):
            y = _paragraph(page, y, 20 * p + 4 * k, paragraphs)
        page.insert_text((300, 760), str(p + 10), fontsize=8.3, fontname="tiro")
    text = cleaned_text(doc, tmp_path, "risks")
    for item in items:
        assert f"• {item}" in text, item
    flat = " ".join(text.split())
    for paragraph in paragraphs:
        assert paragraph in flat


def test_stacked_bold_headings_do_not_run_into_their_paragraph(tmp_path):
    """r2r's uber_2021.pdf sets 'ITEM 1. BUSINESS' and under it 'Overview' in bold at the body's size
    (8.8 pt), each line 5 pt under the last, as close as the paragraph's own lines: the two heading
    lines and the paragraph became one block, and the text read 'ITEM 1. BUSINESS Overview Uber
    Technologies, Inc. (“Uber,” …) is a technology platform …' ('PART II ITEM 5. MARKET FOR
    REGISTRANT'S COMMON EQUITY … Market Information for Common Stock Our common stock …').  A
    block of bold lines ends where the regular text starts, as a one-line heading's does; the item's title line ended short of the measure, so
    'Overview' is a heading of its own (headings.split_ended_title)."""
    doc, paragraphs = pymupdf.open(), []
    heads = [("ITEM 1. BUSINESS", "Overview"), ("ITEM 1A. RISK FACTORS", "Summary"),
             ("ITEM 7. MANAGEMENT'S DISCUSSION AND ANALYSIS", "Results of Operations")]
    for p, (item, section) in enumerate(heads):
        page = doc.new_page(width=612, height=792)
        page.insert_text((18, 83), item, fontsize=8.8, fontname="tibo")
        page.insert_text((34, 99), section, fontsize=8.8, fontname="tibo")
        y = 114.0
        for k in range(4):
            text = " ".join(_sentence(20 * p + 4 * k + j) for j in range(3))
            paragraphs.append(text)
            for i, line in enumerate(textwrap.wrap(text, 115)):
                page.insert_text((34 if i == 0 else 18, y), line, fontsize=8.8, fontname="tiro")
                y += 10
            y += 6
    text = cleaned_text(doc, tmp_path, "items")
    lines = text.splitlines()
    for item, section in heads:  # two headings: the item's line ended short, 'Overview' fitted after it
        assert f"# {item}" in lines and (f"## {section}" in lines or f"### {section}" in lines), item
    flat = " ".join(text.split())
    for paragraph in paragraphs:
        assert paragraph in flat
    for paragraph in paragraphs[::4]:  # each page's first paragraph stands on its own
        assert any(ln.startswith(paragraph[:40]) for ln in lines), paragraph[:40]


def test_a_currency_sign_written_after_the_amount_before_it_opens_its_own_column(tmp_path):
    """lyft_2021.pdf's statements write each row's second '$' in the same text run as the first
    column's amount ('457,325 $' at 494-534 pt, its column's '319,734' at 563 pt), so the rows read
    'Cash and cash equivalents | $ 457,325 $ | 319,734'.  A currency sign after an amount in a
    cell opens the next cell, as a cell holding only the sign does."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    rows = [("Cash and cash equivalents", "457,325", "319,734"), ("Short-term investments", "1,796,533", "1,931,334"),
            ("Prepaid expenses and other current assets", "522,212", "343,070"),
            ("Total current assets", "2,776,070", "2,594,138")]
    y = 100.0
    for label, now, before in rows:
        page.insert_text((28, y), label, fontsize=8.3, fontname="tiro")
        page.insert_text((461, y), "$", fontsize=8.3, fontname="tiro")
        page.insert_text((494, y), f"{now} $", fontsize=8.3, fontname="tiro")
        page.insert_text((563, y), before, fontsize=8.3, fontname="tiro")
        y += 12
    text = cleaned_text(doc, tmp_path, "sheet")
    for label, now, before in rows:
        assert f"{label} | $ {now} | $ {before}" in text, label


@pytest.mark.parametrize(("cell", "split"), [
    ("457,325 $", ("457,325", "$")), ("(1,107) $", ("(1,107)", "$")), ("12.5% €", ("12.5%", "€")),
    ("in US$", None), ("$ 12", None), ("457,325", None), ("Total $", None),
])
def test_trailing_currency_pattern(cell: str, split: tuple[str, str] | None):
    m = P.TRAILING_CURRENCY.match(cell)
    assert (m["amount"], m["sign"]) == split if split else m is None


def test_a_wrapped_bold_heading_over_a_short_first_line_stands_apart(tmp_path):
    """Bureau Veritas's rules set '2.7.4  Overspeed protective devices of main and' / 'auxiliary
    engines' in bold at the body's size, the second line under the title's start, and 15 pt under
    it (the heading's own lines 10 pt apart) 'In addition to the speed governor, each:', a paragraph
    line shorter than the heading.  Nothing ran past the heading on the right, so the heading read
    into its paragraph: '2.7.4 Overspeed … auxiliary engines In addition to the speed governor,
    each:'.  A regular line set further under a bold group of two lines or more than the group's
    lines stand from each other starts the paragraph after a heading."""
    doc, paragraphs = pymupdf.open(), []
    page = doc.new_page(width=595, height=842)
    y = 80.0
    heads = [("2.7.3", "Governors of main and auxiliary engines", None),
             ("2.7.4", "Overspeed protective devices of main and", "auxiliary engines"),
             ("2.7.5", "Governors for auxiliary engines driving", "electric generators")]
    for n, (number, title, rest) in enumerate(heads):
        page.insert_text((31, y), number, fontsize=9, fontname="hebo")
        page.insert_text((64, y), title, fontsize=9, fontname="hebo")
        if rest:
            y += 10
            page.insert_text((64, y), rest, fontsize=9, fontname="hebo")
        y += 15
        first = f"In addition to the governor {n}, each:" + (" engine of the kind is to be fitted" if not rest else "")
        page.insert_text((31, y), first, fontsize=9, fontname="tiro")
        y += 16
        text = " ".join(_sentence(3 * n + j, 7) for j in range(3))
        paragraphs.append(text)
        for line in textwrap.wrap(text, 50):
            page.insert_text((31, y), line, fontsize=9, fontname="tiro")
            y += 10
        y += 24  # each heading opens a block of its own: the paragraph before it is done
    text = cleaned_text(doc, tmp_path, "rules")
    lines = text.splitlines()
    for number, title, rest in heads:
        heading = " ".join(filter(None, (number, title, rest)))
        assert any(ln.lstrip("#").strip() == heading and ln.startswith("#") for ln in lines), heading
    for n, (_, _, rest) in enumerate(heads):  # a one-line heading's paragraph ran past it: split before
        first = f"In addition to the governor {n}, each:" + (" engine of the kind is to be fitted" if not rest else "")
        assert any(ln.startswith(first) for ln in lines), first
    flat = " ".join(text.split())
    for paragraph in paragraphs:
        assert paragraph in flat


@pytest.mark.parametrize(("step", "blocks"), [(22.0, 1), (28.0, 2)])
def test_a_bold_group_is_set_apart_only_by_a_step_wider_than_its_own(step: float, blocks: int) -> None:
    """pasa.pdf's two rows of authors in bold, 17 pt apart, over the regular affiliations 22 pt
    under the second row: 22 pt is no wider than a paragraph's own steps (1.3 of the group's), so
    names and affiliations stay one block, as they did; 28 pt (1.6) sets the affiliations apart."""
    from pipeline.blocks import build_blocks
    from pipeline.config import BlockConfig
    from pipeline.types import Line, Span

    def line(text: str, x0: float, top: float, font: str) -> Line:
        box = (x0, top, x0 + 6 * len(text), top + 12.6)
        return Line((Span(text, box, font, 11.0, 0),), box)

    lines = [line(f"Author {row}{k}", 150 + 62 * k, top, "Times-Bold")
             for row, top in enumerate((91.0, 108.0)) for k in range(3)]
    lines.append(line("1Research Lab 2University", 190, 108.0 + step, "Times-Roman"))
    assert len(build_blocks(lines, 0, BlockConfig())) == blocks
