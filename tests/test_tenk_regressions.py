"""Regressions found by running a real annual report on Form 10-K (sycamore's NVDA_10k_2025.pdf,
printed from the SEC's HTML) through the pipeline.

Each test builds its PDF with PyMuPDF (deterministic code, no binary committed) reproducing the
one feature of the real file that broke, and is named after the bug.
"""

from __future__ import annotations

import json
from dataclasses import replace
import textwrap
from pathlib import Path

import pymupdf

from pipeline.config import Config
from pipeline.runner import run_document
from pipeline.types import BODY, HEADING, Block, Line, Span

from .helpers import chapters_text, save_pdf, word_sentence

WORDS = ["revenue", "customer", "platform", "supply", "demand", "product", "market", "data",
         "center", "gaming", "software", "system", "capacity", "growth", "period", "fiscal"]
LONG_TITLE = "Market for Registrant's Common Equity, Related Stockholder Matters and Issuer Purchases of Equity Securities"
PARTS = {  # part -> its items (number, title), as a 10-K lists them
    "Part I": [("1.", "Business"), ("1A.", "Risk Factors"), ("2.", "Properties")],
    "Part II": [("5.", LONG_TITLE), ("7.", "Management's Discussion and Analysis"), ("8.", "Financial Statements")],
    "Part III": [("10.", "Directors and Corporate Governance"), ("11.", "Executive Compensation")],
    "Part IV": [("15.", "Exhibits and Financial Statement Schedules"), ("16.", "Form 10-K Summary")],
}


def _sentence(n: int, words: int = 16) -> str:
    return word_sentence(WORDS, n, words)


def _run(doc: pymupdf.Document, tmp_path: Path, name: str) -> tuple[str, list[dict]]:
    """``doc`` saved and cleaned with the default settings: its chapters' text and manifest chapters."""
    pdf = save_pdf(doc, tmp_path / f"{name}.pdf")
    assert run_document(pdf, name, tmp_path / "out", Config())["status"] == "ok"
    manifest = json.loads((tmp_path / "out" / name / "manifest.json").read_text(encoding="utf-8"))
    return chapters_text(tmp_path / "out", name), manifest["chapters"]


def _contents_page(doc: pymupdf.Document) -> None:
    """A 10-K's contents page: a three-column table (Item | title | page) under a two-line title, the
    parts bold in the title column without a page number, a blank row before some of them."""
    page = doc.new_page(width=612, height=792)
    page.insert_text((18, 30), "Table of Contents", fontsize=7.2)
    page.insert_text((268, 60), "ACME Corporation", fontsize=8.1, fontname="hebo")
    page.insert_text((272, 69.5), "Table of Contents", fontsize=8.1, fontname="hebo")
    page.insert_text((557, 82), "Page", fontsize=8.1, fontname="hebo")
    y, folio = 93.0, 4
    for k, (part, items) in enumerate(PARTS.items()):
        y += 10.8 if k % 2 == 0 else 0  # a blank row
        page.insert_text((89.5, y), part, fontsize=8.1, fontname="hebo")
        y += 10.8
        for number, title in items:
            page.insert_text((22, y), f"Item {number}", fontsize=8.1)
            page.insert_text((89.5, y), title, fontsize=8.1)
            label = str(folio)
            page.insert_text((590 - pymupdf.get_text_length(label, fontsize=8.1), y), label, fontsize=8.1)
            y += 10.8
            folio += 1
    page.insert_text((304, y + 22), "2", fontsize=8.1)


def _body_pages(doc: pymupdf.Document) -> list[str]:
    """A page per item, a part's heading over its first item's; 9 pt bold headings over an 8.1 pt
    body, the page number right under the last line.  Returns the paragraphs."""
    paragraphs, n = [], 0
    for part, items in PARTS.items():
        for k, (number, title) in enumerate(items):
            page = doc.new_page(width=612, height=792)
            page.insert_text((18, 30), "Table of Contents", fontsize=7.2)
            y = 69.0
            if k == 0:
                page.insert_text((18, y), part, fontsize=9, fontname="hebo")
                y += 19
            page.insert_text((18, y), f"Item {number} {title}", fontsize=9, fontname="hebo")
            y += 19
            for j in range(2 + n % 2):
                text = " ".join(_sentence(10 * n + 3 * j + i) for i in range(3))
                paragraphs.append(text)
                for line in textwrap.wrap(text, 120):
                    page.insert_text((18, y), line, fontsize=8.1)
                    y += 9.5
                y += 9
            page.insert_text((304, y + 22), str(n + 3), fontsize=8.1)
            n += 1
    return paragraphs


def test_a_ten_k_whose_contents_page_is_a_table_has_its_items_for_chapters(tmp_path):
    """NVDA_10k_2025.pdf has no outline; its contents page is a three-column table (Item | title |
    page) titled 'NVIDIA Corporation / Table of Contents' on two lines, its parts bold rows without
    page numbers.  The table was read in pieces (cut at its blank rows, its titles over 80
    characters left out of it), the TOC was not found, and the contents page's part rows made the
    chapters: 'Part I' held 207 characters and 'Part IV' ran from the contents page to page 48.
    Then the parts made the chapters (163k characters in 'Part I'); a part is only a label over its
    first item (no text of its own), so the items are the chapters, the part named in the first."""
    doc = pymupdf.open()
    cover = doc.new_page(width=612, height=792)
    cover.insert_text((242, 270), "FORM 10-K", fontsize=24, fontname="hebo")
    _contents_page(doc)
    paragraphs = _body_pages(doc)
    text, chapters = _run(doc, tmp_path, "tenk")
    titles = [c["title"] for c in chapters]
    expected = [f"{part} Item {number} {title}" if k == 0 else f"Item {number} {title}"
                for part, items in PARTS.items() for k, (number, title) in enumerate(items)]
    assert titles[-len(expected):] == expected, titles
    flat = " ".join(text.split())
    for paragraph in paragraphs:
        assert paragraph in flat
    for chapter in chapters[-len(expected):]:
        body = (tmp_path / "out" / "tenk" / chapter["file"]).read_text(encoding="utf-8")
        assert body.count("\n## ") == 0 and len(body) > 300, chapter["title"]


def _part_pages(doc: pymupdf.Document, intro: set[str]) -> None:
    """Three parts, each a 14 pt bold heading over two 11 pt bold numbered sections with text of their
    own; those in ``intro`` with a paragraph before their first section."""
    n = 0
    for part, sections in (("Part I", ["Item 1. Business", "Item 2. Properties"]),
                           ("Part II", ["Item 5. Market", "Item 7. Discussion"]),
                           ("Part III", ["Item 10. Directors", "Item 11. Compensation"])):
        page = doc.new_page(width=612, height=792)
        page.insert_text((72, 80), part, fontsize=14, fontname="hebo")
        y = 110.0
        if part in intro:
            for line in textwrap.wrap(" ".join(_sentence(100 + n + i) for i in range(3)), 95):
                page.insert_text((72, y), line, fontsize=10)
                y += 13
            y += 12
        for title in sections:
            page.insert_text((72, y), title, fontsize=11, fontname="hebo")
            y += 20
            for line in textwrap.wrap(" ".join(_sentence(n + i) for i in range(4)), 95):
                page.insert_text((72, y), line, fontsize=10)
                y += 13
            y += 14
            n += 4


def test_a_part_heading_with_no_text_before_its_first_section_is_a_label_not_a_chapter(tmp_path):
    """A top-rank heading directly over a lower-rank one ('PART I' over 'ITEM 1A RISK FACTORS' in
    Alphabet's 10-K pages) is a label: the lower rank makes the chapters, the label named in the
    first one it heads.  A part with text of its own before its first section stays a chapter; when
    most parts are labels it keeps a chapter for that text only (NVIDIA's 'Part III', whose items are
    incorporated by reference)."""
    doc = pymupdf.open()
    _part_pages(doc, intro=set())
    _, chapters = _run(doc, tmp_path, "labels")
    items = ["Item 1. Business", "Item 2. Properties", "Item 5. Market", "Item 7. Discussion",
             "Item 10. Directors", "Item 11. Compensation"]
    assert [c["title"] for c in chapters] == ["Part I " + items[0], items[1], "Part II " + items[2], items[3],
                                              "Part III " + items[4], items[5]]
    doc = pymupdf.open()
    _part_pages(doc, intro={"Part III"})
    _, chapters = _run(doc, tmp_path, "mixed")
    assert [c["title"] for c in chapters] == ["Part I " + items[0], items[1], "Part II " + items[2], items[3],
                                              "Part III", items[4], items[5]]
    doc = pymupdf.open()
    _part_pages(doc, intro={"Part I", "Part II"})
    _, chapters = _run(doc, tmp_path, "parts")
    assert [c["title"] for c in chapters] == ["Part I", "Part II", "Part III"]


def _line_block(text: str, bbox: tuple[float, float, float, float], n: int, size: float = 8.1) -> Block:
    """A block of one line per ``\\n``-separated row, filling ``bbox``."""
    rows = text.split("\n")
    step = (bbox[3] - bbox[1]) / len(rows)
    lines = tuple(Line((Span(t, (bbox[0], bbox[1] + k * step, bbox[2], bbox[1] + (k + 1) * step), "Helvetica", size, 0),),
                       (bbox[0], bbox[1] + k * step, bbox[2], bbox[1] + (k + 1) * step)) for k, t in enumerate(rows))
    return Block(f"p2-b{n}", 2, bbox, " ".join(rows), lines, size)


def test_stacked_part_and_item_headings_at_one_left_edge_are_two_headings():
    """Page 5: 'Part I' and 'Item 1. Business' 9 pt bold, 8.9 pt apart, came as one block; a running
    head pairing them flush right (Alphabet's 'PART I' over 'ITEM 4 MINE SAFETY DISCLOSURES') stays one."""
    from pipeline.headings import split_stacked_headings
    left = _line_block("Part I\nItem 1. Business", (18, 61, 89, 90), 0, 9.0)
    assert [b.text for b in split_stacked_headings(left)] == ["Part I", "Item 1. Business"]
    right = _line_block("PART I\nITEM 4 MINE SAFETY DISCLOSURES", (415, 25, 541, 47), 1, 9.0)
    right = replace(right, lines=(replace(right.lines[0], bbox=(518, 25, 541, 36)), right.lines[1]))
    assert len(split_stacked_headings(right)) == 1
    assert len(split_stacked_headings(_line_block("Chapter 3\nThe River", (18, 61, 89, 90), 2, 9.0))) == 1


def test_a_contents_table_gives_entries_and_a_two_line_title_names_the_toc():
    from pipeline.tables import find_tables
    from pipeline.toc import _table_entries, toc_title
    assert toc_title(_line_block("NVIDIA Corporation\nTable of Contents", (268, 53, 344, 72), 0))
    cells = []
    for r, (item, title, folio) in enumerate([("Item 5.", LONG_TITLE, "33"), ("Item 6.", "[Reserved]", "35"),
                                              ("Item 7.", "Management's Discussion", "36")]):
        y = 199 + 10.8 * r
        cells += [_line_block(item, (22, y, 47, y + 9), 3 * r), _line_block(title, (89, y, 489, y + 9), 3 * r + 1),
                  _line_block(folio, (581, y, 590, y + 9), 3 * r + 2)]
    (table,) = find_tables(cells)
    assert _table_entries(table) == [f"Item 5. {LONG_TITLE}", "Item 6. [Reserved]", "Item 7. Management's Discussion"]


def test_pieces_of_a_table_cut_at_a_blank_row_are_tables_only_in_the_first_pieces_columns():
    """test-707448.pdf, a one-page K-1 tax form: two columns of form fields whose rows share baselines
    were read as runs of table rows cut at wider gaps; every piece became a table and the rows mixed
    the form's two columns ('Part I Information About the Partnership | 15 | Credits'), the part
    headings lost.  A contents table cut at its blank rows keeps one layout in every piece: only a
    piece whose rows have the columns of the main piece's rows (the one with most rows) is a table."""
    from pipeline.tables import find_tables
    cells: list[Block] = []

    def row(y: float, spans: list[tuple[float, float, str]]) -> None:
        for x0, x1, text in spans:
            cells.append(_line_block(text, (x0, y, x1, y + 9), len(cells)))

    for r in range(3):  # a piece in one layout (left column's fields beside the right column's boxes)
        row(100 + 10.8 * r, [(112, 138, "beginning"), (231, 248, "ending"), (337, 341, str(r + 1)),
                             (346, 445, "Ordinary income"), (454, 462, str(14 + r)), (465, 563, "Earnings")])
    for r in range(5):  # after a wider gap, a piece in another
        row(150 + 10.8 * r, [(44, 48, "B"), (54, 223, "Partnership's name"), (333, 341, f"4{'abcde'[r]}"),
                             (346, 436, "Guaranteed payments"), (454, 462, str(16 + r)), (465, 548, "Schedule")])
    tables = [b for b in find_tables(cells) if b.kind == "table"]
    assert len(tables) == 1 and "B | Partnership's name | 4a" in tables[0].text, [t.text for t in tables]
    assert "ending | 1 |" not in tables[0].text  # (its last row, right over the table, is taken as its head)
    cells = []
    for r in range(5):  # a contents table cut at a blank row: one layout, two tables
        y = 100 + 10.8 * r + (12 if r >= 3 else 0)
        row(y, [(22, 47, f"Item {r + 1}."), (89, 160 + 20 * r, f"Title {r}"), (581, 590, str(10 + r))])
    tables = [b for b in find_tables(cells) if b.kind == "table"]
    assert [t.text.count("\n") + 1 for t in tables] == [3, 2], [t.text for t in tables]


HTML_PARTS = {  # part -> its items (number, title), as a 10-K printed from EDGAR HTML sets them
    "PART I": [("1.", "Business"), ("1A.", "Risk Factors"), ("2.", "Properties")],
    "PART II": [("5.", "Market for Common Equity"), ("7.", "Management's Discussion and Analysis")],
}


def _html_tenk(doc: pymupdf.Document, item: str, closing: str) -> None:
    """A 10-K printed from HTML: everything 8.8 pt Times, headings bold at the body's size and set as
    close as the body's lines (10 pt pitch, 6 pt more between paragraphs), paragraphs with a
    first-line indent, each item heading right under the last paragraph of the item before it; an
    item opens with a bold subheading ('Overview') set at the paragraphs' indent.  ``item`` formats
    the heading from the number and title, ``closing`` ends it ('.' in Lyft's)."""
    page, y, n = None, 800.0, 0

    def line(x: float, text: str, bold: bool = False, gap: float = 10.0) -> None:
        nonlocal page, y
        if y > 700:
            page = doc.new_page(width=612, height=792)
            y = 60.0
        page.insert_text((x, y), text, fontsize=8.8, fontname="tibo" if bold else "tiro")
        y += gap

    for part, items in HTML_PARTS.items():
        y += 6
        line(289, part, bold=True, gap=15)
        for number, title in items:
            line(18, item.format(number=number, title=title) + closing, bold=True, gap=16)
            line(34, "Overview", bold=True, gap=16)
            for _ in range(3):
                rows = textwrap.wrap(" ".join(_sentence(n + i).capitalize() for i in range(4)), 130)
                for k, row in enumerate(rows):
                    line(34 if k == 0 else 18, row, gap=16 if k == len(rows) - 1 else 10)
                n += 4


def test_item_headings_at_the_bodys_size_and_pitch_start_the_chapters(tmp_path):
    """en_uber_2021_10k.pdf and en_lyft_2021_10k.pdf, printed from HTML, set their item headings
    bold at the body's size, as close to the paragraph above as its lines: Uber's 'ITEM 1A. RISK
    FACTORS' was read into the paragraph before it and 'ITEM 1. BUSINESS' joined the subheading
    'Overview' under it into one title; Lyft's 'Item 1. Business.' ends in a period and was read as a
    sentence, not a title.  Each item is a chapter, the part named in its first."""
    for name, item, closing in (("uber", "ITEM {number} {title}", ""), ("lyft", "Item {number} {title}", ".")):
        doc = pymupdf.open()
        _html_tenk(doc, item, closing)
        _, chapters = _run(doc, tmp_path, name)
        expected = [("" if k else f"{part} ") + item.format(number=number, title=title)  # no closing period
                    for part, items in HTML_PARTS.items() for k, (number, title) in enumerate(items)]
        assert [c["title"] for c in chapters] == expected, name


def test_an_item_with_no_text_of_its_own_keeps_its_chapter_and_its_neighbour_keeps_its_own():
    """Lyft's 10-K: "Item 6. [Reserved]." stands right over "Item 7. Management's Discussion…" on one
    page; read as a cover's stack of titles, Item 7's 60k characters went into Item 6's chapter (and
    Items 12-14, whose boilerplate went as repeats, into Item 11's)."""
    from pipeline.pieces import cut
    from pipeline.plan import Plan, Start

    from .helpers import block, document, page
    texts = ["Item 5. Market for Equity", _sentence(1), "Item 6. [Reserved]", "Item 7. Management's Discussion",
             _sentence(2), "Item 11. Executive Compensation", "Item 12. Security Ownership", _sentence(3)]
    blocks = [block(t, (17, 60 + 20 * n, 400, 70 + 20 * n), n=n, size=8.1, bold=t.startswith("Item"),
                    kind=HEADING if t.startswith("Item") else BODY, level=1 if t.startswith("Item") else 0)
              for n, t in enumerate(texts)]
    doc = document([page(0, blocks)])
    heads = [n for n, t in enumerate(texts) if t.startswith("Item")]
    chapters = cut(doc, blocks, Plan("headings", tuple(Start(n, texts[n]) for n in heads)))
    assert [c.title for c in chapters] == [texts[n] for n in heads]
    assert [[b.text for b in c.blocks] for c in chapters] == [[texts[1]], [], [texts[4]], [], [texts[7]]]
    cover = [block("ACME Corporation", (200, 100, 400, 130), n=0, size=24, kind=HEADING, level=1),
             block("Annual Report 2022", (200, 140, 400, 160), n=1, size=16, kind=HEADING, level=1),
             block(_sentence(4), (50, 300, 550, 340), n=2)]
    stacked = cut(document([page(0, cover)]), cover, Plan("headings", (Start(0, "ACME Corporation"),
                                                                        Start(1, "Annual Report 2022"))))
    assert [c.title for c in stacked] == ["ACME Corporation"]  # a cover's stack of titles is one chapter


FLOW_PARTS = {  # part -> items (number, title, subheading or None), as uber_2021's pages set them
    "PART I": [("1.", "BUSINESS", "Overview"), ("1A.", "RISK FACTORS", None), ("2.", "PROPERTIES", None)],
    "PART II": [("5.", LONG_TITLE.upper(), "Market Information for Common Stock"),
                ("7.", "MANAGEMENT'S DISCUSSION AND ANALYSIS", "Overview")],
    "PART III": [("10.", "DIRECTORS, EXECUTIVE OFFICERS AND CORPORATE GOVERNANCE", None),
                 ("11.", "EXECUTIVE COMPENSATION", None)],
}


def _fill(text: str, width: float, font: str, indent: float = 0.0) -> list[str]:
    """``text`` broken into lines of at most ``width`` points of 8.8 pt ``font``, the first ``indent`` shorter."""
    rows: list[str] = []
    current = ""
    for word in text.split():
        wider = f"{current} {word}".strip()
        if current and pymupdf.get_text_length(wider, fontname=font, fontsize=8.8) > width - (0 if rows else indent):
            rows.append(current)
            current = word
        else:
            current = wider
    return rows + [current]


INDEX_ROWS = ["Report of Independent Registered Public Accounting Firm", "Consolidated Balance Sheets",
              "Consolidated Statements of Operations", "Consolidated Statements of Cash Flows",
              "Notes to Consolidated Financial Statements"]


def _flowing_tenk(doc: pymupdf.Document, index: bool = False) -> list[str]:
    """A 10-K printed from HTML as uber_2021's pages are: 8.8 pt Times justified to the measure (18-593
    pt), paragraphs indented 16 pt, bold caps item headings at the body's size and pitch, each part's
    heading centred 5.5 pt over its first item's; a long item title wraps to an indented second line
    and a bold subheading follows it as close.  Each part follows the paragraph before it on the
    same page (Item 7 opens one).  With ``index``, Item 8 follows on a page of its own holding only
    a centred bold 'INDEX TO CONSOLIDATED FINANCIAL STATEMENTS' under its heading and the index's
    rows, a table (title | page), and Part III opens the next page.  Returns the
    paragraphs."""
    page: pymupdf.Page | None = None
    y, n, paragraphs = 800.0, 0, []

    def line(x: float, text: str, bold: bool = False, gap: float = 10.2, justify: bool = False) -> None:
        nonlocal page, y
        if y > 700 or page is None:
            page = doc.new_page(width=612, height=792)
            y = 60.0
        font = "tibo" if bold else "tiro"
        words = text.split()
        if not justify or len(words) < 2:
            page.insert_text((x, y), text, fontsize=8.8, fontname=font)
        else:  # word by word, the spaces widened to fill the measure to 593 pt
            widths = [pymupdf.get_text_length(w, fontname=font, fontsize=8.8) for w in words]
            space = (593 - x - sum(widths)) / (len(words) - 1)
            for word, width in zip(words, widths):
                page.insert_text((x, y), word, fontsize=8.8, fontname=font)
                x += width + space
        y += gap

    for part, items in FLOW_PARTS.items():
        line(306 - pymupdf.get_text_length(part, fontname="tibo", fontsize=8.8) / 2, part, bold=True, gap=15.5)
        for number, title, sub in items:
            y = 800.0 if number == "7." else y  # Item 7 opens a page, Part III comes mid-page
            rows = _fill(f"ITEM {number} {title}", 575, "tibo")
            for k, row in enumerate(rows):
                line(18 if k == 0 else 54, row, bold=True, gap=15.5 if k == len(rows) - 1 else 10.2)
            if sub:
                line(34, sub, bold=True, gap=15.5)
            for _ in range(2):
                paragraphs.append(" ".join(_sentence(n + i).capitalize() for i in range(4)))
                rows = _fill(paragraphs[-1], 575, "tiro", 16)
                for k, row in enumerate(rows):
                    last = k == len(rows) - 1
                    line(34 if k == 0 else 18, row, gap=15.5 if last else 10.2, justify=not last)
                n += 4
        if index and part == "PART II":
            y = 800.0
            line(34, "ITEM 8. FINANCIAL STATEMENTS AND SUPPLEMENTARY DATA", bold=True, gap=15.5)
            title = "INDEX TO CONSOLIDATED FINANCIAL STATEMENTS"
            line(306 - pymupdf.get_text_length(title, fontname="tibo", fontsize=8.8) / 2, title, bold=True, gap=15.5)
            for k, row in enumerate(INDEX_ROWS):  # a row's page number right, in a column of its own
                page = doc[-1]
                page.insert_text((585, y), str(72 + 2 * k), fontsize=8.8, fontname="tiro")
                line(34, row, gap=15.5)
            y = 800.0
    return paragraphs


def test_a_part_heading_centred_right_over_its_first_item_heading_is_a_label(tmp_path):
    """en_uber_2021_10k.pdf sets 'PART II' centred 5.5 pt over 'ITEM 5. MARKET FOR … EQUITY' /
    'SECURITIES' and the subheading 'Market Information for Common Stock', all bold at the body's
    size and pitch: the four lines came as one block, too long for a title, read as a paragraph
    ('PART II ITEM 5. MARKET … Market Information for Common Stock Our common stock has …'), and
    Item 5's 9k characters went into Item 4's chapter; 'PART III' over 'ITEM 10. DIRECTORS, …' the
    same, into Item 9C's.  The part's line alone over an item's title is a heading of its own."""
    doc = pymupdf.open()
    paragraphs = _flowing_tenk(doc)
    text, chapters = _run(doc, tmp_path, "flow")
    expected = [("" if k else f"{part} ") + f"ITEM {number} {title}"
                for part, items in FLOW_PARTS.items() for k, (number, title, _) in enumerate(items)]
    assert [c["title"] for c in chapters] == expected
    flat = " ".join(text.split())
    for paragraph in paragraphs:
        assert paragraph in flat
    item5 = (tmp_path / "out" / "flow" / chapters[3]["file"]).read_text(encoding="utf-8")
    assert "\n## Market Information for Common Stock\n" in item5


PROXY = ("The information required by this item is incorporated by reference to the definitive Proxy Statement "
         "for our 2022 Annual Meeting of Stockholders, which will be filed with the SEC no later than 120 days "
         "after December 31, 2021.")


def _proxy_tenk(doc: pymupdf.Document) -> dict[str, str]:
    """Parts III and IV of a 10-K as en_lyft_2021_10k.pdf sets them: 14 pt bold parts over 11 pt bold
    items over 10 pt text, Items 11-14 answering with one and the same sentence (Item 10 with a
    longer one).  Returns each item's title -> its text."""
    items = {"Item 9B. Other Information": " ".join(_sentence(i) for i in range(4)),
             "Item 10. Directors, Executive Officers and Corporate Governance":
                 PROXY.replace("this item, ", "this item, including information about our Directors, "),
             "Item 11. Executive Compensation": PROXY,
             "Item 12. Security Ownership of Certain Beneficial Owners": PROXY,
             "Item 13. Certain Relationships and Related Transactions": PROXY,
             "Item 14. Principal Accounting Fees and Services": PROXY,
             "Item 15. Exhibits, Financial Statement Schedules": " ".join(_sentence(10 + i) for i in range(6)),
             "Item 16. Form 10-K Summary": "None."}
    page = doc.new_page(width=612, height=792)
    y = 72.0
    for title, text in items.items():
        part = {"Item 10.": "Part III", "Item 15.": "Part IV"}.get(title[:8])
        if part:
            page.insert_text((72, y), part, fontsize=14, fontname="hebo")
            y += 24
        page.insert_text((72, y), title, fontsize=11, fontname="hebo")
        y += 18
        for line in textwrap.wrap(text, 95):
            page.insert_text((72, y), line, fontsize=10)
            y += 13
        y += 14
        if y > 640:
            page = doc.new_page(width=612, height=792)
            y = 72.0
    return items


def test_items_answering_with_one_sentence_keep_their_chapters_and_their_text(tmp_path):
    """en_lyft_2021_10k.pdf answers Items 11-14 with one sentence ('The information required by this
    item is incorporated by reference to the definitive Proxy Statement …'): every copy after Item
    10's went as a near or exact duplicate, Items 11-13 were left empty chapters and Item 14, empty
    over 'PART IV', handed its title to Item 15's chapter as a section.  An item's only text is its
    answer, not a repeat: each item keeps its chapter and its sentence."""
    doc = pymupdf.open()
    items = _proxy_tenk(doc)
    _, chapters = _run(doc, tmp_path, "proxy")
    assert [c["title"] for c in chapters] == [("Part III " if t.startswith("Item 10.") else
                                               "Part IV " if t.startswith("Item 15.") else "") + t for t in items]
    for chapter, text in zip(chapters, items.values()):
        body = (tmp_path / "out" / "proxy" / chapter["file"]).read_text(encoding="utf-8")
        assert " ".join(text.split()) in " ".join(body.split()), chapter["title"]


def test_sections_of_an_exhibit_after_the_signatures_are_no_chapters(tmp_path):
    """en_uber_2021_10k.pdf files a credit agreement after its 'Signatures': its 'Section 1.06
    Exchange Rates; Currency Equivalents', 'Section 2.20 Letters of Credit', … are numbered in the
    items' strong style, and once the parts were found to be labels every such section under any
    chapter became one (ten chapters after 'Signatures').  Only a numbered chapter (a part) gives
    its sections up as chapters; 'Signatures' keeps its exhibit."""
    doc = pymupdf.open()
    _part_pages(doc, intro=set())
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 80), "Signatures", fontsize=18, fontname="hebo")  # a chapter of its own
    y = 110.0
    for k, title in enumerate(["Section 1.06 Exchange Rates", "Section 2.20 Letters of Credit"]):
        page.insert_text((72, y), title, fontsize=11, fontname="hebo")
        y += 20
        for line in textwrap.wrap(" ".join(_sentence(200 + 4 * k + i) for i in range(4)), 95):
            page.insert_text((72, y), line, fontsize=10)
            y += 13
        y += 14
    text, chapters = _run(doc, tmp_path, "exhibit")
    items = ["Item 1. Business", "Item 2. Properties", "Item 5. Market", "Item 7. Discussion",
             "Item 10. Directors", "Item 11. Compensation"]
    assert [c["title"] for c in chapters] == ["Part I " + items[0], items[1], "Part II " + items[2], items[3],
                                              "Part III " + items[4], items[5], "Signatures"]
    assert "## Section 1.06 Exchange Rates" in text and "## Section 2.20 Letters of Credit" in text


def test_the_label_opening_each_filed_exhibit_is_no_running_head(tmp_path):
    """NVDA_10k_2025.pdf, en_uber_2021_10k.pdf and en_lyft_2021_10k.pdf file exhibits after their
    signatures, each opening with its label set right in the top margin ('EXHIBIT 21.1', 'Exhibit
    10.8'), the same place exhibit after exhibit: digits folded, the labels recurred in one place,
    and every one went as a running head, so nothing marked where an exhibit began.  A label
    naming an exhibit on one page only is no head (one repeated on its exhibit's pages is judged as before)."""
    doc, n = pymupdf.open(), 0
    for label, pages in (("EXHIBIT 10.8", 2), ("EXHIBIT 21.1", 1), ("EXHIBIT 23.1", 1), ("EXHIBIT 31.1", 2),
                         ("EXHIBIT 32.1", 1)):
        for k in range(pages):
            page = doc.new_page(width=612, height=792)
            if k == 0:
                page.insert_text((594 - pymupdf.get_text_length(label, fontsize=9), 28), label, fontsize=9)
            page.insert_text((18, 745), "Running head of the filing", fontsize=8)
            y = 80.0
            for line in textwrap.wrap(" ".join(_sentence(n + i) for i in range(8)), 110):
                page.insert_text((18, y), line, fontsize=9)
                y += 11
            n += 8
    text = " ".join(_run(doc, tmp_path, "exhibits")[0].split())
    for label in ("EXHIBIT 10.8", "EXHIBIT 21.1", "EXHIBIT 23.1", "EXHIBIT 31.1", "EXHIBIT 32.1"):
        assert label in text
    assert "Running head of the filing" not in text


def test_an_item_heading_over_a_centred_subheading_on_a_page_without_a_measure_keeps_its_title(tmp_path):
    """en_uber_2021_10k.pdf opens Item 8 on a page holding only the index of its financial
    statements: 'ITEM 8. FINANCIAL STATEMENTS AND SUPPLEMENTARY DATA' over the centred 'INDEX TO
    CONSOLIDATED FINANCIAL STATEMENTS', both bold at the body's size and pitch.  No line of that page
    reaches the right edge of the text, so it had no measure to tell that the item's line ended,
    and the chapter was titled 'ITEM 8. FINANCIAL STATEMENTS AND SUPPLEMENTARY DATA INDEX TO
    CONSOLIDATED FINANCIAL STATEMENTS'.  A line centred on the page under a title's line that is
    not is a heading of its own."""
    doc = pymupdf.open()
    _flowing_tenk(doc, index=True)
    text, chapters = _run(doc, tmp_path, "index")
    assert "ITEM 8. FINANCIAL STATEMENTS AND SUPPLEMENTARY DATA" in [c["title"] for c in chapters]
    assert "\n## INDEX TO CONSOLIDATED FINANCIAL STATEMENTS\n" in text


def test_an_item_number_over_its_name_on_the_next_line_names_the_chapter_under_a_part(tmp_path):
    """A 10-K setting each item's number and its name on two lines ('Item 5.' / 'Market for Common
    Equity'): the name joins a number-only title ('Item 7. …'), but under a part that is a label
    the chapter was titled 'PART II Item 5' and the name left as its first section."""
    doc, n = pymupdf.open(), 0
    parts = (("PART I", [("1.", "Business"), ("1A.", "Risk Factors"), ("2.", "Properties")]),
             ("PART II", [("5.", "Market for Common Equity"), ("7.", "Management's Discussion and Analysis")]))
    for part, items in parts:
        page = doc.new_page(width=612, height=792)
        y = 72.0
        page.insert_text((270, y), part, fontsize=10, fontname="hebo")
        y += 20
        for number, title in items:
            page.insert_text((72, y), f"Item {number}", fontsize=10, fontname="hebo")
            page.insert_text((72, y + 13), title, fontsize=10, fontname="hebo")
            y += 31
            for line in textwrap.wrap(" ".join(_sentence(n + i).capitalize() for i in range(4)), 100):
                page.insert_text((72, y), line, fontsize=10)
                y += 13
            y += 12
            n += 4
    _, chapters = _run(doc, tmp_path, "nextline")
    assert [" ".join(c["title"].replace(".", "").split()) for c in chapters] == [
        f"{part} " * (k == 0) + f"Item {number} {title}".replace(".", "")
        for part, items in parts for k, (number, title) in enumerate(items)]
