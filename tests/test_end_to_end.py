"""The whole path on the shipped sample and on a batch with broken inputs (issue 2's acceptance)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pymupdf
import pytest
import regex as re

from pipeline import patterns as P
from pipeline.cli import main
from pipeline.metrics import dup_residue

from .conftest import ROOT

SAMPLE = ROOT / "raw" / "shanghai-2022-sample.pdf"
TRUTH = json.loads((ROOT / "fixtures" / "sample_truth.json").read_text(encoding="utf-8"))
MARKUP = re.compile(r"^(?:#+ |> )", re.MULTILINE)


@pytest.fixture(scope="module")
def sample_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    assert main(["run", str(SAMPLE), "--out", str(out)]) == 0
    return out / "shanghai-2022-sample"


def _chapter_text(doc_dir: Path) -> str:
    return "\n".join(f.read_text(encoding="utf-8") for f in sorted((doc_dir / "chapters").glob("*.md")))


def test_sample_has_one_chapter_per_part(sample_out):
    manifest = json.loads((sample_out / "manifest.json").read_text(encoding="utf-8"))
    titles = [c["title"] for c in manifest["chapters"]]
    for part in TRUTH["chapters"]:
        assert part in titles
    assert manifest["imposition"]["kind"] == "split_spread"
    assert manifest["config"]["fingerprint"] and manifest["source"]["sha256"]
    assert sum(manifest["removed"].values()) == len((sample_out / "removed.jsonl").read_text().splitlines())


def test_sample_chapters_are_clean(sample_out):
    text = _chapter_text(sample_out)
    lines = [MARKUP.sub("", ln).strip() for ln in text.splitlines() if ln.strip()]
    assert not P.IMPOSITION_WORDS.search(text), "XMP history leaked"
    assert not [ln for ln in lines if P.PAGE_NUMBER_LINE.match(ln)], "page-number line left"
    heads = {re.sub(r"\s", "", h) for h in TRUTH["running_heads"]} - {re.sub(r"\s", "", c) for c in TRUTH["chapters"]}
    assert not [ln for ln in lines if re.sub(r"\s", "", ln) in heads], "running head left"
    assert dup_residue(text) <= 0.01


def test_sample_keeps_every_truth_block(sample_out):
    plain = re.sub(r"\s", "", MARKUP.sub("", _chapter_text(sample_out)))
    missing = [b["text"] for b in TRUTH["blocks"] if re.sub(r"\s", "", b["text"]) not in plain]
    assert missing == []


def test_chapter_files_follow_the_contract(sample_out):
    for f in (sample_out / "chapters").glob("*.md"):
        raw = f.read_bytes()
        text = raw.decode("utf-8")
        assert re.match(r"^\d{2}-", f.name) and text.startswith("# ") and text.endswith("\n")
        assert "\r" not in text and "\n\n\n" not in text


def _zero_page_pdf() -> bytes:
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def _encrypted_pdf(path: Path) -> None:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "secret")
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="o", user_pw="u")


def test_bad_inputs_fail_alone(tmp_path, capsys):
    batch = tmp_path / "batch"
    batch.mkdir()
    shutil.copy(SAMPLE, batch / "good.pdf")
    (batch / "good.txt").write_text("第一章 总则\n\n上海科技创新工作坚持以高水平科技自立自强为目标。\n", encoding="utf-8")
    (batch / "truncated.pdf").write_bytes(SAMPLE.read_bytes()[:5000])
    _encrypted_pdf(batch / "encrypted.pdf")
    (batch / "zero.pdf").write_bytes(_zero_page_pdf())
    (batch / "empty.txt").write_text("", encoding="utf-8")
    (batch / "renamed.pdf").write_text("just some text pretending to be a PDF\n" * 10, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(batch), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    bad = ["truncated", "encrypted", "zero", "empty", "renamed"]
    failed = [json.loads(ln) for ln in (out / "failed.jsonl").read_text().splitlines()]
    assert sorted(Path(f["file"]).stem for f in failed) == sorted(bad)
    for f in failed:
        assert f["reason"] and f"FAILED {f['file']}: {f['reason']}" in err
    for name in bad:
        assert not (out / name).exists()
    for name in ("good", "good-2"):
        assert (out / name / "manifest.json").exists()
    assert not list(out.glob(".*.tmp")) and not list(out.glob(".staging/*"))


def test_a_rerun_clears_what_a_killed_run_was_writing(tmp_path):
    """``kill -9`` mid-write leaves ``.<name>.<random>.tmp`` beside a batch file; the rerun removes it."""
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "good.txt").write_text("第一章 总则\n\n上海科技创新工作坚持以高水平科技自立自强为目标。\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    names = ("corpus.jsonl", "failed.jsonl", "corpus_duplicates.json")
    for name in names:
        (out / f".{name}.k1ll3d.tmp").write_text("half", encoding="utf-8")
    assert main(["run", str(batch), "--out", str(out)]) == 0
    assert sorted(p.name for p in out.glob(".*.tmp")) == []
    assert all((out / name).is_file() for name in names)
