"""The raw text layer of an input, per logical page: the reference for recall.

This is the second module that imports PyMuPDF (after ``probe``/``extract``),
and it is for measurement only: nothing it returns reaches the cleaned
output.  It asks PyMuPDF for plain text (``page.get_text()``) clipped to what
a logical page shows, so a check can ask "how much of what the PDF says did
the cleaner keep?" without trusting the cleaner's own extraction.

Which area a logical page shows: ``manifest["imposition"]["mapping"]`` when
the imposition stage wrote one (source PDF page and region per logical page),
else PDF page N is logical page N and shows its visible area (CropBox
narrowed to the TrimBox, as ``probe.page_boxes`` decides).  A ``.txt`` dump's
raw layer is the file's text, as one page.

Limits: plain text in PyMuPDF's order, with no de-hyphenation and no reading
order; text drawn as paths or images is not there (no OCR); a glyph that
straddles the clip edge is kept or dropped as MuPDF decides, which may differ
from ``extract``'s glyph-by-glyph cut.  Rotated pages are clipped in
PyMuPDF's page coordinates, like ``extract``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pymupdf

from .probe import page_boxes
from .types import BBox

TEXT_SUFFIXES = {".txt", ".text"}


@dataclass(frozen=True)
class PageSource:
    """Where logical page ``page`` (1-based) comes from: PDF page ``pdf_page`` (0-based), ``region``.

    ``region`` is ``(x0, top, x1, bottom)`` in PyMuPDF page coordinates (origin
    at the CropBox's top-left), or None for the page's visible area.
    """

    page: int
    pdf_page: int
    region: BBox | None = None


def page_sources(manifest: Mapping[str, Any], pdf_pages: int) -> list[PageSource]:
    """Logical pages of a document, from the imposition mapping when there is one, else 1:1.

    The mapping may be a list of entries or a dict keyed by logical page; an
    entry names its logical page (``page``/``logical``, 1-based), its PDF page
    (``source_page``/``pdf_page``, 1-based like every output file) and a
    ``region``.  Entries that cannot be read are skipped; a mapping with no
    readable entry counts as absent.
    """
    mapping = (manifest.get("imposition") or {}).get("mapping")
    sources = _read_mapping(mapping) if mapping else []
    if sources:
        return sorted(sources, key=lambda s: s.page)
    count = int(manifest.get("pages") or pdf_pages)
    return [PageSource(i + 1, i) for i in range(min(count, pdf_pages) if pdf_pages else count)]


def _read_mapping(mapping: Any) -> list[PageSource]:
    items: list[tuple[Any, Any]] = (list(mapping.items()) if isinstance(mapping, Mapping)
                                    else [(None, m) for m in mapping] if isinstance(mapping, Sequence) else [])
    out = []
    for key, entry in items:
        source = _read_entry(key, entry)
        if source is not None:
            out.append(source)
    return out


def _read_entry(key: Any, entry: Any) -> PageSource | None:
    if not isinstance(entry, Mapping):
        return None
    try:
        page = int(entry.get("page", entry.get("logical", key)))
        pdf_page = int(entry.get("source_page", entry.get("pdf_page"))) - 1
        region = entry.get("region")
        box = tuple(float(v) for v in region) if region else None
    except (TypeError, ValueError):
        return None
    if pdf_page < 0 or (box is not None and len(box) != 4):
        return None
    return PageSource(page, pdf_page, box)  # type: ignore[arg-type]


def visible_rect(page: pymupdf.Page, source: PageSource, use_trimbox: bool = True) -> pymupdf.Rect:
    """The area of ``page`` that logical page ``source`` shows, in page coordinates."""
    if source.region is not None:
        return pymupdf.Rect(source.region)
    return pymupdf.Rect(page_boxes(page, use_trimbox).visible)


def use_trimbox(manifest: Mapping[str, Any]) -> bool:
    """The extraction setting the document was cleaned with (default True)."""
    settings = (manifest.get("config") or {}).get("settings") or {}
    return bool((settings.get("extract") or {}).get("use_trimbox", True))


def raw_pages(path: Path, manifest: Mapping[str, Any]) -> list[str]:
    """The raw text of every logical page of ``path``; a text dump is one page.

    Raises:
        OSError, RuntimeError: when the file cannot be read or opened (MuPDF's errors).
    """
    if path.suffix.lower() in TEXT_SUFFIXES:
        return [path.read_text(encoding="utf-8", errors="replace")]
    with pymupdf.open(path) as pdf:
        trim = use_trimbox(manifest)
        texts = []
        for source in page_sources(manifest, pdf.page_count):
            if source.pdf_page >= pdf.page_count:
                continue
            page = pdf[source.pdf_page]
            texts.append(page.get_text(clip=visible_rect(page, source, trim)))
        return texts
