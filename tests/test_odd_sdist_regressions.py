"""Regressions found by running the test PDFs of pikepdf, ocrmypdf and tabula-py through the pipeline.

Each test builds its PDF with PyMuPDF (deterministic code, no binary
committed) reproducing the one feature of the real file that broke, and is
named after the bug.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf

from pipeline.config import Config
from pipeline.runner import run_document


def _save(doc: pymupdf.Document, path: Path) -> Path:
    doc.set_metadata({"creationDate": "D:20230101000000", "modDate": "D:20230101000000"})
    doc.save(path, garbage=1, deflate=True, no_new_id=True)
    doc.close()
    return path


def _markdown(out: Path, doc_id: str) -> str:
    return "".join(f.read_text(encoding="utf-8") for f in sorted((out / doc_id / "chapters").glob("*.md")))


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
    pdf = _save(doc, tmp_path / "donors.pdf")
    out = tmp_path / "out"
    assert run_document(pdf, "donors", out, Config())["status"] == "ok"
    text = _markdown(out, "donors")
    for i in range(6):
        row = f"SURNAME{i} | FIRST NAME {i} | 2{i}.083.460 20-2{i}083460-5 0{i + 1}/10/2013 CASH | $ {i + 1}0.000,00"
        assert row in text.splitlines(), text

