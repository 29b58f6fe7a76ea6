"""The block pass: exact, near and contained duplicate blocks inside one document.

:func:`dedup_blocks` works on whole blocks: exact duplicates by a hash of the
normalised tokens; near duplicates by MinHash + banded LSH, each candidate
confirmed by exact Jaccard of the shingle sets; short blocks contained in a
longer one by exact containment.  The first occurrence in reading order is
kept, except that a contained block gives way to the longer block, wherever
that stands, and that a contents entry (``contents``: a title and its page number
on a contents page) never outlives the body text it copies: no block goes as a
copy of one, and one goes as a copy of a later body block.  :func:`similar` is the
same confirmation for two texts, as the corpus join applies it.

Two blocks whose figures differ (a number replaced by another) are never near
duplicates: a 2022 and a 2023 sentence state different facts.  Nor are two whose
Latin names differ (a capitalised word inside a sentence, an identifier): two
directors' profiles, two functions' prototypes; nor two whose negations differ
(``P.NEGATIONS``: a disclosure's question and its answer "未进行…"), and a block
holding a negation its container lacks is not contained in it.

Limits: CJK blocks that differ only in names (no figures) are near duplicates
when their Jaccard passes the threshold; blocks with fewer than ``min_shingles``
shingles are matched exactly only; in an LSH bucket of more than ``BUCKET_CAP``
blocks only the nearest earlier ones are compared.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

import numpy as np
import xxhash

from .. import patterns as P
from ..config import DedupConfig
from ..types import Block, Removed
from .facts import latin_names, renamed
from .minhash import (Signed, TokenBatch, _ranges, _shingles_of_ids, band_keys, novel_run, novelty_ids, signatures,
                      token_batch)
from .reasons import CONTAINED, EXACT, NEAR, _removed

CONTAIN_SAMPLE = 8  # rarest shared shingles of a block that find the blocks containing it
EST_SLACK = 0.15  # candidates whose MinHash estimate is this far below the threshold skip the exact check
PAIR_CHUNK = 1 << 15  # candidate pairs compared per numpy step
BUCKET_CAP = 64  # a block meets at most this many earlier blocks per LSH bucket (crowded buckets stay linear)
NOVEL_TAIL = 8  # tokens of its own after a copy of an earlier block that keep a later block (a sentence under a heading)
_NEGATION_IDS = frozenset(xxhash.xxh32_intdigest(t.encode()) for t in P.NEGATIONS)  # their token hashes


class _Features:
    """What the block pass compares: exact key, shingle set, tokens, figures and names (computed when first asked)."""

    __slots__ = ("key", "shingles", "ids", "text", "_batch", "_at", "_tokens", "_numbers", "_names", "_negations")

    def __init__(self, shingles: np.ndarray, batch: TokenBatch, start: int, end: int, text: str) -> None:
        self.ids = batch.ids[start:end]  # the tokens' hashes, in order
        self.key = xxhash.xxh64_intdigest(self.ids.tobytes()) if end > start else None  # None: no tokens
        self.shingles = shingles
        self.text = text
        self._batch, self._at = batch, (start, end)  # the block's tokens: batch positions start..end-1
        self._tokens: list[str] | None = None
        self._numbers: Counter[str] | None = None
        self._names: Counter[str] | None = None
        self._negations: Counter[str] | None = None

    @property
    def tokens(self) -> list[str]:
        """The block's tokens (:func:`~.minhash.tokens`)."""
        if self._tokens is None:
            self._tokens = self._batch.strings(np.arange(*self._at))
        return self._tokens

    def token_slice(self, start: int, end: int) -> list[str]:
        """The block's tokens ``start..end-1`` as strings."""
        return self._batch.strings(np.arange(self._at[0] + start, self._at[0] + max(start, end)))

    @property
    def numbers(self) -> Counter[str]:
        """The block's figures (tokens starting with a digit): ``"2022年增长3.5%" -> {"2022": 1, "3.5": 1}``."""
        if self._numbers is None:  # only those tokens made strings
            self._numbers = Counter(self._batch.strings(self._at[0] + np.flatnonzero(self._batch.numeric[slice(*self._at)])))
        return self._numbers

    @property
    def negations(self) -> Counter[str]:
        """The block's negating tokens (``P.NEGATIONS``): ``"报告期内未进行" -> {"未": 1}``."""
        if self._negations is None:  # most blocks hold none: a set test of the token hashes first
            self._negations = (Counter() if _NEGATION_IDS.isdisjoint(self.ids.tolist())
                               else Counter([t for t in self.tokens if t in P.NEGATIONS]))
        return self._negations

    @property
    def names(self) -> Counter[str]:
        """The block's Latin names: see :func:`latin_names`."""
        if self._names is None:
            self._names = latin_names(self.text)
        return self._names


def _features(texts: Sequence[str], k: int) -> list[_Features]:
    """Features of every block, all tokenised in one batch (:func:`~.minhash.token_batch`)."""
    batch = token_batch(texts)
    arrays = _shingles_of_ids(batch.ids, batch.counts, k)
    bounds = np.concatenate(([0], np.cumsum(batch.counts))).tolist()
    return [_Features(a, batch, s, e, text) for a, s, e, text in zip(arrays, bounds, bounds[1:], texts)]


def _overlap(a: np.ndarray, b: np.ndarray) -> int:
    """Size of the intersection of two sorted unique arrays."""
    if not len(a) or not len(b):
        return 0
    return int(np.count_nonzero(b[np.minimum(np.searchsorted(b, a), len(b) - 1)] == a))


def _figures_agree(a: Counter[str], b: Counter[str]) -> bool:
    """No number replaced: one multiset of numbers holds the other (a glued page number may be extra)."""
    return not (a - b) or not (b - a)


def _holds_facts(host: _Features, part: _Features) -> bool:
    """``host`` states every figure and negation of ``part`` (so ``part`` may lie inside it)."""
    return not (part.numbers - host.numbers) and not (part.negations - host.negations)


def _same_facts(a: _Features, b: _Features) -> bool:
    """No figure and no Latin name of one block replaced by another in the other (names are
    looked for only when both blocks could hold one), and the same negations in both."""
    if not _figures_agree(a.numbers, b.numbers) or a.negations != b.negations:
        return False
    return not (P.NAME_HINT.search(a.text) and P.NAME_HINT.search(b.text)) or _figures_agree(a.names, b.names)


def similar(a: str, b: str, cfg: DedupConfig) -> float:
    """Exact Jaccard of two texts' shingle sets when their figures agree, else 0.0.

    Names may differ: across a batch, boilerplate naming each report's company is still boilerplate.

    The confirmation the corpus join applies to its LSH candidates:
    ``similar("2022年营收3亿元…", "2023年营收4亿元…") -> 0.0`` (different facts).
    """
    fa, fb = _features([a, b], cfg.shingle)
    if not len(fa.shingles) or not len(fb.shingles) or not _figures_agree(fa.numbers, fb.numbers):
        return 0.0
    inter = _overlap(fa.shingles, fb.shingles)
    return inter / (len(fa.shingles) + len(fb.shingles) - inter)


def dedup_blocks(blocks: Sequence[Block], cfg: DedupConfig, signed: Signed | None = None,
                 contents: AbstractSet[str] = frozenset()) -> tuple[list[Block], list[Removed]]:
    """Remove exact, near and contained duplicate blocks of one document.

    Args:
        blocks: the document's blocks in reading order.
        cfg: shingle size, MinHash/LSH parameters, thresholds.
        signed: when given, filled with the band keys of the texts this pass signed (None
            for texts under ``min_shingles``), for :func:`~.join.block_keys` to reuse.
        contents: ids of contents entries (:func:`~pipeline.toc.contents_entries`): a block
            never goes as a copy of one (the body title a contents page points to stays).
    Returns:
        The kept blocks (same objects, same order) and one :class:`Removed` per
        removed block, in input order.
    """
    feats = _features([b.text for b in blocks], cfg.shingle)
    removed: dict[int, Removed] = {}
    entry = [b.id in contents for b in blocks]
    _exact_pass(blocks, feats, removed, entry)
    eligible = [i for i, f in enumerate(feats) if i not in removed and len(f.shingles) >= cfg.min_shingles]
    if signed is not None:
        signed.update({f.text: None for f in feats if len(f.shingles) < cfg.min_shingles})
    _near_pass(blocks, feats, eligible, cfg, removed, signed, entry)
    _containment_pass(blocks, feats, [i for i in eligible if i not in removed], cfg, removed, entry)
    kept = [b for i, b in enumerate(blocks) if i not in removed]
    return kept, [removed[i] for i in sorted(removed)]


def _exact_pass(blocks: Sequence[Block], feats: list[_Features], removed: dict[int, Removed],
                entry: list[bool]) -> None:
    """Later blocks with the same token sequence as an earlier one; token-less blocks stay.  A
    contents entry kept first gives way to the first body block copying it (its copies go with it)."""
    first: dict[int, int] = {}
    for i, f in enumerate(feats):
        if f.key is None:
            continue
        j = first.setdefault(f.key, i)
        if j != i and entry[j] and not entry[i]:
            first[f.key] = i
            for k in [k for k, r in removed.items() if r.detail["kept"] == blocks[j].id] + [j]:
                removed[k] = _removed(blocks[k], EXACT, blocks[i], 1.0)
        elif j != i:
            removed[i] = _removed(blocks[i], EXACT, blocks[j], 1.0)


def _near_pass(blocks: Sequence[Block], feats: list[_Features], eligible: list[int], cfg: DedupConfig,
               removed: dict[int, Removed], signed: Signed | None, entry: list[bool]) -> None:
    """LSH candidates among earlier kept blocks, confirmed by exact Jaccard and figures.

    The later block goes, unless the earlier one lies inside it (containment):
    then the earlier one goes and the longer text stays.  A later block with a
    run of ``near_novel_run`` tokens of its own stays whole (its repeat is the
    segment pass's to cut), so no sentence goes with a copy it was glued to; so
    does one that starts as a copy and ends in ``NOVEL_TAIL`` tokens of its own (a
    heading glued to the one-line sentence under it, matched against its contents
    entry: debian-edu-bullseye-manual's '增添LTSP chroot来支持32位的电脑客户端' +
    '创建chroot和SquashFS映像，运行：'); so does a later block naming things (Latin
    names) when the earlier one names none, or one whose only differences from the earlier one are Han
names standing for others (:func:`~.facts.renamed`); so does a body block matched to a contents entry
    (earlier, or longer and holding it); so does one whose tokens differ from the earlier one's
    in more than ``near_max_change`` of the shorter block's (one pattern saying other things).
    """
    if len(eligible) < 2:
        return
    sigs = signatures([feats[i].shingles for i in eligible], cfg)
    efeats = [feats[i] for i in eligible]
    keys = band_keys(sigs, cfg)
    if signed is not None:
        signed.update(zip([f.text for f in efeats], keys))
    dead: set[int] = set()  # positions removed by this pass
    for pos, cands in _candidates(keys, sigs, cfg).items():
        best = _best_match(pos, [c for c in cands if c not in dead], sigs, efeats, cfg)
        if best is None:
            continue
        c, jac, inside = best
        loser, winner = (c, pos) if inside else (pos, c)
        if entry[eligible[winner]] and not entry[eligible[loser]]:
            continue  # body text never goes as a copy of a contents entry
        run, tail = (0, 0) if inside else _novelty(efeats[pos], efeats[c], cfg.shingle)
        if run >= cfg.near_novel_run:
            continue  # the later block goes on with text of its own: left whole to the segment pass
        if tail >= NOVEL_TAIL:
            continue  # a copy (a contents entry's title) glued to the start of a sentence of its own
        if not inside and efeats[pos].names and not efeats[c].names:
            continue  # the later block names things, the earlier none ('与Windows 10类似…'): no copy
        if not inside and token_change(efeats[pos].ids, efeats[c].ids) > cfg.near_max_change:
            continue  # one pattern, other words: '除了配置文件' / '包含配置文件' say different things
        if not inside and _renamed(efeats[pos], efeats[c]):
            continue  # one pattern naming other things: '公司在上海设立…' / '公司在北京设立…'
        dead.add(loser)
        removed[eligible[loser]] = _removed(blocks[eligible[loser]], CONTAINED if inside else NEAR,
                                            blocks[eligible[winner]], inside or jac)


def _renamed(a: _Features, b: _Features) -> bool:
    """:func:`~.facts.renamed` on the stretch between the two blocks' common first and last tokens
    (compared as hashes), which holds every difference: aligning whole blocks cost a third of the stage."""
    x, y = a.ids, b.ids
    n = min(len(x), len(y))
    same = np.flatnonzero(x[:n] != y[:n])
    head = int(same[0]) if len(same) else n
    same = np.flatnonzero(x[::-1][:n - head] != y[::-1][:n - head])
    tail = int(same[0]) if len(same) else n - head
    return renamed(a.token_slice(head, len(x) - tail), b.token_slice(head, len(y) - tail))


def token_change(a: np.ndarray, b: np.ndarray) -> float:
    """Tokens (hashes) in one block and not the other, both ways, as a share of the shorter
    block's: ``[1, 2, 3, 4]`` / ``[1, 2, 3, 5]`` -> 0.5 (a substitution counts twice)."""
    if not len(a) or not len(b):
        return float("inf")
    values, where = np.unique(np.concatenate((a, b)), return_inverse=True)
    counts = np.zeros((2, len(values)), dtype=np.int64)
    np.add.at(counts[0], where[:len(a)], 1)
    np.add.at(counts[1], where[len(a):], 1)
    return float(np.abs(counts[0] - counts[1]).sum()) / min(len(a), len(b))


def _novelty(later: _Features, earlier: _Features, k: int) -> tuple[int, int]:
    """Tokens of ``later`` in a row that ``earlier`` lacks (see :func:`~.minhash.novel_run`), and
    those ending it after a start ``earlier`` holds (see :func:`~.minhash.novelty_ids`; 0 for a
    block of fewer than ``k`` tokens)."""
    if len(later.ids) < k:
        return novel_run(later.tokens, earlier.shingles, k), 0
    return novelty_ids(later.ids, earlier.shingles, k)


def _candidates(keys: np.ndarray, sigs: np.ndarray, cfg: DedupConfig) -> dict[int, list[int]]:
    """Earlier blocks sharing an LSH bucket with each block, MinHash estimate near the threshold.

    ``{later: [earlier, ...]}`` in ascending order; the same pairs as querying a
    ``MinHashLSH(params=(bands, rows))`` before inserting each block, except that
    in a bucket of more than ``BUCKET_CAP`` blocks only the nearest earlier ones count.
    """
    n = len(keys)
    flat = keys.ravel()
    member = np.repeat(np.arange(n, dtype=np.int64), keys.shape[1])
    order = np.lexsort((member, flat))
    flat, member = flat[order], member[order]
    at = np.arange(len(flat))
    group_start = np.maximum.accumulate(np.where(np.r_[True, flat[1:] != flat[:-1]], at, 0))
    before = np.minimum(at - group_start, BUCKET_CAP)  # members of the same bucket just before this one
    pairs = np.sort(np.repeat(member, before) * n + member[_ranges(at - before, before)])
    pairs = pairs[np.r_[True, pairs[1:] != pairs[:-1]]] if len(pairs) else pairs
    later, earlier = pairs // n, pairs % n
    keep = np.zeros(len(pairs), dtype=bool)
    for s in range(0, len(pairs), PAIR_CHUNK):
        e = s + PAIR_CHUNK
        keep[s:e] = (sigs[earlier[s:e]] == sigs[later[s:e]]).mean(axis=1) >= cfg.threshold - EST_SLACK
    later, earlier = later[keep], earlier[keep]
    bounds = np.flatnonzero(np.r_[True, later[1:] != later[:-1]]) if len(later) else np.zeros(0, dtype=np.int64)
    return {int(later[b]): earlier[b:e].tolist() for b, e in zip(bounds.tolist(), [*bounds[1:].tolist(), len(later)])}


def _best_match(pos: int, cands: list[int], sigs: np.ndarray, feats: list[_Features],
                cfg: DedupConfig) -> tuple[int, float, float] | None:
    """``(candidate, Jaccard, containment)`` of the best confirmed match, or None.

    Confirmed: exact Jaccard >= threshold on >= ``min_shingles`` shared shingles,
    figures agree.  ``containment`` is the candidate's share inside block ``pos``
    when that is >= ``cfg.containment``, ``pos`` is longer and holds its figures, else 0.
    """
    best: tuple[int, float, float] | None = None
    a = feats[pos]
    for c in cands:
        b = feats[c]
        inter = _overlap(a.shingles, b.shingles)
        jac = inter / (len(a.shingles) + len(b.shingles) - inter)
        if jac < cfg.threshold or inter < cfg.min_shingles or (best is not None and jac <= best[1]):
            continue
        if _same_facts(a, b):
            inside = inter / len(b.shingles)
            longer = len(a.shingles) > len(b.shingles) and _holds_facts(a, b)
            best = (c, jac, inside if longer and inside >= cfg.containment else 0.0)
    return best


def _containment_pass(blocks: Sequence[Block], feats: list[_Features], cand: list[int], cfg: DedupConfig,
                      removed: dict[int, Removed], entry: list[bool]) -> None:
    """Blocks whose shingles lie (>= containment) inside one longer kept block; largest first.
    Body text inside a contents entry stays (ctex-faq's questions, inside its contents read as one block)."""
    if len(cand) < 2:
        return
    arrays = [feats[i].shingles for i in cand]
    sizes = np.array([len(a) for a in arrays])
    packed = np.sort((np.concatenate(arrays).astype(np.uint64) << np.uint64(32))
                     | np.repeat(np.arange(len(cand), dtype=np.uint64), sizes), kind="stable")  # sorted runs: fast
    index = _ShingleIndex((packed >> np.uint64(32)).astype(np.uint32),
                          (packed & np.uint64(0xFFFFFFFF)).astype(np.int64))
    group = np.flatnonzero(np.r_[True, index.hashes[1:] != index.hashes[:-1]])
    counts = np.diff(np.r_[group, len(packed)])
    # Necessary condition: enough of a block's shingles occur in some other block.
    share = np.bincount(index.owner, weights=np.repeat(counts >= 2, counts), minlength=len(cand)) / sizes
    alive = np.ones(len(cand), dtype=bool)
    for p in np.argsort(-sizes, kind="stable").tolist():
        if share[p] < cfg.containment:
            continue
        found = _container(p, arrays, sizes, alive, index, cfg)
        if found is None or entry[cand[found[0]]] and not entry[cand[p]]:
            continue
        if _holds_facts(feats[cand[found[0]]], feats[cand[p]]):
            alive[p] = False
            removed[cand[p]] = _removed(blocks[cand[p]], CONTAINED, blocks[cand[found[0]]], found[1])


@dataclass(frozen=True, slots=True)
class _ShingleIndex:
    hashes: np.ndarray  # every block's shingles, sorted
    owner: np.ndarray  # the block each belongs to

    def ranges(self, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Where each query shingle's entries start, and how many blocks hold it."""
        lo = np.searchsorted(self.hashes, query, "left")
        return lo, np.searchsorted(self.hashes, query, "right") - lo


def _container(p: int, arrays: list[np.ndarray], sizes: np.ndarray, alive: np.ndarray, index: _ShingleIndex,
               cfg: DedupConfig) -> tuple[int, float] | None:
    """The longer live block holding the largest share (>= containment) of block ``p``'s shingles.

    Candidates hold most of ``p``'s ``CONTAIN_SAMPLE`` rarest shared shingles
    (rarest, so the lookups stay short); each is then checked exactly.  Ties go
    to the earlier block.
    """
    lo, held = index.ranges(arrays[p])
    pick = np.argsort(np.where(held >= 2, held, np.iinfo(np.int64).max), kind="stable")[:CONTAIN_SAMPLE]
    need = len(pick) - math.ceil((1 - cfg.containment) * len(pick)) - 2
    best: tuple[int, float] | None = None
    for q, hits in sorted(Counter(index.owner[_ranges(lo[pick], held[pick])].tolist()).items()):
        if hits < need or q == p or not alive[q] or sizes[q] <= sizes[p]:
            continue
        ratio = _overlap(arrays[p], arrays[q]) / sizes[p]
        if ratio >= cfg.containment and (best is None or ratio > best[1]):
            best = (q, ratio)
    return best
