"""A page set in large, widely spaced type (a quarterly report's 重要提示): its lines are body text.

Modelled on NEE's 2018 Q1 report, page 2: 14 pt text over a 9 pt body, lines 1.2 line heights apart
(each line its own block), the first line indented two characters and every full line
reaching the right margin.  It came out as two level-2 headings cut mid-word
("…内容的真" / "## 实、准确…") and two pull quotes.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf

from fixtures.flow import cjk_font
from pipeline.config import Config
from pipeline.runner import run_document

BODY = "上海科技创新中心建设取得新进展，重大科技基础设施加快建设，企业创新主体地位持续强化。"
LEFT, SIZE, PITCH = 57.0, 14.0, 40.0  # a gap of 1.2 line heights between lines, as NEE's
MEASURE = 34  # characters of SIZE per full line: the cjk font's Han characters are one em wide
PROMISE = ("公司董事会、监事会及董事、监事、高级管理人员保证季度报告内容的真实、准确、完整，"
           "不存在虚假记载、误导性陈述或者重大遗漏，并承担个别和连带的法律责任。")
ATTENDED = "所有董事均已出席了审议本次季报的董事会会议。"


def _write(page: pymupdf.Page, x: float, y: float, text: str, size: float) -> None:
    writer = pymupdf.TextWriter(page.rect)
    writer.append((x, y), text, font=cjk_font(), fontsize=size)
    writer.write_text(page)


def _body_page(doc: pymupdf.Document) -> None:
    page = doc.new_page(width=595, height=842)
    for k in range(24):
        _write(page, LEFT, 80 + 14 * k, BODY[k % 7:] + BODY[:k % 7], 9)


def _large_type_pdf(path: Path) -> list[str]:
    """Body pages around one page in large type; returns that page's paragraph lines."""
    doc = pymupdf.open()
    _body_page(doc)
    page = doc.new_page(width=595, height=842)
    _write(page, 237, 112, "第一节重要提示", 16)
    first = MEASURE - 2  # the first line is indented two characters
    lines = [PROMISE[:first], PROMISE[first:first + MEASURE], PROMISE[first + MEASURE:]]
    for k, text in enumerate(lines):
        _write(page, LEFT + (2 * SIZE if k == 0 else 0), 164 + PITCH * k, text, SIZE)
    _write(page, LEFT + 2 * SIZE, 164 + PITCH * 3 + 5, ATTENDED, SIZE)
    _body_page(doc)
    doc.save(path)
    return lines


def test_a_page_in_large_widely_spaced_type_reads_as_paragraphs(tmp_path: Path) -> None:
    lines = _large_type_pdf(tmp_path / "large.pdf")
    assert len(lines[1]) == MEASURE and lines[2]
    status = run_document(tmp_path / "large.pdf", "large", tmp_path / "out", Config())
    assert status["status"] == "ok", status
    text = "\n".join(f.read_text(encoding="utf-8") for f in sorted((tmp_path / "out" / "large" / "chapters").glob("*.md")))
    paragraphs = [p.strip() for p in text.split("\n\n")]
    assert PROMISE in paragraphs  # one paragraph: no heading cut out of it
    assert ATTENDED in paragraphs  # plain text, not a pull quote ("> …")
