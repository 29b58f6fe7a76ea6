"""Regressions found by running odd real PDFs (pypdf's sample files) through the pipeline.

Each test builds its PDF with PyMuPDF (deterministic code, no binary
committed) reproducing the one feature of the real file that broke, and is
named after the bug.
"""

from __future__ import annotations

import json
from pathlib import Path

import pymupdf

from pipeline.config import Config
from pipeline.runner import run_document

REGISTER_LINE = "Line {} of the register lists a member with its address and its agent."


def _save(doc: pymupdf.Document, path: Path) -> Path:
    doc.set_metadata({"creationDate": "D:20230101000000", "modDate": "D:20230101000000"})
    doc.save(path, garbage=1, deflate=True, no_new_id=True)
    doc.close()
    return path


def _markdown(out: Path, doc_id: str) -> str:
    return "".join(f.read_text(encoding="utf-8") for f in sorted((out / doc_id / "chapters").glob("*.md")))


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
    pdf = _save(doc, tmp_path / "stamped.pdf")
    out = tmp_path / "out"
    assert run_document(pdf, "stamped", out, Config())["status"] == "ok"
    text = _markdown(out, "stamped")
    assert text.startswith("# Members of the Council\n")
    assert text.count("Members of the Council") == 1, text
    assert "Filed with the registry on 27 January 2015" in text and REGISTER_LINE.format(5) in text
    assert [ch["title"] for ch in _manifest(out, "stamped")["chapters"]] == ["Members of the Council"]

