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
from .types import BadInput, BBox, OutlineEntry, PlacedPage

pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)


@dataclass(frozen=True)
class PageBoxes:
    """One PDF page's boxes in PyMuPDF page coordinates (origin: CropBox top-left)."""

    visible: BBox  # what a printer keeps: CropBox, narrowed to the TrimBox when inside it
    crop: BBox
    media: BBox  # the MediaBox, shifted into page coordinates (may reach beyond the crop)
    trimmed: bool  # True when the TrimBox (or crop marks) narrowed the visible area
    rotation: int
    trim_source: str = ""  # "trimbox" | "crop_marks" | "" (not narrowed)


@dataclass(frozen=True)
class Probe:
    page_count: int
    xmp: dict[str, Any] = field(default_factory=dict)
    metadata: dict[str, str] = field(default_factory=dict)
    outline: tuple[OutlineEntry, ...] = ()
    repaired: bool = False
    outline_points: tuple[tuple[float, float] | None, ...] = ()  # each entry's target point, page coordinates
    pieceinfo: dict[str, Any] = field(default_factory=dict)  # imposition keys in page dictionaries


def open_pdf(path: Path, password: str = "") -> pymupdf.Document:
    """Open ``path`` as a PDF or raise BadInput saying why not."""
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except Exception as exc:  # MuPDF raises several types for broken files
        raise BadInput(f"not a readable PDF: {_short(exc)}") from None
    if doc.needs_pass and not (password and doc.authenticate(password)):
        doc.close()
        raise BadInput("encrypted PDF: needs a password (--password)" if not password else "encrypted PDF: wrong password")
    try:
        count = doc.page_count
    except Exception as exc:  # a damaged page tree MuPDF could not repair
        doc.close()
        raise BadInput(f"damaged PDF: page tree unreadable ({_short(exc)})") from None
    if count == 0:
        repaired = bool(getattr(doc, "is_repaired", False))
        doc.close()
        raise BadInput("damaged PDF: no pages left after repair (truncated?)" if repaired else "PDF has no pages")
    return doc


def probe(doc: pymupdf.Document) -> Probe:
    """Document-level facts: page count, XMP imposition summary, metadata, outline."""
    meta = {k: text for k, v in (doc.metadata or {}).items() if v and (text := metadata_text(v))}
    return Probe(
        page_count=doc.page_count,
        xmp=summarize_xmp(_safe(doc.get_xml_metadata, "")),
        metadata=meta,
        outline=read_outline(doc),
        repaired=bool(getattr(doc, "is_repaired", False)),
        outline_points=outline_points(doc),
        pieceinfo=summarize_pieceinfo(doc),
    )


def metadata_text(value: Any) -> str:
    """A metadata value as text; a hex string written as its text decoded when its bytes are UTF-16
    (with a byte order mark) or UTF-8, and ``""`` (unreadable) in any other encoding.

    ``"<FEFF0041006E006E00750061006C>" -> "Annual"``; ``"<4D6963…5FB9AB…>"`` (EUC-KR) -> ``""``.
    """
    if not isinstance(value, str):
        return value if value else ""
    m = P.HEX_TEXT.match(value.strip())
    if not m:
        return value
    raw = bytes.fromhex("".join(m.group(1).split()))
    for bom, codec in ((b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"), (b"\xef\xbb\xbf", "utf-8"), (b"", "utf-8")):
        if raw.startswith(bom):
            try:
                return raw[len(bom):].decode(codec).strip("\x00")
            except UnicodeDecodeError:
                return ""
    return ""


def page_boxes(page: pymupdf.Page, use_trimbox: bool = True) -> PageBoxes:
    """The page's visible area and boxes, in page coordinates."""
    cb = page.cropbox  # read once: PyMuPDF computes cropbox_position as cropbox.tl, another ~20 µs
    off = cb.tl
    crop = (0.0, 0.0, cb.width, cb.height)
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
    return PageBoxes(visible, crop, media, trimmed, page.rotation, "trimbox" if trimmed else "")


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


def outline_points(doc: pymupdf.Document) -> tuple[tuple[float, float] | None, ...]:
    """Each outline entry's target point in its page's MediaBox space (top-left, unrotated), None
    when it has none.

    PyMuPDF measures a named destination's point (hyperref's) from the page's bottom and a direct
    one's from its top: a named one is resolved anew, which gives it from the top too.  On a page
    with ``/Rotate`` it gives the point as the page shows it: turned back to the unrotated page."""
    toc = _safe(lambda: doc.get_toc(simple=False), [])
    out: list[tuple[float, float] | None] = []
    for entry in toc:
        dest = entry[3] if len(entry) > 3 and isinstance(entry[3], dict) else {}
        to, number = dest.get("to"), int(entry[2]) - 1
        if dest.get("nameddest"):
            to = _named_point(doc, str(dest["nameddest"]), number)
        if to is None or not 0 <= number < doc.page_count:
            out.append(None)
            continue
        page = doc[number]
        if page.rotation % 360:
            to = to * page.derotation_matrix
        off, mb = page.cropbox_position, page.mediabox
        out.append((float(to.x) + off.x - mb.x0, float(to.y) + off.y - mb.y0))
    return tuple(out)


def _named_point(doc: pymupdf.Document, name: str, number: int) -> pymupdf.Point | None:
    """A named destination's point from the top of its page, None when it resolves elsewhere or not at all."""
    found = _safe(lambda: doc.resolve_link(f"#nameddest={name}"), None)
    if not found or found[0] != number:
        return None
    return pymupdf.Point(found[1], found[2])


def summarize_pieceinfo(doc: pymupdf.Document, max_pages: int = 50) -> dict[str, Any]:
    """Imposition traces in page dictionaries, never as text.

    Counts pages whose dictionary carries ``/PieceInfo`` (private data of
    Acrobat, Illustrator, InDesign) or ``/QITE_…`` keys (Quite Imposing), and
    pages holding forms placed by pdfjam/pdfpages (``/PTEX.PageNumber``).
    Looks at the first ``max_pages`` pages only.
    """
    found: dict[str, int] = {}
    for number in range(min(doc.page_count, max_pages)):
        page = doc[number]
        keys = _safe(lambda: doc.xref_get_keys(page.xref), ())
        names = {k for k in keys if k == "PieceInfo" or k.startswith("QITE_")}
        if _ptex_forms(doc, page):
            names.add("PTEX.PageNumber")
        for name in names:
            found[name] = found.get(name, 0) + 1
    return {"page_keys": dict(sorted(found.items())), "pages_checked": min(doc.page_count, max_pages)} if found else {}


def placed_pages(page: pymupdf.Page) -> tuple[PlacedPage, ...]:
    """Pages an imposing tool placed on ``page``, boxes in page coordinates, top to bottom.

    pdfjam/pdfpages put each source page in a form XObject carrying
    ``/PTEX.PageNumber``; its box is the form's ``/BBox`` through its
    ``/Matrix`` and the ``cm`` operators in force at its ``Do`` in the page's
    content stream (``q``/``Q`` followed).  ``scale`` compares the ``/BBox``
    (the source page) with the placed box.  Returns () when there are none.
    Limits: top-level forms only; a form drawn twice counts once (its last placement).
    """
    numbered = _ptex_forms(page.parent, page)
    if not numbered:
        return ()
    ctms = _placements(_safe(page.read_contents, b""))
    out: list[PlacedPage] = []
    for name, (number, bbox, matrix) in numbered.items():
        if name in ctms:
            source = pymupdf.Rect(bbox)
            r = source * pymupdf.Matrix(*matrix) * pymupdf.Matrix(*ctms[name]) * page.transformation_matrix
            scale = (abs(source.get_area()) / abs(r.get_area())) ** 0.5 if r.get_area() else 1.0
            out.append(PlacedPage(number, (r.x0, r.y0, r.x1, r.y1), round(scale, 4)))
    return tuple(sorted(out, key=lambda p: (p.bbox[1], p.bbox[0])))


Form = tuple[int, tuple[float, ...], tuple[float, ...]]  # source page number, /BBox, /Matrix


def _ptex_forms(doc: pymupdf.Document, page: pymupdf.Page) -> dict[str, Form]:
    """Top-level form XObjects of ``page`` with a ``/PTEX.PageNumber``: name -> (number, /BBox, /Matrix)."""
    out: dict[str, Form] = {}
    for xref, name, referrer, _ in _safe(page.get_xobjects, ()):
        kind, value = _safe(lambda: doc.xref_get_key(xref, "PTEX.PageNumber"), ("null", ""))
        if referrer != 0 or kind != "int":
            continue
        bbox = _numbers(_safe(lambda: doc.xref_get_key(xref, "BBox"), ("null", ""))[1])
        matrix = _numbers(_safe(lambda: doc.xref_get_key(xref, "Matrix"), ("null", ""))[1]) or (1, 0, 0, 1, 0, 0)
        if len(bbox) == 4 and len(matrix) == 6:
            out[name] = (int(value), bbox, matrix)
    return out


def _numbers(array: str) -> tuple[float, ...]:
    """A PDF number array as floats: ``"[0 0 595 842]" -> (0.0, 0.0, 595.0, 842.0)``; () if not numeric."""
    try:
        return tuple(float(v) for v in array.strip().strip("[]").split())
    except ValueError:
        return ()


def _placements(content: bytes) -> dict[str, tuple[float, ...]]:
    """Form name -> current transformation matrix at its ``Do`` (last one wins)."""
    ctm, stack = pymupdf.Matrix(1, 1), []
    out: dict[str, tuple[float, ...]] = {}
    for m in P.PLACEMENT_OPERATOR.finditer(content):
        if m["cm"]:
            ctm = pymupdf.Matrix(*(float(v) for v in m["cm"].split())) * ctm
        elif m["name"]:
            out[m["name"][1:].decode("latin-1")] = (ctm.a, ctm.b, ctm.c, ctm.d, ctm.e, ctm.f)
        elif m["op"] == b"q":
            stack.append(pymupdf.Matrix(ctm))
        elif stack:
            ctm = stack.pop()
    return out


def _safe(fn: Any, default: Any) -> Any:
    try:
        return fn()
    except Exception:
        return default


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]
