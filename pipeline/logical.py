"""PDF pages into logical pages: cut sheets into page frames, put them in reading order.

Takes the extracted pages (``extract.RawPage``, duck-typed here so this module
needs no PDF library), asks ``sheets.plan`` which sheets to cut, cuts each
page's lines and drawings into its cells (coordinates shifted so every
logical page has its own origin), finds each part's printed page number,
asks ``pageorder.reading_order`` for the order, and builds one ``Page`` per
part with its blocks, ``source_page``, ``region`` and ``label``.

Memory: the raw pages are consumed while cut (each is dropped once its parts
exist), and each part is dropped once its page is built, so a document's
spans are held once, plus one page in flight.

A sheet drawn turned and shown upright by ``/Rotate`` (a print file's
landscape sheets stored portrait) is looked at and cut as shown: its text runs
up or down the unrotated page, where a spread's two pages lie one above the
other; its evidence and cells are turned by the page's rotation when most of
its text agrees (:func:`sheet_turn`), so the cells are found, and numbered, as
a reader sees the sheet.  Parts keep unrotated coordinates; ``upright`` turns
them later.

What it cannot do: reorder documents whose sheets are of mixed sizes (they
keep file order), or move an outline entry to the right half of a sheet when
the entry has no target point; a sheet drawn turned without ``/Rotate`` is
looked at unturned.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from .blocks import build_blocks
from .config import Config
from .furniture.lines import TEMPLATE_TAG, template_tag
from .geometry import merge_boxes, shift
from .grids import ruled_tables
from .interleave import column_major
from .overprint import copy_blocks, split_overprints
from .pageorder import Order, PartKey, folio, reading_order
from .sheets import WHOLE, Grid, Plan, SheetEvidence, cells, cut_boxes, cut_lines, grid_scale, plan, region_of
from .types import BBox, Line, Page, PlacedPage
from .upright import turn_box, turn_lines, turned_size, upright_turn

FIGURE_GAP = 4.0  # points: drawings this close form one figure
FIGURE_MIN_PARTS = 3  # ... when at least this many pieces


class RawLike(Protocol):
    """The fields of ``extract.RawPage`` this module reads."""

    number: int
    boxes: Any  # probe.PageBoxes: visible, media, trimmed, trim_source, rotation
    lines: tuple[Line, ...]
    drawings: tuple[BBox, ...]
    visible_chars: int
    forms: tuple[PlacedPage, ...]

    @property
    def width(self) -> float: ...

    @property
    def height(self) -> float: ...


@dataclass(frozen=True)
class Part:
    """One logical page's share of a PDF page, before its blocks are built."""

    source_page: int
    slot: int
    region: BBox  # in the PDF page's MediaBox space (origin top-left, unrotated)
    width: float
    height: float
    lines: tuple[Line, ...]
    drawings: tuple[BBox, ...]
    rotation: int
    flags: tuple[str, ...]
    placed: int | None = None  # source page number an imposing tool placed here


def shown_turn(rotation: int, lines: Sequence[Line]) -> int:
    """The page's ``/Rotate`` (90, 180, 270) when most of the text of ``lines`` runs the way it
    turns it upright (:func:`~.upright.upright_turn`), else 0: the turn that shows them upright."""
    rotation %= 360
    if not rotation:
        return 0
    return rotation if upright_turn([sp for ln in lines for sp in ln.spans]) == rotation else 0


def sheet_turn(raw: RawLike) -> int:
    """:func:`shown_turn` of an extracted page: the sheet is seen as shown."""
    return shown_turn(raw.boxes.rotation, raw.lines)


def evidence(raw: RawLike) -> SheetEvidence:
    """What the grid finder needs from one extracted page, turned as it is shown (:func:`sheet_turn`)."""
    lines, forms = tuple(ln.bbox for ln in raw.lines), tuple(f.bbox for f in raw.forms)
    turn = sheet_turn(raw)
    if not turn:
        return SheetEvidence(raw.number, raw.width, raw.height, lines, forms)
    w, h = raw.width, raw.height
    return SheetEvidence(raw.number, *turned_size(w, h, turn), tuple(turn_box(b, turn, w, h) for b in lines),
                         tuple(turn_box(b, turn, w, h) for b in forms))


def _cells(raw: RawLike, grid: Grid) -> tuple[tuple[BBox, ...], float]:
    """The grid's cells on the page, in unrotated coordinates but in the order a reader sees them
    on the sheet as shown (:func:`sheet_turn`), and the scale :func:`~.sheets.grid_scale` guesses."""
    turn = sheet_turn(raw)
    if not turn:
        return cells(raw.width, raw.height, grid), grid_scale(raw.width, raw.height, grid)
    w, h = turned_size(raw.width, raw.height, turn)
    back = (360 - turn) % 360
    return tuple(turn_box(c, back, w, h) for c in cells(w, h, grid)), grid_scale(w, h, grid)


def cut_page(raw: RawLike, grid: Grid) -> list[Part]:
    """``raw`` cut into the cells of ``grid``, in reading order (one part when WHOLE).

    Each cut part gets its own origin and its printed size back: the scale of
    the page an imposing tool placed in the cell, else ``sheets.grid_scale``.
    """
    vx, vy = _origin(raw.boxes)
    flags = _flags(raw)
    if grid == WHOLE:
        region = (vx, vy, vx + raw.width, vy + raw.height)
        placed = raw.forms[0].number if len(raw.forms) == 1 else None
        return [Part(raw.number, 0, region, raw.width, raw.height, raw.lines, raw.drawings,
                     raw.boxes.rotation, flags, placed)]
    regions, default = _cells(raw, grid)
    held = _placed(raw.forms, regions)
    scales = [held[k].scale if k in held else default for k in range(len(regions))]
    lines, drawings = cut_lines(raw.lines, regions, scales), cut_boxes(raw.drawings, regions, scales)
    return [Part(raw.number, k, shift(r, vx, vy), (r[2] - r[0]) * scales[k], (r[3] - r[1]) * scales[k],
                 lines[k], drawings[k], raw.boxes.rotation, flags + _scale_flag(scales[k]),
                 held[k].number if k in held else None)
            for k, r in enumerate(regions)]


def _origin(boxes: Any) -> tuple[float, float]:
    """The visible area's top-left corner in MediaBox space (where ``Page.region`` lives)."""
    return boxes.visible[0] - boxes.media[0], boxes.visible[1] - boxes.media[1]


def _flags(raw: RawLike) -> tuple[str, ...]:
    flags: tuple[str, ...] = ("trimmed",) if raw.boxes.trimmed else ()
    if getattr(raw.boxes, "trim_source", "") == "crop_marks":
        flags += ("trim_from_crop_marks",)
    return flags


def _scale_flag(scale: float) -> tuple[str, ...]:
    return () if abs(scale - 1.0) < 0.01 else (f"scaled_x{scale:.3g}",)


def _placed(forms: Sequence[PlacedPage], regions: Sequence[BBox]) -> dict[int, PlacedPage]:
    """Cell index -> the page an imposing tool placed there (the first, when several)."""
    out: dict[int, PlacedPage] = {}
    for f in forms:
        out.setdefault(region_of(((f.bbox[0] + f.bbox[2]) / 2, (f.bbox[1] + f.bbox[3]) / 2), regions), f)
    return out


def split_pages(raws: list[Any], cfg: Config) -> tuple[list[Part], Plan]:
    """Cut every page by the document's plan; consumes ``raws`` (emptied on return)."""
    decided = plan([evidence(r) for r in raws], cfg.imposition)
    queue: deque[Any] = deque(raws)
    raws.clear()
    parts: list[Part] = []
    while queue:
        raw = queue.popleft()
        parts.extend(cut_page(raw, decided.grid_of(raw.number)))
    return parts, decided


def order_parts(parts: list[Part], decided: Plan, cfg: Config) -> tuple[list[Part], Order, list[int | None]]:
    """Parts in reading order, the order found, and each ordered part's printed page number."""
    folios = [folio(*_as_shown(p), cfg.imposition.folio_margin) for p in parts]
    every_sheet_cut = len(decided.sheets) == len({p.source_page for p in parts})
    if decided.grid == WHOLE or not every_sheet_cut or not cfg.imposition.reorder:
        order = Order("sheet", tuple(range(len(parts))))
    else:
        sides = {n: i for i, n in enumerate(sorted(decided.sheets))}
        keys = [PartKey(sides[p.source_page], p.slot, f, p.placed) for p, f in zip(parts, folios)]
        order = reading_order(keys, cfg.imposition.agreement)
    ranked = sorted(range(len(parts)), key=lambda i: order.positions[i])
    return [parts[i] for i in ranked], order, [folios[i] for i in ranked]


def _as_shown(part: Part) -> tuple[tuple[Line, ...], float]:
    """A part's lines and height as its page shows them: turned by the page's ``/Rotate`` when most
    of its text runs that way (its folio sits at the foot of the page as shown), else as they are."""
    turn = shown_turn(part.rotation, part.lines)
    if not turn:
        return part.lines, part.height
    w, h = part.width, part.height
    return turn_lines(part.lines, turn, w, h), turned_size(w, h, turn)[1]


def build_page(part: Part, index: int, label: int | None, cfg: Config) -> Page:
    """The logical page ``index`` made of ``part``: blocks, figures, source, label.

    Copies of lines drawn over their original (fake bold, shadows) and a template's bookmark
    tags (hidden by a clip path; they would split the tables they sit in) are taken out before
    the blocks are built and kept on the page for the audit trail.
    """
    kept: list[Line] = []
    tags: list[Line] = []
    for ln in part.lines:
        (kept if template_tag(ln.text)[0] else tags).append(ln)
    drawn, copies = split_overprints(kept)
    tables, lines = ruled_tables(drawn, part.drawings, index, (part.width, part.height))
    blocks = build_blocks(column_major(lines), index, cfg.blocks) + tuple(tables)
    figures = tuple(b for b, n in merge_boxes(part.drawings, FIGURE_GAP) if n >= FIGURE_MIN_PARTS)
    flags = part.flags + (() if any(ln.text.strip() for ln in part.lines) else ("no_text_layer",))
    return Page(index, part.width, part.height, blocks, part.source_page, part.region,
                label="" if label is None else str(label), geometry=True, rotation=part.rotation,
                flags=flags, figures=figures,
                overprints=copy_blocks(copies, index) + copy_blocks(tags, index, len(copies), TEMPLATE_TAG))


def build_pages(parts: list[Part], labels: Sequence[int | None], cfg: Config) -> list[Page]:
    """One Page per part, in the given order; consumes ``parts`` (emptied on return)."""
    queue: deque[Part] = deque(parts)
    parts.clear()
    pages: list[Page] = []
    while queue:
        pages.append(build_page(queue.popleft(), len(pages), labels[len(pages)], cfg))
    return pages
