"""Print-shop variants of real dev-corpus PDFs clean to the original's text (skipped without ../shared).

Each source is imposed by :mod:`fixtures.impose` (reader spreads, split
spreads, a saddle-stitch booklet, printer's marks with and without a TrimBox)
and cleaned; the output must hold the original's text, in its order, once,
under the same chapter titles, with no slug words.  ``scripts/impose_check.py``
prints the same figures for the whole corpus.
"""

from __future__ import annotations

import random
from functools import lru_cache
from pathlib import Path

import pymupdf
import pytest

from fixtures.impose import VARIANTS, build, sideways
from scripts.impose_check import Cleaned, Row, cleaned, compare

from .conftest import CORPUS

CASES = {  # small sources, each with what it exercises; every variant of the first two
    "zh_tebon_research_gaoce_2022": tuple(VARIANTS),  # booklet ordered by "2 / 4" folios glued to a footer
    "en_alphabet_2022_annual_report_p18-21": tuple(VARIANTS),  # folios beside a chart's date axis
    "zh_book_chapter_indesign_marks": ("split_spreads", "marks_no_trimbox"),  # its own slug, then ours
}
KINDS = {"spreads": ("spread_2up", "none"), "split_spreads": ("split_spread",), "booklet": ("saddle_booklet",),
         "marks": ("none",), "marks_no_trimbox": ("none",), "sideways_spreads": ("spread_2up", "none")}
# ``spreads`` of a 4-page source has one two-page sheet, too few to cut (read left, then right).


@lru_cache(maxsize=None)
def original(name: str) -> Cleaned:
    return cleaned(CORPUS / f"{name}.pdf")


def variant_row(name: str, variant: str, tmp: Path) -> Row:
    out = tmp / variant / f"{name}.pdf"  # the source's name: an untitled chapter is named after its file
    out.parent.mkdir(exist_ok=True)
    with pymupdf.open(CORPUS / f"{name}.pdf") as src:
        out.write_bytes(build(src, variant))
    return compare(name, variant, original(name), cleaned(out))


@pytest.mark.corpus
@pytest.mark.parametrize(("name", "variant"), [(n, v) for n, vs in CASES.items() for v in vs])
def test_variant_cleans_to_the_original(name: str, variant: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    if not (CORPUS / f"{name}.pdf").is_file():
        pytest.skip(f"dev corpus not present at {CORPUS}")
    row = variant_row(name, variant, tmp_path_factory.getbasetemp())
    print(f"\n{row}")
    assert row.kind in KINDS[variant]
    assert row.forward >= 0.99 and row.backward >= 0.99  # nothing lost, nothing added
    assert row.order >= 0.98 and 0.98 <= row.length <= 1.02  # in order, nothing doubled
    assert row.titles == 0 and not row.leak


# --- generated sources: print-shop variants of layouts the dev corpus lacks ---------------

WORDS = ("revenue", "segment", "growth", "customers", "operating", "margin", "network", "drivers", "platform",
         "quarterly", "investment", "regulatory", "liquidity", "capital", "expenses", "markets", "annual")


def narrow_margin_report(pages: int = 6, foot: str = "{n}", even_foot: str | None = None,
                         plain_cover: bool = False) -> pymupdf.Document:
    """Letter pages set 18 pt from each side (a 10-K's narrow margins), distinct sentences,
    a page number at the foot (``foot`` with ``{n}``; ``even_foot`` on even pages; none on the
    first with ``plain_cover``): spreads of these meet in a gutter under 6% of a page's width."""
    rng = random.Random(7)
    src = pymupdf.open()
    for n in range(pages):
        page = src.new_page(width=612, height=792)
        sentences = [" ".join(rng.choice(WORDS) for _ in range(14)).capitalize() + f" {n + 1}.{k}."
                     for k in range(40)]
        assert page.insert_textbox(pymupdf.Rect(18, 40, 594, 740), " ".join(sentences), fontsize=8) >= 0
        if n or not plain_cover:
            page.insert_text((300, 770), (even_foot if even_foot and n % 2 else foot).format(n=n + 1), fontsize=8)
    return src


@pytest.mark.parametrize(("variant", "kind"), [("spreads", "spread_2up"), ("booklet", "saddle_booklet")])
def test_narrow_margin_pages_are_cut_from_spreads_and_booklets(variant: str, kind: str, tmp_path: Path) -> None:
    """The cover and last page alone beside two spreads, or a booklet padded with two blank pages:
    both were left whole (too few sheets fit, the gutter 'too narrow'), and read across the spread."""
    row = _variant_row(narrow_margin_report(), "report", variant, tmp_path)
    assert row.kind == kind
    assert row.forward >= 0.99 and row.backward >= 0.99 and row.order >= 0.98 and row.titles == 0


@pytest.mark.parametrize("even_foot", [None, "Page {n} | Northwind Holdings plc"])
def test_a_booklet_is_ordered_by_page_words_in_its_running_foot(even_foot: str | None, tmp_path: Path) -> None:
    """A word processor's footer "Annual Report 2023 | Page N" (LibreOffice, Word), or on left pages
    "Page N | Company", gives the page number: a booklet of such pages (a plain cover) was left in
    sheet order (no folio read: no total after N, or the number opening the footer)."""
    src = narrow_margin_report(foot="Annual Report 2023 | Page {n}", even_foot=even_foot, plain_cover=True)
    source, imposed = tmp_path / "report.pdf", tmp_path / "booklet" / "report.pdf"
    source.write_bytes(src.tobytes())
    imposed.parent.mkdir()
    imposed.write_bytes(build(src, "booklet"))
    row = compare("report", "booklet", cleaned(source), cleaned(imposed))
    assert row.kind == "saddle_booklet"
    assert row.forward >= 0.99 and row.backward >= 0.99 and row.order >= 0.98 and row.titles == 0


@pytest.mark.parametrize(("variant", "kind"), [("spreads", "spread_2up"), ("booklet", "saddle_booklet")])
@pytest.mark.parametrize("rotation", [90, 270])
def test_sheets_drawn_sideways_and_shown_upright_are_cut_and_ordered(variant: str, kind: str, rotation: int,
                                                                   tmp_path: Path) -> None:
    """A print file's landscape sheets stored portrait, drawn turned and shown upright by /Rotate:
    MuPDF reports their text running up or down the page, so a spread's two pages lie one above
    the other there and no gutter was found (each sheet read as one page); once cut, the page
    numbers at the foot of the pages as shown were looked for along their unrotated edge."""
    src = narrow_margin_report(8)
    source, imposed = tmp_path / "report.pdf", tmp_path / "sideways" / "report.pdf"
    source.write_bytes(src.tobytes())
    imposed.parent.mkdir()
    imposed.write_bytes(sideways(pymupdf.open("pdf", build(src, variant)), rotation).tobytes())
    row = compare("report", f"sideways_{variant}", cleaned(source), cleaned(imposed))
    assert row.kind == kind
    assert row.forward >= 0.99 and row.backward >= 0.99 and row.order >= 0.98 and row.titles == 0


def slides(pages: int = 6) -> pymupdf.Document:
    """Landscape slides of a few words each: a slug line holds as many characters as a slide."""
    src = pymupdf.open()
    for n in range(pages):
        page = src.new_page(width=800, height=600)
        page.insert_text((60, 100), f"Slide {n + 1}: segment results", fontsize=28)
        page.insert_text((60, 200), f"Revenue grew in market {n + 1}", fontsize=20)
    return src


@pytest.mark.parametrize("variant", ["marks", "marks_no_trimbox"])
def test_a_slug_under_pages_of_little_text_is_no_split_spread(variant: str, tmp_path: Path) -> None:
    """Text outside the trim only below or above it (a slug) is no hidden half of a spread: slides
    with crop marks were read as split spreads because their slug was 20% of their text."""
    row = _variant_row(slides(), "slides", variant, tmp_path)
    assert row.kind == "none" and not row.leak
    assert row.forward >= 0.99 and row.backward >= 0.99 and row.order >= 0.98 and row.titles == 0


def _variant_row(src: pymupdf.Document, name: str, variant: str, tmp_path: Path) -> Row:
    """``src`` and its ``variant`` saved under ``tmp_path``, cleaned, and compared (scripts/impose_check)."""
    source, imposed = tmp_path / f"{name}.pdf", tmp_path / variant / f"{name}.pdf"
    source.write_bytes(src.tobytes())
    imposed.parent.mkdir()
    imposed.write_bytes(build(src, variant))
    return compare(name, variant, cleaned(source), cleaned(imposed))


def test_the_check_skips_a_source_it_cannot_clean_with_its_reason(tmp_path: Path, capsys) -> None:
    """One scanned or damaged PDF in the folder must not stop ``impose_check`` over the rest."""
    from scripts.impose_check import main
    blank, good = pymupdf.open(), pymupdf.open()
    blank.new_page()
    page = good.new_page()
    for k in range(6):
        page.insert_text((72, 100 + 20 * k), f"Line {k} of a page that has text to clean.", fontsize=11)
    blank.save(tmp_path / "a_blank.pdf")
    good.save(tmp_path / "b_text.pdf")
    assert main([str(tmp_path), "--variants", "marks"]) == 0
    out, err = capsys.readouterr()
    assert "a_blank: skipped, no text layer" in err
    assert "b_text" in out and "a_blank" not in out
