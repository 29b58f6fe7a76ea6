"""Paragraphs (pipeline.paragraphs) and line geometry (pipeline.linefit): joined, split, listed."""

from __future__ import annotations

import pytest

from pipeline.linefit import broken, ends_broken, split_columns
from pipeline.paragraphs import continues, merge_paragraphs, split_list_items, split_paragraphs
from pipeline.types import BODY, HEADING, TABLE, Block, Line, Span

from .helpers import block, document, page

CHAR = 10.0  # width of one character here: 10 pt type, monospaced for simplicity


def para(rows: list[tuple[str, float]], n: int = 0, top: float = 100.0, pitches: list[float] | None = None,
         page_no: int = 0, kind: str = BODY) -> Block:
    """A block of lines ``(text, x0)``, each ``len(text)`` characters of ``CHAR`` points wide."""
    lines, y = [], top
    for k, (text, x0) in enumerate(rows):
        box = (x0, y, x0 + CHAR * len(text), y + 10)
        lines.append(Line((Span(text, box, "Helvetica", 10.0),), box))
        y += (pitches[k] if pitches and k < len(pitches) else 14.0)
    bbox = (min(ln.bbox[0] for ln in lines), top, max(ln.bbox[2] for ln in lines), lines[-1].bbox[3])
    return Block(f"p{page_no}-b{n}", page_no, bbox, "".join(t for t, _ in rows), tuple(lines), 10.0, kind=kind)


# --- line ends --------------------------------------------------------------------


@pytest.mark.parametrize(("right", "word", "is_broken"), [(200, 30, True), (300, 30, False), (195, 5, True), (215, 5, False)])
def test_broken_when_the_next_word_would_not_fit(right: float, word: float, is_broken: bool) -> None:
    assert broken((0, 0, 190, 10), right, word, 10.0) is is_broken


def test_ends_broken_cases() -> None:
    full = para([("上海科技创新中心建设取得", 0), ("新进展明显上海科技创新中", 0)])
    short = para([("上海科技创新中心建设取得", 0), ("新进展。", 0)])
    nxt = para([("心建设取得新进展加快推进", 300), ("科技创新", 300)], n=1)
    assert ends_broken(full, nxt) is True and ends_broken(short, nxt) is False
    one, other = para([("一行", 0)]), para([("另一行", 8)], n=1)
    assert ends_broken(one, other) is None  # two one-line blocks, neither flush with the other: no measure
    flush = para([("另一行还有字", 0)], n=1)
    assert ends_broken(one, flush) is False  # flush left both: the longer line is the measure


def test_centred_lines_give_no_measure() -> None:
    """Alphabet's graph caption: three centred lines, the widest last, read as a paragraph broken
    by its measure, so the legend's "Alphabet Inc." under the plot carried on its sentence.  Lines
    centred on one axis with ragged edges show no measure; a justified or left-set block still does."""
    caption = para([("ALPHABET INC. CLASS A", 140), ("Among Alphabet Inc., the S&P", 100),
                    ("the NASDAQ Composite Index and the Index", 40)])
    legend = para([("Alphabet Inc.", 40)], n=1, top=300)
    assert ends_broken(caption, legend) is None and not continues(caption, legend)
    body = para([("Revenue grew in every region of", 0), ("the group and the margin improved", 0)])
    assert ends_broken(body, para([("segments and markets alike.", 0)], n=1, top=130)) is True


def test_an_indented_first_line_reaching_the_right_edge_is_broken() -> None:
    """szenergy: a paragraph's indented first line ends a page, its second line starts the next one."""
    first = para([("专项课题研究方面共有项课题提交了报告，", 20)], page_no=5)  # indented two characters
    second = para([("其中一级课题项二级课题项内容涉及管理提升、", 0)], n=1, page_no=6)
    assert ends_broken(first, second) is True
    assert continues(first, second)
    short = para([("专项课题研究方面。", 20)], page_no=5)
    assert ends_broken(short, second) is None  # indented but far from the right edge: no measure
    deep = para([("共有项课题提交了报告，", 120)], page_no=5)  # indented far more than a first line
    assert ends_broken(deep, second) is None


# --- joining ----------------------------------------------------------------------------


def _sized(b: Block, size: float) -> Block:
    """``b`` set in ``size`` points (its spans and the block)."""
    from dataclasses import replace
    lines = tuple(Line(tuple(replace(sp, size=size) for sp in ln.spans), ln.bbox) for ln in b.lines)
    return replace(b, lines=lines, size=size)


def test_text_in_another_type_size_carries_on_no_sentence() -> None:
    """Alphabet's stock graph: a centred caption in 7.8 pt ("… and the RDG Internet Composite
    Index", its widest line last) was joined to the x-axis dates in 7.1 pt 180 points below and the
    legend, in one paragraph.  A sentence goes on in its own type size; the same size still joins."""
    caption = _sized(para([("ALPHABET INC. CLASS A", 40), ("Among Alphabet Inc., the S&P", 20),
                           ("the NASDAQ Composite Index and the Index", 0)]), 7.8)
    dates = _sized(para([("12/17 3/18 6/18 9/18 12/18 3/19 6/19", 0)], n=1, top=300), 7.1)
    assert not continues(caption, dates)
    body = para([("Revenue grew in every region of the group and", 0), ("the margin improved in each of the", 0)])
    after_figure = para([("segments, as the table below shows.", 0)], n=1, top=300)
    assert continues(body, after_figure)
    assert continues(_sized(body, 9.0), _sized(after_figure, 9.2))  # within blocks.SIZE_CHANGE


@pytest.mark.parametrize(("first", "second", "joined"), [
    ([("上海科技创新中心建设取得", 0), ("新进展明显上海科技创新中", 0)], [("心建设。", 300)], True),
    ([("上海科技创新中心建设取得", 0), ("新进展明显", 0)], [("上海科技创新中心建设取得", 300), ("新。", 300)], False),
    ([("The group recorded strong", 0), ("growth in all of its many", 0)], [("markets.", 300)], True),
    ([("The group recorded strong", 0), ("growth in Canada", 0)], [("Europe grew.", 300), ("More.", 300)], False),
    ([("The group recorded strong", 0), ("growth in all of its main", 0)], [("Europe grew a lot.", 300),
                                                                              ("And more of it.", 300)], True),
    ([("It grew.", 0)], [("Next one.", 0)], False),
    ([("The steps are as follows", 0)], [("1. Plan", 0)], False),
    ([("b) engines driving electric", 0)], [("c)engines driving pumps", 0)], False),
    # a column broken before an amount: "99.9 per cent" is a number going on, not an item "99."
    ([("with picking accuracy above", 0), ("the target set in spring at", 0)], [("99.9 per cent and a third", 300),
                                                                                ("fewer touches per order.", 300)], True),
    ([("with a gross margin up by", 0), ("three points, to stand at", 0)], [("31.5% of group revenue,", 300),
                                                                              ("the highest for years.", 300)], True),
    ([("The review covered these", 0), ("parts of the group in turn", 0)], [("2.1 Scope of the review", 300),
                                                                              ("Every region took part.", 300)], False),
    # an amount alone is a table's cell, not a sentence going on (test_4017's coupon column)
    ([("The coupon rates of notes", 0), ("issued over the year were", 0)], [("6.82458%", 300)], False),
])
def test_continues(first: list[tuple[str, float]], second: list[tuple[str, float]], joined: bool) -> None:
    assert continues(para(first), para(second, n=1, top=400)) is joined


def test_headings_and_tables_never_join() -> None:
    text = para([("growth was", 0)])
    assert not continues(text, para([("strong.", 0)], n=1, kind=HEADING))
    assert not continues(para([("growth was", 0)], kind=TABLE), para([("strong.", 0)], n=1))


def test_merge_across_pages_keeps_asides_and_tables_after_the_paragraph() -> None:
    p0 = page(0, [block("上海科技创新中心建", (50, 700, 550, 760), 0, 0)])
    p1 = page(1, [block("一张表 | 2022", (50, 40, 550, 50), 1, 0, kind=TABLE),
                  block("设取得新进展。", (50, 60, 550, 80), 1, 1), block("新的段落。", (50, 100, 550, 120), 1, 2)])
    out = merge_paragraphs(document([p0, p1]))
    assert [b.text for p in out.pages for b in p.blocks] == ["上海科技创新中心建设取得新进展。", "一张表 | 2022", "新的段落。"]
    assert [b.order for p in out.pages for b in p.blocks] == [0, 1, 2]


def test_an_ocr_layer_joins_across_the_sizes_it_guessed() -> None:
    """pikepdf's sandwich.pdf: a scan's invisible OCR layer sizes each line by its own guess
    (7.5 to 13 pt), so the same-size rule cut its paragraphs line by line.  Invisible text
    (alpha 0) has no trusted size: the rule leaves it alone."""
    from dataclasses import replace

    def invisible(b: Block) -> Block:
        return replace(b, lines=tuple(Line(tuple(replace(sp, alpha=0) for sp in ln.spans), ln.bbox) for ln in b.lines))

    first = _sized(para([("then play your MIDI keyboard in time to the", 0)]), 8.0)
    second = _sized(para([("click track. When the sequence loops back around.", 0)], n=1, top=114), 9.2)
    assert not continues(first, second)
    assert continues(invisible(first), invisible(second))


def test_a_drop_cap_starts_its_paragraph() -> None:
    """A chairman's letter opening with a drop cap: a 44 pt "T" beside the first lines of "he year
    under review …" came out as a paragraph "T" of its own (and, joined, would read "T he").  A
    single capital in display type level with the top of the paragraph beside it, which goes on
    in lower case, is that paragraph's first letter."""
    cap = block("T", (72, 100, 96, 140), 0, 0, size=44.0)
    text = block("he year under review was one of solid progress for the group.", (102, 102, 550, 140), 0, 1)
    out = merge_paragraphs(document([page(0, [cap, text])]))
    assert [b.text for b in out.blocks()] == ["The year under review was one of solid progress for the group."]
    low = block("T", (72, 300, 96, 340), 0, 0, size=44.0)  # far below the paragraph: no drop cap
    out = merge_paragraphs(document([page(0, [low, text])]))
    assert [b.text for b in out.blocks()][0] == "T"


def test_a_footnote_waits_for_the_paragraph_it_interrupts() -> None:
    """IMF WEO page 10: "… through price" ends a column, the footnote "1 See “Geo-Economic …”" sits
    at the page's foot in smaller type, and "controls. The temporary …" goes on overleaf; the
    footnote stood inside the sentence.  A small-type note at a page's foot met while a paragraph
    is open waits, like an aside, and follows the joined paragraph."""
    p0 = page(0, [block("to headline inflation through price", (50, 640, 550, 700), 0, 0),
                  block("1 See “Geo-Economic Fragmentation,” IMF Staff Discussion Note.", (50, 740, 550, 750), 0, 1,
                        size=7.0)])
    p1 = page(1, [block("controls. The measures are costly.", (50, 60, 550, 80), 1, 0),
                  block("New paragraph.", (50, 100, 550, 120), 1, 1)])
    out = merge_paragraphs(document([p0, p1]))
    assert [b.text for p in out.pages for b in p.blocks] == [
        "to headline inflation through price controls. The measures are costly.",
        "1 See “Geo-Economic Fragmentation,” IMF Staff Discussion Note.", "New paragraph."]
    # a small-type block that is no note, or stands mid-page, keeps its place
    for text, top in [("See the note below.", 740), ("1 See the chart.", 300)]:
        q0 = page(0, [block("to headline inflation through price", (50, 240, 550, 290), 0, 0),
                      block(text, (50, top, 550, top + 10), 0, 1, size=7.0)])
        out = merge_paragraphs(document([q0, p1]))
        assert [b.text for p in out.pages for b in p.blocks][1] == text


# --- splitting ---------------------------------------------------------------------------


def test_split_after_a_short_sentence_end_an_indent_or_extra_space() -> None:
    short = para([("Growth was strong in all of", 0), ("the regions.", 0), ("Costs fell in every market", 0)])
    assert [b.text for b in split_paragraphs(short)] == ["Growth was strong in all of the regions.",
                                                          "Costs fell in every market"]
    indent = para([("上海科技创新中心建设取得新", 0), ("进展加快推进建设取得新进。", 0), ("上海科技创新中心建设", 20)])
    assert len(split_paragraphs(indent)) == 2
    spaced = para([("The group recorded strong", 0), ("growth in all its markets.", 0), ("New paragraph starts", 0)],
                  pitches=[14.0, 22.0])
    assert [b.id for b in split_paragraphs(spaced)] == ["p0-b0", "p0-b0-p1"]
    same = para([("The group recorded strong", 0), ("growth in all its markets.", 0), ("New paragraph starts", 0)])
    assert len(split_paragraphs(same)) == 1  # a full line ending a sentence, no indent, no space: one paragraph


def test_a_cjk_line_ended_with_room_left_ends_its_paragraph() -> None:
    """NEE page 7: a checkbox line and a numbered head over their paragraph, one block, read as
    "√适用□不适用（一）新增发行H股新增发行H股股票方案…"."""
    full = ["新增发行H股股票方案已经公司第二次临时股东大会", "审议通过，尚须按照有关程序向境内、境外的监管部"]
    assert len(full[0]) == len(full[1])
    block = para([("√适用□不适用", 0), ("（一）新增发行H股", 10), (full[0], 10), (full[1], 10), ("门申请核准后实施。", 10)])
    assert [b.text for b in split_paragraphs(block)] == [
        "√适用□不适用", "（一）新增发行H股", full[0] + full[1] + "门申请核准后实施。"]
    latin = para([("The Group recorded", 0), ("InternationalBusinessMachinesCorporation", 0)])
    assert len(split_paragraphs(latin)) == 1  # a Latin line ended early: the next word did not fit, or a title


def test_list_items_split_and_bullets_written() -> None:
    bullets = para([("\uf0b7Global growth is projected", 90), ("to fall.", 100), ("\uf0b7Risks remain tilted", 90)])
    assert [b.text for b in split_list_items(bullets)] == ["• Global growth is projected to fall.", "• Risks remain tilted"]
    lettered = para([("to the Society’s Surveyors:", 31), ("a) main propulsion engines", 31),
                     ("b)engines driving electric", 31), ("generators", 45)])
    assert [b.text for b in split_list_items(lettered)] == [
        "to the Society’s Surveyors:", "a) main propulsion engines", "b)engines driving electric generators"]
    sentence = para([("the value rose by", 0), ("2. This was new.", 0)])
    assert len(split_list_items(sentence)) == 1  # "2." after an open line is no item
    amounts = para([("• Part loads on the propeller curve (i.e.", 0), ("90.8%, 79.3% and 62.9% speed)", 0)])
    assert len(split_list_items(amounts)) == 1  # "90." after "i.e." is an amount going on, no item (bureau veritas)


def test_a_block_running_into_another_column_is_split() -> None:
    mixed = para([("left column line one", 50), ("left column line two", 50), ("right column top", 310)])
    assert [b.id for b in split_columns(mixed)] == ["p0-b0", "p0-b0-c1"]
    assert split_columns(para([("one column", 50), ("still one", 50)])) == [para([("one column", 50), ("still one", 50)])]


def test_a_title_broken_over_two_short_lines_stays_one_block() -> None:
    title = para([("强化战略科技力量", 0), ("支撑高水平科技自立自强", 0)])
    assert len(split_paragraphs(title)) == 1


def test_a_line_set_right_just_below_is_no_continuation() -> None:
    """NEE page 9: "编制单位：东北电气发展股份有限公司" and, just below and right of its end, the date and
    unit "2018 年03 月31 日单位：元": two one-line blocks, read as one sentence."""
    unit = Block("p8-b5", 8, (57, 191, 210, 200), "编制单位：东北电气发展股份有限公司",
                 (Line((Span("编制单位：东北电气发展股份有限公司", (57, 191, 210, 200), "SimSun", 9.0),), (57, 191, 210, 200)),), 9.0)
    date = Block("p8-b6", 8, (260, 207, 538, 218), "2018 年03 月31 日单位：元",
                 (Line((Span("2018 年03 月31 日单位：元", (260, 207, 538, 218), "SimSun", 9.0),), (260, 207, 538, 218)),), 9.0)
    assert not continues(unit, date)
    top_right = Block("p8-b7", 8, (310, 80, 540, 91), "续前一栏的句子。",
                      (Line((Span("续前一栏的句子。", (310, 80, 540, 91), "SimSun", 9.0),), (310, 80, 540, 91)),), 9.0)
    assert continues(unit, top_right)  # the next column's top: a sentence may go on there


def test_a_short_line_over_a_longer_one_at_the_same_left_edge_ended() -> None:
    """NEE: "□适用√不适用" over "公司报告期不存在证券投资。", two one-line blocks flush left: the
    answer's first word would have fitted after the checkbox, so the checkbox line ended."""
    def one(text: str, box: tuple[float, float, float, float], n: int) -> Block:
        return Block(f"p4-b{n}", 4, box, text, (Line((Span(text, box, "SimSun", 9.0),), box),), 9.0)
    box = one("□适用√不适用", (57, 392, 126, 403), 1)
    answer = one("公司报告期不存在证券投资。", (57, 410, 174, 421), 2)
    assert not continues(box, answer)
    full = one("上海科技创新中心建设取得新进展", (57, 392, 192, 403), 3)
    assert continues(full, one("明显。", (57, 410, 84, 421), 4))  # a full line over a short last one


def test_a_caption_or_note_starts_its_own_paragraph() -> None:
    """Bureau Veritas: "Table 6 : …" ending a page glued to "Table 7 : …" on the next; the footnote
    "(2) For engines … of more than 300 mm" ran into "Note 1: The safety and alarm systems …"."""
    six = para([("Table 6 : Monitoring of trunk-piston diesel engines", 0)])
    seven = para([("Table 7 : Monitoring of emergency engines", 30)], n=1, page_no=1, top=80)
    assert not continues(six, seven, same_page=False)
    note = para([("(2) For engines having a power of more than 2250kW or", 0), ("a cylinder bore of more than 300 mm", 0),
                 ("Note 1: The safety and alarm systems are to be", 0), ("designed to fail safe.", 0)])
    assert [b.text.split(" ")[0] for b in split_paragraphs(note)] == ["(2)", "Note"]


def _lines_as_blocks(paragraphs: list[str], page_no: int = 0, top: float = 100.0,
                     start: int = 0) -> list[Block]:
    """Paragraphs set 20 characters to the line, first lines indented two characters, every
    line its own block (a Word file set double-spaced: the extractor sees no line pitch)."""
    blocks: list[Block] = []
    y = top
    for text in paragraphs:
        rest, first = text, True
        while rest:
            width = 18 if first else 20
            line, rest = rest[:width], rest[width:]
            blocks.append(para([(line, 20.0 if first else 0.0)], n=start + len(blocks), top=y, page_no=page_no))
            y += 28.0
            first = False
    return blocks


def test_single_line_blocks_of_an_indented_document_join_after_a_full_line_sentence_end() -> None:
    """szenergy: each line of its double-spaced Word pages is a block, paragraphs start indented
    two characters.  "…扛在肩上。" fills the last line of page 9, and page 10 goes on flush left
    ("持续推行企业…"); "…重实效；" fills a line and "公司领导靠前指挥…" goes on flush left below:
    both were cut into two paragraphs, since the document's indents were judged only on
    multi-line blocks and a one-line block was never "flush".  A one-line block starting where the
    open paragraph's lines start carries it on; one starting indented begins a new paragraph."""
    cont = "一是认真及时贯彻落实上级各项安全部署和要求时刻把安全责任放在心上、抓在肩上。"  # 38: ends a full line
    assert len(cont) == 38
    p0 = ["二是隐患排查常态化制度化建立安全风险分级管理和隐患排查治理预防机制注重实效；公司领导靠前指挥深入一线。",
          "三是加强应急演练和应急管理公司及所属各企业根据自身特点和实际情况广泛开展演练。",
          "四是创新安全管理模式公司及所属企业不断创新安全管理模式和方法。",
          "五是开展应急演练完善应急管理公司及所属企业根据行业特点广泛开展演练。",
          "六是多元安全宣传形式公司通过公告网站杂志等方式宣传安全知识。",
          cont]
    assert p0[0].index("；") == 37  # "；" ends the paragraph's second line, which is full
    blocks0 = _lines_as_blocks(p0, page_no=0)
    blocks1 = _lines_as_blocks(["持续推行企业安全责任网格化管理，责任体系贯穿全过程。",
                                "七是新的段落从缩进的首行开始并且写满了一整行的文字。"], page_no=1, top=60.0)
    blocks1[0] = para([(blocks1[0].text, 0.0)], n=0, top=60.0, page_no=1)  # page 10 goes on flush left
    out = merge_paragraphs(document([page(0, blocks0), page(1, blocks1)]))
    texts = [b.text for p in out.pages for b in p.blocks]
    assert texts == p0[:5] + [cont + "持续推行企业安全责任网格化管理，责任体系贯穿全过程。",
                              "七是新的段落从缩进的首行开始并且写满了一整行的文字。"]


def test_a_unit_label_joins_no_sentence() -> None:
    """NEE page 3: "单位：元", set right above a table, ran into the paragraph after the table
    ("单位：元对公司根据…"); page 12: a signature line ran into the unit under it."""
    def one(text: str, box: tuple[float, float, float, float], n: int) -> Block:
        return Block(f"p2-b{n}", 2, box, text, (Line((Span(text, box, "SimSun", 9.0),), box),), 9.0)
    unit = one("单位：元", (503, 515, 539, 524), 1)
    assert not continues(unit, one("对公司根据《公开发行证券的公司信息披露解释性公告第1 号——", (57, 621, 539, 632), 2))
    assert not continues(one("会计机构负责人：钱扣明", (435, 262, 539, 271), 3), one("单位：元 币种：人民币", (470, 273, 539, 282), 4))
    assert not continues(one("Unit: RMB'000", (480, 273, 539, 282), 5), one("revenue grew in every segment", (57, 290, 539, 300), 6))
    sentence = one("单位：元的报表项目按历史成本计量，期末", (57, 300, 539, 310), 7)
    assert continues(sentence, one("余额按公允价值计量。", (57, 314, 147, 324), 8))  # a unit opening a sentence


def test_a_section_numbered_title_line_does_not_run_into_the_line_under_it() -> None:
    """debian-edu-bullseye-manual p72: '17.1.3 增添LTSP chroot来支持32位的电脑客户端' (no heading: '32位' reads
    as a figure) over the one-line sentence '创建chroot和SquashFS映像，运行：', both flush left, the title the
    wider: read as a line broken by the measure, the title ran into the sentence."""
    title = block("17.1.3 增添LTSP chroot来支持32位的电脑客户端", (57, 303, 298, 314), n=0)
    sentence = block("创建chroot和SquashFS映像，运行：", (57, 328, 227, 338), n=1)
    assert not continues(title, sentence)
    clause = block("3.1 本公司的主营业务为研发、生产和销售新型储能设备及相关配套产品并提供", (57, 700, 567, 711), n=0)
    nxt = block("技术服务。", (57, 80, 107, 91), page=1, n=1)
    assert continues(clause, nxt)  # a numbered clause going on across the page break
    column = block("技术服务。", (310, 80, 360, 91), n=1)
    assert continues(clause, column)  # and into the next column
