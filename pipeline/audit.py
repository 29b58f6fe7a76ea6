"""Audit pages: what was kept, removed and read in which order, drawn on the pages.

``reportclean report`` writes ``<doc>/audit.html`` per document and an
``index.html`` for the batch.  Each logical page is a PNG of the source page
with absolutely positioned boxes coloured by fate (kept body, heading, aside,
table, caption; removed, with stage and reason on hover), the output order
numbered, chapter starts marked; above the pages the detected imposition and
the document's metrics.  Everything is inline (base64 images, CSS, a few
lines of JS), so a page opens from disk with no server.

This is the third module that imports PyMuPDF, for rendering only: it reads
the source PDF to draw pages and to show text that lies outside the visible
area (a slug line beyond the TrimBox) as grey ``clipped`` boxes, which the
cleaner never extracted and so never logged in ``removed.jsonl``.

Limits: on a rotated page boxes may be misplaced (they are in unrotated
coordinates); text dumps, and PDFs whose source has moved, get no image:
their blocks are listed in line order; a paragraph joined across a page
break has one box, on the page where it starts (``blocks.jsonl`` holds one
page and box per block).
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pymupdf

from .auditpage import Box, Sheet, document_html, index_html, page_html
from .io import atomic_write_text
from .measure import DocOutput, load_output, measure
from .rawtext import PageSource, page_sources, raw_pages, use_trimbox, visible_rect
from .upright import turn_box, turned_size

PAGE_PX = 540  # width of a page image in pixels: readable headings, ~40-150 kB per page
MIN_DPI, MAX_DPI = 36.0, 144.0  # resolution bounds for very large or very small pages
MAX_TEXT = 300  # characters of a block's text in its hover title
FATES = {  # fate -> colour
    "body": "#2e9d46", "heading": "#1f5fd1", "aside": "#8a3fc7", "table": "#0f8b8d", "caption": "#8c8c1a",
    "removed": "#d62728", "duplicate": "#f08c00", "clipped": "#7f7f7f",
}
DEDUP_STAGES = {"dedup"}


def kept_boxes(blocks: Sequence[Mapping[str, Any]], titles: Mapping[int, str]) -> dict[int, list[Box]]:
    """Kept blocks per page (1-based), numbered in output order, chapter starts marked."""
    out: dict[int, list[Box]] = {}
    seen: set[int] = set()
    for n, b in enumerate(blocks, 1):
        chapter = int(b.get("chapter", 0))
        start = f"Chapter {chapter}: {titles.get(chapter, '')}" if chapter not in seen else ""
        seen.add(chapter)
        title = f"#{n} kept {b.get('kind', 'body')} (chapter {chapter}, order {b.get('order')}, {b.get('block')})"
        box = Box(_bbox(b), str(b.get("kind", "body")), f"{title}\n{_short(b.get('text', ''))}", n, start)
        out.setdefault(int(b["page"]), []).append(box)
    return out


def removed_boxes(removed: Iterable[Mapping[str, Any]]) -> dict[int, list[Box]]:
    """Removed blocks per page (1-based), reason and stage in the hover title."""
    out: dict[int, list[Box]] = {}
    for r in removed:
        fate = "duplicate" if r.get("stage") in DEDUP_STAGES else "removed"
        kept = f", duplicate of {r['kept']} (similarity {r.get('similarity')})" if r.get("kept") else ""
        title = f"removed: {r.get('reason')} (stage {r.get('stage')}, {r.get('block')}{kept})\n{_short(r.get('text', ''))}"
        out.setdefault(int(r["page"]), []).append(Box(_bbox(r), fate, title))
    return out


def _bbox(d: Mapping[str, Any]) -> tuple[float, float, float, float]:
    x0, top, x1, bottom = (float(v) for v in d.get("bbox", (0, 0, 0, 0)))
    return (x0, top, x1, bottom)


def _short(text: Any) -> str:
    s = str(text)
    return s if len(s) <= MAX_TEXT else s[:MAX_TEXT] + "…"


def render_sheets(path: Path, manifest: Mapping[str, Any], px: int = PAGE_PX) -> dict[int, Sheet]:
    """Every logical page of a PDF drawn as a PNG about ``px`` wide; empty for a text dump or an unreadable source."""
    if manifest.get("source", {}).get("kind") != "pdf" or not path.is_file():
        return {}
    try:
        pdf = pymupdf.open(path)
    except (RuntimeError, ValueError):
        return {}
    with pdf:
        trim = use_trimbox(manifest)
        turned = {int(k): int(v) for k, v in manifest.get("turned_pages", {}).items()}
        return {s.page: _sheet(pdf[s.pdf_page], s, trim, px, turned.get(s.page, 0))
                for s in page_sources(manifest, pdf.page_count) if s.pdf_page < pdf.page_count}


def _sheet(page: pymupdf.Page, source: PageSource, trim: bool, px: int, turn: int = 0) -> Sheet:
    """One logical page drawn; a page the pipeline turned upright (``turn``) is drawn turned too,
    so that the blocks' boxes, which are in the turned page's coordinates, sit on their text."""
    vis = visible_rect(page, source, trim)
    area = pymupdf.Rect(source.region) if source.region is not None else page.rect
    dpi = min(MAX_DPI, max(MIN_DPI, 72.0 * px / max(area.width, 1.0)))
    frame = (vis.x0 - area.x0, vis.y0 - area.y0, vis.x1 - area.x0, vis.y1 - area.y0)
    clipped = tuple(_clipped(page, area, vis))
    size = (area.width, area.height)
    if turn:
        png = _turned_png(page, area, turn, dpi)
        frame = turn_box(frame, turn, *size)
        clipped = tuple(Box(turn_box(b.bbox, turn, *size), b.fate, b.title, b.number) for b in clipped)
        size = turned_size(*size, turn)
    else:
        png = page.get_pixmap(dpi=round(dpi), clip=area).tobytes("png")
    uri = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    return Sheet(source.page, uri, size, frame, clipped)


def _turned_png(page: pymupdf.Page, area: pymupdf.Rect, turn: int, dpi: float) -> bytes:
    """``area`` of ``page`` on a page of its own, turned clockwise by ``turn`` degrees, as PNG."""
    sheet = pymupdf.open()
    target = sheet.new_page(width=area.width, height=area.height)
    target.show_pdf_page(target.rect, page.parent, page.number, clip=area)
    target.set_rotation(turn)
    return target.get_pixmap(dpi=round(dpi)).tobytes("png")


def _clipped(page: pymupdf.Page, area: pymupdf.Rect, vis: pymupdf.Rect) -> Iterable[Box]:
    """Text lines drawn on the sheet but wholly outside the visible area (slugs, marks' labels)."""
    for block in page.get_text("dict", clip=area).get("blocks", ()):
        for line in block.get("lines", ()):
            r = pymupdf.Rect(line["bbox"])
            text = "".join(s["text"] for s in line["spans"]).strip()
            if text and not r.intersects(vis):
                bbox = (r.x0 - area.x0, r.y0 - area.y0, r.x1 - area.x0, r.y1 - area.y0)
                yield Box(bbox, "clipped", f"outside the visible area, never extracted\n{_short(text)}")


def source_path(out: DocOutput) -> Path:
    """The input the document was cleaned from, as the manifest names it."""
    return Path(str(out.manifest.get("source", {}).get("path", "")))


def document_metrics(out: DocOutput) -> dict[str, float]:
    """The check metrics of a document folder; recall is NaN when the source cannot be read."""
    try:
        raw: list[str] | None = raw_pages(source_path(out), out.manifest)
    except (OSError, RuntimeError, ValueError):
        raw = None
    return measure(out, raw)


def audit_html(out: DocOutput, metrics: Mapping[str, float], px: int = PAGE_PX) -> str:
    """The self-contained audit page of one document."""
    titles = {int(c.get("index", 0)): str(c.get("title", "")) for c in out.manifest.get("chapters", ())}
    kept, gone = kept_boxes(out.blocks, titles), removed_boxes(out.removed)
    sheets = render_sheets(source_path(out), out.manifest, px)
    count = max([int(out.manifest.get("pages", 0)), *kept, *gone, *sheets, 0])
    pages = [page_html(p, sheets.get(p), gone.get(p, []) + kept.get(p, []), FATES, px) for p in range(1, count + 1)]
    return document_html(out.manifest, metrics, pages, FATES)


def write_audit(folder: Path, dest: Path | None = None, px: int = PAGE_PX) -> tuple[Path, dict[str, float]]:
    """Write ``folder/audit.html`` (or ``dest``); return its path and the document's metrics.

    Raises:
        OSError, ValueError: when the folder holds no readable ``manifest.json``.
    """
    out = load_output(folder)
    metrics = document_metrics(out)
    target = dest or folder / "audit.html"
    atomic_write_text(target, audit_html(out, metrics, px), sole_writer=True)
    return target, metrics


def write_index(target: Path, rows: Sequence[tuple[str, Path, Mapping[str, float]]]) -> Path:
    """Write the batch page ``target`` linking each ``(doc, audit page, metrics)`` relatively."""
    links = [(doc, _relative(page, target.parent), metrics) for doc, page, metrics in rows]
    atomic_write_text(target, index_html(sorted(links, key=lambda r: r[0])), sole_writer=True)
    return target


def _relative(path: Path, start: Path) -> str:
    try:
        return path.resolve().relative_to(start.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_uri()


def document_folders(path: Path) -> list[Path]:
    """``path`` itself when it is a document folder, else the document folders directly inside it."""
    if (path / "manifest.json").is_file():
        return [path]
    if path.is_dir():
        return sorted(p for p in path.iterdir() if (p / "manifest.json").is_file() and not p.name.startswith("."))
    return []


def write_reports(folders: Sequence[Path], html_root: Path | None = None, px: int = PAGE_PX) -> list[Path]:
    """Audit every document folder and write the index; return the pages written, index last.

    Without ``html_root`` each page goes into its document folder and the index
    into the first folder's parent; with it, pages go to
    ``html_root/<doc>/audit.html`` and the index to ``html_root/index.html``.
    """
    rows: list[tuple[str, Path, Mapping[str, float]]] = []
    for folder in folders:
        dest = html_root / folder.name / "audit.html" if html_root else None
        page, metrics = write_audit(folder, dest, px)
        rows.append((folder.name, page, metrics))
    if not rows:
        return []
    index = write_index((html_root or folders[0].parent) / "index.html", rows)
    return [r[1] for r in rows] + [index]
