"""Build the shipped sample PDF and its ground truth from the seed excerpt.

    python scripts/make_sample.py            # writes raw/shanghai-2022-sample.pdf, fixtures/sample_truth.json

The PDF reproduces the seed's artifacts (split 2-up spreads with Quite
Imposing history in the XMP, running heads, glued spread page numbers, a
key-figure callout, chart-label digits, letter-spaced headings).  The truth
goes to fixtures/ because raw/ holds inputs only.  Output is byte-identical
from run to run.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from anywhere without installing: fixtures/ is not a package dist

from fixtures.layouts import sample  # noqa: E402

PDF_OUT = ROOT / "raw" / "shanghai-2022-sample.pdf"
TRUTH_OUT = ROOT / "fixtures" / "sample_truth.json"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf", type=Path, default=PDF_OUT, help=f"PDF to write (default {PDF_OUT.relative_to(ROOT)})")
    parser.add_argument("--truth", type=Path, default=TRUTH_OUT, help=f"truth JSON (default {TRUTH_OUT.relative_to(ROOT)})")
    return parser.parse_args(argv)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` next to ``path`` first, then rename over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    pdf, truth = sample()
    write_atomic(args.pdf, pdf)
    write_atomic(args.truth, truth.to_json().encode("utf-8"))
    print(f"{args.pdf}: {len(pdf):,} bytes, {len(truth.pages)} logical pages, {len(truth.blocks)} truth blocks; "
          f"truth {args.truth}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
