"""Print-shop variants of real dev-corpus PDFs clean to the original's text (skipped without ../shared).

Each source is imposed by :mod:`fixtures.impose` (reader spreads, split
spreads, a saddle-stitch booklet, printer's marks with and without a TrimBox)
and cleaned; the output must hold the original's text, in its order, once,
under the same chapter titles, with no slug words.  ``scripts/impose_check.py``
prints the same figures for the whole corpus.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pymupdf
import pytest

from fixtures.impose import VARIANTS, build
from scripts.impose_check import Cleaned, Row, cleaned, compare

from .conftest import CORPUS

CASES = {  # small sources, each with what it exercises; every variant of the first two
    "zh_tebon_research_gaoce_2022": tuple(VARIANTS),  # booklet ordered by "2 / 4" folios glued to a footer
    "en_alphabet_2022_annual_report_p18-21": tuple(VARIANTS),  # folios beside a chart's date axis
    "zh_book_chapter_indesign_marks": ("split_spreads", "marks_no_trimbox"),  # its own slug, then ours
}
KINDS = {"spreads": ("spread_2up", "none"), "split_spreads": ("split_spread",), "booklet": ("saddle_booklet",),
         "marks": ("none",), "marks_no_trimbox": ("none",)}
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
