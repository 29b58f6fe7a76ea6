"""Naive text dumps of print-shop variants of dev-corpus PDFs clean like the unimposed dump (skipped
without ../shared).

``scripts/dump_check.py`` dumps each variant as layout-unaware extractors do (the seed's kind:
split spreads whose pages carry the whole spread, unclipped) and cleans the ``.txt``; here a
few sources and dumps are checked against the dump of the original without imposition, by the
same extractor: nothing lost, nothing added, nothing left doubled, the same chapters.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.dump_check import Row, check

from .conftest import CORPUS

CASES = {  # source: (variant, dump) pairs, each with what it exercises
    "zh_szenergy_2016_csr_report": (
        ("split_spreads", "blocks"),  # the seed's kind: every spread twice, blank-line paragraphs
        ("marks", "pdftotext"),  # a slug apart on each dense page read the dump as one of paragraphs
    ),
    "zh_book_chapter_indesign_marks": (("split_spreads", "text"),),  # dense Chinese, no blank lines
    "en_amazon_2023_shareholder_letter": (("split_spreads", "text"), ("split_spreads", "blocks")),
}


def rows(name: str, tmp: Path) -> dict[tuple[str, str], Row]:
    pairs = CASES[name]
    variants = ["control"] + sorted({v for v, _ in pairs})
    dumps = sorted({d for _, d in pairs})
    got = check(CORPUS / f"{name}.pdf", variants, dumps, tmp)
    return {(r.variant, r.dump): r for r in got}


@pytest.mark.corpus
@pytest.mark.parametrize("name", list(CASES))
def test_dumps_of_variants_clean_like_the_plain_dump(name: str, tmp_path: Path) -> None:
    if not (CORPUS / f"{name}.pdf").is_file():
        pytest.skip(f"dev corpus not present at {CORPUS}")
    if any(d == "pdftotext" for _, d in CASES[name]):
        import shutil
        if not shutil.which("pdftotext"):
            pytest.skip("pdftotext not installed")
    found = rows(name, tmp_path)
    for pair in CASES[name]:
        row = found[pair]
        print(f"\n{row}")
        assert not row.error
        assert row.control_lost <= 0.01 and row.control_added <= 0.005  # nothing lost, nothing added (no XMP)
        assert row.residue <= row.pdf_residue + 0.01  # no spread left doubled
        assert row.chapters == found[("control", pair[1])].chapters
        assert not row.leak


@pytest.mark.corpus
def test_a_pdftotext_dump_of_split_spreads_keeps_no_table_twice(tmp_path: Path) -> None:
    """tebon's split spreads by pdftotext: its forecast table ("主要财务数据及预测", a cell per
    paragraph) stayed twice (residue 0.14 against 0.009 for the unimposed dump): cells are too
    short for dedup to judge alone; a run of them copied in order on a copied page goes."""
    import shutil
    name = "zh_tebon_research_gaoce_2022"
    if not (CORPUS / f"{name}.pdf").is_file() or not shutil.which("pdftotext"):
        pytest.skip("dev corpus or pdftotext absent")
    found = {r.variant: r for r in check(CORPUS / f"{name}.pdf", ["control", "split_spreads"], ["pdftotext"], tmp_path)}
    print(f"\n{found['split_spreads']}")
    assert found["split_spreads"].residue <= found["control"].residue + 0.01
    assert found["split_spreads"].control_lost <= 0.03


def test_the_command_line_reads_its_own_variants() -> None:
    """dump_check's variants include ``control`` (the original, not imposed), which the shared
    parser of fixtures.impose variants refused: ``python scripts/dump_check.py`` stopped at its own
    default with "unknown variants ['control']"."""
    from scripts.dump_check import VARIANTS, parse_args

    assert parse_args([]).variants == list(VARIANTS)
    assert parse_args(["--variants", "control,marks"]).variants == ["control", "marks"]
    with pytest.raises(SystemExit):
        parse_args(["--variants", "booklet"])  # a variant dump_check does not build


def test_the_check_skips_a_source_it_cannot_clean_with_its_reason(tmp_path: Path, capsys) -> None:
    """A scanned or damaged PDF gives no rows and a one-line reason, and the batch goes on."""
    import pymupdf
    blank = pymupdf.open()
    blank.new_page()
    blank.save(tmp_path / "blank.pdf")
    assert check(tmp_path / "blank.pdf", ["control"], ["text"], tmp_path) == []
    assert "blank: skipped, no text layer" in capsys.readouterr().err
