"""Regressions found by running a sixth round of real PDFs from sdists (ocrmypdf, pikepdf,
pypdfium2, pdftotext, pymupdf4llm, refextract, megaparse, paper-qa, sycamore) through the pipeline.

Each test builds its PDF with PyMuPDF (deterministic code, no binary committed) reproducing the
one feature of the real file that broke, and is named after the bug.
"""

from __future__ import annotations

import re
import textwrap

import pymupdf


from .helpers import cleaned_text, word_sentence

WORDS = ["learning", "kernel", "vector", "margin", "estimate", "function", "sample", "density",
         "regression", "classifier", "feature", "training", "expected", "loss", "convex", "bound"]


def _sentence(n: int, words: int = 14) -> str:
    return word_sentence(WORDS, n, words)


def test_a_sideways_table_page_leaves_the_deep_heads_of_a_book_found(tmp_path):
    """megaparse's mlbook.pdf, a LaTeX book set on A4 with its running heads ('4   1 Introduction',
    '1.1 A Taste of Machine Learning   5') at 113-122 pt, below the fixed 12 % band but above every
    page's first paragraph (133 pt): the bands reach down to the paragraphs.  Two pages hold a table
    set sideways; turned upright, their rows start at the page's new top edge, and that one page
    pinned the bands to the fixed 12 %, so no head and no page number of the 234 pages went."""
    doc = pymupdf.open()
    paragraphs = []
    for p in range(8):
        page = doc.new_page(width=595, height=842)
        if p == 5:  # a landscape table, set sideways as LaTeX's sidewaystable does
            for r in range(12):  # rows of two lines, the first at the turned page's top edge
                for k in range(2):
                    page.insert_text((14 + 13 * k + 40 * r, 800), " ".join(WORDS[r + k:r + k + 5]), fontsize=10.9,
                                     rotate=90)
            page.insert_text((500, 700), "2 Density Estimation", fontsize=10, rotate=90)
            continue
        left = p % 2 == 1
        page.insert_text((120, 121), str(p + 3) if left else "2 Density Estimation", fontsize=10)
        page.insert_text((415 if left else 473, 121), "2 Density Estimation" if left else str(p + 3), fontsize=10)
        text = " ".join(_sentence(10 * p + k) for k in range(6))
        paragraphs.append(text)
        for i, line in enumerate(textwrap.wrap(text, 66)):
            page.insert_text((120, 143 + 14 * i), line, fontsize=10.9)
    text = cleaned_text(doc, tmp_path, "book")
    flat = " ".join(text.split())
    for paragraph in paragraphs:
        assert paragraph in flat
    assert text.count("Density Estimation") <= 1  # the sideways page's own head stays (it stands at its side)
    for n in (4, 5, 6, 7, 9, 10):
        assert f"\n{n}\n" not in text, n


def _paragraph(page: pymupdf.Page, y: float, first: int, paragraphs: list[str]) -> float:
    """Sentences ``first`` to ``first + 2`` set from baseline ``y`` in 8.1 pt lines; the next free baseline."""
    text = " ".join(_sentence(first + j, 16) for j in range(3))
    paragraphs.append(text)
    for line in textwrap.wrap(text, 110):
        page.insert_text((18, y), line, fontsize=8.1)
        y += 10
    return y + 9


def _short_pages(tail: list[str]) -> tuple[pymupdf.Document, list[str]]:
    """Letter pages whose text ends high or low, each followed by ``tail[p]`` centred just under it."""
    doc, paragraphs = pymupdf.open(), []
    for p, last in enumerate(tail):
        page = doc.new_page(width=612, height=792)
        y = 60.0
        for k in range(2 + p % 3):
            y = _paragraph(page, y, 20 * p + 4 * k, paragraphs)
        page.insert_text((304, y + 25), last, fontsize=8.1)
    return doc, paragraphs


def test_page_numbers_printed_right_under_short_pages_go(tmp_path):
    """sycamore's NVDA_10k_2025.pdf, a 10-K printed from HTML: each page's number is centred right
    under its last line of text, at 433 pt on one page, 598 pt on the next, far above the foot band,
    so none of the 131 numbers went ('2', '3', '4' … stood between the paragraphs, and the contents
    page's numbers ran into the next page's first paragraph: '49 85 86 Investors and others …')."""
    doc, paragraphs = _short_pages([str(p + 1) for p in range(7)])
    text = cleaned_text(doc, tmp_path, "tenk")
    flat = " ".join(text.split())
    for paragraph in paragraphs:
        assert paragraph in flat
    for n in range(1, 8):
        assert f"\n{n}\n" not in text, n


def test_figures_closing_short_pages_out_of_step_with_the_pages_stay(tmp_path):
    """The last line of a page that is a bare number (a total, a year) stays when the numbers do not
    run with the pages."""
    totals = ["2019", "48", "1250", "7", "315", "2020", "96"]
    doc, _ = _short_pages(totals)
    text = cleaned_text(doc, tmp_path, "totals")
    for total in totals:
        assert re.search(rf"(?m)^{total}\b", text), total


def test_a_heading_larger_than_the_body_in_a_head_slot_stays(tmp_path):
    """NVDA_10k_2025.pdf's financial notes carry the head 'NVIDIA Corporation and Subsidiaries Notes to
    the Consolidated Financial Statements (Continued)' at 9 pt in the top band, so that place became
    a head slot, and every one-off text at 9 pt there went as a running head that changes per page:
    the section headings that open a page ('Part I Item 1. Business', 'Item 7. Management's
    Discussion and Analysis …', 'Item 11. Executive Compensation', 'Where You Can Find More
    Information'), set at 9 pt over an 8.1 pt body.  A place alone is evidence only for a text no
    larger than the body."""
    doc, paragraphs = pymupdf.open(), []
    headings = {1: "Item 7. Management's Discussion and Analysis", 4: "Item 11. Executive Compensation"}
    for p in range(7):
        page = doc.new_page(width=612, height=792)
        page.insert_text((18, 30), "Table of Contents", fontsize=7.2)
        if p in headings:
            page.insert_text((18, 58), headings[p], fontsize=9, fontname="hebo")
        else:
            page.insert_text((160, 58), "Notes to the Consolidated Financial Statements (Continued)", fontsize=9,
                             fontname="hebo")
        y = 90.0
        for k in range(3):
            y = _paragraph(page, y, 10 * p + 3 * k, paragraphs)
        page.insert_text((304, 760), str(p + 1), fontsize=8.1)
    text = cleaned_text(doc, tmp_path, "notes")
    for heading in headings.values():
        assert heading in text, heading
    assert "(Continued)" not in text
    flat = " ".join(text.split())
    for paragraph in paragraphs:
        assert paragraph in flat
