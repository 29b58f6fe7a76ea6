"""Per-document limits: a document that hangs, eats memory or crashes fails alone."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from pipeline import runner
from pipeline.config import Config
from pipeline.isolate import run_limited

from .conftest import ROOT

SAMPLE = ROOT / "raw" / "shanghai-2022-sample.pdf"


def test_run_limited_passes_results_through():
    assert run_limited(lambda: {"status": "ok", "n": 3}, 10, 2048) == {"status": "ok", "n": 3}


def test_run_limited_time_limit():
    start = time.perf_counter()
    status = run_limited(lambda: time.sleep(30) or {}, 0.5, 2048)
    assert status["status"] == "failed" and "time limit" in status["reason"]
    assert time.perf_counter() - start < 10


def test_run_limited_memory_limit():
    status = run_limited(lambda: {"big": len(bytearray(3 << 30))}, 30, 1024)
    assert status["status"] == "failed" and "memory" in status["reason"]


def test_run_limited_crash():
    status = run_limited(lambda: os.kill(os.getpid(), 9) or {}, 30, 2048)
    assert status["status"] == "failed" and "SIGKILL" in status["reason"]


@pytest.mark.parametrize("behaviour,words", [
    (lambda *a: time.sleep(30), "time limit"),
    (lambda *a: bytearray(3 << 30), "memory"),
])
def test_hostile_document_fails_alone(tmp_path, monkeypatch, behaviour, words):
    pdf = tmp_path / "bomb.pdf"
    shutil.copy(SAMPLE, pdf)
    monkeypatch.setattr(runner, "process", behaviour)
    cfg = Config().with_options(limits={"timeout": 1.0, "memory_mb": 1024})
    status = runner.run_document(pdf, "bomb", tmp_path / "out", cfg)
    assert status["status"] == "failed" and words in status["reason"] and status["stage"] == "limits"
    assert not (tmp_path / "out" / "bomb").exists()


def test_isolated_run_gives_the_same_output(tmp_path):
    outs = []
    for isolate in (True, False):
        out = tmp_path / str(isolate)
        st = runner.run_document(SAMPLE, "s", out, Config().with_options(limits={"isolate": isolate}))
        assert st["status"] == "ok"
        outs.append({p.name: p.read_bytes() for p in sorted((out / "s" / "chapters").iterdir())})
    assert outs[0] == outs[1]
