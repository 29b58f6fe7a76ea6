"""benchmarks/compare_extractors.py: its measures, and one small fixture through all four extractors."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

import pytest

from fixtures.excerpt import ReportText, load_excerpt
from fixtures.flow import Style
from fixtures.layouts import build_doc, plain

from .helpers import load_benchmark


ce = load_benchmark("compare_extractors")


@pytest.mark.parametrize(("markdown", "expected"), [
    ("## **Title**", "Title"),
    ("|a|b|\n|---|---|\n|1|2|", "a\nb\n1\n2"),  # cells become lines, the rule goes
    ("x<br>y<!-- Start of picture text -->", "x\ny"),
    ("- _China_ ’s growth", "China ’s growth"),
    ("![](img.png)<mark>kept</mark>", "kept"),
    ("HistoryItem_V1 qi2base", "HistoryItem_V1 qi2base"),  # names with underscores stay
    ("第1部分｜ 强化战略科技力量", "第1部分｜ 强化战略科技力量"),  # full-width bar is text
])
def test_llm_markup_is_stripped_and_text_kept(markdown: str, expected: str) -> None:
    assert "\n".join(ln for ln in ce.strip_llm_markup(markdown).splitlines() if ln) == expected


@pytest.mark.parametrize(("lines", "target", "count"), [
    (["a", "前言", "b", "前言"], "前言", 2),
    (["第1部分｜", "强化", "x"], "第1部分｜强化", 1),  # a head broken over two lines
    (["前言正文"], "前言", 0),  # inside a line is not a whole line
])
def test_line_runs(lines: list[str], target: str, count: int) -> None:
    assert ce.line_runs(lines, target) == count


def test_folio_residue_counts_glued_pairs_but_not_a_number_as_a_pair() -> None:
    truth = replace(ce.FIXTURES["plain"]()[1], page_numbers=("1", "2", "12", "15", "16"))
    assert ce.folio_residue(["1516"], truth, {}) == pytest.approx(2 / 5)
    assert ce.folio_residue(["12"], truth, {}) == pytest.approx(1 / 5)  # page 12, not pages 1 and 2
    assert ce.folio_residue(["12"], truth, {"12": 1}) == 0.0  # the truth itself has "12" once


def test_dup_share_ignores_runs_the_truth_repeats() -> None:
    assert ce.dup_share("abcabc", n=3) == 1.0
    assert ce.dup_share("abcabc", allowed="abc abc", n=3) == 0.0
    assert ce.dup_share("abcdef", n=3) == 0.0


def small_fixture() -> tuple[bytes, object]:
    """The front matter and the first part on short pages: 8 pages, heads recurring on 3 or more."""
    report = load_excerpt()
    return plain(build_doc(ReportText(report.title, report.chapters[:2]), Style(height=380.0)))


def test_one_small_fixture_through_all_four_extractors(tmp_path: Path) -> None:
    pytest.importorskip("pypdf")
    pytest.importorskip("pymupdf4llm")
    result = ce.compare({"small": small_fixture()}, [], {}, tmp_path, workers=1)
    rows = {r["extractor"]: r for r in result["rows"]}
    assert sorted(rows) == sorted(ce.EXTRACTORS) and len(result["rows"]) == 4
    for row in rows.values():
        assert not row["error"] and row["chars"] > 1000
        for col in ce.FIXTURE_COLUMNS:
            assert math.isnan(row[col]) or 0.0 <= row[col] <= 1.0, (row["extractor"], col, row[col])
        assert math.isnan(row["leak"]) and math.isnan(row["agreement"])  # no never-strings, no plain reference
    clean = rows["reportclean"]
    assert clean["body_recall"] >= 0.99 and clean["head_residue"] == 0.0 and clean["folio_residue"] == 0.0
    assert rows["get_text"]["head_residue"] == 1.0 and rows["get_text"]["folio_residue"] == 1.0  # the measure sees them
    table = ce.summary_markdown(result)
    assert all(f"| {name} |" in table for name in ce.EXTRACTORS)
    assert "NaN" not in json.dumps(ce._json_safe(result), allow_nan=False)


def test_ab_cpu_refuses_a_folder_that_is_no_checkout(tmp_path, capsys) -> None:
    """benchmarks/ab_cpu.py names the folder that is not a reportclean checkout and exits 2."""
    ab = load_benchmark("ab_cpu")
    assert ab.main([str(tmp_path), str(Path(__file__).parents[1]), "x.pdf"]) == 2
    assert f"{tmp_path}: not a reportclean checkout" in capsys.readouterr().err
