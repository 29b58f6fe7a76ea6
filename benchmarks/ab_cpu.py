"""CPU seconds of two checkouts of reportclean on the same PDFs, run alternately on one core.

    python benchmarks/ab_cpu.py BASELINE_ROOT CANDIDATE_ROOT FILE.pdf ... [--rounds 3] [--cpu 1]

Each round runs a fresh process per checkout (baseline first, then candidate) that cleans every
file once to warm up and then ``--passes`` times, timing each pass by CPU time
(``time.process_time``: shared machines move wall time more than CPU time); a round reports each
checkout's median pass.  The rounds alternate so drift of the machine hits both sides alike; the
summary gives the median of the rounds and the candidate/baseline ratio.  Documents are cleaned in
process (``limits.isolate`` off), as ``benchmarks/bench_throughput.py`` does, without PyMuPDF's
layout model.  Make a baseline with ``git worktree add --detach ../base <rev>``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

# Run inside the child: the checkout's pipeline on the files, CPU seconds per pass as JSON.
CHILD = """
import dataclasses, json, statistics, sys, tempfile, time
from pathlib import Path
root, passes, files = sys.argv[1], int(sys.argv[2]), [Path(f) for f in sys.argv[3:]]
sys.path.insert(0, root)
from pipeline.cli import skip_layout_model
skip_layout_model()
from pipeline import runner
from pipeline.config import Config
cfg = Config()
cfg = dataclasses.replace(cfg, limits=dataclasses.replace(cfg.limits, isolate=False))
seconds = []
for k in range(passes + 1):
    out = Path(tempfile.mkdtemp())
    start = time.process_time()
    for f in files:
        runner.run_document(f, f.stem, out, cfg)
    if k:
        seconds.append(time.process_time() - start)
print(json.dumps(seconds))
"""


def one_pass(root: Path, files: list[str], passes: int, cpu: int | None) -> float:
    """The median CPU seconds of ``passes`` passes of ``root``'s pipeline over ``files``, in a fresh process."""
    cmd = [sys.executable, "-c", CHILD, str(root), str(passes), *files]
    if cpu is not None and hasattr(os, "sched_setaffinity"):
        cmd = ["taskset", "-c", str(cpu), *cmd]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return float(statistics.median(json.loads(done.stdout.strip().splitlines()[-1])))


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("baseline", type=Path, help="root of the baseline checkout")
    parser.add_argument("candidate", type=Path, help="root of the candidate checkout")
    parser.add_argument("files", nargs="+", help="PDFs or text dumps to clean")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds (default 3)")
    parser.add_argument("--passes", type=int, default=3, help="timed passes per process (default 3)")
    parser.add_argument("--cpu", type=int, default=None, help="pin every run to this CPU (taskset)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    for root in (args.baseline, args.candidate):
        if not (root / "pipeline" / "__init__.py").is_file():
            print(f"ab_cpu: {root}: not a reportclean checkout (no pipeline/__init__.py)", file=sys.stderr)
            return 2
    base: list[float] = []
    cand: list[float] = []
    for k in range(args.rounds):
        base.append(one_pass(args.baseline, args.files, args.passes, args.cpu))
        cand.append(one_pass(args.candidate, args.files, args.passes, args.cpu))
        print(f"round {k + 1}: baseline {base[-1]:.3f} s, candidate {cand[-1]:.3f} s, ratio {cand[-1] / base[-1]:.3f}")
    b, c = statistics.median(base), statistics.median(cand)
    print(f"median CPU seconds per pass: baseline {b:.3f}, candidate {c:.3f}; candidate / baseline = {c / b:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
