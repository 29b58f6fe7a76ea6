"""A contents entry and the body text it points to: the body copy is never the one dedup removes.

A contents page that the chapter stage does not recognise as a TOC (a continuation page
without its "Contents" title) still holds entries that repeat the body's section titles;
when a body title is read as body text rather than a heading, the block pass met the
contents entry first and removed the body copy (debian-edu-bullseye-manual p72:
"17.1.3 增添LTSP chroot来支持32位的电脑客户端" removed as an exact duplicate of the contents entry).
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pymupdf

from pipeline.config import Config
from pipeline.dedup import dedup_blocks
from pipeline.process import _dedup
from pipeline.runner import run_document
from pipeline.toc import contents_entries
from pipeline.types import Block
from tests.helpers import block, chapters_text, document, page, save_pdf

TITLES = ["Adding a chroot for older clients", "Choosing the client network",
          "Configuring the boot menu", "Sound on thin clients", "Printing from a client"]


def _contents_page(index: int) -> list[Block]:
    return [block(f"1.{i + 1} {t} . . . . . . . . . . . . . . . . . . {10 + i}", (72, 100 + 18 * i, 540, 110 + 18 * i),
                  index, i) for i, t in enumerate(TITLES)]


def test_contents_entries_found_on_a_page_of_leader_lines() -> None:
    blocks = _contents_page(0) + [block("A sentence of body text that ends in no page number at all here.",
                                        (72, 400, 540, 410), 0, 9)]
    assert contents_entries(blocks) == {b.id for b in blocks[:5]}


def test_contents_entries_alone_and_wrapped() -> None:
    """A list of figures with one entry (test_3842.pdf p8) is one; so is an entry wrapped over two lines;
    a sentence ending in an ellipsis, or a paragraph with one leader line inside, is none."""
    lof = block("Fig. 1. HPC System Reference Architecture . . . . . . . . . . . . 2", (72, 100, 540, 110), 0, 0)
    wrap = block("4.3 Fator de escala e número\neventos esperados. . . . . . . . . 23", (72, 120, 540, 140), 0, 1)
    wrap = replace(wrap, lines=tuple(replace(wrap.lines[0], spans=(replace(wrap.lines[0].spans[0], text=t),),
                                             bbox=(72, 120 + 10 * i, 540, 130 + 10 * i))
                                     for i, t in enumerate(wrap.text.split("\n"))))
    prose = block("The tool waits for the server and then goes on……", (72, 150, 540, 160), 0, 2)
    assert contents_entries([lof, wrap, prose]) == {lof.id, wrap.id}


def test_body_copy_of_a_contents_entry_stays() -> None:
    toc = _contents_page(0)
    toc[0] = block("1.1 Adding a chroot for older clients . . . . . . . . . . . . . . . . . .", toc[0].bbox, 0, 0)
    body = [block("1.1 Adding a chroot for older clients", (72, 100, 400, 110), 1, 0),
            block("Run the installer with the architecture of the older clients as its argument.",
                  (72, 120, 540, 130), 1, 1)]
    doc = document([page(0, toc), page(1, body)])
    out, removed = _dedup(doc, Config())
    assert [b.id for b in out.pages[1].blocks] == ["p1-b0", "p1-b1"]
    gone = {r.block.id: r.detail.get("kept") for r in removed}
    assert gone == {"p0-b0": "p1-b0"}  # the contents entry goes, pointing at the body title


def _pdf(path: Path) -> Path:
    pdf = pymupdf.open()
    p = pdf.new_page(width=595, height=842)
    p.insert_text((72, 90), "Network clients manual", fontsize=20)
    p.insert_text((72, 130), "This manual describes how to set up network clients for a school.", fontsize=10)
    p = pdf.new_page(width=595, height=842)  # a contents page without its title: no TOC to the chapter stage
    for i, t in enumerate(TITLES):
        p.insert_text((72, 90 + 18 * i), f"{t} " + ". " * 40, fontsize=10)
        p.insert_text((540, 90 + 18 * i), str(3 + i), fontsize=10)
    for i, t in enumerate(TITLES):
        p = pdf.new_page(width=595, height=842)
        p.insert_text((72, 90), t, fontsize=10)  # body size, unnumbered: read as text, not a heading
        p.insert_text((72, 120), f"The clients of section {i + 1} are set up by the administrator in a few steps.",
                      fontsize=10)
        p.insert_text((72, 136), f"Each step of section {i + 1} is described in the paragraphs below in order.",
                      fontsize=10)
    return save_pdf(pdf, path / "clients.pdf")


def test_generated_pdf_keeps_body_titles_repeated_in_its_contents(tmp_path: Path) -> None:
    pdf = _pdf(tmp_path)
    assert run_document(pdf, "clients", tmp_path / "out", Config())["status"] == "ok"
    removed = [json.loads(x) for x in (tmp_path / "out" / "clients" / "removed.jsonl").read_text().splitlines()]
    body_gone = [r for r in removed if r["stage"] == "dedup" and r["page"] > 2]
    assert body_gone == []
    text = chapters_text(tmp_path / "out", "clients")
    for t in TITLES:
        assert f"{t}\n" in text


QUESTIONS = ["如何在Plain TeX 中使用中文并且正确地设置字体和行距？", "如何将多篇参考文献合并在一个条目中列出并保持编号？",
             "为什么编译时提示找不到字体文件并且中止了整个编译过程？", "怎样让目录中的页码与正文中的页码保持一致而不出错？"]


def test_body_text_is_never_contained_in_a_contents_entry() -> None:
    """ctex-faq p9/p14/p28: body questions went as contained in one block of contents entries (the
    book's contents, read as one block at its end)."""
    body = [block(q, (72, 100, 540, 110), i, 0) for i, q in enumerate(QUESTIONS)]
    rows = [block(f"{i + 1} {q} . . . . . . . . . . . . {3 + i}", (72, 100 + 14 * i, 540, 110 + 14 * i))
            for i, q in enumerate(QUESTIONS)]
    toc = [replace(rows[0], id=f"p{len(QUESTIONS)}-b0", page=len(QUESTIONS), bbox=(72, 100, 540, 152),
                   text="\n".join(r.text for r in rows), lines=tuple(r.lines[0] for r in rows))]
    doc = document([page(i, [b]) for i, b in enumerate(body)] + [page(len(QUESTIONS), toc)])
    out, removed = _dedup(doc, Config())
    assert [r.block.id for r in removed if r.block.id in {b.id for b in body}] == []


def test_dedup_blocks_lets_a_contents_entry_go_for_the_body_copy() -> None:
    toc = block("Adding a chroot for older clients . . . . . . . . . . . . .", (72, 100, 540, 110), 0, 0)
    body = block("Adding a chroot for older clients", (72, 100, 400, 110), 1, 0)
    kept, removed = dedup_blocks([toc, body], Config().dedup, contents={toc.id})
    assert [b.id for b in kept] == [body.id]
    assert [(r.block.id, r.detail["kept"]) for r in removed] == [(toc.id, body.id)]


def test_a_segment_takes_its_blocks_place_in_reading_order() -> None:
    from pipeline.process import _position
    at = {"p1-b2": 3, "p1-b2-s0": 7}
    assert _position(at, "p1-b2-s1") == 3 and _position(at, "p1-b2-s0") == 7 and _position(at, "p1-b2") == 3


def test_a_block_of_contents_entries_ending_in_a_group_title_is_contents() -> None:
    """ctex-faq (zh9): once each contents row ('49', '实数域R 或复数域C 等的字体该用什么命令？. . . . 19',
    '19' on one baseline, the Han title's box 2 pt taller) read as one line, the rows stayed in MuPDF's
    blocks, one of them ending with the next group's title 'G.3其它'. Its last line held no leader, so it
    was no contents entry, and the body's questions went as copies of it (contained duplicates). A block
    at least half of whose lines end in a dot leader is one, whichever line it ends with."""
    questions = ["实数域R 或复数域C 等的字体该用什么命令？", "书中向量常用斜体加黑体表示，该用什么字体命令排版？"]
    texts = [f"{49 + i} {q}. . . . . . . . . . . . . . . . . . . . {19 + i}" for i, q in enumerate(questions)] + ["G.3其它"]
    lines = tuple(block(t, (72, 100 + 18 * i, 540, 110 + 18 * i)).lines[0] for i, t in enumerate(texts))
    toc = replace(block("\n".join(texts), (72, 100, 540, 146), 0, 0), lines=lines)
    assert contents_entries([toc]) == {toc.id}
    body = [block(f"{49 + i}{q}", (72, 100, 400, 110), 1 + i, 0) for i, q in enumerate(questions)]
    out, removed = _dedup(document([page(0, [toc])] + [page(1 + i, [b]) for i, b in enumerate(body)]), Config())
    assert [r.block.id for r in removed if r.block.id in {b.id for b in body}] == []
