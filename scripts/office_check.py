"""Clean PDFs set by a real word processor (LibreOffice) from known text, and judge them by that text.

    python scripts/office_check.py [--out DIR] [--variants spreads,booklet|all|none] [--json FILE]

Each document of :mod:`fixtures.office_docs` is written as Flat ODT, converted
with ``soffice --headless --convert-to pdf`` (twice: the second pass puts the
real page numbers into the contents page), then cleaned in process with the
default config, as are its print-shop variants (:mod:`fixtures.impose`).
Per (document, variant) one row:

- ``recall``: share of the truth paragraphs' distinct 12-character runs found in the output,
- ``order``: share of paragraph anchors (first 16 characters, once in the truth and once in the
  output) that come in truth order,
- ``whole``: paragraphs found whole inside one output block / paragraphs (letters and digits
  compared: LibreOffice 7.4 leaves some commas at CJK line ends out of the text layer),
- ``excl``: furniture strings (running head, page-number footer) left in the output,
- ``chap``: ``=`` when the level-1 headings are the chapter titles (a leading
  cover/contents chapter allowed), else the titles found,
- ``rows``: table rows whose cells come in order inside one output block / rows,
- ``han_sp`` / ``han_nl``: Han–space–Han and Han–newline–Han in paragraphs,
- ``mix_sp``: spaces between a Han character and a Latin letter or digit in paragraphs
  (``"2023 年"``; the truth has none: LibreOffice's autospace gap is no space).

Without ``soffice`` on the PATH it prints a message and exits 0; it never downloads anything.
Output is deterministic for a given LibreOffice version and font set.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from tempfile import TemporaryDirectory

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pymupdf  # noqa: E402
import regex  # noqa: E402

from fixtures.impose import build  # noqa: E402
from fixtures.office import OfficeDoc, fodt  # noqa: E402
from fixtures.office_docs import DOCS  # noqa: E402
from pipeline import patterns as P  # noqa: E402
from pipeline.check import title_key  # noqa: E402
from pipeline.config import Config  # noqa: E402
from pipeline.measure import gram_set, squeeze  # noqa: E402
from pipeline.process import process  # noqa: E402
from pipeline.textdump import longest_increasing  # noqa: E402
from pipeline.types import TABLE  # noqa: E402
from scripts.impose_check import add_row_options, write_json  # noqa: E402

ANCHOR = 16
MIXED_SPACE = regex.compile(r"\p{Han}[ \t]+(?=[A-Za-z0-9])|[A-Za-z0-9%][ \t]+(?=\p{Han})")  # "2023 年", "公司 MLCC"


@dataclass(frozen=True)
class Row:
    doc: str
    variant: str
    recall: float
    order: float
    whole: str
    excl: tuple[str, ...]
    chap: str
    rows: str
    han_sp: int
    han_nl: int
    mix_sp: int


NO_BOOKMARKS = 'pdf:writer_pdf_Export:{"ExportBookmarks":{"type":"boolean","value":"false"}}'


def convert(fodt_path: Path, outdir: Path, bookmarks: bool = True) -> Path:
    """``soffice --headless --convert-to pdf`` of one file, with a private profile so runs do not collide."""
    profile = outdir / ".lo_profile"
    cmd = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
           "pdf" if bookmarks else NO_BOOKMARKS, "--outdir", str(outdir), str(fodt_path)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=300)
    pdf = outdir / (fodt_path.stem + ".pdf")
    if not pdf.is_file():
        raise RuntimeError(f"soffice wrote no PDF for {fodt_path}")
    return pdf


def heading_pages(pdf: Path, titles: list[str]) -> dict[str, int]:
    """1-based page of each title's last occurrence as a line of its own (the contents page comes first)."""
    pages: dict[str, int] = {}
    with pymupdf.open(pdf) as doc:
        for n, page in enumerate(doc, 1):
            lines = {squeeze(x) for x in page.get_text().splitlines()}
            for t in titles:
                if squeeze(t) in lines:
                    pages[t] = n
    return pages


def make_pdf(doc: OfficeDoc, outdir: Path) -> Path:
    src = outdir / f"{doc.name}.fodt"
    src.write_text(fodt(doc), encoding="utf-8")
    pages = heading_pages(convert(src, outdir), doc.chapters)
    src.write_text(fodt(doc, pages), encoding="utf-8")
    return convert(src, outdir, doc.bookmarks)


def judge(doc: OfficeDoc, variant: str, path: Path) -> Row:
    result = process(path, path.stem, Config())
    blocks = [b for c in result.chapters for b in c.blocks]
    texts = [b.text for b in blocks]
    flat = squeeze("\n".join(texts))
    truth = doc.paragraphs
    want = gram_set(truth)
    recall = float(np.isin(want, gram_set(texts)).mean()) if len(want) else 1.0
    anchors = [squeeze(p)[:ANCHOR] for p in truth]
    anchors = [a for a in anchors if anchors.count(a) == 1 and flat.count(a) == 1]  # "单位：元" twice: no anchor
    order = len(longest_increasing([flat.index(a) for a in anchors])) / len(anchors) if anchors else 1.0
    squeezed = [squeeze(t) for t in texts]
    keys = [title_key(t) for t in texts]  # punctuation ignored: LibreOffice drops some at CJK line ends
    whole = sum(any(title_key(p) in k for k in keys) for p in truth)
    excl = tuple(e for e in doc.exclude if squeeze(e) in flat)
    rows = sum(any(_cells_in(r, s) for s in squeezed) for r in doc.table_rows)
    prose = "\n\n".join(b.text for b in blocks if b.kind != TABLE)
    return Row(doc.name, variant, round(recall, 4), round(order, 4), f"{whole}/{len(truth)}", excl,
               _chapters(doc.chapters, [c.title for c in result.chapters]), f"{rows}/{len(doc.table_rows)}",
               len(P.HAN_SPACE_HAN.findall(prose)), len(P.HAN_NEWLINE_HAN.findall(prose)),
               len(MIXED_SPACE.findall(prose)))


def _cells_in(row: tuple[str, ...], text: str) -> bool:
    at = 0
    for cell in row:
        at = text.find(squeeze(cell), at)
        if at < 0:
            return False
        at += len(squeeze(cell))
    return True


def _chapters(want: list[str], got: list[str]) -> str:
    keys = [title_key(t) for t in got]
    if keys[-len(want):] == [title_key(t) for t in want] and len(keys) - len(want) in (0, 1):
        return "="
    return " | ".join(got)


def table(rows: list[Row]) -> str:
    head = (f"{'doc':10} {'variant':17} {'recall':>6} {'order':>6} {'whole':>6} {'rows':>5} {'han_sp':>6} {'han_nl':>6} "
            f"{'mix_sp':>6} excl / chap")
    out = [head]
    for r in rows:
        out.append(f"{r.doc:10} {r.variant:17} {r.recall:6.4f} {r.order:6.4f} {r.whole:>6} {r.rows:>5} "
                   f"{r.han_sp:6d} {r.han_nl:6d} {r.mix_sp:6d} {','.join(r.excl) or '-'} / {r.chap}")
    return "\n".join(out)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, help="keep the .fodt and PDFs here (default: a temporary folder)")
    add_row_options(ap)
    return ap.parse_args(argv)


def run(out: Path, variants: list[str]) -> list[Row]:
    rows = []
    for doc in DOCS:
        pdf = make_pdf(doc, out)
        rows.append(judge(doc, "original", pdf))
        with pymupdf.open(pdf) as src:
            for v in variants:
                path = out / v / pdf.name
                path.parent.mkdir(exist_ok=True)
                path.write_bytes(build(src, v))
                rows.append(judge(doc, v, path))
    return rows


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if shutil.which("soffice") is None:
        print("office_check: soffice (LibreOffice) not found on PATH; skipped", file=sys.stderr)
        return 0
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        rows = run(args.out, args.variants)
    else:
        with TemporaryDirectory() as tmp:
            rows = run(Path(tmp), args.variants)
    print(table(rows))
    write_json(rows, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
