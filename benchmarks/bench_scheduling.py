"""Scheduling and completion-checking overhead of ``reportclean run`` per document.

Usage (from the repository root)::

    python benchmarks/bench_scheduling.py [--docs 10000] [--shard-size 0] [--json FILE]

Generates ``--docs`` tiny ``.txt`` dumps (see ``benchmarks/synth.py``) and runs
``reportclean run`` on them twice, in this process, through the real CLI
(``pipeline.cli.main``: planning, Luigi scheduling of the shard tasks,
completion checks, status files, ``corpus.jsonl``, the summary):

1. fresh: overhead = (wall time - the summed time inside ``run_document``, in the shards'
   flushes to disk (``batch.sync_filesystem``) and in the corpus step (``corpus.corpus_step``,
   the batch's boilerplate join)) / documents; the flush and the join are reported apart (the
   documents' durability, batched per shard, and the batch's own dedup work);
2. already complete: wall time / documents (no document is processed again).

``run_document`` and the flush are wrapped to time them, so only a local scheduler with one
worker is measured (the work then runs in this process).  Progress lines go
to a log file, not the terminal.  Target: under 1 ms per document.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import tasks  # noqa: E402
from pipeline import batch, cli, corpus  # noqa: E402
from synth import tiny_dumps  # noqa: E402


class Timed:
    """A module's function with its time summed (``tasks.run_document``, ``batch.sync_filesystem``)."""

    def __init__(self, module: Any, name: str) -> None:
        self.module, self.name = module, name
        self.inner = getattr(module, name)
        self.seconds = 0.0
        self.calls = 0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return self.inner(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - start
            self.calls += 1

    def __enter__(self) -> Timed:
        setattr(self.module, self.name, self)
        return self

    def __exit__(self, *exc: Any) -> None:
        setattr(self.module, self.name, self.inner)


def timed_run(argv: list[str], log: Path) -> tuple[int, float, Timed, Timed, Timed]:
    """One ``reportclean run``: exit code, wall seconds, and the timed documents, shard flushes and
    corpus step (the batch's boilerplate and near-duplicate join)."""
    with Timed(tasks, "run_document") as docs, Timed(batch, "sync_filesystem") as flush, \
            Timed(corpus, "corpus_step") as join:
        with log.open("a", encoding="utf-8") as fh, contextlib.redirect_stderr(fh):
            start = time.perf_counter()
            code = cli.main(argv)
            wall = time.perf_counter() - start
    return code, wall, docs, flush, join


def measure(docs: int, shard_size: int, tmp: Path) -> dict[str, Any]:
    start = time.perf_counter()
    tiny_dumps(tmp / "in", docs)
    generate = time.perf_counter() - start
    argv = ["run", str(tmp / "in"), "--out", str(tmp / "out"), "--shard-size", str(shard_size)]
    log = tmp / "run.log"
    code1, wall1, t1, f1, j1 = timed_run(argv, log)
    code2, wall2, t2, _, _ = timed_run(argv, log)
    if code1 or code2 or t1.calls != docs or t2.calls:
        raise SystemExit(f"unexpected run: exit codes {code1}, {code2}; documents processed {t1.calls}, then "
                         f"{t2.calls} (expected {docs}, then 0); see the log:\n{log.read_text()[-2000:]}")
    # The shard's flush makes its documents' outputs durable (it replaced one fsync per document
    # inside run_document) and the corpus step joins their band keys: the documents' own work,
    # reported apart from the scheduling and completion-checking overhead.
    fresh = (wall1 - t1.seconds - f1.seconds - j1.seconds) / docs * 1000
    flush = f1.seconds / docs * 1000
    joined = j1.seconds / docs * 1000
    again = wall2 / docs * 1000
    return {
        "documents": docs, "shard_size": shard_size or "auto", "generate_seconds": round(generate, 2),
        "fresh": {"wall_seconds": round(wall1, 3), "run_document_seconds": round(t1.seconds, 3),
                  "flush_seconds": round(f1.seconds, 3), "flushes": f1.calls,
                  "corpus_step_seconds": round(j1.seconds, 3), "overhead_ms_per_doc": round(fresh, 3),
                  "flush_ms_per_doc": round(flush, 3), "corpus_step_ms_per_doc": round(joined, 3)},
        "already_complete": {"wall_seconds": round(wall2, 3), "overhead_ms_per_doc": round(again, 3)},
        "text": (f"{docs} tiny documents, shard size {shard_size or 'auto'}:\n"
                 f"  fresh run:        {wall1:7.2f}s wall, {t1.seconds:7.2f}s in run_document, "
                 f"{f1.seconds:.2f}s in {f1.calls} shard flushes, {j1.seconds:.2f}s in the corpus step -> "
                 f"overhead {fresh:.3f} ms/document (+ {flush:.3f} ms/document flushing outputs to disk, "
                 f"{joined:.3f} ms/document joining the batch's band keys)\n"
                 f"  already complete: {wall2:7.2f}s wall -> {again:.3f} ms/document"),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--docs", type=int, default=10_000, help="tiny documents to generate (default 10000)")
    p.add_argument("--shard-size", type=int, default=0, help="documents per Luigi task (0: the CLI's default)")
    p.add_argument("--tmp", type=Path, help="work folder (default: a temporary folder, removed afterwards)")
    p.add_argument("--json", type=Path, metavar="FILE", help="also write the results as JSON")
    args = p.parse_args(argv)
    with contextlib.ExitStack() as stack:
        tmp = args.tmp or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-sched-")))
        result = measure(args.docs, args.shard_size, tmp)
    print(result["text"])
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
