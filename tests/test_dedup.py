"""Dedup: labelled near-duplicate pairs (precision/recall), invariants, segments, corpus join, the seed.

Run with ``-s`` to see the measured figures.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pytest
from datasketch import LeanMinHash, MinHash, MinHashLSH
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import patterns as P
from pipeline.config import DedupConfig
from pipeline.dedup import (CONTAINED, EXACT, NEAR, REPEATED, TRIMMED, band_keys, band_records, block_signatures,
                            dedup_blocks, dedup_segments, find_corpus_duplicates, shingle_array, shingles,
                            signatures, tokens)
from pipeline.metrics import dup_residue
from pipeline.normalize import clean_line, join_lines
from pipeline.types import Block, Removed

CFG = DedupConfig()
ROOT = Path(__file__).resolve().parents[1]


def blk(text: str, n: int, page: int = 0) -> Block:
    return Block(f"p{page}-b{n}", page, (0.0, float(n), 100.0, float(n + 1)), text)


def doc(texts: list[str]) -> list[Block]:
    return [blk(t, i) for i, t in enumerate(texts)]


def removed_map(removed: list[Removed]) -> dict[str, str]:
    return {r.block.id: r.detail["kept"] for r in removed}


# --- generated labelled pairs ----------------------------------------------------------

ZH_WORDS = ("科技 创新 发展 企业 研究 项目 平台 建设 推进 加快 持续 全面 重点 领域 产业 技术 服务 体系 能力 机制 国际 合作 "
            "人才 基础 重大 成果 转化 支撑 战略 数字 绿色 低碳 智能 制造 生物 医药 集成 电路 市场 资金 投入 政策 改革 开放 "
            "城市 区域 协同 功能 水平 质量 高效 核心 关键 突破 培育 优化 完善 实施 方案 计划 专项 中心 实验室 装置 设施 论文 "
            "专利 营业 收入 利润 增长 资产 负债 现金 股东 董事会 风险 管理 治理 内部 控制 审计 客户 供应链 海外 业务 板块 "
            "投资 融资 分红 标准 规划 示范 应用 场景 生态 载体 园区 孵化 基金 保险 金融 数据 安全 网络 算力 能源 材料").split()
EN_WORDS = ("group revenue growth year operating profit margin market customers products services strategy "
            "investment capital cash flow dividend board directors risk management sustainability emissions energy "
            "digital platform innovation research development employees shareholders segment europe asia americas "
            "performance increase decrease compared previous period results financial statements report annual "
            "continued strong demand supply chain costs efficiency program outlook guidance pricing volume inventory "
            "logistics retail software cloud network security regulatory compliance pension liabilities assets "
            "goodwill impairment acquisition").split()
ORGS = {"zh": "上海光源 张江实验室 临港集团 华东医药 长江存储 中芯国际 宝武集团 上汽集团 复星医药 联影医疗 商飞公司 微创医疗".split(),
        "en": "Acme Holdings|Borealis Energy|Cedar Logistics|Dunmore Bank|Elmwood Pharma|Fairview Motors|Granite Foods|"
              "Harbor Steel|Ionic Systems|Juniper Retail".split("|")}
TEMPLATES = {
    "zh": ["{y}年，{o}实现营业收入{f}亿元，同比增长{p}%，其中{o2}板块收入{f2}亿元。",
           "截至{y}年末，{o}累计承担国家科技重大专项{n}项，获得财政资金支持{f}亿元，带动社会投入{f2}亿元。",
           "报告期内，{o}研发投入{f}亿元，占营业收入的{p}%，新增授权专利{n}件，其中发明专利{n2}件。",
           "{y}年，{o}与{o2}共建联合创新中心{n}家，服务企业{n2}家，技术合同成交额{f}亿元。"],
    "en": ["In {y}, {o} reported revenue of {f} million, up {p}% year on year, while {o2} contributed {f2} million.",
           "At the end of {y}, {o} held cash of {f} million and net debt of {f2} million, a gearing ratio of {p}%.",
           "During {y}, {o} invested {f} million in research, {p}% of sales, and filed {n} patents with {o2}."],
    "mixed": ["{y}年，{o}发布AI大模型平台，GPU算力达到{n} PFLOPS，服务Fortune 500客户{n2}家，收入{f}亿元。",
              "{o}的ESG评级提升至AA级，Scope 1和Scope 2排放同比下降{p}%，绿色电力占比{n2}%（{y}年）。",
              "{y}年，{o}实现营业收入{f}亿元，同比增长{p}%，其中{o2}板块收入{f2}亿元。"],
}
FIGURE_SLOTS = ("f", "f2", "p", "n", "n2")


@dataclass(frozen=True)
class Case:
    text: str
    group: int  # a base and its near copy share a group >= 0; every other block has its own negative group
    kind: str


def slots(rng: random.Random, lang: str) -> dict[str, str]:
    o, o2 = rng.sample(ORGS["en" if lang == "en" else "zh"], 2)
    return {"y": str(rng.randint(2012, 2024)), "o": o, "o2": o2, "f": f"{rng.uniform(1, 999):.2f}",
            "f2": f"{rng.uniform(1, 999):.1f}", "p": f"{rng.uniform(0.5, 40):.1f}", "n": str(rng.randint(10, 999)),
            "n2": str(rng.randint(2, 99))}


def filler(rng: random.Random, lang: str) -> str:
    if lang == "en":
        return " ".join(rng.choice(EN_WORDS) for _ in range(rng.randint(8, 14))).capitalize() + "."
    return "".join(rng.choice(ZH_WORDS) for _ in range(rng.randint(6, 12))) + "。"


def render(lang: str, parts: tuple[str, str, str], values: dict[str, str]) -> str:
    return (" " if lang == "en" else "").join([parts[0].format(**values), parts[1], parts[2].format(**values)])


def near_copy(rng: random.Random, text: str, rate: float) -> str:
    """Edit ``rate`` of the characters, token by token (a CJK character, a word), never a figure.

    A changed figure makes a different block, not a copy (see DESIGN: digits are kept).
    """
    spans = [m.span() for m in P.DEDUP_TOKEN.finditer(text) if not m.group()[0].isdigit()]
    pieces, pos = [], 0
    for a, b in spans:
        pieces += [text[pos:a], text[a:b]]
        pos = b
    pieces.append(text[pos:])
    budget, done = max(1, round(rate * len(text))), 0
    while done < budget:
        i = 2 * rng.randrange(len(spans)) + 1
        latin = pieces[i].isascii()
        new = rng.choice(EN_WORDS) if latin else rng.choice("".join(ZH_WORDS))
        op = rng.random()
        done += max(len(pieces[i]), 1) if op < 0.75 else len(new)
        if op < 0.5:
            pieces[i] = new
        elif op < 0.75:
            pieces[i] = ""
        else:
            pieces[i] = new + (" " if latin else "") + pieces[i]
    return P.HSPACE.sub(" ", "".join(pieces)).strip()


def char_typos(rng: random.Random, text: str, rate: float) -> str:
    """OCR-like noise: ``rate`` of the letters replaced by random letters."""
    chars = list(text)
    letters = [i for i, c in enumerate(chars) if c.isascii() and c.isalpha()]
    for i in rng.sample(letters, max(1, round(rate * len(letters)))):
        chars[i] = rng.choice("abcdefghijklmnopqrstuvwxyz")
    return "".join(chars)


def excerpt_paragraphs() -> list[str]:
    """Body paragraphs of the seed excerpt (real wording), when the fixture is there."""
    try:
        from fixtures.excerpt import load_excerpt
    except ImportError:
        return []
    items = [i for c in load_excerpt().chapters for i in c.items if i.kind in ("body", "lead")]
    return [i.text for i in items if len(i.text) >= 40]


def refigure(rng: random.Random, text: str, years_only: bool) -> str:
    """Every number (or every year) replaced by a different one."""
    def swap(token: str) -> str:
        if not token[0].isdigit() or (years_only and not (len(token) == 4 and token.startswith("20"))):
            return token
        if years_only:
            return str(int(token) + rng.choice([-2, -1, 1, 2]))
        return str(int(token) + rng.randint(1, 9)) if token.isdigit() else token + "1"
    return P.DEDUP_TOKEN.sub(lambda m: swap(m.group()), text)


def labelled_cases(lang: str, n: int, seed: int) -> list[Case]:
    """Per base: a near copy (1-10% edited) and hard negatives differing in figures, years or names."""
    rng = random.Random(seed)
    cases: list[Case] = []
    real = excerpt_paragraphs() if lang == "zh" else []
    for g in range(n):
        if g < len(real):
            base = real[g]
            negatives = [("figures", refigure(rng, base, False)), ("years", refigure(rng, base, True))]
        else:
            parts = (rng.choice(TEMPLATES[lang]), filler(rng, lang), rng.choice(TEMPLATES[lang]))
            values = slots(rng, lang)
            base = render(lang, parts, values)
            other = slots(rng, lang)
            figures = {**values, **{k: other[k] for k in FIGURE_SLOTS}}
            years = {**values, "y": str(int(values["y"]) + rng.choice([-2, -1, 1, 2]))}
            sibling = {**slots(rng, lang), "y": values["y"]}  # another entity, its own figures, same year
            negatives = [(k, render(lang, parts, v)) for k, v in
                         (("figures", figures), ("years", years), ("names", sibling))]
        cases += [Case(base, g, "base"), Case(near_copy(rng, base, rng.uniform(0.01, 0.10)), g, "near")]
        cases += [Case(t, -1 - len(cases) - i, k) for i, (k, t) in enumerate(negatives) if t != base]
    rng.shuffle(cases)
    return cases


def score(cases: list[Case], removed: list[Removed]) -> tuple[int, int, int, int]:
    """(correct removals, all removals, pairs found, pairs)."""
    group = {f"p0-b{i}": c.group for i, c in enumerate(cases)}
    correct = [r for r in removed if group[r.block.id] == group[r.detail["kept"]] >= 0]
    pairs = {c.group for c in cases if c.kind == "near"}
    return len(correct), len(removed), len({group[r.block.id] for r in correct}), len(pairs)


def test_precision_recall_on_labelled_pairs() -> None:
    totals = np.zeros(4, dtype=int)
    for lang, seed in (("zh", 1), ("en", 2), ("mixed", 3)):
        cases = labelled_cases(lang, 150, seed)
        _, removed = dedup_blocks(doc([c.text for c in cases]), CFG)
        s = np.array(score(cases, removed))
        totals += s
        print(f"\n[dedup] {lang:5s} blocks={len(cases)} precision={s[0] / max(s[1], 1):.4f} "
              f"recall={s[2] / s[3]:.4f} removals={s[1]} pairs={s[3]}")
    precision, recall = totals[0] / totals[1], totals[2] / totals[3]
    print(f"[dedup] all   precision={precision:.4f} recall={recall:.4f}")
    assert precision >= 0.99
    assert recall >= 0.95


def test_known_limits_are_measured() -> None:
    """Not gates: names-only variants and OCR-like typos in Latin text (see the module docstring)."""
    rng = random.Random(9)
    names, typos = [], []
    for g in range(60):
        lang = ("zh", "en")[g % 2]
        parts = (rng.choice(TEMPLATES[lang]), filler(rng, lang), rng.choice(TEMPLATES[lang]))
        values = slots(rng, lang)
        o, o2 = rng.sample([x for x in ORGS["en" if lang == "en" else "zh"] if x not in (values["o"], values["o2"])], 2)
        names += [render(lang, parts, values), render(lang, parts, {**values, "o": o, "o2": o2})]
        base = render("en", (rng.choice(TEMPLATES["en"]), filler(rng, "en"), rng.choice(TEMPLATES["en"])),
                      slots(rng, "en"))
        typos += [base, char_typos(rng, base, rng.uniform(0.01, 0.10))]
    merged = len(dedup_blocks(doc(names), CFG)[1]) / (len(names) // 2)
    caught = len(dedup_blocks(doc(typos), CFG)[1]) / (len(typos) // 2)
    print(f"\n[dedup] limit: names-only variants merged={merged:.2f}; Latin char typos 1-10% caught={caught:.2f}")


# --- signatures and shingles ----------------------------------------------------------

def test_shingles_normalise_but_keep_digits() -> None:
    assert shingles("Revenue, GREW  strongly!", 3) == shingles("revenue grew strongly", 3)
    assert shingles("上海科技创新，", 3) == shingles("上海 科技创新", 3)
    assert shingles("ＡＢＣ corp ltd", 3) == shingles("abc corp ltd", 3)
    assert shingles("2022年营收129亿元", 3) != shingles("2023年营收129亿元", 3)
    assert tokens("Web3.0平台1,234.5亿") == ["web", "3.0", "平", "台", "1,234.5", "亿"]
    assert shingles("，。！", 3) == set() and shingles("", 3) == set()
    assert len(shingles("上海科技创新", 3)) == 4


def test_novel_run_counts_the_tokens_the_other_block_lacks() -> None:
    from pipeline.dedup.minhash import novel_run
    a = tokens(SENTENCES[0])
    other = shingle_array(a, CFG.shingle)
    assert novel_run(a, other, CFG.shingle) == 0
    edited = tokens(SENTENCES[0].replace("基本建成", "基本完成"))
    assert novel_run(edited, other, CFG.shingle) == 1
    added = tokens(SENTENCES[0] + "新的一句话在这里")
    assert novel_run(added, other, CFG.shingle) == 8
    assert novel_run(tokens("全新"), other, CFG.shingle) == 2  # fewer tokens than a shingle


def test_signatures_equal_datasketch_minhash_bulk() -> None:
    texts = ["上海科技创新中心建设取得重大进展，研发投入持续增长。", "Revenue grew 12% in 2023 on strong demand.", "短短的"]
    arrays = [shingle_array(tokens(t), CFG.shingle) for t in texts]
    ours = signatures(arrays, CFG)
    bulk = MinHash.bulk([a.tolist() for a in arrays], num_perm=CFG.num_perm, seed=CFG.seed, hashfunc=int)
    for row, m in zip(ours, bulk):
        assert np.array_equal(row, m.hashvalues)
        assert LeanMinHash(seed=CFG.seed, hashvalues=row, scheme="affine32") == LeanMinHash(m)
    with pytest.raises(ValueError):
        signatures([np.zeros(0, dtype=np.uint32)], CFG)


def test_band_candidates_equal_minhash_lsh() -> None:
    cases = labelled_cases("mixed", 40, 5)
    arrays = [shingle_array(tokens(c.text), CFG.shingle) for c in cases]
    sigs = signatures(arrays, CFG)
    keys = band_keys(sigs, CFG).tolist()
    lsh = MinHashLSH(num_perm=CFG.num_perm, params=(CFG.bands, CFG.rows))
    buckets: dict[int, set[int]] = {}
    for i, row in enumerate(sigs):
        lean = LeanMinHash(seed=CFG.seed, hashvalues=row, scheme="affine32")
        ours = {j for k in keys[i] for j in buckets.get(k, ())}
        assert ours == set(lsh.query(lean))
        lsh.insert(i, lean)
        for k in keys[i]:
            buckets.setdefault(k, set()).add(i)


# --- block pass -------------------------------------------------------------------------

def test_crowded_buckets_link_only_the_nearest_earlier_blocks() -> None:
    from pipeline.dedup.blockpass import BUCKET_CAP, _candidates
    n = BUCKET_CAP + 36
    keys = np.tile(np.arange(CFG.bands, dtype=np.uint64), (n, 1))  # every block in the same buckets
    found = _candidates(keys, np.zeros((n, CFG.num_perm), dtype=np.uint32), CFG)
    assert found[n - 1] == list(range(n - 1 - BUCKET_CAP, n - 1))
    assert found[5] == [0, 1, 2, 3, 4] and 0 not in found


def test_exact_and_near_duplicates_keep_the_first() -> None:
    a = "上海光源二期基本建成，硬X射线自由电子激光装置等一批国家重大科技基础设施加快建设。"
    near = a.replace("基本建成", "基本完成")
    kept, removed = dedup_blocks(doc([a, "无关的段落，讲的是另一件事情，完全不同。", a, near]), CFG)
    assert [b.id for b in kept] == ["p0-b0", "p0-b1"]
    assert [(r.block.id, r.reason, r.detail["kept"]) for r in removed] == [
        ("p0-b2", EXACT, "p0-b0"), ("p0-b3", NEAR, "p0-b0")]
    kept, removed = dedup_blocks(doc([near, a]), CFG)
    assert [b.id for b in kept] == ["p0-b0"] and removed[0].stage == "dedup"
    assert 0.5 <= removed[0].detail["similarity"] < 1


def test_different_figures_are_not_duplicates() -> None:
    a = "2023年，公司实现营业收入123.4亿元，同比增长5.6%，研发投入占营业收入的比例为8.1%，创历史新高。"
    b = "2022年，公司实现营业收入110.2亿元，同比增长3.1%，研发投入占营业收入的比例为7.9%，创历史新高。"
    year_only = a.replace("2023年", "2021年")
    assert dedup_blocks(doc([a, b, year_only]), CFG)[1] == []
    page_number_glued = a + " 12"  # an extra number is no replaced figure: a duplicate, the longer text stays
    assert removed_map(dedup_blocks(doc([a, page_number_glued]), CFG)[1]) == {"p0-b0": "p0-b1"}


def test_a_near_copy_with_a_new_sentence_is_trimmed_not_dropped() -> None:
    """A block repeating a paragraph and going on with new text (a text dump's paragraphs run
    together) is no near duplicate: dropping it would lose the new sentence.  The segment pass
    cuts the repeat and keeps the rest."""
    para = SENTENCES[0] + SENTENCES[1]
    new = "布局“双碳”绿色技术研发与应用示范，在新型能源、新型储能等重点领域取得系列技术突破。"
    earlier = para + SENTENCES[2]  # neither block holds the other: Jaccard alone would call them near
    kept, removed = dedup_blocks(doc([earlier, para + new]), CFG)
    assert removed == [] and len(kept) == 2
    kept, removed = dedup_segments(kept, CFG)
    assert [b.text for b in kept] == [earlier, new]
    assert [r.block.text for r in removed] == [para]
    small = para + "这一段话。"  # a few new tokens: still a near duplicate, the earlier block stays
    assert removed_map(dedup_blocks(doc([earlier, small]), CFG)[1]) == {"p0-b1": "p0-b0"}


def test_a_heading_glued_to_its_sentence_is_no_copy_of_its_contents_entry() -> None:
    """debian-edu-bullseye-manual p72: a title run into the one-line sentence under it matched its
    contents entry (Jaccard 0.57) and went, sentence and all.  A copy ending in a few words of its
    own is still a near duplicate."""
    entry = "17.1.3增添LTSP chroot来支持32位的电脑客户端."
    glued = "增添LTSP chroot来支持32位的电脑客户端创建chroot和SquashFS映像，运行："
    assert dedup_blocks(doc([entry, glued]), CFG)[1] == []
    assert removed_map(dedup_blocks(doc([entry, "增添LTSP chroot来支持32位的电脑客户端的方法"]), CFG)[1]) == {"p0-b1": "p0-b0"}


def test_latin_names_replaced_make_different_blocks() -> None:
    """A proper name or an identifier replaced by another is a different fact, like a figure
    (a director's profile, a function's prototype); a name dropped or a word edited is not."""
    a = ("Mr. Robert Chen serves as an independent non-executive director and chairs the audit "
         "committee of the board, reviewing the internal control and risk management systems.")
    b = a.replace("Robert Chen", "Alice Wong")
    assert dedup_blocks(doc([a, b]), CFG)[1] == []
    proto = "int asn1_read_value (asn1_node root, const char * name, void * ivalue, int * len)"
    other = proto.replace("asn1_read_value", "asn1_read_value_type")
    assert dedup_blocks(doc([proto, other]), CFG)[1] == []
    edited = a.replace("reviewing", "overseeing").replace("Robert ", "")
    assert removed_map(dedup_blocks(doc([a, edited]), CFG)[1]) == {"p0-b1": "p0-b0"}


def test_han_names_replaced_make_different_blocks() -> None:
    """A Chinese name replaced by another (a city, a subsidiary) is a different fact: every difference
    between the two sentences is a run of Han characters standing for another such run.  A near
    copy with a word edited, dropped or added, or one character changed, still goes."""
    a = "报告期内，公司在上海设立了新的研发中心，主要从事新能源汽车动力电池的研发与测试工作。"
    b = a.replace("上海", "北京")
    assert dedup_blocks(doc([a, b]), CFG)[1] == []
    c = "2022年，上海光源与张江实验室共建联合创新中心，面向长三角地区的集成电路和生物医药企业提供服务。"
    d = c.replace("上海光源", "华东医药").replace("张江实验室", "临港集团")
    assert dedup_blocks(doc([c, d]), CFG)[1] == []
    for edited in (a.replace("新的", ""), a.replace("主要", "主要负责"), a.replace("测试", "试验").replace("新的", ""),
                   a.replace("研发中心", "研究中心")):
        assert len(dedup_blocks(doc([a, edited]), CFG)[1]) == 1, edited  # one goes (the shorter, if inside)


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("公司在上海设立研发中心", "公司在北京设立研发中心", True),
    ("上海光源与 Acme Holdings 及张江实验室合作", "华东医药与 Acme Holdings 及临港集团合作", True),  # two names, Latin between
    ("公司在上海设立研发中心", "公司在上海设立研究中心", False),  # one character edited
    ("公司在上海设立研发中心", "司在上海设立了研发中心", False),  # one dropped, one added
    ("公司在上海设立研发中心", "公司在上海设立研发中心", False),  # nothing differs
    ("revenue in Shanghai grew", "revenue in Beijing grew", False),  # Latin names are latin_names' job
])
def test_renamed_is_every_difference_a_han_run_for_another(a: str, b: str, expected: bool) -> None:
    from pipeline.dedup.facts import renamed
    assert renamed(tokens(a), tokens(b)) is expected


def test_an_answer_negating_its_question_is_no_duplicate() -> None:
    """NEE: a disclosure's question and its answer restating it in the negative ("是否进行" /
    "未进行", "应说明原因" / "不存在") are different facts, like two figures."""
    question = ("公司前10 名普通股股东、前10 名无限售条件普通股股东在报告期内是否进行约定购回交易□是√否")
    answer = "公司前10 名普通股股东、前10 名无限售条件普通股股东在报告期内未进行约定购回交易。"
    assert dedup_blocks(doc([question, answer]), CFG)[1] == []
    rule = "The Company has pledged shares of its subsidiaries as collateral under the credit facility agreement."
    assert dedup_blocks(doc([rule, rule.replace("has pledged", "has not pledged")]), CFG)[1] == []
    copy = answer.replace("交易。", "交易")  # the same statement again: still a duplicate
    assert removed_map(dedup_blocks(doc([answer, copy]), CFG)[1]) == {"p0-b1": "p0-b0"}


@pytest.mark.parametrize("short_first", [True, False])
def test_contained_block_gives_way_to_the_longer(short_first: bool) -> None:
    para = ("重大创新任务加快承接布局。依托全市重大科技创新基地、高水平研究型大学和研究机构，积极承接一批国家科技创新2030重大项目任务。"
            "截至年底，累计牵头承担国家科技重大专项929项，获中央财政资金支持333.04亿元。")
    callout = "累计牵头承担国家科技重大专项929项"
    texts = [callout, para] if short_first else [para, callout]
    kept, removed = dedup_blocks(doc(texts), CFG)
    assert [b.text for b in kept] == [para]
    assert removed[0].reason == CONTAINED and removed[0].block.text == callout
    assert removed[0].detail["kept"] == kept[0].id and removed[0].detail["similarity"] >= CFG.containment


def test_empty_and_tiny_blocks_never_collide() -> None:
    texts = ["", "。", "——", "…", "a", "b", "12", "13", "1.1", "11", "总计", "合计", "Note 1", "Note 2", "", "。"]
    kept, removed = dedup_blocks(doc(texts), CFG)
    assert removed == [] and len(kept) == len(texts)
    kept, removed = dedup_blocks(doc(["总计", "总 计", "。"]), CFG)
    assert removed_map(removed) == {"p0-b1": "p0-b0"}  # the same tiny block is an exact duplicate


def test_dedup_is_deterministic_across_runs_and_hash_seeds() -> None:
    cases = labelled_cases("mixed", 30, 4)
    runs = [dedup_blocks(doc([c.text for c in cases]), CFG) for _ in range(2)]
    assert [r.to_dict() for r in runs[0][1]] == [r.to_dict() for r in runs[1][1]]
    code = ("import json,sys; sys.path.insert(0, %r); from tests.test_dedup import labelled_cases, doc, CFG;"
            "from pipeline.dedup import dedup_blocks, dedup_segments;"
            "b = doc([c.text for c in labelled_cases('mixed', 30, 4)]); k, r = dedup_blocks(b, CFG);"
            "k2, r2 = dedup_segments(b, CFG); print(json.dumps([x.to_dict() for x in r + r2], sort_keys=True))"
            % str(ROOT))
    outs = {hashlib.sha256(subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, cwd=ROOT,
                                          env={**os.environ, "PYTHONHASHSEED": s}).stdout).hexdigest()
            for s in ("1", "2")}
    assert len(outs) == 1


TEXTS = st.lists(st.sampled_from(["上海科技创新中心建设取得重大进展，研发投入持续增长。", "上海科技创新中心建设取得重大进展，研发投入增长。",
                                  "Revenue grew strongly in 2023 on demand for cloud services.", "2022年", "", "。",
                                  "累计牵头承担国家科技重大专项929项", "Revenue grew strongly in 2024 on demand for cloud."]),
                 max_size=12)


@settings(max_examples=40, deadline=None)
@given(TEXTS)
def test_block_output_is_an_ordered_subset(texts: list[str]) -> None:
    blocks = doc(texts)
    kept, removed = dedup_blocks(blocks, CFG)
    ids = [b.id for b in blocks]
    assert [b.id for b in kept] == [i for i in ids if i in {b.id for b in kept}]
    assert all(any(k is b for b in blocks) for k in kept)
    assert sorted([b.id for b in kept] + [r.block.id for r in removed]) == sorted(ids)
    assert all(r.detail["kept"] in ids and r.detail["kept"] != r.block.id for r in removed)


# --- segment pass ---------------------------------------------------------------------

SENTENCES = ["上海光源二期基本建成，硬X射线自由电子激光装置等一批国家重大科技基础设施加快建设。",
             "长三角国家技术创新中心进入实质性运行阶段，与细分领域科技型骨干企业共建230家企业联合创新中心。",
             "启动建设上海前瞻物质研究院，持续推进李政道研究所等高水平研究机构建设。",
             "The Group's revenue rose 12% to 3.4 billion, driven by demand for cloud services. ",
             "Operating margin improved by 80 basis points as logistics costs eased in the second half. "]


def test_segments_remove_text_seen_earlier_and_report_it() -> None:
    first = blk(SENTENCES[0] + SENTENCES[1], 0)
    copy = Block("p1-b0", 1, (10.0, 20.0, 30.0, 40.0), "建设。" + SENTENCES[1] + SENTENCES[2])  # cut mid-sentence
    whole = Block("p1-b1", 1, (0.0, 50.0, 9.0, 60.0), SENTENCES[0])
    kept, removed = dedup_segments([first, copy, whole], CFG)
    assert [b.id for b in kept] == ["p0-b0", "p1-b0"]
    assert kept[0] is first
    assert kept[1].text == SENTENCES[2] and TRIMMED in kept[1].flags and kept[1].bbox == copy.bbox
    parts = [(r.block.id, r.block.page, r.block.bbox, r.reason, r.detail["kept"]) for r in removed]
    assert parts == [("p1-b0-s0", 1, copy.bbox, REPEATED, "p0-b0"), ("p1-b1", 1, whole.bbox, REPEATED, "p0-b0")]
    assert removed[0].block.text == "建设。" + SENTENCES[1]
    assert removed[1].block is whole


def test_segments_keep_sentences_whose_figures_differ() -> None:
    a = "截至年底，累计牵头承担国家科技重大专项929项，获中央财政资金支持333.04亿元。"
    kept, removed = dedup_segments(doc([a, a.replace("929", "930")]), CFG)
    assert removed == [] and len(kept) == 2


def test_segments_cut_long_runs_inside_a_new_sentence() -> None:
    run = SENTENCES[1][:-1]
    later = "据统计，" + run + "，并将继续扩大。"
    kept, removed = dedup_segments(doc([SENTENCES[1], later]), DedupConfig(segment_min_run=20), dump=True)
    assert kept[1].text == "据统计，，并将继续扩大。"
    assert removed[0].block.id == "p0-b1-s0" and removed[0].block.text == run
    kept, removed = dedup_segments(doc([SENTENCES[1], later]), CFG, dump=True)  # default keeps a phrase < 60 chars
    assert removed == []
    assert dedup_segments(doc([SENTENCES[1], later]), DedupConfig(segment_min_run=20))[1] == []  # a PDF: never


def test_pdf_sentences_restating_a_phrase_stay_whole() -> None:
    """Alphabet's 10-K: the Class C sentence restates 75 characters of the Class A one; cutting
    them wrote "Our Class C April 3, 2014." """
    a = ("Our Class A stock has been listed on the Nasdaq Global Select Market under the symbol “GOOG” "
         "since August 19, 2004 and under the symbol “GOOGL” since April 3, 2014.")
    c = "Our Class C stock has been listed on the Nasdaq Global Select Market under the symbol “GOOG” since April 3, 2014."
    kept, removed = dedup_segments(doc([a + " Our Class B stock is neither listed nor traded. " + c]), CFG)
    assert removed == [] and c in kept[0].text


def test_a_sentence_repeated_but_for_a_name_stays() -> None:
    """Alphabet's 10-K: the Class C graph's caption repeats the Class A one but for "Class C
    Capital" (94% of its characters seen); it went as a repeat and the second graph lost its
    subject.  Names are facts in the segment pass, as figures are; a true repeat still goes."""
    a = ("The graph below compares Class A’s cumulative 5-year total stockholder return on common stock "
         "with the cumulative total returns of the S&P 500 index, the NASDAQ Composite index, and the "
         "RDG Internet Composite index.")
    c = a.replace("Class A’s", "Class C’s").replace("common stock", "capital stock")
    kept, removed = dedup_segments(doc([a, c]), CFG)
    assert [b.text for b in kept] == [a, c] and removed == []
    kept, removed = dedup_segments(doc([a, "Intro.", a]), CFG)
    assert [b.text for b in kept] == [a, "Intro."] and [r.reason for r in removed] == [REPEATED]


def test_pdf_short_label_restating_a_term_stays() -> None:
    """Bureau Veritas: the list label "b) Society Certificate (SC)" restates 22 characters of an
    earlier sentence; a short segment goes only as a whole sentence seen before."""
    rule = ("The Society requires that certain parts are verified and documented by means of Society "
            "Certificate (SC), Work Certificate (W) or Test Report (TR).")
    label = "b) Society Certificate (SC)"
    kept, removed = dedup_segments(doc([rule, label]), CFG)
    assert [b.text for b in kept] == [rule, label] and removed == []
    item = "• conformity with Rule requirements"  # a short sentence seen whole before still goes
    kept, removed = dedup_segments(doc([rule, item, "Another list:", item]), CFG)
    assert [b.text for b in kept] == [rule, item, "Another list:"]


def test_a_short_capitalised_abbreviation_ends_no_sentence() -> None:
    """Alphabet's 10-K: "The graph below matches Alphabet Inc. Class C’s cumulative …" lost its
    opening "The graph below matches Alphabet Inc." (a short "sentence" seen before), leaving a
    paragraph that starts mid-sentence.  A dot after a capitalised word of up to three letters
    (Inc., Co., Ltd., Mr., No., U.S.) ends no segment; other dots still do."""
    text = "The graph below matches Alphabet Inc. Class C’s return. Mr. Chen of Acme Co. Ltd. spoke. End."
    assert [m.group() for m in P.SEGMENT.finditer(text)] == [
        "The graph below matches Alphabet Inc. Class C’s return. ", "Mr. Chen of Acme Co. Ltd. spoke. ", "End."]
    a = "The graph below matches Alphabet Inc. Class A’s cumulative 5-year total stockholder return on common stock."
    c = "The graph below matches Alphabet Inc. Class C’s cumulative 5-year total stockholder return on capital stock."
    kept, removed = dedup_segments(doc([a, c]), CFG)
    assert [b.text for b in kept] == [a, c] and removed == []


def test_abbreviation_before_a_lowercase_word_ends_no_sentence() -> None:
    """Bureau Veritas' footnote "(7) Including identification (e.g. drawing number) of components."
    lost its tail: "e.g." ended a sentence, and the tail had been seen under footnote (3)."""
    assert [m.group() for m in P.SEGMENT.finditer("Including (e.g. drawing number) of parts. Next one.")] == [
        "Including (e.g. drawing number) of parts. ", "Next one."]
    first = "(3) Including identification (e.g. drawing number) of components."
    again = "(7) Including identification (e.g. drawing number) of components."
    kept, removed = dedup_segments(doc([first, "Table 3", again]), CFG)
    assert [b.text for b in kept] == [first, "Table 3", again] and removed == []


def test_segments_cut_a_repeat_s_head_glued_to_new_text_when_the_repeat_goes_on() -> None:
    """A text dump glues infographic labels to the tail of a sentence whose repeat runs on
    (the seed's 综述): the tail goes with the sentences after it, the labels stay."""
    labels = "综述 六个重点领域新赛道开展前沿技术布局聚焦元宇宙"
    tail = SENTENCES[0][10:]  # the end of a sentence seen before, without its beginning
    kept, removed = dedup_segments(doc([SENTENCES[0] + SENTENCES[1], labels + tail + SENTENCES[1]]), CFG, dump=True)
    assert [b.text for b in kept] == [SENTENCES[0] + SENTENCES[1], labels]
    assert [r.block.text for r in removed] == [tail + SENTENCES[1]]
    alone = labels + tail + "这是一个全新的句子，没有出现过，所以要保留。"  # the repeat stops: a phrase restated, kept
    assert dedup_segments(doc([SENTENCES[0] + SENTENCES[1], alone]), CFG, dump=True)[1] == []


def test_segments_keep_a_numbered_rule_whose_number_is_new() -> None:
    rule = "For approval of materials and weld procedure specifications. "
    more = "The weld procedure specification is to include details of pre and post weld heat treatment. "
    kept, _ = dedup_segments(doc(["(1) " + rule + more, "(2) " + rule + more]), CFG)
    assert kept[1].text == "(2) " + rule.strip()


def lined(block_id: str, lines: list[str]) -> Block:
    """A block whose text is its source lines joined, as a text dump or a PDF gives it."""
    from pipeline.types import Line, Span
    rows = tuple(Line((Span(t, (0.0, float(i), 1.0, float(i + 1))),), (0.0, float(i), 1.0, float(i + 1)))
                 for i, t in enumerate(lines))
    page = int(block_id[1:].split("-")[0])
    return Block(block_id, page, (0.0, 0.0, 1.0, float(len(lines))), join_lines(lines), lines=rows)


ITEM_A = "总决赛获奖名额增至38项，并设立超过30个优胜奖"
ITEM_B = "符合条件的获奖项目入选上海市相关人才计划"
NEW_LINE = "七月长三角科技创新共同体联合攻关合作机制发布"


def test_segments_cut_whole_repeated_lines_glued_to_new_text() -> None:
    """A doubled spread glued to the next page's first lines: the seen lines go, the new line stays."""
    first = lined("p0-b0", [ITEM_A, ITEM_B])
    glued = lined("p1-b0", [ITEM_A, ITEM_B, NEW_LINE])
    kept, removed = dedup_segments([first, glued], CFG, dump=True)
    assert dedup_segments([first, glued], CFG)[1] == []  # PDF blocks: no line cuts
    assert [b.text for b in kept] == [ITEM_A + ITEM_B, NEW_LINE]
    assert [(r.block.id, r.block.text, r.detail["kept"]) for r in removed] == [("p1-b0-s0", ITEM_A + ITEM_B, "p0-b0")]


def test_segments_keep_a_restated_phrase_that_fills_no_whole_line() -> None:
    first = lined("p0-b0", [ITEM_B + "。"])
    later = lined("p1-b0", ["据统计，" + ITEM_B + "的项目", NEW_LINE])
    kept, removed = dedup_segments([first, later], CFG, dump=True)
    assert removed == [] and kept[1].text == later.text


def test_segments_never_join_windows_seen_apart() -> None:
    """Two phrases seen in different places make no run where they meet: the line stays."""
    a = lined("p0-b0", ["前文提到：" + ITEM_A + "。"])
    b = lined("p0-b1", ["另外还有：" + ITEM_B + "。"])
    later = lined("p1-b0", [ITEM_A + ITEM_B, NEW_LINE + "并将继续扩大合作范围"])
    kept, removed = dedup_segments([a, b, later], CFG, dump=True)
    assert removed == [] and kept[2].text == later.text


def test_segments_never_cut_a_long_run_stitched_from_two_places() -> None:
    """IMF WEO: two phrases seen in different bullets met in a third sentence and were cut as one run."""
    a = "In emerging Asia, growth is projected to decline from 3.9 percent in 2022 to 1.5 percent in 2023."
    b = "For the euro area, 1.8 percent in 2023, with an upward revision of 0.3 percentage point is expected."
    later = ("In Latin America, growth is projected to decline from 3.9 percent in 2022 to "
             "1.8 percent in 2023, with an upward revision of 0.1 percentage point since October.")
    kept, removed = dedup_segments(doc([a, b, later]), CFG)
    assert removed == [] and kept[2].text == later


def test_segments_ignore_line_edges_when_lines_do_not_spell_the_text() -> None:
    first = lined("p0-b0", [ITEM_A, ITEM_B])
    rewritten = replace(lined("p1-b0", [ITEM_A, ITEM_B, NEW_LINE]), text=ITEM_A + "，" + ITEM_B + NEW_LINE)
    kept, removed = dedup_segments([first, rewritten], CFG, dump=True)
    assert removed == [] and kept[1].text == rewritten.text


def test_segments_never_split_a_word() -> None:
    text = "Operating margin improved by 80 basis points as logistics costs eased in the second half"
    later = f"In short, {text}, said the board"
    kept, _ = dedup_segments(doc([text + ".", later + "."]), DedupConfig(segment_min_run=20), dump=True)
    assert all(w in ("In", "short,", ",", "said", "the", "board.") for w in kept[1].text.split()), kept[1].text


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(SENTENCES) - 1), st.booleans()), max_size=14))
def test_segments_keep_every_sentence_once(plan: list[tuple[int, bool]]) -> None:
    texts, current = [], ""
    for i, new_block in plan:
        if new_block and current:
            texts.append(current)
            current = ""
        current += SENTENCES[i]
    texts += [current] if current else []
    kept, removed = dedup_segments(doc(texts), DedupConfig(segment_min_run=20))
    out = P.ANY_SPACE.sub("", "".join(b.text for b in kept))
    for i in {i for i, _ in plan}:
        assert P.ANY_SPACE.sub("", SENTENCES[i]) in out
    assert dup_residue(out) == 0.0
    assert {r.block.id.split("-s")[0] for r in removed} <= {b.id for b in doc(texts)}


PIECES = [s[a:b] for s in SENTENCES for a, b in ((0, 12), (5, 30), (10, len(s)))] + ["2022年", "No. 3 ", "\n"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(0, len(SENTENCES) + len(PIECES) - 1), min_size=1, max_size=6), max_size=12),
       st.booleans(), st.sampled_from([8, 12, 20]))
def test_segments_look_up_only_repeated_windows(plan: list[list[int]], dump: bool, window: int) -> None:
    """Looking up only windows that occur earlier, remembering only those that recur later, changes nothing:
    the same output as looking up and remembering every window."""
    from pipeline.dedup import segments
    texts = ["".join((SENTENCES + PIECES)[i] for i in block) for block in plan]
    blocks = [lined(f"p0-b{n}", t.split("\n")) if dump else blk(t, n) for n, t in enumerate(texts)]
    cfg = DedupConfig(segment_window=window, segment_min_run=max(window, 20))
    fast = dedup_segments(blocks, cfg, dump=dump)
    every = segments._repeats
    try:
        segments._repeats = lambda h: (list(range(len(h))), list(range(len(h))))  # type: ignore[assignment]
        full = dedup_segments(blocks, cfg, dump=dump)
    finally:
        segments._repeats = every
    assert fast == full


def test_repeats_lists_earlier_and_later_occurrences() -> None:
    from pipeline.dedup.segments import _repeats
    assert _repeats(np.array([7, 8, 7, 9, 7], dtype=np.uint64)) == ([2, 4], [0, 2])
    assert _repeats(np.zeros(0, dtype=np.uint64)) == ([], [])


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="ab .。，!?\n1", max_size=40))
def test_segment_pattern_tiles_any_text(text: str) -> None:
    assert "".join(P.SEGMENT.findall(text)) == text


def test_dup_residue() -> None:
    assert dup_residue("abc" * 3, n=3) == 1.0
    assert dup_residue("abcdef", n=3) == 0.0
    assert dup_residue("ab", n=3) == 0.0
    assert dup_residue("xyz123 q xyz123", n=6) == pytest.approx(12 / 13)


# --- corpus join ------------------------------------------------------------------------

def test_corpus_join_finds_boilerplate_and_near_duplicate_documents() -> None:
    boiler = "本报告所载资料的来源被认为是可靠的，但本公司不保证其准确性或完整性，投资者据此投资，风险自担。"
    a = [labelled_cases("zh", 6, 11)[i].text for i in range(12)]
    docs = {"A": [boiler] + a, "B": [boiler] + a[:-1], "C": [boiler, SENTENCES[0], SENTENCES[1], SENTENCES[2]]}
    per_doc = [band_records(d, block_signatures(doc(texts), CFG)) for d, texts in docs.items()]
    import heapq
    found = find_corpus_duplicates(heapq.merge(*per_doc), CFG)
    boilers = [c for c in found.boilerplate if c.docs == 3]
    assert len(boilers) == 1 and boilers[0].kept == ("A", "p0-b0")
    assert {m for m in boilers[0].members} == {("B", "p0-b0"), ("C", "p0-b0")}
    assert [(p.a, p.b) for p in found.doc_pairs] == [("A", "B")]
    with pytest.raises(ValueError):
        find_corpus_duplicates(list(reversed(sorted(r for recs in per_doc for r in recs))), CFG)


_ODD_CHARS = "，。：；（）！？　ＡＺａｚ０９．，％\u0301\u0308\u3099ﾞｶﾞｶfiﬁ①²Ⅳ㎡가\u11a8ＬＴＤ"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(_ODD_CHARS) + list("ab1 .,年份Ae\u00e9")), max_size=40))
def test_tokens_are_those_of_the_nfkc_text(text: str) -> None:
    """The full-width shortcut gives the tokens of NFKC(text), combining marks and all."""
    import unicodedata
    assert tokens(text) == P.DEDUP_TOKEN.findall(unicodedata.normalize("NFKC", text).casefold())


def test_block_signatures_skip_tiny_blocks_and_give_plain_ints() -> None:
    sigs = block_signatures(doc(["总计", SENTENCES[0]]), CFG)
    assert [bid for bid, _ in sigs] == ["p0-b1"]
    assert len(sigs[0][1]) == CFG.bands and all(type(k) is int for k in sigs[0][1])
    json.dumps(sigs)


# --- the real seed --------------------------------------------------------------------

def seed_output(path: Path, tmp: Path, min_run: int) -> str:
    """The chapter files the pipeline writes for the seed dump, concatenated."""
    from dataclasses import replace

    from pipeline.config import Config
    from pipeline.runner import run_document
    cfg = Config()
    cfg = replace(cfg, dedup=replace(cfg.dedup, segment_min_run=min_run))
    status = run_document(path, "seed", tmp, cfg)
    assert status["status"] == "ok", status
    return "\n".join(f.read_text(encoding="utf-8") for f in sorted((tmp / "seed" / "chapters").glob("*.md")))


def seed_figures(raw: str, out_text: str) -> tuple[float, float]:
    """(residue of the output, share of distinct >=15-Han input lines inside it), whitespace removed."""
    out = P.ANY_SPACE.sub("", out_text)
    lines = {P.ANY_SPACE.sub("", clean_line(ln)) for ln in raw.split("\n")}
    lines = {ln for ln in lines if len(P.HAN.findall(ln)) >= 15}
    return dup_residue(out_text), sum(ln in out for ln in lines) / len(lines)


def distinct_lines_residue(raw: str) -> float:
    """Residue of the dump with every repeated line dropped: repeats the report restates in new lines."""
    seen: set[str] = set()
    keep = []
    for line in raw.split("\n"):
        key = P.ANY_SPACE.sub("", clean_line(line))
        if key and key not in seen:
            seen.add(key)
            keep.append(line)
    return dup_residue("\n".join(keep))


@pytest.mark.parametrize(("min_run", "max_residue", "min_survival"), [
    (60, 0.06, 0.98),  # default: sentences stay whole; titles and facts restated inside new sentences stay twice
    (20, 0.015, 0.94),  # strict: every repeat the 20-char window sees goes, restated phrases cut from sentences
])
def test_seed_dump_is_deduplicated(seed_path: Path, tmp_path: Path, min_run: int, max_residue: float,
                                   min_survival: float) -> None:
    raw = seed_path.read_text(encoding="utf-8")
    residue, survival = seed_figures(raw, seed_output(seed_path, tmp_path, min_run))
    print(f"\n[dedup] seed min_run={min_run}: input residue={dup_residue(raw):.3f} output residue={residue:.4f} "
          f"han-line survival={survival:.4f}; distinct input lines alone: residue {distinct_lines_residue(raw):.4f}")
    assert residue <= max_residue
    assert survival >= min_survival


def test_seed_tradeoff_between_residue_and_survival(seed_path: Path, tmp_path: Path) -> None:
    """Prints residue and survival per ``segment_min_run``: cutting restated phrases costs whole lines."""
    raw = seed_path.read_text(encoding="utf-8")
    rows = [(m, *seed_figures(raw, seed_output(seed_path, tmp_path / str(m), m))) for m in (20, 30, 40, 60, 100)]
    print("\n[dedup] seed min_run residue survival\n" + "\n".join(f"[dedup] {m:>4} {r:.4f} {s:.4f}" for m, r, s in rows))
    assert rows[0][1] <= rows[-1][1] and rows[0][2] <= rows[-1][2]


def test_segment_pass_keeps_sentences_whose_number_was_never_seen_whole():
    from pipeline.config import DedupConfig
    from pipeline.dedup import dedup_segments
    from pipeline.types import Block
    texts = [f"Sideways line {i} of a timetable set a quarter turn." for i in range(12)]
    blocks = [Block(f"p0-b{i}", 0, (0, i, 1, i + 1), t) for i, t in enumerate(texts)]
    kept, removed = dedup_segments(blocks, DedupConfig())
    assert [b.text for b in kept] == texts and removed == []


# --- the segment pass's fast character classes ------------------------------------

_ALL_CHARS = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)


def test_isspace_pattern_is_exactly_str_isspace() -> None:
    """_skeleton drops whitespace with str.split and keeps the offsets of P.NOT_ISSPACE_RUN's runs:
    both patterns must agree with str.isspace on every character (ISSPACE_RUN did the dropping before)."""
    assert [c for c in _ALL_CHARS if bool(P.ISSPACE_RUN.fullmatch(c)) != c.isspace()] == []
    assert [c for c in _ALL_CHARS if bool(P.NOT_ISSPACE_RUN.fullmatch(c)) == c.isspace()] == []


def test_digit_like_holds_every_isdigit_character() -> None:
    """_segments finds digits with P.DIGIT_LIKE and confirms with isdigit: the pattern may miss none."""
    assert [c for c in _ALL_CHARS if c.isdigit() and not P.DIGIT_LIKE.fullmatch(c)] == []


def test_a_repeated_heading_with_nothing_of_its_own_goes() -> None:
    """The seed dump: a doubled spread's section titles stayed after its text went as repeats, so
    "## 提升环境吸引力，…" and "## 优化资源配置力，…" stood twice, the second time over nothing.  A
    heading that repeats an earlier one word for word goes when it heads no text (the next block is
    a heading, or there is none) or follows its twin directly; a repeated title over text stays."""
    from pipeline.dedup import repeated_headings
    from pipeline.types import HEADING

    def head(text: str, n: int) -> Block:
        return replace(blk(text, n), kind=HEADING)

    blocks = [head("提升环境吸引力", 0), blk("长三角科技创新共同体建设稳步推进。", 1), head("优化资源配置力", 2),
              blk("国际科技合作网络不断巩固拓展。", 3), head("提升环境吸引力", 4), head("优化资源配置力", 5),
              head("Démo installation Ubuntu", 6), blk("17h20", 7), head("Démo installation Ubuntu", 8),
              blk("18h10", 9), head("Notes", 10), head("Notes", 11), blk("Note 1 text.", 12)]
    removed = repeated_headings(blocks)
    assert [(r.block.id, r.reason, r.detail["kept"]) for r in removed] == [
        ("p0-b4", EXACT, "p0-b0"), ("p0-b5", EXACT, "p0-b2"), ("p0-b11", EXACT, "p0-b10")]


def test_a_heading_marked_continued_goes_with_its_twin_kept() -> None:
    """A statement's notes run over pages, each headed "Notes to the Financial Statements
    (continued)": each became a chapter of its own.  A heading that repeats an earlier one but for
    a continuation mark ("(continued)", "(cont'd)", "（续）") goes, the text under it left to the
    first; one without an earlier twin stays."""
    from pipeline.dedup import repeated_headings
    from pipeline.types import HEADING

    def head(text: str, n: int) -> Block:
        return replace(blk(text, n), kind=HEADING)

    blocks = [head("Notes to the Financial Statements", 0), blk("Note 1 text.", 1),
              head("Notes to the Financial Statements (continued)", 2), blk("Note 2 text.", 3),
              head("三、公司安全生产责任", 4), blk("正文。", 5), head("三、公司安全生产责任（续）", 6), blk("正文续。", 7),
              head("Segment information (cont'd)", 8), blk("Text.", 9)]
    removed = repeated_headings(blocks)
    assert [(r.block.id, r.detail["kept"]) for r in removed] == [("p0-b2", "p0-b0"), ("p0-b6", "p0-b4")]


def test_a_later_block_naming_what_the_earlier_does_not_stays() -> None:
    """install-latex-guide-zh-cn.pdf: the Ubuntu chapter's '与Windows 10类似,当正确安装后,…例如在Terminal中执行'
    went as a near duplicate of the Windows chapter's '当正确安装后,…例如在cmd执行' (Jaccard 0.67): names
    were compared only when both blocks held a capital, and 'Windows' and 'Terminal' were lost.  A
    later block naming things where the kept one names nothing states more than a copy.  The other
    way round, the Windows sentence ('cmd' for 'Terminal', 'Windows 10' dropped) differs in over a
    quarter of its tokens (``near_max_change``): it says something else, and stays too."""
    earlier = "当正确安装后,用户可以调出宏包手册以查阅相应内容.例如在cmd执行"
    later = "与Windows 10类似,当正确安装后,用户可以调出宏包手册以查阅相应内容.例如在Terminal中执行"
    assert dedup_blocks(doc([earlier, later]), CFG)[1] == []
    assert dedup_blocks(doc([later, earlier]), CFG)[1] == []


@pytest.mark.parametrize(("first", "second"), [
    ("在普通多用户模式模式下，可以使用命令行关闭系统。", "在单用户模式下，可以使用命令行关闭系统。"),
    ("对文件来说，每个对应权限允许下列动作。", "对于目录来说，每个对应权限允许下列动作。"),
    ("4.移除已安装的文件，除了配置文件", "4.移除已安装的文件，包含配置文件"),
    ("你可以通过fuser(1) 来识别出使用文件的进程，例如，用下面的方式识别出”/var/log/mail.log”由哪个进程打开。",
     "你可以通过fuser(1) 来识别出使用套接字的进程，例如，用下面的方式识别出”smtp/tcp”由哪个进程打开。"),
    ("网上（主要是来源于供应商信息）可以查看存储介质的最大使用寿命。", "网上（主要来源于供应商信息）可以查看存储介质的最大的写次数。"),
])
def test_parallel_sentences_are_no_near_duplicates(first: str, second: str) -> None:
    """debian-reference.zh-cn: sentences of one pattern saying different things (single-user and
    multi-user mode; files and directories; 'except' and 'including' the configuration files) went
    as near duplicates at Jaccard 0.50-0.65. A quarter or more of the shorter block's tokens
    differing is more than an edit of 1-10% of its characters (the labelled copies differ in at
    most ~23% of their tokens, counting a substitution twice)."""
    kept, removed = dedup_blocks(doc([first, second]), CFG)
    assert removed == [] and [b.text for b in kept] == [first, second]


def test_a_pdf_sentence_with_a_word_its_source_lacks_is_no_repeat() -> None:
    """en_bureau_veritas_rules_diesel_engines: the lubricating oil rule went as a repeat of the fuel
    oil rule before it (92% of its characters in windows seen before): 'lubricating' and 'such'
    are in no text that covered it. A word the covering text lacks makes another statement."""
    from pipeline.config import DedupConfig
    from pipeline.dedup import dedup_segments
    from pipeline.types import Block
    fuel = ("In fuel oil systems for propulsion machinery, filters are to be fitted and arranged so that an "
            "uninterrupted supply of filtered fuel oil is ensured during cleaning operations of the filter "
            "equipment, except when otherwise stated in Ch 1, Sec 10.")
    lube = ("In such lubricating oil systems for propulsion machinery, filters are to be arranged so that an "
            "uninterrupted supply of filtered lubricating oil is ensured during cleaning operations of the filter "
            "equipment, except when otherwise stated in Ch 1, Sec 10.")
    between = ("Efficient filters are to be fitted in the lubricating oil system when the oil is circulated under "
               "pressure, and the lubricating oil systems for propulsion machinery are to be arranged accordingly.")
    blocks = [Block(f"p{i}-b0", i, (0, 0, 1, 1), t) for i, t in enumerate([fuel, between, lube])]
    kept, removed = dedup_segments(blocks, DedupConfig())
    assert removed == [] and [b.text for b in kept][-1] == lube
    again = [*blocks, Block("p3-b0", 3, (0, 0, 1, 1), "In fuel oil systems for propulsion machinery, filters are to be "
                            "fitted and arranged so that an uninterrupted supply of filtered fuel oil is ensured during "
                            "cleaning operations of the filter equipment, except as otherwise stated in Ch 1, Sec 10.")]
    assert [r.block.id for r in dedup_segments(again, DedupConfig())[1]] == ["p3-b0"]  # 'as' for 'when': still a repeat


def test_a_word_with_accents_is_one_word_for_the_repeat_test() -> None:
    """The PDF repeat test (segments._words_in) read Latin words as runs of ASCII letters, so
    'Liberação' was 'Libera' and the rest fell away: a Portuguese instruction naming another form
    ('formulário de Liberação de Registros') passed as a repeat of one naming a form whose ASCII
    pieces it shares. Its words now come from the project's LATIN_WORD (every Latin letter)."""
    from pipeline.dedup.segments import _words
    assert _words("Para preencher o formulário de Liberação de Registros") == {
        "para", "preencher", "formulário", "liberação", "registros"}
