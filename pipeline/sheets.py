"""Sheets into page frames: find the gutters of 2-up spreads and n-up grids, and cut.

Pure geometry on each PDF page's text-line boxes (visible-area coordinates);
no PDF library.  A sheet *fits* a grid of ``cols x rows`` equal cells when

- every cell has a page's shape (width / height in 0.45..2.2: a portrait page
  halved vertically does not, a landscape sheet halved does),
- every inner cut (``x = k*w/cols``, ``y = k*h/rows``) lies in a strip free of
  text: lines across it cover at most ``cross_max`` of the cut's length, and
  the strip is at least ``gutter_lines`` line heights wide and either
  ``gutter_share`` of a cell or, where two pages of one layout meet, about as
  wide as the sheet's two outer margins together (``TWIN_MARGINS``: Letter
  pages set 18 pt from every edge meet in a 36 pt gutter); on a sheet too wide to be
  one page (wider than the cells' bound: 2-up of 4:3 or 16:9 slides, of A4 landscape)
  a vertical cut's strip need only be ``WIDE_GUTTER_LINES`` line heights wide (slides
  set 20 pt and 7 pt from their edges in 20 pt type meet in under two),
- text lies on both sides of every cut;

or when an imposing tool placed one page in each cell (pdfjam's forms).

The document takes the grid that most of its sheets with text fit (the finer
one when two nearly tie) if at least ``sheet_share`` of them fit and at least
two do (one is enough when placed pages say so).  For 2-up spreads, pages
printed alone at a cell's size (the cover and last page of reader spreads) and
sheets of the grid's size with text on one side only (a booklet's blank pad
pages) are set aside when counting them would refuse the grid, as long as they are no more
than the sheets that fit: a report of single pages with two fold-outs stays
whole.  It then cuts *every* sheet
of the size most fitting sheets have (a title slide printed alone may fit too), covers and
blank sides too, so that sheet arithmetic holds;
sheets cut without fitting are named in the doubt.  Otherwise nothing is cut,
and a near miss is recorded as doubt.

Cut pages get their own origin and, when they were shrunk onto the sheet,
their printed size back (font sizes too), so tolerances in points mean the
same on every logical page: the scale comes from the imposing tool's placed
pages (pdfjam), else ``grid_scale`` guesses it.

What it cannot do: frames of unequal size, rotated frames, several grids in
one document; sheets of another size stay whole.  A landscape document whose
pages all hold two columns far apart, with no line across the middle, looks
like 2-up spreads and is cut (harmless for reading order: left, then right); so is a
document of pages too wide to be one page (over 2.2:1) whose text leaves the middle free.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from statistics import median

from .config import ImpositionConfig
from .geometry import BACKGROUND_SHARE, area, center, intersect
from .types import BBox, Line, Span

Grid = tuple[int, int]  # columns, rows
WHOLE: Grid = (1, 1)
GRIDS: tuple[Grid, ...] = ((2, 1), (2, 2), (3, 2), (2, 3), (4, 2), (2, 4), (3, 3), (4, 4))
CELL_ASPECT = (0.45, 2.2)  # width / height of a plausible page
SIZE_TOLERANCE = 0.02  # sheets within this share of each other's width and height are one size
FORM_COVER = 0.8  # a placed page covers at least this share of its cell
NEAR_TIE = 0.9  # a finer grid fitting this share of the best count wins
NEAR_MISS = 0.5  # a grid fitting this share of the sheets needed is a doubt worth recording
TWIN_MARGINS = 0.9  # a gutter at least this share of the two outer margins together is where two pages meet
WIDE_GUTTER_LINES = 0.5  # line heights a vertical gutter needs on a sheet too wide to be one page


@dataclass(frozen=True)
class SheetEvidence:
    """One PDF page as the grid finder sees it."""

    number: int  # 0-based PDF page
    width: float
    height: float
    boxes: tuple[BBox, ...] = ()  # text lines, visible-area coordinates
    forms: tuple[BBox, ...] = ()  # pages placed by an imposing tool, same coordinates


@dataclass(frozen=True)
class Cut:
    """What lies around one inner cut of a grid."""

    axis: int  # 0: a vertical cut at x = at; 1: a horizontal cut at y = at
    at: float
    gutter: float  # width of the text-free strip around the cut
    across: float  # share of the cut's length covered by lines across it
    sides: tuple[int, int]  # lines before and after the cut
    margins: tuple[float, float] = (0.0, 0.0)  # text-free strips at the sheet's two edges on this axis

    def twin_margins(self) -> bool:
        """The gutter is as wide as the two outer margins together, each a real margin (a quarter
        of the gutter at least): two pages of one layout side by side (18 | 18+18 | 18)."""
        outer = self.margins[0] + self.margins[1]
        return min(self.margins) >= 0.25 * self.gutter and self.gutter >= TWIN_MARGINS * outer


@dataclass(frozen=True)
class Fit:
    grid: Grid
    fits: bool
    reason: str  # "gutters" or "placed pages" when it fits, else why not
    cuts: tuple[Cut, ...] = ()


@dataclass(frozen=True)
class Plan:
    """The document's decision: which grid cuts which sheets, and why."""

    grid: Grid = WHOLE
    sheets: frozenset[int] = frozenset()  # PDF pages cut with ``grid``
    evidence: tuple[str, ...] = ()
    doubt: tuple[str, ...] = ()

    def grid_of(self, number: int) -> Grid:
        return self.grid if number in self.sheets else WHOLE


def cells(width: float, height: float, grid: Grid) -> tuple[BBox, ...]:
    """The grid's cells in reading order, row by row: ``cells(2, 1, (2, 1)) -> ((0,0,1,1), (1,0,2,1))``."""
    cols, rows = grid
    cw, ch = width / cols, height / rows
    return tuple((c * cw, r * ch, (c + 1) * cw, (r + 1) * ch) for r in range(rows) for c in range(cols))


def line_height(boxes: Sequence[BBox]) -> float:
    """Median thickness of text lines (their smaller side, so rotated lines count too)."""
    sizes = [min(b[2] - b[0], b[3] - b[1]) for b in boxes]
    return median(sizes) if sizes else 0.0


def measure_cut(boxes: Sequence[BBox], axis: int, at: float, extent: float, length: float) -> Cut:
    """The free strip around ``at`` on ``axis`` (0: x, 1: y) and the text across it."""
    covered: float = 0  # int 0 to start, as sum() does
    lo, hi, n_before, n_after = 0.0, extent, 0, 0
    first = True  # lo starts as the first box before the cut, as max(..., default=0.0) does
    least, most = extent, 0.0  # the text's extent on this axis
    for b in boxes:  # one pass (a sheet's boxes are measured for every cut of every grid)
        start, end = b[axis], b[axis + 2]
        least, most = min(least, start), max(most, end)
        if end <= at:
            lo, first = (end if first or end > lo else lo), False
            n_before += 1
        if start >= at:
            hi = start if n_after == 0 or start < hi else hi
            n_after += 1
        if start < at < end:
            covered += b[3 - axis] - b[1 - axis]
    return Cut(axis, at, hi - lo, covered / length if length else 0.0, (n_before, n_after),
               (max(least, 0.0), max(extent - most, 0.0)))


def inner_cuts(sheet: SheetEvidence, grid: Grid, measured: dict[tuple[int, float], Cut] | None = None) -> Iterator[Cut]:
    """Every inner cut of ``grid`` on ``sheet``, vertical ones first (lazily).  ``measured``: cuts of
    this sheet already measured, by (axis, position): grids share cuts (the middle of 2x1, 2x2, 4x2)."""
    cols, rows = grid
    w, h = sheet.width, sheet.height
    memo: dict[tuple[int, float], Cut] = {} if measured is None else measured
    for axis, n, extent, length in ((0, cols, w, h), (1, rows, h, w)):
        for k in range(1, n):
            at = k * extent / n
            cut = memo.get((axis, at))
            if cut is None:
                cut = memo[(axis, at)] = measure_cut(sheet.boxes, axis, at, extent, length)
            yield cut


def forms_fill(sheet: SheetEvidence, grid: Grid) -> bool:
    """An imposing tool placed exactly one page in each cell of ``grid``."""
    if len(sheet.forms) != grid[0] * grid[1]:  # one per cell (asked of every sheet: the cells only when it may hold)
        return False
    grid_cells = cells(sheet.width, sheet.height, grid)
    for cell in grid_cells:
        held = [f for f in sheet.forms if (cut := intersect(f, cell)) and area(cut) >= FORM_COVER * area(cell)]
        if len(held) != 1:
            return False
    return True


def fit(sheet: SheetEvidence, grid: Grid, cfg: ImpositionConfig,
        measured: dict[tuple[int, float], Cut] | None = None) -> Fit:
    """Whether ``sheet`` holds ``grid``'s page frames, and why (not); ``measured`` as for :func:`inner_cuts`."""
    cw, ch = sheet.width / grid[0], sheet.height / grid[1]
    if not ch or not CELL_ASPECT[0] <= cw / ch <= CELL_ASPECT[1]:
        return Fit(grid, False, "cells not page-shaped")
    if forms_fill(sheet, grid):
        return Fit(grid, True, "placed pages")
    need = (cfg.gutter_share * cw, cfg.gutter_share * ch)
    wide = sheet.width > CELL_ASPECT[1] * sheet.height  # no page is this wide: its vertical cuts need a free strip only
    lh: float | None = None  # the line height, measured only when a cut needs it
    cuts: list[Cut] = []
    for c in inner_cuts(sheet, grid, measured):  # stop at the first cut that fails
        cuts.append(c)
        if c.across > cfg.cross_max:
            return Fit(grid, False, "text across a cut", tuple(cuts))
        if lh is None:
            lh = line_height(sheet.boxes)
        if not _wide_enough(c, lh, need[c.axis], cfg, wide and c.axis == 0):
            return Fit(grid, False, "gutter too narrow", tuple(cuts))
        if min(c.sides) == 0:
            return Fit(grid, False, "text on one side only", tuple(cuts))
    return Fit(grid, True, "gutters", tuple(cuts))


def _wide_enough(c: Cut, lh: float, need: float, cfg: ImpositionConfig, too_wide: bool) -> bool:
    """The gutter of cut ``c`` is wide enough for pages to meet there: ``cfg.gutter_lines`` line
    heights ``lh`` and ``need`` points (or twin margins); across a sheet too wide to be one page,
    ``WIDE_GUTTER_LINES`` line heights (slides meet in under two: 20 pt type, 20 + 7 pt margins)."""
    if too_wide:
        return c.gutter >= WIDE_GUTTER_LINES * lh
    return c.gutter >= cfg.gutter_lines * lh and (c.gutter >= need or c.twin_margins())


def same_size(a: SheetEvidence, b: SheetEvidence) -> bool:
    return (abs(a.width - b.width) <= SIZE_TOLERANCE * max(a.width, b.width)
            and abs(a.height - b.height) <= SIZE_TOLERANCE * max(a.height, b.height))


def commonest(fitting: Sequence[SheetEvidence]) -> SheetEvidence:
    """The first of the sheets of the size most of ``fitting`` have (the first size on a tie):
    a deck's title slide printed alone may fit the grid too, but the spreads set the size."""
    counts = Counter((round(s.width), round(s.height)) for s in fitting)
    size = counts.most_common(1)[0][0]
    return next(s for s in fitting if (round(s.width), round(s.height)) == size)


def choose(counts: dict[Grid, int]) -> Grid | None:
    """The grid most sheets fit; a finer grid wins a near tie. None when none fits."""
    best = max(counts.values(), default=0)
    if not best:
        return None
    close = [g for g, n in counts.items() if n >= NEAR_TIE * best]
    return max(close, key=lambda g: (g[0] * g[1], counts[g]))


def plan(sheets: Sequence[SheetEvidence], cfg: ImpositionConfig) -> Plan:
    """Decide which sheets to cut with which grid (see the module docstring).

    Args:
        sheets: every PDF page's evidence, in file order.
        cfg: thresholds; ``cfg.split=False`` cuts nothing.
    Returns:
        A Plan; ``Plan().grid == WHOLE`` when nothing is cut.
    """
    text = [s for s in sheets if s.boxes or s.forms]
    if not cfg.split or not text:
        return Plan()
    measured: list[dict[tuple[int, float], Cut]] = [{} for _ in text]  # per sheet, shared by the grids
    results = {g: [fit(s, g, cfg, m) for s, m in zip(text, measured)] for g in GRIDS}
    grid = choose({g: sum(f.fits for f in fs) for g, fs in results.items()})
    if grid is None:
        return Plan()
    fitting = [s for s, f in zip(text, results[grid]) if f.fits]
    alone, one_sided = ([], []) if len(fitting) >= cfg.sheet_share * len(text) else _neutral(
        text, results[grid], fitting, grid)  # set aside only when counting them would refuse the grid
    judged = len(text) - len(alone) - len(one_sided)
    summary = (f"{len(fitting)} of {judged} sheets with text hold a {grid[0]}x{grid[1]} grid of page frames"
               + _neutral_note(alone, one_sided))
    strong = any(forms_fill(s, grid) for s in fitting)
    if len(fitting) < cfg.sheet_share * judged or (len(fitting) < 2 and not strong):
        near = len(fitting) >= max(2.0, NEAR_MISS * cfg.sheet_share * judged)
        return Plan(doubt=(summary + ": too few, nothing cut",) if near else ())
    size = commonest(fitting)
    cut = [s for s in sheets if same_size(s, size)]
    evidence = (summary,) + _gutter_evidence([f for f in results[grid] if f.fits], strong)
    return Plan(grid, frozenset(s.number for s in cut), evidence,
                _unfit_doubt(cut, {s.number for s in fitting}, grid, cfg))


def _neutral(text: Sequence[SheetEvidence], fits: Sequence[Fit], fitting: Sequence[SheetEvidence],
             grid: Grid) -> tuple[list[SheetEvidence], list[SheetEvidence]]:
    """Sheets that neither fit a 2x1 ``grid`` nor tell against it: pages printed alone at a cell's
    size, and sheets of the fitting size with text on one side only; none when they outnumber the
    fits, or for finer grids (where a cut with text on one side only says nothing of blank pages)."""
    if not fitting or grid != (2, 1):
        return [], []
    ref = commonest(fitting)
    cell = SheetEvidence(-1, ref.width / grid[0], ref.height / grid[1])
    alone = [s for s in text if same_size(s, cell)]
    one_sided = [s for s, f in zip(text, fits) if f.reason == "text on one side only" and same_size(s, ref)]
    return ([], []) if len(alone) + len(one_sided) > len(fitting) else (alone, one_sided)


def _neutral_note(alone: Sequence[SheetEvidence], one_sided: Sequence[SheetEvidence]) -> str:
    notes = ([f"{len(alone)} pages printed alone"] if alone else []) + (
        [f"{len(one_sided)} with text on one side only"] if one_sided else [])
    return f" ({', '.join(notes)})" if notes else ""


def _gutter_evidence(fits: Sequence[Fit], strong: bool) -> tuple[str, ...]:
    out = ["pages placed by an imposing tool (pdfjam) fill the cells"] if strong else []
    for axis, name in ((0, "vertical"), (1, "horizontal")):
        widths = [c.gutter for f in fits for c in f.cuts if c.axis == axis]
        if widths:
            out.append(f"{name} gutters free of text, median {median(widths):.0f} pt wide")
    return tuple(out)


def _unfit_doubt(cut: Sequence[SheetEvidence], fitting: set[int], grid: Grid,
                 cfg: ImpositionConfig) -> tuple[str, ...]:
    """Sheets cut like the others although they do not fit on their own (1-based pages)."""
    out = []
    for s in cut:
        if s.number not in fitting and (s.boxes or s.forms):
            out.append(f"PDF page {s.number + 1} cut like the others ({fit(s, grid, cfg).reason})")
    return tuple(out[:20])


# --- cutting a sheet's content into its cells ------------------------------------


def region_of(point: tuple[float, float], regions: Sequence[BBox]) -> int:
    """Index of the region holding ``point``, else of the nearest one."""
    x, y = point
    for k, r in enumerate(regions):
        if r[0] <= x <= r[2] and r[1] <= y <= r[3]:
            return k
    return min(range(len(regions)), key=lambda k: _distance(point, regions[k]))


def _distance(point: tuple[float, float], r: BBox) -> float:
    dx = max(r[0] - point[0], 0.0, point[0] - r[2])
    dy = max(r[1] - point[1], 0.0, point[1] - r[3])
    return dx * dx + dy * dy


def grid_scale(width: float, height: float, grid: Grid) -> float:
    """How much a grid's pages were shrunk, when nothing says: 1 for one row (spreads are
    printed 1:1); for n-up, as if the pages had the sheet's size (2 for 2x2)."""
    if grid[1] == 1:
        return 1.0
    return max(width, height) / max(width / grid[0], height / grid[1])


def moved_line(spans: Sequence[Span], origin: tuple[float, float], scale: float = 1.0) -> Line:
    """A line of ``spans`` moved to a new ``origin`` and enlarged by ``scale`` (font sizes too)."""
    ox, oy = origin
    moved = tuple(Span(s.text, _scaled(s.bbox, ox, oy, scale), s.font, round(s.size * scale, 2), s.flags,
                       s.color, s.alpha, s.direction) for s in spans)
    bbox = (min(s.bbox[0] for s in moved), min(s.bbox[1] for s in moved),
            max(s.bbox[2] for s in moved), max(s.bbox[3] for s in moved))
    return Line(moved, bbox)


def _scaled(b: BBox, ox: float, oy: float, scale: float) -> BBox:
    return ((b[0] - ox) * scale, (b[1] - oy) * scale, (b[2] - ox) * scale, (b[3] - oy) * scale)


def cut_lines(lines: Sequence[Line], regions: Sequence[BBox],
              scales: Sequence[float] | None = None) -> list[tuple[Line, ...]]:
    """Each region's lines, moved to the region's origin and enlarged by its scale.

    A span goes to the region holding its centre, so a line across a cut is
    split between the regions; a single span across a cut goes whole to one side.
    """
    scales = scales or [1.0] * len(regions)
    out: list[list[Line]] = [[] for _ in regions]
    for line in lines:
        groups: dict[int, list[Span]] = {}
        for s in line.spans:
            groups.setdefault(region_of(center(s.bbox), regions), []).append(s)
        for k, spans in groups.items():
            out[k].append(moved_line(spans, (regions[k][0], regions[k][1]), scales[k]))
    return [tuple(x) for x in out]


def cut_boxes(boxes: Sequence[BBox], regions: Sequence[BBox],
              scales: Sequence[float] | None = None) -> list[tuple[BBox, ...]]:
    """Each region's share of ``boxes`` (drawings), clipped, moved and enlarged like its lines;
    a share covering ``BACKGROUND_SHARE`` of its region is that page's background and goes, as
    extraction drops a page's own (a slide's fill is half its 2-up sheet, all of its page)."""
    scales = scales or [1.0] * len(regions)
    out: list[list[BBox]] = [[] for _ in regions]
    for b in boxes:
        for k, r in enumerate(regions):
            piece = intersect(b, r)
            if piece and area(piece) < BACKGROUND_SHARE * area(r):
                out[k].append(_scaled(piece, r[0], r[1], scales[k]))
    return [tuple(x) for x in out]
