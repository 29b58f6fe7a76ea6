"""Many machines, simulated: two ``reportclean run`` workers on one ``luigid`` and one shared output folder.

Every document must be processed exactly once (one "ok" line across both
workers), and the outputs must equal a single-process run byte for byte.
Success is decided by a final completeness check, not by Luigi's return
(two workers on one scheduler may each see tasks "run by another worker").
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from fixtures.excerpt import ReportText, load_excerpt
from fixtures.layouts import build_doc, plain, split_spreads, unsplit_spreads, with_printer_marks
from pipeline import batch
from pipeline.config import Config

ROOT = Path(__file__).resolve().parents[1]
LUIGID = "import sys; from luigi.cmdline import luigid; luigid(sys.argv[1:])"
OK_LINE = re.compile(r"^reportclean: ok\s+(\S+):", re.M)
START_TIMEOUT = 15.0
RUN_TIMEOUT = 90.0


def _inputs(folder: Path) -> list[Path]:
    """Four small PDFs (one imposition variant each, two chapters of the excerpt) and four text dumps."""
    folder.mkdir()
    excerpt = load_excerpt()
    small = build_doc(ReportText(excerpt.title, excerpt.chapters[:2]))
    paths = []
    for builder in (plain, split_spreads, unsplit_spreads, with_printer_marks):
        path = folder / f"{builder.__name__}.pdf"
        path.write_bytes(builder(small)[0])
        paths.append(path)
    for n in range(4):
        path = folder / f"dump-{n}.txt"
        path.write_text(f"第{n}章 概述\n\n本年度第{n}项工作进展顺利，完成投资{n * 17 + 3}亿元。\n\n"
                        f"Item {n}: revenue grew by {n + 4} percent.\n\n{n + 1}\n\n"
                        f"第二节 展望\n\n明年将继续推进第{n}项重点任务。\n", encoding="utf-8")
        paths.append(path)
    return paths


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port: int, proc: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"luigid exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"luigid did not answer on port {port} within {timeout}s")


def _run(inputs: Path, out: Path, cwd: Path, *extra: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    cmd = [sys.executable, "-m", "pipeline.cli", "run", str(inputs), "--out", str(out), "--workers", "1", *extra]
    return subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish(proc: subprocess.Popen[str]) -> tuple[int, str]:
    try:
        _, err = proc.communicate(timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
        pytest.fail(f"worker timed out:\n{err[-3000:]}")
    return proc.returncode, err


def _files(out: Path) -> dict[str, bytes]:
    """The outputs that must not depend on how the batch was scheduled."""
    found = {"corpus.jsonl": (out / "corpus.jsonl").read_bytes(), "failed.jsonl": (out / "failed.jsonl").read_bytes()}
    for path in sorted(out.glob("*/chapters/*.md")) + sorted(out.glob("*/removed.jsonl")):
        found[str(path.relative_to(out))] = path.read_bytes()
    return found


def test_two_workers_on_luigid_process_each_document_once(tmp_path: Path) -> None:
    paths = _inputs(tmp_path / "in")
    single, shared = tmp_path / "single", tmp_path / "shared"
    code, err = _finish(_run(tmp_path / "in", single, tmp_path))
    assert code == 0, err[-3000:]

    port = _free_port()
    (tmp_path / "logs").mkdir()  # luigid --logdir fails when the folder is missing
    luigid = subprocess.Popen([sys.executable, "-c", LUIGID, "--port", str(port), "--address", "127.0.0.1",
                               "--state-path", str(tmp_path / "state.pickle"), "--logdir", str(tmp_path / "logs")],
                              cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for_port(port, luigid, START_TIMEOUT)
        url = f"http://127.0.0.1:{port}/"
        workers = [_run(tmp_path / "in", shared, tmp_path, "--scheduler-url", url) for _ in range(2)]
        results = [_finish(w) for w in workers]
    finally:
        luigid.terminate()
        try:
            luigid.wait(timeout=10)
        except subprocess.TimeoutExpired:
            luigid.kill()

    logs = "\n".join(err for _, err in results)
    runs = Counter(OK_LINE.findall(logs))
    items = batch.plan(batch.expand_inputs([tmp_path / "in"]))
    docs = {doc for _, doc in items}
    assert set(runs) == docs and set(runs.values()) == {1}, f"runs per document: {dict(runs)}\n{logs[-3000:]}"
    fp = Config().fingerprint()
    statuses = [batch.read_status(shared, fp, doc, path) for path, doc in items]
    assert len(items) == len(paths) and all(s and s["status"] == "ok" for s in statuses), statuses
    assert _files(shared) == _files(single)
    assert [code for code, _ in results] == [0, 0], logs[-3000:]
