"""Chinese lines into blocks: mixed fonts inside a sentence, numbers set apart from their titles.

Cases from texlive-lang-chinese's fduthesis.pdf (xeCJK: Latin words and code in fonts of other
sizes between Han text; section numbers in the Latin font, larger than the Han title beside them).
"""

from __future__ import annotations

import re

import pymupdf
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.blocks import build_blocks
from pipeline.config import BlockConfig
from pipeline.types import Line, Span

from .helpers import cleaned_text

HAN_FONT, CODE_FONT, NUM_FONT = "SourceHanSerif-Regular", "Iosevka-Slab-Light", "LibertinusSerif-Bold"
LATIN_FONT = "LibertinusSerif-Regular"


def line(*pieces: tuple[str, float, float, str, float], top: float) -> Line:
    """A line of (text, x0, x1, font, size) pieces on one baseline; boxes as MuPDF gives them in fduthesis
    (a Han font's glyphs one size tall, a Latin font's 1.14)."""
    spans = tuple(Span(t, (x0, top, x1, top + size * (1.0 if "Han" in font else 1.14)), font, size,
                       16 if "Bold" in font else 0) for t, x0, x1, font, size in pieces)
    return Line(spans, (spans[0].bbox[0], top, spans[-1].bbox[2], max(s.bbox[3] for s in spans)))


def test_code_in_a_smaller_font_does_not_cut_a_chinese_sentence() -> None:
    """'•执行install-win.bat（Windows 系统）或install-linux.sh（Linux 或macOS 系统），所' / '有需要的文件…':
    the first line holds more characters of 9.5 pt code than of 10.5 pt Han text, so it read as a
    9.5 pt line and the next line, all 10.5 pt, as a change of size: '所' and '有' ended in two blocks."""
    first = line(("执行", 149, 170, HAN_FONT, 10.5), ("install-win.bat", 172, 244, CODE_FONT, 9.5),
                 ("（", 239, 249, HAN_FONT, 10.5), ("Windows", 249, 294, LATIN_FONT, 11.6),
                 (" 系统）或", 294, 334, HAN_FONT, 10.5), ("install-linux.sh", 336, 413, CODE_FONT, 9.5),
                 ("（", 408, 418, HAN_FONT, 10.5), ("Linux", 418, 445, LATIN_FONT, 11.6), (" 或", 445, 458, HAN_FONT, 10.5),
                 ("macOS", 461, 494, LATIN_FONT, 11.6), (" 系统），所", 494, 538, HAN_FONT, 10.5), top=444)
    second = line(("有需要的文件便会在", 149, 243, HAN_FONT, 10.5), ("thesis", 246, 275, CODE_FONT, 9.5),
                  (" 文件夹中生成。", 275, 351, HAN_FONT, 10.5), top=460)
    (block,) = build_blocks([first, second], 0, BlockConfig())
    assert "所有需要的文件" in block.text


def test_inline_code_in_a_smaller_font_does_not_cut_an_english_sentence() -> None:
    """Rust for Rustaceans sets inline code in an 8.5 pt monospace font in 10 pt prose: the last
    line of a paragraph, 'an output of 3 in a case like noalias(&x, &mut x).', holds more code
    than prose, so it read as an 8.5 pt line and started a block of its own, cutting the sentence
    '… could then result in' / 'an output of 3 …'.  A line's prose, not its code, gives its size;
    a line all code keeps its own."""
    prose, code = "NewBaskervilleStd-Roman", "TheSansMonoCd-W5Regular"
    first = line(("that optimization would be invalid, since an ", 120, 330, prose, 10.0), ("input", 330, 356, code, 8.5),
                 (" of ", 356, 372, prose, 10.0), ("1", 372, 377, code, 8.5), (" could then result in", 377, 446, prose, 10.0),
                 top=476)
    last = line(("an ", 120, 133, prose, 10.0), ("output", 133, 164, code, 8.5), (" of ", 164, 180, prose, 10.0),
                ("3", 180, 185, code, 8.5), (" in a case like ", 185, 240, prose, 10.0),
                ("noalias(&x, &mut x)", 240, 318, code, 8.5), (".", 318, 322, prose, 10.0), top=488)
    (block,) = build_blocks([first, last], 0, BlockConfig())
    assert "result in an output of 3" in block.text
    listing = line(("fn noalias(input: &i32, output: &mut i32) {", 120, 303, code, 8.5), top=502)
    assert len(build_blocks([first, last, listing], 0, BlockConfig())) == 2


def test_a_line_of_code_under_chinese_text_is_still_its_own_block() -> None:
    """Lines without Han text keep their own size: a code line under a paragraph starts a block."""
    text = line(("即可完成安装。如果已经装有完整版的发行版，此时即可直接使用，也可以执行", 119, 538, HAN_FONT, 10.5), top=112)
    code = line(("tlmgr update --all", 123, 196, CODE_FONT, 8.2), top=126)
    assert len(build_blocks([text, code], 0, BlockConfig())) == 2


def test_a_section_number_in_a_larger_latin_font_joins_its_title() -> None:
    """'2.1.1' (11.6 pt) and '标准安装' (10.5 pt) stand 12 pt apart on one baseline: two blocks, read
    as a bare number over a heading, and '2.2' was even put before the paragraph above it."""
    number = line(("2.1.1", 119, 142, NUM_FONT, 11.6), top=718)
    title = line(("标准安装", 154, 196, "SourceHanSerif-Bold", 10.5), top=719)
    body = line(("如果没有特殊理由，始终建议使用宏包管理器安装。例如在发行版中，执行（可能需要管理员权限）", 112, 538,
                 HAN_FONT, 10.5), top=742)
    blocks = build_blocks([number, title, body], 0, BlockConfig())
    assert [b.text for b in blocks][:1] == ["2.1.1 标准安装"]


def test_a_key_figure_beside_a_label_of_another_size_stays_apart() -> None:
    """Only a number up to a little larger than its title joins it: a 14 pt key figure beside its
    9 pt label stays apart, as does a bold number beside a regular line of another size."""
    value = line(("2.1", 119, 136, NUM_FONT, 14.0), top=300)
    label = line(("营业收入增长率", 150, 213, "SourceHanSerif-Bold", 9.0), top=302)
    assert len(build_blocks([value, label], 0, BlockConfig())) == 2
    plain = line(("营业收入增长率", 150, 213, HAN_FONT, 10.5), top=301)
    assert len(build_blocks([line(("2.1", 119, 136, NUM_FONT, 11.6), top=300), plain], 0, BlockConfig())) == 2


def test_a_bold_number_joins_its_title_in_a_han_font_without_bold() -> None:
    """debian-edu-bullseye-manual p72: '17.1.3' in LMSans10-Bold, 10 pt right of it on its baseline
    '增添' in WenQuanYiMicroHei (no bold face) with bold Latin words; the title went apart from its
    number and ran into the sentence under it."""
    sans, bold, han = "LMSans10-Regular", "LMSans10-Bold", "WenQuanYiMicroHei"
    number = line(("17.1.3", 57, 85, bold, 10.0), top=303)
    title = line(("增添", 95, 115, han, 10.0), ("LTSP chroot", 116, 170, bold, 10.0), ("来支持", 171, 201, han, 10.0),
                 ("32", 202, 212, bold, 10.0), ("位的电脑客户端", 213, 283, han, 10.0), top=303)
    body = line(("创建", 57, 77, han, 10.0), ("chroot", 78, 108, sans, 10.0), ("和", 109, 119, han, 10.0),
                ("SquashFS", 120, 160, sans, 10.0), ("映像，运行：", 161, 221, han, 10.0), top=328)
    assert [b.text for b in build_blocks([number, title, body], 0, BlockConfig())] == [
        "17.1.3 增添LTSP chroot来支持32位的电脑客户端", "创建chroot和SquashFS映像，运行："]
    plain = line(("缺省网络设置", 95, 155, han, 10.0), top=303)  # a title with no bold word at all
    assert build_blocks([number, plain], 0, BlockConfig())[0].text == "17.1.3 缺省网络设置"


def test_a_bold_value_beside_a_plain_label_in_a_table_row_stays_apart() -> None:
    """zh_tebon_research_gaoce_2022 p3: a row of bold values '… 4.43 5.77' with the next table's label
    '营业成本' 16 pt right of '5.77': the value ends its cells' run, it opens no line."""
    bold, han = "Arial-Bold", "KaiTi"
    row = [line(("4.43", 231, 248, bold, 8.0), top=107), line(("5.77", 274, 294, bold, 8.0), top=107),
           line(("营业成本", 310, 345, han, 8.0), top=107)]
    assert "5.77 营业成本" not in [b.text for b in build_blocks(row, 0, BlockConfig())]
    figure = [line(("3.1", 57, 70, bold, 10.0), top=300), line(("12.5%", 82, 110, han, 10.0), top=300)]
    assert len(build_blocks(figure, 0, BlockConfig())) == 2  # a figure beside a number: no title


def test_numbered_chinese_sections_in_a_pdf_keep_number_title_and_sentence_whole(tmp_path) -> None:
    """End to end: a numbered section title in two sizes, and a sentence whose first line is mostly
    smaller Latin code, come out as '2.1 获取宏包' and one paragraph holding '所有需要的文件'."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    han = ["本模板编写之初，可以找到的复旦大学论文模板有以下这些，", "以上模板大都没有经过系统的设计，也缺乏后续维护。",
           "相比之下，清华大学、北京大学等都有较为成熟的方案。", "考虑到开发与持续维护的需要，本模板使用新的语法编写。",
           "同时将构建一套简洁的接口，以方便用户使用。", "本文档不是一份零基础教程，建议先阅读有关入门文档。"]
    for k in range(3):
        page.insert_text((72, 100 + 16 * k), han[k], fontsize=10.5, fontname="china-s")
    page.insert_text((72, 170), "2.1", fontsize=11.6, fontname="china-s")  # tops 1.1 pt apart, as in fduthesis
    page.insert_text((102, 170), "获取宏包", fontsize=10.5, fontname="china-s")
    y = 196
    x = 72.0
    for text, font, size in (("执行", "china-s", 10.5), ("install-win.bat", "cour", 9.5), ("或", "china-s", 10.5),
                             ("install-linux.sh", "cour", 9.5), ("系统，所", "china-s", 10.5)):
        page.insert_text((x, y), text, fontsize=size, fontname=font)
        x += pymupdf.get_text_length(text, fontname=font, fontsize=size) if font == "cour" else size * len(text)
    page.insert_text((72, y + 16), "有需要的文件便会在文件夹中生成。", fontsize=10.5, fontname="china-s")
    for k in range(3):
        page.insert_text((72, 250 + 16 * k), han[3 + k], fontsize=10.5, fontname="china-s")
    text = cleaned_text(doc, tmp_path, "zh_sections")
    assert re.search(r"2\.1 ?获取宏包", text)  # the number beside its title, not a paragraph of its own
    assert "所有需要的文件" in text


def test_a_block_cut_apart_keeps_the_space_between_a_number_and_its_han_title() -> None:
    """Cutting a block into pieces joined each piece's lines anew without the space its pieces on one
    baseline had: fduthesis's '2.1 获取fduthesis' came out '2.1获取fduthesis' once cut from the line under it."""
    from pipeline.linefit import sub_block
    number = line(("2.1", 119, 136, NUM_FONT, 13.2), top=692.7)
    title = line(("获取", 149, 173, "SourceHanSerif-Bold", 12.0), ("fduthesis", 176, 224, "IBMPlexSansCond-Bold", 12.0),
                 top=694.0)
    (block,) = build_blocks([number, title], 0, BlockConfig())
    assert sub_block(block, [number, title], "x").text == "2.1 获取fduthesis"


def test_stacked_numbered_headings_are_one_block_each() -> None:
    """fduthesis p3: '2.1 获取fduthesis' (13.2/12 pt) over '2.1.1 标准安装' (11.6/10.5 pt), all bold: '2.1.1'
    joined the heading above (sizes 12 and 11.6 agree) and left '标准安装' a block of its own."""
    bold = "SourceHanSerif-Bold"
    lines = [line(("2.1", 119, 136, NUM_FONT, 13.2), top=692.7),
             line(("获取", 149, 173, bold, 12.0), ("fduthesis", 176, 224, "IBMPlexSansCond-Bold", 12.0), top=694.0),
             line(("2.1.1", 119, 142, NUM_FONT, 11.6), top=718.0), line(("标准安装", 154, 196, bold, 10.5), top=719.1),
             line(("如果没有特殊理由，始终建议使用宏包管理器安装。例如在发行版中，执行（可能需要管理员权限）", 112, 538,
                   HAN_FONT, 10.5), top=742)]
    assert [b.text for b in build_blocks(lines, 0, BlockConfig())][:2] == ["2.1 获取fduthesis", "2.1.1 标准安装"]


def test_a_text_dump_block_cut_apart_joins_its_lines_as_a_paragraph() -> None:
    """A dump's lines stand one point apart, all from x = 0: never pieces of one visual line, so Han
    lines cut from a block join as a paragraph's lines ('…建设名单1月获批成立', not '…建设名单 1月获批成立')."""
    from pipeline.linefit import sub_block
    from pipeline.types import Block

    lines = [Line((Span(t, (0, k, 0, k + 1), "", 0.0, 0),), (0, k, 0, k + 1))  # as textdump builds them
             for k, t in enumerate(("加快建设世界一流高水平研究型大学", "入选首批国家产业学院建设名单", "1月获批成立"))]
    block = Block("p0-b0", 0, (0, 0, 300, 2), "", tuple(lines), 0.0)
    assert sub_block(block, lines, "x").text == "加快建设世界一流高水平研究型大学入选首批国家产业学院建设名单1月获批成立"


def _manual_page(doc: pymupdf.Document, number: str, title: str, body: list[str], top: float) -> float:
    """A section as debian-edu-bullseye-manual sets it: the number in a bold Latin font, the title beside it in
    a Han font with no bold face, the paragraph one line lower; returns the next free baseline."""
    page = doc[-1]
    page.insert_text((57, top), number, fontsize=10, fontname="hebo")
    page.insert_text((95, top), title, fontsize=10, fontname="china-s")
    for k, text in enumerate(body):
        page.insert_text((57, top + 25 + 12 * k), text, fontsize=10, fontname="china-s")
    return top + 25 + 12 * len(body) + 20


def test_a_sentence_under_a_title_listed_in_the_contents_is_kept(tmp_path) -> None:
    """debian-edu-bullseye-manual p72: '17.1.3' (bold) and '增添LTSP chroot来支持32位的电脑客户端' (a Han font,
    no bold flag) came apart, the title ran into the one-line sentence under it, and dedup dropped the
    block as a near copy of the contents entry, losing '创建chroot和SquashFS映像，运行：'."""
    doc = pymupdf.open()
    toc = doc.new_page(width=595, height=842)
    toc.insert_text((57, 80), "目录", fontsize=16, fontname="china-s")
    entries = [("17.1.2", "使用不同的LTSP客户机网络", 64), ("17.1.3", "增添LTSP chroot来支持32位的电脑客户端", 65),
               ("17.1.4", "LTSP客户端配置", 65)]
    for k, (number, title, folio) in enumerate(entries):
        toc.insert_text((95, 120 + 14 * k), f"{number}{title}", fontsize=10, fontname="china-s")
        toc.insert_text((530, 120 + 14 * k), str(folio), fontsize=10, fontname="china-s")
    doc.new_page(width=595, height=842)
    top = _manual_page(doc, "17.1.2", "使用不同的LTSP客户机网络",
                       ["192.168.0.0/24是使用LTSP设定所安装机器的默认LTSP客户端网络。如果使用很多LTSP客户端，",
                        "还可以使用第二个预先配置的192.168.1.0/24网络。"], 100)
    top = _manual_page(doc, "17.1.3", "增添LTSP chroot来支持32位的电脑客户端", ["创建chroot和SquashFS映像，运行："], top)
    _manual_page(doc, "17.1.4", "LTSP客户端配置", ["运行man ltsp.conf来看看可用的配置选项，或在线阅读手册。"], top)
    text = cleaned_text(doc, tmp_path, "zh_manual")
    assert "创建chroot和SquashFS映像" in text
    assert "还可以使用第二个预先配置的" in text
    body = text[text.index("还可以使用第二个预先配置的"):]
    assert "\n创建chroot和SquashFS映像，运行：" in body and "客户端创建" not in body  # no title run into it
    assert "# 17.1.4 LTSP客户端配置" in body  # number and title one heading


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 60), st.integers(1, 30)), max_size=40))
def test_line_openers_match_their_definition(rows: list[tuple[int, int, int]]) -> None:
    """_line_openers finds, per line, the lines whose top lies within the tolerance by bisection;
    the result equals the definition checked against every other line."""
    from pipeline.blocks import _line_openers
    lines = []
    for top, x0, w in rows:
        box = (float(x0), float(top), float(x0 + w), float(top + 8))
        lines.append(Line((Span("x", box),), box))
    want = {k for k, a in enumerate(lines)
            if not any(j != k and abs(b.bbox[1] - a.bbox[1]) <= 3.0 and b.bbox[2] <= a.bbox[0] for j, b in enumerate(lines))}
    assert _line_openers(lines, 3.0) == want


def test_a_bold_chapter_number_joins_its_title_in_a_han_font_set_large() -> None:
    """texlive-zh-cn p3: the section '1  简介' set at 14.3 pt over 10 pt text, '1' in LMRoman12-Bold, 15 pt
    left of '简介' in SourceHanSansSC-Regular (no bold face). The number stayed a block of its own: it
    ended the previous chapter as an aside ('> 1') and the chapter opened at '简介'."""
    bold, han = "LMRoman12-Bold", "SourceHanSansSC-Regular"
    number = line(("1", 74, 82, bold, 14.3), top=455)
    title = line(("简介", 97, 126, han, 14.3), top=454)
    body = [line(("本文档描述TEX Live软件的主要功能和特性，TEX Live是TEX及其相关程序", 74, 521, han, 10.0), top=511 + 12 * k)
            for k in range(3)]
    assert [b.text for b in build_blocks([number, title, *body], 0, BlockConfig())][0] == "1 简介"
    # a contents page's chapter entry at the body's size: its bold number stays apart from its title
    entry = [line(("11", 74, 84, bold, 10.0), top=420), line(("维护", 89, 109, han, 10.0), top=420)]
    assert [b.text for b in build_blocks([*entry, *body], 0, BlockConfig())][:2] == ["11", "维护"]


def test_pieces_of_a_line_in_fonts_of_other_heights_are_one_visual_line() -> None:
    """debian-reference.ja's contents: '1.3.1' (Liberation Serif, top 83) and 'MC のカスタム化' (the
    Japanese font's box stands 2 pt taller, top 81) and '17' share a baseline; their tops differ by
    more than SAME_LINE, so each piece was a visual line of its own and a block of its own. Pieces
    side by side with their bottoms level are one visual line; a superscript (bottom raised too) and
    the line under are not."""
    from pipeline.linefit import visual_lines
    from pipeline.types import Block

    def line(text: str, box: tuple[float, float, float, float]) -> Line:
        return Line((Span(text, box, "Serif", 10.0),), box)
    pieces = (line("1.3.1", (95, 83, 114, 92)), line("MC のカスタム化. . . . . . .", (126, 81, 547, 92)),
              line("17", (557, 83, 567, 92)), line("1.3.2", (95, 101, 114, 110)),
              line("MC の始動. . . . . . .", (126, 99, 547, 110)), line("2", (548, 97, 552, 104)))
    block = Block("p0-b0", 0, (95, 81, 567, 110), "", pieces, 10.0)
    assert [[ln.text for ln in row] for row in visual_lines(block)] == [
        ["1.3.1", "MC のカスタム化. . . . . . .", "17"], ["1.3.2", "MC の始動. . . . . . ."], ["2"]]


def test_a_contents_page_setting_its_section_numbers_in_a_column_left_of_the_titles(tmp_path) -> None:
    """debian-reference.ja: the contents set each section number in a column of its own left of its
    title, the title in a Japanese font whose box stands higher than the Latin font's; every row was
    cut into three blocks (number, title, page number), the numbers read as a column beside the
    titles (tables of numbers, side columns), and most of the contents stayed as a front-matter
    chapter of contents lines, the entries without their numbers. Each row is one line: number,
    title and page number; the contents are recognised and go with their numbers."""
    import json

    sections = ["コンソールの基礎", "ファイルシステム", "ミッドナイトコマンダー", "基本の作業環境"]
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((57, 90), "Contents", fontsize=20)
    y, folio = 130.0, 1
    for c in range(3):
        page.insert_text((57, y), str(c + 1), fontsize=10, fontname="helv")
        page.insert_text((72, y + 1), f"第{c + 1}部の概要", fontsize=10, fontname="japan")
        page.insert_text((557, y), str(folio), fontsize=10, fontname="helv")
        y += 22
        for s, sec in enumerate(sections, start=1):
            for k in range(3):
                num, x = (f"{c + 1}.{s}", 72) if k == 0 else (f"{c + 1}.{s}.{k}", 95)
                name = sec if k == 0 else f"{sec}の詳細{k}"
                end = x + 31 + 10 * len(name) + 8
                page.insert_text((x, y), num, fontsize=10, fontname="helv")  # the number column
                page.insert_text((x + 31, y + 1), name, fontsize=10, fontname="japan")  # its box 1.8 pt lower at top
                page.insert_text((end, y), ". " * int((540 - end) / 5.6), fontsize=10, fontname="helv")
                page.insert_text((557, y), str(folio), fontsize=10, fontname="helv")
                folio += k % 2
                y += 18
    for c in range(3):
        _body_page(doc, f"第{c + 1}部の概要", 20, f"第{c + 1}部について説明します。これは本文の章です。")
    text = cleaned_text(doc, tmp_path, "contents")
    assert ". . ." not in text and "の詳細" not in text and "\n> " not in text, text[:800]
    removed = [json.loads(r) for r in (tmp_path / "out" / "contents" / "removed.jsonl").read_text("utf-8").splitlines()]
    entries = [r["text"] for r in removed if r["reason"] == "toc"]
    assert "1.2.1 ファイルシステムの詳細1 . 2" in entries, entries


def test_a_dot_leader_in_another_colour_stays_with_its_entry() -> None:
    """debian-reference.ja p. xiii: '10.1共有とコピーとアーカイブ' is a link (blue), its dot leader and
    page number black on its baseline; the colour change set the leader apart as a block of its own,
    and the XY-cut read the titles as a narrow column beside a column of leaders: a side column, so
    the entries became asides of the front matter. A dot leader continues the entry on its left
    whatever its colour or weight; a blue heading over a black line under it still stands apart."""
    blue, black = 0x0000FF, 0
    title = Line((Span("10.1共有とコピーとアーカイブ", (71.6, 412.6, 214.1, 423.3), "VL-PGothic-Regular", 10.0, 0, blue),),
                 (71.6, 412.6, 214.1, 423.3))
    leader = Line((Span(". . . . . . . . . . . . . . . . . . . . 186", (223.6, 414.3, 566.9, 423.3), "LiberationSerif",
                        10.0, 0, black),), (223.6, 414.3, 566.9, 423.3))
    assert [b.text for b in build_blocks([title, leader], 0, BlockConfig())] == [
        "10.1共有とコピーとアーカイブ. . . . . . . . . . . . . . . . . . . . 186"]
    head = Line((Span("共有とコピー", (72, 400, 132, 412), "VL-PGothic-Regular", 10.0, 0, blue),), (72, 400, 132, 412))
    text = Line((Span("ファイルを共有します。", (72, 414, 182, 426), "VL-PGothic-Regular", 10.0, 0, black),),
                (72, 414, 182, 426))
    assert len(build_blocks([head, text], 0, BlockConfig())) == 2


def test_a_contents_page_with_linked_titles_and_black_leaders(tmp_path) -> None:
    """debian-reference.ja: contents rows whose number and title are a (blue) link and whose leader
    and page number are black are recognised as contents, not set apart as a side column."""
    import json

    names = ["共有とコピーとアーカイブ", "アーカイブと圧縮ツール", "コピーと同期ツール", "アーカイブの慣用句",
             "コピーの慣用句", "ファイル選択の慣用句", "アーカイブメディア", "バックアップと復元"]
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((57, 90), "Contents", fontsize=20)
    for k, name in enumerate(names):
        y, num = 130 + 18 * k, f"10.{k // 4 + 1}.{k % 4 + 1}"
        page.insert_text((72, y), num, fontsize=10, fontname="helv", color=(0, 0, 1))
        page.insert_text((104, y), name, fontsize=10, fontname="japan", color=(0, 0, 1))
        page.insert_text((104 + 10 * len(name) + 10, y), ". " * int((540 - 114 - 10 * len(name)) / 5.6), fontsize=10,
                         fontname="helv")
        page.insert_text((552, y), str(186 + k), fontsize=10, fontname="helv")
    for c in range(2):
        _body_page(doc, f"10.{c + 1} {names[4 * c]}", 18, f"{names[4 * c]}について説明します。これは本文です。")
    text = cleaned_text(doc, tmp_path, "linked")
    assert ". . ." not in text and "\n> " not in text and "アーカイブメディア" not in text, text[:600]
    removed = [json.loads(r) for r in (tmp_path / "out" / "linked" / "removed.jsonl").read_text("utf-8").splitlines()]
    assert not [r for r in removed if r["reason"] == "aside"]


def _body_page(doc: pymupdf.Document, title: str, size: float, sentence: str) -> None:
    """A Japanese body page: ``title`` at ``size`` over twelve numbered lines ending in ``sentence``."""
    page = doc.new_page(width=595, height=842)
    page.insert_text((57, 100), title, fontsize=size, fontname="japan")
    for k in range(12):
        page.insert_text((57, 140 + 16 * k), f"本文の{k + 1}行目です。{sentence}", fontsize=10, fontname="japan")
