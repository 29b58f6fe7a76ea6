"""Crash safety and determinism (issue 8).

``kill -9`` of a whole ``reportclean run`` (its process group: the Luigi
worker and the forked per-document children) at several moments, then a
rerun, gives the same bytes as an uninterrupted run, and at no moment does an
output that looks complete hold half a file.  Two runs with different hash
seeds give byte-identical outputs.  Everything under ``.work/`` (status files
with timings, markers) is bookkeeping and not compared.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from fixtures import hostile as H

from .conftest import ROOT

SAMPLE = ROOT / "raw" / "shanghai-2022-sample.pdf"
RUN_TIMEOUT = 120  # seconds for one uninterrupted run of the batch


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    """Six inputs: the sample, a 150-page report, a rotated page, garbled text, a text dump, a broken PDF."""
    d = tmp_path_factory.mktemp("batch")
    shutil.copy(SAMPLE, d / "sample.pdf")
    H.long_pdf(d / "long.pdf", 150)
    H.rotated_pdf(d / "rotated.pdf", 90)
    H.garbled_pdf(d / "garbled.pdf")
    (d / "dump.txt").write_text("第一章 总则\n\n上海科技创新工作坚持以高水平科技自立自强为目标。\n\n12\n\n"
                                "第二章 发展\n\n全年研发投入继续增长。\n", encoding="utf-8")
    (d / "truncated.pdf").write_bytes(SAMPLE.read_bytes()[:4000])
    return d


def _start(batch: Path, out: Path, hash_seed: str = "0", stderr: int = subprocess.PIPE) -> subprocess.Popen:
    """``reportclean run`` in a new session (its own process group, so a kill takes its children too)."""
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    return subprocess.Popen([sys.executable, "-m", "pipeline.cli", "run", str(batch), "--out", str(out)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True)


def _run(batch: Path, out: Path, hash_seed: str = "0") -> int:
    proc = _start(batch, out, hash_seed)
    _, err = proc.communicate(timeout=RUN_TIMEOUT)
    assert b"Traceback" not in err, err.decode(errors="replace")
    return proc.returncode


def _outputs(out: Path) -> dict[str, bytes]:
    """Every file under ``out`` except the bookkeeping in ``.work/``."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.relative_to(out).parts[0] != ".work"}


def _statuses(out: Path) -> int:
    return sum(1 for _ in out.glob(".work/*/status/*.jsonl"))


def _building(out: Path) -> list[str]:
    """Document folders being built (``.staging/<doc>.<random>.tmp``)."""
    return sorted(d.name for d in out.glob(".staging/*.tmp") if d.is_dir()) if out.exists() else []


def _assert_nothing_half_written(out: Path) -> None:
    """Every document folder that is there is whole; batch files parse to the last line."""
    for doc in (d for d in out.iterdir() if d.is_dir() and not d.name.startswith(".")):
        manifest = json.loads((doc / "manifest.json").read_text(encoding="utf-8"))
        listed = sorted(c["file"] for c in manifest["chapters"])
        assert listed == sorted(f"chapters/{f.name}" for f in (doc / "chapters").iterdir())
        for c in manifest["chapters"]:
            text = (doc / c["file"]).read_text(encoding="utf-8")
            assert text.startswith("# ") and text.endswith("\n")
        removed = (doc / "removed.jsonl").read_text(encoding="utf-8").splitlines()
        assert len(removed) == sum(manifest["removed"].values())
        for line in removed + (doc / "blocks.jsonl").read_text(encoding="utf-8").splitlines():
            json.loads(line)
    for name in ("corpus.jsonl", "failed.jsonl"):
        if (out / name).exists():
            text = (out / name).read_text(encoding="utf-8")
            assert text == "" or text.endswith("\n")
            for line in text.splitlines():
                json.loads(line)


@pytest.fixture(scope="module")
def runs(batch, tmp_path_factory) -> list[dict[str, bytes]]:
    """Two uninterrupted runs side by side, with different hash seeds."""
    outs = [tmp_path_factory.mktemp(f"run{seed}") / "out" for seed in "12"]
    with ThreadPoolExecutor(2) as pool:
        codes = list(pool.map(lambda k: _run(batch, outs[k], str(k + 1)), range(2)))
    assert codes == [1, 1]  # the truncated PDF fails
    return [_outputs(out) for out in outs]


def test_two_runs_are_byte_identical(runs):
    want, got = runs
    assert sorted(got) == sorted(want)
    assert [k for k in want if got[k] != want[k]] == []
    assert {"corpus.jsonl", "failed.jsonl", "sample/manifest.json", "long/manifest.json"} <= set(want)


def _kill_when(batch: Path, out: Path, moment: str) -> str:
    """Start a run on ``out`` and SIGKILL its process group at ``moment``; what was there then.

    ``startup``: after 0.3 s (imports); ``processing``: 0.3 s after the next
    document's status (the following document is being cleaned); ``writing``:
    as soon as a document folder is being built (``.staging/<doc>.*.tmp``), or after two
    more statuses when that is never caught.
    """
    proc = _start(batch, out, stderr=subprocess.DEVNULL)
    start, before = time.monotonic(), _statuses(out)
    done_at = None
    while proc.poll() is None and time.monotonic() - start < RUN_TIMEOUT:
        now, done = time.monotonic(), _statuses(out)
        if done > before and done_at is None:
            done_at = now
        if ((moment == "startup" and now - start >= 0.3)
                or (moment == "processing" and done_at is not None and now - done_at >= 0.3)
                or (moment == "writing" and (_building(out) or done >= before + 2))):
            break
        time.sleep(0.005)
    finished = proc.poll() is not None
    if not finished:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    docs = sum(1 for d in out.iterdir() if d.is_dir() and not d.name.startswith(".")) if out.exists() else 0
    return (f"{moment}: {_statuses(out)} statuses, {docs} document folders, building {_building(out)}"
            + (" (the run had finished)" if finished else ""))


def test_kill_and_rerun_gives_the_same_outputs(batch, runs, tmp_path):
    """One output folder, killed again and again while the reruns catch up, then finished."""
    out = tmp_path / "out"
    for moment in ("startup", "processing", "writing", "processing", "writing"):
        print(f"killed at {_kill_when(batch, out, moment)}")
        if out.exists():
            _assert_nothing_half_written(out)
    assert _run(batch, out) == 1
    want, got = runs[0], _outputs(out)
    assert sorted(got) == sorted(want)
    assert [k for k in want if got[k] != want[k]] == []
