"""Per-document limits: a document that hangs, eats memory or crashes fails alone."""

from __future__ import annotations

import atexit
import gc
import os
import shutil
import signal
import time

import pytest

from pipeline import runner
from pipeline.config import Config
from pipeline import isolate
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


def test_run_limited_child_exception_is_a_failure(capfd):
    status = run_limited(lambda: {"n": 1 / 0}, 30, 2048)
    assert status["status"] == "failed" and "code 1" in status["reason"]
    assert "ZeroDivisionError" in capfd.readouterr().err


def test_child_leaves_without_atexit_handlers(tmp_path):
    """Neither the child's own handlers nor those it inherited (a parent's cleanups) run in the child."""
    inherited, own = tmp_path / "inherited", tmp_path / "own"
    parent = os.getpid()

    def mark(path):
        if os.getpid() != parent:
            path.write_text("ran")

    atexit.register(mark, inherited)
    try:
        status = run_limited(lambda: atexit.register(mark, own) and {"status": "ok"}, 30, 2048)
    finally:
        atexit.unregister(mark)
    assert status == {"status": "ok"}
    assert not inherited.exists() and not own.exists()


def test_child_freezes_inherited_objects_parent_gc_unchanged():
    before = (gc.isenabled(), gc.get_freeze_count(), gc.get_threshold())
    status = run_limited(lambda: {"frozen": gc.get_freeze_count()}, 30, 2048)
    assert status["frozen"] > 1000  # the child's collections skip what it inherited
    assert (gc.isenabled(), gc.get_freeze_count(), gc.get_threshold()) == before


def _ended(pid: int) -> bool:
    try:
        return open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] in "ZX"
    except FileNotFoundError:
        return True


def test_answered_child_is_reaped_by_the_next_call():
    pid = run_limited(lambda: {"pid": os.getpid()}, 30, 2048)["pid"]
    deadline = time.monotonic() + 10
    while not _ended(pid) and time.monotonic() < deadline:
        time.sleep(0.01)
    run_limited(lambda: {}, 30, 2048)
    assert pid not in isolate._exiting
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_interrupt_kills_the_child(tmp_path):
    """Ctrl-C reaches the parent, not the child; the parent kills and reaps the child and re-raises."""
    pidfile = tmp_path / "pid"

    def interrupt(*_):
        raise KeyboardInterrupt

    def child():
        pidfile.write_text(str(os.getpid()))
        time.sleep(0.3)  # the parent is waiting by now (a signal during its fork hooks would be lost)
        os.kill(os.getppid(), signal.SIGINT)  # as a terminal's Ctrl-C would, to the parent...
        os.kill(os.getpid(), signal.SIGINT)  # ...and to the child, which ignores it
        time.sleep(30)
        return {}

    old = signal.signal(signal.SIGINT, interrupt)
    try:
        start = time.perf_counter()
        with pytest.raises(KeyboardInterrupt):
            run_limited(child, 60, 2048)
    finally:
        signal.signal(signal.SIGINT, old)
    assert time.perf_counter() - start < 10
    with pytest.raises(ChildProcessError):  # killed and reaped
        os.waitpid(int(pidfile.read_text()), os.WNOHANG)


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


def test_leftovers_are_found_without_listing_every_output_folder(tmp_path, monkeypatch):
    """A batch of 10,000 documents must not list the output folder once per document (quadratic):
    folders being built live in ``OUT/.staging``, the only folder searched for a document's leftovers."""
    import os

    from pipeline.isolate import remove_leftovers
    from pipeline.output import staging_dir, write_document_folder
    out = tmp_path / "out"
    for n in range(30):
        write_document_folder(out / f"doc{n}", [("01-a.md", "# a\n")], {"doc": f"doc{n}"}, [], [])
    stale = staging_dir(out) / "doc3.abc123.tmp"
    stale.mkdir()
    other = staging_dir(out) / "doc33.abc123.tmp"
    other.mkdir()
    listed = []
    real = os.scandir
    monkeypatch.setattr(os, "scandir", lambda p=".": listed.append(str(p)) or real(p))
    remove_leftovers(out, "doc3")
    assert str(out) not in listed
    assert not stale.exists() and other.exists()
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".staging"]
