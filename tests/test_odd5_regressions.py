"""Regressions found by running the test PDFs of older sdists (pdfminer 2017/2019, PyMuPDF 1.19
and 1.22, pdf2docx, pdfreader, pdfannots, excalibur) through the pipeline.

Each test builds its PDF with PyMuPDF (deterministic code, no binary committed) reproducing the
one feature of the real file that broke, and is named after the bug.
"""

from __future__ import annotations

import random
import re
import textwrap

import pymupdf

from pipeline.config import Config
from pipeline.runner import run_document

from .helpers import chapters_text, cleaned_text, save_pdf

WORDS = ["plaintiff", "defendant", "vehicle", "intersection", "injuries", "damages", "husband", "parkway",
         "passenger", "negligence", "medical", "expenses", "county", "stop", "collision", "wages", "pain"]
COMPLAINT = [" ".join(WORDS[(7 * n + 3 * k) % len(WORDS)] for k in range(9)) + f" line {n}" for n in range(60)]


def test_the_first_and_last_lines_of_numbered_pleading_paper_stay(tmp_path):
    """pdfreader's example-font.pdf, a court complaint on pleading paper: the line numbers (1-26) sit
    in the margin at the height of the body's first and last lines on every page.  The number '1'
    recurring in the top band made its place a running-head slot (band, height, body size), so the
    body's first line beside it went as a running head on every page (and its last lines as feet):
    'operated by her husband and at a complete stop at the intersection …' was lost."""
    doc = pymupdf.open()
    for p in range(3):
        page = doc.new_page(width=612, height=792)
        for i in range(20):  # the paper's line numbers first, as the real file writes them
            page.insert_text((52 if i < 9 else 46, 84 + 33 * i), str(i + 1), fontsize=12, fontname="tiro")
        for i in range(20):  # double spaced: each line a block of its own
            page.insert_text((72, 84 + 33 * i), COMPLAINT[p * 20 + i], fontsize=12, fontname="tiro")
        page.insert_text((72, 760), f"COMPLAINT - {p + 1}", fontsize=10, fontname="tiro")
    pdf = save_pdf(doc, tmp_path / "pleading.pdf")
    out = tmp_path / "out"
    assert run_document(pdf, "pleading", out, Config())["status"] == "ok"
    text = " ".join(chapters_text(out, "pleading").split())
    for line in COMPLAINT:
        assert line in text, line
    assert "COMPLAINT - 2" not in text


def test_column_tops_under_a_head_of_some_pages_stay(tmp_path):
    """pdfminer's i1040nr.pdf (IRS instructions, three columns at 9.5 pt): the tax-table pages carry
    '2007 Tax Table–Continued' at the top (left or right), at the body size, so that place became a running-head
    slot; on every other page the columns' first lines sit there too, and all of them (503 lines of
    50 pages) went as running heads although each continues its column right below."""
    doc = pymupdf.open()
    tops, rng = [], random.Random(5)
    for p in range(8):
        page = doc.new_page(width=612, height=792)
        if p >= 4:
            page.insert_text((42 if p % 2 else 447, 45), "2007 Tax Table-Continued", fontsize=9.5)
            y0 = 470  # a short table: the body size stays 9.5
        else:
            y0 = 45
        for i in range(60):  # the stream runs across the columns line by line, as the real file's does
            y = y0 + 10 * i
            if y > 730:
                break
            for c, x in enumerate((42, 222, 402)):
                text = " ".join(rng.choice(WORDS) for _ in range(4))
                if i == 0:
                    tops.append(text)
                page.insert_text((x, y), text, fontsize=9.5 if p < 4 else 7)
        page.insert_text((300, 762), f"-{p + 1}-", fontsize=10)
    text = cleaned_text(doc, tmp_path, "columns")
    for top in tops[:12]:
        assert top in text, top
    assert "Tax Table-Continued" not in text


PROSE = [
    "You must file a return if you were a nonresident alien engaged in a trade or business in the United "
    "States during the year, even if you had no income from that trade or business. A personal "
    "representative must file the return for a deceased person who was required to file one.",
    "If you are filing for an estate or trust, change the form to reflect the provisions of the code that "
    "apply to it. You may find it helpful to refer to the instructions of the form for estates and trusts "
    "when you complete the pages that ask for the income of the year.",
    "Enter the amounts of gross income you received from dividends, interest, royalties and pensions in "
    "the column that applies to each kind of income. If any income you received was subject to backup "
    "withholding, you must include all gross income of that type that you received.",
]


def test_columns_written_across_the_page_line_by_line_are_read_column_by_column(tmp_path):
    """pdfminer's i1040nr.pdf writes its three columns across the page: the first line of each column,
    then the second line of each, and so on.  The block builder took every line as a block of its own
    (a column change) and glued lines of two columns that share a baseline across a 12 pt gutter, and
    the table finder read the rows of lines as a table: the whole document came out as rows of
    'a. You received income from U.S. | Information Return of Foreign Trust | received from dividends,'."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_text((42, 60), "Who Must File", fontsize=12, fontname="hebo")
    columns = [textwrap.wrap(text, 34) for text in PROSE]
    for i in range(max(len(c) for c in columns)):
        for x, lines in zip((42, 222, 402), columns):
            if i < len(lines):
                page.insert_text((x, 90 + 10 * i), lines[i], fontsize=9.5)
    page.insert_text((300, 762), "-3-", fontsize=10)
    text = cleaned_text(doc, tmp_path, "across")
    assert " | " not in text
    flat = " ".join(text.split())
    for paragraph in PROSE:
        assert paragraph in flat


# demo-text-unnamed-fonts.pdf's Info title, as the file writes it
LEGACY_TITLE = ("4D6963726F736F667420576F7264202D205FB9AB5FB1B3BAB84669727374C0FAC3E0BAB8C7E8A5B220BBE7BEF7B9E6"
                "B9FDBCAD2E646F63")


def test_a_metadata_title_in_a_legacy_encoding_names_no_chapter(tmp_path):
    """pdf2docx's demo-text-unnamed-fonts.pdf (a Korean insurance document printed from Word through
    Ghostscript 8.15) has an Info title whose text is a hex string, '(<4D6963726F736F667420576F7264202D
    205FB9AB…>)', EUC-KR bytes of 'Microsoft Word - _무_교보First저축보험Ⅲ 사업방법서.doc'; the hex digits
    became the chapter title.  Such a text is decoded when its bytes are UTF-16 (with a byte order
    mark) or UTF-8, and taken for no title otherwise: here the document id titles the chapter."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for i in range(5):
        page.insert_text((72, 90 + 14 * i), f"Line {i} of the statement looks back on a year of steady growth.",
                         fontsize=10)
    info = doc.xref_get_key(-1, "Info")[1]
    if info == "null":
        doc.set_metadata({"author": "x"})
        info = doc.xref_get_key(-1, "Info")[1]
    xref = int(info.split()[0])
    doc.xref_set_key(xref, "Title", f"(<{LEGACY_TITLE}>)")  # hex digits inside a literal string, as Ghostscript wrote
    pdf = save_pdf(doc, tmp_path / "statement.pdf")
    out = tmp_path / "out"
    assert run_document(pdf, "statement", out, Config())["status"] == "ok"
    assert chapters_text(out, "statement").startswith("# statement\n")


XML = [f'<char bbox="{40.01575 + 9.8 * i:.5f} 53.730354 {49.79175 + 9.8 * i:.5f} 76.08236" x="{40.01575 + 9.8 * i:.5f}" '
       f'y="70.85036" c="{c}"/>' for i, c in enumerate("Tutorial")]


def test_a_listing_of_numbers_in_a_framed_box_is_no_chart_label(tmp_path):
    """pdfminer's joined.pdf (PyMuPDF's old manual) prints a sample of get_text('rawdict') output,
    mostly coordinates, in a framed code box: the box is a drawing cluster with no table in it, so
    the listing, a block of 19 lines at 0.6 digits and signs, went as chart_labels, as did a box of
    comment rules ('#------…') and code.  A chart's label is short: a block holding ``LABEL_MAX_LETTERS``
    letters or more is text, whatever its share of digits."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((44, 60), "The output of the tutorial page reads:", fontsize=10)
    page.draw_rect(pymupdf.Rect(40, 70, 555, 200), color=(0.5, 0.5, 0.5), fill=(0.97, 0.97, 0.97))
    page.draw_rect(pymupdf.Rect(40, 70, 555, 74), color=None, fill=(0.6, 0.6, 0.8))  # the box's header strip
    page.draw_rect(pymupdf.Rect(40, 196, 555, 200), color=None, fill=(0.6, 0.6, 0.8))  # and its foot strip
    for i, line in enumerate(XML):
        page.insert_text((44, 90 + 10 * i), line, fontsize=7, fontname="cour")
    page.insert_text((44, 220), "Each character comes with its box and its origin.", fontsize=10)
    text = cleaned_text(doc, tmp_path, "listing")
    for line in XML:
        assert line in text, line


CODE = ["ln = page.loadLinks()", "while ln:", "    if ln.dest.kind == fitz.LINK_URI:",
        "        print(ln.dest.uri)", "    ln = ln.next", "rect = page.bound()", "irect = rect.round()"]


def test_a_code_listing_with_its_tokens_on_coloured_boxes_is_no_ruled_table(tmp_path):
    """pdfminer's joined.pdf (PyMuPDF's old manual): its code listings draw a box under every token
    (syntax highlighting), the boxes of a line touching each other and the lines' boxes touching
    row to row.  The ruled-table reader took the boxes' edges for rules and every token for a cell:
    'ln | = | page | . | loadLinks()'.  A rule between two pieces of one line that touch each other
    has no room between them: no table."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((44, 50), "The links of a page are read in a loop:", fontsize=10)
    page.draw_rect(pymupdf.Rect(40, 64, 555, 160), color=(0.5, 0.5, 0.5), fill=(0.97, 0.97, 0.97))
    for i, code in enumerate(CODE):
        top = 70 + 12 * i
        for m in re.finditer(r"\w+|[^\w\s]+", code):  # a box under each token, as a highlighter draws them
            page.draw_rect(pymupdf.Rect(44 + 6 * m.start(), top, 44 + 6 * m.end(), top + 12), color=None,
                           fill=(0.85, 0.9, 1.0) if m.group().isalpha() else (0.95, 0.85, 0.85))
        for k, m in enumerate(re.finditer(r"\s*(?:\w+|[^\w\s]+)", code)):  # a span per token, coloured by kind
            page.insert_text((44 + 6 * m.start(), top + 9), m.group(), fontsize=10, fontname="cour",
                             color=(0, 0, 0) if k % 2 == 0 else (0, 0.5, 0))
    page.insert_text((44, 180), "Each link knows where it points to.", fontsize=10)
    text = cleaned_text(doc, tmp_path, "code")
    assert " | " not in text
    assert "ln = page.loadLinks()" in text and "irect = rect.round()" in text
