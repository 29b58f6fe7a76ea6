"""Command line: ``reportclean run`` cleans a batch through Luigi.

``parse_args(argv)`` is separate from ``main()`` so it can be tested without
a subprocess.  Exit codes: 0 all documents done, 1 some document failed or a
task did not complete, 2 usage errors (bad option, missing input).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tomllib
from pathlib import Path
from typing import Any

from . import __version__

DESCRIPTION = """Turn annual-report PDFs and text dumps into clean, deduplicated,
chapter-split text: one Markdown file per chapter, a manifest and a log of
everything removed, per document; corpus.jsonl for the batch."""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="reportclean", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"reportclean {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = sub.add_parser("run", help="clean a batch of PDFs and .txt dumps",
                         description="Clean PDFs and .txt dumps (files or folders) into OUT/<doc>/chapters/*.md, "
                                     "OUT/<doc>/manifest.json, OUT/<doc>/removed.jsonl and OUT/corpus.jsonl. "
                                     "Documents already complete with the same settings are skipped.")
    run.add_argument("inputs", nargs="*", metavar="INPUT", default=["raw"],
                     help="PDF files, .txt dumps, or folders searched recursively for them (default: raw/)")
    run.add_argument("--out", default="cleaned", metavar="DIR", help="output folder (default: cleaned/)")
    run.add_argument("--workers", type=int, default=1, metavar="N",
                     help="parallel worker processes (default: 1)")
    run.add_argument("--scheduler-url", default="", metavar="URL",
                     help="central luigid scheduler, e.g. http://host:8082/ (default: a local scheduler)")
    run.add_argument("--shard-size", type=int, default=0, metavar="N",
                     help="documents per Luigi task (default: 1 up to 200 documents, then 100)")
    run.add_argument("--config", type=Path, metavar="FILE",
                     help="settings as TOML or JSON, sections extract/blocks/furniture/dedup/order/limits")
    run.add_argument("--password", default="", help="password for encrypted PDFs")
    run.add_argument("--json", type=Path, metavar="FILE", help="also write the run summary as JSON")
    args = parser.parse_args(argv)
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    return args


def load_config(path: Path | None, password: str = "") -> Any:
    from .config import Config
    data: dict[str, Any] = {}
    if path is not None:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text) if path.suffix.lower() == ".toml" else json.loads(text)
    cfg = Config.from_dict(data)
    return cfg.with_options(limits={"password": password}) if password else cfg


def cmd_run(args: argparse.Namespace) -> int:
    import luigi

    from . import batch
    from tasks import CleanCorpus

    missing = [i for i in args.inputs if not Path(i).exists()]
    if missing:
        print(f"reportclean: input not found: {', '.join(missing)}", file=sys.stderr)
        return 2
    try:
        cfg = load_config(args.config, args.password)
    except (OSError, ValueError, TypeError, tomllib.TOMLDecodeError) as exc:
        print(f"reportclean: bad --config {args.config}: {exc}", file=sys.stderr)
        return 2
    out, fp = Path(args.out), cfg.fingerprint()
    items = batch.plan(batch.expand_inputs(args.inputs))
    if not items:
        print(f"reportclean: no .pdf or .txt inputs in {', '.join(args.inputs)}", file=sys.stderr)
        return 2
    already = {doc for path, doc in items if batch.read_status(out, fp, doc, path)}
    print(f"reportclean: {len(items)} documents, {len(already)} already complete; output in {out}/",
          file=sys.stderr, flush=True)
    start = time.perf_counter()
    task = CleanCorpus(inputs=[str(i) for i in args.inputs], out=str(out), config=json.dumps(cfg.to_dict()),
                       shard_size=args.shard_size)
    sched = {"scheduler_url": args.scheduler_url} if args.scheduler_url else {"local_scheduler": True}
    result = luigi.build([task], workers=args.workers, detailed_summary=True, log_level="WARNING", **sched)
    statuses = [batch.read_status(out, fp, doc, path) or {"doc": doc, "source": path, "status": "failed",
                                                        "stage": "scheduler", "reason": "task did not complete"}
                for path, doc in items]
    summary = batch.summarize(statuses, already, time.perf_counter() - start)
    print(batch.format_summary(summary), file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    complete = task.complete()
    if not complete:
        print(f"reportclean: the batch did not complete ({result.status.name})", file=sys.stderr)
    return 0 if complete and not summary["failed"] else 1


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.command == "run":
        return cmd_run(args)
    return 2


if __name__ == "__main__":
    sys.exit(main())
