"""Heading detection: numbering tables, body text that must stay body, levels, glued headings."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.headings import (body_size, classify_headings, clean_title, is_matter_title, numbering, rank_levels,
                               split_glued_heading, title_key, title_like, to_number)
from pipeline.types import BODY, HEADING, Block, Document, Line, Page, Span


# --- small constructors ------------------------------------------------------


def blk(text: str, n: int, page: int = 0, size: float = 0.0, bold: bool = False, lines: list[str] | None = None) -> Block:
    """A block; ``lines`` gives it one Line per raw line (as the text-dump loader does)."""
    box = (0.0, float(n), 100.0, float(n + 1))
    raw = lines or [text]
    spans = [Span(t, box, "Helvetica-Bold" if bold else "Helvetica", size, 16 if bold else 0) for t in raw]
    return Block(f"p{page}-b{n}", page, box, text, tuple(Line((s,), box) for s in spans), size, bold)


def geo_doc(rows: list[tuple[str, float, bool]]) -> Document:
    """One page with geometry: rows of (text, size, bold)."""
    blocks = tuple(blk(t, i, size=s, bold=b) for i, (t, s, b) in enumerate(rows))
    return Document("d", "d.pdf", "pdf", (Page(0, 600, 800, blocks),))


def txt_doc(paragraphs: list[str]) -> Document:
    """One geometry-less page, a block per paragraph; lines split on ``\\n``."""
    blocks = tuple(blk(p.replace("\n", ""), i, lines=p.split("\n")) for i, p in enumerate(paragraphs))
    return Document("d", "d.txt", "txt", (Page(0, 0, 0, blocks, geometry=False),))


def kinds(doc: Document) -> list[tuple[str, str, int]]:
    return [(b.text, b.kind, b.level) for b in doc.blocks()]


BODY_TEXT = "上海科技创新工作坚持以习近平新时代中国特色社会主义思想为指导，全力强化科技创新策源功能，努力在基础科技领域作出大的创新。"


# --- numbering -------------------------------------------------------------------


@pytest.mark.parametrize("text, style, number, rest", [
    ("第一章 总则", "chapter", "1", "总则"),
    ("第1章", "chapter", "1", ""),
    ("第十二章　附则", "chapter", "12", "附则"),
    ("第三部分｜ 展望", "part", "3", "展望"),
    ("第二篇 发展", "part", "2", "发展"),
    ("第五节 重要事项", "section", "5", "重要事项"),
    ("一、总体要求", "enum", "1", "总体要求"),
    ("（二）加强基础研究", "paren", "2", "加强基础研究"),
    ("(三) 优化布局", "paren", "3", "优化布局"),
    ("1 Introduction", "decimal1", "1", "Introduction"),
    ("3、概况", "decimal1", "3", "概况"),
    ("1.1 Scope", "decimal2", "1.1", "Scope"),
    ("2.3.1 方法", "decimal3", "2.3.1", "方法"),
    ("强化战略科技力量，支撑高水平科技自立自强01", "part", "1", "强化战略科技力量，支撑高水平科技自立自强"),
    ("强化战略科技力量主体能力1.1", "decimal2", "1.1", "强化战略科技力量主体能力"),
    ("深入实施三大领域“上海方案”2.1", "decimal2", "2.1", "深入实施三大领域“上海方案”"),
    ("Part II", "part", "2", ""),
    ("PART I", "part", "1", ""),
    ("Chapter 3 Results", "chapter", "3", "Results"),
    ("Section 2", "section", "2", ""),
    ("Item 1A. Risk Factors", "section", "1A", "Risk Factors"),
    ("Item 7.", "section", "7", ""),
    ("— ITEM 1B. UNRESOLVED STAFF COMMENTS", "section", "1B", "UNRESOLVED STAFF COMMENTS"),  # ornament in front
    ("▌第二章 经营情况", "chapter", "2", "经营情况"),
])
def test_numbering_patterns(text: str, style: str, number: str, rest: str) -> None:
    n = numbering(text)
    assert n is not None and (n.style, n.number, n.rest) == (style, number, rest)


@pytest.mark.parametrize("text", [
    "Part of our strategy is growth", "Item in stock", "Chapter and verse", "2.2万家，同比增长10%",
    "8862.03", "0403", "1 月，微创医疗研发的手术机器人获批上市", "网数据卡用户数1.1万余个", "5G网络建设1.2",
    "2022上海科技进步报告", "12", "第二个百年奋斗目标", "— Jeff Bezos, founder",
    # a statute's section cited at the start of a run-in paragraph (i1040nr.pdf), no 'Section 72' heading
    "Section 72(m)(5) excess benefits tax. (See Pub. 560.) Identify as “Sec. 72(m)(5).”", "Section 409A(a)(1)(B)",
])
def test_not_numbering(text: str) -> None:
    assert numbering(text) is None


@pytest.mark.parametrize("token, value", [("十二", "12"), ("二十一", "21"), ("十", "10"), ("IV", "4"),
                                          ("xii", "12"), ("01", "1"), ("１２", "12"), ("1a", "1A"), ("1.01", "1.1")])
def test_to_number(token: str, value: str) -> None:
    assert to_number(token) == value


# --- title-likeness: body text must stay body ----------------------------------------


@pytest.mark.parametrize("text", [
    "第一章 总则", "强化战略科技力量，支撑高水平科技自立自强01", "Item 1A.", "Risk Factors", "（一）加强基础研究",
    "国家实验室体系加快构建",
    "4 Type tests, material tests, workshop inspection and testing, certification",  # Bureau Veritas, 76 letters
    "ITEM 7. MANAGEMENT'S DISCUSSION AND ANALYSIS OF FINANCIAL CONDITION AND RESULTS OF OPERATIONS",
    "The “Online Copyright Infringement Liability Limitation Act”", "《上海市促进科技成果转化条例》实施情况",
    # debian-reference.zh-cn's contents: a section number glued to a short Han title is no figure
    "9.10内核", "9.10核心", "10.12.3网络", "1.4基本のUnix 的作業環境", "10.2.3个人备份",  # (个人: personal)
])
def test_title_like(text: str) -> None:
    assert title_like(text)


@pytest.mark.parametrize("text", [
    BODY_TEXT, "完成了全年目标。", "It grew. Then it shrank", "We grew revenue.", "增长；", "全市共有：",
    "929项", "2.2万家", "12", "- 3 -", "发布）", "第一章 总则。本章规定了目的", "1. We grew revenue. Then more",
    "上海杰出工程师2022年设立，18人入选", "",
    "上海科技创新工作坚持以习近平新时代中国特色社会主义思想为指导始终牢记习近平总书记加快向具有全球影响力的科技创新中心进军的重要指示精神",
    "The group recorded strong growth in all of its regions and markets while its costs fell over the whole of the year "
    "as the supply chain eased and prices of energy and freight came down",  # 150 letters: prose without a stop
    "• Title II, the “Online Copyright Infringement Liability Limitation",  # DMCA: a quote opened, not closed
    "关于《上海市促进科技成果转化条例",  # the title in quotes goes on on the next line
    # figures with their units, set apart or glued, stay figures
    "12 万元", "15 所", "3.5亿元", "3.5亿", "12.5万吨", "10.25小时", "10.5公里", "12.35万平方米", "1.5种", "2.5万人次",
])
def test_not_title_like(text: str) -> None:
    assert not title_like(text)


@pytest.mark.parametrize("text, expected", [
    ("前言", True), ("INTRODUCTION前言", True), ("目 录", True), ("Contents", True), ("Table of Contents", True),
    ("附录", True), ("Appendix B", True), ("前言部分内容", False), ("Introduction to risk", False),
])
def test_matter_titles(text: str, expected: bool) -> None:
    assert is_matter_title(text) is expected


# --- classification ----------------------------------------------------------------------


def test_body_size_is_character_weighted_median() -> None:
    blocks = [blk("x" * 100, 0, size=10), blk("Title", 1, size=24), blk("y" * 30, 2, size=9)]
    assert body_size(blocks) == 10


def test_geometry_size_bold_and_numbering() -> None:
    doc = classify_headings(geo_doc([
        ("Annual Report", 28, False), (BODY_TEXT, 10, False), ("Market overview", 14, False),
        (BODY_TEXT, 10, False), ("Key figures", 10, True), ("第一章 总则", 10, False),
        ("This sentence is large but it is a sentence.", 28, False), ("VV", 28, False),
    ]))
    assert kinds(doc) == [
        ("Annual Report", HEADING, 1), (BODY_TEXT, BODY, 0), ("Market overview", HEADING, 2),
        (BODY_TEXT, BODY, 0), ("Key figures", HEADING, 3), ("第一章 总则", HEADING, 1),
        ("This sentence is large but it is a sentence.", BODY, 0), ("VV", HEADING, 1),
    ]


def test_geometry_numbered_list_item_needs_evidence() -> None:
    doc = classify_headings(geo_doc([(BODY_TEXT, 10, False), ("1 Revenue", 10, False), ("2 Costs", 10, False)]))
    assert [b.kind for b in doc.blocks()] == [BODY, BODY, BODY]


@pytest.mark.parametrize("paragraphs, expected", [
    # numbering patterns are headings on text dumps; levels follow the styles used
    (["第一章 总则", BODY_TEXT, "第一节 目的", BODY_TEXT, "第二章 治理", BODY_TEXT, "第二节 范围", BODY_TEXT],
     [1, 0, 2, 0, 1, 0, 2, 0]),
    # A-share style: 第X节 on top, then 一、, then （一）
    (["第三节 管理层讨论", BODY_TEXT, "一、行业情况", BODY_TEXT, "（一）概况", BODY_TEXT, "（二）展望", BODY_TEXT,
      "二、主营业务", BODY_TEXT], [1, 0, 2, 0, 3, 0, 3, 0, 2, 0]),
    # 10-K: PART then Item
    (["PART I", "Item 1. Business", BODY_TEXT, "Item 1A. Risk Factors", BODY_TEXT, "PART II", "Item 5. Market",
      BODY_TEXT], [1, 2, 0, 2, 0, 1, 2, 0]),
    # the seed's glued suffixes: parts and sections
    (["强化战略科技力量，支撑高水平科技自立自强01", BODY_TEXT, "强化战略科技力量主体能力1.1", BODY_TEXT,
      "主动承担重大战略任务1.3", BODY_TEXT], [1, 0, 2, 0, 2, 0]),
    # a short line standing alone is a minor heading; Chapter words are chapter level ...
    (["Chapter 3", BODY_TEXT, "国家实验室体系加快构建", BODY_TEXT, "Chapter 4", BODY_TEXT], [1, 0, 3, 0, 1, 0]),
    # ... unless parts are above them
    (["Part II", "Chapter 3", BODY_TEXT, "Chapter 4", BODY_TEXT], [1, 2, 0, 2, 0]),
    # short lines in a run of fragments (chart labels, a broken paragraph) stay body
    (["人工智能", "脑机接口", "脑与类脑智能", "1家", "3月"], [0, 0, 0, 0, 0]),
    # a single "1 Introduction" takes no level of its own
    (["第一章 总则", BODY_TEXT, "1 Introduction", BODY_TEXT, "第一节 目的", BODY_TEXT], [1, 0, 3, 0, 2, 0]),
])
def test_text_dump_levels(paragraphs: list[str], expected: list[int]) -> None:
    doc = classify_headings(txt_doc(paragraphs))
    assert [b.level for b in doc.blocks()] == expected
    assert all((b.kind == HEADING) == (b.level > 0) for b in doc.blocks())


@pytest.mark.parametrize("sentence", [
    BODY_TEXT, "第一章规定了公司的基本原则。", "Part of our strategy is to grow.", "1. We grew revenue strongly.",
    "一、公司坚持创新驱动发展战略，全年研发投入增长12%。", "Item 7 of the report says so; see below.",
    "Section 2 of the Act requires that every company files a report with the registrar within the period",
    "(Reprinted from the 1997 Annual Report)", "（未经审计）",  # a parenthetical under a title: no section
])
def test_body_sentences_stay_body(sentence: str) -> None:
    for doc in (txt_doc([BODY_TEXT, sentence, BODY_TEXT]), geo_doc([(BODY_TEXT, 10, False), (sentence, 16, True)])):
        assert all(b.kind == BODY for b in classify_headings(doc).blocks())


def test_asides_and_existing_levels_are_kept() -> None:
    aside = Block("p0-b0", 0, (0, 0, 1, 1), "第一章 总则", kind="aside")
    head = Block("p0-b1", 0, (0, 1, 1, 2), "Whatever", kind=HEADING, level=2)
    doc = Document("d", "d.txt", "txt", (Page(0, 0, 0, (aside, head), geometry=False),))
    assert classify_headings(doc).blocks() == [aside, head]


def test_rank_levels() -> None:
    assert rank_levels([0, 6, 6]) == {0: 1, 6: 2}
    assert rank_levels([2, 3, 3, 4, 4, 5]) == {2: 1, 3: 2, 4: 3}
    assert rank_levels([99, -1]) == {}


# --- headings glued to paragraphs in text dumps --------------------------------------


@pytest.mark.parametrize("lines, ids, heading", [
    (["优化全域创新空间格局4.3", "建设上海科创中心核心区，打造", "自主创新新高地。"], ["b-h", "b"], "优化全域创新空间格局4.3"),
    (["技术设施建设加快推进。", "增强张江综合性国家科学中心集中度显示度1.2"], ["b", "b-t"], "增强张江综合性国家科学中心集中度显示度1.2"),
    (["INTRODUCTION前言", "国家实验室体系建设取得重要进展。"], ["b-h", "b"], "INTRODUCTION前言"),
    (["优化科技治理体系，打造富有活力的创新生态05", "第5部分｜ 优化科技治理体系，打造富有活力的创新生态"],
     ["b-h", "b"], "优化科技治理体系，打造富有活力的创新生态05"),
])
def test_split_glued_heading(lines: list[str], ids: list[str], heading: str) -> None:
    b = Block("b", 0, (0, 0, 0, 1), "".join(lines), tuple(Line((Span(t, (0, 0, 0, 1)),), (0, 0, 0, 1)) for t in lines))
    parts = split_glued_heading(b)
    assert [p.id for p in parts] == ids
    assert heading in [p.text for p in parts]
    assert [ln.text for p in parts for ln in p.lines] == lines


@pytest.mark.parametrize("lines", [
    ["1. Revenue grew", "strongly in 2022."],
    ["一、公司坚持创新驱动", "发展战略。"],
    ["Section 2 of the", "act requires a report."],
    ["技术设施建设加快", "增强张江综合性国家科学中心集中度显示度1.2"],  # line before does not end a sentence
])
def test_no_split_without_strong_evidence(lines: list[str]) -> None:
    b = Block("b", 0, (0, 0, 0, 1), "".join(lines), tuple(Line((Span(t, (0, 0, 0, 1)),), (0, 0, 0, 1)) for t in lines))
    assert split_glued_heading(b) == (b,)


def test_split_happens_in_classify_only_without_geometry() -> None:
    lines = ["第一章 总则", "本章规定公司的基本原则。"]
    txt = classify_headings(txt_doc(["\n".join(lines)]))
    assert [(b.id, b.kind) for b in txt.blocks()] == [("p0-b0-h", HEADING), ("p0-b0", BODY)]
    geo = Document("d", "d.pdf", "pdf", (Page(0, 600, 800, (blk("".join(lines), 0, size=10, lines=lines),)),))
    assert len(classify_headings(geo).blocks()) == 1


# --- titles -------------------------------------------------------------------------------


@pytest.mark.parametrize("raw, clean", [
    ("强化战略科技力量，支撑高水平科技自立自强01", "强化战略科技力量，支撑高水平科技自立自强"),
    ("强化战略科技力量主体能力1.1", "强化战略科技力量主体能力"),
    ("第一章 总则……12", "第一章 总则"),
    ("第一章 总则 ........ 12", "第一章 总则"),
    ("第一章 总则 12", "第一章 总则"),
    ("Item 1A. Risk Factors ..... 23", "Item 1A. Risk Factors"),
    ("Chapter 3", "Chapter 3"),
    ("Top 10", "Top 10"),
    ("远景目标 2035", "远景目标 2035"),
    ("  、总则：  ", "总则"),
    ("（一）加强基础研究", "（一）加强基础研究"),
    ("《报告》", "《报告》"),
    ("Growth of 10%", "Growth of 10%"),
    ("加\u200b强  科技", "加强 科技"),
    ("……", "……"),
])
def test_clean_title(raw: str, clean: str) -> None:
    assert clean_title(raw) == clean


def test_title_key_ignores_space_and_punctuation() -> None:
    assert title_key("第一章、 总则……") == title_key("第一章总则") == "第一章总则"
    assert title_key("Risk  Factors!") == "riskfactors"


# --- properties -----------------------------------------------------------------------------

_line = st.sampled_from([BODY_TEXT, "第一章 总则", "国家实验室体系加快构建", "1家", "3月", "一、总体要求",
                         "Part II", "完成。", "强化战略科技力量主体能力1.1", "Item 1A. Risk Factors"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_line, min_size=1, max_size=3), min_size=1, max_size=12))
def test_classification_keeps_every_line(paragraphs: list[list[str]]) -> None:
    doc = txt_doc(["\n".join(p) for p in paragraphs])
    out = classify_headings(doc)
    assert [ln.text for b in out.blocks() for ln in b.lines] == [ln.text for b in doc.blocks() for ln in b.lines]
    for b in out.blocks():
        assert (b.kind == HEADING) == (1 <= b.level <= 3)
        assert b.kind == BODY or not b.text.endswith("。")


def test_a_centred_two_line_title_stays_a_heading() -> None:
    """szenergy's cover: two centred 24 pt lines, the first wider; no justified measure to fill."""
    from .helpers import block, document, page
    name = block("深圳能源集团股份有限公司", (138, 175, 439, 199), n=0, size=24)
    title = block("2016 年度社会责任报告", (159, 222, 411, 249), n=1, size=24)
    body = block(BODY_TEXT, (57, 300, 539, 700), page=1, n=0, size=10)
    doc = classify_headings(document([page(0, [name, title]), page(1, [body])]))
    assert [b.kind for b in doc.blocks()] == [HEADING, HEADING, BODY]


def test_a_title_wrapped_over_two_blocks_stays_a_heading() -> None:
    """The fixture's part page read a block per line: a 20 pt title wrapped mid-word over the
    text's full measure is a title, not a paragraph's lines (those together make prose)."""
    from .helpers import block, document, page
    first = block("强化战略科技力量，支撑高", (134, 227, 374, 253), n=0, size=20)
    second = block("水平科技自立自强", (134, 256, 294, 282), n=1, size=20)
    lines = [block("坚持“四个面向”，推进张江综合性国家科学中心建设，全力构建国家实验室体系", (134, 306 + 20 * k, 376, 321 + 20 * k),
                   n=2 + k, size=11) for k in range(3)]
    doc = classify_headings(document([page(0, [first, second, *lines])]))
    assert [b.kind for b in doc.blocks()][:2] == [HEADING, HEADING]


def test_a_row_of_short_labels_holds_no_heading() -> None:
    """Alphabet's stock graph: its legend is a row of bold labels under the plot ("Alphabet Inc.",
    "S&P 500", "NASDAQ Composite", "RDG Internet Composite"); "NASDAQ Composite" became a section.
    Three or more short one-line blocks on one baseline are a row of labels (a legend, an unruled
    table's head), never headings; two bold heads side by side (two columns) stay headings."""
    def at(text: str, n: int, x0: float, top: float, size: float, bold: bool) -> Block:
        box = (x0, top, x0 + 6 * len(text), top + size)
        span = Span(text, box, "Roboto-Bold" if bold else "Roboto", size, 16 if bold else 0)
        return Block(f"p0-b{n}", 0, box, text, (Line((span,), box),), size, bold)

    body = [at(BODY_TEXT, k, 50, 100 + 20 * k, 10, False) for k in range(4)]
    legend = [at(t, 10 + k, 120 + 100 * k, 400, 7.9, True)
              for k, t in enumerate(["Alphabet Inc.", "S&P 500", "NASDAQ Composite", "RDG Internet Composite"])]
    heads = [at("Our strategy", 20, 50, 500, 10, True), at("Our markets", 21, 320, 500, 10, True)]
    after = [at(BODY_TEXT, 30 + k, 50 + 270 * k, 520, 10, False) for k in range(2)]
    doc = classify_headings(Document("d", "d.pdf", "pdf", (Page(0, 600, 800, tuple(body + legend + heads + after)),)))
    got = {b.text: b.kind for b in doc.blocks()}
    assert all(got[b.text] == BODY for b in legend)
    assert got["Our strategy"] == HEADING and got["Our markets"] == HEADING


def test_short_lines_in_a_part_set_larger_than_the_rest_are_no_headings() -> None:
    """An annual report sets its front half in 11 pt and its financial statements, most of its
    pages, in 8 pt: the document's body size is 8 pt, so every short 11 pt line of the front
    ("Revenue growth in each segment", a list item without a full stop) was a level-2 heading.
    A block as large as the body text of its own page (when the page holds enough of it) is no
    heading by size; a title large on its page keeps its level from the document's body size."""
    from .helpers import block
    prose = "The group recorded strong growth in all of its regions, and margins improved as costs fell. " * 4
    rows = [("Strategic report", 24, 30), (prose, 11, 120), ("Revenue growth in each segment", 11, 20),
            (prose, 11, 120), ("Market overview", 16, 25), (prose, 11, 120)]
    front, y = [], 60.0
    for n, (text, size, height) in enumerate(rows):
        width = 500 if len(text) > 60 else 9 * len(text)
        front.append(block(text, (50, y, 50 + width, y + height), 0, n, size))
        y += height + 12
    notes = [Page(i, 600, 800, tuple(block(prose * 2, (50, 60 + 300 * k, 550, 340 + 300 * k), i, k, 8) for k in range(2)))
             for i in range(1, 6)]
    doc = classify_headings(Document("d", "d.pdf", "pdf", (Page(0, 600, 800, tuple(front)), *notes)))
    assert [(b.text, b.kind, b.level) for b in doc.pages[0].blocks if b.kind == HEADING] == [
        ("Strategic report", HEADING, 1), ("Market overview", HEADING, 1)]


@pytest.mark.parametrize(("font", "bold"), [
    ("Helvetica-Bold", True), ("Roboto-Black", True), ("MyriadPro-Semibold", True),
    ("HelveticaNeueCE-Heavy", True), ("Futura-DemiBold", True), ("AvenirNext-Demi", True),
    ("Helvetica", False), ("Roboto-Medium", False), ("Georgia-Italic", False),
])
def test_weight_words_in_a_font_name_mark_bold(font: str, bold: bool) -> None:
    """A journal's contents entries in HelveticaNeueCE-Heavy (no bold flag set) read as regular
    weight: 'Heavy' and 'Demi' name bold weights as 'Bold' and 'Black' do."""
    assert Span("x", (0, 0, 1, 1), font, 10.0).bold is bold


def test_contents_lines_with_dot_leaders_are_no_headings() -> None:
    """install-latex-guide-zh-cn.pdf's contents, not found as a TOC: '1.2 卸载TEX Live ....... 9' read
    as a numbered section and came out '## 1.2 卸载TEX Live', leader and page number gone.  A title
    ending in a dot leader is a contents entry; a title ending in an ellipsis ('展望未来……') stays one."""
    entries = ["1.1 安装TEX Live .......................................... 5", "1.2 卸载TEX Live ...................... 9",
               "1.3 跨版本升级 ……………………………… 10", "第一章 总则………………………………12", "1.4 升级宏包 . . . . . . . . . . . ."]
    rows = [*entries, BODY_TEXT * 2, "第二章 展望未来……", BODY_TEXT * 2]
    blocks = tuple(Block(f"p0-b{k}", 0, (50.0, 100.0 + 20 * k, 500.0, 112.0 + 20 * k), t, (), 14.0 if "展望" in t else 10.0)
                   for k, t in enumerate(rows))
    doc = classify_headings(Document("d", "d.pdf", "pdf", (Page(0, 600, 800, blocks),)))
    assert [(t, k) for t, k, _ in kinds(doc) if t != BODY_TEXT * 2] == [(t, BODY) for t in entries] + [
        ("第二章 展望未来……", HEADING)]


def test_a_bold_lead_in_running_on_in_lower_case_is_no_heading(tmp_path) -> None:
    """A cat-care guide (test_2904.pdf) opens paragraphs with a bold sentence that wraps: 'Provide
    multiple and separated key environmental' (bold) / 'resources. Key resources include …'
    (regular).  The bold line made a block and a heading, cutting its sentence.  A title-like
    line whose text runs on, one line under it, in lower case is a paragraph's first line; a
    bold title over a paragraph starting anew stays a heading."""
    import pymupdf

    from .helpers import cleaned_text

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 50), "Caring for cats in shelters", fontsize=16, fontname="hebo")
    page.insert_textbox(pymupdf.Rect(72, 80, 520, 160), "The shelter keeps every cat in a room of its own, with a window "
                        "and a place to climb. Staff visit each room twice a day and note what the cat ate and how "
                        "it behaved, so that changes show early.", fontsize=10)
    lead = "Provide multiple and separated key environmental"
    right = 72 + pymupdf.get_text_length(lead, fontname="hebo", fontsize=10)  # the lead-in fills its line
    page.insert_text((72, 190), lead, fontsize=10, fontname="hebo")
    page.insert_textbox(pymupdf.Rect(72, 192, right + 2, 240), "resources. Key resources include food, water, toilets "
                        "and resting places, set apart so that no cat passes another.", fontsize=10)
    page.insert_text((72, 250), "Market review", fontsize=10, fontname="hebo")
    page.insert_textbox(pymupdf.Rect(72, 262, 520, 340), "Shelters across the region took in more cats this year "
                        "than last, most of them strays found in the autumn, and found homes for nine in ten.", fontsize=10)
    text = cleaned_text(doc, tmp_path, "runin")
    assert "Provide multiple and separated key environmental resources. Key resources include" in text
    assert "## Market review" in text or "# Market review" in text
