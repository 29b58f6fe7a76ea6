"""Luigi tasks: thin wrappers over ``pipeline``.

    CleanCorpus(inputs, out, config) ── requires ──► CleanShard(items) for each shard

A shard is a list of (path, doc id) pairs: one document per shard for small
batches, ``pipeline.batch.AUTO_SHARD_SIZE`` for large ones (Luigi's scheduler
slows down past ~10^4 tasks).  A shard skips documents already complete, so
a rerun after a crash redoes only what is missing.  Run it with
``reportclean run`` or ``python -m luigi --module tasks CleanCorpus --local-scheduler``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import luigi

from pipeline import batch
from pipeline.config import Config
from pipeline.runner import run_document


def _config(config_json: str) -> Config:
    return Config.from_dict(json.loads(config_json)) if config_json else Config()


class CleanShard(luigi.Task):
    """Clean the documents of one shard; each document's status is its own output."""

    items = luigi.ListParameter()
    out = luigi.Parameter(default="cleaned")
    config = luigi.Parameter(default="", significant=True)

    def complete(self) -> bool:
        fp = _config(self.config).fingerprint()
        return all(batch.read_status(Path(self.out), fp, doc, path) for path, doc in self.items)

    def run(self) -> None:
        cfg, out = _config(self.config), Path(self.out)
        fp = cfg.fingerprint()
        for path, doc in self.items:
            if batch.read_status(out, fp, doc, path) is None:
                status = batch.save_status(out, fp, path, run_document(Path(path), doc, out, cfg))
                _progress(status)


def _progress(status: dict[str, Any]) -> None:
    if status["status"] == "ok":
        msg = f"ok      {status['doc']}: {status['pages']} pages, {status['chapters']} chapters, {status['seconds']}s"
    else:
        msg = f"FAILED  {status['source']}: {status['reason']}"
    print(f"reportclean: {msg}", file=sys.stderr, flush=True)


class CleanCorpus(luigi.Task):
    """Every input document cleaned, then ``corpus.jsonl`` and ``failed.jsonl`` for the batch."""

    inputs = luigi.ListParameter(default=["raw"])
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
        fp = _config(self.config).fingerprint()
        return luigi.LocalTarget(str(batch.work_dir(Path(self.out), fp) / f"batch-{batch.batch_key(self.plan())}.json"))

    def run(self) -> None:
        out, fp = Path(self.out), _config(self.config).fingerprint()
        statuses = [batch.read_status(out, fp, doc, path) or {"doc": doc, "source": path, "status": "failed",
                                                                "stage": "internal", "reason": "no status written"}
                    for path, doc in self.plan()]
        batch.write_batch_outputs(out, fp, statuses)
        with self.output().open("w") as fh:
            json.dump({"documents": len(statuses), "failed": sum(s["status"] != "ok" for s in statuses)}, fh)
