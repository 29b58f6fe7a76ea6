"""The corpus join: band keys per document, joined across documents into clusters.

:func:`block_signatures` gives each block's band keys as plain ints;
:func:`band_records` sorts one document's records; :func:`find_corpus_duplicates`
joins the merged records of many documents by sort/merge as datatrove does, and
links candidates with union-find into boilerplate clusters and near-duplicate
document pairs.

Limits: blocks with fewer than ``min_shingles`` shingles get no band keys and
never join; without ``confirm`` a pair is judged by its MinHash estimate (share
of shared bands) alone; clusters are transitive, so a chain of near duplicates
can link two blocks that are not near duplicates of each other.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..config import DedupConfig
from ..types import Block
from .minhash import Signed, band_keys, shingle_arrays, signatures, tokens

BandRecord = tuple[int, int, str, str]  # (band, key, doc_id, block_id)
Node = tuple[str, str]  # (doc_id, block_id)


def block_signatures(blocks: Sequence[Block], cfg: DedupConfig) -> list[tuple[str, list[int]]]:
    """Band keys of each block with at least ``min_shingles`` shingles: ``[(block_id, [key per band])]``."""
    ids, keys = block_keys(blocks, cfg)
    return list(zip(ids, keys.tolist()))


def block_keys(blocks: Sequence[Block], cfg: DedupConfig,
               signed: Signed | None = None) -> tuple[list[str], np.ndarray]:
    """:func:`block_signatures` as the block ids and one row of ``bands`` uint64 keys per block.

    ``signed`` holds texts whose keys are known (from ``dedup_blocks`` under the same ``cfg``):
    only the other texts are tokenised, shingled and signed, each once.
    """
    known: Signed = dict(signed or {})
    fresh = list(dict.fromkeys(b.text for b in blocks if b.text not in known))
    arrays = shingle_arrays([tokens(t) for t in fresh], cfg.shingle)
    known.update({t: None for t, a in zip(fresh, arrays) if len(a) < cfg.min_shingles})
    long = [(t, a) for t, a in zip(fresh, arrays) if len(a) >= cfg.min_shingles]
    if long:
        known.update(zip([t for t, _ in long], band_keys(signatures([a for _, a in long], cfg), cfg)))
    rows = [(b.id, known[b.text]) for b in blocks]
    kept = [(bid, row) for bid, row in rows if row is not None]
    if not kept:
        return [], np.zeros((0, cfg.bands), dtype=np.uint64)
    return [bid for bid, _ in kept], np.stack([row for _, row in kept])


def band_records(doc_id: str, sigs: Iterable[tuple[str, list[int]]]) -> list[BandRecord]:
    """One document's ``(band, key, doc, block)`` records, sorted: ``heapq.merge`` them across documents."""
    return sorted((band, key, doc_id, block_id) for block_id, keys in sigs for band, key in enumerate(keys))


@dataclass(frozen=True)
class BoilerplateCluster:
    kept: Node  # the (doc, block) that keeps the text: the smallest in sort order
    members: tuple[Node, ...]  # the others
    docs: int


@dataclass(frozen=True)
class DocPair:
    a: str
    b: str
    share: float  # share of both documents' blocks that have a near duplicate in the other


@dataclass(frozen=True)
class ChapterPair:
    a: tuple[str, int]  # (doc, chapter index)
    b: tuple[str, int]
    share: float  # share of both chapters' blocks that have a near duplicate in the other


@dataclass(frozen=True)
class CorpusDuplicates:
    boilerplate: list[BoilerplateCluster]
    doc_pairs: list[DocPair]


def find_corpus_duplicates(records: Iterable[BandRecord], cfg: DedupConfig,
                           confirm: Callable[[Node, Node], bool] | None = None) -> CorpusDuplicates:
    """Join band records of many documents: boilerplate blocks and near-duplicate documents.

    ``records`` must be sorted by ``(band, key)`` (a merge of :func:`band_records`
    outputs).  In each bucket every member is linked to the bucket's first; a
    pair is a near duplicate when its share of shared bands, ``s``, gives an
    estimated Jaccard ``s ** (1 / rows)`` >= threshold.  Clusters (union-find)
    spanning >= ``corpus_min_docs`` documents are boilerplate.  Two documents
    are a near-duplicate pair when >= ``corpus_doc_share`` of their blocks
    (both counted) have a near duplicate in the other, through clusters in at
    most ``corpus_pair_max_docs`` documents (wider ones are boilerplate that says
    nothing about a pair).

    ``confirm(x, y)``, when given, checks each candidate pair (e.g. exact Jaccard
    and figures on the two texts) before it may join a cluster.

    Raises:
        ValueError: records out of order.
    """
    links, blocks_per_doc = candidate_links(records)
    return corpus_clusters(links, blocks_per_doc, cfg, confirm)


def corpus_clusters(links: Counter[tuple[Node, Node]], blocks_per_doc: Counter[str], cfg: DedupConfig,
                    confirm: Callable[[Node, Node], bool] | None = None) -> CorpusDuplicates:
    """Clusters and document pairs from candidate links (see :func:`find_corpus_duplicates`)."""
    parent: dict[Node, Node] = {}
    for (x, y), n in sorted(links.items()):
        if (n / cfg.bands) ** (1 / cfg.rows) >= cfg.threshold and (confirm is None or confirm(x, y)):
            _union(parent, x, y)
    clusters: dict[Node, list[Node]] = {}
    for node in sorted(parent):
        clusters.setdefault(_find(parent, node), []).append(node)
    boiler: list[BoilerplateCluster] = []
    matched: Counter[tuple[str, str]] = Counter()  # (doc, other doc) -> blocks of doc with a copy in other
    for members in clusters.values():
        per_doc = Counter(d for d, _ in members)
        if len(per_doc) >= cfg.corpus_min_docs:
            boiler.append(BoilerplateCluster(members[0], tuple(members[1:]), len(per_doc)))
        if 2 <= len(per_doc) <= cfg.corpus_pair_max_docs:
            matched.update({(x, y): per_doc[x] for x in per_doc for y in per_doc if x != y})
    pairs = [DocPair(x, y, (matched[(x, y)] + matched[(y, x)]) / (blocks_per_doc[x] + blocks_per_doc[y]))
             for x, y in sorted(matched) if x < y]
    return CorpusDuplicates(sorted(boiler, key=lambda c: c.kept), [p for p in pairs if p.share >= cfg.corpus_doc_share])


def chapter_pairs(clusters: Sequence[BoilerplateCluster], chapter_of: Mapping[Node, int],
                  blocks_per_chapter: Counter[tuple[str, int]], cfg: DedupConfig,
                  skip: Iterable[tuple[str, str]] = ()) -> list[ChapterPair]:
    """Chapters of different documents that are near duplicates of each other (a chapter copied
    into another report), from the corpus clusters: the same share rule as document pairs
    (``corpus_doc_share`` of both chapters' signed blocks), pairs of documents in ``skip``
    (already reported as near-duplicate documents) left out.

    ``chapter_of`` maps a (doc, block) to its chapter; ``blocks_per_chapter`` counts the
    blocks with a signature in each (doc, chapter).
    """
    skipped = {tuple(sorted(pair)) for pair in skip}
    matched: Counter[tuple[tuple[str, int], tuple[str, int]]] = Counter()
    for c in clusters:
        if c.docs > cfg.corpus_pair_max_docs:
            continue
        per_chapter = Counter((n[0], chapter_of[n]) for n in (c.kept, *c.members) if n in chapter_of)
        matched.update({(x, y): per_chapter[x] for x in per_chapter for y in per_chapter if x[0] != y[0]})
    pairs = [ChapterPair(x, y, (matched[(x, y)] + matched[(y, x)]) / (blocks_per_chapter[x] + blocks_per_chapter[y]))
             for x, y in sorted(matched) if x < y and (x[0], y[0]) not in skipped
             and blocks_per_chapter[x] and blocks_per_chapter[y]]
    return [p for p in pairs if p.share >= cfg.corpus_doc_share]


def candidate_links(records: Iterable[BandRecord]) -> tuple[Counter[tuple[Node, Node]], Counter[str]]:
    """Shared-band counts of (bucket first, member) across documents, and blocks per document."""
    links: Counter[tuple[Node, Node]] = Counter()
    blocks_per_doc: Counter[str] = Counter()
    last: tuple[int, int] | None = None
    first: Node = ("", "")
    for band, key, doc, block in records:
        if band == 0:
            blocks_per_doc[doc] += 1
        if last is not None and (band, key) < last:
            raise ValueError("find_corpus_duplicates: records must be sorted by (band, key)")
        if (band, key) != last:
            last, first = (band, key), (doc, block)
        elif doc != first[0]:
            links[(first, (doc, block))] += 1
    return links, blocks_per_doc


def _find(parent: dict[Node, Node], x: Node) -> Node:
    parent.setdefault(x, x)
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def _union(parent: dict[Node, Node], x: Node, y: Node) -> None:
    rx, ry = _find(parent, x), _find(parent, y)
    if rx != ry:
        parent[max(rx, ry)] = min(rx, ry)
