"""scripts/account_check.py: source tokens are kept, logged as removed, or reported lost; kept tokens
not in the source are reported invented.  On a generated PDF at known coordinates, and (corpus-marked,
skipped without ../shared) on one dev PDF."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pymupdf
import pytest

from pipeline.config import Config
from pipeline.runner import run_document
from scripts.account_check import account, line_tokens, check_document, cleaned_documents, main, parse_args, tokens

from .conftest import CORPUS
from .helpers import save_pdf

BODY = [  # one paragraph whose first line ends in a hyphen inside "nearmiss"
    "The plant reported one near-",
    "miss in the first quarter and no lost-time injuries; the safety board",
    "reviewed every report within a week and published its findings to all",
    "staff before the next quarter ended.",
]


def report_pdf(path: Path) -> Path:
    """Two A4 pages of prose with page numbers, a slug outside the CropBox, and a Han line."""
    doc = pymupdf.open()
    for n in range(2):
        page = doc.new_page(width=595, height=842)
        page.insert_text((72, 40), "SLUG-ONLY-OUTSIDE", fontsize=8)  # above the CropBox set below
        for k, text in enumerate(BODY):
            page.insert_text((72, 120 + 14 * k), text, fontsize=10)
        page.insert_text((72, 200), "上海科技创新", fontsize=10, fontname="china-s")
        page.insert_text((290, 800), str(n + 1), fontsize=9)
        page.set_cropbox(pymupdf.Rect(0, 60, 595, 842))
    return save_pdf(doc, path)


@pytest.fixture
def cleaned(tmp_path: Path) -> tuple[Path, Path]:
    pdf = report_pdf(tmp_path / "report.pdf")
    assert run_document(pdf, "report", tmp_path / "out", Config())["status"] == "ok"
    return tmp_path / "out" / "report", pdf


def test_tokens_are_normalised_words_and_han_characters() -> None:
    assert tokens("Near-miss ﬁnance, 2023年 ＡＢＣ") == ["near", "miss", "finance", "2023", "年", "abc"]


def test_a_clean_document_loses_and_invents_nothing_and_the_slug_is_not_source(cleaned) -> None:
    doc_dir, pdf = cleaned
    row = check_document(doc_dir, pdf)
    assert row.lost == 0 and row.invented == row.in_titles
    assert "slug" not in {e.token for e in row.examples}
    assert row.accounted >= 2  # the page numbers, logged in removed.jsonl


def test_a_word_dropped_from_a_chapter_is_lost_with_its_page(cleaned) -> None:
    doc_dir, pdf = cleaned
    chapter = sorted((doc_dir / "chapters").glob("*.md"))[-1]
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("published", "", 1).replace("科", "", 1), encoding="utf-8")
    row = check_document(doc_dir, pdf)
    assert {(e.token, e.count) for e in row.examples} == {("published", 1), ("科", 1)}
    assert all(e.pages in ([1], [2]) for e in row.examples)


def test_words_glued_by_mistake_are_invented_and_their_parts_lost(cleaned) -> None:
    doc_dir, pdf = cleaned
    chapter = sorted((doc_dir / "chapters").glob("*.md"))[-1]
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("board reviewed", "boardreviewed", 1),
                       encoding="utf-8")
    row = check_document(doc_dir, pdf)
    assert row.invented_examples == [("boardreviewed", 1)]
    assert {e.token for e in row.examples} == {"board", "reviewed"}


def test_joins_count_as_kept_only_when_the_pieces_run_on_in_the_source() -> None:
    src = line_tokens("near-", 1) + line_tokens("page 2", 1) + line_tokens("miss A N N U A L lost-time", 2)
    got = account(src, ["nearmiss", "annual", "losttime", "page"], ["2"])
    assert got.lost == Counter() and got.invented == Counter() and got.joined == 3
    got = account(src, ["near", "missannual", "losttime", "page"], ["2"])  # words glued across a space
    assert got.invented == Counter({"missannual": 1}) and set(got.lost) == {"miss", "a", "n", "u", "l"}


def test_the_cleaned_folder_is_matched_to_its_sources_by_hash(cleaned, tmp_path: Path) -> None:
    doc_dir, pdf = cleaned
    assert cleaned_documents(doc_dir.parent, [pdf]) == [(doc_dir, pdf)]
    out = tmp_path / "rows.json"
    assert main([str(pdf), "--cleaned", str(doc_dir.parent), "--json", str(out)]) == 0
    assert '"lost": 0' in out.read_text(encoding="utf-8")
    assert parse_args([]).inputs  # the dev corpus by default


@pytest.mark.corpus
def test_a_dev_pdf_is_fully_accounted_for(corpus_dir: Path, tmp_path: Path) -> None:
    pdf = CORPUS / "zh_tebon_research_gaoce_2022.pdf"
    assert run_document(pdf, "tebon", tmp_path / "out", Config())["status"] == "ok"
    row = check_document(tmp_path / "out" / "tebon", pdf)
    assert row.lost_share <= 0.001 and row.invented - row.in_titles <= 2
