"""Command line: ``reportclean run`` cleans a batch through Luigi; ``check`` gates it; ``report`` audits it.

``parse_args(argv)`` is separate from ``main()`` so it can be tested without
a subprocess.  Exit codes: 0 all documents done (``check``: every check passed), 1 some
document failed or a task did not complete (``check``: some check failed),
2 usage errors (bad option, missing input, unreadable expectations).
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

FINISH_WAIT = 120.0  # seconds a worker waits for another worker to finish the batch's last task

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
    run.add_argument("--report", action="store_true", help="also write audit pages (OUT/<doc>/audit.html, OUT/index.html)")
    _add_check(sub)
    _add_report(sub)
    args = parser.parse_args(argv)
    if getattr(args, "workers", 1) < 1:
        parser.error("--workers must be at least 1")
    if getattr(args, "tolerance", 0.0) < 0:
        parser.error("--tolerance must be 0 or more")
    return args


def _add_check(sub: Any) -> None:
    check = sub.add_parser("check", help="clean, then measure and gate the output against expectations",
                           description="Run the pipeline (reusing complete outputs), measure every document "
                                       "(recall against the raw text layer, duplicate residue, furniture residue, "
                                       "Han spacing, odd characters, chapters, empty pages) and judge the metrics "
                                       "against --expect floors and phrases and a --baseline. Exit 1 on any failure.")
    check.add_argument("inputs", nargs="*", metavar="INPUT", default=["raw"],
                       help="PDF files, .txt dumps, or folders of them (default: raw/)")
    check.add_argument("--out", default="cleaned", metavar="DIR", help="output folder (default: cleaned/)")
    check.add_argument("--expect", type=Path, metavar="FILE",
                       help="TOML or JSON keyed by document id: must_include, must_exclude, chapters, floors, ceilings")
    check.add_argument("--baseline", type=Path, metavar="FILE", help="an earlier --json result no metric may fall behind")
    check.add_argument("--tolerance", type=float, default=0.01, metavar="X",
                       help="allowed change for the worse against the baseline, times each metric's scale (default 0.01)")
    check.add_argument("--junit", type=Path, metavar="FILE", help="write JUnit XML (one test case per document and check)")
    check.add_argument("--json", type=Path, metavar="FILE", help="write the metrics and checks as JSON")
    _add_run_options(check)


def _add_report(sub: Any) -> None:
    report = sub.add_parser("report", help="write HTML audit pages of cleaned documents",
                            description="Write a self-contained audit page per document (pages drawn with kept and "
                                        "removed blocks, reading order, chapters, imposition, metrics) and an index. "
                                        "PATH is a document folder, an output folder, or inputs to clean first.")
    report.add_argument("paths", nargs="+", metavar="DOC_DIR_OR_INPUT")
    report.add_argument("--out", type=Path, metavar="DIR",
                        help="where the pages go (default: in each document folder); for inputs, the output folder")
    _add_run_options(report)


def _add_run_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, metavar="FILE", help="settings as TOML or JSON (as for run)")
    parser.add_argument("--workers", type=int, default=1, metavar="N", help="parallel worker processes (default: 1)")
    parser.add_argument("--password", default="", help="password for encrypted PDFs")


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
    from .progress import Progress
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
    if args.scheduler_url:
        _central_worker_defaults()
    with Progress(out, fp, items, already, sys.stderr):
        result = luigi.build([task], workers=args.workers, detailed_summary=True, log_level="WARNING", **sched)
        complete = task.complete()
        if not complete and args.scheduler_url and "FAILED" not in result.status.name:
            complete = _wait_complete(task, FINISH_WAIT)  # the last task may be running on another worker
    statuses = [batch.read_status(out, fp, doc, path) or {"doc": doc, "source": path, "status": "failed",
                                                        "stage": "scheduler", "reason": "task did not complete"}
                for path, doc in items]
    summary = batch.summarize(statuses, already, time.perf_counter() - start)
    print(batch.format_summary(summary), file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if not complete:
        print(f"reportclean: the batch did not complete ({result.status.name})", file=sys.stderr)
    if getattr(args, "report", False):
        _write_reports([out / doc for _, doc in items if (out / doc / "manifest.json").is_file()], None)
    return 0 if complete and not summary["failed"] else 1


def _central_worker_defaults() -> None:
    """With a central scheduler, stay alive while tasks of the batch are pending elsewhere and poll often.

    Without ``keep_alive`` a worker quits as soon as the scheduler has no task
    for it, while other workers still run theirs.  Settings in luigi.cfg win.
    """
    import luigi.configuration

    conf = luigi.configuration.get_config()
    if not conf.has_section("worker"):
        conf.add_section("worker")
    for option, value in (("keep_alive", "true"), ("wait_interval", "0.5"), ("wait_jitter", "0.5")):
        if not conf.has_option("worker", option):
            conf.set("worker", option, value)


def _wait_complete(task: Any, seconds: float) -> bool:
    """Poll ``task.complete()`` for up to ``seconds``."""
    deadline = time.monotonic() + seconds
    while not task.complete():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.5)
    return True


def _run_namespace(args: argparse.Namespace, inputs: list[str], out: Path) -> argparse.Namespace:
    """The ``run`` options (with run's defaults) for a ``check`` or ``report`` that cleans first."""
    argv = ["run", *inputs, "--out", str(out), "--workers", str(args.workers), "--password", args.password]
    return parse_args(argv + (["--config", str(args.config)] if args.config else []))


def cmd_check(args: argparse.Namespace) -> int:
    from . import batch
    from .check import check_batch, current_items, load_baseline, load_expectations
    from .checkreport import format_table, to_json, to_junit

    try:
        expectations, baseline = load_expectations(args.expect), load_baseline(args.baseline)
    except (OSError, ValueError, TypeError, tomllib.TOMLDecodeError) as exc:
        print(f"reportclean: bad --expect or --baseline: {exc}", file=sys.stderr)
        return 2
    code = cmd_run(_run_namespace(args, args.inputs, Path(args.out)))
    if code == 2:
        return 2
    cfg = load_config(args.config, args.password)
    items = current_items(batch.plan(batch.expand_inputs(args.inputs)), Path(args.out), cfg)
    results = check_batch(items, Path(args.out), expectations, baseline, args.tolerance)
    print(format_table(results))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(to_json(results, args.tolerance), ensure_ascii=False, indent=1) + "\n",
                             encoding="utf-8")
    if args.junit:
        args.junit.parent.mkdir(parents=True, exist_ok=True)
        args.junit.write_text(to_junit(results), encoding="utf-8")
    return 1 if any(r.failures for r in results) else 0


def cmd_report(args: argparse.Namespace) -> int:
    from . import batch
    from .audit import document_folders

    folders = [f for p in args.paths for f in document_folders(Path(p))]
    inputs = [p for p in args.paths if not document_folders(Path(p))]
    missing = [p for p in inputs if not Path(p).exists()]
    if missing:
        print(f"reportclean: not found: {', '.join(missing)}", file=sys.stderr)
        return 2
    code = 0
    if inputs:  # clean them first, into --out; their pages go into their folders
        out = args.out or Path("cleaned")
        code = cmd_run(_run_namespace(args, inputs, out))
        if code == 2:
            return 2
        folders += [out / doc for _, doc in batch.plan(batch.expand_inputs(inputs))
                    if (out / doc / "manifest.json").is_file()]
    pages = _write_reports(folders, None if inputs else args.out)
    return code if pages else 1


def _write_reports(folders: list[Path], html_root: Path | None) -> list[Path]:
    from .audit import write_reports

    pages = write_reports(folders, html_root)
    for page in pages:
        print(f"reportclean: wrote {page}", file=sys.stderr)
    return pages


def skip_layout_model() -> None:
    """Keep PyMuPDF from importing its bundled layout model, which reportclean never uses.

    ``import pymupdf`` otherwise loads pymupdf.layout (ONNX runtime and weights): about a
    second and 50 MB per process.  Only the command-line entry point does this, before
    PyMuPDF is first imported, so a library user's own PyMuPDF is left as it is.
    """
    if "pymupdf" not in sys.modules:
        sys.modules.setdefault("pymupdf.layout", None)  # type: ignore[arg-type]


def main(argv: list[str] | None = None) -> int:
    skip_layout_model()
    args = parse_args(argv)
    commands = {"run": cmd_run, "check": cmd_check, "report": cmd_report}
    return commands[args.command](args) if args.command in commands else 2


if __name__ == "__main__":
    sys.exit(main())
