"""Measure "nothing invented, and an account of everything removed" on real PDFs.

    python scripts/account_check.py [INPUT ...] [--cleaned DIR] [--workers N] [--examples N] [--json FILE]

INPUTs are PDFs or folders of PDFs (default ``../shared/corpus``).  Without
``--cleaned`` they are cleaned into a temporary folder first
(``python -m pipeline.cli run``); with it, the documents of that cleaned
folder whose source (by sha256) is among the INPUTs are checked, or all of
its PDF documents when no INPUT is given.

The reference is what PyMuPDF sees: ``page.get_text("words")`` clipped to each
PDF page's visible area as the pipeline decides it (``extract.extract_page``:
CropBox narrowed to the TrimBox or to the crop marks' trim).  Imposed documents
are cut into logical pages by the pipeline, so everything is compared per
document, as multisets of tokens: NFKC, casefolded, punctuation dropped, Han and
kana one character per token, other letter/digit runs one token each.  Per
document, with tokens from ``chapters/*.md`` (kept) and from ``removed.jsonl``'s
``text`` (accounted for):

- ``lost``: share of the source tokens found neither kept nor accounted for
  (text dropped silently), with the commonest lost tokens (pages are 1-based PDF
  pages; context is the run of lost tokens around one occurrence);
- ``invented``: share of the kept tokens not in the source (wrong joins, text
  made up);
- ``titles``: how many of the invented tokens a chapter title holds (``Front
  matter``, a title made from the file name: made up, but by design);
- ``joined``: kept tokens that are two or more consecutive source tokens glued
  (``near-`` + ``miss`` -> ``nearmiss``, a letter-spaced ``A N N U A L``), counted
  kept, and kept runs of tokens that make up one source token (a split), too.

A kept token is one really in a chapter file: exact first, then a join of
consecutive source tokens.  What the check cannot see: text PyMuPDF does not
extract (paths, images), the order of the text, and which occurrence of a
repeated token was lost (the lost ones are taken next to other lost tokens).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from anywhere without installing

import pymupdf  # noqa: E402
import regex  # noqa: E402

from pipeline.config import ExtractConfig  # noqa: E402
from pipeline.extract import extract_page  # noqa: E402
from pipeline.geometry import inside_share  # noqa: E402
from pipeline.patterns import SYMBOL_FONT  # noqa: E402
from scripts.impose_check import write_json  # noqa: E402

# One token: a Han or kana character, or a run of other letters, marks and digits: "2023年" -> "2023", "年"
TOKEN = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]|[\p{L}\p{M}\p{N}--\p{Han}\p{Hiragana}\p{Katakana}]+",
                      regex.V1)
MAX_JOIN = 24  # consecutive tokens one glued token may be made of (a letter-spaced title's letters)
CONTEXT = 12  # tokens of a lost run shown as an example's context
# Glyphs as MuPDF extracts them for the pipeline (whitespace kept, nothing clipped to the MediaBox: the
# pipeline reads beyond it and cuts at the visible area glyph by glyph), ligatures spelt out
RAW_FLAGS = pymupdf.TEXT_PRESERVE_WHITESPACE
HYPHEN_END = regex.compile(r"[-\u00ad\u2010\u2011]\s*$")  # a line ending in a hyphen: "near-"
HYPHEN_REACH = 200  # tokens after a line-end hyphen its word's second half may come (a figure between)


@dataclass(frozen=True)
class Token:
    """One source token: its text, 1-based PDF page and position in the document's word order."""

    text: str
    page: int
    hyphen: bool = False  # the last token of a line ending in a hyphen: its word may go on far away
    glue: bool = False  # may be glued to the next token: same word ("lost-time"), or letter-spaced


@dataclass
class Example:
    """A lost token: how often it was lost, on which pages, and the lost run around one occurrence."""

    token: str
    count: int
    pages: list[int]
    context: str


@dataclass
class Row:
    """The account of one document."""

    doc: str
    source: str
    kind: str
    source_tokens: int
    kept_tokens: int
    accounted: int
    lost: int
    invented: int
    in_titles: int  # of the invented tokens, those a chapter title holds (a title made from the file name)
    joined: int
    lost_share: float
    invented_share: float
    examples: list[Example] = field(default_factory=list)
    invented_examples: list[tuple[str, int]] = field(default_factory=list)


def tokens(text: str) -> list[str]:
    """``"Near-miss ﬁnance, 2023年"`` -> ``["near", "miss", "finance", "2023", "年"]``."""
    return TOKEN.findall(unicodedata.normalize("NFKC", text).casefold())


def source_tokens(pdf: Path, use_trimbox: bool = True) -> tuple[list[Token], int]:
    """Every token PyMuPDF sees inside each page's visible area, in page and line order, and the
    number of pages the pipeline could not read (skipped, as the pipeline skips them)."""
    cfg = ExtractConfig(use_trimbox=use_trimbox)
    out: list[Token] = []
    unreadable = 0
    with pymupdf.open(pdf) as doc:
        for number in range(doc.page_count):
            try:
                lines = page_lines(doc[number], cfg)
            except Exception:  # MuPDF's errors on a damaged page, as in extract.iter_pages
                unreadable += 1
                continue
            out.extend(t for line in lines for t in line_tokens(line, number + 1))
    return out, unreadable


def line_tokens(line: str, page: int) -> list[Token]:
    """The tokens of one line, each marked where it may be glued to the next: inside one word
    (``"lost-time"``), between two single letters or digits (letter-spaced ``"A N N U A L"``), and
    at the line's end after a hyphen."""
    out: list[Token] = []
    for word in line.split():
        found = tokens(word)
        out.extend(Token(t, page, glue=i < len(found) - 1) for i, t in enumerate(found))
    for i in range(len(out) - 1):
        if len(out[i].text) == 1 and len(out[i + 1].text) == 1 and not out[i].glue:
            out[i] = replace(out[i], glue=True)
    if out and HYPHEN_END.search(line):
        out[-1] = replace(out[-1], hyphen=True)
    return out


def page_lines(page: pymupdf.Page, cfg: ExtractConfig) -> list[str]:
    """The text of each MuPDF line of ``page``, of the glyphs mostly inside the visible area the
    pipeline uses (its straddle rule), without symbol-font letters (a Wingdings "u" is a bullet)."""
    visible = extract_page(page, cfg).boxes.visible
    raw = page.get_text("rawdict", flags=RAW_FLAGS, clip=pymupdf.INFINITE_RECT())
    out = []
    for block in raw["blocks"]:
        for line in block.get("lines", []):
            text = "".join(c["c"] for s in line["spans"] if not _dingbats(s) for c in s["chars"]
                           if inside_share(tuple(c["bbox"]), visible) >= cfg.straddle_share)
            if text.strip():
                out.append(text)
    return out


def _dingbats(span: dict[str, Any]) -> bool:
    """A symbol font's span of plain letters, which the pipeline reads as no text (extract._symbol_letters)."""
    text = "".join(c["c"] for c in span["chars"])
    return bool(SYMBOL_FONT.search(span.get("font", ""))) and text.strip().isascii()


def chapter_tokens(doc_dir: Path) -> tuple[list[str], Counter[str]]:
    """Tokens of the chapter files in order (titles included: they are output text), and those of
    the titles (a chapter file's first line) alone."""
    texts = [f.read_text(encoding="utf-8") for f in sorted((doc_dir / "chapters").glob("*.md"))]
    return [t for text in texts for t in tokens(text)], Counter(t for text in texts for t in tokens(text.split("\n", 1)[0]))


def removed_tokens(doc_dir: Path) -> list[str]:
    """Tokens of every removed block's ``text`` in removed.jsonl."""
    path = doc_dir / "removed.jsonl"
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [t for line in lines if line.strip() for t in tokens(json.loads(line).get("text") or "")]


def glued(stream: Sequence[str], wanted: Counter[str],
          tokens_at: Sequence[Token] = ()) -> Iterator[tuple[str, tuple[int, ...]]]:
    """Runs of 2..``MAX_JOIN`` consecutive tokens of ``stream`` whose concatenation is one of
    ``wanted``, as (text, positions): ``["near", "miss"], {"nearmiss"} -> ("nearmiss", (0, 1))``.
    With ``tokens_at`` (the source tokens of ``stream``) only where each token may be glued to the
    next (:func:`line_tokens`), and a line-end hyphen's token also with any of the next
    ``HYPHEN_REACH`` tokens (the rest of a word broken at a column's or page's end, heads between)."""
    if not wanted:
        return
    longest = max(len(w) for w in wanted)
    for start in range(len(stream)):
        text = stream[start]
        for end in range(start + 1, min(start + MAX_JOIN, len(stream))):
            if tokens_at and not (tokens_at[end - 1].glue or tokens_at[end - 1].hyphen):
                break
            text += stream[end]
            if len(text) > longest:
                break
            if text in wanted:
                yield text, tuple(range(start, end + 1))
        if tokens_at and tokens_at[start].hyphen:
            for far in range(start + 2, min(start + HYPHEN_REACH, len(stream))):
                if stream[start] + stream[far] in wanted:
                    yield stream[start] + stream[far], (start, far)


def match_joins(wanted: Counter[str], stream: Sequence[str], pool: Counter[str],
                tokens_at: Sequence[Token] = ()) -> int:
    """Take from ``wanted`` each token that is a run of ``stream`` tokens glued (:func:`glued`);
    how many were taken.  Runs whose tokens ``pool`` still holds go first and are taken from it;
    then any run (the token is in the stream, its pieces matched elsewhere).  Runs do not overlap."""
    taken = 0
    for strict in (True, False):
        used: set[int] = set()
        for text, where in glued(stream, wanted, tokens_at):
            run = [stream[i] for i in where]
            if not wanted[text] or used.intersection(where) or (strict and not _holds(pool, run)):
                continue
            wanted[text] -= 1
            for t in run:
                pool[t] -= pool[t] > 0
            used.update(where)
            taken += 1
    wanted += Counter()  # drop zero counts (in place)
    pool += Counter()
    return taken


def _holds(pool: Counter[str], run: Sequence[str]) -> bool:
    return all(pool[t] >= n for t, n in Counter(run).items())


@dataclass
class Account:
    """The token arithmetic of one document."""

    source: int
    kept: int
    accounted: int
    joined: int
    lost: Counter[str]
    invented: Counter[str]


def account(source: Sequence[Token], out: Sequence[str], removed: Sequence[str]) -> Account:
    """Match source tokens with kept tokens (exact, then joins and splits), then with removed ones."""
    src = [t.text for t in source]
    pool, extra = Counter(src), Counter(out)
    common = pool & extra
    pool, extra = pool - common, extra - common
    joined = match_joins(extra, src, pool, source)  # kept tokens glued from source tokens
    joined += match_joins(pool, out, extra)  # source tokens kept in pieces
    kept = len(out) - sum(extra.values())
    unkept = sum(pool.values())
    gone = Counter(removed)
    by_removed = pool & gone
    pool, rest = pool - by_removed, gone - by_removed
    match_joins(rest, src, pool, source)  # removed blocks are cleaned text: joins there too
    match_joins(pool, removed, Counter())
    accounted = unkept - sum(pool.values())
    return Account(len(src), kept, accounted, joined, pool, extra)


def lost_flags(src: Sequence[Token], lost: Counter[str]) -> list[bool]:
    """Which occurrences were lost: every one of a token lost every time, then, for a token lost
    some of the time, the occurrences next to those, then the last ones."""
    total = Counter(t.text for t in src)
    flags = [lost[t.text] >= total[t.text] and lost[t.text] > 0 for t in src]
    left = Counter({k: v for k, v in lost.items() if v < total[k]})
    for near in (True, False):
        for i in reversed(range(len(src))):
            word = src[i].text
            if flags[i] or left[word] <= 0:
                continue
            if not near or _beside_lost(flags, i):
                flags[i], left[word] = True, left[word] - 1
    return flags


def _beside_lost(flags: Sequence[bool], i: int) -> bool:
    return (i > 0 and flags[i - 1]) or (i + 1 < len(flags) and flags[i + 1])


def examples(src: Sequence[Token], flags: Sequence[bool], lost: Counter[str], n: int) -> list[Example]:
    """The ``n`` commonest lost tokens with their pages and one lost run around them."""
    out = []
    for word, count in sorted(lost.items(), key=lambda kv: (-kv[1], kv[0]))[:n]:
        where = [i for i, t in enumerate(src) if flags[i] and t.text == word]
        pages = sorted({src[i].page for i in where})
        out.append(Example(word, count, pages[:10], _context(src, flags, where[0]) if where else ""))
    return out


def _context(src: Sequence[Token], flags: Sequence[bool], i: int) -> str:
    """The run of lost tokens around ``i``, at most ``CONTEXT`` tokens each side."""
    start, end = i, i + 1
    while start > 0 and flags[start - 1] and i - start < CONTEXT:
        start -= 1
    while end < len(src) and flags[end] and end - i < CONTEXT:
        end += 1
    return " ".join(t.text for t in src[start:end])


def check_document(doc_dir: Path, pdf: Path, n_examples: int = 10) -> Row:
    """The account of one cleaned document against its source PDF."""
    manifest = json.loads((doc_dir / "manifest.json").read_text(encoding="utf-8"))
    trim = bool(((manifest.get("config") or {}).get("settings") or {}).get("extract", {}).get("use_trimbox", True))
    src, _ = source_tokens(pdf, trim)
    out, titles = chapter_tokens(doc_dir)
    result = account(src, out, removed_tokens(doc_dir))
    flags = lost_flags(src, result.lost)
    lost, invented = sum(result.lost.values()), sum(result.invented.values())
    in_titles = sum((result.invented & titles).values())
    return Row(doc_dir.name, str(pdf), (manifest.get("imposition") or {}).get("kind", ""), result.source,
               result.kept, result.accounted, lost, invented, in_titles, result.joined,
               round(lost / max(result.source, 1), 5), round(invented / max(len(out), 1), 5),
               examples(src, flags, result.lost, n_examples), result.invented.most_common(n_examples))


def pdf_inputs(paths: Iterable[Path]) -> list[Path]:
    """PDFs named or found (recursively) in folders."""
    out: list[Path] = []
    for p in paths:
        out.extend(sorted(q for q in p.rglob("*") if q.suffix.lower() == ".pdf") if p.is_dir() else [p])
    return out


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cleaned_documents(cleaned: Path, pdfs: Sequence[Path]) -> list[tuple[Path, Path]]:
    """(document folder, source PDF) pairs of ``cleaned``: sources matched by sha256 among ``pdfs``,
    or by the manifest's path when ``pdfs`` is empty."""
    by_hash = {sha256(p): p for p in pdfs}
    pairs = []
    for manifest in sorted(cleaned.glob("*/manifest.json")):
        source = json.loads(manifest.read_text(encoding="utf-8")).get("source") or {}
        if source.get("kind") != "pdf":
            continue
        pdf = by_hash.get(source.get("sha256", "")) if pdfs else Path(source.get("path", ""))
        if pdf is not None and pdf.exists():
            pairs.append((manifest.parent, pdf))
    return pairs


def run_pipeline(pdfs: Sequence[Path], out: Path, workers: int) -> None:
    """Clean ``pdfs`` into ``out`` with the pipeline's command line (failures are the pipeline's)."""
    cmd = [sys.executable, "-m", "pipeline.cli", "run", *map(str, pdfs), "--out", str(out), "--workers", str(workers)]
    subprocess.run(cmd, cwd=ROOT, check=False, stdout=subprocess.DEVNULL)


def table(rows: Sequence[Row]) -> str:
    """One line per document, most lost first, then totals and each document's lost examples."""
    ranked = sorted(rows, key=lambda r: (-r.lost_share, -r.invented_share, r.doc))
    lines = [f"{'doc':40} {'kind':>14} {'tokens':>8} {'lost':>7} {'invented':>8} {'titles':>6} {'joined':>6}"]
    lines += [f"{r.doc[:40]:40} {r.kind[:14]:>14} {r.source_tokens:8} {r.lost_share:7.2%} "
              f"{r.invented_share:8.2%} {r.in_titles:6} {r.joined:6}" for r in ranked]
    lines.append(totals(rows))
    for r in ranked:
        if r.examples or r.invented_examples:
            lines.append(f"\n{r.doc}: lost {r.lost}, invented {r.invented}")
            lines += [f"  - {e.token!r} x{e.count} p{','.join(map(str, e.pages))}: {e.context}" for e in r.examples]
            if r.invented_examples:
                lines.append("  + " + ", ".join(f"{t!r} x{c}" for t, c in r.invented_examples))
    return "\n".join(lines)


def totals(rows: Sequence[Row]) -> str:
    """Token-weighted shares over all rows."""
    src = sum(r.source_tokens for r in rows)
    kept = sum(r.kept_tokens + r.invented for r in rows)
    lost, invented = sum(r.lost for r in rows), sum(r.invented for r in rows)
    return (f"TOTAL {len(rows)} documents, {src} source tokens: lost {lost / max(src, 1):.3%}, "
            f"invented {invented / max(kept, 1):.3%}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", type=Path, help="PDFs or folders (default ../shared/corpus)")
    parser.add_argument("--cleaned", type=Path, help="a cleaned output folder to check instead of cleaning")
    parser.add_argument("--workers", type=int, default=1, help="pipeline workers when cleaning (default 1)")
    parser.add_argument("--examples", type=int, default=10, help="lost tokens shown per document (default 10)")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON to this file")
    args = parser.parse_args(argv)
    if not args.inputs and not args.cleaned:
        args.inputs = [ROOT.parent / "shared" / "corpus"]
    return args


def check_all(pairs: Sequence[tuple[Path, Path]], n_examples: int) -> list[Row]:
    rows = []
    for doc_dir, pdf in pairs:
        try:
            rows.append(check_document(doc_dir, pdf, n_examples))
        except (OSError, RuntimeError, ValueError) as exc:
            print(f"{doc_dir.name}: skipped ({exc})", file=sys.stderr)
    return rows


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    pdfs = pdf_inputs(args.inputs)
    if args.cleaned:
        rows = check_all(cleaned_documents(args.cleaned, pdfs), args.examples)
    else:
        if not pdfs:
            print(f"no PDFs in {' '.join(map(str, args.inputs))}", file=sys.stderr)
            return 2
        with TemporaryDirectory() as tmp:
            run_pipeline(pdfs, Path(tmp), args.workers)
            rows = check_all(cleaned_documents(Path(tmp), pdfs), args.examples)
    print(table(rows))
    write_json(rows, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
