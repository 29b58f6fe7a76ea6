"""Layout-keeping dumps (``pdftotext -layout``): columns side by side read one after the other."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.layoutdump import columns, layout_kept
from pipeline.textdump import load_textdump

LEFT = ["The global fight against inflation and", "the war in Ukraine weighed on activity",
        "in 2022, and the first two factors will", "continue to do so in 2023. Despite these",
        "headwinds, real GDP was surprisingly", "strong in the third quarter of 2022."]
RIGHT = ["Monetary policy starts to bite. Signs", "are apparent that monetary tightening",
         "is starting to cool demand and prices,", "but the full impact is unlikely to be",
         "realized before 2024. Headline inflation", "appears to have peaked in the autumn."]


def _side_by_side(left: list[str], right: list[str], gutter: int = 44) -> list[str]:
    return [f"{a:<{gutter}}{b}".rstrip() for a, b in zip(left, right)]


def _texts(runs: list[list[tuple[int, str]]]) -> list[list[str]]:
    return [[t for _, t in run] for run in runs]


def test_two_prose_columns_read_one_after_the_other() -> None:
    lines = ["World Economic Outlook Update, January 2023: Inflation Peaking"] + _side_by_side(LEFT, RIGHT)
    runs = columns(list(enumerate(lines)))
    assert _texts(runs) == [[lines[0]], LEFT, RIGHT]  # the title runs across the gutter
    assert [no for no, _ in runs[2]] == list(range(1, 7))  # each line keeps its number


def test_a_row_where_one_column_is_empty_ends_its_paragraph_only_after_a_sentence() -> None:
    """Chart ticks beside body lines (tebon's sidebar) leave rows empty in the body's column: such a
    row is skipped there unless the column's last line ended a sentence."""
    pad = " " * 44
    lines = _side_by_side(LEFT[:4], RIGHT[:4]) + [pad + RIGHT[4], "380%", pad + RIGHT[5],
                                                  "Note: figures are estimates.", pad + "Core inflation remains high."]
    left, right = _texts(columns(list(enumerate(lines))))
    assert right == RIGHT[:6] + ["", "Core inflation remains high."]  # RIGHT[4] ends no sentence, RIGHT[5] does
    assert left == LEFT[:4] + ["380%", "Note: figures are estimates.", ""]


def test_a_table_is_left_whole() -> None:
    """A financial table's rows: label, figures, change, remarks (NEE's report) are not columns."""
    rows = [f"{label:<22}{a:>14}{b:>18}   {c:>8}   {note}" for label, a, b, c, note in [
        ("预付款项", "2,436,695.05", "1,878,311.93", "29.73%", "子公司货款增加，预付款项随之增加"),
        ("应交税费", "84,791.64", "341,620.35", "-75.18%", "应交增值税税金减少，期末余额下降"),
        ("应收票据", "50,000.00", "15,878,744.00", "-99.69%", "票据到期重分类至应收账款科目"),
        ("其他应收款", "18,267,606.14", "3,123,072.43", "484.92%", "票据到期重分类至其他应收款项"),
        ("管理费用", "7,764,789.98", "15,753,158.14", "-50.71%", "上期的搬迁新址装修费用本期未发生"),
        ("财务费用", "7,667.69", "403,265.89", "-98.10%", "本期无新增借款，利息支出相应减少"),
        ("营业外收入", "3,340,324.88", "-", "100%", "清偿债务冲减预计负债计入营业外收入")]]
    numbered = list(enumerate(rows * 2))
    assert columns(numbered) == [numbered]


def test_numbers_beside_their_items_are_left_whole() -> None:
    """Bureau Veritas's "No. / Item" table: item numbers left of prose items are no column."""
    items = [f"{n:>4}      {text}" for n, text in enumerate(
        ["Engine particulars and general information", "Engine cross section and longitudinal section",
         "Bedplate and crankcase of cast design", "Thrust bearing assembly with its fastening",
         "Frame, frame box and gearbox of cast design", "Tie rod and connecting rod assemblies",
         "Crosshead and piston rod assemblies"], start=1)]
    numbered = list(enumerate(items))
    assert columns(numbered) == [numbered]


def test_layout_kept_tells_layout_dumps_from_others() -> None:
    assert layout_kept(_side_by_side(LEFT, RIGHT))
    assert not layout_kept((LEFT + RIGHT) * 2 + ["Revenue   12.3", ""])  # one gap in 25 lines is no layout


def test_a_layout_dump_loads_column_by_column(tmp_path: Path) -> None:
    path = tmp_path / "weo.txt"
    path.write_text("\n".join(["Inflation Peaking amid Low Growth", ""] + _side_by_side(LEFT, RIGHT)) + "\n\f",
                    encoding="utf-8")
    doc = load_textdump(path, "weo")
    assert doc.meta["layout"] is True
    assert [b.text for b in doc.pages[0].blocks] == ["Inflation Peaking amid Low Growth", " ".join(LEFT), " ".join(RIGHT)]


WORDS = st.sampled_from(["growth", "inflation", "上海科技创新", "2022", "12.5%", "•", "rates", "年", "-", "Note:"])
SIDE = st.lists(WORDS, max_size=7).map(" ".join)


@st.composite
def layouts(draw: st.DrawFn) -> list[str]:
    """Two columns at a gutter, rows jittered, some one-sided, some blank, some across the gutter."""
    gutter = draw(st.integers(20, 50))
    rows = draw(st.lists(st.tuples(SIDE, SIDE, st.integers(0, 3)), max_size=30))
    return [(a.ljust(gutter + jitter) if len(a) + 3 <= gutter else a + "   ") + b for a, b, jitter in rows]


@settings(max_examples=300, deadline=None)
@given(layouts())
def test_columns_lose_and_invent_no_text(lines: list[str]) -> None:
    numbered = list(enumerate(lines))
    runs = columns(numbered)
    assert sorted("".join(t for run in runs for _, t in run).replace(" ", "")) == sorted("".join(lines).replace(" ", ""))
    assert all(no in dict(numbered) for run in runs for no, _ in run)


def test_the_manifest_says_how_a_dump_was_read(tmp_path: Path) -> None:
    from pipeline.config import Config
    from pipeline.runner import run_document
    path = tmp_path / "weo.txt"
    path.write_text("\n".join(["Inflation Peaking amid Low Growth", ""] + _side_by_side(LEFT, RIGHT)) + "\n",
                    encoding="utf-8")
    assert run_document(path, "weo", tmp_path / "out", Config())["status"] == "ok"
    manifest = json.loads((tmp_path / "out" / "weo" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["text_dump"] == {"encoding": "utf-8", "lines": 9, "pagination": "none",
                                     "paragraphs": "blank_lines", "layout": True}
