"""Runs of blocks repeated in order: the doubled spread's short blocks (table cells, labels) in a text dump.

MegaFake_report (an odd6 PDF) as split spreads, dumped by pdftotext (``scripts/dump_check.py``):
every spread twice, its table a paragraph per cell.  The prose of the second copy went, but its
cells ("Yes", "Medium", "Parser A") are shorter than any block dedup judges alone (a "Yes" recurs
as content), so the table stayed twice: output residue 0.21 against 0.06 for the unimposed dump.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.config import Config
from pipeline.dedup.runs import repeated_runs
from pipeline.metrics import dup_residue
from pipeline.process import process

PROSE = [
    "The implementation of the new parser offers numerous benefits that change the way organisations manage "
    "their documents.",
    "The following table compares the parser with three others on fictional performance metrics, highlighting "
    "its strengths in key areas.",
]
TABLE = ["Metric", "Parser A", "Parser B", "Parser C", "Monthly Updates", "Yes", "Yes", "No",
         "Mobile App", "Yes", "No", "Yes", "Data Privacy", "High", "Medium", "Low", "API Access", "Yes",
         "No", "Yes", "Ease of Use", "High", "Medium", "Medium"]
OTHER = ["Cloud Integration", "Yes", "No", "Yes", "Free Trial", "Yes", "Yes", "No"]  # rows that restate cells


def _dump(tmp_path: Path, pages: list[list[str]]) -> Path:
    """pdftotext's look: a paragraph per blank-line run, pages ended by form feeds."""
    path = tmp_path / "report.txt"
    path.write_text("\f".join("\n\n".join(page) + "\n\n" for page in pages), encoding="utf-8")
    return path


def _output(path: Path) -> list[str]:
    """The chapter titles and blocks the dump cleans to, in order."""
    result = process(path, "report", Config())
    return [t for chapter in result.chapters for t in [chapter.title] + [b.text for b in chapter.blocks]]


def test_a_split_spread_dumped_twice_keeps_its_table_once(tmp_path: Path) -> None:
    spread = PROSE + TABLE + ["2", "3"]
    out = _output(_dump(tmp_path, [["Parsers compared", "1"], spread, spread, OTHER + ["4"]]))
    assert out == ["Parsers compared"] + PROSE + TABLE + OTHER
    assert dup_residue("\n".join(out)) == dup_residue("\n".join(PROSE + TABLE + OTHER))


def test_short_runs_and_restated_cells_stay() -> None:
    """A table's rows restate cells ("Yes", "No", "Yes") and a report restates a short label run:
    under ``min_chars`` characters, or under ``min_blocks`` blocks, a repeat is content."""
    keys = ["Yes", "No", "Yes", "Mobile App", "Yes", "No", "Yes", "Free Trial", "Yes", "No", "Yes"]
    assert repeated_runs(keys, min_chars=60) == []
    long = ["A long label of thirty-one chars", "another label, also thirty-two!"]
    assert repeated_runs(long + ["x"] + long, min_chars=60) == []  # two blocks only
    cells = [f"cell {n:02}" for n in range(12)]
    assert repeated_runs(cells + ["new text"] + cells, min_chars=60) == [(13, 12, 0)]


def test_a_run_never_overlaps_its_source() -> None:
    """A copy ends before its source's end: four labels (47 characters) repeated are content; the
    second half of a list that is the first half again (94 characters) is a copy."""
    keys = ["Quarter one", "Quarter two", "Quarter three", "Quarter four"] * 4
    assert repeated_runs(keys, min_chars=60) == [(8, 8, 0)]


def test_a_header_row_repeated_over_a_continued_table_stays(tmp_path: Path) -> None:
    """bureau_veritas dumped by PyMuPDF: each table's header cells ("Monitoring", "Main Engine",
    "Alarm", "Indication", "Slowdown", "Shutdown" …) repeat over its continuation on the next page,
    and zh_nee's two cash-flow statements share their row labels.  Those runs are a small part of
    their pages, while a doubled spread's copy is most of its page: only such pages lose runs."""
    header = ["Symbol convention", "Monitoring", "Main Engine", "Auxiliary", "Alarm", "Indication",
              "Slowdown", "Shutdown", "Control", "Stand by Start", "Stop"]
    rows = [[f"Fuel oil pressure after filter number {n}", "L", "X", "local"] for n in range(1, 9)]
    first = ["Table 1 : Diesel engines for propulsion"] + header + [c for r in rows[:4] for c in r]
    second = ["Table 1 : Diesel engines for propulsion (continued)"] + header + [c for r in rows[4:] for c in r]
    out = _output(_dump(tmp_path, [first + ["1"], second + ["2"]]))
    assert sum(t == "Stand by Start" for t in out) == 2 and sum(t == "Monitoring" for t in out) == 2
