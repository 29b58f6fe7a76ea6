"""scripts/seed_residue_floor.py: the pieces of the integer program that bounds the seed's residue."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

import seed_residue_floor as floor  # noqa: E402

TITLE = "《关于促进长三角科技创新券发展的实施意见》"  # 21 characters: one shared 20-character run or more


def test_conflicts_name_the_lines_sharing_a_run() -> None:
    lines = ["印发" + TITLE + "，推动合作。", TITLE + "发布", "完全不同的一行文字，没有任何重复的内容在里面。"]
    groups = floor.conflicts(lines)
    assert {(i, tuple(sorted(p))) for i, p, _ in groups} == {(0, (1,)), (1, (0,))}
    assert all(n >= floor.RUN for _, _, n in groups)


def test_lines_overlapping_end_to_start_are_no_conflict() -> None:
    a, b = "开头的几个字" + TITLE, TITLE + "结尾的几个字"  # one output run "开头…意见》结尾…" holds both once
    assert floor.conflicts([a, b]) == []


def test_twins_are_passages_printed_again_with_half_width_brackets() -> None:
    lines = ["东方英才计划青年项目(原上海市青年创业英才", "东方英才计划青年项目（原上海市青年创业英才开发计划）", "其他内容"]
    assert floor.twins(lines) == {0}


def test_least_residue_drops_the_cheapest_line() -> None:
    pytest.importorskip("scipy")
    lines = ["印发" + TITLE + "，推动合作。", TITLE + "发布", "另一行" + TITLE]
    groups = floor.conflicts(lines)
    assert floor.least_residue_chars(len(lines), groups, set(), 0) > 0
    assert floor.least_residue_chars(len(lines), groups, set(), 2) == 0
    assert floor.least_residue_chars(len(lines), groups, {0, 1}, 0) == 0
