from pipeline.order import merge_paragraphs, order_page
from pipeline.types import HEADING

from .helpers import block, document, page


def test_two_columns_with_spanning_heading():
    blocks = [
        block("R2", (310, 300, 550, 380), n=0), block("Title", (50, 50, 550, 70), n=1),
        block("L1", (50, 100, 290, 180), n=2), block("R1", (310, 100, 550, 180), n=3),
        block("L2", (50, 300, 290, 380), n=4), block("Wide table", (50, 400, 550, 450), n=5),
        block("L3", (50, 500, 290, 560), n=6), block("R3", (310, 500, 550, 560), n=7),
    ]
    assert [b.text for b in order_page(page(0, blocks))] == ["Title", "L1", "L2", "R1", "R2", "Wide table", "L3", "R3"]


def test_three_columns():
    xs = [(50, 210), (220, 380), (390, 550)]
    blocks = [block(f"C{c}{r}", (x0, 100 + 100 * r, x1, 180 + 100 * r), n=c * 3 + r)
              for c, (x0, x1) in enumerate(xs) for r in range(3)]
    assert [b.text for b in order_page(page(0, blocks))] == [f"C{c}{r}" for c in range(3) for r in range(3)]


def test_merge_paragraphs_across_pages_and_not_after_sentence_end():
    p0 = page(0, [block("上海科技创新中心建", (50, 700, 550, 760), 0, 0)])
    p1 = page(1, [block("设取得新进展。", (50, 60, 550, 80), 1, 0), block("新的段落。", (50, 100, 550, 120), 1, 1),
                  block("Heading", (50, 130, 550, 140), 1, 2, kind=HEADING, level=2),
                  block("growth was", (50, 150, 550, 160), 1, 3), block("strong.", (50, 170, 550, 180), 1, 4),
                  block("Next one.", (50, 190, 550, 200), 1, 5)])
    out = merge_paragraphs(document([p0, p1]))
    texts = [b.text for p in out.pages for b in p.blocks]
    assert texts == ["上海科技创新中心建设取得新进展。", "新的段落。", "Heading", "growth was strong.", "Next one."]
