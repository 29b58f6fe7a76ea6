"""Durability is per shard (issue 7): no fsync per document, one flush before a shard's marker.

A document is written without fsync; the shard flushes the filesystem once
(``batch.mark_shard_done``) and only then writes its done marker.  After a
power cut, a shard without a marker trusts a document only when every file
of its folder has the size its status recorded: an emptied or short file
makes the document run again, intact ones are skipped.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

import tasks
from pipeline import batch
from pipeline.cli import main
from pipeline.config import Config
from pipeline.io import sync_filesystem
from pipeline.runner import run_document

OK_LINE = re.compile(r"^reportclean: ok\s+(\S+):", re.M)


def _dumps(folder: Path, count: int) -> list[list[str]]:
    """``count`` small text dumps of two chapters each; their (path, doc id) items."""
    folder.mkdir()
    items = []
    for n in range(count):
        path = folder / f"d{n}.txt"
        path.write_text(f"第一章 总则\n\n第{n}号报告的总则。\n\n第二章 发展\n\n本年度第{n}项工作完成情况良好。\n",
                        encoding="utf-8")
        items.append([str(path), f"d{n}"])
    return items


def _outputs(out: Path) -> dict[str, bytes]:
    """Every file under ``out`` except the bookkeeping in ``.work/``."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.relative_to(out).parts[0] != ".work"}


@pytest.fixture
def fsyncs(monkeypatch) -> list[int]:
    """Every ``os.fsync`` call (still performed), by file descriptor."""
    calls: list[int] = []
    real = os.fsync

    def counted(fd: int) -> None:
        calls.append(fd)
        real(fd)
    monkeypatch.setattr(os, "fsync", counted)
    return calls


def test_run_document_does_not_fsync(tmp_path, fsyncs):
    (item,) = _dumps(tmp_path / "in", 1)
    status = run_document(Path(item[0]), item[1], tmp_path / "out", Config())
    assert status["status"] == "ok"
    assert fsyncs == []
    assert status["files"] == {rel: (tmp_path / "out" / "d0" / rel).stat().st_size for rel in status["files"]}
    assert {"manifest.json", "removed.jsonl", "blocks.jsonl"} < set(status["files"])


def test_run_document_fsyncs_every_file_when_asked(tmp_path, fsyncs):
    (item,) = _dumps(tmp_path / "in", 1)
    status = run_document(Path(item[0]), item[1], tmp_path / "out", Config(), durable=True)
    assert len(fsyncs) == len(status["files"]) + 3  # the files, chapters/, the folder, its parent


def test_sync_filesystem_flushes_without_error(tmp_path):
    (tmp_path / "f").write_text("x", encoding="utf-8")
    sync_filesystem(tmp_path)


def test_shard_flushes_before_its_marker(tmp_path, monkeypatch):
    items, out = _dumps(tmp_path / "in", 2), tmp_path / "out"
    task = tasks.CleanShard(items=items, out=str(out), config="")
    marker = batch.shard_path(out, tasks._fingerprint(""), items)
    seen = []

    def barrier(path: Path) -> None:
        whole = [doc for p, doc in items if batch.read_status(out, tasks._fingerprint(""), doc, p)]
        seen.append((Path(path), marker.exists(), whole))
    monkeypatch.setattr(batch, "sync_filesystem", barrier)
    task.run()
    assert seen == [(out, False, ["d0", "d1"])]  # once, after every document, before the marker
    assert marker.exists() and task.complete()


@pytest.mark.parametrize("damage", ["chapter_emptied", "manifest_cut", "blocks_cut"])
def test_power_cut_reruns_only_documents_with_short_files(tmp_path, capsys, damage):
    """Shards without markers (lost in the cut): damaged documents run again, whole ones are skipped."""
    _dumps(tmp_path / "in", 4)
    out = tmp_path / "out"
    argv = ["run", str(tmp_path / "in"), "--out", str(out), "--shard-size", "2"]
    assert main(argv) == 0
    capsys.readouterr()
    want = _outputs(out)
    for marker in out.glob(".work/*/shards/*.json"):
        marker.unlink()
    if damage == "chapter_emptied":
        next((out / "d1" / "chapters").iterdir()).write_bytes(b"")
    else:
        name = "manifest.json" if damage == "manifest_cut" else "blocks.jsonl"
        (out / "d1" / name).write_bytes((out / "d1" / name).read_bytes()[:-7])
    assert main(argv) == 0
    assert OK_LINE.findall(capsys.readouterr().err) == ["d1"]
    assert _outputs(out) == want
    assert len(list(out.glob(".work/*/shards/*.json"))) == 2
