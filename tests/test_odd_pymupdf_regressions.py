"""Regressions found by running the test PDFs of PyMuPDF's sdist (tests/resources) through the pipeline.

Each test builds its PDF with PyMuPDF (deterministic code, no binary committed) reproducing
the one feature of the real file that broke, and is named after the bug.
"""

from __future__ import annotations

import json

import pymupdf

from pipeline.config import Config
from pipeline.runner import run_document

from .helpers import chapters_text, save_pdf


def _right(page: pymupdf.Page, right: float, y: float, text: str, size: float, font: str = "helv") -> None:
    """``text`` set flush right at ``right`` on baseline ``y``."""
    page.insert_text((right - pymupdf.get_text_length(text, font, size), y), text, fontsize=size, fontname=font)


def test_a_flush_right_chapter_title_over_a_heading_is_no_side_column(tmp_path):
    """PyMuPDF's cython.pdf (Sphinx, LaTeX): a chapter opener sets 'CHAPTER 2' and the title
    'Indices and tables' flush right, then '2.1 Special Methods Table' (as large as the title) and
    a body line ending 5 pt left of where the title starts, on a page holding more headings than body text.  The cut joined the title's row with the
    rows under it (a 5 pt gutter), the title became a narrow side column, and was printed as an
    aside ('> Indices and tables') under a chapter titled 'CHAPTER 2'.  A lone heading with nothing
    beside it is judged against the document's body size, not against the headings around it."""
    text = chapters_text(*_sphinx(tmp_path))
    assert "\n> " not in text, text
    assert text.index("Indices and tables") < text.index("2.1 Special Methods Table"), text


def test_a_chapter_label_over_an_outline_title_opens_its_chapter(tmp_path):
    """PyMuPDF's cython.pdf: the outline points at 'Compilation' and 'Indices and tables', each under a
    'CHAPTER n' label of its own; the chapters started at the titles, so each label was printed as the
    last heading of the chapter before ('## CHAPTER 2' after 'In setup.py').  A bare number label right
    above a matched title opens the chapter, and names it with the title ('CHAPTER 2 Indices and tables')."""
    out, doc_id = _sphinx(tmp_path, outline=True)
    chapters = sorted((out / doc_id / "chapters").glob("*.md"))
    assert [f.read_text(encoding="utf-8").splitlines()[0] for f in chapters] == [
        "# CHAPTER 1 Compilation", "# CHAPTER 2 Indices and tables"]
    assert "CHAPTER 2" not in chapters[0].read_text(encoding="utf-8")


def _sphinx(tmp_path, outline: bool = False):
    """Two Sphinx chapter openers (label and title flush right, sections under them) and a page of body
    text; the output folder and document id once cleaned."""
    doc = pymupdf.open()
    for n, title, section in [(1, "Compilation", "Compiling from the command line"),
                              (2, "Indices and tables", "Special Methods Table")]:
        page = doc.new_page(width=612, height=792)
        _right(page, 522, 168, "CHAPTER", 14.3)
        _right(page, 540, 170, str(n), 24.8)
        _right(page, 540, 261, title, 14.3)
        page.insert_text((72, 348), f"{n}.1 {section}", fontsize=14.3, fontname="hebo")
        page.insert_text((72, 377), "You can find an updated version of the table in the user guide, see!",
                         fontsize=10)
        for k in range(1, 9):  # more heading than body text on the page
            page.insert_text((72, 380 + 30 * k), f"{n}.1.{k} Topic number {k} of the chapter", fontsize=12,
                             fontname="hebo")
    page = doc.new_page(width=612, height=792)
    for k in range(30):
        page.insert_text((72, 72 + 14 * k), f"Body line {k} of the reference guide, set in ten point type.",
                         fontsize=10)
    if outline:
        doc.set_toc([[1, "Compilation", 1], [2, "Compiling from the command line", 1],
                     [1, "Indices and tables", 2], [2, "Special Methods Table", 2]])
    pdf = save_pdf(doc, tmp_path / "sphinx.pdf")
    out = tmp_path / "out"
    assert run_document(pdf, "sphinx", out, Config())["status"] == "ok"
    return out, "sphinx"


BOOK_WORDS = ("context device document page stream buffer colorspace pixmap font glyph path stroke shade "
              "image archive store lock thread error memory outline link annotation widget story").split()


def _book_line(n: int) -> str:
    """A distinct body line (no two share their words in order): dedup leaves every one."""
    words = [BOOK_WORDS[(n * 7 + 3 * k + k * k) % len(BOOK_WORDS)] for k in range(10)]
    return f"Paragraph {n} tells the {' '.join(words)}."


def _latex_book(tmp_path):
    """A LaTeX book page layout (mupdf_explored.pdf, 612 x 792): running heads ('CHAPTER 1. THE
    CONTEXT' left, the folio right) on baseline 106, i.e. 99-108 pt, below the fixed 12% band
    (95 pt); body paragraphs from 128 pt to 670 pt; a chapter's opening page has no head, its
    folio centred on baseline 697 (690-699 pt, 87% of the height, above the fixed bottom band)."""
    doc = pymupdf.open()
    folio = 0
    for chapter, title in [(1, "The Context"), (2, "Error Handling")]:
        for k in range(4):
            folio += 1
            page = doc.new_page(width=612, height=792)
            top = 128
            if k == 0:
                page.insert_text((134, 215), f"Chapter {chapter}", fontsize=20.7, fontname="hebo")
                page.insert_text((134, 270), title, fontsize=24.8, fontname="hebo")
                top = 350
                page.insert_text((303, 697), str(folio), fontsize=10)
            else:
                page.insert_text((134, 106), f"CHAPTER {chapter}. {title.upper()}", fontsize=10)
                _right(page, 477, 106, str(folio), 10)
            for para in range(4):
                for n in range(3):
                    y = top + 10 + para * 45 + n * 12
                    if y < 670:
                        page.insert_text((134, y), _book_line(folio * 100 + para * 10 + n), fontsize=10)
    pdf = save_pdf(doc, tmp_path / "book.pdf")
    out = tmp_path / "out"
    assert run_document(pdf, "book", out, Config())["status"] == "ok"
    return out, "book"


def test_running_heads_and_folios_below_the_fixed_margin_band_go(tmp_path):
    """PyMuPDF's mupdf_explored.pdf (a LaTeX book, 285 pages): its running heads sit at 99-108 pt of
    792 and the chapter openers' folios at 690-699 pt, just inside the fixed 12% margin band, so
    ~200 lone page numbers and heads ('## CHAPTER 4. NAMING CONVENTIONS') stayed in the text.  The
    band reaches to where the document's body paragraphs start and end."""
    out, doc_id = _latex_book(tmp_path)
    text = chapters_text(out, doc_id)
    lines = text.splitlines()
    assert not any(ln.isdigit() for ln in lines), text
    assert "CHAPTER 1. THE CONTEXT" not in text and "CHAPTER 2. ERROR HANDLING" not in text, text
    assert "Chapter 2" in text and "Error Handling" in text
    assert all(_book_line(f * 100) in text for f in range(1, 9)), text
    removed = [json.loads(ln) for ln in (out / doc_id / "removed.jsonl").read_text(encoding="utf-8").splitlines()]
    reasons = {r["text"]: r["reason"] for r in removed}
    assert reasons["1"] == reasons["5"] == reasons["7"] == "page_number"
    assert reasons["CHAPTER 1. THE CONTEXT"] == "running_head"


def _form_page(doc: pymupdf.Document, part: str, revision: str) -> None:
    """One copy of IRS Form 940-B at the coordinates of PyMuPDF's test_4114.pdf (612 x 792)."""
    page = doc.new_page(width=612, height=792)
    page.insert_text((20, 42), "Form 940-B", fontsize=16, fontname="hebo")
    page.insert_text((20, 55), "(Rev. May 2010)", fontsize=9)
    page.insert_text((233, 31), "Department of the Treasury - Internal Revenue Service", fontsize=9)
    page.insert_text((223, 45), "Request for Verification of", fontsize=13, fontname="hebo")
    page.insert_text((223, 60), "Credit Information Shown on Form 940", fontsize=13, fontname="hebo")
    page.insert_text((20, 79), "Name and address of employer", fontsize=9)
    page.insert_text((433, 79), "Date", fontsize=9)
    page.insert_text((433, 115), "Calendar year", fontsize=9)
    page.insert_text((433, 153), "Employer identification number", fontsize=9)
    page.insert_text((20, 193), "The Form 940 filed with the IRS by the employer named above indicates the "
                                "following information for the calendar year shown.", fontsize=9)
    for k in range(30):
        page.insert_text((20, 220 + 16 * k), f"State {k + 1} reported wages of the employer and the contributions "
                                             f"paid to its fund number {7000 + 13 * k}", fontsize=8)
    page.insert_text((20, 717), "contributions were paid before February 1.", fontsize=9)
    page.insert_text((20, 736), "Name of State", fontsize=9)
    page.insert_text((210, 736), "Name of State Officer", fontsize=9)
    page.insert_text((509, 736), "Date", fontsize=9)
    page.insert_text((19, 770), part, fontsize=9)
    page.insert_text((270, 770), "Cat. No. 20910X", fontsize=9)
    page.insert_text((487, 770), f"Form 940-B (Rev. {revision}-2010)", fontsize=9)


def test_a_form_printed_twice_keeps_its_title_and_labels(tmp_path):
    """PyMuPDF's test_4114.pdf: Form 940-B twice (the agency's copy and the case file's copy).  With two
    pages, anything on both in the margin bands counted as a running head or foot, so the form's title,
    its labels and the end of a sentence sharing a block with a label ('contributions were paid before
    February 1. Name of State') went on both pages.  Two pages whose text between the bands is the same
    are one page as evidence of repetition: the first copy keeps all its text, dedup thins the second."""
    doc = pymupdf.open()
    _form_page(doc, "Part 1-State Agency copy", "5")
    _form_page(doc, "Part 2-Suspense/Case file copy", "6")
    pdf = save_pdf(doc, tmp_path / "form.pdf")
    out = tmp_path / "out"
    assert run_document(pdf, "form", out, Config())["status"] == "ok"
    text = chapters_text(out, "form")
    for phrase in ["Form 940-B", "Department of the Treasury - Internal Revenue Service",
                   "Credit Information Shown on Form 940", "Name and address of employer",
                   "contributions were paid before February 1.", "Name of State Officer", "Cat. No. 20910X"]:
        assert phrase in text, (phrase, text)
    removed = [json.loads(ln) for ln in (out / "form" / "removed.jsonl").read_text(encoding="utf-8").splitlines()]
    assert not [r for r in removed if r["page"] == 1 and r["reason"] in ("running_head", "running_foot")], removed
