"""Batch bookkeeping: status files, shard markers, live progress, and reruns that redo only what is missing."""

from __future__ import annotations

import io
import os
import re
import time
from pathlib import Path

import pytest

from pipeline import batch
from pipeline.cli import main
from pipeline.progress import Progress

FP = "f00dfeed0000"
OK_LINE = re.compile(r"^reportclean: ok\s+(\S+):", re.M)


def _status(doc: str, ok: bool = True) -> dict:
    if ok:
        return {"doc": doc, "source": f"{doc}.txt", "status": "ok", "pages": 3, "chapters": 1,
                "files": {"manifest.json": 3}, "records": [{"doc": doc, "chapter": 1, "text": "正文"}]}
    return {"doc": doc, "source": f"{doc}.txt", "status": "failed", "stage": "open", "reason": "empty file"}


@pytest.fixture
def done(tmp_path: Path) -> tuple[Path, list[tuple[str, str]]]:
    """Two documents with valid statuses (one ok with its manifest, one failed)."""
    out = tmp_path / "out"
    items = []
    for doc, ok in (("a", True), ("b", False)):
        src = tmp_path / f"{doc}.txt"
        src.write_text("x\n", encoding="utf-8")
        items.append((str(src), doc))
        if ok:
            (out / doc).mkdir(parents=True)
            (out / doc / "manifest.json").write_text("{}\n", encoding="utf-8")
        batch.save_status(out, FP, str(src), _status(doc, ok))
    return out, items


def test_status_round_trip_keeps_records_apart(done):
    out, items = done
    (path_a, _), (path_b, _) = items
    status = batch.read_status(out, FP, "a", path_a)
    assert status["status"] == "ok" and "records" not in status
    assert batch.read_records(out, FP, "a") == '{"chapter":1,"doc":"a","text":"正文"}\n'
    assert batch.read_status(out, FP, "b", path_b)["reason"] == "empty file"


@pytest.mark.parametrize("damage", ["input_changed", "manifest_gone", "manifest_cut", "records_cut", "status_empty",
                                    "sizes_missing"])
def test_status_is_invalid_after_damage(done, damage):
    out, items = done
    path, doc = items[0]
    sp = batch.status_path(out, FP, doc)
    if damage == "input_changed":
        Path(path).write_text("changed\n", encoding="utf-8")
    elif damage == "manifest_gone":
        (out / doc / "manifest.json").unlink()
    elif damage == "manifest_cut":  # a power cut before the data reached the disk
        (out / doc / "manifest.json").write_bytes(b"{")
    elif damage == "sizes_missing":  # a status without file sizes cannot vouch for its folder
        status = batch.read_status(out, FP, doc, path)
        del status["files"]
        batch.save_status(out, FP, path, status)
    elif damage == "records_cut":
        sp.write_bytes(sp.read_bytes()[:-5])
    else:
        sp.write_bytes(b"")
    assert batch.read_status(out, FP, doc, path) is None


def test_shard_is_done_only_with_its_marker_and_unchanged_inputs(done):
    out, items = done
    assert not batch.shard_done(out, FP, items)
    batch.mark_shard_done(out, FP, items, [batch.read_status(out, FP, d, p) for p, d in items])
    assert batch.shard_done(out, FP, items)
    assert not batch.shard_done(out, FP, items[:1])  # another shard
    os.utime(items[1][0], ns=(1, 1))
    assert not batch.shard_done(out, FP, items)


def test_shard_is_not_done_when_an_output_went_missing(done):
    out, items = done
    batch.mark_shard_done(out, FP, items, [batch.read_status(out, FP, d, p) for p, d in items])
    (out / "a" / "manifest.json").unlink()
    assert not batch.shard_done(out, FP, items)


def test_a_rewrite_removes_the_shard_marker_first(done):
    out, items = done
    batch.mark_shard_done(out, FP, items, [batch.read_status(out, FP, d, p) for p, d in items])
    batch.unmark_shard(out, FP, items)
    assert not batch.shard_path(out, FP, items).exists() and not batch.shard_done(out, FP, items)
    batch.unmark_shard(out, FP, items)  # no marker: nothing to do


def test_progress_counts_only_statuses_written_after_the_start(tmp_path):
    out, items = tmp_path / "out", []
    for doc in ("a", "b", "c"):
        src = tmp_path / f"{doc}.txt"
        src.write_text("x\n", encoding="utf-8")
        items.append((str(src), doc))
    batch.save_status(out, FP, items[0][0], _status("a"))  # stale: written before the run
    progress = Progress(out, FP, items, already={"c"}, stream=io.StringIO())
    progress.poll()
    assert (progress.done, progress.pages) == (0, 0)
    batch.save_status(out, FP, items[1][0], _status("b", ok=False))
    os.utime(batch.status_path(out, FP, "b"), ns=(5, 5))
    batch.save_status(out, FP, items[0][0], _status("a"))
    os.utime(batch.status_path(out, FP, "a"), ns=(7, 7))  # rewritten: its mtime changed
    progress.poll()
    progress.poll()
    assert (progress.done, progress.failed, progress.pages) == (2, 1, 3)
    assert progress.line().startswith("reportclean: 3/3 documents (100%), 1 failed, ")


def test_progress_prints_plain_lines_when_not_a_terminal(tmp_path):
    stream = io.StringIO()
    with Progress(tmp_path, FP, [("a.txt", "a")], set(), stream, interval=0.01):
        time.sleep(0.1)
    lines = stream.getvalue().splitlines()
    assert lines and all(ln.startswith("reportclean: 0/1 documents (0%)") for ln in lines)
    assert "\r" not in stream.getvalue()


def _dumps(folder: Path, count: int) -> None:
    folder.mkdir()
    for n in range(count):
        (folder / f"d{n}.txt").write_text(f"第{n}号报告\n\n本年度第{n}项工作完成情况良好。\n", encoding="utf-8")


def test_rerun_redoes_only_what_changed(tmp_path, capsys):
    inputs, out = tmp_path / "in", tmp_path / "out"
    _dumps(inputs, 5)
    argv = ["run", str(inputs), "--out", str(out), "--shard-size", "2"]
    assert main(argv) == 0
    assert len(OK_LINE.findall(capsys.readouterr().err)) == 5
    assert main(argv) == 0
    assert OK_LINE.findall(capsys.readouterr().err) == []
    (inputs / "d3.txt").write_text("第3号报告\n\n内容已更新。\n", encoding="utf-8")
    assert main(argv) == 0
    assert OK_LINE.findall(capsys.readouterr().err) == ["d3"]
    assert len((out / "corpus.jsonl").read_text(encoding="utf-8").splitlines()) == 5
