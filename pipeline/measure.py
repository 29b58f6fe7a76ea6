"""Quality metrics of one cleaned document folder, for ``reportclean check`` and the audit.

Reads what ``run`` wrote (``manifest.json``, ``chapters/*.md``,
``blocks.jsonl``, ``removed.jsonl``) and, for recall, the input's raw text
layer (:mod:`pipeline.rawtext`).  Every metric is a plain number in
:data:`METRICS`, with the direction in which it gets better.

Limits: recall counts distinct 12-character runs, so a passage kept once
covers all its copies, and runs that cross a block or page edge, a removed
line or a healed hyphen may be lost although the text is there (recall of a
perfect cleaner is a little under 1).  Residue is judged on kept blocks, page
by page, against furniture the cleaner itself removed elsewhere: a running
head that was never recognised anywhere is not counted.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from . import patterns as P
from .io import read_jsonl
from .metrics import dup_residue, text_codes, window_hashes
from .normalize import compound_break
from .quality import odd_share, per_thousand_han, prose

RECALL_GRAM = 12
SHORT_LINE_MIN = 4  # shorter raw lines ("12", "注：") say too little to be looked for
DUP_WINDOW = 20
NAN = float("nan")
HEAD_REASONS = frozenset({"running_head", "running_foot"})
FOLIO_REASONS = frozenset({"page_number"})
HEAD_MIN = 4  # shorter head keys ("前言" is also a chapter title) say too little to be looked for
HEAD_SLACK = 12  # characters a kept line may add to a head and still be that head ("[Table_Base]")



@dataclass(frozen=True)
class Metric:
    """A metric's name, the way it improves (``higher``/``lower``/``none``) and its tolerance scale.

    A baseline comparison allows a change for the worse of ``tolerance * scale``.
    """

    name: str
    better: str
    scale: float
    label: str  # short column header
    doc: str


METRICS: tuple[Metric, ...] = (
    Metric("recall_12", "higher", 1.0, "recall",
           "share of the distinct 12-character runs inside raw text lines (whitespace removed) found in the output"),
    Metric("short_line_recall", "higher", 1.0, "short",
           "share of the raw layer's distinct short lines (4-11 characters, not bare numbers) found in the output"),
    Metric("dup_residue_20", "lower", 1.0, "dup",
           "share of output characters inside a 20-character run that occurs twice or more"),
    Metric("head_residue", "lower", 1.0, "heads",
           "share of pages with text where a removed running head or foot is still a kept line"),
    Metric("folio_residue", "lower", 1.0, "folios",
           "share of pages with text where the page's number is still a kept line"),
    Metric("han_space_han_per_1k", "lower", 100.0, "han_sp",
           "Han-space-Han per 1,000 Han characters"),
    Metric("han_newline_han_per_1k", "lower", 100.0, "han_nl",
           "Han-newline-Han per 1,000 Han characters"),
    Metric("odd_char_share", "lower", 1.0, "odd",
           "share of characters that are not letters, digits, marks, spaces or ordinary punctuation"),
    Metric("chapters", "none", 10.0, "chap", "chapter count"),
    Metric("pages_without_text", "lower", 10.0, "empty", "pages without a text layer"),
    Metric("chars", "none", 1000.0, "chars", "characters of output text"),
)
METRIC_NAMES = tuple(m.name for m in METRICS)
BY_NAME = {m.name: m for m in METRICS}


@dataclass(frozen=True)
class DocOutput:
    """What ``run`` wrote for one document."""

    doc: str
    folder: Path
    manifest: dict[str, Any]
    chapters: tuple[str, ...]  # chapter Markdown, in order
    blocks: tuple[dict[str, Any], ...]
    removed: tuple[dict[str, Any], ...]

    @property
    def titles(self) -> list[str]:
        return [c.get("title", "") for c in self.manifest.get("chapters", ())]

    def plain_text(self) -> str:
        """The chapters' text without Markdown markup, chapters separated by a blank line."""
        return P.MARKUP_PREFIX.sub("", "\n\n".join(self.chapters))


def load_output(folder: Path) -> DocOutput:
    """Read a document folder; missing ``blocks.jsonl``/``removed.jsonl`` read as empty.

    Raises:
        OSError, ValueError: when ``manifest.json`` is missing or not JSON.
    """
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    chapters = tuple((folder / c["file"]).read_text(encoding="utf-8") for c in manifest.get("chapters", ())
                     if (folder / c["file"]).is_file())
    return DocOutput(manifest.get("doc", folder.name), folder, manifest, chapters,
                     tuple(_jsonl(folder / "blocks.jsonl")), tuple(_jsonl(folder / "removed.jsonl")))


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return read_jsonl(path) if path.is_file() else []


def squeeze(text: str) -> str:
    """Text compared by content only: NFKC, invisible characters and whitespace gone: ``"上 海\\n" -> "上海"``."""
    return P.ANY_SPACE.sub("", P.INVISIBLE.sub("", unicodedata.normalize("NFKC", text)))


def gram_set(texts: Iterable[str], n: int = RECALL_GRAM) -> np.ndarray:
    """Sorted distinct hashes of the ``n``-character runs inside each text (runs never cross texts)."""
    parts = [window_hashes(text_codes(squeeze(t)), n) for t in texts]
    return np.unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.uint64)


def raw_lines(raw: Sequence[str]) -> list[str]:
    """The raw layer's lines, hyphens at line ends healed as paragraphs join them (a compound's
    hyphen stays): ``["exam-\nple\nb"] -> ["example", "b"]``, ``["non-\nfinancial"] -> ["non-financial"]``."""
    return [ln for page in raw for ln in P.RAW_HYPHEN_BREAK.sub(_heal, page).split("\n") if ln.strip()]


def _heal(m: Any) -> str:  # a regex.Match of P.RAW_HYPHEN_BREAK
    text, at = m.string, m.start()
    return "-" if compound_break(text[max(0, at - 40):at + 1], text[m.end():m.end() + 40]) else ""


def recall(lines: Sequence[str], kept: Sequence[str], n: int = RECALL_GRAM) -> float:
    """Share of the distinct ``n``-runs inside raw ``lines`` found in ``kept``; 1.0 when there are none.

    Runs never cross a raw line, so the order in which the raw layer lists
    lines (columns, table cells) does not count; lines shorter than ``n`` are
    left to :func:`short_line_recall`.
    ``recall(["abcdef"], ["xabcdx"], n=3) -> 0.5`` (abc, bcd of abc, bcd, cde, def).
    """
    want = gram_set(lines, n)
    if not len(want):
        return 1.0
    have = gram_set(kept, n)
    return float(np.isin(want, have, assume_unique=True).mean())


def short_line_recall(lines: Sequence[str], kept_text: str, n: int = RECALL_GRAM) -> float:
    """Share of distinct short raw lines (``SHORT_LINE_MIN`` to ``n - 1`` characters, not bare numbers) in the output.

    Catches table cells, labels and short headings that :func:`recall` cannot
    see; a line counts as kept when it occurs anywhere in the output, so a
    common word may be found elsewhere.  1.0 when there are none.
    """
    short = {s for s in map(squeeze, lines) if SHORT_LINE_MIN <= len(s) < n and not P.BARE_NUMBER.match(s)}
    if not short:
        return 1.0
    have = squeeze(kept_text)
    return sum(1 for s in short if s in have) / len(short)


def _block_lines(block: Mapping[str, Any]) -> set[str]:
    """A kept block's whole text and its first and last lines, squeezed."""
    lines = [ln for ln in str(block.get("text", "")).split("\n") if ln.strip()]
    return {squeeze(x) for x in [str(block.get("text", "")), *lines[:1], *lines[-1:]]} - {""}


def head_key(text: str) -> str:
    """A running head without its page number: ``"2 / 4 请务必阅读" -> "请务必阅读"``."""
    return P.FOLIO_MARKS.sub("", squeeze(text))


def is_head(line: str, heads: set[str]) -> bool:
    """``line`` (squeezed) is one of ``heads`` (keys), perhaps with a few characters more."""
    key = head_key(line)
    return key in heads or any(h in key and len(key) <= len(h) + HEAD_SLACK for h in heads)


def folio_offsets(removed: Iterable[Mapping[str, Any]]) -> set[int]:
    """Printed number minus page for every removed page number: ``{"page": 3, "text": "5"} -> {2}``."""
    out = set()
    for r in removed:
        text = squeeze(str(r.get("text", "")))
        if r.get("reason") in FOLIO_REASONS and P.BARE_NUMBER.match(text):
            out.add(int(text) - int(r.get("page", 0)))
    return out


def furniture_residue(blocks: Sequence[Mapping[str, Any]], removed: Sequence[Mapping[str, Any]],
                      titles: Iterable[str] = ()) -> tuple[float, float]:
    """(head residue, folio residue): shares of pages with kept text still holding furniture.

    A page holds a head when one of its kept blocks (or that block's first or
    last line) is a running head or foot removed anywhere in the document,
    page numbers aside and up to ``HEAD_SLACK`` characters more; a block that
    is a chapter title (``titles``) is never a head.  It holds a folio when
    such a line is a bare number equal to the page plus an offset seen between
    removed page numbers and their pages.
    """
    # Heads the furniture stage found on the page; the chapter stage's repeated titles are
    # duplicates of a heading that is rightly kept once, not furniture left behind.
    heads = {head_key(str(r.get("text", ""))) for r in removed
             if r.get("reason") in HEAD_REASONS and r.get("stage", "furniture") == "furniture"}
    heads = {h for h in heads if len(h) >= HEAD_MIN}
    offsets, skip = folio_offsets(removed), {squeeze(t) for t in titles}
    pages: dict[int, set[str]] = {}
    for b in blocks:
        lines = pages.setdefault(int(b.get("page", 0)), set())
        if squeeze(str(b.get("text", ""))) not in skip:
            lines.update(_block_lines(b))
    if not pages:
        return 0.0, 0.0
    with_head = sum(1 for lines in pages.values() if any(is_head(x, heads) for x in lines))
    with_folio = sum(1 for page, lines in pages.items()
                     if any(P.BARE_NUMBER.match(x) and int(x) - page in offsets for x in lines))
    return with_head / len(pages), with_folio / len(pages)


def measure(out: DocOutput, raw: Sequence[str] | None) -> dict[str, float]:
    """Every metric of :data:`METRICS` for one document; recall is NaN when ``raw`` is None."""
    text = out.plain_text()
    lines = raw_lines(raw) if raw is not None else None
    paragraphs = [p for p in P.PARAGRAPH_BREAK.split(text) if p.strip()]
    heads, folios = furniture_residue(out.blocks, out.removed, out.titles)
    return {
        "recall_12": round(recall(lines, paragraphs), 5) if lines is not None else NAN,
        "short_line_recall": round(short_line_recall(lines, text), 5) if lines is not None else NAN,
        "dup_residue_20": round(dup_residue(text, DUP_WINDOW), 5),
        "head_residue": round(heads, 5),
        "folio_residue": round(folios, 5),
        "han_space_han_per_1k": round(per_thousand_han(P.HAN_SPACE_HAN, text), 3),
        "han_newline_han_per_1k": round(per_thousand_han(P.HAN_NEWLINE_HAN, prose("\n\n".join(out.chapters))), 3),
        "odd_char_share": round(odd_share(text), 5),
        "chapters": len(out.manifest.get("chapters", ())),
        "pages_without_text": int(out.manifest.get("pages_without_text", 0)),
        "chars": len(text),
    }
