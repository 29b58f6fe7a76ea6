"""Regressions found by running the test PDFs of pikepdf, ocrmypdf and tabula-py through the pipeline.

Each test builds its PDF with PyMuPDF (deterministic code, no binary
committed) reproducing the one feature of the real file that broke, and is
named after the bug.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from pipeline import asides
from pipeline.config import Config
from pipeline.runner import run_document

from .helpers import chapters_text, save_pdf


def cleaned_chapters(doc: pymupdf.Document, tmp_path: Path, name: str) -> tuple[list[Path], str]:
    """``doc`` saved and cleaned with the default config: its chapter files, and their text."""
    pdf = save_pdf(doc, tmp_path / f"{name}.pdf")
    out = tmp_path / "out"
    assert run_document(pdf, name, out, Config())["status"] == "ok"
    return sorted((out / name / "chapters").glob("*.md")), chapters_text(out, name)


def first_lines(files: list[Path]) -> list[str]:
    return [f.read_text(encoding="utf-8").splitlines()[0] for f in files]


def test_cells_glued_on_one_baseline_stay_in_their_table_row(tmp_path):
    """tabula-py's campaign_donors.pdf: four columns set closer than the block builder's word gap
    come out as one block per row holding four line pieces on one baseline.  The table finder
    counted the pieces as four lines (a cell has at most three), so the glued cells were left
    out of every row and printed after the table as paragraphs of their own."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for x, head in [(50, "Surname"), (150, "Name"), (255, "Licence"), (330, "Tax id"), (390, "Date"),
                    (445, "Type"), (515, "Amount")]:
        page.insert_text((x, 60), head, fontsize=9, fontname="hebo")
    for i in range(6):
        cells = [(48, f"SURNAME{i}"), (150, f"FIRST NAME {i}"), (255, f"2{i}.083.460"), (315, f"20-2{i}083460-5"),
                 (384, f"0{i + 1}/10/2013"), (435, "CASH"), (509, f"$ {i + 1}0.000,00")]
        for x, text in cells:
            page.insert_text((x, 80 + 16 * i), text, fontsize=8)
    pdf = save_pdf(doc, tmp_path / "donors.pdf")
    out = tmp_path / "out"
    assert run_document(pdf, "donors", out, Config())["status"] == "ok"
    text = chapters_text(out, "donors")
    for i in range(6):
        row = f"SURNAME{i} | FIRST NAME {i} | 2{i}.083.460 20-2{i}083460-5 0{i + 1}/10/2013 CASH | $ {i + 1}0.000,00"
        assert row in text.splitlines(), text


def test_a_numbered_heading_over_a_short_line_is_no_key_figure(tmp_path):
    """pikepdf's outlines.pdf: '1 One', '2 Two' set 1.3 times the body size over a one-line
    paragraph read as key-figure callouts (a number with a unit, over a short label), so each
    heading went into an aside with its first line, and the outline's chapters matched nothing
    (the chapters started at '1.1 …' sections).  A number then one capitalised word is a
    numbered heading; '929项', '81.77%' and '500 MW' are still figures."""
    doc = pymupdf.open()
    toc = []
    for n, word in enumerate(["Scope", "Terms", "Risks"], start=1):
        page = doc.new_page(width=595, height=842)
        page.insert_text((90, 100), f"{n} {word}", fontsize=14.3, fontname="hebo")
        page.insert_text((90, 124), f"{word} are set out below.", fontsize=10.9)
        page.insert_text((90, 160), f"{n}.1 Detail", fontsize=12, fontname="hebo")
        for i in range(4):
            page.insert_text((90, 184 + 14 * i), f"Line {i} of the {word.lower()} text runs on as this chapter's body.",
                             fontsize=10.9)
        toc += [[1, word, n], [2, "Detail", n]]
    doc.set_toc(toc)
    chapters, text = cleaned_chapters(doc, tmp_path, "numbered")
    # titled as printed, number and all (pieces.printed_title: the outline's 'Scope' lost the '1')
    assert first_lines(chapters) == ["# 1 Scope", "# 2 Terms", "# 3 Risks"]
    assert "\n> " not in text, text
    assert "Terms are set out below." in chapters[1].read_text(encoding="utf-8")


@pytest.mark.parametrize("text,figure", [
    ("1 One", False), ("2 Terms", False), ("2.1 Scope", False),
    ("929项", True), ("81.77%", True), ("500 MW", True), ("No.1", True), ("12 GW", True),
    # a section number set apart from a Han title (texlive-zh-cn's '1 简介'), not a figure with its unit
    ("1 简介", False), ("10 翻译说明", False), ("3.1 公司概况", False),
    ("15 所", True), ("12 万元", True), ("3 亿元", True), ("5 公里", True), ("36个", True), ("2 人次", True),
])
def test_key_figure_shape(text, figure):
    assert asides.key_figure(text) is figure


@pytest.mark.parametrize("meta,title", [
    ("Microsoft Word - Chairman statement v3", "statement"),
    ("Microsoft PowerPoint - results_h1", "statement"),
    ("untitled", "statement"),
    ("Adobe Photoshop PDF", "statement"),
    ("PowerPoint Presentation", "statement"),
    ("Annual Report 2023", "Annual Report 2023"),
])
def test_a_tool_default_metadata_title_names_no_chapter(tmp_path, meta, title):
    """pikepdf's and ocrmypdf's link.pdf, fourpages.pdf, cmyk.pdf, francais*.pdf: a document of
    one chapter without a heading was titled by its metadata title, which was the tool's
    default ('Microsoft Word - Document1', 'untitled', 'Adobe Photoshop PDF'), a title no page
    prints.  Such a title is a file name or a placeholder: the document id names the chapter
    instead; a real metadata title still does."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for i in range(5):
        page.insert_text((72, 90 + 14 * i), f"Line {i} of the statement looks back on a year of steady growth.",
                         fontsize=10)
    doc.set_metadata({"title": meta, "creationDate": "D:20230101000000", "modDate": "D:20230101000000"})
    pdf = tmp_path / "statement.pdf"
    doc.save(pdf, garbage=1, deflate=True, no_new_id=True)
    doc.close()
    out = tmp_path / "out"
    assert run_document(pdf, "statement", out, Config())["status"] == "ok"
    assert chapters_text(out, "statement").startswith(f"# {title}\n")


def test_a_chapter_number_set_apart_from_its_han_title_opens_the_chapter(tmp_path):
    """texlive-zh-cn (and debian-edu-bullseye-manual, tlmgr-intro-zh-cn): a section set '1  简介' at
    14.3 pt over 10 pt text, the number in a bold Latin font one em left of the title in a Han font
    without bold.  The number stayed a block of its own (another weight), read as a key figure, and
    ended the previous chapter as an aside ('> 2'); the outline's chapter opened at the bare title."""
    doc = pymupdf.open()
    toc = []
    for n, title in enumerate(["简介", "安装", "致谢"], start=1):
        page = doc.new_page(width=595, height=842)
        page.insert_text((74, 100), str(n), fontsize=14.3, fontname="hebo")
        page.insert_text((97, 100), title, fontsize=14.3, fontname="china-s")
        for i in range(5):
            page.insert_text((74, 130 + 14 * i), f"第{n}节的正文第{i}行说明本节要讲的内容和它的用法。", fontsize=10,
                             fontname="china-s")
        toc.append([1, title, n])
    doc.set_toc(toc)
    chapters, text = cleaned_chapters(doc, tmp_path, "zh")
    assert first_lines(chapters) == ["# 1 简介", "# 2 安装", "# 3 致谢"]
    assert "\n> " not in text, text
