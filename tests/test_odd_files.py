"""Odd files process or are flagged (issue 8): scanned pages, rotated pages, mixed and
huge page sizes, garbled fonts, stray characters, very long documents."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pymupdf
import pytest

from fixtures import hostile as H
from pipeline.config import Config
from pipeline.process import process
from pipeline.quality import GARBLED_WARN, document_warnings
from pipeline.runner import run_document
from pipeline.types import Page, Span
from pipeline.upright import turn_box, upright_turn

from .conftest import ROOT

SLOW = os.environ.get("REPORTCLEAN_SLOW") == "1"


def _run(path: Path, out: Path) -> tuple[dict, dict]:
    status = run_document(path, path.stem, out, Config())
    manifest_path = out / path.stem / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    return status, manifest


def _reading(result) -> str:
    return "\n".join([ch.title for ch in result.chapters] + [b.text for ch in result.chapters for b in ch.blocks])


def _in_order(text: str, parts: list[str]) -> bool:
    places = [text.find(p) for p in parts]
    return all(p >= 0 for p in places) and places == sorted(places)


# --- scanned pages --------------------------------------------------------------

def test_scanned_pages_are_counted_and_flagged(tmp_path):
    pdf = H.scanned_pdf(tmp_path / "partly.pdf", [True, False, True, False])
    status, manifest = _run(pdf, tmp_path / "out")
    assert status["status"] == "ok"
    assert manifest["pages_without_text"] == 2
    warning = next(w for w in manifest["warnings"] if w["code"] == "no_text_layer")
    assert warning["pages"] == [2, 4] and "2 of 4 pages" in warning["message"]


def test_fully_scanned_pdf_fails_with_a_clear_reason(tmp_path):
    """Decision: a PDF without any text layer fails (no OCR): an empty chapter would look done."""
    pdf = H.scanned_pdf(tmp_path / "scan.pdf", [False, False, False])
    status, _ = _run(pdf, tmp_path / "out")
    assert status["status"] == "failed" and status["stage"] == "extract"
    assert status["reason"] == "no text layer on any of its 3 pages (scanned or empty; no OCR)"
    assert not (tmp_path / "out" / "scan").exists()


# --- rotated pages -------------------------------------------------------------

@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_turned_content_on_a_rotated_page_reads_in_order(tmp_path, rotation):
    """Text drawn turned and shown upright by /Rotate comes out horizontal, top to bottom."""
    pdf, lines = H.rotated_pdf(tmp_path / f"r{rotation}.pdf", rotation, content_turned=True)
    result = process(pdf, "r", Config())
    assert _in_order(_reading(result), lines)
    page = result.doc.pages[0]
    assert (page.width, page.height) == ((842.0, 595.0) if rotation in (90, 270) else (595.0, 842.0))
    assert page.region == (0.0, 0.0, 595.0, 842.0)  # unrotated MediaBox space, as documented
    assert page.flags == ((f"turned_{rotation}",) if rotation else ())
    assert all("rotated" not in b.flags for b in result.doc.blocks())


def test_upright_content_on_a_rotated_page_reads_in_order(tmp_path):
    """/Rotate 90 over upright text (a viewer shows it sideways): still read line by line."""
    pdf, lines = H.rotated_pdf(tmp_path / "sideways.pdf", 90, content_turned=False)
    result = process(pdf, "s", Config())
    assert _in_order(_reading(result), lines)
    assert all("rotated" not in b.flags for b in result.doc.blocks())


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_turn_box_agrees_with_pymupdf_rotation(rotation):
    page = pymupdf.open().new_page(width=595, height=842)
    page.set_rotation(rotation)
    box = (72.0, 100.0, 300.0, 130.0)
    want = pymupdf.Rect(box) * page.rotation_matrix
    assert turn_box(box, rotation, 595, 842) == pytest.approx(tuple(want), abs=1e-6)
    w, h = (842, 595) if rotation in (90, 270) else (595, 842)
    assert turn_box(turn_box(box, rotation, 595, 842), 360 - rotation, w, h) == pytest.approx(box)


@pytest.mark.parametrize("directions,turn", [
    ([(1.0, 0.0)], 0), ([(0.0, -1.0)], 90), ([(-1.0, 0.0)], 180), ([(0.0, 1.0)], 270),
    ([(0.0, -1.0), (1.0, 0.0), (1.0, 0.0)], 0),  # a sideways axis label on an upright page
    ([(0.7, -0.7)], 0),  # a diagonal watermark never turns a page
])
def test_upright_turn(directions, turn):
    spans = [Span("some text", (0, 0, 10, 10), direction=d) for d in directions]
    assert upright_turn(spans) == turn


# --- page sizes ----------------------------------------------------------------

def test_mixed_and_huge_page_sizes(tmp_path):
    sizes = [(595, 842), (200, 200), (14400, 14400), (842, 595), (595, 842)]
    pdf, sentences = H.mixed_sizes_pdf(tmp_path / "mixed.pdf", sizes)
    result = process(pdf, "m", Config())
    assert _in_order(_reading(result), sentences)
    assert [(p.width, p.height) for p in result.doc.pages] == [(float(w), float(h)) for w, h in sizes]


# --- warnings --------------------------------------------------------------------

@pytest.mark.parametrize("meta,empty_pages,texts,codes", [
    ({}, [], ["plain text"], []),
    ({"repaired": True}, [], ["plain text"], ["repaired"]),
    ({"page_errors": [{"page": 3, "error": "syntax error"}]}, [], ["x"], ["damaged_pages"]),
    ({}, [1, 3], ["x"], ["no_text_layer"]),
    ({}, [], ["ab\ue000"], ["garbled"]),  # 1 of 3 characters
    ({}, [], ["a" * 99 + "\ufffd"], []),  # 1% is below the threshold
    ({"repaired": True, "page_errors": [{"page": 1, "error": "e"}]}, [2], ["\ufffd"],
     ["repaired", "damaged_pages", "no_text_layer", "garbled"]),
    # pikepdf's cmyk.pdf: UTF-16 read with its bytes swapped ("Multicolor" as CJK-looking text)
    ({}, [], ["\u4d00\u7500\u6c00\u7400\u6900\u6300\u6f00\u6c00\u6f00\u7200 text"], ["byte_swapped"]),
    ({}, [], ["一个开放的最新报告。" * 3], []),  # real Chinese holds a few such characters (一 is U+4E00)
])
def test_document_warnings(meta, empty_pages, texts, codes):
    pages = [Page(i, 100, 100, flags=("no_text_layer",) if i + 1 in empty_pages else ()) for i in range(3)]
    warnings = document_warnings(meta, pages, texts)
    assert [w["code"] for w in warnings] == codes
    assert all(w["message"] and "\n" not in w["message"] for w in warnings)


# --- garbled text and stray characters ------------------------------------------

def test_garbled_font_is_flagged(tmp_path):
    status, manifest = _run(H.garbled_pdf(tmp_path / "garbled.pdf"), tmp_path / "out")
    assert status["status"] == "ok"
    warning = next(w for w in manifest["warnings"] if w["code"] == "garbled")
    assert warning["share"] > GARBLED_WARN and manifest["quality"]["garbled_share"] == warning["share"]


def test_clean_pdf_has_no_warnings(tmp_path):
    status, manifest = _run(H.scanned_pdf(tmp_path / "fine.pdf", [True, True]), tmp_path / "out")
    assert status["status"] == "ok" and manifest["warnings"] == [] and manifest["pages_without_text"] == 0


def test_stray_characters_are_normalised_end_to_end(tmp_path):
    dump = tmp_path / "stray.txt"
    dump.write_text("第一章 总则\n\n"
                    "The \ufb01nal \ufb02ow of\u00a0funds\u200b was \u202estrong\u202c and\u2028steady\x0bhere.\n\n"
                    "Bidi \u200fmarks\u200e and \u2066isolates\u2069 go; soft\u00adhyphens too.\n", encoding="utf-8")
    status, manifest = _run(dump, tmp_path / "out")
    assert status["status"] == "ok"
    text = "".join(f.read_text(encoding="utf-8") for f in (tmp_path / "out" / "stray" / "chapters").glob("*.md"))
    assert "The final flow of funds was strong and steady here." in text
    assert "Bidi marks and isolates go; softhyphens too." in text
    assert manifest["warnings"] == []


def test_private_use_text_is_kept_and_flagged(tmp_path):
    dump = tmp_path / "pua.txt"
    dump.write_text("Title\n\nA line of \ue001\ue002\ue003\ue004\ue005 glyphs from a symbol font.\n", encoding="utf-8")
    status, manifest = _run(dump, tmp_path / "out")
    assert status["status"] == "ok"
    assert [w["code"] for w in manifest["warnings"]] == ["garbled"]


# --- very long documents --------------------------------------------------------

MEASURE = textwrap.dedent("""
    import json, resource, sys, time
    from pathlib import Path
    from fixtures.hostile import long_pdf
    from pipeline.config import Config
    from pipeline.process import process
    pages = int(sys.argv[1])
    pdf = long_pdf(Path(sys.argv[2]), pages)
    start = time.perf_counter()
    result = process(pdf, "long", Config())
    print(json.dumps({"pages": len(result.doc.pages), "chapters": len(result.chapters),
                      "seconds": round(time.perf_counter() - start, 2),
                      "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}))
""")


def _measure(pages: int, tmp_path: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", MEASURE, str(pages), str(tmp_path / "long.pdf")], cwd=ROOT,
                          capture_output=True, text=True, timeout=600, check=True)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"long document: {figures}")
    return figures


def test_long_document_is_processed_whole(tmp_path):
    """The cheap check: 300 pages, every page and part there (each 50 pages start a part)."""
    figures = _measure(300, tmp_path)
    assert figures["pages"] == 300 and figures["chapters"] == 6


@pytest.mark.slow
@pytest.mark.skipif(not SLOW, reason="5,000 pages take ~25 s; set REPORTCLEAN_SLOW=1")
def test_five_thousand_pages_fit_in_memory(tmp_path):
    figures = _measure(5000, tmp_path)
    assert figures["pages"] == 5000 and figures["chapters"] == 100
    assert figures["peak_rss_mb"] < Config().limits.memory_mb / 4
