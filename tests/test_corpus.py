"""Corpus-level duplicates: a boilerplate page shared by two reports (issue 4)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import corpus
from pipeline.config import Config
from pipeline.io import read_jsonl
from pipeline.runner import run_document
from pipeline.types import Block

BOILERPLATE = ("本报告所载资料的来源及观点的出处皆被本公司认为可靠，但本公司不保证其准确性或完整性。"
               "本报告所载的资料、意见及推测仅反映本公司于发布本报告当日的判断，投资者应当自主作出投资决策并自行承担投资风险。")


def _report(n: int) -> str:
    body = [f"第{i}章 经营情况\n\n公司第{n}号报告第{i}章正文：本年度营业收入{100 + 7 * n + i}亿元，同比增长{n + i}%，"
            f"研发投入{10 + n * i}亿元，新增专利{200 + n + i}项，主要项目按计划推进。\n" for i in (1, 2)]
    return "\n".join(body) + "\n重要提示\n\n" + BOILERPLATE + "\n"


def _run(tmp: Path, cfg: Config) -> tuple[Path, dict]:
    out = tmp / "out"
    for n in (1, 2):
        src = tmp / f"report{n}.txt"
        src.write_text(_report(n), encoding="utf-8")
        assert run_document(src, f"report{n}", out, cfg)["status"] == "ok"
    bands = []
    for n in (1, 2):
        rows = read_jsonl(out / f"report{n}" / "blocks.jsonl")
        blocks = [Block(r["block"], r["page"] - 1, tuple(r["bbox"]), r["text"]) for r in rows]
        path = tmp / f"report{n}.bands"
        path.write_text(corpus.band_lines(f"report{n}", blocks, cfg.dedup), encoding="utf-8")
        bands.append(path)
    dups, _ = corpus.find(bands, out, cfg.dedup)
    return out, dups


def _text(doc_dir: Path) -> str:
    return "".join(f.read_text(encoding="utf-8") for f in sorted((doc_dir / "chapters").glob("*.md")))


def test_boilerplate_reported_and_removed_after_first_copy(tmp_path):
    cfg = Config().with_options(dedup={"remove_boilerplate": True})
    out, dups = _run(tmp_path, cfg)
    assert len(dups.boilerplate) == 1 and dups.boilerplate[0].docs == 2
    before = {n: _text(out / f"report{n}") for n in (1, 2)}
    drops = corpus.removals(dups)
    assert list(drops) == ["report2"]
    assert corpus.drop_blocks(out / "report2", drops["report2"]) == 1
    after = {n: _text(out / f"report{n}") for n in (1, 2)}
    assert BOILERPLATE in after[1] and BOILERPLATE not in after[2]
    assert after[1] == before[1]
    assert after[2] == before[2].replace(BOILERPLATE + "\n\n", "").replace("\n\n" + BOILERPLATE, "")
    removed = read_jsonl(out / "report2" / "removed.jsonl")
    assert [r["reason"] for r in removed if r["stage"] == "corpus"] == [corpus.REASON]
    manifest = json.loads((out / "report2" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["removed"][corpus.REASON] == 1


def test_distinct_reports_are_not_near_duplicates(tmp_path):
    _, dups = _run(tmp_path, Config())
    assert dups.doc_pairs == []


@pytest.mark.parametrize("remove", [False, True])
def test_batch_reports_and_optionally_drops_boilerplate(tmp_path, remove):
    from pipeline.cli import main
    src = tmp_path / "in"
    src.mkdir()
    for n in (1, 2):
        (src / f"report{n}.txt").write_text(_report(n), encoding="utf-8")
    cfg = tmp_path / "cfg.toml"
    cfg.write_text(f"[dedup]\nremove_boilerplate = {'true' if remove else 'false'}\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(src), "--out", str(out), "--config", str(cfg)]) == 0
    found = json.loads((out / "corpus_duplicates.json").read_text(encoding="utf-8"))
    assert [c["text"] for c in found["boilerplate"]] == [BOILERPLATE]
    texts = {n: _text(out / f"report{n}") for n in (1, 2)}
    assert BOILERPLATE in texts[1] and (BOILERPLATE in texts[2]) is (not remove)
    records = [json.loads(ln) for ln in (out / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sum(BOILERPLATE in r["text"] for r in records) == (1 if remove else 2)
    for n in (1, 2):  # everything else in both reports stays
        assert f"公司第{n}号报告第1章正文" in texts[n] and f"公司第{n}号报告第2章正文" in texts[n]


def test_band_lines_are_the_sorted_band_records() -> None:
    """band_lines sorts with numpy: the same lines as formatting dedup.band_records, copies included."""
    from pipeline import dedup
    cfg = Config().dedup
    texts = [BOILERPLATE, _report(1), BOILERPLATE, _report(2), "短", _report(1)]
    blocks = [Block(f"p{i % 3}-b{9 - i}", i % 3, (0.0, i, 1.0, i + 1.0), t) for i, t in enumerate(texts)]
    records = dedup.band_records("doc", dedup.block_signatures(blocks, cfg))
    assert corpus.band_lines("doc", blocks, cfg) == "".join(f"{b}\t{k}\t{d}\t{x}\n" for b, k, d, x in records)
    assert corpus.band_lines("doc", blocks[4:5], cfg) == ""


SHARED_CHAPTER = ("第3章 环境保护\n\n"
                  "公司严格执行国家环保标准，全年完成脱硫脱硝改造项目十二个，污染物排放总量同比下降百分之十五。\n\n"
                  "公司推进垃圾焚烧发电项目建设，新增日处理能力三千吨，覆盖城区人口约四百万人。\n\n"
                  "公司建立环境信息公开制度，按月发布排放数据，接受社会监督，未发生重大环境事件。\n")


def test_a_chapter_copied_into_another_report_is_reported(tmp_path):
    """Two reports that differ as wholes but share one chapter word for word: a chapter pair, no document pair."""
    from pipeline.cli import main
    src = tmp_path / "in"
    src.mkdir()
    (src / "report1.txt").write_text(_report(1) + "\n" + SHARED_CHAPTER, encoding="utf-8")
    (src / "report2.txt").write_text(_report(2) + "\n" + SHARED_CHAPTER, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(src), "--out", str(out)]) == 0
    found = json.loads((out / "corpus_duplicates.json").read_text(encoding="utf-8"))
    assert found["near_duplicate_documents"] == []
    pairs = [(p["a"]["doc"], p["b"]["doc"], p["share"]) for p in found["near_duplicate_chapters"]]
    assert pairs == [("report1", "report2", 1.0)]
    manifest = json.loads((out / "report1" / "manifest.json").read_text(encoding="utf-8"))
    titles = {c["index"]: c["title"] for c in manifest["chapters"]}
    assert titles[found["near_duplicate_chapters"][0]["a"]["chapter"]] == "第3章环境保护"


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 7), max_size=12), st.lists(st.booleans(), max_size=12))
def test_band_lines_reuse_the_block_pass_keys(picks: list[int], trimmed: list[bool]) -> None:
    """Keys the block pass signed (``Result.signed``) give the same lines as signing every text anew,
    for texts it saw, texts it did not (trimmed later, headings) and texts too short to sign."""
    from pipeline import dedup
    cfg = Config().dedup
    pool = [BOILERPLATE, _report(1), _report(2), "短", "第1章 经营情况", BOILERPLATE[:30], _report(3)[:60], "，。"]
    blocks = [Block(f"p0-b{i}", 0, (0.0, i, 1.0, i + 1.0), pool[k]) for i, k in enumerate(picks)]
    signed: dedup.Signed = {}
    dedup.dedup_blocks(blocks, cfg, signed)
    later = [replace(b, text=b.text[5:]) if cut else b for b, cut in zip(blocks, trimmed + [False] * len(blocks))]
    assert corpus.band_lines("doc", later, cfg, signed) == corpus.band_lines("doc", later, cfg)
