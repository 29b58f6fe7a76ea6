"""2-up spreads of landscape pages (slide decks, landscape reports) are cut into their pages.

A print shop's 2-up of landscape pages is a sheet too wide to be one page (4:3 slides make
a 2.7:1 sheet, 16:9 ones 3.6:1, A4 landscape 2.8:1).  Slides are set close to their edges
in large type: a PowerPoint deck's text starts 20 pt from the left edge and its slide number
ends 7 pt from the right one, so two slides meet in a gutter of under two line heights.
Single landscape pages (no wider than a page can be) with two columns or a wide table
are not cut when their gap is that narrow.  Decks are generated with PyMuPDF at known
coordinates and imposed by :mod:`fixtures.impose` (the ``spreads`` variant of
``scripts/impose_check.py``: the first slide alone, then 2|3, 4|5 ...).
"""

from __future__ import annotations

import re
from pathlib import Path

import pymupdf
import pytest

from fixtures.impose import build
from pipeline import extract, logical, probe
from pipeline.config import Config, ImpositionConfig
from pipeline.process import load
from pipeline.sheets import SheetEvidence, fit

from .test_imposition import page_lines

CFG = ImpositionConfig()
TAG = re.compile(r"k\d{3}q")  # a slide's own word, on every line of it
BULLETS = ("revenue rose in the retail segment over the year",
           "operating margin held steady despite higher costs",
           "new markets opened in three regions of the south",
           "headcount grew while attrition fell to a low level",
           "capital spending stayed within the budget we set")


def slide(page: pymupdf.Page, k: int, size: float, margin: float, number_edge: float) -> None:
    """A slide: a title near the top edge, bullets, the slide number in the bottom right corner."""
    width, height = page.rect.width, page.rect.height
    tag = f"k{k + 1:03d}q"
    page.insert_text((margin, margin + 1.4 * size), f"Results {tag} for the quarter", fontsize=1.6 * size)
    for j, text in enumerate(BULLETS):
        page.insert_text((margin + size, margin + (4 + 1.8 * j) * size), f"{tag} {text}", fontsize=size)
    number = str(k + 1)
    page.insert_text((width - number_edge - pymupdf.get_text_length(number, fontsize=12), height - 10),
                     number, fontsize=12)


def deck(count: int, width: float, height: float, size: float, margin: float, number_edge: float) -> pymupdf.Document:
    pdf = pymupdf.open()
    for k in range(count):
        slide(pdf.new_page(width=width, height=height), k, size, margin, number_edge)
    return pdf


def tags(page_text: str) -> set[str]:
    return set(TAG.findall(page_text))


@pytest.mark.parametrize(("width", "height", "size", "margin", "number_edge"), [
    (720, 540, 20, 20, 7),  # a 4:3 PowerPoint deck: a 2.7:1 sheet
    (960, 540, 20, 20, 7),  # 16:9: a 3.6:1 sheet
    (638, 510, 11, 14, 14),  # a beamer deck, text 14 pt from every edge: gutter 2.5 line heights
    (842, 595, 14, 22, 10),  # an A4 landscape report page set close to its edges
])
def test_2up_landscape_slides_are_cut_into_their_pages_in_order(
        tmp_path: Path, width: float, height: float, size: float, margin: float, number_edge: float) -> None:
    with deck(13, width, height, size, margin, number_edge) as src:
        path = tmp_path / "deck.pdf"
        path.write_bytes(build(src, "spreads"))
    doc = load(path, "deck", Config())
    assert doc.meta["imposition"]["kind"] == "spread_2up"
    seen = [tags(" ".join(b.text for b in p.blocks)) for p in doc.pages]
    assert seen == [{f"k{k + 1:03d}q"} for k in range(13)]  # each half one slide, in order


def test_a_cut_slide_carries_the_drawings_of_its_page_without_its_background(tmp_path: Path) -> None:
    """Slides drawn on a coloured background with a rule under the title: each cut page has the
    drawings its slide has alone (the background, half the sheet, is no drawing of the page)."""
    with deck(5, 720, 540, 20, 20, 7) as src:
        for page in src:
            page.draw_rect(page.rect, color=None, fill=(0.95, 0.95, 0.9), overlay=False)
            page.draw_line((20, 70), (700, 70), color=(0.2, 0.3, 0.6), width=1.5)
        alone, spreads = tmp_path / "alone.pdf", tmp_path / "spreads.pdf"
        alone.write_bytes(src.tobytes())
        spreads.write_bytes(build(src, "spreads"))
    assert [p.drawings for p in parts(spreads)] == [p.drawings for p in parts(alone)]


def parts(path: Path) -> list[logical.Part]:
    """The logical pages of ``path`` before their blocks are built, in reading order."""
    cfg = Config()
    pdf = probe.open_pdf(path, None)
    try:
        raws = list(extract.iter_pages(pdf, cfg.extract, []))
    finally:
        pdf.close()
    cut, decided = logical.split_pages(raws, cfg)
    return logical.order_parts(cut, decided, cfg)[0]


def columns_page(page: pymupdf.Page, gap: float, size: float = 11.0, margin: float = 36.0) -> None:
    """Two columns of text meeting ``gap`` points apart at the page's middle."""
    width = page.rect.width
    half = width / 2
    for side, (x0, x1) in enumerate(((margin, half - gap / 2), (half + gap / 2, width - margin))):
        y, words = margin + size, "the board reviewed the plan and its risks in detail".split()
        while y < page.rect.height - margin:
            line, k = words[0], 1  # words to the column's edge
            while pymupdf.get_text_length(f"{line} {words[k % len(words)]}", fontsize=size) < x1 - x0:
                line, k = f"{line} {words[k % len(words)]}", k + 1
            page.insert_text((x0, y), line, fontsize=size)
            y += 1.3 * size


def table_page(page: pymupdf.Page, size: float = 10.0, margin: float = 30.0) -> None:
    """A wide table: seven columns of figures across the page, each centred in its column."""
    width = page.rect.width
    step = (width - 2 * margin) / 7
    for r in range(30):
        y = margin + 40 + r * 1.5 * size
        for c in range(7):
            text = f"{100000 + 3137 * r + 11 * c:,}" if c else f"Item {r + 1}"
            page.insert_text((margin + (c + 0.5) * step - pymupdf.get_text_length(text, fontsize=size) / 2, y),
                             text, fontsize=size)


@pytest.mark.parametrize(("width", "height", "draw"), [
    (842, 595, lambda p: columns_page(p, gap=24)),  # A4 landscape, two columns 24 pt apart
    (960, 540, lambda p: columns_page(p, gap=28, size=18, margin=20)),  # a 16:9 slide of two columns
    (842, 595, table_page),  # A4 landscape, a wide table
])
def test_single_landscape_pages_with_two_columns_or_a_wide_table_stay_whole(tmp_path: Path, width: float,
                                                                            height: float, draw) -> None:
    pdf = pymupdf.open()
    for _ in range(6):
        draw(pdf.new_page(width=width, height=height))
    path = tmp_path / "single.pdf"
    path.write_bytes(pdf.tobytes())
    doc = load(path, "single", Config())
    assert doc.meta["imposition"]["kind"] == "none" and len(doc.pages) == 6


def lines(x0: float, x1: float) -> list[tuple]:
    """A slide's text lines, 20 pt high, from ``x0`` to ``x1``."""
    return page_lines(x0, x1, top=40.0, bottom=500.0, step=30.0, height=20.0)


def test_a_sheet_too_wide_for_one_page_needs_only_a_text_free_gutter() -> None:
    """Two 4:3 slides side by side meet in 27.7 pt, under two line heights (20 pt): a sheet
    2.7 times as wide as high is no page, so a free strip half a line height wide is enough.  The same gap on a
    sheet a page could have (2:1, cells 1:1) is a narrow column gap and stays uncut."""
    wide = SheetEvidence(0, 1440, 540, tuple(lines(20.5, 712.8) + lines(740.5, 1432.8)))
    assert fit(wide, (2, 1), CFG).fits
    page_shaped = SheetEvidence(0, 1080, 540, tuple(lines(20.5, 526.2) + lines(560.5, 1072.8)))
    assert fit(page_shaped, (2, 1), CFG).reason == "gutter too narrow"
    crossed = SheetEvidence(0, 1440, 540, wide.boxes + ((20.5, 510.0, 1432.8, 530.0),) * 3)
    assert fit(crossed, (2, 1), CFG).reason == "text across a cut"  # a page-wide footer line
    touching = SheetEvidence(0, 1440, 540, tuple(lines(20.5, 717.0) + lines(723.0, 1432.8)))
    assert fit(touching, (2, 1), CFG).reason == "gutter too narrow"  # under half a line height apart
