"""Spans of one PDF page, clipped to the printed page, with the hidden rest counted.

One ``get_text("dict")`` call per page sees everything on it, hidden or not
(``clip=INFINITE_RECT`` and no MediaBox clip), so split spreads can be
detected from the text outside the visible area while only the visible half
reaches the output.  A span crossing the visible edge is cut glyph by glyph:
a glyph belongs to the side holding most of its box
(``ExtractConfig.straddle_share``); glyph boxes come from one ``rawdict`` call,
made only for pages that have such spans.

Coordinates come out relative to the visible area's top-left corner.  What it
cannot do: read text that is drawn as paths or images (no OCR).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pymupdf

from .config import ExtractConfig
from .geometry import inside_share, intersect, shift
from .probe import PageBoxes, page_boxes
from .types import BBox, Line, Span

# Everything, hidden text included; ligatures kept as-is (normalize spells them out).
FLAGS = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_PRESERVE_LIGATURES
DRAWING_KINDS = ("fill-path", "stroke-path", "fill-image", "fill-shade")
MAX_DRAWINGS = 5000  # beyond this a page's drawings are summarised by their union


@dataclass(frozen=True)
class RawPage:
    """What one PDF page shows, before any cleaning."""

    number: int  # 0-based PDF page index
    boxes: PageBoxes
    lines: tuple[Line, ...]  # visible lines, coordinates relative to the visible area
    drawings: tuple[BBox, ...]  # vector paths and images inside the visible area
    visible_chars: int
    hidden_chars: int  # text outside the visible area (the other half of a split spread)
    hidden_text: str  # a sample of it, for the imposition evidence

    @property
    def width(self) -> float:
        return self.boxes.visible[2] - self.boxes.visible[0]

    @property
    def height(self) -> float:
        return self.boxes.visible[3] - self.boxes.visible[1]


def iter_pages(doc: pymupdf.Document, cfg: ExtractConfig) -> Iterator[RawPage]:
    """Yield every page of ``doc`` in file order, one at a time (streamed)."""
    for page in doc:
        yield extract_page(page, cfg)


def extract_page(page: pymupdf.Page, cfg: ExtractConfig) -> RawPage:
    boxes = page_boxes(page, cfg.use_trimbox)
    data = page.get_text("dict", flags=FLAGS, clip=pymupdf.INFINITE_RECT())
    raw: dict[Any, Any] | None = None
    lines: list[Line] = []
    hidden: list[str] = []
    visible_chars = hidden_chars = 0
    for line in _text_lines(data):
        spans: list[Span] = []
        for s in line["spans"]:
            share = inside_share(tuple(s["bbox"]), boxes.visible)
            if share >= 0.999:
                spans.append(_span(s, line["dir"]))
            elif share <= 0.0:
                hidden.append(s["text"])
                hidden_chars += len(s["text"].strip())
            else:
                raw = raw if raw is not None else _rawdict(page)
                kept, lost = _cut_span(s, line["dir"], raw, boxes.visible, cfg.straddle_share)
                spans.extend(kept)
                hidden_chars += lost
        spans = [sp for sp in spans if sp.text.strip()]
        if spans:
            visible_chars += sum(len(sp.text.strip()) for sp in spans)
            lines.append(_shifted_line(spans, boxes.visible))
    return RawPage(page.number, boxes, tuple(lines), _drawings(page, boxes.visible),
                   visible_chars, hidden_chars, " ".join(hidden)[:400])


def _text_lines(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for block in data.get("blocks", ()):
        if block.get("type", 0) == 0:
            yield from block.get("lines", ())


def _span(s: dict[str, Any], direction: Any, text: str | None = None, bbox: BBox | None = None) -> Span:
    return Span(
        text=s["text"] if text is None else text,
        bbox=tuple(s["bbox"]) if bbox is None else bbox,  # type: ignore[arg-type]
        font=s.get("font", ""), size=round(float(s.get("size", 0.0)), 2), flags=int(s.get("flags", 0)),
        color=int(s.get("color", 0)), alpha=int(s.get("alpha", 255)),
        direction=(round(float(direction[0]), 3), round(float(direction[1]), 3)),
    )


def _shifted_line(spans: list[Span], visible: BBox) -> Line:
    dx, dy = -visible[0], -visible[1]
    moved = tuple(Span(sp.text, shift(sp.bbox, dx, dy), sp.font, sp.size, sp.flags, sp.color, sp.alpha, sp.direction)
                  for sp in spans)
    bbox = (min(s.bbox[0] for s in moved), min(s.bbox[1] for s in moved),
            max(s.bbox[2] for s in moved), max(s.bbox[3] for s in moved))
    return Line(moved, bbox)


def _rawdict(page: pymupdf.Page) -> dict[Any, Any]:
    return page.get_text("rawdict", flags=FLAGS, clip=pymupdf.INFINITE_RECT())


def _cut_span(s: dict[str, Any], direction: Any, raw: dict[Any, Any], visible: BBox,
              share: float) -> tuple[list[Span], int]:
    """Keep the glyphs of a span crossing the visible edge that lie mostly inside."""
    chars = _find_chars(raw, s)
    if not chars:  # fall back on the span as a whole
        keep = inside_share(tuple(s["bbox"]), visible) >= share
        return ([_span(s, direction)] if keep else []), (0 if keep else len(s["text"].strip()))
    inside = [c for c in chars if inside_share(tuple(c["bbox"]), visible) >= share]
    lost = sum(1 for c in chars if c["c"].strip()) - sum(1 for c in inside if c["c"].strip())
    if not inside:
        return [], lost
    text = "".join(c["c"] for c in inside)
    bbox = (min(c["bbox"][0] for c in inside), s["bbox"][1], max(c["bbox"][2] for c in inside), s["bbox"][3])
    return [_span(s, direction, text, bbox)], lost


def _find_chars(raw: dict[Any, Any], s: dict[str, Any]) -> list[dict[str, Any]]:
    """The rawdict glyphs of the dict span ``s`` (same origin and font)."""
    for line in _text_lines(raw):
        for rs in line["spans"]:
            if rs.get("origin") == s.get("origin") and rs.get("font") == s.get("font") and rs["bbox"] == s["bbox"]:
                return list(rs["chars"])
    return []


def _drawings(page: pymupdf.Page, visible: BBox) -> tuple[BBox, ...]:
    """Boxes of vector paths and images inside the visible area, relative to it."""
    try:
        log = page.get_bboxlog()
    except Exception:
        return ()
    dx, dy = -visible[0], -visible[1]
    page_area = (visible[2] - visible[0]) * (visible[3] - visible[1])
    out: list[BBox] = []
    for kind, rect in log:
        if kind not in DRAWING_KINDS:
            continue
        cut = intersect(tuple(rect), visible)  # type: ignore[arg-type]
        if cut and (cut[2] - cut[0]) * (cut[3] - cut[1]) < 0.6 * page_area:
            out.append(shift(cut, dx, dy))
        if len(out) >= MAX_DRAWINGS:
            break
    return tuple(out)
