"""Duplicates across documents: boilerplate blocks and near-duplicate reports.

Each document's kept blocks get MinHash band keys (``dedup.block_signatures``),
written per document as a sorted tab-separated file by the per-document step.
The corpus step merges those files by (band, key) — a streaming sort/merge as
datatrove does, so no process holds more than the join's links — and finds
blocks that recur in ``corpus_min_docs`` or more documents (boilerplate) and
documents that share most of their blocks (the same report under two names).

When ``DedupConfig.remove_boilerplate`` is on, every copy but the first (in
document id order) is removed from its document's folder after the fact: the
chapter files, ``blocks.jsonl``, ``removed.jsonl`` (reason
``corpus_boilerplate``, with the kept document and block) and the manifest are
rewritten from ``blocks.jsonl``, atomically and flushed to disk, and the
document's status gets the new file sizes.  What it cannot do: see blocks
shorter than ``min_shingles`` shingles (too short to sign).
"""

from __future__ import annotations

import heapq
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from . import dedup
from .config import DedupConfig
from .io import atomic_write_text, dumps, jsonl, read_jsonl
from .output import chapter_files, corpus_records, folder_sizes, write_document_folder
from .quality import text_metrics
from .types import Block, Chapter

REASON = "corpus_boilerplate"
Record = tuple[int, int, str, str]  # band, key, doc, block
Node = tuple[str, str]  # doc, block


def band_lines(doc_id: str, blocks: Sequence[Block], cfg: DedupConfig, signed: dedup.Signed | None = None) -> str:
    """A document's sorted band records as ``band<TAB>key<TAB>doc<TAB>block`` lines.

    The order of ``dedup.band_records`` (band, key, doc, block), sorted with numpy one band at a
    time rather than as a list of tuples (a large document has ~10^5 records).  ``signed``: the
    band keys the block pass computed (``Result.signed``), reused rather than computed again.
    """
    ids, keys = dedup.block_keys(blocks, cfg, signed)
    n, bands = keys.shape
    rank = np.empty(n, dtype=np.int64)
    rank[sorted(range(n), key=ids.__getitem__)] = np.arange(n)
    flat = keys.T.ravel()  # band by band
    order = np.lexsort((np.tile(rank, bands), flat, np.repeat(np.arange(bands), n)))  # band, key, block id
    tails = [f"\t{doc_id}\t{i}\n" for i in ids]
    return "".join([f"{b}\t{k}{tails[i]}" for b, k, i in zip((order // n).tolist(), flat[order].tolist(),
                                                                (order % n).tolist())])


def read_bands(path: Path) -> Iterator[Record]:
    """Stream one band file (already sorted)."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            band, key, doc, block = line.rstrip("\n").split("\t")
            yield int(band), int(key), doc, block


def find(paths: Iterable[Path], out: Path, cfg: DedupConfig) -> tuple[dedup.CorpusDuplicates, dict[Node, str]]:
    """Merge every document's band file, confirm candidates on their texts, find corpus duplicates.

    Candidates come from LSH; each pair is confirmed with exact Jaccard and agreeing figures
    (the same template with another year's figures is not boilerplate).  Texts are read from
    the documents' ``blocks.jsonl`` for the blocks that have candidates only.
    """
    links, per_doc = dedup.candidate_links(heapq.merge(*(read_bands(p) for p in paths)))
    texts = block_texts({n for pair in links for n in pair}, out)

    def confirm(x: Node, y: Node) -> bool:
        return dedup.similar(texts.get(x, ""), texts.get(y, ""), cfg) >= cfg.threshold
    return dedup.corpus_clusters(links, per_doc, cfg, confirm), texts


def block_texts(nodes: set[Node], out: Path) -> dict[Node, str]:
    """Texts of the named (doc, block) pairs, read from their documents' ``blocks.jsonl``."""
    wanted: dict[str, set[str]] = {}
    for doc, block in nodes:
        wanted.setdefault(doc, set()).add(block)
    texts: dict[Node, str] = {}
    for doc, blocks in sorted(wanted.items()):
        for row in read_jsonl(out / doc / "blocks.jsonl"):
            if row["block"] in blocks:
                texts[(doc, row["block"])] = row["text"]
    return texts


def near_chapters(dups: dedup.CorpusDuplicates, paths: dict[str, Path], out: Path,
                  cfg: DedupConfig) -> list[dedup.ChapterPair]:
    """Near-duplicate chapters across documents that are not near duplicates as a whole.

    Reads the chapter of every signed block (its band file lists the signed ones) of the
    documents that share a cluster; ``paths`` maps a document to its band file.
    """
    docs = sorted({n[0] for c in dups.boilerplate if c.docs <= cfg.corpus_pair_max_docs for n in (c.kept, *c.members)})
    chapter_of: dict[Node, int] = {}
    per_chapter: Counter[tuple[str, int]] = Counter()
    for doc in docs:
        signed = {block for band, _, _, block in read_bands(paths[doc]) if band == 0}
        for row in read_jsonl(out / doc / "blocks.jsonl"):
            if row["block"] in signed and row.get("chapter"):
                chapter_of[(doc, row["block"])] = int(row["chapter"])
                per_chapter[(doc, int(row["chapter"]))] += 1
    return dedup.chapter_pairs(dups.boilerplate, chapter_of, per_chapter, cfg, [(p.a, p.b) for p in dups.doc_pairs])


def report(dups: dedup.CorpusDuplicates, texts: dict[Node, str],
           chapters: Sequence[dedup.ChapterPair] = ()) -> dict[str, Any]:
    """The corpus-level account: boilerplate clusters (with their text), near-duplicate documents
    and near-duplicate chapters of documents that are not near duplicates as a whole."""
    return {
        "boilerplate": [{"kept": {"doc": c.kept[0], "block": c.kept[1]}, "documents": c.docs,
                         "copies": [{"doc": d, "block": b} for d, b in c.members],
                         "text": texts.get(c.kept, "")} for c in dups.boilerplate],
        "near_duplicate_documents": [{"a": p.a, "b": p.b, "share": round(p.share, 4)} for p in dups.doc_pairs],
        "near_duplicate_chapters": [{"a": {"doc": p.a[0], "chapter": p.a[1]}, "b": {"doc": p.b[0], "chapter": p.b[1]},
                                     "share": round(p.share, 4)} for p in chapters],
    }


def removals(dups: dedup.CorpusDuplicates) -> dict[str, dict[str, tuple[str, str]]]:
    """Per document, the boilerplate copies to drop and the (doc, block) kept in their place.

    Copies inside the kept block's own document stay: within-document dedup judged those.
    """
    out: dict[str, dict[str, tuple[str, str]]] = {}
    for c in dups.boilerplate:
        for doc, block in c.members:
            if doc != c.kept[0]:
                out.setdefault(doc, {})[block] = c.kept
    return out


def drop_blocks(doc_dir: Path, drop: dict[str, tuple[str, str]]) -> int:
    """Rewrite one document folder without the ``drop`` blocks; returns how many went."""
    manifest = json.loads((doc_dir / "manifest.json").read_text(encoding="utf-8"))
    rows = read_jsonl(doc_dir / "blocks.jsonl")
    gone = [r for r in rows if r["block"] in drop]
    if not gone:
        return 0
    chapters = _chapters(manifest, [r for r in rows if r["block"] not in drop])
    removed = read_jsonl(doc_dir / "removed.jsonl") + [_removed_row(r, drop[r["block"]]) for r in gone]
    files = chapter_files(chapters)
    counts = Counter(r["reason"] for r in removed)
    manifest["removed"] = dict(sorted(counts.items()))
    manifest["quality"] = text_metrics([t for _, t in files])
    for entry, (_, text) in zip(manifest["chapters"], files):
        entry["chars"] = len(text)
    # durable: this runs after the shards' barriers, and no barrier follows it
    write_document_folder(doc_dir, files, manifest, removed, [r for r in rows if r["block"] not in drop], durable=True)
    return len(gone)


def _chapters(manifest: dict[str, Any], rows: list[dict[str, Any]]) -> list[Chapter]:
    by_chapter: dict[int, list[Block]] = {}
    for r in rows:
        by_chapter.setdefault(r["chapter"], []).append(
            Block(r["block"], r["page"] - 1, tuple(r["bbox"]), r["text"], kind=r["kind"],  # type: ignore[arg-type]
                  level=r["level"], order=r["order"]))
    return [Chapter(c["index"], c["title"], tuple(by_chapter.get(c["index"], ())), c["first_page"] - 1,
                    c["last_page"] - 1, c.get("source", "headings")) for c in manifest["chapters"]]


def _removed_row(row: dict[str, Any], kept: tuple[str, str]) -> dict[str, Any]:
    return {"page": row["page"], "block": row["block"], "bbox": row["bbox"], "stage": "corpus",
            "reason": REASON, "text": row["text"], "kept_doc": kept[0], "kept": kept[1]}


def records_for(doc_dir: Path, doc_id: str) -> str:
    """The corpus records of a (rewritten) document folder, as JSON Lines."""
    manifest = json.loads((doc_dir / "manifest.json").read_text(encoding="utf-8"))
    chapters = _chapters(manifest, read_jsonl(doc_dir / "blocks.jsonl"))
    lang = (manifest.get("languages") or ["und"])[0]
    return jsonl(corpus_records(doc_id, chapters, chapter_files(chapters), lang))


def write_report(path: Path, data: dict[str, Any]) -> None:
    atomic_write_text(path, dumps(data) + "\n", sole_writer=True)


def corpus_step(out: Path, fingerprint: str, statuses: Sequence[dict[str, Any]], cfg: DedupConfig) -> dict[str, Any]:
    """Join the batch's band files, write ``corpus_duplicates.json``, drop boilerplate if configured.

    Returns a short summary: clusters, near-duplicate document pairs, blocks dropped.
    """
    from . import batch  # bookkeeping paths; batch never imports this module
    ok = sorted(s["doc"] for s in statuses if s.get("status") == "ok")
    paths = {d: p for d, p in ((d, batch.bands_path(out, fingerprint, d)) for d in ok) if p.exists()}
    dups, texts = find(paths.values(), out, cfg)
    chapters = near_chapters(dups, paths, out, cfg)
    dropped = 0
    if cfg.remove_boilerplate:
        for doc, drops in sorted(removals(dups).items()):
            n = drop_blocks(out / doc, drops)
            if n:
                manifest = json.loads((out / doc / "manifest.json").read_text(encoding="utf-8"))
                batch.replace_records(out, fingerprint, doc, records_for(out / doc, doc), manifest["removed"],
                                      folder_sizes(out / doc))
            dropped += n
    write_report(out / "corpus_duplicates.json", report(dups, texts, chapters))
    return {"boilerplate_clusters": len(dups.boilerplate), "near_duplicate_documents": len(dups.doc_pairs),
            "near_duplicate_chapters": len(chapters),
            "boilerplate_dropped": dropped}
