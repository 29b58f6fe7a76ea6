"""Line-level furniture: one-line rules, the stage inside blocks, and the real seed."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import regex

from pipeline.config import FurnitureConfig
from pipeline.furniture.lines import (
    chart_soup, dense_runs, head_match, head_shaped, imposition_history, page_number, part_label, slug_line,
    strip_line_furniture, template_tag,
)
from pipeline.normalize import clean_line
from pipeline.textdump import load_textdump
from pipeline.types import Block, Document, Line, Page, Span

CFG = FurnitureConfig()
SEED = Path("/work/shared/seed/shanghai-2022-progress-report.raw.txt")

# Inputs no rule may touch.
PROSE = [
    "上海科技创新工作坚持以习近平新时代中国特色社会主义思想为指导，",
    "929项",
    "2.2万家，同比增长10%",
    "4.9亿元",
    "81.77%",
    "1%—5%",
    "VV116",
    "强化战略科技力量，支撑高水平科技自立自强01",
    "2022年，是党的二十大召开之年。",
    "In 2022 revenue grew 12% to 3.4 billion.",
    "",
]


# --- one-line rules -----------------------------------------------------------

@pytest.mark.parametrize("text", ["0403", "79 80", " 81 82 ", "12", "- 12 -", "第12页", "Page 3 of 20", "第1页（共8页）", "第 2 页，共 8 页"])
def test_page_number_removes(text: str) -> None:
    assert page_number(text) == (False, "page_number")


@pytest.mark.parametrize("text", PROSE + ["2022年报告", "第1部分"])
def test_page_number_keeps(text: str) -> None:
    assert page_number(text) == (True, "")


@pytest.mark.parametrize("text", [
    "   HistoryItem_V1", "Splitter", "列数: 2", "行数: 1", "重叠: 0.00 点", "D:20230214110820",
    "QITE_QuiteImposingPlus4", "qi2base", "RowsAndCols", "AllDoc", "Quite Imposing Plus 4.0g",
])
def test_imposition_history_removes(text: str) -> None:
    assert imposition_history(text) == (False, "imposition_metadata")


@pytest.mark.parametrize("text", PROSE + ["2", "0.0000", "1", "Splitters are used in the print shop " * 3])
def test_imposition_history_keeps(text: str) -> None:
    assert imposition_history(text) == (True, "")


@pytest.mark.parametrize("text", ["ai.indd   2", "report_2023.indd  12  2023/2/14  11:08:20", "… 2023/2/14  11:08:20"])
def test_slug_line_removes(text: str) -> None:
    assert slug_line(text) == (False, "printer_slug")


@pytest.mark.parametrize("text", PROSE + ["2023年2月14日发布", "2023/2/14"])
def test_slug_line_keeps(text: str) -> None:
    assert slug_line(text) == (True, "")


@pytest.mark.parametrize("text", ["[Table_Main] ", "[Table_RatingDescription]", "[Table_Base] [Table_Finance]"])
def test_template_tag_removes(text: str) -> None:
    """Chinese broker research reports (the Wind template) carry bookmark tags ("[Table_Main]")
    that a clip path hides on the page; MuPDF reads them, and they stood in the output."""
    assert template_tag(text) == (False, "template_tag")


@pytest.mark.parametrize("text", PROSE + ["[Table 3] Revenue by segment", "见[Table_Main]说明", "[1]"])
def test_template_tag_keeps(text: str) -> None:
    assert template_tag(text) == (True, "")


@pytest.mark.parametrize("text", [
    "23838 2280 780321133527613", "2192", "8862.03", "115682.00", "1+3", "20% 40% 60%",
    "341 04658162 71 143216 71 83845668 3085 29 5143 82227",
])
def test_chart_soup_removes(text: str) -> None:
    assert chart_soup(text) == (False, "chart_labels")


@pytest.mark.parametrize("text", PROSE + ["1月 3月 5月", "GDP 2.1 3.4", "top"])
def test_chart_soup_keeps(text: str) -> None:
    assert chart_soup(text) == (True, "")


@pytest.mark.parametrize("hits, gap, min_hits, runs", [
    ([1, 3, 4, 20], 2, 3, [(1, 4, 3)]),
    ([1, 3, 4, 20], 2, 4, []),
    ([], 5, 3, []),
    ([0, 10, 20, 30], 10, 3, [(0, 30, 4)]),
])
def test_dense_runs(hits: list[int], gap: int, min_hits: int, runs: list[tuple[int, int, int]]) -> None:
    assert dense_runs(hits, gap, min_hits) == runs


@pytest.mark.parametrize("key, shaped", [
    ("0上海科技进步报告", True),
    ("第0部分｜强化战略科技力量，支撑高水平科技自立自强", True),
    ("累计0人", False),  # a callout
    ("新入选0人，", False),
    ("第二。", False),  # too few letters, and a sentence end
    ("第0段正文开始，", False),  # a clause of a sentence
    ("0月", False),
    ("0 0", False),
])
def test_head_shaped(key: str, shaped: bool) -> None:
    assert head_shaped(key, CFG) is shaped


@pytest.mark.parametrize("key, part", [
    ("第0部分｜强化战略科技力量", "第0部分"),
    ("chapter0|results", "chapter0"),
    ("项目|0|0", ""),  # a table row, not a part head
    ("前言｜综述", ""),  # no number in the part
])
def test_part_label(key: str, part: str) -> None:
    assert part_label(key) == part


@pytest.mark.parametrize("key, head", [
    ("0上海科技进步报告", "0上海科技进步报告"),
    ("第0部分｜提升科技供给能力", "第0部分"),
    ("0上海科技进步报告第0部分｜强化战略科技力量", "0上海科技进步报告+第0部分｜强化战略科技力量"),
    ("数看上海科技0上海科技进步报告", "0上海科技进步报告+数看上海科技"),
    ("数看上海科技", ""),  # the title on its own stays
    ("强化战略科技力量，支撑高水平科技自立自强0", ""),
    ("0上海科技进步报告显示", ""),  # the rest is no head and no line of its own
])
def test_head_match(key: str, head: str) -> None:
    whole = {"数看上海科技", "其他"}
    assert head_match(key, {"0上海科技进步报告"}, {"第0部分"}, whole, CFG) == head


# --- the stage ------------------------------------------------------------------

def _doc(tmp_path: Path, text: str) -> Document:
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    return load_textdump(path, "doc")


def _texts(doc: Document) -> list[str]:
    return [clean_line(ln.text) for b in doc.blocks() for ln in b.lines]


def _pages(*bodies: str) -> str:
    """A dump of spread pages: each body, then a glued spread number."""
    return "".join(f"{body}\n\n{2 * i + 2:02d}{2 * i + 3:02d}\n\n" for i, body in enumerate(bodies))


def test_heads_removed_inside_blocks_and_text_rebuilt(tmp_path: Path) -> None:
    bodies = [f"第{n}段正文开始，\n 2022上海科技进步报告\n第{n}段正文继续。" for n in range(4)]
    doc, removed = strip_line_furniture(_doc(tmp_path, _pages(*bodies)), CFG)
    assert [b.text for b in doc.blocks()] == [f"第{n}段正文开始，第{n}段正文继续。" for n in range(4)]
    heads = [r for r in removed if r.reason == "running_head"]
    assert len(heads) == 4 and all(r.stage == "furniture" for r in removed)
    r = heads[0]
    assert (r.block.id, r.block.page, r.block.bbox, r.block.text) == ("p0-b0-l1", 0, (0.0, 1.0, 0.0, 2.0),
                                                                      "2022上海科技进步报告")
    assert Counter(r.reason for r in removed) == {"running_head": 4, "page_number": 4}
    assert doc.meta["line_furniture"] == {"running_head": 4, "page_number": 4}


def test_head_on_too_few_pages_is_kept(tmp_path: Path) -> None:
    bodies = ["正文甲。\n上海外高桥造船有限公司设计", "正文乙。\n上海外高桥造船有限公司设计", "正文丙。", "正文丁。"]
    doc, removed = strip_line_furniture(_doc(tmp_path, _pages(*bodies)), CFG)
    assert _texts(doc).count("上海外高桥造船有限公司设计") == 2
    assert {r.reason for r in removed} == {"page_number"}


def test_a_dense_dump_loses_heads_at_page_edges_and_keeps_recurring_table_cells(tmp_path: Path) -> None:
    """Bureau Veritas dumped by PyMuPDF (no blank lines; pages cut at its page-number lines):
    table cells recurring on many pages ("local", "Alarm", "General") went as running heads,
    since in a text dump a head may stand anywhere on a page.  In a dense dump, whose pages end
    at their page-number lines, a head stands within HEAD_EDGE_LINES of a page's edge."""
    rows = ["Table 3 : Monitoring of the engine, with its alarms shown as follows in the columns below"]
    rows += [ln for n in range(4) for ln in (f"Pressure of item {n} at the engine inlet and outlet is measured", "local", "Alarm")]
    def page(n: int) -> list[str]:  # its table between a line of text of its own above and below
        return (["Pt C, Ch 1, Sec 2", f"The rules of article {n} apply to the engines listed below."] + rows * 2
                + [f"Note {n}: the alarms above apply to engines of type {n}.", "Bureau Veritas", "January 2020", str(n + 47)])
    text = "\n".join(ln for n in range(1, 7) for ln in page(n)) + "\n"
    doc, removed = strip_line_furniture(_doc(tmp_path, text), CFG)
    assert doc.meta["paragraphs"] == "line_ends" and len([p for p in doc.pages if p.blocks]) == 6
    assert Counter(r.block.text for r in removed if r.reason == "running_head") == {
        "Pt C, Ch 1, Sec 2": 6, "Bureau Veritas": 6, "January 2020": 6}
    assert _texts(doc).count("local") == 6 * 8 and _texts(doc).count("Alarm") == 6 * 8


def test_part_heads_go_part_titles_stay(tmp_path: Path) -> None:
    bodies = [
        "强化战略科技力量，支撑高水平科技自立自强01\n\n第1部分｜ 强化战略科技力量，支撑高水平科技自立自强\n正文一。",
        " 2022上海科技进步报告 第1部分｜ 强化战略科技力量，支撑高水平科技自立自强\n正文二。",
        "第2部分｜ 提升科技供给能力，塑造高质量发展新动能\n正文三。",
        "2022上海科技进步报告\n\n第2部分｜ 提升科技供给能力，塑造高质量发展新动能\n正文三续。",
        "第4部分｜ 配置全球创新资源，服务构建新发展格局\n正文四。\n\n2022上海科技进步报告",
        "数看上海科技\n\n全国重点实验室44家\n\n数看上海科技2022上海科技进步报告\n\n2022上海科技进步报告",
    ]
    doc, removed = strip_line_furniture(_doc(tmp_path, _pages(*bodies)), CFG)
    texts = _texts(doc)
    assert "强化战略科技力量，支撑高水平科技自立自强01" in texts
    assert texts.count("数看上海科技") == 1 and "全国重点实验室44家" in texts
    assert not [t for t in texts if "部分｜" in t or "上海科技进步报告" in t]
    assert all(f"正文{n}。" in texts for n in "一二三四")


def test_history_run_takes_its_bare_numbers(tmp_path: Path) -> None:
    text = ("正文。\n\n2021年\n\n   HistoryItem_V1\n   Splitter\n\n     列数: 2\n     2\n     1\n"
            "     RowsAndCols\n     0.0000\n     760\n\n  QITE_QuiteImposingPlus4\n   1\n\n qi2base\n")
    doc, removed = strip_line_furniture(_doc(tmp_path, text), CFG)
    assert _texts(doc) == ["正文。", "2021年"]
    assert {r.reason for r in removed} == {"imposition_metadata"} and len(removed) == 11


def test_history_run_takes_the_xmp_packet_fields_around_it(tmp_path: Path) -> None:
    """A dump that leaks the whole XMP packet (scripts/dump_check.py's split spreads: every source
    kept "application/pdf", its title, "Adobe InDesign 17.0 (Windows)" and "Adobe PDF Library
    16.0.7" as text).  Field values of the packet next to the imposition history (a MIME type, an
    ISO date, an id, a program and its version) go with the run, and so does what stands between
    them (the title); the same values far from any history stay."""
    import re

    from fixtures.layouts import quite_imposing_xmp
    packet = re.sub(r"<[^>]*>", "", quite_imposing_xmp("Annual Report 2022"))
    text = ("We ship application/pdf files.\n\nAdobe InDesign 17.0 (Windows)\n\n" + "正文。\n" * 20
            + "Last line of the report.\n" + packet + "\n")
    doc, removed = strip_line_furniture(_doc(tmp_path, text), CFG)
    texts = _texts(doc)
    assert texts[:2] == ["We ship application/pdf files.", "Adobe InDesign 17.0 (Windows)"]
    assert texts[-1].endswith("Last line of the report.")
    assert not [t for t in texts[2:] if regex.search(r"application/pdf|Annual Report|Adobe|2023-02-14", t)]


def _geometry_doc(*texts: str) -> Document:
    boxes = [(50.0, 700.0 + 12 * k, 90.0, 710.0 + 12 * k) for k in range(len(texts))]
    lines = tuple(Line((Span(t, box, size=9.0),), box) for t, box in zip(texts, boxes))
    block = Block("p0-b0", 0, (50.0, 700.0, 90.0, 710.0 + 12 * len(texts)), "", lines, size=9.0)
    return Document("pdf", "x.pdf", "pdf", (Page(0, 595.0, 842.0, (block,)),))


def test_geometry_pages_lose_only_history_slugs_and_template_tags() -> None:
    doc, removed = strip_line_furniture(_geometry_doc("12", "2192", "ai.indd   2", "正文。", "D:20230214110820",
                                                      "[Table_Main]"), CFG)
    assert _texts(doc) == ["12", "2192", "正文。"]
    assert [r.reason for r in removed] == ["printer_slug", "imposition_metadata", "template_tag"]
    assert doc.blocks()[0].text == "12 2192正文。"
    assert doc.blocks()[0].size == 9.0


def test_block_emptied_goes_whole(tmp_path: Path) -> None:
    doc, removed = strip_line_furniture(_doc(tmp_path, "正文。\n\n2192\n108\n\n结尾。\n"), CFG)
    assert [b.id for b in doc.blocks()] == ["p0-b0", "p0-b2"]
    assert [r.block.id for r in removed] == ["p0-b1-l0", "p0-b1-l1"]


def test_stage_is_pure(tmp_path: Path) -> None:
    original = _doc(tmp_path, _pages("正文。\n2022上海科技进步报告", "正文。\n2022上海科技进步报告", "2022上海科技进步报告"))
    before = original.to_dict()
    strip_line_furniture(original, CFG)
    assert original.to_dict() == before


# --- the real seed -----------------------------------------------------------------

@pytest.fixture(scope="module")
def seed() -> tuple[list[str], Document, list]:
    if not SEED.exists():
        pytest.skip("seed text dump absent")
    doc, removed = strip_line_furniture(load_textdump(SEED, "shanghai-2022"), CFG)
    return SEED.read_text(encoding="utf-8").split("\n"), doc, removed


def test_seed_loses_its_furniture(seed: tuple[list[str], Document, list]) -> None:
    _, doc, _ = seed
    texts = _texts(doc)
    assert not [t for t in texts if regex.search(r"HistoryItem|Splitter|QITE|qi2base|RowsAndCols", t)]
    assert not {"0403", "79 80", "81 82"} & set(texts)
    assert "2022上海科技进步报告" not in texts
    assert not [t for t in texts if regex.match(r"^第\d部分｜", t)]
    assert "强化战略科技力量，支撑高水平科技自立自强01" in texts


def test_seed_keeps_its_prose(seed: tuple[list[str], Document, list]) -> None:
    raw, doc, _ = seed
    texts = set(_texts(doc))
    long_lines = [clean_line(ln) for ln in raw if len(regex.findall(r"\p{Han}", ln)) >= 15]
    present = [ln for ln in long_lines if ln in texts]
    assert len(present) >= 0.99 * len(long_lines)
    # every long line that is not a running head survives
    assert [ln for ln in long_lines if ln not in texts and "部分｜" not in ln] == []
    assert {"81.77%", "80%", "1%—5%", "数看上海科技", "全国重点实验室44家"} <= texts


def test_seed_counts_and_idempotence(seed: tuple[list[str], Document, list]) -> None:
    _, doc, removed = seed
    counts = Counter(r.reason for r in removed)
    assert counts["page_number"] == 11 and counts["imposition_metadata"] >= 25
    assert counts["running_head"] >= 20 and counts["chart_labels"] >= 30
    assert strip_line_furniture(doc, CFG)[1] == []


def test_a_dump_paragraph_of_bullet_glyphs_alone_goes(tmp_path: Path) -> None:
    """pdftotext strands a side column's bullet glyphs as paragraphs of their own (IMF's WEO update):
    they went out as empty-looking "•" paragraphs and one was joined to the next paragraph."""
    text = "Growth is projected to fall.\n\n\uf0b7\n\n \uf0b7 \n\n•\n\neconomies. There is a revision.\n\n• Risks remain.\n"
    doc, removed = strip_line_furniture(_doc(tmp_path, text), CFG)
    assert [b.text for b in doc.blocks()] == ["Growth is projected to fall.", "economies. There is a revision.",
                                              "• Risks remain."]
    assert [r.reason for r in removed] == ["stray_bullet"] * 3

