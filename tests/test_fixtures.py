"""The PDF generators of fixtures/: deterministic, and their truth matches the text layer."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import pymupdf
import pytest

from fixtures.excerpt import Item, load_excerpt, parse_item
from fixtures.flow import Style, folio_text, wrap
from fixtures.layouts import (
    QI_WORDS, booklet_order, build_doc, nup_grid, plain, saddle_booklet, sample, split_spreads,
    unsplit_spreads, with_printer_marks,
)
from fixtures.paginate import layout_page
from fixtures.truth import Truth
from pipeline.types import ASIDE, HEADING

ROOT = Path(__file__).resolve().parents[1]
BUILDERS: dict[str, Callable] = {
    f.__name__: f for f in (plain, split_spreads, unsplit_spreads, saddle_booklet, nup_grid, with_printer_marks)
}
# Text outside the CropBox needs both: INFINITE_RECT alone still clips to the page box.
HIDDEN_FLAGS = pymupdf.TEXTFLAGS_TEXT & ~pymupdf.TEXT_MEDIABOX_CLIP


@lru_cache(maxsize=None)
def built(name: str) -> tuple[bytes, Truth]:
    return BUILDERS[name](build_doc())


def open_pdf(data: bytes) -> pymupdf.Document:
    return pymupdf.open("pdf", data)


def squeeze(text: str) -> str:
    return "".join(text.split())


Line = tuple[str, float]  # text, height of its centre on the page (0 top .. 1 bottom)


def logical_blocks(pdf: pymupdf.Document, truth: Truth) -> list[list[Line]]:
    """PyMuPDF's text blocks of each logical page, read from its region, in page order."""
    blocks: list[list[Line]] = []
    for placement in truth.pages:
        page = pdf[placement.pdf_page]
        clip = pymupdf.Rect(placement.region) - (page.cropbox.x0, page.cropbox.y0, page.cropbox.x0, page.cropbox.y0)
        for block in page.get_text("dict", flags=HIDDEN_FLAGS, clip=clip)["blocks"]:
            blocks.append([("".join(span["text"] for span in line["spans"]),
                            ((line["bbox"][1] + line["bbox"][3]) / 2 - clip.y0) / clip.height)
                           for line in block.get("lines", ())])
    return blocks


def body_text(blocks: list[list[Line]], truth: Truth) -> str:
    """The text without whitespace, asides (whole blocks) and furniture lines.

    Running heads and page numbers count only in the top or bottom tenth of the page
    ("前言" is both a running head and a heading).
    """
    asides = [squeeze(b.text) for b in truth.asides()]
    margin_strings = {squeeze(s) for s in (*truth.running_heads, *truth.page_numbers)}
    anywhere = {squeeze(s) for s in (*truth.chart_labels, *truth.decorations)}
    kept: list[str] = []
    for block in blocks:
        if any(squeeze("".join(text for text, _ in block)) in aside for aside in asides):
            continue
        for text, height in block:
            line, in_margin = squeeze(text), height < 0.1 or height > 0.9
            if not (line in anywhere or (in_margin and line in margin_strings)):
                kept.append(line)
    return "".join(kept)


# --- determinism -----------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_builders_are_deterministic(name: str) -> None:
    first, truth = built(name)
    again, truth_again = BUILDERS[name](build_doc())
    assert first == again
    assert truth.to_json() == truth_again.to_json()


def test_shipped_sample_and_truth_are_current() -> None:
    pdf, truth = sample()
    assert (ROOT / "raw" / "shanghai-2022-sample.pdf").read_bytes() == pdf, "rerun scripts/make_sample.py"
    assert (ROOT / "fixtures" / "sample_truth.json").read_text(encoding="utf-8") == truth.to_json()
    assert Truth.from_dict(json.loads(truth.to_json())) == truth
    assert 16 <= len(truth.pages) <= 30 and len(pdf) < 1_500_000


# --- the truth against the text layer ----------------------------------------------


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_truth_blocks_are_in_the_text_layer_in_order(name: str) -> None:
    data, truth = built(name)
    text = body_text(logical_blocks(open_pdf(data), truth), truth)
    position = 0
    for block in truth.body():
        found = text.find(squeeze(block.text), position)
        assert found >= 0, f"{name}: {block.kind} missing or out of order: {block.text[:30]}"
        position = found + 1


def test_truth_has_five_parts_front_and_back_matter() -> None:
    truth = built("plain")[1]
    assert truth.chapters[0] == "前言" and truth.chapters[-1] == "数看上海科技" and len(truth.chapters) == 7
    sections = [b.text.split()[0] for b in truth.blocks if b.kind == HEADING and b.level == 2]
    assert sections == ["1.1", "1.2", "2.1", "2.2", "3.1", "3.2", "4.1", "4.2", "5.1", "5.2"]
    assert [b.text for b in truth.blocks if b.level == 1] == list(truth.chapters)
    assert "929项\n累计牵头承担国家科技重大专项" in [b.text for b in truth.blocks if b.kind == ASIDE]


def test_letter_spaced_headings_are_closed_up_in_the_truth() -> None:
    data, truth = built("plain")
    raw = "\n".join(p.get_text() for p in open_pdf(data))
    assert "国 家 实 验 室 体 系 加 快 构 建" in raw
    assert "国家实验室体系加快构建" in [b.text for b in truth.blocks if b.kind == HEADING]


# --- split spreads -------------------------------------------------------------------


def test_split_spread_pages_carry_the_whole_spread_outside_the_crop_box() -> None:
    pdf = open_pdf(built("split_spreads")[0])
    assert pdf.page_count % 2 == 0
    for left, right in zip(pdf.pages(0, None, 2), pdf.pages(1, None, 2)):
        assert left.mediabox == right.mediabox and left.mediabox.width == 2 * left.rect.width
        assert right.cropbox.x0 == left.cropbox.x1
        if not right.get_text():
            continue  # the blank page padding the last spread
        whole = left.get_text(flags=HIDDEN_FLAGS, clip=pymupdf.INFINITE_RECT())
        assert whole == right.get_text(flags=HIDDEN_FLAGS, clip=pymupdf.INFINITE_RECT())
        assert len(whole) > len(left.get_text()) and len(whole) > len(right.get_text())
        assert squeeze(right.get_text()) in squeeze(whole)


def test_infinite_clip_alone_does_not_show_text_outside_the_crop_box() -> None:
    """PyMuPDF 2.0: clearing TEXT_MEDIABOX_CLIP is what reveals the hidden half."""
    page = open_pdf(built("split_spreads")[0])[2]
    assert page.get_text(clip=pymupdf.INFINITE_RECT()) == page.get_text()


def test_split_spread_xmp_holds_the_quite_imposing_history() -> None:
    data, truth = built("split_spreads")
    pdf = open_pdf(data)
    xmp = pdf.get_xml_metadata()
    ET.fromstring(xmp.split("?>", 1)[1].rsplit("<?xpacket", 1)[0])  # well-formed
    assert all(word in xmp for word in QI_WORDS) and truth.never == QI_WORDS
    text = "".join(p.get_text(flags=HIDDEN_FLAGS, clip=pymupdf.INFINITE_RECT()) for p in pdf)
    assert not [w for w in truth.never if w in text]


def test_spread_page_numbers_are_glued_at_the_gutter_in_some_spreads() -> None:
    pdf = open_pdf(sample()[0])
    lines = {ln for p in pdf for ln in p.get_text(flags=HIDDEN_FLAGS, clip=pymupdf.INFINITE_RECT()).splitlines()}
    assert "1516" in lines and "05 06" in lines and "01" in lines


# --- other variants --------------------------------------------------------------------


def test_printer_marks_put_the_slug_outside_the_trim_box() -> None:
    data, truth = built("with_printer_marks")
    pdf = open_pdf(data)
    for page, slug in zip(pdf, truth.never):
        trim = page.trimbox
        assert page.mediabox.contains(page.bleedbox) and page.bleedbox.contains(trim) and trim != page.mediabox
        hits = page.search_for(slug.split()[0])
        assert hits and all(not hit.intersects(trim) for hit in hits)
        assert slug in page.get_text()
        assert len(page.get_drawings()) > 0


def test_saddle_booklet_and_grid_place_every_page_once() -> None:
    for name, sheets_per_4 in (("saddle_booklet", 2), ("nup_grid", 1)):
        data, truth = built(name)
        assert sorted(p.logical for p in truth.pages) == list(range(len(built("plain")[1].pages)))
        assert open_pdf(data).page_count == -(-len(truth.pages) // 4) * sheets_per_4


@pytest.mark.parametrize(("count", "expected"), [
    (4, [(3, 0), (1, 2)]),
    (8, [(7, 0), (1, 6), (5, 2), (3, 4)]),
])
def test_booklet_order(count: int, expected: list[tuple[int, int]]) -> None:
    assert booklet_order(count) == expected


def test_booklet_order_rejects_unpadded_counts() -> None:
    with pytest.raises(ValueError, match="multiple of 4"):
        booklet_order(6)


def test_callout_sits_on_a_shaded_box_in_the_margin_column() -> None:
    pdf = open_pdf(built("plain")[0])
    page = next(p for p in pdf if p.search_for("929项"))
    figure = page.search_for("929项")[0]
    boxes = [d["rect"] for d in page.get_drawings() if d.get("fill") and d["rect"].contains(figure)]
    assert boxes and boxes[0].width < page.rect.width / 3


def test_chart_labels_sit_inside_the_chart_and_the_caption_below() -> None:
    data, truth = built("plain")
    page = next(p for p in open_pdf(data) if p.search_for("图1"))
    panel = max((d["rect"] for d in page.get_drawings() if d.get("fill")), key=lambda r: r.width * r.height)
    for label in truth.chart_labels:
        assert any(panel.contains(hit) for hit in page.search_for(label))
    assert page.search_for("图1")[0].y0 >= panel.y1


# --- small pieces ----------------------------------------------------------------------


@pytest.mark.parametrize(("line", "item"), [
    ("## 1.1 强化战略科技力量主体能力", Item("heading", "1.1 强化战略科技力量主体能力", level=2)),
    ("### 国家实验室体系加快构建 {spaced}", Item("heading", "国家实验室体系加快构建", level=3, spaced=True)),
    ("> 坚持“四个面向”。", Item("lead", "坚持“四个面向”。")),
    ("! 929项 | 累计牵头承担国家科技重大专项", Item("aside", "929项", label="累计牵头承担国家科技重大专项")),
    ("% 3 1 | 图1 x", Item("chart", "", label="图1 x", values=(3, 1))),
    ("全国重点实验室44家", Item("body", "全国重点实验室44家")),
])
def test_parse_item(line: str, item: Item) -> None:
    assert parse_item(line) == item


def test_excerpt_is_small_and_complete() -> None:
    folder = ROOT / "fixtures" / "seed_excerpt"
    assert sum(p.stat().st_size for p in folder.iterdir()) <= 40_000
    roles = [c.role for c in load_excerpt().chapters]
    assert roles == ["front"] + ["part"] * 5 + ["back"]


@pytest.mark.parametrize(("text", "width", "lines"), [
    ("国家实验室体系加快构建", 40, ["国家实验", "室体系加", "快构建"]),
    ("国家实验室，体系加快构建", 40, ["国家实验", "室，体系", "加快构建"]),  # "，" hangs
    ("The quick brown fox jumps", 80, ["The quick brown", "fox jumps"]),
])
def test_wrap(text: str, width: float, lines: list[str]) -> None:
    assert wrap(text, width, 10.0) == lines


def test_layout_page_fits_one_page_or_raises() -> None:
    layout, blocks = layout_page([Item("body", "国家实验室体系加快构建。")], number=4, head="第1部分｜ 标题")
    assert (layout.folio, layout.head) == ("4", "第1部分｜ 标题")
    assert [b.text for b in blocks] == ["国家实验室体系加快构建。"]
    with pytest.raises(ValueError, match="pages"):
        layout_page([Item("body", "字" * 3000)], Style())


@pytest.mark.parametrize(("form", "expected"), [("plain", "12"), ("dash", "- 12 -"), ("chinese", "第 12 页"), ("padded", "12")])
def test_folio_forms(form: str, expected: str) -> None:
    assert folio_text(12, form) == expected and folio_text(3, "padded") == "03"


def test_style_rejects_unknown_folio_forms() -> None:
    with pytest.raises(ValueError, match="use one of"):
        Style(folio="roman")


def _titled_pages(named: bool) -> pymupdf.Document:
    """Four pages, each a title at 300 pt from the top its outline entry points at: directly, or
    through a named destination as hyperref writes them (PyMuPDF gives those from the page's foot)."""
    src = pymupdf.open()
    for n in range(4):
        src.new_page(width=400, height=600).insert_text((72, 300), f"Title {n}", fontsize=14)
    src.set_toc([[1, f"Title {n}", n + 1, {"kind": pymupdf.LINK_GOTO, "to": pymupdf.Point(72, 290)}]
                 for n in range(4)])
    if named:
        names = " ".join(f"(chapter.{n}) [{src[n].xref} 0 R /XYZ 72 310 0]" for n in range(4))
        src.xref_set_key(src.pdf_catalog(), "Names", f"<< /Dests << /Names [{names}] >> >>")
        for n, xref in enumerate(src.get_outline_xrefs()):
            src.xref_set_key(xref, "A", "null")
            src.xref_set_key(xref, "Dest", f"(chapter.{n})")
        src = pymupdf.open("pdf", src.tobytes())
        assert src.get_toc(simple=False)[0][3]["nameddest"] == "chapter.0"
    return src


@pytest.mark.parametrize("named", [False, True])
@pytest.mark.parametrize("variant", ["split_spreads", "spreads", "booklet", "marks", "sideways_spreads"])
def test_imposed_outline_points_at_its_page_where_it_is_shown(variant: str, named: bool) -> None:
    """Each outline entry of an imposed variant targets the point of its source page as placed on
    the sheet. PyMuPDF's ``set_toc`` takes the point in MediaBox space while ``get_toc`` gives it from
    the CropBox's corner: split spreads' right pages pointed half a spread to the left of their page.
    A named destination's point, given from the page's foot, was copied as if from its top: mlbook's
    chapters pointed near the foot of their first page and matched a line further on."""
    from fixtures.impose import build
    from pipeline.probe import outline_points
    src = _titled_pages(named)
    out = pymupdf.open("pdf", build(src, variant))
    for entry, point in zip(out.get_toc(simple=False), outline_points(out)):
        page = out[entry[2] - 1]
        hits = page.search_for(entry[1])
        assert point is not None and hits, entry
        shown = hits[0] + (page.cropbox.x0, page.cropbox.y0, page.cropbox.x0, page.cropbox.y0)  # MediaBox space
        if page.rotation:  # the title runs up the unrotated page: the point is level with its start, at its foot
            assert shown.x0 - 20 <= point[0] <= shown.x1 and abs(point[1] - shown.y1) < 1, (variant, entry[1], point, shown)
            continue
        assert shown.x0 - 1 <= point[0] <= shown.x1 and abs(point[1] - shown.y0) < 20, (variant, entry[1], point, shown)


def test_an_outline_whose_first_entries_point_nowhere_is_imposed() -> None:
    """pikepdf's toc_style.pdf opens its outline with entries that point at no page (a link, a
    named destination it lacks); left out, the next entry (level 2) came first, and set_toc refused
    the outline, so impose_check stopped."""
    from fixtures.impose import build
    src = pymupdf.open()
    for n in range(4):
        src.new_page(width=400, height=600).insert_text((72, 300), f"Page {n}", fontsize=14)
    src.set_toc([[1, "External", -1], [2, "Inner", 1], [3, "Deeper", 2], [1, "Three", 3]])
    out = pymupdf.open("pdf", build(src, "spreads"))
    assert [(level, title) for level, title, _ in out.get_toc()] == [(1, "Inner"), (2, "Deeper"), (1, "Three")]
