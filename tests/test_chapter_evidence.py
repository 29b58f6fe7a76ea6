"""Chapters: TOC set apart and dropped with a record, covers, numbered titles, repeated sections, clean titles."""

from __future__ import annotations

import pytest

from pipeline.chapters import drop_flagged, split_chapters
from pipeline.headings import classify_headings
from pipeline.titles import clean_title, section_title
from pipeline.types import ASIDE, BODY, HEADING, Block, Document, OutlineEntry, Page

HAN = "上海科技创新工作坚持以习近平新时代中国特色社会主义思想为指导，全力强化科技创新策源功能。"
TEXT = "The group recorded strong growth in all regions, and margins improved over the year as costs fell."


def blk(text: str, n: int, page: int = 0, size: float = 10.0, kind: str = BODY, level: int = 0,
        top: float | None = None) -> Block:
    y = float(100 + 20 * n) if top is None else top
    return Block(f"p{page}-b{n}", page, (50.0, y, 500.0, y + 12), text, (), size, False, kind, level)


def pdf(pages: list[list[Block]], outline: tuple[OutlineEntry, ...] = ()) -> Document:
    return Document("d", "d.pdf", "pdf", tuple(Page(i, 600, 800, tuple(bs)) for i, bs in enumerate(pages)), {}, outline)


def test_toc_under_an_outline_is_set_apart_and_dropped_with_a_record() -> None:
    doc = pdf([[blk("年度报告", 0, size=24), blk("目录", 1, size=16), blk("一、公司概况……3", 2), blk("二、公司治理……5", 3),
                blk("本报告总结了公司一年的工作。", 4)],
               [blk("一、公司概况", 0, 1, size=16), blk(HAN, 1, 1)], [blk("二、公司治理", 0, 2, size=16), blk(HAN, 1, 2)]],
              (OutlineEntry(1, "一、公司概况", 1), OutlineEntry(1, "二、公司治理", 2)))
    chapters = split_chapters(classify_headings(doc))
    assert [(c.title, c.source) for c in chapters] == [  # the title-only cover is handed on to the TOC chapter
        ("目录", "front"), ("Front matter", "front"), ("一、公司概况", "outline"), ("二、公司治理", "outline")]
    kept, removed = drop_flagged(chapters)
    assert [c.title for c in kept] == ["年度报告", "Front matter", "一、公司概况", "二、公司治理"]  # and gets it back
    assert [c.index for c in kept] == [1, 2, 3, 4]
    assert [(r.reason, r.block.text) for r in removed] == [("toc", "目录"), ("toc", "一、公司概况……3"), ("toc", "二、公司治理……5")]


def test_a_cover_stack_is_one_chapter_titled_by_its_largest_title() -> None:
    cover = [blk("INTERNATIONAL MONETARY FUND", 0, size=28, top=20), blk("WORLD ECONOMIC OUTLOOK", 1, size=76, top=190),
             blk("Inflation Peaking amid Low Growth", 2, size=34, top=520)]
    doc = pdf([cover, [blk("Inflation Peaking amid Low Growth", 0, 1, size=14, top=98), blk(TEXT * 3, 1, 1, size=12)]])
    doc = Document(doc.doc_id, doc.source, doc.kind, doc.pages)
    chapters = split_chapters(classify_headings(doc))
    assert [c.title for c in chapters] == ["WORLD ECONOMIC OUTLOOK", "Inflation Peaking amid Low Growth"]
    assert [(b.text, b.level) for b in chapters[0].blocks] == [("INTERNATIONAL MONETARY FUND", 2),
                                                                ("Inflation Peaking amid Low Growth", 2)]


def test_an_aside_on_a_cover_is_no_text_under_its_titles() -> None:
    """IMF's cover once "2023" stayed (an aside, the edition year at 35 pt): the report's title
    repeated on page 2 still starts its chapter, instead of the cover's "JAN"."""
    cover = [blk("INTERNATIONAL MONETARY FUND", 0, size=28, top=20), blk("WORLD ECONOMIC OUTLOOK", 1, size=76, top=190),
             blk("Inflation Peaking amid Low Growth", 2, size=34, top=520), blk("2023", 3, size=35, kind=ASIDE, top=673),
             blk("JAN", 4, size=43, top=706)]
    doc = pdf([cover, [blk("Inflation Peaking amid Low Growth", 0, 1, size=14, top=98), blk(TEXT * 3, 1, 1, size=12)]])
    chapters = split_chapters(classify_headings(doc))
    assert [c.title for c in chapters] == ["WORLD ECONOMIC OUTLOOK", "Inflation Peaking amid Low Growth"]
    assert [b.text for b in chapters[0].blocks][-2:] == ["2023", "JAN"]  # the cover keeps its aside and titles


def test_a_number_only_title_takes_the_heading_under_it() -> None:
    doc = pdf([[blk("第1 章", 0, size=20), blk("人工智能概述", 1, size=20), blk(HAN, 2)]])
    (chapter,) = split_chapters(classify_headings(doc))
    assert chapter.title == "第1 章 人工智能概述" and [b.text for b in chapter.blocks] == [HAN]


def test_repeated_sections_in_a_text_dump_are_running_heads() -> None:
    blocks = (blk("第一章 总则", 0), blk(HAN, 1), blk("强化战略科技力量主体能力1.1", 2), blk(HAN, 3),
              blk("强化战略科技力量主体能力1.1", 4), blk(HAN + "又一段。", 5))
    doc = Document("d", "d.txt", "txt", (Page(0, 0, 0, blocks, geometry=False),))
    (chapter,) = split_chapters(classify_headings(doc))
    assert [(b.text[:8], b.kind, "repeated_title" in b.flags) for b in chapter.blocks if b.text != HAN] == [
        ("1.1 强化战略", HEADING, False), ("强化战略科技力量", BODY, True), (HAN[:8], BODY, False)]
    kept, removed = drop_flagged([chapter])
    assert [r.reason for r in removed] == ["running_head"] and len(kept[0].blocks) == 4


def test_a_repeated_title_in_the_body_is_a_section_not_removed() -> None:
    doc = pdf([[blk("Overview", 0, size=20), blk(TEXT, 1)], [blk("Risks", 0, 1, size=20), blk(TEXT, 1, 1),
                                                              blk("Overview", 2, 1, size=20, top=400), blk(TEXT, 3, 1)]])
    chapters = split_chapters(classify_headings(doc))
    assert [c.title for c in chapters] == ["Overview", "Risks"]
    assert [(b.text, b.kind, b.level) for b in chapters[1].blocks if b.kind == HEADING] == [("Overview", HEADING, 2)]


@pytest.mark.parametrize(("text", "clean"), [
    ("强化战略科技力量，支撑高水平科技自立自强01", "强化战略科技力量，支撑高水平科技自立自强"),
    ("第一章 总则……12", "第一章 总则"), ("Item 1A. Risk Factors ..... 23", "Item 1A. Risk Factors"),
    ("公司简介 3", "公司简介"), ("远景目标 2035", "远景目标 2035"), ("Chapter 3", "Chapter 3"),
    ("— ITEM 2. PROPERTIES", "ITEM 2. PROPERTIES"),  # Alphabet 10-K: a blue dash set before each Item
    ("三、 公司安全生产责任", "三、公司安全生产责任"),  # szenergy's outline: a space after CJK punctuation
    ("（一） 积极落实安全责任", "（一）积极落实安全责任"), ("第二节 公司基本情况", "第二节 公司基本情况"),
])
def test_clean_title(text: str, clean: str) -> None:
    assert clean_title(text) == clean


@pytest.mark.parametrize(("text", "shown"), [
    ("强化战略科技力量主体能力1.1", "1.1 强化战略科技力量主体能力"), ("深入实施三大领域“上海方案”2.1", "2.1 深入实施三大领域“上海方案”"),
    ("Risk Factors ..... 12", "Risk Factors"), ("（一）科学编制“十三五”规划", "（一）科学编制“十三五”规划"),
    ("— ITEM 3. LEGAL PROCEEDINGS", "ITEM 3. LEGAL PROCEEDINGS"),
])
def test_section_title(text: str, shown: str) -> None:
    assert section_title(text) == shown


def test_captions_and_sources_are_never_headings() -> None:
    doc = pdf([[blk("Figure 1. Twin Peaks", 0, size=16), blk("资料来源：公司公告", 1, size=16), blk(TEXT * 3, 2)]])
    assert {b.kind for b in classify_headings(doc).blocks()} == {BODY}


def test_an_outline_title_matched_on_its_number_label_is_not_named_twice() -> None:
    """fduthesis.pdf (texlive-lang-chinese) sets '第 1 节' and '介绍' apart on one baseline; its outline
    says '第1节 介绍'.  The outline matched the label, which then took the heading under it as its
    name again: '第1节 介绍 介绍'."""
    pages = [[blk("第1节", 0, k, size=15), blk(title, 1, k, size=15), blk(HAN, 2, k)]
             for k, title in enumerate(("介绍", "安装"))]
    outline = (OutlineEntry(1, "第1节 介绍", 0), OutlineEntry(1, "第2节 安装", 1))
    pages[1][0] = blk("第2节", 0, 1, size=15)
    chapters = split_chapters(classify_headings(pdf(pages, outline)))
    assert [(c.title, [b.text for b in c.blocks]) for c in chapters] == [
        ("第1节 介绍", [HAN]), ("第2节 安装", [HAN])]


def test_an_outline_entry_starts_at_its_point_not_at_a_running_head_above_it() -> None:
    """texlive-zh-cn.pdf p3: the running head '1 简介 3' over the contents' last entries, then the section
    '1 简介' at y = 397, where the outline points.  The chapter began at the running head, inside the
    contents, so the contents were no longer set apart (and kept as headings)."""
    first = [blk("目录", 0, 0, size=16, top=60), *(blk(f"1.{k} 条目{k}……3", k, 0, top=100 + 20 * k) for k in range(1, 4))]
    last = [blk("1 简介 3", 0, 1, top=37), blk("9.1 过去……34", 1, 1, top=90), blk("9.2 现在……35", 2, 1, top=110),
            blk("1 简介", 3, 1, size=16, top=397), blk(HAN, 4, 1, top=430)]
    body = [blk("2 概览", 0, 2, size=16, top=60), blk(HAN + "再一段。", 1, 2, top=90)]
    outline = (OutlineEntry(1, "简介", 1, 397.0), OutlineEntry(1, "概览", 2, 60.0))
    kept, removed = drop_flagged(split_chapters(classify_headings(pdf([first, last, body], outline))))
    # titled as printed: the title block's '1' would otherwise go without a trace (pieces.printed_title)
    assert [(c.title, c.first_page) for c in kept][-2:] == [("1 简介", 1), ("2 概览", 2)]
    assert kept[-2].blocks[0].text == HAN
    assert "9.1 过去……34" in [r.block.text for r in removed]
