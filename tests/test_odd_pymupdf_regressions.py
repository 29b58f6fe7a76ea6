"""Regressions found by running the test PDFs of PyMuPDF's sdist (tests/resources) through the pipeline.

Each test builds its PDF with PyMuPDF (deterministic code, no binary committed) reproducing
the one feature of the real file that broke, and is named after the bug.
"""

from __future__ import annotations

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
