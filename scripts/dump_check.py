"""Clean naive text dumps of print-shop variants of real PDFs and compare each with the PDF's output.

    python scripts/dump_check.py [FOLDER ...] [--variants split_spreads,spreads,marks]
                                 [--dumps text,blocks,pdftotext] [--json FILE]

For every PDF of each FOLDER (default ``../shared/corpus``) the original is
cleaned as a PDF; then each print-shop variant of :mod:`fixtures.impose` is
dumped the way layout-unaware extractors dump it, and each dump is cleaned as a
``.txt`` (the seed, ``../shared/seed``, is such a dump of a real report):

- ``text``: PyMuPDF ``page.get_text()`` of every page, *not* clipped to the
  CropBox (a split spread's page gives the whole spread), pages joined by a
  blank line;
- ``blocks``: PyMuPDF's text blocks of every page, unclipped, one blank line
  between blocks and between pages (the seed's look: paragraphs and lone page
  numbers between blank lines);
- ``pdftotext``: ``pdftotext`` without ``-layout`` (pages end with form feeds),
  when it is installed.

A ``split_spreads`` dump ends, like the seed, with the text of a Quite
Imposing Splitter history (:func:`fixtures.layouts.quite_imposing_xmp`, tags
stripped).  The ``control`` variant is the original PDF dumped the same way,
without imposition.  Per (document, variant, dump) one row:

- ``lost``: share of the PDF output's distinct 12-character runs (whitespace
  removed) missing from the dump's output (text lost),
- ``added``: share of the dump output's runs missing from the PDF output
  (text added: furniture leaked, spreads not deduplicated, ...),
- ``resid``: :func:`pipeline.metrics.dup_residue` of the dump's output (text
  repeated, 20-character windows) — compare with the PDF output's (``pdf``),
- ``order``: anchors of the PDF output in its order in the dump's output
  (:func:`scripts.impose_check.in_order`),
- ``len``: dump output characters / PDF output characters,
- ``ch``: chapters of the dump's output (PDF output's in parentheses) and
  ``titles`` that differ (``=`` when equal),
- ``leak``: Quite Imposing or slug words in the dump's output,
- ``c.lost`` / ``c.add``: ``lost`` and ``added`` against the ``control`` dump's
  output by the same extractor instead of the PDF's (what the imposition alone
  costs: the PDF and text paths differ on any document; ``control`` rows show
  by how much).

A source that is itself imposed (its own kind is not ``none``) is skipped, as in
:mod:`scripts.impose_check`.  Everything is deterministic: reruns print the
same table.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from tempfile import TemporaryDirectory

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from anywhere without installing: fixtures/ is not a package dist

import pymupdf  # noqa: E402

from fixtures.impose import SLUG, build  # noqa: E402
from fixtures.layouts import QI_WORDS, quite_imposing_xmp  # noqa: E402
from pipeline.measure import squeeze  # noqa: E402
from pipeline.metrics import dup_residue  # noqa: E402
from pipeline.types import BadInput  # noqa: E402
from scripts.impose_check import (Cleaned, add_row_options, cleaned, in_order, shared, title_changes,  # noqa: E402
                                  write_json)

VARIANTS = ("control", "split_spreads", "spreads", "marks")  # control: the original, not imposed
DUMPS = ("text", "blocks", "pdftotext")
LEAK_WORDS = tuple(QI_WORDS) + (".indd", SLUG.split()[2], SLUG.split()[3])
TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Row:
    doc: str
    variant: str
    dump: str
    lost: float  # PDF output runs missing from the dump's output
    added: float  # dump output runs missing from the PDF output
    residue: float  # dup_residue of the dump's output
    pdf_residue: float  # dup_residue of the PDF's output
    order: float
    length: float
    chapters: int
    pdf_chapters: int
    titles: int  # chapter titles that differ (count difference included); 0 when equal
    leak: tuple[str, ...]
    control_lost: float = 0.0  # control dump output runs missing from this dump's output
    control_added: float = 0.0  # this dump's output runs missing from the control dump's output
    error: str = ""


def mupdf_pages(pdf: pymupdf.Document, blocks: bool) -> list[str]:
    """Each page's text, unclipped: the plain text, or its text blocks one blank line apart."""
    out = []
    for number in range(pdf.page_count):
        page = pdf[number]
        if blocks:
            found = page.get_text("blocks", clip=pymupdf.INFINITE_RECT(), sort=False)
            out.append("\n\n".join(b[4].strip("\n") for b in found if b[6] == 0))
        else:
            out.append(page.get_text(clip=pymupdf.INFINITE_RECT()))
    return out


def dump_text(pdf_path: Path) -> str:
    with pymupdf.open(pdf_path) as pdf:
        return "\n".join(mupdf_pages(pdf, blocks=False))


def dump_blocks(pdf_path: Path) -> str:
    with pymupdf.open(pdf_path) as pdf:
        return "\n\n".join(mupdf_pages(pdf, blocks=True)) + "\n"


def dump_pdftotext(pdf_path: Path) -> str:
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf_path), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8", errors="replace")


DUMPERS: dict[str, Callable[[Path], str]] = {"text": dump_text, "blocks": dump_blocks, "pdftotext": dump_pdftotext}


def history_tail(title: str) -> str:
    """The text a naive extractor takes from a Quite Imposing Splitter's XMP (tags stripped)."""
    return "\n" + TAG.sub("", quite_imposing_xmp(title)) + "\n"


def compare(doc: str, variant: str, dump: str, original: Cleaned, other: Cleaned, control: Cleaned) -> Row:
    forward, backward = shared(original.text, other.text)
    control_forward, control_backward = shared(control.text, other.text)
    length = len(squeeze(other.text)) / max(len(squeeze(original.text)), 1)
    leak = tuple(w for w in LEAK_WORDS if other.text.count(w) > original.text.count(w))
    return Row(doc, variant, dump, round(1 - forward, 4), round(1 - backward, 4),
               round(dup_residue(other.text), 4), round(dup_residue(original.text), 4),
               round(in_order(original, other), 4), round(length, 4), len(other.titles), len(original.titles),
               title_changes(original.titles, other.titles), leak,
               round(1 - control_forward, 4), round(1 - control_backward, 4))


def failed(doc: str, variant: str, dump: str, error: str) -> Row:
    return Row(doc, variant, dump, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0, 0, 0, (), 1.0, 0.0, error)


def check(path: Path, variants: list[str], dumps: list[str], tmp: Path) -> list[Row]:
    """Rows of one source PDF; none when the source is itself imposed or cannot be cleaned (the
    reason on stderr)."""
    try:
        original = cleaned(path)
    except BadInput as e:
        print(f"{path.stem}: skipped, {e}", file=sys.stderr)
        return []
    if original.kind != "none":
        print(f"{path.stem}: skipped, itself imposed ({original.kind})", file=sys.stderr)
        return []
    rows = []
    controls: dict[str, Cleaned] = {}
    with pymupdf.open(path) as src:
        title = str(src.metadata.get("title") or "") if src.metadata else ""
        for variant in ["control"] + [v for v in variants if v != "control"]:
            pdf = path if variant == "control" else tmp / variant / path.name
            if variant != "control":
                pdf.parent.mkdir(exist_ok=True)
                pdf.write_bytes(build(src, variant))
            for dump in dumps:
                out = tmp / f"{variant}-{dump}" / f"{path.stem}.txt"  # the source's stem: untitled chapters
                out.parent.mkdir(exist_ok=True)
                text = DUMPERS[dump](pdf) + (history_tail(title) if variant == "split_spreads" else "")
                out.write_text(text, encoding="utf-8")
                try:
                    got = cleaned(out)
                except BadInput as e:
                    rows.append(failed(path.stem, variant, dump, str(e)))
                    continue
                controls.setdefault(dump, got)
                rows.append(compare(path.stem, variant, dump, original, got, controls[dump]))
    return [r for r in rows if r.variant in variants]


def table(rows: list[Row]) -> str:
    head = (f"{'doc':34} {'variant':13} {'dump':9} {'lost':>6} {'added':>6} {'resid':>6} {'pdf':>6} "
            f"{'order':>6} {'len':>6} {'ch':>8} titles {'c.lost':>6} {'c.add':>6} leak")
    lines = [head]
    for r in rows:
        if r.error:
            lines.append(f"{r.doc[:34]:34} {r.variant:13} {r.dump:9} failed: {r.error}")
            continue
        lines.append(f"{r.doc[:34]:34} {r.variant:13} {r.dump:9} {r.lost:6.4f} {r.added:6.4f} {r.residue:6.4f} "
                     f"{r.pdf_residue:6.4f} {r.order:6.4f} {r.length:6.3f} {f'{r.chapters}({r.pdf_chapters})':>8} "
                     f"{'=' if not r.titles else r.titles:>6} {r.control_lost:6.4f} {r.control_added:6.4f} {','.join(r.leak)}")
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, default=[ROOT.parent / "shared" / "corpus"],
                        help="folders (or PDF files) of source PDFs (default ../shared/corpus)")
    parser.add_argument("--dumps", default=",".join(DUMPS),
                        help=f"comma-separated dumps (default all: {','.join(DUMPS)}; pdftotext when installed)")
    add_row_options(parser, VARIANTS)
    args = parser.parse_args(argv)
    args.dumps = [d for d in args.dumps.split(",") if d]
    if unknown := [d for d in args.dumps if d not in DUMPS]:
        parser.error(f"unknown dumps {unknown}: choose from {', '.join(DUMPS)}")
    if "pdftotext" in args.dumps and not shutil.which("pdftotext"):
        print("pdftotext not installed: its dumps are left out", file=sys.stderr)
        args.dumps.remove("pdftotext")
    return args


def sources(folders: list[Path]) -> list[Path]:
    out: list[Path] = []
    for folder in folders:
        out.extend([folder] if folder.is_file() else sorted(folder.glob("*.pdf")))
    return out


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    paths = sources(args.folders)
    if not paths:
        print(f"no PDFs in {', '.join(map(str, args.folders))}", file=sys.stderr)
        return 2
    rows: list[Row] = []
    with TemporaryDirectory() as tmp:
        for path in paths:
            rows.extend(check(path, args.variants, args.dumps, Path(tmp)))
    print(table(rows))
    write_json(rows, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
