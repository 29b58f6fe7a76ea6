"""Write the generated layout fixtures the quality gate checks into a folder.

    python scripts/build_fixtures.py OUT_DIR     # OUT_DIR/<variant>.pdf and OUT_DIR/<variant>.truth.json

The PDFs are deterministic (see ``fixtures/layouts.py``), so
``checks/fixtures.toml`` can pin expectations for them by document id (the
file stem).  Truth files go beside them with a ``.json`` suffix, which
``reportclean`` does not take as input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from anywhere without installing: fixtures/ is not a package dist

from fixtures.layouts import VARIANTS as LAYOUTS  # noqa: E402

# The variants the quality gate checks (``checks/fixtures.toml`` names each); ``split_spreads``
# is the shipped sample's layout, which ``sample`` already covers.
GATED = ("sample", "plain", "printer_marks", "unsplit_spreads", "saddle_booklet", "nup_grid")
VARIANTS = {name: LAYOUTS[name] for name in GATED}


def build(out: Path, names: list[str] | None = None) -> list[Path]:
    """Write the named variants (default: all) into ``out``; return the PDF paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in names or list(VARIANTS):
        data, truth = VARIANTS[name]()
        pdf = out / f"{name}.pdf"
        pdf.write_bytes(data)
        (out / f"{name}.truth.json").write_text(truth.to_json(), encoding="utf-8")
        written.append(pdf)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write the PDFs into")
    parser.add_argument("--only", nargs="*", choices=sorted(VARIANTS), help="variants to build (default: all)")
    args = parser.parse_args(argv)
    for path in build(args.out, args.only):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
