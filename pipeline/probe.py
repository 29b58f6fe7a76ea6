"""Open a PDF and learn what it is before extracting: boxes, XMP, outline.

The only modules that import PyMuPDF are this one and ``extract``.  Opening
problems (not a PDF, damaged beyond repair, encrypted, no pages) raise
:class:`BadInput` with a one-line reason.  What it cannot do: judge a page's
content; that is left to the extraction and imposition stages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pymupdf

from . import patterns as P
from .types import BadInput, BBox, OutlineEntry

pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)


@dataclass(frozen=True)
class PageBoxes:
    """One PDF page's boxes in PyMuPDF page coordinates (origin: CropBox top-left)."""

    visible: BBox  # what a printer keeps: CropBox, narrowed to the TrimBox when inside it
    crop: BBox
    media: BBox  # the MediaBox, shifted into page coordinates (may reach beyond the crop)
    trimmed: bool  # True when the TrimBox narrowed the visible area
    rotation: int


@dataclass(frozen=True)
class Probe:
    page_count: int
    xmp: dict[str, Any] = field(default_factory=dict)
    metadata: dict[str, str] = field(default_factory=dict)
    outline: tuple[OutlineEntry, ...] = ()
    repaired: bool = False


def open_pdf(path: Path, password: str = "") -> pymupdf.Document:
    """Open ``path`` as a PDF or raise BadInput saying why not."""
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except Exception as exc:  # MuPDF raises several types for broken files
        raise BadInput(f"not a readable PDF: {_short(exc)}") from None
    if doc.needs_pass and not (password and doc.authenticate(password)):
        doc.close()
        raise BadInput("encrypted PDF: needs a password (--password)" if not password else "encrypted PDF: wrong password")
    if doc.page_count == 0:
        doc.close()
        raise BadInput("PDF has no pages")
    return doc


def probe(doc: pymupdf.Document) -> Probe:
    """Document-level facts: page count, XMP imposition summary, metadata, outline."""
    meta = {k: v for k, v in (doc.metadata or {}).items() if v}
    return Probe(
        page_count=doc.page_count,
        xmp=summarize_xmp(_safe(doc.get_xml_metadata, "")),
        metadata=meta,
        outline=read_outline(doc),
        repaired=bool(getattr(doc, "is_repaired", False)),
    )


def page_boxes(page: pymupdf.Page, use_trimbox: bool = True) -> PageBoxes:
    """The page's visible area and boxes, in page coordinates."""
    off = page.cropbox_position
    crop = (0.0, 0.0, page.cropbox.width, page.cropbox.height)
    mb = page.mediabox
    media = (mb.x0 - off.x, mb.y0 - off.y, mb.x1 - off.x, mb.y1 - off.y)
    visible, trimmed = crop, False
    if use_trimbox:
        tb = page.trimbox
        trim = (tb.x0 - off.x, tb.y0 - off.y, tb.x1 - off.x, tb.y1 - off.y)
        inside = trim[0] >= crop[0] - 0.5 and trim[1] >= crop[1] - 0.5 and trim[2] <= crop[2] + 0.5 and trim[3] <= crop[3] + 0.5
        smaller = (trim[2] - trim[0]) * (trim[3] - trim[1]) < 0.995 * crop[2] * crop[3]
        if inside and smaller and trim[2] > trim[0] and trim[3] > trim[1]:
            visible, trimmed = trim, True
    return PageBoxes(visible, crop, media, trimmed, page.rotation)


def summarize_xmp(xmp: str) -> dict[str, Any]:
    """What imposition software left in the XMP: tools and history words, never as text."""
    if not xmp:
        return {}
    hits = sorted({m.group(0) for m in P.IMPOSITION_WORDS.finditer(xmp)})
    tools = sorted({t for t in ("Quite Imposing", "QuiteImposing", "pdfjam", "InDesign", "Acrobat", "Splitter")
                    if t.lower() in xmp.lower()})
    out: dict[str, Any] = {"bytes": len(xmp)}
    if hits or tools:
        out["imposition_words"] = hits[:20]
        out["tools"] = tools
    return out


def read_outline(doc: pymupdf.Document) -> tuple[OutlineEntry, ...]:
    """The PDF outline (bookmarks) as (level, title, 0-based page) entries."""
    toc = _safe(lambda: doc.get_toc(simple=True), [])
    return tuple(OutlineEntry(int(lvl), str(title).strip(), int(page) - 1) for lvl, title, page in toc)


def _safe(fn: Any, default: Any) -> Any:
    try:
        return fn()
    except Exception:
        return default


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]
