"""The .txt input path: decoding, bad input, pages, paragraphs as blocks."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.normalize import clean_line
from pipeline.textdump import decode, load_textdump, longest_increasing, page_breaks, page_label, page_values
from pipeline.types import BadInput


def _load(tmp_path: Path, text: str | bytes, name: str = "doc.txt"):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return load_textdump(path, "doc")


# --- page-number lines -------------------------------------------------------

@pytest.mark.parametrize("text, values, label", [
    ("0403", (3, 4), "3-4"),  # glued spread pair
    ("79 80", (79, 80), "79-80"),
    ("6059", (59, 60), "59-60"),
    ("- 12 -", (12,), "12"),
    ("12 / 195", (12,), "12"),
    ("第12页", (12,), "12"),
    ("2192", (2192,), "2192"),  # four digits, not a pair
    ("81 90", (), ""),  # two numbers that are not neighbours
    ("xiv", (), ""),  # roman numerals do not paginate
    ("2022年", (), ""),
    ("上海科技", (), ""),
])
def test_page_values(text: str, values: tuple[int, ...], label: str) -> None:
    assert page_values(text) == values
    assert page_label(text) == label


@pytest.mark.parametrize("values, positions", [
    ([4, 9, 5, 6], [0, 2, 3]),
    ([], []),
    ([3, 2, 1], [2]),
    ([4, 18, 20, 32, 46, 60], [0, 1, 2, 3, 4, 5]),
])
def test_longest_increasing(values: list[int], positions: list[int]) -> None:
    assert longest_increasing(values) == positions


@pytest.mark.parametrize("lines, breaks", [
    (["a", "", "0403", "", "b"], [2]),
    (["a", "", "0403", "", "b", "", "0605", ""], [2, 6]),
    (["a", "0403", "b"], []),  # not standing alone
    (["a", "", "2192", "", "b"], []),  # a lone single number is a chart label
    (["a", "", "1", "", "b", "", "2", "", "c", "", "3"], [2, 6, 10]),  # a chain of singles
    (["a", "", "9899", "", "b", "", "0403", "", "c", "", "0605", ""], [6, 10]),  # stray pair out of order
    (["2022年，上海科技创新。", "", "2019年是起点。"], []),  # years in sentences
])
def test_page_breaks(lines: list[str], breaks: list[int]) -> None:
    assert page_breaks(lines) == breaks


# --- decoding and bad input ---------------------------------------------------

@pytest.mark.parametrize("data, text, encoding", [
    ("科技\r\n创新".encode("utf-8"), "科技\n创新", "utf-8"),
    (b"\xef\xbb\xbf" + "科技".encode("utf-8"), "科技", "utf-8-sig"),
    ("科技创新报告".encode("gb18030"), "科技创新报告", "gb18030"),
    ("科技\n".encode("utf-16"), "科技\n", "utf-16"),  # with its BOM
    (b"a\rb", "a\nb", "utf-8"),
])
def test_decode(data: bytes, text: str, encoding: str) -> None:
    assert decode(data) == (text, encoding)


@pytest.mark.parametrize("data, starts", [
    (b"", "empty"),
    (b"  \n\t\n\f\n", "empty"),
    (b"abc\x00def", "binary"),
    (bytes(range(1, 32)) * 20 + b"text", "binary"),
    (b"\xff\xff\xfe\xff\x80", "undecodable"),
    (b"\xff\xfe\x00", "undecodable"),  # UTF-16 BOM, then half a character
])
def test_bad_input(tmp_path: Path, data: bytes, starts: str) -> None:
    with pytest.raises(BadInput) as err:
        _load(tmp_path, data)
    assert err.value.stage == "open"
    assert err.value.reason.startswith(starts)
    assert "\n" not in err.value.reason


def test_missing_file_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="cannot read"):
        load_textdump(tmp_path / "nope.txt", "doc")


# --- pages and blocks ----------------------------------------------------------

def test_paragraphs_become_blocks_with_line_boxes(tmp_path: Path) -> None:
    doc = _load(tmp_path, "上海科技创新工\n作坚持\n\n\nGrowth was\nstrong.\n")
    assert doc.kind == "txt" and len(doc.pages) == 1
    page = doc.pages[0]
    assert not page.geometry and (page.width, page.height) == (0.0, 0.0)
    first, second = page.blocks
    assert (first.id, first.text, first.bbox) == ("p0-b0", "上海科技创新工作坚持", (0.0, 0.0, 0.0, 2.0))
    assert (second.id, second.text, second.bbox) == ("p0-b1", "Growth was strong.", (0.0, 4.0, 0.0, 6.0))
    line = second.lines[1]
    assert len(line.spans) == 1 and line.spans[0].text == "strong." and line.bbox == (0.0, 5.0, 0.0, 6.0)


def test_a_private_use_bullet_glyph_is_written_as_a_bullet(tmp_path: Path) -> None:
    """pdftotext writes a Symbol-font bullet as U+F0B7, which no reader shows (IMF's WEO update)."""
    doc = _load(tmp_path, "Risks\n\n\uf0b7 The balance of risks\nremains tilted.\n\n\uf0b7Growth held.\n")
    assert [b.text for b in doc.pages[0].blocks] == ["Risks", "• The balance of risks remains tilted.", "• Growth held."]


def test_form_feeds_split_pages(tmp_path: Path) -> None:
    doc = _load(tmp_path, "第一页\n\n1\n\f第二页\n2\n\f")
    assert doc.meta["pagination"] == "form_feed"
    assert [[b.text for b in p.blocks] for p in doc.pages] == [["第一页", "1"], ["第二页2"]]
    assert [p.label for p in doc.pages] == ["1", "2"]
    assert doc.pages[1].blocks[0].lines[0].bbox == (0.0, 3.0, 0.0, 4.0)  # the \f line keeps its number


def test_virtual_pages_after_spread_numbers(tmp_path: Path) -> None:
    doc = _load(tmp_path, "前言正文\n\n0403\n\n第二页正文\n\n79 80\n\n尾页\n")
    assert doc.meta["pagination"] == "page_numbers"
    assert [p.label for p in doc.pages] == ["3-4", "79-80", ""]
    assert [b.text for b in doc.pages[1].blocks] == ["第二页正文", "79 80"]
    ids = [b.id for b in doc.blocks()]
    assert len(ids) == len(set(ids))


def test_no_page_numbers_means_one_page(tmp_path: Path) -> None:
    doc = _load(tmp_path, "一段。\n\n二段。\n")
    assert doc.meta["pagination"] == "none" and len(doc.pages) == 1


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["科技创新", "", "  ", "0403", "12", "Growth", "\u3000", "79 80", "a\fb"]), max_size=30))
def test_blocks_hold_every_nonblank_line_in_order(parts: list[str]) -> None:
    text = "\n".join(parts) + "\nend"
    with tempfile.TemporaryDirectory() as d:
        doc = _load(Path(d), text)
    got = [s.text for b in doc.blocks() for ln in b.lines for s in ln.spans]
    want = [piece for line in text.split("\n") for piece in line.split("\f") if clean_line(piece)]
    assert got == want



# --- dumps without blank lines ---------------------------------------------------

EN_PARAGRAPHS = [
    "Last year at this time, I shared my enthusiasm and optimism for our future. Today, I have even more. "
    "The reasons are many, but start with the progress we have made in our financial results and customer "
    "experiences, and extend to our continued innovation and the remarkable opportunities in front of us. "
    "Thank you.",
    "In 2023, total revenue grew 12% year-over-year from $514B to $575B. By segment, North America revenue "
    "increased 12% from $316B to $353B, and International revenue grew 11% from $118B to $131B. It was a "
    "good year.",
    "While we have made meaningful progress on our financial measures, what we are most pleased about is "
    "the continued customer experience improvements across our businesses.",
]
ZH_PARAGRAPHS = [
    "2022年，是党的二十大召开之年，是我国进入全面建设社会主义现代化国家、向第二个百年奋斗目标新征程进军的重要一年，"
    "也是上海推进具有全球影响力的科技创新中心建设的关键跃升期。",
    "2023年，是全面贯彻落实党的二十大精神的开局之年，是实施“十四五”规划的关键一年。上海科技创新工作将继续当好"
    "改革开放排头兵。",
]


def test_a_dump_without_blank_lines_is_cut_into_paragraphs_after_lines_that_ended(tmp_path: Path) -> None:
    """PyMuPDF's plain text output (and other extractors') has no blank line between paragraphs,
    so a whole page was one block: no heading could be found and a chapter read as one paragraph.
    In a dump with (almost) no blank lines, a line ends its paragraph when the next line's first
    word would have fitted after it in the dump's measure (its usual full line), or when it ends a
    sentence and the next line starts with a heading's numbering ("（一）…")."""
    import textwrap
    lines = ["Dear Shareholders:"]
    for p in EN_PARAGRAPHS:
        lines += textwrap.wrap(p, 100)
    lines.append("Our Stores Business")  # a heading: short, the next line's first word would fit
    lines += textwrap.wrap(EN_PARAGRAPHS[0], 100)
    assert all(len(a) + 1 + len(b.split()[0]) > 100 for a, b in zip(lines, lines[1:]) if len(a) > 90)
    for p in ZH_PARAGRAPHS:
        lines += [p[i:i + 36] for i in range(0, len(p), 36)]  # 36 Han characters to the line
    full = "2016年，公司重点开展规划编制工作，持续深入开展岗位研究创新、对标管理、预算管理等工作，进一步提升了公司经营决策效率、服务能力和治理水平。"
    lines += [full[:36], full[36:]]  # its last line is full, and ends a sentence
    assert len(full[36:]) == 34
    lines += ["（一）科学编制“十三五”规划", "面对复杂多变的经营形势和时代赋予的发展机遇，公司坚定信心。"]
    doc = _load(tmp_path, "\n".join(lines) + "\n")
    assert [b.text for b in doc.blocks()] == (["Dear Shareholders:"] + EN_PARAGRAPHS + ["Our Stores Business"]
                                              + EN_PARAGRAPHS[:1] + ZH_PARAGRAPHS
                                              + [full, "（一）科学编制“十三五”规划", "面对复杂多变的经营形势和时代赋予的发展机遇，公司坚定信心。"])


def test_a_dump_with_blank_lines_keeps_its_paragraphs_as_they_are(tmp_path: Path) -> None:
    """Blank lines mark the paragraphs where a dump has them: a short line inside a paragraph
    (the seed's broken lines) cuts nothing."""
    text = "上海科技创新工作坚持以习近平新时代中国特色社会主义\n思想为指导。\n新的一行\n\n第二段。\n\n第三段。\n"
    assert [b.text for b in _load(tmp_path, text).blocks()] == [
        "上海科技创新工作坚持以习近平新时代中国特色社会主义思想为指导。新的一行", "第二段。", "第三段。"]


def test_a_dump_without_blank_lines_is_paginated_by_its_page_number_lines(tmp_path: Path) -> None:
    """szenergy dumped by PyMuPDF: its page numbers "1" … "18" stand on lines of their own, but
    no blank line surrounds them, so the dump was one page and its page numbers and running head
    stayed in the text.  In a dense dump a page-number line needs no blank lines around it, but
    a page number, single or a spread's pair, must follow on from another at least PAGE_LINES
    lines away (a table's row numbers, an axis's years stand on lines of their own there too)."""
    import textwrap
    body = textwrap.wrap(" ".join(EN_PARAGRAPHS * 3), 100)
    pages = [["Annual Report 2022"] + body + [str(n)] for n in range(1, 6)]
    lines = [ln for page in pages for ln in page]
    assert page_breaks(lines, dense=True) == [len(pages[0]) * n - 1 for n in range(1, 6)]
    axis = lines + body + ["2019"] + body + ["2021"] + body  # a chart's years: "2019" reads as "20|19"
    assert [axis[b] for b in page_breaks(axis, dense=True)] == ["1", "2", "3", "4", "5"]
    assert page_breaks(lines) == []  # with blank lines to go by, a number must stand between them
    table = ["Table 1", "Item", "Rating"] + [ln for n in range(1, 30) for ln in (str(n), f"Engine {n}")]
    assert page_breaks(table + lines, dense=True) == [len(table) + b for b in page_breaks(lines, dense=True)]
    doc = _load(tmp_path, "\n".join(lines) + "\n")
    assert doc.meta["pagination"] == "page_numbers" and [p.label for p in doc.pages][:5] == ["1", "2", "3", "4", "5"]


def test_lone_lines_between_blank_lines_do_not_make_a_dense_dump_one_of_paragraphs(tmp_path: Path) -> None:
    """szenergy with crop marks and a slug, dumped by pdftotext (scripts/dump_check.py, variant
    ``marks``): each page is one run of lines without blank lines, and the printer's slug line
    stands alone between blank lines above it.  The slug runs halved the average run, so the dump
    was read as one of blank-line paragraphs: each page became one block, its headings were lost
    (8 chapters became 1) and 40% of the text went.  A lone line between blank lines (a slug, a
    page number, a running head, a heading) says nothing of how the dump marks paragraphs."""
    import textwrap
    body = [ln for p in EN_PARAGRAPHS * 2 for ln in textwrap.wrap(p, 100)]
    pages = [body + [str(n), "", f"report.indd {n} 2022/11/1 15:29:43", "", ""] for n in range(1, 6)]
    doc = _load(tmp_path, "\f".join("\n".join(page) for page in pages))  # pdftotext's page ends
    assert doc.meta["paragraphs"] == "line_ends"
    assert [b.text for b in doc.pages[0].blocks][:-2] == EN_PARAGRAPHS * 2
    assert [p.label for p in doc.pages] == ["1", "2", "3", "4", "5"]  # the slug below the number hid it


def test_a_slug_line_does_not_change_where_a_dense_dump_cuts_its_paragraphs(tmp_path: Path) -> None:
    """demo-table-empty-cell (odd5) with crop marks and a slug, dumped by PyMuPDF: the slug
    (``report.indd 1 2022/11/1 15:29:43``) is the widest Latin line of each page, so it set the
    measure of the dump's few Latin lines, and the table's rows ("人X≥1000 300≤X＜1000 20≤X＜300")
    were cut apart where the dump without marks kept them whole.  Slug lines are left out of the
    measure and stand as paragraphs of their own (a page number above one had run into the next
    page's text through it): a dump's paragraphs are the same with and without them."""
    zh = "上海科技创新工作坚持以习近平新时代中国特色社会主义思想为指导，始终牢记加快向具有全球影响力的科技创新中心进军的重要指示精神"
    rows = ["X≥1000 3≤X", "X<20 Y", "X≥200 1≤X<2", "X<20"]

    def dump(slug: bool) -> list[str]:
        pages = []
        for n in range(1, 6):
            page = [zh[i:i + 36] for i in range(0, len(zh), 36)] * 3 + rows + [str(n)]
            pages.append(page + ([f"report.indd {n} 2022/11/1 15:29:43"] if slug else []))
        text = "\n".join(ln for page in pages for ln in page) + "\n"
        blocks = _load(tmp_path, text, f"{slug}.txt").blocks()  # the slug line goes later, as furniture
        return [t for b in blocks if (t := "".join(ln.text for ln in b.lines if "indd" not in ln.text))]

    assert dump(slug=True) == dump(slug=False)
