"""reportclean report: self-contained audit pages, with their boxes, opened in headless Chromium."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pymupdf
import pytest
import regex as re

from fixtures.layouts import build_doc, with_printer_marks
from pipeline.audit import document_folders, write_reports
from pipeline.cli import main
from pipeline.config import Config
from pipeline.runner import run_document

from .conftest import ROOT

ARTIFACTS = ROOT / "artifacts"
BOX = re.compile(r'<div class="box (?:kept|gone) f-(\w+)[^"]*" data-fate="\w+" style="[^"]*" title="([^"]*)"')
CLIP = re.compile(r'<div class="clip gone f-clipped[^"]*" data-fate="clipped" style="[^"]*" title="([^"]*)"')
SHEET = re.compile(r'<img alt="page (\d+)" src="data:image/png;base64,')


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.skip("chromium not installed: apt-get install -y chromium (the audit page is still checked as HTML)")
    return found


def screenshot(page: Path, png: Path) -> Path:
    """Open ``page`` from disk in headless Chromium and save a 1200x1600 screenshot."""
    png.parent.mkdir(parents=True, exist_ok=True)
    png.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                               "--disable-background-networking", "--disable-component-update", "--no-first-run",
                               "--disable-sync", f"--user-data-dir={profile}", f"--screenshot={png}",
                               "--window-size=1200,1600", page.resolve().as_uri()],
                              check=True, capture_output=True, timeout=90)
    for _ in range(50):  # a child process may still be writing when the launcher returns
        if png.is_file() and png.stat().st_size:
            break
        time.sleep(0.1)
    assert png.is_file(), f"chromium wrote no screenshot of {page}: {done.stderr.decode()[-500:]}"
    return png


def assert_non_trivial(png: Path) -> None:
    """A real rendering: a PNG of the window's size with many colours (page images, coloured boxes)."""
    pix = pymupdf.Pixmap(str(png))
    assert (pix.width, pix.height) == (1200, 1600)
    samples, step = pix.samples, pix.n * 97  # every 97th pixel (``samples`` copies: read it once)
    colours = {samples[i:i + 3] for i in range(0, len(samples) - 3, step)}
    assert len(colours) > 50, f"{png} looks blank ({len(colours)} colours)"


@pytest.fixture(scope="module")
def marks_doc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The printer-marks fixture (slug lines outside the TrimBox) cleaned into a document folder."""
    root = tmp_path_factory.mktemp("audit")
    pdf = root / "printer_marks.pdf"
    pdf.write_bytes(with_printer_marks(build_doc())[0])
    status = run_document(pdf, "printer_marks", root / "out", Config())
    assert status["status"] == "ok", status
    folder = root / "out" / "printer_marks"
    assert write_reports([folder]) == [folder / "audit.html", folder.parent / "index.html"]
    return folder


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_audit_page_holds_every_kept_and_removed_block(marks_doc: Path) -> None:
    html = (marks_doc / "audit.html").read_text(encoding="utf-8")
    kept, removed = read_jsonl(marks_doc / "blocks.jsonl"), read_jsonl(marks_doc / "removed.jsonl")
    rendered = {int(p) for p in SHEET.findall(html)}
    manifest = json.loads((marks_doc / "manifest.json").read_text(encoding="utf-8"))
    assert rendered == set(range(1, manifest["pages"] + 1))
    on_pages = [b for b in kept + removed if b["page"] in rendered]
    boxes = BOX.findall(html)
    assert len(boxes) == len(on_pages) > 0
    reasons = {title.split(" (")[0] for fate, title in boxes if fate in ("removed", "duplicate")}
    assert {f"removed: {r['reason']}" for r in removed} == reasons
    assert "src=\"http" not in html and "<script src" not in html  # self-contained


def test_audit_shows_the_slug_outside_the_trim_as_clipped(marks_doc: Path) -> None:
    html = (marks_doc / "audit.html").read_text(encoding="utf-8")
    clipped = CLIP.findall(html)
    assert any("report_2023.indd" in t for t in clipped), "the slug line should show as a clipped box"
    removed = (marks_doc / "removed.jsonl").read_text(encoding="utf-8")
    assert "report_2023.indd" not in removed  # never extracted, so never logged as removed


def test_report_command_writes_pages_and_a_sortable_index(marks_doc: Path, tmp_path: Path) -> None:
    assert document_folders(marks_doc.parent) == [marks_doc]
    assert main(["report", str(marks_doc.parent), "--out", str(tmp_path)]) == 0
    assert (tmp_path / "printer_marks" / "audit.html").is_file()
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert 'href="printer_marks/audit.html"' in index and "table.sortable th" in index
    assert "recall_12: " in index and ">dup<" in index


def test_audit_renders_in_headless_chromium(marks_doc: Path) -> None:
    assert_non_trivial(screenshot(marks_doc / "audit.html", ARTIFACTS / "audit.png"))


@pytest.mark.corpus
def test_audit_of_indesign_marks_shows_slug_and_heads(corpus_dir: Path, tmp_path: Path) -> None:
    status = run_document(corpus_dir / "zh_book_chapter_indesign_marks.pdf", "marks", tmp_path, Config())
    assert status["status"] == "ok", status
    write_reports([tmp_path / "marks"])
    html = (tmp_path / "marks" / "audit.html").read_text(encoding="utf-8")
    removed_titles = [t for fate, t in BOX.findall(html) if fate == "removed"]
    heads = [t for t in removed_titles if t.startswith("removed: running_head")]
    assert any("急诊知识图谱与智能分析" in t for t in heads) and any("人工智能概述" in t for t in heads)
    # The slug lies outside the TrimBox: extraction never sees it, the audit draws it from the PDF.
    assert any(".indd" in t for t in CLIP.findall(html))
    if shutil.which("chromium") or shutil.which("chromium-browser"):
        assert_non_trivial(screenshot(tmp_path / "marks" / "audit.html", ARTIFACTS / "audit_indesign_marks.png"))
