"""Propose floors and ceilings for checks/*.toml from a measured ``reportclean check --json`` result.

    reportclean check ../shared/corpus --json /tmp/now.json
    python scripts/propose_floors.py /tmp/now.json        # prints [<doc>.floors] / [<doc>.ceilings] tables

Each bound is the measured value moved by the margin in ``MARGINS`` in the
metric's good direction, rounded outward, so the gate passes today and fails
when a change makes a document clearly worse.  Paste the tables into the
expectations file; a lowered floor then shows up as a diff.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.measure import BY_NAME  # noqa: E402

# metric -> margin added away from the measured value (floors go down, ceilings up)
MARGINS = {
    "recall_12": 0.02, "short_line_recall": 0.05, "dup_residue_20": 0.02, "head_residue": 0.02,
    "folio_residue": 0.02, "han_space_han_per_1k": 1.0, "han_newline_han_per_1k": 1.0,
    "odd_char_share": 0.002, "pages_without_text": 0.0,
}
DECIMALS = 3
BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")  # TOML bare key: "zh_nee_2018q1_report"


def bound(name: str, value: float) -> tuple[str, float]:
    """``("floors", v - margin)`` for higher-is-better metrics, ``("ceilings", v + margin)`` otherwise."""
    step = 10 ** DECIMALS
    if BY_NAME[name].better == "higher":
        return "floors", max(0.0, math.floor((value - MARGINS[name]) * step) / step)
    return "ceilings", math.ceil((value + MARGINS[name]) * step) / step


def toml_key(key: str) -> str:
    """A TOML key, quoted only when it needs to be: ``"a.b" -> '"a.b"'``, ``"a-b" -> "a-b"``."""
    return key if BARE_KEY.match(key) else json.dumps(key, ensure_ascii=False)


def propose(result: dict) -> str:
    """TOML tables of floors and ceilings per document of a check result."""
    out = []
    for doc, data in sorted(result.get("documents", {}).items()):
        tables: dict[str, list[str]] = {"floors": [], "ceilings": []}
        for name, value in data.get("metrics", {}).items():
            if name in MARGINS and value is not None:
                kind, limit = bound(name, float(value))
                tables[kind].append(f"{name} = {limit:g}")
        for kind, lines in tables.items():
            if lines:
                out.append(f"[{toml_key(doc)}.{kind}]\n" + "\n".join(lines) + "\n")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("result", type=Path, help="a reportclean check --json file")
    args = parser.parse_args(argv)
    print(propose(json.loads(args.result.read_text(encoding="utf-8"))), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
