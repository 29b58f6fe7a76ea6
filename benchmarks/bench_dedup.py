"""Blocks per second on one core: the ``dedup_blocks`` stage against a naive ``MinHash.update`` loop.

Usage (from the repository root)::

    python benchmarks/bench_dedup.py [--blocks 5000] [--dup-share 0.2] [--repeat 3] [--cpu N] [--json FILE]

Generates ``--blocks`` blocks of ~200 characters (Chinese, English and mixed,
words drawn with Zipf-like frequencies from a fixed generated vocabulary), of
which ``--dup-share`` are near copies of an earlier block (1-10% of the
characters edited), then times, ``--repeat`` times each, the median reported:

- ``dedup_blocks``: the whole stage (tokens, shingles, signatures, LSH,
  exact checks, containment) on all blocks;
- ``sign_only``: tokens, shingles and signatures (``shingle_arrays`` +
  ``signatures``), the part the baseline does;
- ``minhash_bulk``: datasketch ``MinHash.bulk`` on the same shingle hashes;
- ``update_loop``: the naive way, per block tokens, shingle strings and a
  ``MinHash`` (datasketch's default hash) fed one shingle at a time with
  ``update()``, on the first ``--baseline-blocks`` blocks (it is slow;
  blocks/s is per block either way);
- ``update_loop_xxh32``: the same loop with ``xxh32`` as its hash, a stricter
  reference (its ratio is printed too, no target).

Every run starts with a cold token-hash cache; the stages run interleaved and
blocks/s comes from the process's CPU time (wall-clock rates are in the JSON
and the last column), so other load on the machine moves the figures less.
The process pins itself to one CPU (``--cpu``, default the last allowed one)
and asks numpy's thread pools for one thread.  Targets: ``dedup_blocks`` >= 5,000 blocks/s and >= 10x
``update_loop``; the exit code is 1 when one is missed.

Restrictions: Linux only for the pinning (skipped elsewhere).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import datasketch  # noqa: E402
import numpy as np  # noqa: E402
import xxhash  # noqa: E402
from datasketch import MinHash  # noqa: E402

from pipeline import dedup  # noqa: E402
from pipeline import patterns as P  # noqa: E402
from pipeline.config import DedupConfig  # noqa: E402
from pipeline.dedup.minhash import _TOKEN_IDS  # noqa: E402
from pipeline.types import Block  # noqa: E402

TARGET_RATE = 5000.0
TARGET_RATIO = 10.0


# --- generated blocks ---------------------------------------------------------------------

def vocabulary(rng: random.Random) -> tuple[list[str], list[str]]:
    """3,000 two-character Chinese words and 2,000 Latin words, in a fixed order."""
    zh = ["".join(chr(0x4E00 + rng.randrange(2500)) for _ in range(2)) for _ in range(3000)]
    en = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9))) for _ in range(2000)]
    return zh, en


def sentence(rng: random.Random, words: list[str], weights: list[float], latin: bool) -> str:
    picked = rng.choices(words, weights, k=rng.randint(6, 14))
    figure = f"{rng.uniform(1, 999):.1f}"
    if latin:
        return " ".join(picked[:3] + [figure] + picked[3:]).capitalize() + ". "
    return "".join(picked[:3]) + figure + "".join(picked[3:]) + rng.choice("，。；")


def block_text(rng: random.Random, vocab: tuple[list[str], list[str]], weights: tuple[list[float], list[float]]) -> str:
    kind = rng.choices(("zh", "en", "mixed"), (0.6, 0.25, 0.15))[0]
    out = ""
    while len(out) < 190:
        latin = kind == "en" or (kind == "mixed" and rng.random() < 0.3)
        out += sentence(rng, vocab[latin], weights[latin], latin)
    return out[:230]


def near_copy(rng: random.Random, text: str) -> str:
    """Edit 1-10% of the characters, one token (a CJK character, a word) at a time, figures untouched."""
    spans = [m.span() for m in P.DEDUP_TOKEN.finditer(text) if not m.group()[0].isdigit()]
    budget = max(1, round(rng.uniform(0.01, 0.10) * len(text)))
    for a, b in sorted(rng.sample(spans, min(len(spans), budget)), reverse=True)[:budget]:
        op = rng.random()
        new = text[a:b][::-1] if b - a > 1 else chr(0x4E00 + rng.randrange(2500))
        text = text[:a] + ("" if op < 0.3 else new) + text[b:]
        budget -= b - a
        if budget <= 0:
            break
    return text


def generate(n: int, dup_share: float, seed: int) -> list[Block]:
    rng = random.Random(seed)
    vocab = vocabulary(rng)
    weights = ([1 / (i + 1) for i in range(len(vocab[0]))], [1 / (i + 1) for i in range(len(vocab[1]))])
    texts: list[str] = []
    for _ in range(n):
        copy = bool(texts) and rng.random() < dup_share
        texts.append(near_copy(rng, rng.choice(texts)) if copy else block_text(rng, vocab, weights))
    return [Block(f"p{i // 20}-b{i % 20}", i // 20, (0.0, 0.0, 1.0, 1.0), t) for i, t in enumerate(texts)]


# --- timed stages ------------------------------------------------------------------------------

def run_dedup(blocks: list[Block], cfg: DedupConfig) -> int:
    return len(dedup.dedup_blocks(blocks, cfg)[1])


def run_sign(blocks: list[Block], cfg: DedupConfig) -> int:
    arrays = dedup.shingle_arrays([dedup.tokens(b.text) for b in blocks], cfg.shingle)
    return len(dedup.signatures([a for a in arrays if len(a)], cfg))


def run_bulk(blocks: list[Block], cfg: DedupConfig) -> int:
    arrays = dedup.shingle_arrays([dedup.tokens(b.text) for b in blocks], cfg.shingle)
    return len(MinHash.bulk([a.tolist() for a in arrays if len(a)], num_perm=cfg.num_perm, seed=cfg.seed, hashfunc=int))


def update_loop(blocks: list[Block], cfg: DedupConfig, **minhash_kwargs: Any) -> int:
    """Per block: tokens, shingle strings, a fresh ``MinHash`` and one ``update()`` per shingle."""
    for b in blocks:
        toks = dedup.tokens(b.text)
        m = MinHash(num_perm=cfg.num_perm, seed=cfg.seed, **minhash_kwargs)
        for i in range(max(1, len(toks) - cfg.shingle + 1)):
            m.update(" ".join(toks[i:i + cfg.shingle]).encode())
    return len(blocks)


def run_update_loop(blocks: list[Block], cfg: DedupConfig) -> int:
    return update_loop(blocks, cfg)  # datasketch's default hash (sha1_hash32): the naive way


def run_update_loop_xxh32(blocks: list[Block], cfg: DedupConfig) -> int:
    return update_loop(blocks, cfg, hashfunc=xxhash.xxh32_intdigest)


def timed(stages: dict[str, tuple[Callable[[list[Block], DedupConfig], int], list[Block]]], cfg: DedupConfig,
          repeat: int) -> dict[str, dict[str, Any]]:
    """Run every stage ``repeat`` times, interleaved so load changes hit all alike; CPU and wall time."""
    cpu: dict[str, list[float]] = {name: [] for name in stages}
    wall: dict[str, list[float]] = {name: [] for name in stages}
    result: dict[str, int] = {}
    for _ in range(repeat):
        for name, (fn, blocks) in stages.items():
            _TOKEN_IDS.clear()  # cold cache: every run hashes its tokens afresh
            c0, w0 = time.process_time(), time.perf_counter()
            result[name] = fn(blocks, cfg)
            cpu[name].append(time.process_time() - c0)
            wall[name].append(time.perf_counter() - w0)
    rows = {}
    for name, (_, blocks) in stages.items():
        med = statistics.median(cpu[name])
        rows[name] = {"blocks": len(blocks), "cpu_s": [round(s, 4) for s in cpu[name]],
                      "wall_s": [round(s, 4) for s in wall[name]], "median_cpu_s": round(med, 4),
                      "blocks_per_s": round(len(blocks) / med, 1),
                      "wall_blocks_per_s": round(len(blocks) / statistics.median(wall[name]), 1),
                      "result": result[name]}
    return rows


# --- command line ------------------------------------------------------------------------------

def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--blocks", type=int, default=5000)
    ap.add_argument("--dup-share", type=float, default=0.2)
    ap.add_argument("--baseline-blocks", type=int, default=500)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--cpu", type=int, default=None, help="CPU to pin to (default: the last allowed one)")
    ap.add_argument("--json", type=Path, default=None, help="write the results here")
    return ap.parse_args(argv)


def pin(cpu: int | None) -> int | None:
    if not hasattr(os, "sched_setaffinity"):
        return None
    chosen = cpu if cpu is not None else max(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {chosen})
    return chosen


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    cpu = pin(args.cpu)
    cfg = DedupConfig()
    blocks = generate(args.blocks, args.dup_share, args.seed)
    rows = timed({"dedup_blocks": (run_dedup, blocks), "sign_only": (run_sign, blocks),
                  "minhash_bulk": (run_bulk, blocks), "update_loop": (run_update_loop, blocks[: args.baseline_blocks]),
                  "update_loop_xxh32": (run_update_loop_xxh32, blocks[: args.baseline_blocks])},
                 cfg, args.repeat)
    rate = rows["dedup_blocks"]["blocks_per_s"]
    ratio = rate / rows["update_loop"]["blocks_per_s"]
    ratio_xxh32 = rate / rows["update_loop_xxh32"]["blocks_per_s"]
    ok = rate >= TARGET_RATE and ratio >= TARGET_RATIO
    print(f"{len(blocks)} blocks, {np.mean([len(b.text) for b in blocks]):.0f} chars on average, "
          f"{args.dup_share:.0%} near copies; pinned to cpu {cpu}; median of {args.repeat} "
          f"interleaved runs, blocks/s from CPU time")
    print(f"{'stage':<14}{'blocks':>8}{'cpu s':>9}{'blocks/s':>10}{'wall blocks/s':>15}")
    for name, row in rows.items():
        print(f"{name:<14}{row['blocks']:>8}{row['median_cpu_s']:>9.3f}{row['blocks_per_s']:>10.0f}"
              f"{row['wall_blocks_per_s']:>15.0f}")
    print(f"dedup_blocks removed {rows['dedup_blocks']['result']} blocks; dedup_blocks / update_loop = {ratio:.1f}x "
          f"(/ update_loop_xxh32 = {ratio_xxh32:.1f}x); targets >= {TARGET_RATE:.0f} blocks/s, >= {TARGET_RATIO:.0f}x "
          f"update_loop: {'ok' if ok else 'MISSED'}")
    if args.json:
        report = {"blocks": len(blocks), "dup_share": args.dup_share, "repeat": args.repeat, "cpu": cpu,
                  "rows": rows, "ratio_vs_update_loop": round(ratio, 1),
                  "ratio_vs_update_loop_xxh32": round(ratio_xxh32, 1), "targets_met": ok,
                  "target_blocks_per_s": TARGET_RATE, "target_ratio": TARGET_RATIO,
                  "config_fingerprint": dedup_fingerprint(cfg), "python": platform.python_version(),
                  "numpy": np.__version__, "datasketch": datasketch.__version__, "machine": platform.machine()}
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0 if ok else 1


def dedup_fingerprint(cfg: DedupConfig) -> str:
    from pipeline.config import Config
    return Config(dedup=cfg).fingerprint()


if __name__ == "__main__":
    sys.exit(main())
