"""Spans of one PDF page, clipped to the printed page, with the hidden rest counted.

One text pass per page (``get_textpage``, read as ``dict``) sees everything on it, hidden or not
(``clip=INFINITE_RECT`` and no MediaBox clip), so split spreads can be
detected from the text outside the visible area while only the visible half
reaches the output.  A span crossing the visible edge is cut glyph by glyph:
a glyph belongs to the side holding most of its box
(``ExtractConfig.straddle_share``); glyph boxes come from the same text pass read as ``rawdict``,
only on pages that have such spans.

The visible area is the CropBox narrowed to the TrimBox, or, on pages without
a TrimBox whose corners hold stroked paths, to the rectangle crop marks point
at (``marks.trim_from_marks``): slugs and colour bars outside it never reach
the text.  Pages placed by pdfjam (forms with ``/PTEX.PageNumber``) are
reported with their boxes, as imposition evidence.

Coordinates come out relative to the visible area's top-left corner.  Invisible text (an
OCR layer) is sized by its height: its producers stretch it to the scanned words.  What it
cannot do: read text that is drawn as paths or images (no OCR).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import pymupdf

from . import patterns as P
from .config import ExtractConfig
from .geometry import BACKGROUND_SHARE, inside_share, intersect, shift, union
from .marks import MAX_SEGMENTS, trim_from_marks
from .normalize import cjk_edge
from .probe import PageBoxes, page_boxes, placed_pages
from .types import BBox, Line, PlacedPage, Span

# Everything on the page, hidden text and vector paths included; no images (decoding them would cost
# a third of the pass).  Ligatures spelt out by MuPDF: kept as one character, a ligature ending a word
# lost the space after it when the space is a kern, not a glyph, as TeX sets it ("oﬀthe")
FLAGS = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_COLLECT_VECTORS
DRAWING_KINDS = ("fill-path", "stroke-path")
MAX_DRAWINGS = 5000  # beyond this a page's drawings are summarised by their union
CORNER_ZONE = 0.12  # share of the page's shorter side around each corner searched for crop marks
WORD_GAP = 0.15  # font sizes a tracked line's word gap exceeds its letter gap by (a space is ~0.25 wide)
SUPERSCRIPT_FLAG = 1  # PyMuPDF span flag of text raised above its line (a footnote mark, an exponent)
HORIZONTAL = (1.0, 0.0)  # a line's writing direction, left to right
RAISE = 0.2  # a span whose baseline stands this share of its line's size above it is raised
SMALLER = 0.85  # ... and a superscript when its size is at most this share of the line's
SUPERSCRIPTS = str.maketrans("0123456789()+-=−", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾⁺⁻⁼⁻")
BASELINE_OVERLAP = 0.3  # spans of one line overlap across it by at least this share of the shorter one
TRACKING_MAX = 0.6  # font sizes: a wider usual gap between single glyphs is a row of cells, not tracking


@dataclass(frozen=True)
class RawPage:
    """What one PDF page shows, before any cleaning."""

    number: int  # 0-based PDF page index
    boxes: PageBoxes
    lines: tuple[Line, ...]  # visible lines, coordinates relative to the visible area
    drawings: tuple[BBox, ...]  # vector paths inside the visible area
    visible_chars: int
    hidden_chars: int  # text outside the visible area beside it (the other half of a split spread)
    hidden_text: str  # a sample of it, for the imposition evidence
    forms: tuple[PlacedPage, ...] = ()  # pages placed by pdfjam, boxes relative to the visible area

    @property
    def width(self) -> float:
        return self.boxes.visible[2] - self.boxes.visible[0]

    @property
    def height(self) -> float:
        return self.boxes.visible[3] - self.boxes.visible[1]


def iter_pages(doc: pymupdf.Document, cfg: ExtractConfig,
               errors: list[tuple[int, str]] | None = None) -> Iterator[RawPage]:
    """Yield every readable page of ``doc`` in file order, one at a time.

    A page MuPDF cannot load or read (a damaged file) is skipped and reported
    in ``errors`` as (0-based page, one-line reason) when a list is given.
    """
    for number in range(doc.page_count):
        try:
            page = extract_page(doc[number], cfg)
        except Exception as exc:  # MuPDF raises RuntimeError/ValueError subclasses for damaged pages
            if errors is None:
                raise
            errors.append((number, (str(exc).strip().splitlines() or [type(exc).__name__])[0][:160]))
            continue
        yield page


def extract_page(page: pymupdf.Page, cfg: ExtractConfig) -> RawPage:
    """One page's visible text lines, drawings and hidden-text counts.

    The visible area is the CropBox, narrowed to the TrimBox or, without one,
    to the rectangle the page's crop marks point at (``cfg.use_crop_marks``).
    """
    textpage = page.get_textpage(clip=pymupdf.INFINITE_RECT(), flags=FLAGS)  # one pass serves dict and rawdict
    data = textpage.extractDICT()
    log = _vector_log(data)
    boxes = _visible_boxes(page, cfg, data, log)
    raw: dict[Any, Any] | None = None
    lines: list[Line] = []
    hidden: list[str] = []
    visible_chars = hidden_chars = 0
    visible = boxes.visible
    dx, dy = -visible[0], -visible[1]  # spans are built already shifted to the visible area's origin
    for line in _text_lines(data):
        spans: list[Span] = []
        direction = _direction(line["dir"])
        line_spans = line["spans"]
        if _tracked(line_spans):
            raw = raw if raw is not None else textpage.extractRAWDICT()
            line_spans = _untracked(line_spans, raw)
        if direction != HORIZONTAL and len(line_spans) > 1:
            line_spans = _raised_across(line_spans, direction)
        for s in line_spans:
            b = s["bbox"]
            share = (1.0 if visible[0] <= b[0] and visible[1] <= b[1] and b[2] <= visible[2] and b[3] <= visible[3]
                     else inside_share(tuple(b), visible))  # most spans lie inside: inside_share's 1.0, unasked
            if share >= 0.999:
                spans.append(_span(s, direction, dx, dy))
            elif share <= 0.0:
                if _beside(tuple(s["bbox"]), visible):
                    hidden.append(s["text"])
                    hidden_chars += len(s["text"].strip())
            else:
                raw = raw if raw is not None else textpage.extractRAWDICT()
                kept, lost = _cut_span(s, direction, raw, visible, cfg.straddle_share)
                spans.extend(kept)
                hidden_chars += lost
        spans = _drop_blank_spans(spans)
        visible_chars += sum(len(sp.text.strip()) for sp in spans)
        lines.extend(_line(run) for run in _baseline_runs(spans, direction))
    return RawPage(page.number, boxes, tuple(lines), _drawings(log, boxes.visible),
                   visible_chars, hidden_chars, " ".join(hidden)[:400], _forms(page, boxes.visible))


def _beside(box: BBox, visible: BBox) -> bool:
    """A hidden span level with the visible area, where a split spread's other half lies; a slug
    line or a colour bar's label above or below the trim is not: ``((700, 50, 750, 60), (0, 0, 612, 792)) -> True``."""
    middle = (box[1] + box[3]) / 2
    return visible[1] <= middle <= visible[3]


def _tracked(spans: list[dict[str, Any]]) -> bool:
    """A letter-spaced (tracked) line: ``TRACKED_MIN + 1`` or more single glyphs, each space apart."""
    return bool(P.SPACED_GLYPHS.match("".join(s["text"] for s in spans)))


def _untracked(spans: list[dict[str, Any]], raw: dict[Any, Any]) -> list[dict[str, Any]]:
    """A tracked line's spans without the spaces MuPDF inserted between its letters.

    Tracking puts a gap between every two glyphs and MuPDF fills each with a space (``synthetic``
    in ``rawdict``), so "ANNUAL REPORT" reads "A N N U A L R E P O R T", its word space looking
    the same.  An inserted space goes unless its gap is wider than the line's usual inserted gap
    by ``WORD_GAP`` font sizes (a word gap drawn without a space glyph); spaces the PDF holds stay.
    Glyphs whose usual gap passes ``TRACKING_MAX`` font sizes are cells of a row and keep their
    spaces; a span whose glyphs cannot be found is kept as it is.
    """
    chars = [_find_chars(raw, s) for s in spans]
    widths = sorted(c["bbox"][2] - c["bbox"][0] for cs in chars for c in cs if c.get("synthetic"))
    if not widths:
        return spans
    usual = widths[len(widths) // 2]
    if usual > TRACKING_MAX * max(float(spans[0].get("size", 0.0)), 1.0):
        return spans  # single figures far apart: table cells
    out = []
    for s, cs in zip(spans, chars):
        if not cs:
            out.append(s)
            continue
        wide = usual + WORD_GAP * max(float(s.get("size", 0.0)), 1.0)
        text = "".join(c["c"] for c in cs if not (c.get("synthetic") and c["bbox"][2] - c["bbox"][0] <= wide))
        if text:
            out.append({**s, "text": text})
    return out


def _visible_boxes(page: pymupdf.Page, cfg: ExtractConfig, data: dict[str, Any],
                   log: list[tuple[str, Any]]) -> PageBoxes:
    """The page's boxes, the visible area narrowed to the crop marks' trim when there is no TrimBox."""
    boxes = page_boxes(page, cfg.use_trimbox)
    if boxes.trimmed or not cfg.use_crop_marks or not _marks_possible(log, boxes.visible):
        return boxes
    text = [tuple(ln["bbox"]) for ln in _text_lines(data) if intersect(tuple(ln["bbox"]), boxes.visible)]
    trim = trim_from_marks(_segments(page, boxes.visible), boxes.visible, text)  # type: ignore[arg-type]
    return replace(boxes, visible=trim, trimmed=True, trim_source="crop_marks") if trim else boxes


def _marks_possible(log: list[tuple[str, Any]], visible: BBox) -> bool:
    """A stroked path reaches into a corner of the page: worth looking for crop marks."""
    zones = _corner_zones(visible)
    strokes = [tuple(rect) for kind, rect in log if kind == "stroke-path"]
    return any(intersect(r, c) for r in strokes for c in zones)  # type: ignore[arg-type]


def _corner_zones(visible: BBox) -> list[BBox]:
    """Squares of ``CORNER_ZONE`` of the shorter side around each corner of ``visible``."""
    w, h = visible[2] - visible[0], visible[3] - visible[1]
    zone = CORNER_ZONE * min(w, h)
    return [(x - zone, y - zone, x + zone, y + zone) for x in (visible[0], visible[2]) for y in (visible[1], visible[3])]


def _segments(page: pymupdf.Page, visible: BBox) -> list[tuple[float, float, float, float]]:
    """Straight line pieces of the page's stroked paths, and hairline rectangles as lines.

    Past ``MAX_SEGMENTS`` pieces (a dense table or chart), only those reaching into a corner
    zone are kept, where crop marks are drawn (often last, after everything else).
    """
    everywhere: list[tuple[float, float, float, float]] = []
    corners: list[tuple[float, float, float, float]] = []
    zones = _corner_zones(visible)
    try:
        paths = page.get_cdrawings()
    except Exception:
        return everywhere
    for path in paths:
        for item in path.get("items", ()):
            if item[0] == "l":
                piece = (item[1][0], item[1][1], item[2][0], item[2][1])
            elif item[0] == "re" and min(item[1][2] - item[1][0], item[1][3] - item[1][1]) <= 0.5:
                piece = _hairline(item[1])
            else:
                continue
            if len(everywhere) <= MAX_SEGMENTS:
                everywhere.append(piece)
            if any(intersect(_segment_box(piece), z) for z in zones):
                corners.append(piece)
        if len(corners) > MAX_SEGMENTS:
            break
    return everywhere if len(everywhere) <= MAX_SEGMENTS else corners


def _segment_box(piece: tuple[float, float, float, float]) -> BBox:
    """A segment's bounding box, inflated to a point's width so a hairline still meets a box."""
    x0, y0, x1, y1 = piece
    return (min(x0, x1) - 0.5, min(y0, y1) - 0.5, max(x0, x1) + 0.5, max(y0, y1) + 0.5)


def _hairline(r: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """A hairline rectangle as the line along its middle."""
    x0, y0, x1, y1 = r
    if x1 - x0 > y1 - y0:
        return (x0, (y0 + y1) / 2, x1, (y0 + y1) / 2)
    return ((x0 + x1) / 2, y0, (x0 + x1) / 2, y1)


def _forms(page: pymupdf.Page, visible: BBox) -> tuple[PlacedPage, ...]:
    """Pages placed by pdfjam/pdfpages, their boxes relative to the visible area."""
    return tuple(replace(p, bbox=shift(p.bbox, -visible[0], -visible[1])) for p in placed_pages(page))


def _text_lines(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for block in data.get("blocks", ()):
        if block.get("type", 0) == 0:
            yield from block.get("lines", ())


def _raised_across(spans: list[dict[str, Any]], direction: tuple[float, float]) -> list[dict[str, Any]]:
    """The spans of a line that does not run left to right, a smaller span raised across the
    line's direction given MuPDF's superscript flag, which it sets on horizontal text only (a
    page drawn turned: "N/mm" + a raised "2").  Raised: its baseline at least ``RAISE`` of the
    line's largest size above that span's, toward the glyphs' tops; smaller: ``SMALLER`` of it."""
    main = max(spans, key=lambda s: (float(s.get("size", 0.0)), len(s["text"])))
    size, (mx, my) = float(main.get("size", 0.0)), main["origin"]
    up = (direction[1], -direction[0])  # toward the glyphs' tops (y points down): (1, 0) -> (0, -1)
    out = []
    for s in spans:
        x, y = s["origin"]
        raised = (x - mx) * up[0] + (y - my) * up[1] >= RAISE * size
        if raised and float(s.get("size", 0.0)) <= SMALLER * size and not s["flags"] & SUPERSCRIPT_FLAG:
            s = {**s, "flags": s["flags"] | SUPERSCRIPT_FLAG}
        out.append(s)
    return out


def _direction(direction: Any) -> tuple[float, float]:
    return (round(float(direction[0]), 3), round(float(direction[1]), 3))


def _span(s: dict[str, Any], direction: tuple[float, float], dx: float, dy: float,
          text: str | None = None, bbox: BBox | None = None) -> Span:
    """A Span from a PyMuPDF span dict, its box moved by ``(dx, dy)``.

    Invisible text (alpha 0: a scan's OCR layer) is sized by its box's height across the line:
    OCR layers stretch each line to its word boxes, and MuPDF's size counts the stretch.  A raised
    span of figures (a footnote mark, an exponent) is written in superscript characters:
    ``"N/mm" + raised "2" -> "N/mm²"``, not another number.  WordPerfect's bullet glyph, coded
    "!" in its typographic-symbols font, is written "•".
    """
    b = s["bbox"] if bbox is None else bbox
    alpha = int(s.get("alpha", 255))
    size = float(s.get("size", 0.0)) if alpha else _thickness(s["bbox"], direction)
    text = s["text"] if text is None else text
    flags = int(s.get("flags", 0))
    if P.BULLET_FONT.search(s.get("font", "")) and P.CODED_BULLET.match(text):
        text = text.replace(text.strip(), "•")
    if flags & SUPERSCRIPT_FLAG and P.SUPERSCRIPTABLE.match(text):
        text = text.translate(SUPERSCRIPTS)
    return Span(
        text=text,
        bbox=(b[0] + dx, b[1] + dy, b[2] + dx, b[3] + dy),
        font=s.get("font", ""), size=round(size, 2), flags=flags,
        color=int(s.get("color", 0)), alpha=alpha, direction=direction,
    )


def _thickness(bbox: Any, direction: tuple[float, float]) -> float:
    """A box's extent across its text direction: its height for horizontal text, else its width."""
    return float(bbox[3] - bbox[1]) if abs(direction[1]) < abs(direction[0]) else float(bbox[2] - bbox[0])


def _drop_blank_spans(spans: list[Span]) -> list[Span]:
    """The spans holding text; a blank span between two of them leaves a space behind.

    Some producers write each word space as a span of its own (another font or
    size): dropping it silently glued the words ("front ofus").  Next to a CJK
    character a space separates nothing, so none is added there (as when lines join).
    A symbol-font glyph read as a plain letter (Wingdings "z" for an arrow) is
    no text either.
    """
    kept: list[Span] = []
    gap = False
    for sp in spans:
        if not sp.text.strip() or _symbol_letters(sp):
            gap = bool(kept)
            continue
        if gap and _needs_space(kept[-1].text, sp.text):
            kept[-1] = replace(kept[-1], text=kept[-1].text + " ")
        gap = False
        kept.append(sp)
    return kept


def _baseline_runs(spans: list[Span], direction: tuple[float, float]) -> list[list[Span]]:
    """A MuPDF line cut where a span's box does not overlap the one before it across the line:
    under a tall 30 pt figure, the 9 pt label of the figure beside it is another line, not the
    same one.  A raised footnote mark or a drop cap overlaps its line and stays on it."""
    if not spans or abs(direction[0]) < abs(direction[1]):
        return [spans] if spans else []
    runs = [[spans[0]]]
    for sp in spans[1:]:
        a, b = runs[-1][-1].bbox, sp.bbox
        overlap = min(a[3], b[3]) - max(a[1], b[1])
        if overlap < BASELINE_OVERLAP * min(a[3] - a[1], b[3] - b[1]):
            runs.append([sp])
        else:
            runs[-1].append(sp)
    return runs


def _symbol_letters(span: Span) -> bool:
    """A span of a symbol font (Wingdings, Webdings, Zapf Dingbats) whose text is plain ASCII."""
    return _symbol_font(span.font) and span.text.strip().isascii()


@lru_cache(maxsize=1 << 12)  # a document sets its text in a few fonts
def _symbol_font(font: str) -> bool:
    return bool(P.SYMBOL_FONT.search(font))


def _needs_space(a: str, b: str) -> bool:
    """A space between texts ending in ``a`` and starting with ``b`` (neither blank nor CJK, or both
    Korean, whose words spaces separate: ``("보험종목의", "명칭") -> True``, ``("科技", "创新") -> False``)."""
    if a[-1].isspace() or b[0].isspace():
        return False
    korean = P.HANGUL.match(a[-1]) is not None and P.HANGUL.match(b[0]) is not None
    return korean or not (cjk_edge(a, True) or cjk_edge(b, False))


def _line(spans: list[Span]) -> Line:
    return Line(tuple(spans), spans[0].bbox if len(spans) == 1 else union(sp.bbox for sp in spans))


def _cut_span(s: dict[str, Any], direction: tuple[float, float], raw: dict[Any, Any], visible: BBox,
              share: float) -> tuple[list[Span], int]:
    """Keep the glyphs of a span crossing the visible edge that lie mostly inside (boxes shifted to ``visible``)."""
    dx, dy = -visible[0], -visible[1]
    chars = _find_chars(raw, s)
    if not chars:  # fall back on the span as a whole
        keep = inside_share(tuple(s["bbox"]), visible) >= share
        return ([_span(s, direction, dx, dy)] if keep else []), (0 if keep else len(s["text"].strip()))
    inside = [c for c in chars if inside_share(tuple(c["bbox"]), visible) >= share]
    lost = sum(1 for c in chars if c["c"].strip()) - sum(1 for c in inside if c["c"].strip())
    if not inside:
        return [], lost
    text = "".join(c["c"] for c in inside)
    bbox = (min(c["bbox"][0] for c in inside), s["bbox"][1], max(c["bbox"][2] for c in inside), s["bbox"][3])
    return [_span(s, direction, dx, dy, text, bbox)], lost


def _find_chars(raw: dict[Any, Any], s: dict[str, Any]) -> list[dict[str, Any]]:
    """The rawdict glyphs of the dict span ``s`` (same origin and font)."""
    for line in _text_lines(raw):
        for rs in line["spans"]:
            if rs.get("origin") == s.get("origin") and rs.get("font") == s.get("font") and rs["bbox"] == s["bbox"]:
                return list(rs["chars"])
    return []


def _vector_log(data: dict[str, Any]) -> list[tuple[str, Any]]:
    """``(kind, bbox)`` of the page's vector paths, from the same text pass (``TEXT_COLLECT_VECTORS``).

    Same boxes as ``page.get_bboxlog()`` for paths, without a second pass over the page;
    images are not collected (decoding them would cost a third of the pass).
    """
    return [("stroke-path" if b.get("stroked") else "fill-path", b["bbox"])
            for b in data.get("blocks", ()) if b.get("type") == 3]


def _drawings(log: list[tuple[str, Any]], visible: BBox) -> tuple[BBox, ...]:
    """Boxes of vector paths inside the visible area, relative to it."""
    dx, dy = -visible[0], -visible[1]
    page_area = (visible[2] - visible[0]) * (visible[3] - visible[1])
    out: list[BBox] = []
    for kind, rect in log:
        if kind not in DRAWING_KINDS:
            continue
        cut = intersect(tuple(rect), visible)  # type: ignore[arg-type]
        if cut and (cut[2] - cut[0]) * (cut[3] - cut[1]) < BACKGROUND_SHARE * page_area:
            out.append(shift(cut, dx, dy))
        if len(out) >= MAX_DRAWINGS:
            break
    return tuple(out)
