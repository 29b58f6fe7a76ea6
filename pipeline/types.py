"""The one data model: frozen dataclasses shared by every stage.

Coordinates are PDF points with the origin at the top-left of the *logical*
page, boxes are ``(x0, top, x1, bottom)``.  Stages never edit these objects in
place; they build new ones with :func:`dataclasses.replace`, so the output of
any two stages can be diffed.

Text dumps (``.txt`` input) use the same types: their blocks carry a synthetic
box (``x0 = 0``, ``top`` = line number) and their pages have
``geometry=False``, which tells geometric rules to stand aside.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from typing import Any

BBox = tuple[float, float, float, float]

# Block kinds, in the order a reader meets them.
BODY = "body"
HEADING = "heading"
ASIDE = "aside"
TABLE = "table"
CAPTION = "caption"
KINDS = (BODY, HEADING, ASIDE, TABLE, CAPTION)
BOLD_WEIGHTS = ("bold", "black", "heavy", "demi")  # words of a font name that name a bold weight


@lru_cache(maxsize=1 << 12)  # a document sets its text in a few fonts
def bold_font(font: str) -> bool:
    """A font name that names a bold weight: ``"ABCDEF+Helvetica-Bold" -> True``."""
    name = font.lower()
    return any(w in name for w in BOLD_WEIGHTS)


def _tuple_bbox(value: Any) -> BBox:
    x0, top, x1, bottom = (float(v) for v in value)
    return (x0, top, x1, bottom)


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text in one font, as PyMuPDF reports it."""

    text: str
    bbox: BBox
    font: str = ""
    size: float = 0.0
    flags: int = 0  # PyMuPDF span flags: 16 bold, 2 italic, 8 monospace
    color: int = 0
    alpha: int = 255
    direction: tuple[float, float] = (1.0, 0.0)

    @property
    def bold(self) -> bool:
        return bool(self.flags & 16) or bold_font(self.font)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text, "bbox": list(self.bbox), "font": self.font, "size": self.size,
            "flags": self.flags, "color": self.color, "alpha": self.alpha, "dir": list(self.direction),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Span:
        return cls(d["text"], _tuple_bbox(d["bbox"]), d.get("font", ""), float(d.get("size", 0.0)),
                   int(d.get("flags", 0)), int(d.get("color", 0)), int(d.get("alpha", 255)),
                   tuple(d.get("dir", (1.0, 0.0))))  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Line:
    """Spans sharing a baseline, left to right."""

    spans: tuple[Span, ...]
    bbox: BBox
    # Derived from ``spans`` once, when the line is built (read many times by later stages).
    text: str = field(init=False, repr=False, compare=False)  # the spans' texts joined
    size: float = field(init=False, repr=False, compare=False)  # dominant font size, weighted by characters

    def __post_init__(self) -> None:
        spans = self.spans
        object.__setattr__(self, "text", spans[0].text if len(spans) == 1 else "".join([s.text for s in spans]))
        object.__setattr__(self, "size", dominant_size(spans))

    @property
    def bold(self) -> bool:
        chars = bold = 0
        for s in self.spans:  # one pass: all characters, and those set in bold
            n = len(s.text.strip())
            chars += n
            if n and s.bold:
                bold += n
        return bold / (chars or 1) > 0.6

    def to_dict(self) -> dict[str, Any]:
        return {"bbox": list(self.bbox), "spans": [s.to_dict() for s in self.spans]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Line:
        return cls(tuple(Span.from_dict(s) for s in d["spans"]), _tuple_bbox(d["bbox"]))


def dominant_size(spans: tuple[Span, ...]) -> float:
    if len(spans) == 1:  # most lines: the one span's size, when it has text
        return round(spans[0].size, 1) if spans[0].text.strip() else 0.0
    weights: dict[float, int] = {}
    for s in spans:
        n = len(s.text.strip())
        if n:
            key = round(s.size, 1)
            weights[key] = weights.get(key, 0) + n
    return max(weights, key=lambda k: (weights[k], k)) if weights else 0.0


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph-sized unit: the thing that is kept, moved or removed.

    ``text`` is the block's lines joined by the rules in ``normalize`` (no
    space between Han characters, hyphens healed).  ``id`` is stable for a
    given input and config (``p<page>-b<n>``) and is what the audit trail and
    the dedup report refer to.
    """

    id: str
    page: int
    bbox: BBox
    text: str
    lines: tuple[Line, ...] = ()
    size: float = 0.0
    bold: bool = False
    kind: str = BODY
    level: int = 0  # heading level: 1 chapter, 2 section; 0 for non-headings
    column: int = -1
    order: int = -1  # position in reading order, set by the order stage
    flags: tuple[str, ...] = ()  # soft evidence, e.g. ("letter_spaced",)

    def to_dict(self, with_lines: bool = True) -> dict[str, Any]:
        d = {
            "id": self.id, "page": self.page, "bbox": [round(v, 2) for v in self.bbox],
            "text": self.text, "size": self.size, "bold": self.bold, "kind": self.kind,
            "level": self.level, "column": self.column, "order": self.order, "flags": list(self.flags),
        }
        if with_lines:
            d["lines"] = [ln.to_dict() for ln in self.lines]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Block:
        return cls(
            d["id"], int(d["page"]), _tuple_bbox(d["bbox"]), d["text"],
            tuple(Line.from_dict(x) for x in d.get("lines", ())), float(d.get("size", 0.0)),
            bool(d.get("bold", False)), d.get("kind", BODY), int(d.get("level", 0)),
            int(d.get("column", -1)), int(d.get("order", -1)), tuple(d.get("flags", ())),
        )


@dataclass(frozen=True, slots=True)
class Page:
    """A logical page: one printed page, after imposition is undone.

    ``source_page`` and ``region`` say where it came from in the input (PDF
    page index and the clip rectangle in that page's MediaBox space: origin
    top-left, unrotated), for the audit trail.  ``label`` is the page number
    printed on it when found.  A page cut from a shrunk n-up sheet gets its
    printed size back: ``width``/``height`` and its blocks' coordinates are
    then the region's times the scale (flag ``scaled_x<scale>``).
    """

    index: int
    width: float
    height: float
    blocks: tuple[Block, ...] = ()
    source_page: int = -1
    region: BBox | None = None
    label: str = ""
    geometry: bool = True
    rotation: int = 0
    flags: tuple[str, ...] = ()  # e.g. ("no_text_layer",)
    figures: tuple[BBox, ...] = ()  # clusters of vector drawings and images (charts, boxes)
    overprints: tuple[Block, ...] = ()  # lines taken out before the blocks: copies drawn over their original
    # (overprint.py), template bookmark tags (flagged "template_tag", furniture/lines.py)

    def to_dict(self) -> dict[str, Any]:
        d = {
            "figures": [[round(v, 2) for v in f] for f in self.figures],
            "index": self.index, "width": self.width, "height": self.height,
            "source_page": self.source_page, "region": list(self.region) if self.region else None,
            "label": self.label, "geometry": self.geometry, "rotation": self.rotation,
            "flags": list(self.flags), "blocks": [b.to_dict() for b in self.blocks],
        }
        if self.overprints:
            d["overprints"] = [b.to_dict() for b in self.overprints]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Page:
        return cls(
            int(d["index"]), float(d["width"]), float(d["height"]),
            tuple(Block.from_dict(b) for b in d.get("blocks", ())), int(d.get("source_page", -1)),
            _tuple_bbox(d["region"]) if d.get("region") else None, d.get("label", ""),
            bool(d.get("geometry", True)), int(d.get("rotation", 0)), tuple(d.get("flags", ())),
            tuple(_tuple_bbox(f) for f in d.get("figures", ())),
            tuple(Block.from_dict(b) for b in d.get("overprints", ())),
        )


@dataclass(frozen=True, slots=True)
class Removed:
    """A block taken out of the text, with the stage and reason that took it."""

    block: Block
    reason: str
    stage: str
    detail: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        b = self.block
        return {  # pages are 1-based in every output file
            "page": b.page + 1, "block": b.id, "bbox": [round(v, 2) for v in b.bbox],
            "stage": self.stage, "reason": self.reason, "text": b.text, **self.detail,
        }


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    page: int


@dataclass(frozen=True, slots=True)
class Chapter:
    index: int
    title: str
    blocks: tuple[Block, ...]
    first_page: int
    last_page: int
    source: str = "headings"  # outline | toc | headings | whole

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index, "title": self.title, "first_page": self.first_page,
            "last_page": self.last_page, "source": self.source,
            "blocks": [b.to_dict(with_lines=False) for b in self.blocks],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Chapter:
        return cls(int(d["index"]), d["title"], tuple(Block.from_dict(b) for b in d["blocks"]),
                   int(d["first_page"]), int(d["last_page"]), d.get("source", "headings"))


@dataclass(frozen=True, slots=True)
class PlacedPage:
    """A source page an imposing tool placed on a sheet (pdfjam's ``/PTEX.PageNumber`` forms).

    ``bbox`` is where it sits on the sheet; ``scale`` is how much it was
    shrunk (source size / placed size, 1.414 for A4 pages 2-up on A4).
    """

    number: int  # 1-based page number in the source file
    bbox: BBox
    scale: float = 1.0


@dataclass(frozen=True, slots=True)
class OutlineEntry:
    level: int
    title: str
    page: int  # logical page index, -1 when unknown
    top: float | None = None  # height of the entry's target point on that page, None when unknown


@dataclass(frozen=True)
class Document:
    """A document moving through the pipeline.

    ``meta`` holds what the probe learned (boxes, XMP summary, imposition,
    outline) and grows as stages add findings; it goes into the manifest.
    """

    doc_id: str
    source: str
    kind: str  # "pdf" | "txt"
    pages: tuple[Page, ...]
    meta: dict[str, Any] = field(default_factory=dict)
    outline: tuple[OutlineEntry, ...] = ()

    def blocks(self) -> list[Block]:
        return [b for p in self.pages for b in p.blocks]

    def with_blocks(self, keep: set[str]) -> Document:
        """A copy holding only the blocks whose id is in ``keep``."""
        pages = tuple(replace(p, blocks=tuple(b for b in p.blocks if b.id in keep)) for p in self.pages)
        return replace(self, pages=pages)

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id, "source": self.source, "kind": self.kind, "meta": self.meta,
            "outline": [asdict(o) for o in self.outline], "pages": [p.to_dict() for p in self.pages],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        return cls(d["doc_id"], d["source"], d["kind"], tuple(Page.from_dict(p) for p in d["pages"]),
                   d.get("meta", {}), tuple(OutlineEntry(**o) for o in d.get("outline", ())))


class BadInput(Exception):
    """The input cannot be processed: carried as data, with the stage that found it."""

    def __init__(self, reason: str, stage: str = "open") -> None:
        super().__init__(reason)
        self.reason = reason
        self.stage = stage


__all__ = [
    "BBox", "Span", "Line", "Block", "Page", "Removed", "Chapter", "Section", "OutlineEntry", "PlacedPage",
    "Document", "BadInput", "BODY", "HEADING", "ASIDE", "TABLE", "CAPTION", "KINDS", "dominant_size",
]
