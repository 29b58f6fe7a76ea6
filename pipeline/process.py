"""One document from input file to chapters: the stages in their fixed order.

    load (PDF: probe, extract, logical pages, overprinted copies out, blocks; .txt: parse)
    -> furniture (lines, then positions) -> reading order -> headings -> paragraphs joined
    -> dedup (blocks, then segments, then headings repeated over nothing) -> chapters

Each stage is a pure function of our dataclasses; this module only wires
them and collects what they removed.  Bad input raises :class:`BadInput`
from the stage that found it; the caller records it and goes on.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import dedup, headings, logical, order, overprint, pageorder, upright
from .chapters import drop_flagged, split_chapters
from .config import Config
from .furniture import imposition, lines, positional
from .toc import contents_entries
from .types import HEADING, TABLE, BadInput, Block, Chapter, Document, Removed

SHORT_FIGURE = 24  # characters: a shorter, mostly numeric block is a figure, never a duplicate
SHORT_BLOCK = 16  # characters: shorter blocks (table cells, labels) are never judged duplicates
PDF_SUFFIXES = {".pdf"}
TEXT_SUFFIXES = {".txt", ".text"}


@dataclass(frozen=True)
class Result:
    """A cleaned document: its chapters, what was removed and why, what was found."""

    doc: Document
    chapters: list[Chapter]
    removed: list[Removed]
    meta: dict[str, Any] = field(default_factory=dict)
    signed: dedup.Signed = field(default_factory=dict)  # band keys of the texts dedup signed, for the corpus join

    def removed_counts(self) -> dict[str, int]:
        return dict(sorted(Counter(r.reason for r in self.removed).items()))


def load(path: Path, doc_id: str, cfg: Config) -> Document:
    """Read a PDF or a text dump into a Document of logical pages."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        from .textdump import load_textdump
        return load_textdump(path, doc_id)
    if suffix in PDF_SUFFIXES:
        return load_pdf(path, doc_id, cfg)
    raise BadInput(f"unsupported input type {suffix or '(none)'}: expected .pdf or .txt")


def load_pdf(path: Path, doc_id: str, cfg: Config) -> Document:
    """A PDF as logical pages in reading order: sheets cut, booklets reordered, outline remapped."""
    from . import extract, probe  # the only PyMuPDF users
    pdf = probe.open_pdf(path, cfg.limits.password)
    try:
        info = probe.probe(pdf)
        errors: list[tuple[int, str]] = []
        raws = list(extract.iter_pages(pdf, cfg.extract, errors))
    finally:
        pdf.close()
    if errors and not raws:
        raise BadInput(f"damaged PDF: no page could be read (page 1: {errors[0][1]})", stage="extract")
    split = imposition.detect([_split_evidence(r) for r in raws], info.xmp)
    parts, decided = logical.split_pages(raws, cfg)
    parts, order, labels = logical.order_parts(parts, decided, cfg)
    parts = [upright.turn_part(p) for p in parts]
    pages = logical.build_pages(parts, labels, cfg)
    outline = pageorder.remap_outline(info.outline, info.outline_points,
                                      [(p.source_page, p.region) for p in pages], [upright.turn_of(p) for p in pages])
    meta = {"pdf_pages": info.page_count, "metadata": info.metadata, "xmp": info.xmp,
            "imposition": imposition.summarize(split, decided, order, pages, {**info.xmp, **info.pieceinfo}),
            "repaired": info.repaired, "trimmed_pages": sum(1 for p in pages if "trimmed" in p.flags),
            "page_errors": [{"page": n + 1, "error": e} for n, e in errors]}
    if "title" in info.metadata:
        meta["title"] = info.metadata["title"]
    return Document(doc_id, str(path), "pdf", tuple(pages), meta, outline)


def _split_evidence(raw: Any) -> imposition.PageEvidence:
    return imposition.PageEvidence(raw.number, raw.visible_chars, raw.hidden_chars, raw.width,
                                   raw.boxes.media[2] - raw.boxes.media[0], raw.hidden_text)


def clean(doc: Document, cfg: Config) -> Result:
    """Run every cleaning stage on a loaded document."""
    removed: list[Removed] = overprint.removed_copies(doc)
    doc, r = lines.strip_line_furniture(doc, cfg.furniture)
    removed += r
    doc, r = positional.strip_positional(doc, cfg.furniture)
    removed += r
    doc, r = order.drop_asides(order.order_document(doc), cfg.order)
    removed += r
    doc = order.merge_paragraphs(headings.classify_headings(doc, cfg.chapters))
    signed: dedup.Signed = {}
    doc, r = _dedup(doc, cfg, signed)
    removed += r
    chapters, r = drop_flagged(split_chapters(doc, cfg.chapters))
    removed += r
    return Result(doc, chapters, removed, dict(doc.meta), signed)


def _dedup(doc: Document, cfg: Config, signed: dedup.Signed | None = None) -> tuple[Document, list[Removed]]:
    """Near-duplicate text goes; headings, tables and bare figures stay (a title recurs inside
    its text, a figure recurs in a table: that is content, not repetition), except a heading
    repeated over nothing of its own once the text passes have run; the only text under a
    numbered title (:func:`dedup.sole_answers`: a 10-K item's one sentence) stays too.  ``signed``
    gets the band keys the block pass computed."""
    blocks = doc.blocks()
    answers = dedup.sole_answers(blocks)
    entries = contents_entries(blocks)
    candidates = _contents_last([b for b in blocks if _dedupable(b) and b.id not in answers], entries)
    kept, r1 = dedup.dedup_blocks(candidates, cfg.dedup, signed, entries)
    kept, r2 = dedup.dedup_segments(kept, cfg.dedup, dump=doc.kind == "txt")
    if entries:  # removals back in reading order (the pages are rebuilt in it from by_id below)
        at = {b.id: i for i, b in enumerate(blocks)}
        r1, r2 = (sorted(r, key=lambda x: _position(at, x.block.id)) for r in (r1, r2))
    by_id = {b.id: b for b in kept} | {b.id: b for b in blocks if not _dedupable(b) or b.id in answers}
    if doc.kind == "txt":  # a doubled spread's short blocks, copied in order
        runs = dedup.dedup_runs(blocks, set(by_id), cfg.dedup.segment_min_run)
        r2 = r2 + runs
        for r in runs:
            by_id.pop(r.block.id, None)
    r3 = dedup.repeated_headings([by_id[b.id] for b in blocks if b.id in by_id])
    for r in r3:
        del by_id[r.block.id]
    pages = tuple(replace(p, blocks=tuple(by_id[b.id] for b in p.blocks if b.id in by_id)) for p in doc.pages)
    return replace(doc, pages=pages), r1 + r2 + r3


def _position(at: dict[str, int], block_id: str) -> int:
    """A block's place in reading order; a sentence segment's (``p3-b4-s1``) is its block's."""
    while block_id not in at and "-s" in block_id:
        block_id = block_id.rsplit("-s", 1)[0]
    return at[block_id]


def _contents_last(candidates: list[Block], entries: set[str]) -> list[Block]:
    """The candidates with contents entries (:func:`~.toc.contents_entries`) moved after the rest, so
    that the copy dedup keeps is the body's: a contents entry repeats the title it points to, and
    body text never goes as a copy of it (debian-edu-bullseye-manual p72: the body's "17.1.3 增添LTSP
    chroot来支持32位的电脑客户端" went as a copy of the entry on a contents page read as no TOC)."""
    if not entries:
        return candidates
    return [b for b in candidates if b.id not in entries] + [b for b in candidates if b.id in entries]


def _dedupable(b: Block) -> bool:
    """Blocks that dedup may judge: not headings or tables, not a short figure like ``-0.0053``."""
    n = len(b.text.strip())
    short_figure = n < SHORT_FIGURE and positional.numeric_share(b.text) >= 0.5
    return b.kind not in (HEADING, TABLE) and n >= SHORT_BLOCK and not short_figure


def process(path: Path, doc_id: str, cfg: Config) -> Result:
    """Load and clean one input file.

    Raises:
        BadInput: the file cannot be read, or no page has a text layer (a scanned
            PDF fails rather than leaving an empty chapter that looks done; there
            is no OCR), or cleaning removed every block (pages holding only page
            numbers: an output without chapters would look done too).  Pages
            without text in a document that has some are flagged ``no_text_layer``
            and counted in the manifest instead.
    """
    doc = load(path, doc_id, cfg)
    if not any(p.blocks for p in doc.pages):
        why = ("damaged file repaired by MuPDF: its content could not be read, or it is a scan"
               if doc.meta.get("repaired") else "scanned or empty; no OCR")
        raise BadInput(f"no text layer on any of its {len(doc.pages)} pages ({why})", stage="extract")
    result = clean(doc, cfg)
    if not result.chapters:
        raise _nothing_left(result, len(doc.blocks()))
    return result


def _nothing_left(result: Result, blocks: int) -> BadInput:
    """The failure of a document whose every block went (reasons counted on one line)."""
    counts = ", ".join(f"{reason} {n}" for reason, n in result.removed_counts().items())
    return BadInput(f"nothing left after cleaning: all {blocks} text blocks were removed ({counts})", stage="clean")
