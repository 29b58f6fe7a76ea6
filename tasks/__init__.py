"""Luigi tasks: thin wrappers over ``pipeline``.

    CleanCorpus(inputs, out, config) ── requires ──► CleanShard(items) for each shard

A shard is a list of (path, doc id) pairs: one document per shard for small
batches, ``pipeline.batch.AUTO_SHARD_SIZE`` for large ones (Luigi's scheduler
slows down past ~10^4 tasks).  A shard skips documents already complete, so
a rerun after a crash redoes only what is missing; a finished shard flushes
what it wrote to disk (its durability barrier: documents are not fsynced one
by one), then leaves a marker, so checking it costs a few ``stat`` calls per
document.  Run it with ``reportclean run`` or
``python -m luigi --module tasks CleanCorpus --local-scheduler``.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path
from typing import Any

import luigi

from pipeline.cli import skip_layout_model

skip_layout_model()  # workers started by the plain `luigi` command load no layout model either

from pipeline import batch, corpus  # noqa: E402
from pipeline.config import Config
from pipeline.runner import run_document


@functools.lru_cache(maxsize=8)
def _config(config_json: str) -> Config:
    """The settings a task carries as JSON (parsed once per process; ``Config`` is frozen)."""
    return Config.from_dict(json.loads(config_json)) if config_json else Config()


@functools.lru_cache(maxsize=8)
def _fingerprint(config_json: str) -> str:
    return _config(config_json).fingerprint()


class CleanShard(luigi.Task):
    """Clean the documents of one shard, skipping those already done; then flush and mark the shard done.

    Complete when the shard's marker says so and no input changed
    (``batch.shard_done``: a few ``stat`` calls per document).
    """

    items = luigi.ListParameter()
    out = luigi.Parameter(default="cleaned")
    config = luigi.Parameter(default="", significant=True)

    def complete(self) -> bool:
        return batch.shard_done(Path(self.out), _fingerprint(self.config), self.items)

    def run(self) -> None:
        cfg, out, fp = _config(self.config), Path(self.out), _fingerprint(self.config)
        batch.unmark_shard(out, fp, self.items)  # a stale marker must not vouch for what is rewritten now
        statuses = []
        for path, doc in self.items:
            status = batch.read_status(out, fp, doc, path)
            if status is None:
                status = batch.save_status(out, fp, path, run_document(Path(path), doc, out, cfg))
                _progress(status)
            statuses.append(status)
        batch.mark_shard_done(out, fp, self.items, statuses)  # flushes the filesystem first


def _progress(status: dict[str, Any]) -> None:
    """One line per document on stderr; on a terminal it first clears the live progress line."""
    if status["status"] == "ok":
        msg = f"ok      {status['doc']}: {status['pages']} pages, {status['chapters']} chapters, {status['seconds']}s"
    else:
        msg = f"FAILED  {status['source']}: {status['reason']}"
    clear = "\r\x1b[K" if sys.stderr.isatty() else ""
    print(f"{clear}reportclean: {msg}", file=sys.stderr, flush=True)


class CleanCorpus(luigi.Task):
    """Every input document cleaned, then the corpus-level join (``corpus_duplicates.json``,
    boilerplate dropped when configured), ``corpus.jsonl`` and ``failed.jsonl`` for the batch."""

    inputs = luigi.ListParameter(default=("raw",))
    out = luigi.Parameter(default="cleaned")
    config = luigi.Parameter(default="")
    shard_size = luigi.IntParameter(default=0)

    def plan(self) -> list[tuple[str, str]]:
        if not hasattr(self, "_plan"):
            self._plan = batch.plan(batch.expand_inputs(self.inputs))
        return self._plan

    def requires(self) -> list[CleanShard]:
        return [CleanShard(items=list(map(list, s)), out=self.out, config=self.config)
                for s in batch.shards(self.plan(), self.shard_size)]

    def complete(self) -> bool:
        return self.output().exists() and all(t.complete() for t in self.requires())

    def output(self) -> luigi.LocalTarget:
        if not hasattr(self, "_output"):
            work = batch.work_dir(Path(self.out), _fingerprint(self.config))
            self._output = luigi.LocalTarget(str(work / f"batch-{batch.batch_key(self.plan())}.json"))
        return self._output

    def run(self) -> None:
        out, fp = Path(self.out), _fingerprint(self.config)
        statuses = [batch.read_status(out, fp, doc, path) or {"doc": doc, "source": path, "status": "failed",
                                                                "stage": "internal", "reason": "no status written"}
                    for path, doc in self.plan()]
        found = corpus.corpus_step(out, fp, statuses, _config(self.config).dedup)
        batch.write_batch_outputs(out, fp, statuses)
        with self.output().open("w") as fh:
            json.dump({"documents": len(statuses), "failed": sum(s["status"] != "ok" for s in statuses), **found}, fh)
