"""Clean print-shop variants of real PDFs and compare each with its original's output.

    python scripts/impose_check.py [FOLDER] [--variants spreads,booklet] [--json FILE]

For every PDF of FOLDER (default ``../shared/corpus``) the original and each
variant of :mod:`fixtures.impose` are cleaned in process with the default
config; per (document, variant) one row:

- ``o->v`` / ``v->o``: shares of each output's distinct 12-character runs
  (whitespace removed) found in the other (text lost / text added),
- ``order``: share of the original's anchors (a block's first 16 characters,
  once in each text) that come in the original's order in the variant,
- ``len``: variant characters / original characters (text doubled > 1),
- ``titles``: ``=`` when the chapter titles are equal, else how many differ,
- ``leak``: slug or crop-mark words of the variant found in its output,
- ``kind``: the imposition kind in the variant's manifest.

A source that is itself imposed (its own kind is not ``none``) is skipped:
its variants would be variants of sheets, not of pages.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from anywhere without installing: fixtures/ is not a package dist

import numpy as np  # noqa: E402
import pymupdf  # noqa: E402

from fixtures.impose import VARIANTS, build  # noqa: E402
from pipeline.config import Config  # noqa: E402
from pipeline.measure import gram_set, squeeze  # noqa: E402
from pipeline.process import Result, process  # noqa: E402
from pipeline.types import BadInput  # noqa: E402
from pipeline.textdump import longest_increasing  # noqa: E402

ANCHOR = 16  # characters of a block's start that anchor it in the other text
LEAK_WORDS = (".indd", "15:29:43", "2022/11/1")


@dataclass(frozen=True)
class Cleaned:
    """What the comparison needs of one cleaned PDF."""

    blocks: tuple[str, ...]
    titles: tuple[str, ...]
    kind: str

    @property
    def text(self) -> str:
        return "\n".join(self.blocks)


@dataclass(frozen=True)
class Row:
    doc: str
    variant: str
    kind: str
    forward: float  # original runs found in the variant
    backward: float  # variant runs found in the original
    order: float
    length: float
    titles: int  # chapter titles that differ (count difference included); 0 when equal
    leak: tuple[str, ...]


def cleaned(path: Path) -> Cleaned:
    """Clean ``path`` with the default config."""
    result: Result = process(path, path.stem, Config())
    blocks = tuple(b.text for chapter in result.chapters for b in chapter.blocks)
    kind = str(result.meta.get("imposition", {}).get("kind", "none"))
    return Cleaned(blocks, tuple(c.title for c in result.chapters), kind)


def shared(a: str, b: str) -> tuple[float, float]:
    """Shares of each text's distinct 12-character runs (whitespace removed) found in the other."""
    ga, gb = gram_set([a]), gram_set([b])
    return (float(np.isin(ga, gb).mean()) if len(ga) else 1.0, float(np.isin(gb, ga).mean()) if len(gb) else 1.0)


def in_order(original: Cleaned, variant: Cleaned) -> float:
    """Share of the original's block anchors found, in the original's order, in the variant.

    An anchor is a block's first ``ANCHOR`` characters (whitespace removed) that
    occur exactly once in each text; the share is the longest run of anchors
    whose variant positions increase, over all anchors (1.0 without anchors).
    """
    a, b = squeeze(original.text), squeeze(variant.text)
    positions = []
    for block in original.blocks:
        head = squeeze(block)[:ANCHOR]
        if len(head) == ANCHOR and a.count(head) == 1 and b.count(head) == 1:
            positions.append(b.index(head))
    return len(longest_increasing(positions)) / len(positions) if positions else 1.0


def title_changes(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    return sum(x != y for x, y in zip(a, b)) + abs(len(a) - len(b))


def compare(doc: str, variant: str, original: Cleaned, other: Cleaned) -> Row:
    forward, backward = shared(original.text, other.text)
    length = len(squeeze(other.text)) / max(len(squeeze(original.text)), 1)
    leak = tuple(w for w in LEAK_WORDS if other.text.count(w) > original.text.count(w))
    return Row(doc, variant, other.kind, round(forward, 4), round(backward, 4),
               round(in_order(original, other), 4), round(length, 4),
               title_changes(original.titles, other.titles), leak)


def check(path: Path, variants: list[str], tmp: Path) -> list[Row]:
    """Rows of one source PDF; none when the source is itself imposed or cannot be cleaned (the
    reason on stderr); a variant that cannot be cleaned gives a row of kind ``failed``, all zeros."""
    try:
        original = cleaned(path)
    except BadInput as e:
        print(f"{path.stem}: skipped, {e}", file=sys.stderr)
        return []
    if original.kind != "none":
        print(f"{path.stem}: skipped, itself imposed ({original.kind})", file=sys.stderr)
        return []
    rows = []
    with pymupdf.open(path) as src:
        for variant in variants:
            out = tmp / variant / path.name  # the same stem: an untitled document's chapter is named after it
            out.parent.mkdir(exist_ok=True)
            out.write_bytes(build(src, variant))
            try:
                rows.append(compare(path.stem, variant, original, cleaned(out)))
            except BadInput as e:
                print(f"{path.stem} {variant}: failed, {e}", file=sys.stderr)
                rows.append(Row(path.stem, variant, "failed", 0.0, 0.0, 0.0, 0.0, len(original.titles), ()))
    return rows


def table(rows: list[Row]) -> str:
    head = f"{'doc':40} {'variant':17} {'kind':15} {'o->v':>6} {'v->o':>6} {'order':>6} {'len':>6} titles leak"
    lines = [head]
    for r in rows:
        lines.append(f"{r.doc[:40]:40} {r.variant:17} {r.kind:15} {r.forward:6.4f} {r.backward:6.4f} "
                     f"{r.order:6.4f} {r.length:6.3f} {'=' if not r.titles else r.titles:>6} {','.join(r.leak)}")
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT.parent / "shared" / "corpus",
                        help="folder of source PDFs (default ../shared/corpus)")
    add_row_options(parser)
    return parser.parse_args(argv)


def add_row_options(parser: argparse.ArgumentParser, known: Sequence[str] = VARIANTS) -> None:
    """The options the check scripts share: ``--variants``, names out of ``known`` (read by
    :func:`parse_variants`; an unknown name is a usage error, exit 2), and ``--json``."""
    def variants(text: str) -> list[str]:
        try:
            return parse_variants(text, known)
        except ValueError as e:
            raise argparse.ArgumentTypeError(str(e)) from e

    parser.add_argument("--variants", type=variants, default=list(known),
                        help=f"comma-separated variants, 'all' or 'none' (default all: {','.join(known)})")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON to this file")


def parse_variants(text: str, known: Sequence[str] = VARIANTS) -> list[str]:
    """Variants named in ``text`` out of ``known`` (default: those of :mod:`fixtures.impose`):
    comma-separated, or ``all`` / ``none``; ValueError for a name it does not know.
    ``"booklet,marks" -> ["booklet", "marks"]``."""
    if text in ("all", "none"):
        return list(known) if text == "all" else []
    names = [v for v in text.split(",") if v]
    if unknown := [v for v in names if v not in known]:
        raise ValueError(f"unknown variants {unknown}: choose from {', '.join(known)}")
    return names


def write_json(rows: Sequence[Any], path: Path | None) -> None:
    """The rows (dataclasses) as a JSON list to ``path``, when given."""
    if path:
        path.write_text(json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=1), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sources = sorted(args.folder.glob("*.pdf"))
    if not sources:
        print(f"no PDFs in {args.folder}", file=sys.stderr)
        return 2
    rows: list[Row] = []
    with TemporaryDirectory() as tmp:
        for path in sources:
            rows.extend(check(path, args.variants, Path(tmp)))
    print(table(rows))
    write_json(rows, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
