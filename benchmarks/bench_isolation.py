"""What running each document in a forked child costs (issue 7), and where it goes.

Usage (from the repository root)::

    python benchmarks/bench_isolation.py [--baseline REV] [--calls 200] [--passes 5]
                                         [--corpus DIR] [--generated 200] [--cpu N] [--json FILE]

In one process that has imported what a real run imports (the pipeline and
PyMuPDF), interleaved so that load from other processes hits every variant
alike, it reports medians of:

1. per call on a trivial function (``--calls`` rounds):

   - ``fork+exit``: ``os.fork``, the child ``os._exit(0)``, the parent
     ``waitpid``: the kernel's floor (copying the page tables, freeing them);
   - ``fork returns``: only the parent's ``os.fork()`` call of that;
   - ``run_limited``: ``pipeline.isolate.run_limited`` of this tree, and of
     ``--baseline`` (a git revision, e.g. ``main``) when given;
   - ``... + full gc``: the same with ``gc.collect()`` in the child, which a
     child does by itself once it has built enough objects (a long report):
     without ``gc.freeze`` it writes to, and so copies, every page of the
     inherited heap;

2. per pass over the documents (every ``*.pdf`` of ``--corpus``, default
   ``../shared/corpus``, plus the sample PDF in ``raw/`` and a generated report
   of ``--generated`` pages, see ``benchmarks/synth.py``): ``run_document``
   in-process, isolated by this tree, isolated by the baseline, back to back
   per document in rotating order, ``--passes`` times after a warm-up pass;
   per variant the sum over documents of each one's median, in wall time and
   in CPU time (this process and its children, each child reaped outside the
   wall time); the overhead per document is (isolated - in-process) / documents.

``--cpu N`` pins everything (children too) to one CPU: then nothing of the
child's exit overlaps with the parent's next document, so the figures are
CPU time rather than wall time on an idle machine.

Restrictions: Linux (``fork``, ``sched_setaffinity``); needs ``git`` for
``--baseline``.  Figures are wall time and move with the load on the machine:
compare variants of the same run, not runs of different days.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline import extract, isolate, probe, runner  # noqa: E402,F401  (what a real run has loaded)
from pipeline.config import Config  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
SAMPLE = ROOT / "raw" / "shanghai-2022-sample.pdf"
LIMITS = (60.0, 4096)  # timeout, memory_mb for the trivial calls


def load_baseline(rev: str) -> ModuleType:
    """``pipeline/isolate.py`` as it is at git revision ``rev``, as a module of its own."""
    source = subprocess.run(["git", "show", f"{rev}:pipeline/isolate.py"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout
    spec = importlib.util.spec_from_loader(f"isolate_{rev}", loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    exec(compile(source, f"{rev}:pipeline/isolate.py", "exec"), module.__dict__)
    return module


# --- per call on a trivial function -----------------------------------------------------------

def fork_exit() -> None:
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)


def fork_returns() -> float:
    """Seconds until ``os.fork()`` returns in the parent (the child is reaped untimed)."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    took = time.perf_counter() - start
    os.waitpid(pid, 0)
    return took


def _trivial() -> dict[str, Any]:
    return {"status": "ok"}


def _full_gc() -> dict[str, Any]:
    gc.collect()
    return {"status": "ok"}


def call_variants(modules: dict[str, ModuleType]) -> dict[str, Callable[[], float]]:
    """Name -> one timed call (seconds)."""
    def timed(fn: Callable[[], Any]) -> Callable[[], float]:
        def run() -> float:
            start = time.perf_counter()
            fn()
            return time.perf_counter() - start
        return run

    variants = {"fork+exit": timed(fork_exit), "fork returns": fork_returns}
    for name, module in modules.items():
        variants[f"run_limited {name}"] = timed(lambda m=module: m.run_limited(_trivial, *LIMITS))
        variants[f"run_limited {name} + full gc"] = timed(lambda m=module: m.run_limited(_full_gc, *LIMITS))
    return variants


def measure_calls(modules: dict[str, ModuleType], calls: int) -> dict[str, float]:
    variants = call_variants(modules)
    times: dict[str, list[float]] = {name: [] for name in variants}
    names = list(variants)
    for i in range(calls):
        for name in names[i % len(names):] + names[:i % len(names)]:  # rotate the order
            times[name].append(variants[name]())
    return {name: statistics.median(t) for name, t in times.items()}


# --- per document ----------------------------------------------------------------------------

def documents(corpus: Path, generated: int, work: Path) -> list[Path]:
    docs = sorted(corpus.glob("*.pdf")) if corpus.is_dir() else []
    docs.append(SAMPLE)
    if generated:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from synth import write_long_report
        docs.append(write_long_report(work, generated))
    return docs


def _cpu() -> float:
    """CPU seconds of this process and its reaped children."""
    import resource
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _settle(module: ModuleType | None) -> None:
    """Reap the children a call left exiting, so their CPU time is counted (outside the wall time)."""
    for pid in list(getattr(module, "_exiting", ())):
        os.waitpid(pid, 0)
        module._exiting.discard(pid)  # type: ignore[union-attr]


def measure_documents(modules: dict[str, ModuleType], docs: list[Path], passes: int,
                      work: Path) -> dict[str, dict[str, float]]:
    """Per variant (in-process, isolated by each module): the sum over ``docs`` of each document's
    median wall and CPU seconds.  The variants run back to back per document, in rotating order."""
    inprocess = Config().with_options(limits={"isolate": False})
    isolated = Config().with_options(limits={"isolate": True})
    variants: list[tuple[str, Config, ModuleType | None]] = [("in-process", inprocess, None)]
    variants += [(f"isolated {name}", isolated, m) for name, m in modules.items()]
    wall: dict[tuple[str, int], list[float]] = {}
    cpu: dict[tuple[str, int], list[float]] = {}
    original = runner.run_limited
    try:
        for p in range(passes + 1):  # pass 0 warms up (imports, caches) and is not counted
            for d, doc in enumerate(docs):
                k = p + d
                for name, cfg, module in variants[k % len(variants):] + variants[:k % len(variants)]:
                    runner.run_limited = module.run_limited if module else original  # type: ignore[attr-defined]
                    out = work / f"out-{p}-{name.replace(' ', '-')}"
                    c, start = _cpu(), time.perf_counter()
                    status = runner.run_document(doc, doc.stem, out, cfg)
                    took = time.perf_counter() - start
                    _settle(module)
                    assert status["status"] == "ok", status
                    if p:
                        wall.setdefault((name, d), []).append(took)
                        cpu.setdefault((name, d), []).append(_cpu() - c)
    finally:
        runner.run_limited = original  # type: ignore[attr-defined]
    return {name: {"wall": sum(statistics.median(wall[name, d]) for d in range(len(docs))),
                   "cpu": sum(statistics.median(cpu[name, d]) for d in range(len(docs)))}
            for name, _, _ in variants}


# --- report ----------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--baseline", help="git revision whose pipeline/isolate.py to compare with")
    ap.add_argument("--calls", type=int, default=200)
    ap.add_argument("--passes", type=int, default=5)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--generated", type=int, default=200, help="pages of the generated report (0: none)")
    ap.add_argument("--cpu", type=int, help="pin to this CPU")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    if args.cpu is not None:
        os.sched_setaffinity(0, {args.cpu})
    modules = {"this tree": isolate}
    if args.baseline:
        modules[args.baseline] = load_baseline(args.baseline)
    rss_mb = int(open("/proc/self/status").read().split("VmRSS:")[1].split()[0]) / 1024
    print(f"python {platform.python_version()}, parent RSS {rss_mb:.0f} MB, {len(gc.get_objects())} gc objects, "
          f"cpus {sorted(os.sched_getaffinity(0))}")

    calls = measure_calls(modules, args.calls)
    print(f"\nper call, trivial function (median of {args.calls}):")
    for name, seconds in calls.items():
        print(f"  {name:40s} {seconds * 1e3:8.2f} ms")

    with tempfile.TemporaryDirectory() as tmp:
        docs = documents(args.corpus, args.generated, Path(tmp))
        passes = measure_documents(modules, docs, args.passes, Path(tmp))
    base = passes["in-process"]
    print(f"\nrun_document, {len(docs)} documents, sum of per-document medians of {args.passes} passes:")
    for name, t in passes.items():
        print(f"  {name:24s}" + "".join(
            f"  {kind} {t[kind]:6.3f} s/pass {(t[kind] - base[kind]) / len(docs) * 1e3:+6.1f} ms/doc "
            f"x{t[kind] / base[kind]:.3f}" for kind in ("wall", "cpu")))
    if args.json:
        args.json.write_text(json.dumps({"calls_s": calls, "passes_s": passes, "documents": len(docs),
                                         "rss_mb": rss_mb}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
