"""How low can the seed's duplicate residue go while 98% of its long lines survive?

    python scripts/seed_residue_floor.py [../shared/seed/shanghai-2022-progress-report.raw.txt]

Issue #4 asks two things of the cleaned seed dump at once: at most 1% of the
output's characters inside 20-character runs occurring twice or more, and at
least 98% of the distinct input lines holding 15 or more Han characters still
inside the output.  A line that restates a phrase of another line (a policy
title, a figure quoted in the summary and again in the body) can only leave the
residue by leaving the output, so the two figures pull against each other.

This script computes, with an integer program (``scipy.optimize.milp``), the
least residue any output can have when it drops ``k`` more long lines than the
lines every correct output drops (running heads ``第N部分｜…``, contents entries
ending in a section number, and a passage's second form with half-width
brackets; printed below).  The program is an
optimist: it counts only runs shared by two kept long lines, treats a line
contained in a longer one as free, lets lines that overlap end to start merge,
and divides by all distinct input text; any real output has at least this
residue.  Needs scipy (not a dependency of reportclean).
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import regex

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline import patterns as P  # noqa: E402
from pipeline.normalize import clean_line  # noqa: E402

SEED = ROOT.parent / "shared" / "seed" / "shanghai-2022-progress-report.raw.txt"
RUN = 20  # the residue's window
MIN_HAN = 15  # a line the survival figure counts
SURVIVAL = 0.98
FURNITURE = regex.compile(r"第\d部分｜|^[^\d。]+(?:0\d|\d\.\d)$")  # running heads; contents entries "…自强01", "…体系3.1"


def distinct_lines(raw: str) -> list[str]:
    """The dump's distinct lines, whitespace removed, in first-seen order (as the test measures them)."""
    seen: dict[str, None] = {}
    for line in raw.split("\n"):
        key = P.ANY_SPACE.sub("", clean_line(line))
        if key:
            seen.setdefault(key, None)
    return list(seen)


def twins(lines: list[str]) -> set[int]:
    """Lines whose NFKC form lies in another line's while their own text does not: the same
    passage printed twice with half- and full-width brackets (``(原上海市…`` / ``（原上海市…``);
    an output holding the passage once loses the one form."""
    folded = [unicodedata.normalize("NFKC", ln) for ln in lines]
    return {i for i, f in enumerate(folded)
            if any(j != i and f in g and lines[i] not in lines[j] for j, g in enumerate(folded))}


def _merge_free(a: str, b: str) -> bool:
    """``a`` and ``b`` overlap end to start by ``RUN`` or more: one output run can hold both once."""
    return any(a[-k:] == b[:k] or b[-k:] == a[:k] for k in range(RUN, min(len(a), len(b))))


def conflicts(lines: list[str]) -> list[tuple[int, frozenset[int], int]]:
    """``(line, partners, chars)``: ``chars`` positions of ``line`` lie in runs it shares with
    each of ``partners``; they count as residue when ``line`` and any partner are both kept."""
    occurs: dict[str, set[int]] = defaultdict(set)
    for i, line in enumerate(lines):
        for k in range(len(line) - RUN + 1):
            occurs[line[k:k + RUN]].add(i)
    free: dict[tuple[int, int], bool] = {}
    out = []
    for i, line in enumerate(lines):
        marks: list[frozenset[int]] = [frozenset()] * len(line)
        for k in range(len(line) - RUN + 1):
            partners = frozenset(j for j in occurs[line[k:k + RUN]] - {i}
                                 if not free.setdefault((min(i, j), max(i, j)), _merge_free(line, lines[j])))
            for p in range(k, k + RUN):
                marks[p] |= partners
        out += [(i, group, n) for group, n in Counter(m for m in marks if m).items()]
    return out


def least_residue_chars(n_lines: int, groups: list[tuple[int, frozenset[int], int]], forced: set[int],
                        drops: int) -> float:
    """Fewest residue characters when the ``forced`` lines and at most ``drops`` others are dropped."""
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import lil_matrix
    pairs = [(g, i, j) for g, (i, partners, _) in enumerate(groups) for j in partners]
    nx, ny = n_lines, len(groups)
    a = lil_matrix((len(pairs) + 1, nx + ny))
    for r, (g, i, j) in enumerate(pairs):  # covered_g >= keep_i + keep_j - 1
        a[r, nx + g], a[r, i], a[r, j] = 1, -1, -1
    a[len(pairs), :nx] = 1  # lines kept
    lower = [-1.0] * len(pairs) + [nx - len(forced) - drops]
    upper = np.ones(nx + ny)
    upper[list(forced)] = 0
    cost = np.concatenate([np.zeros(nx), [float(n) for _, _, n in groups]])
    res = milp(cost, constraints=LinearConstraint(a.tocsr(), lower, [np.inf] * (len(pairs) + 1)),
               integrality=np.concatenate([np.ones(nx), np.zeros(ny)]), bounds=Bounds(0, upper))
    if res.status != 0:
        raise RuntimeError(f"milp: {res.message}")
    return float(res.fun)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("seed", nargs="?", type=Path, default=SEED)
    args = parser.parse_args(argv)
    every = distinct_lines(args.seed.read_text(encoding="utf-8"))
    total = sum(len(line) for line in every)
    long_lines = [ln for ln in every if len(P.HAN.findall(ln)) >= MIN_HAN]
    contained = {i for i, ln in enumerate(long_lines) if any(ln != o and ln in o for o in long_lines)}
    lines = [ln for i, ln in enumerate(long_lines) if i not in contained]
    forced = {i for i, ln in enumerate(lines) if FURNITURE.search(ln)} | twins(lines)
    budget = int((1 - SURVIVAL) * len(long_lines))
    groups = conflicts(lines)
    print(f"distinct lines {len(every)}, long (>= {MIN_HAN} Han) {len(long_lines)}, of which contained in "
          f"another {len(contained)}; 98% survival allows {budget} lost")
    print(f"lines every output drops, furniture and half-width twins ({len(forced)}):")
    for i in sorted(forced):
        print(f"  {lines[i]}")
    print(f"{'more dropped':>12} {'least residue chars':>20} {'share of all text':>18}")
    for drops in sorted({0, 3, 6, budget - len(forced), budget}):
        chars = least_residue_chars(len(lines), groups, forced, max(0, drops))
        print(f"{drops:>12} {chars:>20.0f} {chars / total:>18.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
