"""Audit pages draw a page the pipeline turned upright turned too, so boxes sit on their text."""

from __future__ import annotations

import base64
import json

import pymupdf

from pipeline.audit import write_audit
from pipeline.cli import main


def _sideways_pdf(path):
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for i in range(12):  # text set a quarter turn, reading bottom to top
        page.insert_text((100 + 30 * i, 700), f"Sideways line {i} of a timetable set a quarter turn.", fontsize=11, rotate=90)
    doc.save(path)


def test_turned_page_is_drawn_turned(tmp_path):
    pdf, out = tmp_path / "sideways.pdf", tmp_path / "out"
    _sideways_pdf(pdf)
    assert main(["run", str(pdf), "--out", str(out)]) == 0
    manifest = json.loads((out / "sideways" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["turned_pages"] == {"1": 90} or manifest["turned_pages"] == {"1": 270}
    html, _ = write_audit(out / "sideways")
    text = html.read_text(encoding="utf-8")
    uri = text.split("data:image/png;base64,")[1].split('"')[0]
    png = pymupdf.Pixmap(base64.b64decode(uri))
    assert png.width > png.height  # the portrait page is drawn landscape, as its text reads
