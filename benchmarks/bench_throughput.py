"""Pages per second on one core: PyMuPDF alone, reportclean, pymupdf4llm; peak RSS per document.

Usage (from the repository root)::

    python benchmarks/bench_throughput.py [--corpus DIR] [--generated 200] [--repeat 3] [--json FILE]
    python benchmarks/bench_throughput.py --pages 1000 [--max-rss-mb 400] [--json FILE]

The first form measures, in one run on the same PDFs (every ``*.pdf`` of
``--corpus``, default ``../shared/corpus`` when present, plus a generated
report of ``--generated`` pages, see ``benchmarks/synth.py``):

- ``get_text``: open the PDF and call ``page.get_text("dict")`` on every page,
  the floor any PyMuPDF pipeline pays;
- ``reportclean``: ``pipeline.runner.run_document`` per file into a temporary
  folder, i.e. end to end including every output file;
- ``pymupdf4llm``: ``pymupdf4llm.to_markdown(doc, header=False, footer=False)``
  on the first ``--llm-pages`` pages of each file (it is slow; pages/s is per
  page either way);
- ``its_mupdf``: only the PyMuPDF text pass reportclean itself makes per page
  (``get_textpage`` with its flags, ``extractDICT``), none of its Python.

From the last two the table derives what 0.5x ``get_text`` would take: the
seconds left for reportclean's own work at that speed (twice ``get_text``'s
time less ``its_mupdf``'s) against the seconds that work takes now
(reportclean's less ``its_mupdf``'s: its Python, output files, the fork per
document, its few other MuPDF calls), and their quotient, the speed-up it
would need.

Each tool runs in its own subprocess pinned to one CPU (``--cpu``), a warm-up
pass first, then ``--repeat`` timed passes; the table shows the median.  The
clock is wall time, or with ``--clock cpu`` the CPU time of the process and the
children it waited for (reportclean forks per document), which other work on a
shared machine does not inflate.  Peak
RSS is measured for reportclean in a fresh subprocess per document (the
interpreter and imports included; the larger of that process and the child
``run_document`` forks per PDF when ``limits.isolate`` is on).

The second form generates a report of ``--pages`` pages and reports
reportclean's peak RSS and time on it; the exit code is 1 when the peak
exceeds ``--max-rss-mb``.

Restrictions: Linux only (``sched_setaffinity``, ``ru_maxrss`` in KiB).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
TOOLS = ("get_text", "reportclean", "pymupdf4llm", "its_mupdf")
TARGET = 0.5  # the goal: reportclean at this share of get_text("dict")'s pages/s


# --- measurements, run inside a pinned subprocess -------------------------------------------

def _pin(cpu: int) -> None:
    os.sched_setaffinity(0, {cpu})


def _time_get_text(path: str, pages: int) -> int:
    import pymupdf
    with pymupdf.open(path) as doc:
        for page in doc:
            page.get_text("dict")
        return doc.page_count


def _time_its_mupdf(path: str, pages: int) -> int:
    """The text pass :func:`pipeline.extract.extract_page` makes, with its flags and clip, alone."""
    import pymupdf
    from pipeline.extract import FLAGS
    with pymupdf.open(path) as doc:
        for page in doc:
            page.get_textpage(clip=pymupdf.INFINITE_RECT(), flags=FLAGS).extractDICT()
        return doc.page_count


def _time_llm(path: str, pages: int) -> int:
    import pymupdf
    import pymupdf4llm
    with pymupdf.open(path) as doc:
        n = min(pages, doc.page_count)
        pymupdf4llm.to_markdown(doc, pages=list(range(n)), header=False, footer=False, show_progress=False)
        return n


def _as_the_cli_runs() -> None:
    """The process as ``reportclean run`` sets it up: without PyMuPDF's layout model (see
    :func:`pipeline.cli.skip_layout_model`), which would cost reportclean's process about a
    second of import, 50 MB and a slower fork per document."""
    from pipeline.cli import skip_layout_model
    skip_layout_model()


def _reportclean_runner(out: Path, pdf_pages: dict[str, int]):  # type: ignore[no-untyped-def]
    from pipeline.config import Config
    from pipeline.runner import run_document
    cfg = Config()

    def run(path: str, pages: int) -> int:
        status = run_document(Path(path), Path(path).stem, out, cfg)
        if status["status"] != "ok":
            raise RuntimeError(f"{path}: {status.get('stage')}: {status.get('reason')}")
        return pdf_pages[path]  # PDF pages, as for the other tools (not logical pages)
    return run


def _cpu_seconds() -> float:
    """CPU time of this process and of its children, once every child has ended and been reaped
    (reportclean's per-document child is killed after it answers and reaped later, so its time
    would otherwise be counted with the next document)."""
    import resource
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:  # none left
            break
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def worker(tool: str, files: list[str], repeat: int, llm_pages: int, clock: str = "wall") -> dict[str, Any]:
    """Time ``tool`` on every file: a warm-up pass, then ``repeat`` passes; seconds per file per pass."""
    if tool == "reportclean":
        _as_the_cli_runs()
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        fn = ({"get_text": _time_get_text, "pymupdf4llm": _time_llm, "its_mupdf": _time_its_mupdf}.get(tool)
              or _reportclean_runner(Path(tmp), page_counts(files)))
        errors: dict[str, str] = {}
        pages: dict[str, int] = {}
        seconds: dict[str, list[float]] = {f: [] for f in files}
        for n in range(repeat + 1):
            for f in files:
                if f in errors:
                    continue
                now = _cpu_seconds if clock == "cpu" else time.perf_counter
                start = now()
                try:
                    pages[f] = fn(f, llm_pages)
                except Exception as exc:  # a failing file is reported, not fatal
                    errors[f] = f"{type(exc).__name__}: {exc}"[:300]
                    continue
                if n:  # pass 0 is the warm-up
                    seconds[f].append(now() - start)
    return {"pages": pages, "seconds": seconds, "errors": errors}


def rss_worker(path: str) -> dict[str, Any]:
    """reportclean on one document in this (fresh) process: peak RSS, RSS after imports, time."""
    _as_the_cli_runs()
    import resource

    import psutil

    from pipeline.config import Config
    from pipeline.runner import run_document
    base = psutil.Process().memory_info().rss
    with tempfile.TemporaryDirectory(prefix="bench-rss-") as tmp:
        start = time.perf_counter()
        status = run_document(Path(path), Path(path).stem, Path(tmp), Config())
        seconds = time.perf_counter() - start
    # run_document may fork a child per document (``limits.isolate``): the peak is the larger of both.
    peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) * 1024
    return {"file": path, "status": status["status"], "reason": status.get("reason", ""),
            "pages": status.get("pages", 0), "seconds": round(seconds, 3),
            "rss_after_imports_mb": round(base / 2**20, 1), "peak_rss_mb": round(peak / 2**20, 1)}


# --- orchestration -----------------------------------------------------------------------------

def _subprocess(args: list[str], cpu: int) -> Any:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--cpu", str(cpu), *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:2])} failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def page_counts(files: list[str]) -> dict[str, int]:
    import pymupdf
    counts = {}
    for f in files:
        with pymupdf.open(f) as doc:
            counts[f] = doc.page_count
    return counts


def summarize(tool_runs: dict[str, dict[str, Any]], groups: dict[str, list[str]], repeat: int) -> dict[str, Any]:
    """Per group and tool: pages, median seconds over passes, pages/s; ratios of reportclean to the others."""
    table: dict[str, Any] = {}
    for group, files in groups.items():
        row: dict[str, Any] = {}
        for tool, run in tool_runs.items():
            ok = [f for f in files if f not in run["errors"]]
            passes = [sum(run["seconds"][f][i] for f in ok) for i in range(repeat)]
            secs = statistics.median(passes) if ok else float("nan")
            pages = sum(run["pages"][f] for f in ok)
            row[tool] = {"pages": pages, "seconds": round(secs, 4), "passes": [round(p, 4) for p in passes],
                         "pages_per_s": round(pages / secs, 2) if ok and secs > 0 else None,
                         "failed": sorted(Path(f).name for f in files if f in run["errors"])}
        rc = (row.get("reportclean") or {}).get("pages_per_s")
        ratios = {}
        for other in ("get_text", "pymupdf4llm"):
            o = (row.get(other) or {}).get("pages_per_s")
            if rc and o:
                ratios[f"reportclean/{other}"] = round(rc / o, 3)
        table[group] = {"tools": row, "ratios": ratios, "target": _target(row)}
    return table


def _target(row: dict[str, Any]) -> dict[str, float]:
    """What ``TARGET`` x get_text would take: reportclean's own seconds now (end to end less its
    MuPDF text pass), the seconds left for that work at the target, the speed-up between."""
    secs: dict[str, float] = {t: (row.get(t) or {}).get("seconds") or 0.0
                              for t in ("get_text", "reportclean", "its_mupdf")}
    if not all(secs.values()):
        return {}
    own = secs["reportclean"] - secs["its_mupdf"]
    budget = secs["get_text"] / TARGET - secs["its_mupdf"]
    out = {"own_s": round(own, 4), "budget_s": round(budget, 4)}
    if budget > 0:
        out["speedup_needed"] = round(own / budget, 2)
    return out


def format_table(table: dict[str, Any], rss: list[dict[str, Any]]) -> str:
    lines = [f"{'inputs':<26}{'tool':<13}{'pages':>7}{'seconds':>10}{'pages/s':>10}"]
    for group, entry in table.items():
        for tool, r in entry["tools"].items():
            pps = f"{r['pages_per_s']:.1f}" if r["pages_per_s"] else "-"
            note = f"  (failed: {', '.join(r['failed'])})" if r["failed"] else ""
            lines.append(f"{group:<26}{tool:<13}{r['pages']:>7}{r['seconds']:>10.3f}{pps:>10}{note}")
        for name, value in entry["ratios"].items():
            lines.append(f"{group:<26}{'ratio':<13}{name:>27} = {value:.2f}")
        t = entry.get("target") or {}
        if "speedup_needed" in t:
            lines.append(f"{group:<26}{'at ' + str(TARGET) + 'x':<13}own work {t['own_s']:.3f}s, "
                         f"room {t['budget_s']:.3f}s: {t['speedup_needed']:.1f}x faster needed")
    if rss:
        lines += ["", f"{'reportclean peak RSS per document':<50}{'pages':>7}{'seconds':>9}{'peak MB':>9}"]
        for r in rss:
            flag = "" if r["status"] == "ok" else f"  FAILED {r['reason'][:60]}"
            lines.append(f"{Path(r['file']).name[:50]:<50}{r['pages']:>7}{r['seconds']:>9.2f}{r['peak_rss_mb']:>9.1f}{flag}")
    return "\n".join(lines)


def environment(cpu: int) -> dict[str, Any]:
    import pymupdf
    model = ""
    try:
        model = next(ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                     if ln.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {"cpu": model, "pinned_cpu": cpu, "python": platform.python_version(), "pymupdf": pymupdf.__version__,
            "platform": platform.platform(), "date": time.strftime("%Y-%m-%d %H:%M:%S")}


def throughput(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synth import write_long_report
    corpus = sorted(str(p) for p in args.corpus.glob("*.pdf")) if args.corpus and args.corpus.is_dir() else []
    generated = [str(write_long_report(tmp, args.generated))] if args.generated > 0 else []
    groups = {k: v for k, v in {f"dev corpus ({len(corpus)} PDFs)": corpus,
                                f"generated {args.generated}p": generated,
                                "all": corpus + generated}.items() if v}
    files = corpus + generated
    if not files:
        raise SystemExit("no inputs: pass --corpus DIR or --generated N")
    tools = [t for t in TOOLS if t not in args.skip]
    runs = {}
    for tool in tools:
        print(f"bench: {tool} on {len(files)} files, {args.repeat} passes ...", file=sys.stderr, flush=True)
        runs[tool] = _subprocess(["--_worker", tool, "--repeat", str(args.repeat), "--clock", args.clock,
                                  "--llm-pages", str(args.llm_pages), *files], args.cpu)
    rss = []
    if not args.no_rss:
        for f in files:
            print(f"bench: peak RSS {Path(f).name} ...", file=sys.stderr, flush=True)
            rss.append(_subprocess(["--_rss", f], args.cpu))
    table = summarize(runs, groups, args.repeat)
    pages = page_counts(files)
    return {"environment": environment(args.cpu), "repeat": args.repeat, "clock": args.clock, "llm_pages_per_file": args.llm_pages,
            "inputs": [{"file": Path(f).name, "pages": pages[f]} for f in files], "table": table, "rss": rss,
            "errors": {t: {Path(f).name: e for f, e in r["errors"].items()} for t, r in runs.items()},
            "text": format_table(table, rss)}


def memory(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synth import write_long_report
    print(f"bench: generating a {args.pages}-page report ...", file=sys.stderr, flush=True)
    path = write_long_report(tmp, args.pages)
    print("bench: reportclean on it in a fresh process ...", file=sys.stderr, flush=True)
    r = _subprocess(["--_rss", str(path)], args.cpu)
    r["pages_per_s"] = round(r["pages"] / r["seconds"], 1) if r["seconds"] else None
    r["max_rss_mb"] = args.max_rss_mb
    r["within_limit"] = r["status"] == "ok" and r["peak_rss_mb"] < args.max_rss_mb
    text = (f"generated {args.pages}-page report: {r['status']}, {r['seconds']:.1f}s ({r['pages_per_s']} pages/s), "
            f"peak RSS {r['peak_rss_mb']:.0f} MB (after imports {r['rss_after_imports_mb']:.0f} MB; "
            f"limit {args.max_rss_mb} MB: {'ok' if r['within_limit'] else 'EXCEEDED'})")
    return {"environment": environment(args.cpu), "memory": r, "text": text}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS if DEFAULT_CORPUS.is_dir() else None,
                   help=f"folder of PDFs (default: {DEFAULT_CORPUS} when present)")
    p.add_argument("--generated", type=int, default=200, metavar="N", help="pages of the generated report (0: none)")
    p.add_argument("--repeat", type=int, default=3, help="timed passes per tool; the median is reported")
    p.add_argument("--llm-pages", type=int, default=10, metavar="N", help="pages per file for pymupdf4llm")
    p.add_argument("--skip", nargs="*", default=[], choices=TOOLS, help="tools not to run")
    p.add_argument("--no-rss", action="store_true", help="skip the per-document peak RSS runs")
    p.add_argument("--pages", type=int, default=0, metavar="N",
                   help="memory mode: peak RSS of reportclean on a generated N-page report")
    p.add_argument("--max-rss-mb", type=float, default=400.0, help="memory mode: exit 1 above this peak")
    p.add_argument("--cpu", type=int, default=0, help="the CPU every measurement is pinned to")
    p.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                   help="seconds of wall time, or of CPU time (process and waited-for children)")
    p.add_argument("--json", type=Path, metavar="FILE", help="also write the results as JSON")
    p.add_argument("--_worker", choices=TOOLS, help=argparse.SUPPRESS)
    p.add_argument("--_rss", metavar="FILE", help=argparse.SUPPRESS)
    p.add_argument("files", nargs="*", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.repeat < 1:
        p.error("--repeat must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args._worker or args._rss:
        _pin(args.cpu)
        sys.path.insert(0, str(ROOT))
        result = (worker(args._worker, args.files, args.repeat, args.llm_pages, args.clock) if args._worker
                  else rss_worker(args._rss))
        print(json.dumps(result))
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-inputs-") as tmp:
        result = memory(args, Path(tmp)) if args.pages else throughput(args, Path(tmp))
    print(result["text"])
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0 if not args.pages or result["memory"]["within_limit"] else 1


if __name__ == "__main__":
    sys.exit(main())
