"""Regressions found by running odd real PDFs (pypdf's sample files) through the pipeline.

Each test builds its PDF with PyMuPDF (deterministic code, no binary
committed) reproducing the one feature of the real file that broke, and is
named after the bug.
"""

from __future__ import annotations

import json
from pathlib import Path

import pymupdf
import pytest

from pipeline import patterns as P
from pipeline.cli import main
from pipeline.config import Config
from pipeline.output import render_block
from pipeline.runner import run_document
from pipeline.types import BODY, HEADING, TABLE

from .helpers import block, chapters_text, save_pdf

REGISTER_LINE = "Line {} of the register lists a member with its address and its agent."


def _manifest(out: Path, doc_id: str) -> dict:
    return json.loads((out / doc_id / "manifest.json").read_text(encoding="utf-8"))


def test_whole_document_title_from_a_heading_below_the_first_line_is_not_repeated(tmp_path):
    """indirect-rotation.pdf / SF424_page2.pdf: no chapter structure, so one chapter titled by the
    first page's heading; that heading stood below a filing stamp, was taken as the title and
    stayed in the body too ('# Members…' then '## Members…')."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 60), "Filed with the registry on 27 January 2015, reference 010099-061.", fontsize=10)
    page.insert_text((72, 110), "Members of the Council", fontsize=12, fontname="hebo")
    for i in range(6):
        page.insert_text((72, 150 + 14 * i), REGISTER_LINE.format(i), fontsize=10)
    pdf = save_pdf(doc, tmp_path / "stamped.pdf")
    out = tmp_path / "out"
    assert run_document(pdf, "stamped", out, Config())["status"] == "ok"
    text = chapters_text(out, "stamped")
    assert text.startswith("# Members of the Council\n")
    assert text.count("Members of the Council") == 1, text
    assert "Filed with the registry on 27 January 2015" in text and REGISTER_LINE.format(5) in text
    assert [ch["title"] for ch in _manifest(out, "stamped")["chapters"]] == ["Members of the Council"]


def test_paragraphs_starting_with_markdown_marks_are_escaped(tmp_path):
    """indirect-rotation.pdf: an address line '# 1 4 - 0 1 The Metropolis Tower' came out as a
    '# ' line, which the output contract reserves for the chapter title ('## ' sections, '> '
    asides); '# of stores' in a 10-K or '> 50% of revenue' would do the same.  Such a paragraph
    (or table row) starts with a backslash in the Markdown; corpus.jsonl keeps the text as it is."""
    paragraphs = ["The group kept opening stores in every region during the year under review.",
                  "# of stores at year end rose to 1,204, of which 312 are franchised outlets.",
                  "> 50% of revenue came from the stores opened in the last five years.",
                  "## 3 is the store format the group tested in two cities this year."]
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 90), "Store Network", fontsize=18)
    for i, text in enumerate(paragraphs):
        page.insert_text((72, 130 + 30 * i), text, fontsize=10)
    pdf = save_pdf(doc, tmp_path / "marks.pdf")
    out = tmp_path / "out"
    status = run_document(pdf, "marks", out, Config())
    assert status["status"] == "ok"
    lines = chapters_text(out, "marks").splitlines()
    assert lines[0] == "# Store Network"
    assert [ln for ln in lines[1:] if ln.startswith(("#", ">"))] == []
    assert [ln[1:] for ln in lines if ln.startswith("\\")] == paragraphs[1:]
    assert status["records"][0]["text"].split("\n\n") == paragraphs


@pytest.mark.parametrize("kind,text,markdown", [
    (BODY, "# of stores 1,204", "\\# of stores 1,204"),
    (BODY, "#1 in the market", "#1 in the market"),  # no heading without a space after the marks
    (BODY, "####### seven marks", "####### seven marks"),  # at most six marks make a heading
    (BODY, ">50% of sales", "\\>50% of sales"),
    (BODY, "Growth > 5% #", "Growth > 5% #"),  # only a line start counts
    (TABLE, "Item | 2022\n# of stores | 1,204\n> 1 year | 12", "Item | 2022\n\\# of stores | 1,204\n\\> 1 year | 12"),
    (HEADING, "# of stores", "## # of stores"),  # inside a heading the marks are text already
])
def test_render_block_escapes_line_starts(kind, text, markdown):
    assert render_block(block(text, (72, 100, 300, 112), kind=kind)) == markdown


def test_measured_text_reads_escaped_lines_as_text():
    chapter = "# Title\n\n\\# of stores 1,204\n\n\\> 50% of revenue\n\n## Section\n\n> an aside\n"
    assert P.MARKUP_PREFIX.sub("", chapter) == "Title\n\n# of stores 1,204\n\n> 50% of revenue\n\nSection\n\nan aside\n"


def test_a_document_whose_every_block_is_removed_fails_with_a_reason(tmp_path, capsys):
    """two-different-pages.pdf: pages holding only their page numbers came out 'ok' with no
    chapter file at all, a folder that looks done; like a PDF without a text layer, it fails,
    names what went, and leaves no folder while the batch goes on."""
    batch = tmp_path / "in"
    batch.mkdir()
    doc = pymupdf.open()
    for number in (1, 2, 3):
        doc.new_page(width=595, height=842).insert_text((297, 800), str(number), fontsize=10)
    pdf = save_pdf(doc, batch / "numbers.pdf")
    (batch / "good.txt").write_text("Overview\n\nThe group grew in every region this year.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(batch), "--out", str(out)]) == 1
    failed = [json.loads(ln) for ln in (out / "failed.jsonl").read_text(encoding="utf-8").splitlines()]
    reason = "nothing left after cleaning: all 3 text blocks were removed (page_number 3)"
    assert [(f["doc"], f["stage"], f["reason"]) for f in failed] == [("numbers", "clean", reason)]
    assert f"FAILED {pdf}: {reason}" in capsys.readouterr().err
    assert not (out / "numbers").exists() and (out / "good" / "manifest.json").is_file()


OCR_PAGES = (
    ("Income statement", "Revenue rose in every region of the group during the year."),
    ("Balance sheet", "Assets grew with the two plants the group opened in the north."),
    ("Cash flow statement", "Cash from operations paid for the new plants without new debt."),
)


def test_an_ocr_text_layer_is_not_a_watermark(tmp_path):
    """Seige_of_Vicksburg_Sample_OCR.pdf: a scan under an invisible OCR text layer (render mode 3,
    which MuPDF reports as alpha 0) had every recurring block taken for a watermark, wherever it
    stood: a 'Total' row and its figure, folded to '0,000', went from every page.  Only text seen
    through (partly transparent) is a watermark."""
    doc = pymupdf.open()
    for n, (title, sentence) in enumerate(OCR_PAGES):
        page = doc.new_page(width=595, height=842)
        page.insert_text((72, 90), title, fontsize=18, render_mode=3)
        page.insert_text((72, 130), sentence, fontsize=10, render_mode=3)
        page.insert_text((72, 300), "Total", fontsize=10, render_mode=3)
        page.insert_text((400, 300), f"{n + 1},234", fontsize=10, render_mode=3)
    pdf = save_pdf(doc, tmp_path / "ocr.pdf")
    out = tmp_path / "out"
    assert run_document(pdf, "ocr", out, Config())["status"] == "ok"
    text = chapters_text(out, "ocr")
    assert all(title in text and sentence in text for title, sentence in OCR_PAGES)
    assert text.count("Total") == 3 and all(f"{n},234" in text for n in (1, 2, 3))
    assert "watermark" not in _manifest(out, "ocr")["removed"]


def test_see_through_text_recurring_is_still_a_watermark(tmp_path):
    """The other side of the OCR fix: 'DRAFT' stamped half transparent over every page goes."""
    doc = pymupdf.open()
    for title, sentence in OCR_PAGES:
        page = doc.new_page(width=595, height=842)
        page.insert_text((72, 90), title, fontsize=18)
        page.insert_text((72, 130), sentence, fontsize=10)
        page.insert_text((250, 450), "DRAFT", fontsize=40, fill_opacity=0.3)
    pdf = save_pdf(doc, tmp_path / "draft.pdf")
    out = tmp_path / "out"
    assert run_document(pdf, "draft", out, Config())["status"] == "ok"
    text = chapters_text(out, "draft")
    assert "DRAFT" not in text and all(sentence in text for _, sentence in OCR_PAGES)
    assert _manifest(out, "draft")["removed"] == {"watermark": 3}


def test_template_bookmark_tags_go_before_the_blocks_and_keep_their_table(tmp_path):
    """zh_tebon (a broker report made with the Wind template) carries bookmark tags that a clip
    path hides on the page ("[Table_Main]", "[Table_Base]" over a side table's heads).  MuPDF
    reads them: they stood in the output ("> [Table_Main]", "[Table_Base]股票数据 | …").  Taken
    out as lines, after the blocks were built, they left their table a run-on paragraph; they go
    before the blocks (reason template_tag, stage extract) and the table stays a table."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 60), "[Table_Main]", fontsize=9)
    page.insert_text((72, 90), "Quarterly review of the group", fontsize=16)
    page.insert_textbox(pymupdf.Rect(72, 110, 520, 200), REGISTER_LINE.format(1) * 3, fontsize=10)
    page.insert_text((72, 240), "[Table_Base]", fontsize=9)
    rows = [("Item", "2022", "2023"), ("Revenue", "746", "1,567"), ("Net profit", "59", "173"), ("Assets", "900", "1,200")]
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            page.insert_text((72 + 150 * c, 260 + 16 * r), cell, fontsize=10)
    path = save_pdf(doc, tmp_path / "tags.pdf")
    status = run_document(path, "tags", tmp_path / "out", Config())
    assert status["status"] == "ok", status
    text = chapters_text(tmp_path / "out", "tags")
    assert "[Table_" not in text and "Revenue | 746 | 1,567" in text
    removed = [json.loads(ln) for ln in (tmp_path / "out" / "tags" / "removed.jsonl").read_text().splitlines()]
    assert {(r["text"], r["reason"], r["stage"]) for r in removed if r["reason"] == "template_tag"} == {
        ("[Table_Main]", "template_tag", "extract"), ("[Table_Base]", "template_tag", "extract")}
