"""Compare reportclean with raw PyMuPDF, pypdf and pymupdf4llm on the layout fixtures and the dev corpus.

Usage (from the repository root)::

    python benchmarks/compare_extractors.py [--corpus DIR] [--json FILE] [--markdown FILE]
                                           [--workers N] [--llm-pages N] [--work DIR]

Every fixture variant of ``fixtures/layouts.py`` (built into a temporary
folder) and every ``*.pdf`` of ``--corpus`` (default ``../shared/corpus``,
skipped when absent) is read by four extractors:

- ``get_text``: PyMuPDF ``page.get_text()`` over all pages;
- ``pypdf``: ``page.extract_text()`` over all pages;
- ``pymupdf4llm``: ``to_markdown(doc, header=False, footer=False)``, its
  Markdown and HTML markup stripped (:func:`strip_llm_markup`);
- ``reportclean``: ``pipeline.runner.run_document`` with the default
  ``Config()``, chapters concatenated, ``#``/``>`` markup stripped.

Measures (texts compared NFKC, whitespace and invisible characters removed,
as ``pipeline.measure.squeeze`` does):

- fixtures: ``body_recall`` (share of the truth body's distinct 12-character
  runs found), ``head_residue`` / ``folio_residue`` (share of the truth's
  running heads / page numbers that still stand as whole lines more often
  than the truth itself has them; a glued spread pair "1516" counts for both
  numbers), ``dup_residue`` (share of characters inside a 20-character run
  that occurs twice or more), ``excess_dup`` (the same, counting only runs
  the truth does not repeat), ``leak`` (share of the truth's ``never``
  strings, slug lines and XMP history, present; blank when it has none),
  ``agreement`` (distinct 12-character runs shared with the same extractor's
  output of the ``plain`` variant, the smaller of the two directions; blank
  for ``plain`` itself);
- corpus: ``phrase_recall`` (share of ``must_include`` phrases of
  ``checks/corpus.toml`` found), ``raw_recall`` (``pipeline.measure.recall``
  against the raw text layer's lines: PyMuPDF's plain text of each logical
  page that reportclean found), ``exclude_residue`` (share of
  ``must_exclude`` phrases, running heads and slugs, present; blank when
  there are none), ``dup_residue``, ``agreement`` for documents that are
  the same text in two layouts (:data:`CORPUS_PAIRS`).

Restrictions: the raw text layer *is* ``get_text`` clipped to logical pages,
so ``raw_recall`` measures loss against it and raw ``get_text`` scores about
1 by construction; recall counts distinct runs, so a kept copy covers a
dropped one; residue by whole lines does not see a running head glued to
body text on one line.  No timings (see ``bench_throughput.py``): the output
is deterministic for a given code state and library versions.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import math
import os
import sys
import tempfile
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import numpy as np
import regex as re

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from anywhere without installing: fixtures/ is not a package dist

from fixtures.layouts import VARIANTS as FIXTURES  # noqa: E402
from fixtures.truth import Truth  # noqa: E402
from pipeline.check import DEFAULT_KEY, Expectation, load_expectations  # noqa: E402
from pipeline.metrics import text_codes, window_hashes  # noqa: E402
from pipeline.measure import gram_set, raw_lines, recall, squeeze  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
DEFAULT_EXPECT = ROOT / "checks" / "corpus.toml"
EXTRACTORS = ("get_text", "pypdf", "pymupdf4llm", "reportclean")
GRAM = 12
DUP_WINDOW = 20
NAN = float("nan")
REFERENCE_VARIANT = "plain"

# Corpus documents that are the same text in another layout: imposed -> source.
CORPUS_PAIRS = {"fr_capitole_du_libre_2011_prog_booklet_2up": "fr_capitole_du_libre_2011_prog_a4"}

FIXTURE_COLUMNS = ("body_recall", "head_residue", "folio_residue", "dup_residue", "excess_dup", "leak", "agreement")
CORPUS_COLUMNS = ("phrase_recall", "raw_recall", "exclude_residue", "dup_residue", "agreement")
LABELS = {
    "body_recall": "body recall ↑", "head_residue": "head residue ↓", "folio_residue": "page-no. residue ↓",
    "dup_residue": "dup residue ↓", "excess_dup": "dup not in truth ↓", "leak": "slug/XMP leak ↓",
    "agreement": "agreement ↑", "phrase_recall": "must_include ↑", "raw_recall": "raw-layer recall ↑",
    "exclude_residue": "must_exclude left ↓",
}

# --- pymupdf4llm markup, removed before measuring (the text inside stays) -------------------

# An HTML comment: "<!-- Start of picture text -->" -> ""
HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# A line break inside a table cell or picture text: "a<br>b" -> "a\nb"
HTML_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
# Any other HTML tag: "<mark>x</mark>" -> "x"
HTML_TAG = re.compile(r"</?[A-Za-z][^>\n]*>")
# An image link: "![](page1_img2.png)" -> ""
IMAGE_LINK = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
# A table's header rule or a horizontal rule line: "|---|:---:|", "-----" -> ""
RULE_LINE = re.compile(r"^[ \t]*(?:\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*(?::?-{3,}:?)?|-{3,}|```\w*)[ \t]*$", re.MULTILINE)
# A table cell border: "|a|b|" -> "\na\nb\n" (cells become lines)
CELL_BORDER = re.compile(r"\|")
# Bold, code and strike marks: "**Title**" -> "Title"
EMPHASIS = re.compile(r"\*\*|~~|`")
# Italic underscores at a word's edge, not inside names: "_China_ ’s" -> "China ’s", "Item_V1" unchanged
ITALIC = re.compile(r"(?<!\w)_(?=\S)|(?<=\S)_(?!\w)")
# Line-start markup: "## Title", "> quote", "- item" -> the text
LINE_MARKUP = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+)", re.MULTILINE)


def strip_llm_markup(md: str) -> str:
    """pymupdf4llm Markdown to plain lines: ``"## **A**\\n|x|y|"`` -> ``"A\\n\\nx\\ny\\n"``."""
    text = IMAGE_LINK.sub("", HTML_COMMENT.sub("", md))
    text = HTML_TAG.sub("", HTML_BREAK.sub("\n", text))
    text = CELL_BORDER.sub("\n", RULE_LINE.sub("", text))
    return LINE_MARKUP.sub("", ITALIC.sub("", EMPHASIS.sub("", text)))


# --- extractors: path -> plain text (run inside worker processes) ---------------------------

def extract_get_text(path: Path) -> str:
    """PyMuPDF's plain text of every page, as a naive pipeline reads it."""
    import pymupdf
    with pymupdf.open(path) as doc:
        return "\n".join(page.get_text() for page in doc)


def extract_pypdf(path: Path) -> str:
    """pypdf's text of every page; a page pypdf cannot read gives no text."""
    import pypdf
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # font-parsing chatter, one line per page
    texts = []
    for page in pypdf.PdfReader(path).pages:
        try:
            texts.append(page.extract_text())
        except Exception:  # noqa: BLE001 - bad input is data: the page counts as empty
            texts.append("")
    return "\n".join(texts)


def extract_llm(path: Path, max_pages: int = 0) -> str:
    """``pymupdf4llm.to_markdown(doc, header=False, footer=False)`` without markup; first ``max_pages`` if > 0."""
    import pymupdf
    import pymupdf4llm
    pymupdf.set_messages(stream=io.StringIO())  # "=== Document parser messages ===", "RapidOCR is missing"
    try:
        with pymupdf.open(path) as doc, contextlib.redirect_stdout(io.StringIO()):
            pages = {"pages": list(range(min(max_pages, doc.page_count)))} if max_pages > 0 else {}
            return strip_llm_markup(pymupdf4llm.to_markdown(doc, header=False, footer=False, **pages))
    finally:
        pymupdf.set_messages(stream=sys.stdout)  # PyMuPDF's default


def extract_reportclean(path: Path, doc_id: str, out: Path) -> str:
    """reportclean's chapters, concatenated, ``#``/``>`` stripped.

    Raises:
        RuntimeError: when reportclean failed on the document, with its stage and reason.
    """
    from pipeline.config import Config
    from pipeline.measure import load_output
    from pipeline.runner import run_document
    status = run_document(path, doc_id, out, Config())
    if status.get("status") != "ok":
        raise RuntimeError(f"reportclean failed at {status.get('stage')}: {status.get('reason')}")
    return load_output(out / doc_id).plain_text()


def run_extractor(extractor: str, path: Path, doc_id: str, work: Path, llm_pages: int) -> tuple[str, str]:
    """(text, error) of one extractor on one PDF; an exception becomes the error, text ""."""
    try:
        if extractor == "get_text":
            return extract_get_text(path), ""
        if extractor == "pypdf":
            return extract_pypdf(path), ""
        if extractor == "pymupdf4llm":
            return extract_llm(path, llm_pages), ""
        if extractor == "reportclean":
            return extract_reportclean(path, doc_id, work / "reportclean"), ""
    except Exception as exc:  # noqa: BLE001 - one broken extraction must not stop the table
        return "", f"{type(exc).__name__}: {exc}"[:300]
    raise ValueError(f"unknown extractor {extractor!r}: use one of {', '.join(EXTRACTORS)}")


# --- measures ----------------------------------------------------------------------------------

def shared_grams(a: str, b: str, n: int = GRAM) -> float:
    """The smaller share of either text's distinct ``n``-runs found in the other; NaN when one has none."""
    ga, gb = gram_set([a], n), gram_set([b], n)
    if not len(ga) or not len(gb):
        return NAN
    return min(float(np.isin(ga, gb).mean()), float(np.isin(gb, ga).mean()))


def gram_recall(want: Sequence[str], text: str, n: int = GRAM) -> float:
    """Share of the distinct ``n``-runs inside each of ``want`` (never across) found in ``text``."""
    wanted = gram_set(want, n)
    return float(np.isin(wanted, gram_set([text], n)).mean()) if len(wanted) else 1.0


def _covered_share(flags: np.ndarray, length: int, n: int) -> float:
    """Share of ``length`` characters inside a window (of ``n``) whose flag is set."""
    delta = np.zeros(length + 1, dtype=np.int64)
    starts = np.flatnonzero(flags)
    np.add.at(delta, starts, 1)
    np.add.at(delta, starts + n, -1)
    return float((np.cumsum(delta[:-1]) > 0).mean())


def dup_share(text: str, allowed: str = "", n: int = DUP_WINDOW) -> float:
    """Share of characters inside an ``n``-run that occurs twice or more, runs ``allowed`` repeats aside.

    ``dup_share("abcabc", n=3) -> 1.0``; ``dup_share("abcabc", allowed="abcabc", n=3) -> 0.0``.
    """
    codes = text_codes(squeeze(text))
    hashes = window_hashes(codes, n)
    if not len(hashes):
        return 0.0
    unique, inverse, counts = np.unique(hashes, return_inverse=True, return_counts=True)
    repeated = counts >= 2
    if allowed:
        known, known_counts = np.unique(window_hashes(text_codes(squeeze(allowed)), n), return_counts=True)
        repeated &= ~np.isin(unique, known[known_counts >= 2])
    return _covered_share(repeated[inverse], len(codes), n)


def line_runs(lines: Sequence[str], target: str) -> int:
    """How often ``target`` is one whole line or a run of whole consecutive lines (all squeezed).

    ``line_runs(["a", "前", "言", "x"], "前言") -> 1``.
    """
    count = 0
    for i, first in enumerate(lines):
        joined, j = first, i
        while target.startswith(joined) and joined != target and j + 1 < len(lines):
            j += 1
            joined += lines[j]
        count += joined == target
    return count


def head_residue(lines: Sequence[str], truth: Truth, allowed: Mapping[str, int]) -> float:
    """Share of the truth's running heads standing as whole lines more often than the truth has them."""
    heads = sorted({squeeze(h) for h in truth.running_heads} - {""})
    if not heads:
        return NAN
    return sum(line_runs(lines, h) > allowed.get(h, 0) for h in heads) / len(heads)


def folio_residue(lines: Sequence[str], truth: Truth, allowed: Mapping[str, int]) -> float:
    """Share of the truth's page numbers on a line of their own or glued to the next one ("1516")."""
    numbers = [squeeze(p) for p in truth.page_numbers if squeeze(p)]
    if not numbers:
        return NAN
    found = {n: 0 for n in numbers}
    pairs = {a + b: (a, b) for a, b in zip(numbers, numbers[1:]) if facing(a, b)}
    for line in lines:
        for number in (line,) if line in found else pairs.get(line, ()):
            found[number] += 1
    return sum(count > allowed.get(n, 0) for n, count in found.items()) / len(found)


def facing(a: str, b: str) -> bool:
    """Two page numbers that can be glued at a spread's gutter: ``facing("15", "16") -> True``."""
    return a.isdigit() and b.isdigit() and int(a) + 1 == int(b)


def truth_lines(truth: Truth) -> dict[str, int]:
    """How often each string the truth itself keeps or draws as a line occurs (blocks, labels, numerals)."""
    counts: dict[str, int] = {}
    for text in (*(b.text for b in truth.blocks), *truth.chart_labels, *truth.decorations):
        key = squeeze(text)
        counts[key] = counts.get(key, 0) + 1
    return counts


def fixture_scores(text: str, truth: Truth, reference: str | None) -> dict[str, float]:
    """Every fixture measure of one extractor's ``text``; ``reference`` is its text of the plain variant."""
    lines = [s for s in map(squeeze, text.splitlines()) if s]
    allowed = truth_lines(truth)
    never = [squeeze(s) for s in truth.never if squeeze(s)]
    flat = squeeze(text)
    return {
        "body_recall": gram_recall([b.text for b in truth.body()], text),
        "head_residue": head_residue(lines, truth, allowed),
        "folio_residue": folio_residue(lines, truth, allowed),
        "dup_residue": dup_share(text),
        "excess_dup": dup_share(text, allowed="\n".join(b.text for b in truth.blocks)),
        "leak": sum(s in flat for s in never) / len(never) if never else NAN,
        "agreement": shared_grams(text, reference) if reference is not None else NAN,
    }


def corpus_scores(text: str, raw: Sequence[str], exp: Expectation, reference: str | None) -> dict[str, float]:
    """Every corpus measure of one extractor's ``text``; ``raw`` is the raw layer's lines."""
    flat = squeeze(text)
    include = [squeeze(p) for p in exp.must_include if squeeze(p)]
    exclude = [squeeze(p) for p in exp.must_exclude if squeeze(p)]
    return {
        "phrase_recall": sum(p in flat for p in include) / len(include) if include else NAN,
        "raw_recall": recall(raw, [text], GRAM),
        "exclude_residue": sum(p in flat for p in exclude) / len(exclude) if exclude else NAN,
        "dup_residue": dup_share(text),
        "agreement": shared_grams(text, reference) if reference is not None else NAN,
    }


def raw_layer(path: Path, folder: Path) -> list[str]:
    """The raw text layer's lines of ``path``, per logical page of reportclean's manifest (1:1 without one)."""
    from pipeline.rawtext import raw_pages
    manifest_path = folder / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.is_file() else {}
    return raw_lines(raw_pages(path, manifest))


# --- the comparison ------------------------------------------------------------------------

Job = tuple[str, str, str, Path]  # dataset, document id, extractor, PDF


def extract_all(jobs: Sequence[Job], work: Path, workers: int, llm_pages: int) -> dict[tuple[str, str, str], tuple[str, str]]:
    """(text, error) per (dataset, document, extractor); ``workers`` > 1 runs jobs in spawned processes.

    ``llm_pages`` caps pymupdf4llm on corpus documents only (0: every page).
    """
    def args(job: Job) -> tuple[str, Path, str, Path, int]:
        dataset, doc, extractor, path = job
        return extractor, path, doc, work / dataset, llm_pages if dataset == "corpus" else 0

    results: dict[tuple[str, str, str], tuple[str, str]] = {}
    if workers <= 1:
        for done, job in enumerate(jobs, 1):
            results[job[:3]] = run_extractor(*args(job))
            _progress(done, len(jobs), job)
        return results
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        futures = [(job, pool.submit(run_extractor, *args(job))) for job in jobs]
        for done, (job, future) in enumerate(futures, 1):
            results[job[:3]] = future.result()
            _progress(done, len(jobs), job)
    return results


def _progress(done: int, total: int, job: Job) -> None:
    print(f"[{done}/{total}] {job[0]}/{job[1]}: {job[2]}", file=sys.stderr, flush=True)


def compare(fixtures: Mapping[str, tuple[bytes, Truth]], corpus: Sequence[Path],
            expectations: Mapping[str, Expectation], work: Path, workers: int = 1,
            llm_pages: int = 0) -> dict[str, Any]:
    """Run the four extractors on ``fixtures`` (name -> PDF bytes, truth) and ``corpus`` PDFs; score them.

    Returns ``{"rows": [...], "summary": [...], "notes": [...], "versions": {...}}``: a row per
    document and extractor with every measure (NaN where it does not apply) and ``chars``/``error``;
    a summary row per dataset and extractor with the means over documents (NaN ignored).
    """
    from pipeline.names import doc_ids
    folder = work / "pdf"
    folder.mkdir(parents=True, exist_ok=True)
    fixture_paths = {name: folder / f"{name}.pdf" for name in fixtures}
    for name, (data, _) in fixtures.items():
        fixture_paths[name].write_bytes(data)
    corpus_ids = {doc: path for path, doc in sorted(doc_ids(list(corpus)).items(), key=lambda kv: kv[1])}
    jobs: list[Job] = [("fixtures", name, ex, path) for name, path in fixture_paths.items() for ex in EXTRACTORS]
    jobs += [("corpus", doc, ex, path) for doc, path in corpus_ids.items() for ex in EXTRACTORS]
    texts = extract_all(jobs, work, workers, llm_pages)
    rows = [_fixture_row(name, ex, texts, fixtures) for name in fixtures for ex in EXTRACTORS]
    default = expectations.get(DEFAULT_KEY, Expectation())
    for doc, path in corpus_ids.items():
        raw = raw_layer(path, work / "corpus" / "reportclean" / doc)
        exp = expectations.get(doc, default)
        rows += [_corpus_row(doc, ex, texts, raw, exp, set(corpus_ids)) for ex in EXTRACTORS]
    return {"rows": rows, "summary": summarise(rows), "notes": notes(rows, llm_pages), "versions": versions()}


def _fixture_row(name: str, extractor: str, texts: Mapping[tuple[str, str, str], tuple[str, str]],
                 fixtures: Mapping[str, tuple[bytes, Truth]]) -> dict[str, Any]:
    text, error = texts[("fixtures", name, extractor)]
    has_reference = name != REFERENCE_VARIANT and REFERENCE_VARIANT in fixtures
    reference = texts[("fixtures", REFERENCE_VARIANT, extractor)][0] if has_reference else None
    scores = fixture_scores(text, fixtures[name][1], reference)
    return {"dataset": "fixtures", "doc": name, "extractor": extractor, **scores, "chars": len(squeeze(text)),
            "error": error}


def _corpus_row(doc: str, extractor: str, texts: Mapping[tuple[str, str, str], tuple[str, str]],
                raw: Sequence[str], exp: Expectation, docs: set[str]) -> dict[str, Any]:
    text, error = texts[("corpus", doc, extractor)]
    pair = CORPUS_PAIRS.get(doc)
    reference = texts[("corpus", pair, extractor)][0] if pair in docs else None
    return {"dataset": "corpus", "doc": doc, "extractor": extractor,
            **corpus_scores(text, raw, exp, reference), "chars": len(squeeze(text)), "error": error}


def columns(dataset: str) -> tuple[str, ...]:
    return FIXTURE_COLUMNS if dataset == "fixtures" else CORPUS_COLUMNS


def summarise(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Per dataset and extractor: document count, failures and the mean of every measure (NaN ignored)."""
    out = []
    for dataset in ("fixtures", "corpus"):
        for extractor in EXTRACTORS:
            mine = [r for r in rows if r["dataset"] == dataset and r["extractor"] == extractor]
            if not mine:
                continue
            means = {}
            for col in columns(dataset):
                values = [r[col] for r in mine if not math.isnan(r[col])]
                means[col] = round(sum(values) / len(values), 4) if values else NAN
            out.append({"dataset": dataset, "extractor": extractor, "docs": len(mine),
                        "failed": sum(1 for r in mine if r["error"]), **means})
    return out


def notes(rows: Sequence[Mapping[str, Any]], llm_pages: int) -> list[str]:
    """What a reader of the table must know: caps, failures, the raw layer's bias."""
    out = []
    if llm_pages > 0 and any(r["dataset"] == "corpus" for r in rows):
        out.append(f"pymupdf4llm read only the first {llm_pages} pages of each corpus PDF (--llm-pages); "
                   "its corpus recall is against the whole document.")
    if any(r["dataset"] == "corpus" for r in rows):
        out.append("raw-layer recall: the reference is PyMuPDF get_text() clipped to the logical pages "
                   "reportclean found, so raw get_text scores about 1 by construction; it measures loss, not quality.")
    out += [f"{r['extractor']} failed on {r['dataset']}/{r['doc']}: {r['error']}" for r in rows if r["error"]]
    return out


def versions() -> dict[str, str]:
    """Versions of the compared libraries and of reportclean."""
    import pymupdf
    import pymupdf4llm
    import pypdf

    from pipeline import __version__
    return {"reportclean": __version__, "pymupdf": pymupdf.__version__, "pypdf": pypdf.__version__,
            "pymupdf4llm": str(pymupdf4llm.__version__), "python": ".".join(map(str, sys.version_info[:3]))}


# --- tables --------------------------------------------------------------------------------------

def _cell(value: Any) -> str:
    if isinstance(value, float):
        return "–" if math.isnan(value) else f"{value:.3f}"
    return str(value)


def _table(header: Sequence[str], body: Sequence[Sequence[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in body]
    return "\n".join(lines)


def summary_markdown(result: Mapping[str, Any]) -> str:
    """One table per dataset, a row per extractor, means over documents, then the notes."""
    parts = []
    for dataset, title in (("fixtures", "Generated layout fixtures"), ("corpus", "Dev corpus")):
        rows = [s for s in result["summary"] if s["dataset"] == dataset]
        if not rows:
            continue
        cols = columns(dataset)
        parts.append(f"**{title}** ({rows[0]['docs']} documents, mean per document)\n\n" + _table(
            ["extractor", *(LABELS[c] for c in cols)], [[r["extractor"], *(r[c] for c in cols)] for r in rows]))
    if result["notes"]:
        parts.append("Notes:\n\n" + "\n".join(f"- {n}" for n in result["notes"]))
    return "\n\n".join(parts) + "\n"


def documents_markdown(result: Mapping[str, Any]) -> str:
    """One table per dataset, a row per document and extractor."""
    parts = []
    for dataset in ("fixtures", "corpus"):
        rows = [r for r in result["rows"] if r["dataset"] == dataset]
        if rows:
            cols = columns(dataset)
            parts.append(f"**{dataset}, per document**\n\n" + _table(
                ["document", "extractor", *(LABELS[c] for c in cols), "chars"],
                [[r["doc"], r["extractor"], *(r[c] for c in cols), r["chars"]] for r in rows]))
    return "\n\n".join(parts) + "\n"


def _json_safe(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_safe(v) for v in value]
    return value


# --- command line ---------------------------------------------------------------------------------

def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help="folder of PDFs (default ../shared/corpus; skipped when absent)")
    parser.add_argument("--expect", type=Path, default=DEFAULT_EXPECT,
                        help="must_include/must_exclude phrases per corpus document (default checks/corpus.toml)")
    parser.add_argument("--json", type=Path, help="write every row, the summary and the notes here")
    parser.add_argument("--markdown", type=Path, help="write the summary and per-document tables here")
    parser.add_argument("--fixtures", nargs="*", choices=sorted(FIXTURES), help="fixture variants (default: all)")
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1),
                        help="extraction processes (default: 2 or the CPU count if lower)")
    parser.add_argument("--llm-pages", type=int, default=0,
                        help="read only the first N pages of each corpus PDF with pymupdf4llm (default 0: all)")
    parser.add_argument("--work", type=Path, help="keep PDFs and reportclean outputs here (default: a temp folder)")
    args = parser.parse_args(argv)
    if args.workers < 1 or args.llm_pages < 0:
        parser.error("--workers must be at least 1 and --llm-pages at least 0")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    fixtures = {name: FIXTURES[name]() for name in (args.fixtures if args.fixtures is not None else FIXTURES)}
    corpus = sorted(args.corpus.glob("*.pdf")) if args.corpus.is_dir() else []
    if not corpus:
        print(f"compare_extractors: no PDFs in {args.corpus}, corpus skipped", file=sys.stderr)
    expectations = load_expectations(args.expect) if corpus and args.expect.is_file() else {}
    with tempfile.TemporaryDirectory(prefix="compare_extractors_") as tmp:
        work = args.work or Path(tmp)
        result = compare(fixtures, corpus, expectations, work, args.workers, args.llm_pages)
    summary = summary_markdown(result)
    print(summary)
    if args.markdown:
        args.markdown.write_text(summary + "\n" + documents_markdown(result), encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(_json_safe(result), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
