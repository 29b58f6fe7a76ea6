"""Real documents (../shared): column order with sidebars apart, chapters against the outline, the seed's parts.

Skips without the dev data.  Figures (outline F1 per document) are printed; run with ``-s``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

from pipeline.chapters import drop_flagged
from pipeline.config import Config
from pipeline.outline import outline_entries, top_level
from pipeline.output import render_chapter
from pipeline.process import load, process
from pipeline.titles import title_key
from pipeline.types import ASIDE, Chapter

from .conftest import CORPUS, SEED

pytestmark = pytest.mark.corpus
SEED_PARTS = ["强化战略科技力量，支撑高水平科技自立自强", "提升科技供给能力，塑造高质量发展新动能",
              "强化企业创新主体地位，形成全链条创新加速机制", "配置全球创新资源，服务构建新发展格局",
              "优化科技治理体系，打造富有活力的创新生态"]
SEED_SECTIONS = [f"{p}.{s}" for p, n in ((1, 5), (2, 4), (3, 5), (4, 3), (5, 4)) for s in range(1, n + 1)]


def _need(path: Path) -> Path:
    if not path.is_file():
        pytest.skip(f"dev data not present at {path}")
    return path


@lru_cache(maxsize=None)
def chapters_of(path: Path) -> tuple[Chapter, ...]:
    """The document's chapters after the chapter stage's flagged blocks (TOC, running heads) are dropped."""
    kept, _ = drop_flagged(process(path, path.stem, Config()).chapters)
    return tuple(kept)


def markdown(path: Path) -> str:
    return "\n".join(render_chapter(c) for c in chapters_of(_need(path)))


def in_order(text: str, *phrases: str) -> bool:
    at = [text.find(p) for p in phrases]
    return all(a >= 0 for a in at) and at == sorted(at)


# --- column order, sidebars apart ---------------------------------------------------------


def test_imf_reads_the_column_beside_the_chart_whole_then_the_chart() -> None:
    md = markdown(CORPUS / "en_imf_weo_update_jan2023.pdf")
    paragraph = re.search(r"^Monetary policy starts to bite\..*$", md, re.M)
    assert paragraph and paragraph.group(0).endswith("significantly stronger than a year ago.")
    assert "in anticipation of interest rate cuts (Box 1), despite central banks’ communicating" in paragraph.group(0)
    assert in_order(md, "Monetary policy starts to bite.", "> Figure 1. Twin Peaks? Headline and Core Inflation",
                    "> Sources: Haver Analytics", "Winter comes to Europe.")


def test_tebon_reads_the_main_column_in_order_with_the_sidebar_apart() -> None:
    path = _need(CORPUS / "zh_tebon_research_gaoce_2022.pdf")
    md = markdown(path)
    assert in_order(md, "• 事件：公司拟与壶关县人民政府签署", "• 顺应下游需求扩张", "• 依托壶关低成本电价",
                    "• 切割工艺的持续进步领先", "• 盈利预测与投资建议", "• 风险提示")
    assert "• 盈利预测与投资建议：预计公司2022-2024年归母净利润4.7、7.2、9.3亿元，对应PE 30、20、15 倍，维持“增持”评级。" in md
    asides = [b.text for c in chapters_of(path) for b in c.blocks if b.kind == ASIDE and b.page == 0]
    sidebar = "\n".join(asides)
    assert all(s in sidebar for s in ("证券分析师", "倪正洋", "市场表现", "相关研究"))
    assert not any(s in b.text for c in chapters_of(path) for b in c.blocks if b.kind != ASIDE
                   for s in ("证券分析师", "资格编号：S0120521020003"))


def test_bureau_veritas_reads_the_left_column_first() -> None:
    md = markdown(CORPUS / "en_bureau_veritas_rules_diesel_engines.pdf")
    assert in_order(md, "## 1 General", "## 1.1 Application", "a) main propulsion engines",
                    "## 1.2 Documentation flow for diesel engine", "b) Engines to be installed", "## 1.2.3 Approval")


# --- chapters ------------------------------------------------------------------------------


def f1(found: list[str], expected: list[str]) -> float:
    """F1 of titles compared after whitespace and punctuation normalisation (``title_key``)."""
    a, b = {title_key(t) for t in found}, {title_key(t) for t in expected}
    hits = len(a & b)
    return 2 * hits / (len(a) + len(b)) if a or b else 1.0


def test_chapters_match_the_outline_on_every_corpus_pdf(corpus_dir: Path) -> None:
    checked = 0
    for path in sorted(corpus_dir.glob("*.pdf")):
        outline = load(path, path.stem, Config()).outline
        if not outline:
            continue
        entries = outline_entries(outline)
        level = top_level(entries)
        chapters = chapters_of(path)
        from_outline = [c.title for c in chapters if c.source == "outline"]
        if level is None:  # nothing but hidden bookmarks or a lone title: the outline is not evidence
            print(f"outline {path.stem}: {len(outline)} entries, judged junk; chapters from "
                  f"{sorted({c.source for c in chapters})}")
            assert not from_outline
            continue
        tops = [e.title for e in entries if e.level == level]
        score, overall = f1(from_outline, tops), f1([c.title for c in chapters], tops)
        print(f"outline {path.stem}: {len(tops)} top entries; F1 {score:.3f} over the outline's chapters, "
              f"{overall:.3f} over all {len(chapters)} chapters (front matter included)")
        assert score >= 0.95
        checked += 1
    assert checked >= 1


def test_seed_parts_are_chapters_and_sections_are_headings() -> None:
    chapters = chapters_of(_need(SEED))
    titles = [c.title for c in chapters]
    assert [t for t in titles if t in SEED_PARTS] == SEED_PARTS
    md = "\n".join(render_chapter(c) for c in chapters)
    found = re.findall(r"^## (\d\.\d) \S", md, re.M)
    print(f"seed: {len(chapters)} chapters, {len(found)} numbered section headings")
    assert found == SEED_SECTIONS  # each once, in order, number first
    assert not [t for t in titles if re.search(r"\D0[1-5]$", t)]  # no glued part numbers: "…自立自强01"


def test_alphabet_items_are_headings_and_words_stay_apart() -> None:
    """10-K Items set with an ornamental dash are headings (not pull quotes); the Wingdings arrow is gone;
    Amazon's word spaces written as spans of their own still separate words."""
    md = markdown(_need(CORPUS / "en_alphabet_2022_annual_report_p18-21.pdf"))
    for item in ("ITEM 1B. UNRESOLVED STAFF COMMENTS", "ITEM 2. PROPERTIES", "ITEM 3. LEGAL PROCEEDINGS"):
        assert re.search(rf"^#+ {re.escape(item)}$", md, re.M), item
    assert "z PART II" not in md and "> —" not in md
    letter = markdown(_need(CORPUS / "en_amazon_2023_shareholder_letter.pdf"))
    assert "in front of us." in letter and "hundreds of millions of products" in letter
