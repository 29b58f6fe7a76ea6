"""Chapter splitting: outline (good and junk), printed TOC, headings, no structure, slugs, the seed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pymupdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.chapters import FRONT_MATTER, chapter_keys, slugify, split_chapters, titles_match, toc_entries
from pipeline.headings import classify_headings, numbering
from pipeline.normalize import join_lines
from pipeline.output import render_chapter
from pipeline.types import BODY, HEADING, Block, Chapter, Document, Line, OutlineEntry, Page, Span

from .helpers import cleaned_text

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "shanghai-2022-progress-report.raw.txt"
BODY_TEXT = "The group recorded strong growth in all regions, and margins improved over the year as costs fell."
HAN_BODY = "上海科技创新工作坚持以习近平新时代中国特色社会主义思想为指导，全力强化科技创新策源功能。"


# --- small constructors ------------------------------------------------------


def blk(text: str, n: int, page: int = 0, size: float = 10.0, bold: bool = False, kind: str = BODY,
        level: int = 0, lines: list[str] | None = None) -> Block:
    box = (0.0, float(n), 100.0, float(n + 1))
    spans = [Span(t, box, "Helvetica-Bold" if bold else "Helvetica", size, 16 if bold else 0) for t in lines or [text]]
    return Block(f"p{page}-b{n}", page, box, text, tuple(Line((s,), box) for s in spans), size, bold, kind, level)


def pdf_doc(pages: list[list[tuple[str, float, bool]]], outline: tuple[OutlineEntry, ...] = (),
            meta: dict | None = None) -> Document:
    """Pages of (text, size, bold) rows, with geometry."""
    built = tuple(Page(i, 600, 800, tuple(blk(t, n, i, s, b) for n, (t, s, b) in enumerate(rows)))
                  for i, rows in enumerate(pages))
    return Document("rep", "rep.pdf", "pdf", built, meta or {}, outline)


def txt_doc(paragraphs: list[str], meta: dict | None = None) -> Document:
    """One geometry-less page, a block per paragraph (lines split on ``\\n``)."""
    blocks = tuple(blk(join_lines(p.split("\n")), i, size=0.0, lines=p.split("\n")) for i, p in enumerate(paragraphs))
    return Document("rep", "rep.txt", "txt", (Page(0, 0, 0, blocks, geometry=False),), meta or {})


def split(doc: Document) -> list[Chapter]:
    return split_chapters(classify_headings(doc))


def titles(chapters: list[Chapter]) -> list[str]:
    return [c.title for c in chapters]


def assert_no_text_lost(doc: Document, chapters: list[Chapter]) -> None:
    """Every block is in exactly one chapter, except chapter title blocks, which are titles (a label
    and the heading it names: "PART I" over "ITEM 1A RISK FACTORS", see :mod:`pipeline.labels`)."""
    doc = classify_headings(doc)
    ids = [b.id for c in chapters for b in c.blocks]
    assert len(ids) == len(set(ids))
    missing = [b for b in doc.blocks() if b.id not in set(ids)]
    assert len(missing) <= 2 * len(chapters)
    assert all(any(titles_match(b.text, c.title) or b.text in c.title for c in chapters) for b in missing)


# A small report: cover, three chapters (big type), sections in bold body-size type.
REPORT = [
    [("2023 Annual Report", 28, False), ("Acme Holdings plc", 14, False)],
    [("Overview", 20, False), (BODY_TEXT, 10, False), ("Markets", 10, True), (BODY_TEXT, 10, False)],
    [("Risks", 20, False), (BODY_TEXT, 10, False), ("Credit risk", 10, True), (BODY_TEXT, 10, False)],
    [("Outlook", 20, False), (BODY_TEXT, 10, False)],
]
GOOD_OUTLINE = (
    OutlineEntry(1, "1 Overview", 1), OutlineEntry(2, "Markets", 1), OutlineEntry(1, "2 Risks", 2),
    OutlineEntry(2, "Credit risk", 2), OutlineEntry(1, "3 Outlook", 3),
)


# --- outline -----------------------------------------------------------------------


def test_good_outline_gives_chapters_and_sections() -> None:
    doc = pdf_doc(REPORT, GOOD_OUTLINE, {"title": "Acme 2023"})
    chapters = split(doc)
    assert titles(chapters) == ["2023 Annual Report", "1 Overview", "2 Risks", "3 Outlook"]
    assert [c.source for c in chapters] == ["front"] + ["outline"] * 3  # the cover is not an outline entry
    assert [(c.first_page, c.last_page) for c in chapters] == [(0, 0), (1, 1), (2, 2), (3, 3)]
    markdown = render_chapter(chapters[1])
    assert markdown.startswith("# 1 Overview\n") and "\n## Markets\n" in markdown
    assert [(b.text, b.level) for b in chapters[2].blocks if b.kind == HEADING] == [("Credit risk", 2)]
    assert_no_text_lost(doc, chapters)


def test_outline_single_root_is_descended() -> None:
    outline = (OutlineEntry(1, "Acme 2023 Annual Report", 0),) + tuple(
        OutlineEntry(e.level + 1, e.title, e.page) for e in GOOD_OUTLINE)
    chapters = split(pdf_doc(REPORT, outline))
    assert titles(chapters)[1:] == ["1 Overview", "2 Risks", "3 Outlook"]
    assert [c.source for c in chapters] == ["front"] + ["outline"] * 3


def test_outline_without_pages_matches_in_order() -> None:
    outline = tuple(OutlineEntry(e.level, e.title, -1) for e in GOOD_OUTLINE)
    assert titles(split(pdf_doc(REPORT, outline)))[1:] == ["1 Overview", "2 Risks", "3 Outlook"]


@pytest.mark.parametrize("outline", [
    pytest.param((OutlineEntry(1, "OLE_LINK5", 1), OutlineEntry(1, "OLE_LINK6", 2), OutlineEntry(1, "_GoBack", 3),
                  OutlineEntry(1, "_Toc123456", 3)), id="word-hidden-bookmarks"),
    pytest.param((OutlineEntry(1, "Acme 2023 Annual Report", 0),), id="single-root-title"),
    pytest.param((OutlineEntry(1, "annual_report_final_v3.pdf", 0),), id="single-root-file-name"),
    pytest.param((OutlineEntry(1, BODY_TEXT, 1), OutlineEntry(1, "Margins improved over the year as costs fell.", 2),
                  OutlineEntry(1, "The outlook for the coming year remains positive overall.", 3)),
                 id="paragraph-text-bookmarks"),
    pytest.param((OutlineEntry(1, "Governance", 1), OutlineEntry(1, "Remuneration", 2),
                  OutlineEntry(1, "Overview", 3)), id="titles-not-on-their-pages"),
])
def test_junk_outline_falls_back_to_headings(outline: tuple[OutlineEntry, ...]) -> None:
    chapters = split(pdf_doc(REPORT, outline))
    assert titles(chapters) == ["2023 Annual Report", "Overview", "Risks", "Outlook"]
    assert {c.source for c in chapters} == {"headings"}


def test_file_name_root_with_children_is_descended() -> None:
    outline = (OutlineEntry(1, "report.pdf", 0),) + tuple(OutlineEntry(e.level + 1, e.title, e.page)
                                                          for e in GOOD_OUTLINE)
    assert {c.source for c in split(pdf_doc(REPORT, outline))} == {"front", "outline"}


# --- printed table of contents ---------------------------------------------------------


TOC_DOC = [
    "2023年度报告", "目录", "公司简介……3\n经营情况讨论与分析……7", "重要事项……12",
    "公司简介", HAN_BODY, "经营情况讨论与分析", HAN_BODY, "收入与成本", HAN_BODY, "重要事项", HAN_BODY,
]


def test_printed_toc_gives_chapters() -> None:
    doc = txt_doc(TOC_DOC)
    chapters = split(doc)
    assert titles(chapters) == ["目录", "公司简介", "经营情况讨论与分析", "重要事项"]
    assert [c.source for c in chapters] == ["toc"] * 4
    cover, *toc = chapters[0].blocks  # a title-only cover is handed on as a section heading
    assert (cover.text, cover.kind, cover.level) == ("2023年度报告", HEADING, 2)
    assert [b.text for b in toc] == ["目录", "公司简介……3经营情况讨论与分析……7", "重要事项……12"]
    assert all("toc" in b.flags for b in toc)  # the TOC title too: dropping the TOC leaves a record of each block
    assert [b.text for b in chapters[2].blocks if b.kind == HEADING] == ["收入与成本"]
    assert_no_text_lost(doc, chapters)


def test_toc_that_does_not_match_falls_back() -> None:
    paragraphs = ["目录", "甲乙丙丁……3", "戊己庚辛……7"] + TOC_DOC[4:]
    chapters = split(txt_doc(paragraphs))
    assert "toc" not in {c.source for c in chapters} and titles(chapters) == ["目录", FRONT_MATTER]
    assert all("toc" in b.flags for b in chapters[0].blocks)  # still a TOC, set apart, only not evidence


def test_toc_title_sharing_a_block_with_entries_keeps_the_block() -> None:
    lines = ["目 录", "公司简介……3", "重要事项……12"]
    blocks = (blk("目 录 公司简介……3 重要事项……12", 0, lines=lines), blk("公司简介", 1, size=16), blk(HAN_BODY, 2),
              blk("重要事项", 3, size=16), blk(HAN_BODY, 4))
    chapters = split(Document("d", "d.pdf", "pdf", (Page(0, 600, 800, blocks),)))
    assert titles(chapters) == ["目 录", "公司简介", "重要事项"]
    assert [b.id for b in chapters[0].blocks] == ["p0-b0"] and "toc" in chapters[0].blocks[0].flags


@pytest.mark.parametrize("text, entries", [
    ("第一章 总则……1第二章 公司治理……5", ["第一章 总则", "第二章 公司治理"]),
    ("Risk Factors ........ 12", ["Risk Factors"]),
    ("Item 1A. Risk Factors ..... 23", ["Item 1A. Risk Factors"]),
    ("1.1 背景 · · · 3", ["1.1 背景"]),
    ("第一章 总则 1", ["第一章 总则"]),
    (HAN_BODY, []),
    ("9.10内核. . . . . . . . . 162", ["9.10内核"]),  # debian-reference.zh-cn: the number glued to its title
    ("3.5亿元 . . . . . . . . . 12", []), ("12.5万吨 . . . . . . . . 7", []),  # figures with units are no entries
    ("第一节 重要提示 ...... 2", ["第一节 重要提示"]),
])
def test_toc_entries(text: str, entries: list[str]) -> None:
    assert toc_entries(Block("b", 0, (0, 0, 0, 0), text)) == entries


# --- headings ------------------------------------------------------------------------------


def test_headings_with_front_and_back_matter() -> None:
    doc = txt_doc(["前言", HAN_BODY, "第一章 总则", HAN_BODY, "第一节 目的", HAN_BODY, "第二章 治理", HAN_BODY,
                   "附录", HAN_BODY])
    chapters = split(doc)
    assert titles(chapters) == ["前言", "第一章总则", "第二章治理", "附录"]  # text dumps close up Han spaces
    assert [[(b.kind, b.level) for b in c.blocks] for c in chapters][1] == [(BODY, 0), (HEADING, 2), (BODY, 0)]
    assert_no_text_lost(doc, chapters)


def test_leading_body_becomes_front_matter() -> None:
    doc = txt_doc([HAN_BODY, HAN_BODY, "第一章 总则", HAN_BODY, "第二章 治理", HAN_BODY], {"title": "报告"})
    chapters = split(doc)
    assert titles(chapters) == ["报告", "第一章总则", "第二章治理"]
    assert len(chapters[0].blocks) == 2


def test_repeated_part_titles_do_not_start_chapters() -> None:
    doc = txt_doc(["强化战略科技力量，支撑高水平科技自立自强01", HAN_BODY,
                   "第1部分｜ 强化战略科技力量，支撑高水平科技自立自强", HAN_BODY,
                   "提升科技供给能力，塑造高质量发展新动能02", HAN_BODY,
                   "第2部分｜ 提升科技供给能力，塑造高质量发展新动能", HAN_BODY])
    chapters = split(doc)
    assert titles(chapters) == ["强化战略科技力量，支撑高水平科技自立自强", "提升科技供给能力，塑造高质量发展新动能"]
    demoted = [b for c in chapters for b in c.blocks if "repeated_title" in b.flags]
    assert [(b.kind, b.text[:4]) for b in demoted] == [(BODY, "第1部分"), (BODY, "第2部分")]


def test_title_only_chapter_hands_its_title_on() -> None:
    blocks = (blk("第一部分 总论", 0, kind=HEADING, level=1), blk("第一章 概述", 1, kind=HEADING, level=1),
              blk(HAN_BODY, 2))
    doc = Document("d", "d.txt", "txt", (Page(0, 0, 0, blocks, geometry=False),))
    chapters = split_chapters(doc)
    assert titles(chapters) == ["第一章 概述"]
    assert [(b.text, b.kind, b.level) for b in chapters[0].blocks] == [("第一部分 总论", HEADING, 2), (HAN_BODY, BODY, 0)]


@pytest.mark.parametrize("meta, paragraphs, title, n_blocks", [
    ({"title": "Acme 2023"}, [BODY_TEXT, BODY_TEXT], "Acme 2023", 2),
    ({}, [BODY_TEXT, BODY_TEXT], "rep", 2),
    ({}, ["Minor things", BODY_TEXT, BODY_TEXT], "Minor things", 2),
    ({"title": "Microsoft Word - report_v3.docx"}, [BODY_TEXT], "rep", 1),
])
def test_no_structure_is_one_chapter(meta: dict, paragraphs: list[str], title: str, n_blocks: int) -> None:
    chapters = split(txt_doc(paragraphs, meta))
    assert [(c.index, c.title, len(c.blocks), c.source) for c in chapters] == [(1, title, n_blocks, "whole")]


def test_empty_document_has_no_chapters() -> None:
    assert split_chapters(Document("d", "d.txt", "txt", (Page(0, 0, 0, (), geometry=False),))) == []


@pytest.mark.parametrize("a, b, same", [
    ("第一章 总则", "第一章、总则", True),
    ("强化战略科技力量，支撑高水平科技自立自强", "强化战略科技力量，支撑高水平科技自立自强01", True),
    ("第一章 总则", "第二章 总则", False),
    ("Item 1A. Risk Factors", "Risk Factors", True),
    ("Overview", "Outlook", False),
    ("1 Overview", "Overview", True),
])
def test_titles_match(a: str, b: str, same: bool) -> None:
    assert titles_match(a, b) is same


def test_chapter_keys_tie_part_heads_to_titles() -> None:
    assert chapter_keys("第1部分｜ 强化战略科技力量") & chapter_keys("强化战略科技力量01")


_kind = st.sampled_from(["h1", "h2", "body", "rep"])


@settings(max_examples=80, deadline=None)
@given(st.lists(_kind, min_size=1, max_size=25))
def test_every_block_lands_once(plan: list[str]) -> None:
    blocks = []
    for n, k in enumerate(plan):
        if k == "h1":
            blocks.append(blk(f"第{n + 1}章 标题{n}", n, kind=HEADING, level=1))
        elif k == "h2":
            blocks.append(blk(f"第{n + 1}节 小节{n}", n, kind=HEADING, level=2))
        elif k == "rep":
            blocks.append(blk("第1章 标题0", n, kind=HEADING, level=1))
        else:
            blocks.append(blk(HAN_BODY, n))
    doc = Document("d", "d.txt", "txt", (Page(0, 0, 0, tuple(blocks), geometry=False),))
    chapters = split_chapters(doc)
    assert [c.index for c in chapters] == list(range(1, len(chapters) + 1))
    assert_no_text_lost(doc, chapters)
    order = [b.id for c in chapters for b in c.blocks]
    assert order == [b.id for b in doc.blocks() if b.id in set(order)]
    assert all(b.level != 1 for c in chapters for b in c.blocks)


# --- slugs ------------------------------------------------------------------------------------


@pytest.mark.parametrize("title, index, slug", [
    ("第一章 总则", 1, "01-第一章-总则"),
    ("Risk Factors: 2023", 3, "03-risk-factors-2023"),
    ("../etc/passwd", 1, "01-etc-passwd"),
    ("..\\..\\boot.ini", 2, "02-boot-ini"),
    ("CON", 1, "01-con_"),
    ("nul", 4, "04-nul_"),
    ("", 7, "07-chapter"),
    ("///", 7, "07-chapter"),
    (".hidden", 2, "02-hidden"),
    ('a*b?c"d<e>f|g:h', 5, "05-a-b-c-d-e-f-g-h"),
    ("tab\tnew\nline\x00nul", 6, "06-tab-new-line-nul"),
    ("ＦＵＬＬ　Ｗｉｄｔｈ", 8, "08-full-width"),
    ("强化战略科技力量，支撑高水平科技自立自强", 3, "03-强化战略科技力量-支撑高水平科技自立自强"),
    ("Title", 100, "100-title"),
])
def test_slugify(title: str, index: int, slug: str) -> None:
    assert slugify(title, index) == slug


UNSAFE_CHARS = re.compile(r'[/\\:*?"<>|\x00-\x1f\x7f]')


@pytest.mark.parametrize("title", ["A" * 300, "汉" * 300, "Risk Factors", "risk-factors!", "RISK  FACTORS", "é" * 200])
def test_slug_is_bounded_and_safe(title: str) -> None:
    name = slugify(title, 1)
    assert len(name) <= 3 + 60 and len(name.encode("utf-8")) <= 3 + 120
    assert not UNSAFE_CHARS.search(name) and not name.endswith((".", "-", " "))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.integers(min_value=1, max_value=999))
def test_slug_is_always_safe(title: str, index: int) -> None:
    name = slugify(title, index)
    assert name.startswith(f"{index:02d}-") and len(name) > len(f"{index:02d}-")
    assert not UNSAFE_CHARS.search(name) and not name.endswith(".")
    assert len(name.encode("utf-8")) <= len(f"{index:02d}-") + 120


def test_slug_index_must_be_positive() -> None:
    with pytest.raises(ValueError, match="index"):
        slugify("x", 0)


# --- the real seed ------------------------------------------------------------------------------

SEED_PARTS = [
    "强化战略科技力量，支撑高水平科技自立自强", "提升科技供给能力，塑造高质量发展新动能",
    "强化企业创新主体地位，形成全链条创新加速机制", "配置全球创新资源，服务构建新发展格局",
    "优化科技治理体系，打造富有活力的创新生态",
]
SEED_SECTIONS = {f"{p}.{s}" for p, n in ((1, 5), (2, 4), (3, 5), (4, 3), (5, 4)) for s in range(1, n + 1)}


@pytest.fixture(scope="module")
def seed_chapters() -> list[Chapter]:
    if not SEED.is_file():
        pytest.skip(f"seed text dump not present at {SEED}")
    paragraphs = [p for p in re.split(r"\n\s*\n", SEED.read_text(encoding="utf-8")) if p.strip()]
    doc = txt_doc(["\n".join(ln for ln in p.split("\n") if ln.strip()) for p in paragraphs])
    return split(doc)


def test_seed_part_titles(seed_chapters: list[Chapter]) -> None:
    found = titles(seed_chapters)
    assert [t for t in found if t in SEED_PARTS] == SEED_PARTS
    assert {"INTRODUCTION前言", "综述"} <= set(found)
    assert {c.source for c in seed_chapters} <= {"front", "headings"}


def test_seed_numbered_sections_are_level_2(seed_chapters: list[Chapter]) -> None:
    numbers = set()
    for c in seed_chapters:
        for b in c.blocks:
            n = numbering(b.text)
            if n is not None and n.style == "decimal2" and "repeated_title" not in b.flags:
                assert (b.kind, b.level) == (HEADING, 2), b.text
                numbers.add(n.number)
    assert numbers == SEED_SECTIONS


def test_a_heading_past_the_first_page_does_not_name_the_whole_document() -> None:
    """Amazon's 2023 letter ends with the 1997 letter reprinted under its own heading; no chapter
    structure is found, and the one chapter is not named after that heading."""
    from pipeline.chapters import _whole
    blocks = [blk(BODY_TEXT, 0), blk(BODY_TEXT, 1), blk("1997 Letter to Shareholders", 0, 1, 16.0, True, HEADING, 2),
              blk(BODY_TEXT, 1, 1)]
    doc = Document("rep", "rep.pdf", "pdf", ())
    assert (_whole(doc, blocks).title, len(_whole(doc, blocks).blocks)) == ("rep", 4)
    assert _whole(doc, blocks[2:]).title == "1997 Letter to Shareholders"  # on the first page it names it


def test_a_heading_after_text_in_an_unpaginated_dump_does_not_name_the_whole_document() -> None:
    """A text dump without page numbers is one page: Amazon's letter dumped by PyMuPDF was named
    after "Obsess Over Customers", a heading of the 1997 letter reprinted at its end.  In a dump,
    only a heading before the first paragraph of text names the whole; in a PDF, one on the
    first page still does."""
    from pipeline.chapters import _whole
    blocks = [blk("Dear Shareholders:", 0), blk(BODY_TEXT * 3, 1), blk("Obsess Over Customers", 2, 0, 10.0, False, HEADING, 3),
              blk(BODY_TEXT, 3)]
    dump = Document("rep", "rep.txt", "txt", (Page(0, 0.0, 0.0, tuple(blocks), geometry=False),))
    assert (_whole(dump, blocks).title, len(_whole(dump, blocks).blocks)) == ("rep", 4)
    assert _whole(dump, blocks[2:]).title == "Obsess Over Customers"  # before any text it names it
    pdf = Document("rep", "rep.pdf", "pdf", (Page(0, 600, 800, tuple(blocks)),))
    assert _whole(pdf, blocks).title == "Obsess Over Customers"


def _titled_pages(doc, titles: list[str], paragraphs: int, lead: str) -> None:
    """A page per title in 20 pt, then ``paragraphs`` one-sentence paragraphs in 10 pt, each
    starting with ``lead`` (formatted with the page ``i``, paragraph ``k`` and lower-case ``title``)."""
    import pymupdf
    for i, title in enumerate(titles):
        page = doc.new_page(width=595, height=842)
        page.insert_text((72, 80), title, fontsize=20)
        for k in range(paragraphs):
            page.insert_textbox(pymupdf.Rect(72, 120 + 40 * k, 520, 160 + 40 * k),
                                f"{lead.format(i=i, k=k, title=title.lower())} the figure for item {i * paragraphs + k} "
                                f"rose by {k + 3} percent in the year under review, as set out in schedule {i}{k}.",
                                fontsize=10)


def test_a_title_marked_continued_starts_no_chapter(tmp_path) -> None:
    """Notes to the financial statements over three pages, each headed "… (continued)" after the
    first: every continuation page was a chapter of its own."""
    import pymupdf

    from pipeline.config import Config
    from pipeline.runner import run_document

    doc = pymupdf.open()
    titles = ["Directors' Report", "Notes to the Financial Statements", "Notes to the Financial Statements (continued)",
              "Notes to the Financial Statements (continued)", "Independent Auditor's Report"]
    _titled_pages(doc, titles, 12, "Note {i}.{k}:")
    doc.save(tmp_path / "notes.pdf")
    status = run_document(tmp_path / "notes.pdf", "notes", tmp_path / "out", Config())
    assert status["status"] == "ok", status
    names = sorted(f.name for f in (tmp_path / "out" / "notes" / "chapters").glob("*.md"))
    assert names == ["01-directors-report.md", "02-notes-to-the-financial-statements.md",
                     "03-independent-auditor-s-report.md"]
    notes = (tmp_path / "out" / "notes" / "chapters" / names[1]).read_text(encoding="utf-8")
    assert "Note 3.11:" in notes and "(continued)" not in notes


def test_a_dense_dump_keeps_repeated_row_labels_away_from_page_edges(tmp_path: Path) -> None:
    """NEE dumped by PyMuPDF (no blank lines): its consolidated and parent-company statements
    share their numbered row labels ("一、营业总收入", "（一）基本每股收益"), each now a line
    of its own, and the second of each went as a running head (in a text dump a repeated section
    heading may stand anywhere).  In a dump whose pages end at their page-number lines, a
    repeated heading is a running head only within HEAD_EDGE_LINES lines of a page's edge."""
    from pipeline.config import Config
    from pipeline.process import process

    def statement(n: int, name: str) -> list[str]:
        rows = []
        for k, label in enumerate(["一、营业总收入", "二、营业总成本", "（一）基本每股收益", "（二）稀释每股收益"]):
            rows += [label] + [f"第{n}页第{k}项第{j}行说明本项目的口径与上年度相同，金额以人民币元列示，未经审计。" for j in range(5)]
        return [f"{name}利润表", f"编制单位：东北电气发展股份有限公司第{n}页，本期与上期。", f"单位：人民币元，第{n}页。"] + rows
    lines = [ln for n, name in enumerate(["合并", "母公司", "合并", "母公司"], 1) for ln in statement(n, name) + [str(n)]]
    path = tmp_path / "nee.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = process(path, "nee", Config())
    assert result.doc.meta["paragraphs"] == "line_ends"
    gone = [r.block.text for r in result.removed if r.reason == "running_head"]
    assert "一、营业总收入" not in gone and "（一）基本每股收益" not in gone


@pytest.mark.parametrize("numbers_x", [300, 40, 0, -1])  # numbers right of the titles, left of them, before them
# ("04  Financial review"), or (-1) LaTeX's pieces on one baseline: "1.1", "Title . . . . .", "3"
def test_a_contents_page_with_its_page_numbers_in_a_column_of_their_own(tmp_path: Path, numbers_x: int) -> None:
    """An annual report's contents page sets its entries' titles in one column and their page
    numbers in another, with no leaders: MuPDF gives a block of titles (or one per title) and a
    block of numbers, so no entry held its page number, the TOC was not found, and the contents
    became a chapter of level-2 headings and a pull quote "> 3 > 5 > 7".  Title lines that each
    stand on the baseline of a bare page number on the contents page are its entries; so are
    lines starting with their page number ("04  Financial review") on the contents page itself."""
    import pymupdf

    from pipeline.config import Config
    from pipeline.runner import run_document

    sections = ["Chairman's statement", "Chief Executive's review", "Financial review", "Risk management",
                "Corporate governance"]
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 90), "Contents", fontsize=22)
    if numbers_x == 300:
        page.insert_text((300, 120), "Page", fontsize=9)  # the number column's label
    for i, title in enumerate(sections):
        if numbers_x == 0:  # one line, the page number first
            page.insert_text((72, 140 + 22 * i), f"{2 + i:02d}  {title}", fontsize=11)
            continue
        if numbers_x == -1:  # section number, title with a dot leader, page number: three pieces
            page.insert_text((72, 140 + 22 * i), f"{i + 1}", fontsize=11)
            page.insert_text((100, 140 + 22 * i), title + " . " * (40 - len(title) // 2), fontsize=11)
            page.insert_text((520, 140 + 22 * i), str(2 + i), fontsize=11)
            continue
        page.insert_text((numbers_x, 140 + 22 * i), str(2 + i), fontsize=11)
        page.insert_text((80 if numbers_x < 72 else 72, 140 + 22 * i), title, fontsize=11)
    _titled_pages(doc, sections, 10, "Paragraph {k} of {title}:")
    doc.save(tmp_path / "report.pdf")
    status = run_document(tmp_path / "report.pdf", "report", tmp_path / "out", Config())
    assert status["status"] == "ok", status
    manifest = json.loads((tmp_path / "out" / "report" / "manifest.json").read_text(encoding="utf-8"))
    assert [(c["title"], c["source"]) for c in manifest["chapters"]] == [(t, "toc") for t in sections]
    text = "".join(f.read_text(encoding="utf-8") for f in (tmp_path / "out" / "report" / "chapters").glob("*.md"))
    assert "Contents" not in text and "Page" not in text and all(text.count(t) == 1 for t in sections)  # each title heads its chapter only
    assert manifest["removed"]["toc"] >= 2


def test_a_margin_line_repeating_its_chapter_number_is_a_running_head() -> None:
    """Alphabet's 10-K excerpt: each page's head names its part and item ("PART II ITEM 5 MARKET
    FOR REGISTRANT'S COMMON EQUITY, …", too long for a heading); the heads change with the item,
    so no text recurs, and the one on a page of chapter "PART II" stood in the body.  A body
    line in a page's top or bottom margin whose numbering is its chapter's own is a running
    head; a sentence there, or another part's number, stays."""
    from .helpers import block, document, page
    head = ("PART II ITEM 5 MARKET FOR REGISTRANT’S COMMON EQUITY, RELATED STOCKHOLDER MATTERS, "
            "AND ISSUER PURCHASES OF EQUITY SECURITIES")
    p0 = page(0, [block("PART I", (50, 200, 120, 220), 0, 0, 20.0, kind=HEADING, level=1),
                  block(BODY_TEXT * 3, (50, 240, 550, 400), 0, 1)])
    p1 = page(1, [block("PART II", (50, 200, 120, 220), 1, 0, 20.0, kind=HEADING, level=1),
                  block(BODY_TEXT * 3, (50, 240, 550, 400), 1, 1)])
    p2 = page(2, [block(head, (50, 25, 550, 47), 2, 0, 7.8), block(BODY_TEXT * 3, (50, 120, 550, 400), 2, 1),
                  block("Part II of this report sets out the market for the stock.", (50, 30 + 700, 550, 750), 2, 2),
                  block("PART I ITEM 1A RISK FACTORS", (50, 760, 550, 780), 2, 3, 7.8)])
    chapters = split_chapters(document([p0, p1, p2]))
    assert titles(chapters) == ["PART I", "PART II"]
    flagged = [b.text for c in chapters for b in c.blocks if "repeated_title" in b.flags]
    assert flagged == [head]


def test_a_contents_page_going_on_under_a_chapter_entry_set_as_a_heading(tmp_path: Path) -> None:
    """debian-edu's manual (LaTeX, Chinese): its contents run over six pages, and the fifth starts
    with a chapter's entry "16 桌面HowTo" set bold and larger, its page number in the right-hand
    column a block of its own.  The entry read as a heading, so the contents stopped at the page
    before: the last two contents pages became a front-matter chapter "16桌面HowTo" of dot
    leaders.  A numbered line followed by entries numbered under it carries the contents on; the
    contents do not run on into a page whose first block only looks like an entry (a body
    chapter's title level with its number "1", set apart)."""
    import pymupdf

    from pipeline.config import Config
    from pipeline.runner import run_document

    chapters = ["Alpha setup", "Beta network", "Gamma printing", "Delta backup"]
    doc = pymupdf.open()
    for first, half in ((True, chapters[:2]), (False, chapters[2:])):
        page = doc.new_page(width=595, height=842)
        y = 150.0
        if first:
            page.insert_text((72, y), "Contents", fontsize=22)
            y += 40
        for title in half:
            i = chapters.index(title)
            page.insert_text((72, y), f"{i + 1}  {title}", fontsize=13, fontname="hebo")
            page.insert_text((520, y), str(3 + 2 * i), fontsize=13, fontname="hebo")
            y += 24
            for k in range(3):
                page.insert_text((90, y), f"{i + 1}.{k + 1}  Part {k + 1} of {title.lower()} " + ". " * 30, fontsize=10)
                page.insert_text((520, y), str(3 + 2 * i + k // 2), fontsize=10)
                y += 18
            y += 10
    for i, title in enumerate(chapters):  # chapter numbers set apart, as LaTeX does: "1", then the title
        page = doc.new_page(width=595, height=842)
        page.insert_text((72, 200), str(i + 1), fontsize=20)
        page.insert_text((100, 200), title, fontsize=20)
        for k in range(8):
            page.insert_textbox(pymupdf.Rect(72, 240 + 40 * k, 520, 280 + 40 * k),
                                f"Paragraph {k} of {title.lower()}: the figure for item {i * 8 + k} rose by {k + 3} "
                                f"percent in the year under review, as set out in schedule {i}{k}.", fontsize=10)
    for folio, page in enumerate(doc, start=3):  # a running head and folio over the entries
        page.insert_text((72, 50), "The Manual of Things", fontsize=9)
        page.insert_text((520, 50), str(folio), fontsize=9)
    doc.save(tmp_path / "manual.pdf")
    status = run_document(tmp_path / "manual.pdf", "manual", tmp_path / "out", Config())
    assert status["status"] == "ok", status
    manifest = json.loads((tmp_path / "out" / "manual" / "manifest.json").read_text(encoding="utf-8"))
    titles = [c["title"] for c in manifest["chapters"]]
    assert titles == [f"{i + 1} {t}" for i, t in enumerate(chapters)], titles
    text = "".join(f.read_text(encoding="utf-8") for f in (tmp_path / "out" / "manual" / "chapters").glob("*.md"))
    assert "Part 1 of gamma printing" not in text and ". . ." not in text


def test_a_title_block_saying_more_than_its_outline_entry_keeps_its_words(tmp_path: Path) -> None:
    """test_4942 (Adobe's transparency guide): the outline's 'Designer's Guide to Transparency' took
    the printed title 'A Designer's Guide to Transparency for Print Output' as its title block, and
    'A' and 'for Print Output' went without a trace; outlines.pdf's '3 Three' lost its '3'."""
    doc = pymupdf.open()
    heads = ["A Designer's Guide to Transparency for Print Output", "2 Two", "3 Three"]
    for k, head in enumerate(heads):
        page = doc.new_page(width=595, height=842)
        page.insert_text((72, 100), head, fontsize=20)
        for n in range(8):
            page.insert_text((72, 140 + 14 * n), f"Body line {n} of part {k + 1} says something plain and long enough.",
                             fontsize=10)
    doc.set_toc([[1, "Designer's Guide to Transparency", 1], [1, "Two", 2], [1, "Three", 3]])
    text = cleaned_text(doc, tmp_path, "guide")
    assert "A Designer's Guide to Transparency for Print Output" in text
    assert "3 Three" in text and "2 Two" in text


@pytest.mark.parametrize("title, printed, got", [
    ("Three", "3 Three", "3 Three"),
    ("TeX Live 概览", "2 TEX Live概览", "2 TeX Live 概览"),  # texlive-zh-cn: small caps, CJK spacing
    ("2: FOUNDATIONS", "FO U N DAT ION S", "2: FOUNDATIONS"),  # rust.pdf: the same letters, spaced
    ("Item 1A. Risk Factors", "Item 1A. Risk Factors ..... 23", "Item 1A. Risk Factors"),
    ("第一章 总则", "第一章、总则", "第一章 总则"),
    ("HowTo", "•桌面HowTo", "HowTo"),  # debian-edu: a list item the entry matched is no title
])
def test_the_printed_title_is_taken_only_when_it_says_more(title: str, printed: str, got: str) -> None:
    from pipeline.pieces import printed_title
    head = Block("p0-b0", 0, (0, 0, 100, 20), printed, (), 20.0, False, HEADING, 1)
    assert printed_title(title, head) == got


def test_contents_go_on_over_a_page_opening_with_an_entry_that_lost_its_page_number() -> None:
    """debian-reference.zh-cn: its contents run over ten pages; one opens with '9.5.11系统安全性和完整性
    检查', whose page number stayed with the entry before it, then '9.6 数据存储技巧 . 147'. The first
    block carried nothing, so the contents stopped at the page before and the rest (from 9.5.11)
    became a front-matter chapter of contents lines. A numbered title followed by the entry that
    comes next in the numbering (its first child, its next sibling or an ancestor's) carries them on."""
    from pipeline.toc import toc_span
    from .helpers import block as blk
    blocks = [blk("目录", (50, 60, 120, 80), 0, 0, 16.0),
              blk("9.5.9 关闭蜂鸣声 . . . . . . . . 145", (50, 100, 550, 110), 0, 1),
              blk("9.5.10内存使用. . . . . . . . . 146", (50, 120, 550, 130), 0, 2),
              blk("9.5.11系统安全性和完整性检查", (50, 60, 300, 70), 1, 0),
              blk("9.6 数据存储技巧 . . . . . . . . 147", (50, 80, 550, 90), 1, 1),
              blk("9.6.1 硬盘空间使用情况 . . . . . . 147", (50, 100, 550, 110), 1, 2),
              blk("1.1 概述", (50, 60, 200, 75), 2, 0, 14.0),
              blk("这是正文的第一段，说明本章要讲的内容以及它的用法和背景。", (50, 90, 550, 100), 2, 1)]
    assert toc_span(blocks) == range(0, 6)
    # a body page whose first block is a numbered title followed by prose is no contents page
    assert toc_span(blocks[:3] + [blk("9.6 数据存储技巧", (50, 60, 300, 70), 1, 0),
                                  blk("这是正文的第一段，说明本章要讲的内容以及它的用法和背景。", (50, 80, 550, 90), 1, 1)]) == range(0, 3)


def test_contents_go_on_over_an_entry_whose_number_is_glued_to_a_two_character_title() -> None:
    """debian-reference.zh-cn/zh-tw: dblatex glues a wide section number to its title, and '9.10内核.
    162' (kernel) read as a figure with its unit: three digits against two letters, like '12 万元'. The
    contents stopped there, and the rest of them (three pages) became a front-matter chapter of contents
    lines. A decimal section number glued to a Han title that is no unit is numbering, not a figure."""
    from pipeline.toc import toc_span
    from .helpers import block as blk
    entries = ["9.9.2 使用dm-crypt/LUKS 挂载加密的磁盘. . . . . . . 162", "9.10内核. . . . . . . . . . . . 162",
               "9.10.1内核参数. . . . . . . . . . . 162", "9.11虚拟化系统. . . . . . . . . . 165",
               "9.11.1虚拟化和模拟器工具. . . . . . . 165"]
    blocks = [blk("目录", (50, 60, 120, 80), 0, 0, 16.0)]
    blocks += [blk(t, (50, 100 + 20 * k, 550, 110 + 20 * k), 0, k + 1) for k, t in enumerate(entries)]
    blocks += [blk("1.1 概述", (50, 60, 200, 75), 1, 0, 14.0),
               blk("这是正文的第一段，说明本章要讲的内容以及它的用法和背景。", (50, 90, 550, 100), 1, 1)]
    assert toc_span(blocks) == range(0, 6)
    # a figure with its unit, glued or set apart, is no entry, even over the entry numbered after it
    for figure in ("3.5亿元", "12 万元", "12.5万吨"):
        number = figure.split("万")[0].split("亿")[0].strip()
        after = [blk(figure, (50, 300, 150, 330), 0, 9, 24.0),
                 blk(f"{number}.1 收入构成 . . . . . . . . . 20", (50, 340, 550, 350), 0, 10)]
        assert toc_span(blocks[:3] + after + blocks[6:]) == range(0, 3), figure


def test_contents_go_on_over_leader_entries_whose_titles_read_as_no_title() -> None:
    """debian-reference: on its contents pages, '12.3.1 C . . . 212' (a one-letter title) and '2.1.5
    Debian 是100% 的自由软件 . . . 44' (a title holding a percentage) are no title to title_like, so
    the contents stopped at them and the rest stayed as a front-matter chapter of contents lines.
    On a page whose lines mostly end in a dot leader, an entry ending in one (with its page number)
    carries the contents on whatever its title reads like; a page of prose does not."""
    from pipeline.toc import toc_span
    from .helpers import block as blk
    leader = " . . . . . . . . . . . . . . . . "
    entries = ["2.1.4 Debian 档案库基础" + leader + "37", "2.1.5 Debian 是100% 的自由软件" + leader + "44",
               "2.1.6 软件包依赖关系" + leader + "45", "12.3 编译语言" + leader + "212", "12.3.1 C" + leader + "212",
               "12.3.2 简单的C 程序（gcc）" + leader + "212", "12.3.3 Flex —一个更好的Lex" + leader + "213"]
    blocks = [blk("目录", (50, 60, 120, 80), 0, 0, 16.0)]
    blocks += [blk(t, (50, 100 + 20 * k, 550, 110 + 20 * k), 0, k + 1) for k, t in enumerate(entries)]
    body = [blk("1.1 概述", (50, 60, 200, 75), 1, 0, 14.0),
            blk("这是正文的第一段，说明本章要讲的内容以及它的用法和背景。", (50, 90, 550, 100), 1, 1)]
    assert toc_span(blocks + body) == range(0, len(blocks))
    # on a page of prose a line with a leader and a figure does not carry contents on
    lone = blk("2.1.5 Debian 是100% 的自由软件" + leader + "44", (50, 120, 550, 130), 0, 2)
    prose = [blk("这是正文的第一段，说明本章要讲的内容以及它的用法和背景，篇幅较长。", (50, 140 + 20 * k, 550, 150 + 20 * k), 0,
                 k + 3) for k in range(6)]
    assert toc_span(blocks[:2] + [lone] + prose) == range(0, 2)
