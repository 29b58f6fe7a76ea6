"""Near-duplicate removal inside one document, and band keys for the corpus join.

Every removal is a :class:`Removed` whose ``detail`` names the block kept in its
place (``kept``) and the similarity that decided it.

1. :func:`dedup_blocks` works on whole blocks: exact duplicates by a hash of the
   normalised tokens; near duplicates by MinHash + banded LSH, each candidate
   confirmed by exact Jaccard of the shingle sets; short blocks contained in a
   longer one by exact containment.  The first occurrence in reading order is
   kept, except that a contained block gives way to the longer block, wherever
   that stands.
2. :func:`dedup_segments` works on sentences: text already kept earlier in the
   document (seen through ``segment_window``-character windows) is removed
   sentence by sentence, and inside a sentence when a verbatim run is at least
   ``segment_min_run`` characters.  This cleans text dumps, where the two copies
   of a spread do not split into the same blocks.
3. :func:`block_signatures` and :func:`find_corpus_duplicates`: band keys as
   plain ints, joined across documents by sort/merge as datatrove does.

Normalisation is NFKC + casefold; tokens are single CJK characters, numbers and
Latin-style words; punctuation and space are no tokens; digits are kept.  Two
blocks whose figures differ (a number replaced by another) are never near
duplicates: a 2022 and a 2023 sentence state different facts.

Signatures equal datasketch's ``MinHash.bulk`` (scheme ``affine32``) value for
value and candidates equal ``MinHashLSH(params=(bands, rows))``; both are
computed in batches with numpy and sorted band keys, because the datasketch
objects (bulk + LeanMinHash + LSH query and insert) cost ~200 µs a block here;
the tests check the equality.

Limits: Latin text is compared word by word, so scattered typos (OCR noise)
above ~2% of characters hide a near duplicate; blocks that differ only in names
(no figures) are near duplicates when their Jaccard passes the threshold;
blocks with fewer than ``min_shingles`` shingles are matched exactly only;
repeats shorter than ``segment_window`` characters are not seen by the
segment pass, and phrases restated inside an otherwise new sentence stay unless
they reach ``segment_min_run`` characters.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import chain

import numpy as np
import xxhash
from datasketch import MinHash

from . import patterns as P
from .config import DedupConfig
from .metrics import window_hashes
from .normalize import clean_line
from .types import Block, Removed

STAGE = "dedup"
EXACT = "exact_duplicate"
NEAR = "near_duplicate"
CONTAINED = "contained_duplicate"
REPEATED = "repeated_text"
TRIMMED = "dedup_trimmed"  # flag on a block that lost repeated text; its ``lines`` still hold all of it

CONTAIN_SAMPLE = 8  # rarest shared shingles of a block that find the blocks containing it
EST_SLACK = 0.15  # candidates whose MinHash estimate is this far below the threshold skip the exact check
PAIR_CHUNK = 1 << 15  # candidate pairs compared per numpy step
BUCKET_CAP = 64  # a block meets at most this many earlier blocks per LSH bucket (crowded buckets stay linear)
TOKEN_CACHE = 1 << 20  # distinct tokens whose hash is remembered
BATCH_SHINGLES = 1 << 13  # shingles signed per numpy batch: x num_perm x 4 bytes stays in cache
_MIX = np.uint64(0x9E3779B97F4A7C15)
_EMPTY = np.zeros(0, dtype=np.uint32)

BandRecord = tuple[int, int, str, str]  # (band, key, doc_id, block_id)
Node = tuple[str, str]  # (doc_id, block_id)


# --- tokens, shingles, signatures --------------------------------------------

# Full-width ASCII forms and the ideographic space, mapped to what NFKC makes of them: CJK text
# fails the NFKC quick check on its punctuation alone, and a table lookup is cheaper than normalising.
_FULLWIDTH = {c: unicodedata.normalize("NFKC", chr(c)) for c in range(0xFF01, 0xFF5F)} | {0x3000: " "}


def tokens(text: str) -> list[str]:
    """Dedup tokens: ``"2022年 Revenue，1,234.5" -> ["2022", "年", "revenue", "1,234.5"]``.

    The tokens of ``NFKC(text).casefold()``; the full-width forms are mapped first because the
    result of NFKC depends only on the compatibility-equivalence class, which mapping keeps.
    """
    if not unicodedata.is_normalized("NFKC", text):  # the quick check is ~50x cheaper than normalising
        text = text.translate(_FULLWIDTH)
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
    return P.DEDUP_TOKEN.findall(text.casefold())


def _fmix64(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser, an avalanching bijection on uint64 arrays."""
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> np.uint64(33))


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser, as datasketch applies it before its permutations."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


class _TokenIds(dict[str, int]):
    """``xxh32`` of each token, remembered (up to ``TOKEN_CACHE`` tokens) because most recur."""

    def __missing__(self, token: str) -> int:
        value = xxhash.xxh32_intdigest(token.encode())
        if len(self) < TOKEN_CACHE:
            self[token] = value
        return value


_TOKEN_IDS = _TokenIds()


def shingle_array(toks: Sequence[str], k: int) -> np.ndarray:
    """Sorted unique 32-bit hashes of the ``k``-token shingles; fewer tokens make one shingle."""
    return shingle_arrays([toks], k)[0]


def shingle_arrays(token_lists: Sequence[Sequence[str]], k: int) -> list[np.ndarray]:
    """:func:`shingle_array` of many blocks at once (one numpy pass, one sort).

    Tokens are hashed with ``xxh32``; ``k`` neighbours are folded together and
    mixed down to 32 bits.  A block without tokens gets an empty array.
    """
    return _shingle_batch(token_lists, k)[0]


def _shingle_batch(token_lists: Sequence[Sequence[str]], k: int) -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
    """Shingle arrays, plus every token's hash and where each block's tokens start in it."""
    lens = np.array([len(t) for t in token_lists], dtype=np.int64)
    ids = np.fromiter(map(_TOKEN_IDS.__getitem__, chain.from_iterable(token_lists)), dtype=np.uint64,
                      count=int(lens.sum()))
    starts = np.cumsum(lens) - lens
    windows = np.where(lens > 0, np.maximum(1, lens - k + 1), 0)
    first = _ranges(starts, windows)  # token index where each shingle starts
    last = max(len(ids) - 1, 0)
    h = ids[first]
    for j in range(1, k):
        h = h * _MIX + ids[np.minimum(first + j, last)]
    short = np.flatnonzero(np.repeat(lens < k, windows))  # blocks of fewer than k tokens: one shorter shingle
    if len(short):
        width = np.repeat(lens, windows)[short]
        hs = ids[first[short]]
        for j in range(1, k - 1):
            hs = np.where(j < width, hs * _MIX + ids[np.minimum(first[short] + j, last)], hs)
        h[short] = hs
    owner = np.repeat(np.arange(len(lens), dtype=np.uint64), windows)
    packed = np.sort((owner << np.uint64(32)) | (_fmix64(h) >> np.uint64(32)), kind="stable")  # runs: fast
    packed = packed[np.r_[True, packed[1:] != packed[:-1]]] if len(packed) else packed
    bounds = np.searchsorted(packed >> np.uint64(32), np.arange(len(lens) + 1, dtype=np.uint64)).tolist()
    values = (packed & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    return [values[bounds[i]:bounds[i + 1]] for i in range(len(lens))], ids, starts


def _ranges(starts: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """Concatenated ``arange(start, start + len)``: ``([5, 0], [2, 3]) -> [5, 6, 0, 1, 2]``."""
    offsets = np.cumsum(lens) - lens
    return np.repeat(starts - offsets, lens) + np.arange(int(lens.sum()), dtype=np.int64)


def shingles(text: str, k: int) -> set[int]:
    """Hashed ``k``-token shingles of ``text``; empty when it has no tokens.

    ``len(shingles("上海科技创新", 3)) -> 4``; ``shingles("，。", 3) -> set()``
    """
    return set(shingle_array(tokens(text), k).tolist())


@lru_cache(maxsize=8)
def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 permutation parameters ``(a, b)`` for this size and seed."""
    a, b = MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations
    return a.astype(np.uint32), b.astype(np.uint32)


def signatures(arrays: Sequence[np.ndarray], cfg: DedupConfig) -> np.ndarray:
    """MinHash signatures, one row of ``num_perm`` uint32 per non-empty shingle array.

    Equal to ``MinHash.bulk([a.tolist() ...], num_perm, seed, hashfunc=int)``.
    Raises ValueError on an empty array: an empty set has no signature.
    """
    if any(len(a) == 0 for a in arrays):
        raise ValueError("signatures: empty shingle set (sign only blocks with >= min_shingles)")
    a, b = _permutations(cfg.num_perm, cfg.seed)
    out = np.empty((len(arrays), cfg.num_perm), dtype=np.uint32)
    start = 0
    while start < len(arrays):
        stop, size = start + 1, len(arrays[start])
        while stop < len(arrays) and size + len(arrays[stop]) <= BATCH_SHINGLES:
            size += len(arrays[stop])
            stop += 1
        part = arrays[start:stop]
        hashed = np.multiply.outer(a, _fmix32(np.concatenate(part)))  # (num_perm, shingles): rows contiguous
        np.add(hashed, b[:, None], out=hashed)
        offsets = np.cumsum([0] + [len(x) for x in part[:-1]])
        out[start:stop] = np.minimum.reduceat(hashed, offsets, axis=1).T
        start = stop
    return out


def band_keys(sigs: np.ndarray, cfg: DedupConfig) -> np.ndarray:
    """One uint64 key per (block, band): the band's ``rows`` values hashed with the band number.

    Two blocks share key ``j`` exactly when their values in band ``j`` agree
    (up to 64-bit hash collisions).
    """
    n = len(sigs)
    rows = sigs[:, : cfg.bands * cfg.rows].reshape(n, cfg.bands, cfg.rows).astype(np.uint64)
    h = np.tile(np.arange(1, cfg.bands + 1, dtype=np.uint64), (n, 1))
    for r in range(cfg.rows):
        h = _fmix64(h * _MIX + rows[:, :, r])
    return h


# --- block pass -----------------------------------------------------------------

class _Features:
    """What the block pass compares: exact key, shingle set, figures (computed when first asked)."""

    __slots__ = ("key", "shingles", "tokens", "_numbers")

    def __init__(self, key: int | None, shingles: np.ndarray, toks: list[str]) -> None:
        self.key = key  # xxh64 of the token-hash sequence; None when there are no tokens
        self.shingles = shingles
        self.tokens = toks
        self._numbers: Counter[str] | None = None

    @property
    def numbers(self) -> Counter[str]:
        """The block's figures: ``"2022年增长3.5%" -> {"2022": 1, "3.5": 1}``."""
        if self._numbers is None:
            self._numbers = Counter([t for t in self.tokens if t[0].isdigit()])
        return self._numbers


def _features(texts: Sequence[str], k: int) -> list[_Features]:
    """Features of every block; a text met before (a verbatim copy) is tokenised once."""
    seen: dict[str, list[str]] = {}
    toks = [seen[t] if t in seen else seen.setdefault(t, tokens(t)) for t in texts]
    arrays, ids, starts = _shingle_batch(toks, k)
    return [_Features(xxhash.xxh64_intdigest(ids[s:s + len(t)].tobytes()) if t else None, a, t)
            for t, a, s in zip(toks, arrays, starts.tolist())]


def _overlap(a: np.ndarray, b: np.ndarray) -> int:
    """Size of the intersection of two sorted unique arrays."""
    if not len(a) or not len(b):
        return 0
    return int(np.count_nonzero(b[np.minimum(np.searchsorted(b, a), len(b) - 1)] == a))


def _figures_agree(a: Counter[str], b: Counter[str]) -> bool:
    """No number replaced: one multiset of numbers holds the other (a glued page number may be extra)."""
    return not (a - b) or not (b - a)


def similar(a: str, b: str, cfg: DedupConfig) -> float:
    """Exact Jaccard of two texts' shingle sets when their figures agree, else 0.0.

    The confirmation the corpus join applies to its LSH candidates:
    ``similar("2022年营收3亿元…", "2023年营收4亿元…") -> 0.0`` (different facts).
    """
    fa, fb = _features([a, b], cfg.shingle)
    if not len(fa.shingles) or not len(fb.shingles) or not _figures_agree(fa.numbers, fb.numbers):
        return 0.0
    inter = _overlap(fa.shingles, fb.shingles)
    return inter / (len(fa.shingles) + len(fb.shingles) - inter)


def _removed(block: Block, reason: str, kept: Block, similarity: float) -> Removed:
    return Removed(block, reason, STAGE, {"kept": kept.id, "similarity": round(float(similarity), 4)})


def dedup_blocks(blocks: Sequence[Block], cfg: DedupConfig) -> tuple[list[Block], list[Removed]]:
    """Remove exact, near and contained duplicate blocks of one document.

    Args:
        blocks: the document's blocks in reading order.
        cfg: shingle size, MinHash/LSH parameters, thresholds.
    Returns:
        The kept blocks (same objects, same order) and one :class:`Removed` per
        removed block, in input order.
    """
    feats = _features([b.text for b in blocks], cfg.shingle)
    removed: dict[int, Removed] = {}
    _exact_pass(blocks, feats, removed)
    eligible = [i for i, f in enumerate(feats) if i not in removed and len(f.shingles) >= cfg.min_shingles]
    _near_pass(blocks, feats, eligible, cfg, removed)
    _containment_pass(blocks, feats, [i for i in eligible if i not in removed], cfg, removed)
    kept = [b for i, b in enumerate(blocks) if i not in removed]
    return kept, [removed[i] for i in sorted(removed)]


def _exact_pass(blocks: Sequence[Block], feats: list[_Features], removed: dict[int, Removed]) -> None:
    """Later blocks with the same token sequence as an earlier one; token-less blocks stay."""
    first: dict[int, int] = {}
    for i, f in enumerate(feats):
        if f.key is not None:
            j = first.setdefault(f.key, i)
            if j != i:
                removed[i] = _removed(blocks[i], EXACT, blocks[j], 1.0)


def _near_pass(blocks: Sequence[Block], feats: list[_Features], eligible: list[int], cfg: DedupConfig,
               removed: dict[int, Removed]) -> None:
    """LSH candidates among earlier kept blocks, confirmed by exact Jaccard and figures.

    The later block goes, unless the earlier one lies inside it (containment):
    then the earlier one goes and the longer text stays.
    """
    if len(eligible) < 2:
        return
    sigs = signatures([feats[i].shingles for i in eligible], cfg)
    efeats = [feats[i] for i in eligible]
    dead: set[int] = set()  # positions removed by this pass
    for pos, cands in _candidates(band_keys(sigs, cfg), sigs, cfg).items():
        best = _best_match(pos, [c for c in cands if c not in dead], sigs, efeats, cfg)
        if best is None:
            continue
        c, jac, inside = best
        loser, winner = (c, pos) if inside else (pos, c)
        dead.add(loser)
        removed[eligible[loser]] = _removed(blocks[eligible[loser]], CONTAINED if inside else NEAR,
                                            blocks[eligible[winner]], inside or jac)


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
        if _figures_agree(a.numbers, b.numbers):
            inside = inter / len(b.shingles)
            longer = len(a.shingles) > len(b.shingles) and not (b.numbers - a.numbers)
            best = (c, jac, inside if longer and inside >= cfg.containment else 0.0)
    return best


def _containment_pass(blocks: Sequence[Block], feats: list[_Features], cand: list[int], cfg: DedupConfig,
                      removed: dict[int, Removed]) -> None:
    """Blocks whose shingles lie (>= containment) inside one longer kept block; largest first."""
    if len(cand) < 2:
        return
    arrays = [feats[i].shingles for i in cand]
    sizes = np.array([len(a) for a in arrays])
    packed = np.sort((np.concatenate(arrays).astype(np.uint64) << np.uint64(32))
                     | np.repeat(np.arange(len(cand), dtype=np.uint64), sizes))
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
        if found is not None and not (feats[cand[p]].numbers - feats[cand[found[0]]].numbers):
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


# --- segment pass ------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Segment:
    block: int  # index of the block
    start: int  # offsets in the block's text
    end: int
    skel: tuple[int, int]  # offsets in the document skeleton (NFKC, casefold, no whitespace)
    digits: list[int]  # skeleton offsets of digits
    edges: tuple[int, ...] = ()  # skeleton offsets where a source line of the block starts or ends


@dataclass(slots=True)
class _Cut:
    skel: tuple[int, int]
    sources: Counter[int]  # block index of the kept text that covered it -> windows
    share: float = 1.0  # share of its characters seen before


def _skeleton_text(text: str, start: int, end: int) -> str:
    """Comparable form of ``text[start:end]``: :func:`_skeleton` without the offsets."""
    raw = P.ISSPACE_RUN.sub("", text[start:end])
    norm = unicodedata.normalize("NFKC", raw).casefold()
    return norm if len(norm) == len(raw) else _skeleton(text, start, end)[0]


def _skeleton(text: str, start: int, end: int) -> tuple[str, list[int]]:
    """Comparable form of ``text[start:end]`` and the text offset of each of its characters."""
    piece = text[start:end]
    idx = [i for m in P.NOT_ISSPACE_RUN.finditer(piece) for i in range(start + m.start(), start + m.end())]
    raw = P.ISSPACE_RUN.sub("", piece)
    norm = unicodedata.normalize("NFKC", raw).casefold()
    if len(norm) == len(raw):
        return norm, idx
    parts = [(unicodedata.normalize("NFKC", text[i]).casefold(), i) for i in idx]
    return "".join(p for p, _ in parts), [i for p, i in parts for _ in p]


def _segments(blocks: Sequence[Block], line_edges: bool = False) -> tuple[list[_Segment], str]:
    """Every block cut into sentence segments (with their line edges when asked), and the
    document skeleton they index."""
    segs: list[_Segment] = []
    parts: list[str] = []
    pos = 0
    for bi, block in enumerate(blocks):
        covered, start = 0, pos
        block_segs: list[_Segment] = []
        for m in P.SEGMENT.finditer(block.text):
            sk = _skeleton_text(block.text, m.start(), m.end())
            digits = [pos + d.start() for d in P.DIGIT_LIKE.finditer(sk) if d.group().isdigit()]
            block_segs.append(_Segment(bi, m.start(), m.end(), (pos, pos + len(sk)), digits))
            parts.append(sk)
            pos += len(sk)
            covered += m.end() - m.start()
        if covered != len(block.text):
            raise AssertionError(f"SEGMENT does not tile block {block.id}")
        if not line_edges:
            segs += block_segs
            continue
        edges = tuple(start + e for e in _line_edges(block, "".join(parts[len(parts) - len(block_segs):])))
        segs += [replace(s, edges=tuple(e for e in edges if s.skel[0] <= e <= s.skel[1])) for s in block_segs]
    return segs, "".join(parts)


def _line_edges(block: Block, skel: str) -> list[int]:
    """Offsets in the block's skeleton ``skel`` where its source lines meet.

    Empty when the lines do not spell the text (a stage rewrote it): cuts then
    never rely on line edges.  A line-end hyphen dropped by the join is allowed.
    """
    edges, pos = [0], 0
    for line in block.lines:
        text = clean_line(line.text)
        sk = _skeleton_text(text, 0, len(text))
        if not sk:
            continue
        if skel.startswith(sk, pos):
            pos += len(sk)
        elif sk[-1] in "-\u00ad\u2010" and skel.startswith(sk[:-1], pos):
            pos += len(sk) - 1
        else:
            return []
        edges.append(pos)
    return edges if pos == len(skel) else []


def dedup_segments(blocks: Sequence[Block], cfg: DedupConfig,
                   line_cuts: bool = False) -> tuple[list[Block], list[Removed]]:
    """Remove text already kept earlier in the document, sentence by sentence.

    A segment (sentence) goes when ``segment_coverage`` of its characters and all
    its digits lie in ``segment_window``-character windows of earlier kept text;
    inside a kept segment, covered runs of at least ``segment_min_run``
    characters go (never splitting a word or number).  With ``line_cuts`` (text
    dumps), so do shorter runs of at least ``segment_window`` characters that
    are whole source lines of the block: a doubled spread in a dump repeats line
    for line, while a phrase restated inside a new sentence rarely fills whole
    lines, so it stays.  PDF blocks do not get line cuts: their spreads are
    undone by geometry, and one visual line equal to text seen before (a table
    row, a speaker's name in a programme) is too often content.  A run is text
    seen in one piece: windows seen in two places that merely touch do not join.  Only text seen before is removed, so text that occurs once
    stays, up to the ``1 - segment_coverage`` rest of a removed sentence.

    Returns:
        Kept blocks (trimmed ones rebuilt with ``dataclasses.replace`` and flagged
        ``dedup_trimmed``) and the removals: a whole block under its own id, a
        removed part as a block ``<id>-s<k>`` with the block's page and bbox.
    """
    segs, skel = _segments(blocks, line_cuts)
    codes = np.frombuffer(skel.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    hashes = window_hashes(codes, cfg.segment_window).tolist()
    seen: dict[int, int] = {}
    stream = _Stream()
    cuts: dict[int, list[tuple[_Segment, _Cut]]] = {}
    for seg in segs:
        a, b = seg.skel
        if a == b:
            continue
        numbers_seen = _numbers_seen(seg.digits, hashes, seen, cfg.segment_window)
        chosen = _choose_cuts(seg, _covered_runs(a, b, hashes, seen, cfg.segment_window), cfg, numbers_seen)
        chosen = [c for c in chosen if c.skel[1] - c.skel[0] >= cfg.segment_min_run or c.skel == seg.skel
                  or _line_aligned(seg, c, hashes, seen, cfg.segment_window)]
        cuts.setdefault(seg.block, []).extend((seg, cut) for cut in chosen)
        stream.remember(_complement(a, b, chosen), hashes, seen, seg.block, cfg.segment_window)
    kept: list[Block] = []
    removed: list[Removed] = []
    for bi, block in enumerate(blocks):
        new, gone = _apply_cuts(block, cuts.get(bi, []), blocks)
        kept += [new] if new is not None else []
        removed += gone
    return kept, removed


def _covered_runs(a: int, b: int, hashes: list[int], seen: dict[int, int], n: int) -> list[_Cut]:
    """Runs of ``[a, b)`` seen in one piece: windows kept before at consecutive positions.

    Windows seen in different places may overlap or touch without the text between
    them ever having been seen; such runs stay apart (they may overlap).
    """
    runs: list[_Cut] = []
    last = -2
    for i in range(max(0, a - n + 1), min(b, len(hashes))):
        src = seen.get(hashes[i])
        if src is None:
            continue
        s, e = max(i, a), min(i + n, b)
        if runs and i == last + 1:
            runs[-1].skel = (runs[-1].skel[0], e)
            runs[-1].sources[src] += 1
        else:
            runs.append(_Cut((s, e), Counter({src: 1})))
        last = i
    return runs


def _union_length(runs: list[_Cut]) -> int:
    """Characters covered by runs sorted by start (overlaps counted once)."""
    total, end = 0, -1
    for r in runs:
        s, e = r.skel
        total += max(0, e - max(s, end))
        end = max(end, e)
    return total


def _numbers_seen(digits: list[int], hashes: list[int], seen: dict[int, int], n: int) -> bool:
    """Every number of the segment (a run of digit offsets) lies whole inside one window seen before.

    Covering each digit is not enough: "line 10" is not "line 1" and "line 0" seen apart.
    """
    runs: list[list[int]] = []
    for d in digits:
        if runs and d == runs[-1][1]:
            runs[-1][1] = d + 1
        else:
            runs.append([d, d + 1])
    for s, e in runs:
        starts = range(max(0, e - n), min(s, len(hashes) - 1) + 1)
        if e - s > n or not any(hashes[i] in seen for i in starts):
            return False
    return True


def _choose_cuts(seg: _Segment, runs: list[_Cut], cfg: DedupConfig, numbers_seen: bool = True) -> list[_Cut]:
    """The whole segment when covered enough (every number seen whole), else its runs long
    enough to cut: ``segment_min_run`` characters, or ``segment_window`` trimmed to line edges."""
    a, b = seg.skel
    covered = _union_length(runs)
    if runs and covered >= cfg.segment_coverage * (b - a) and numbers_seen:
        return [_Cut((a, b), sum((r.sources for r in runs), Counter()), covered / (b - a))]
    return [r if r.skel[1] - r.skel[0] >= cfg.segment_min_run else _to_line_edges(seg, r) for r in runs]


def _to_line_edges(seg: _Segment, run: _Cut) -> _Cut:
    """The run shrunk to the whole source lines inside it (empty when none)."""
    s, e = run.skel
    inner = [x for x in seg.edges if s <= x <= e]
    if len(inner) < 2:
        return _Cut((s, s), run.sources, run.share)
    return _Cut((inner[0], inner[-1]), run.sources, run.share)


def _line_aligned(seg: _Segment, cut: _Cut, hashes: list[int], seen: dict[int, int], n: int) -> bool:
    """A short cut that spans whole source lines, at least one window long, with its numbers seen whole.

    Text dumps of doubled spreads repeat line for line; a phrase restated inside a
    new sentence rarely fills whole lines, so it stays.
    """
    s, e = cut.skel
    if e - s < n:
        return False
    return _numbers_seen([d for d in seg.digits if s <= d < e], hashes, seen, n)


def _complement(a: int, b: int, chosen: list[_Cut]) -> list[tuple[int, int]]:
    """``[a, b)`` minus the cuts (sorted, inside it)."""
    out, pos = [], a
    for cut in chosen:
        out.append((pos, cut.skel[0]))
        pos = max(pos, cut.skel[1])
    out.append((pos, b))
    return [(p, q) for p, q in out if q > p]


@dataclass(slots=True)
class _Stream:
    """Where the kept text stands: windows are remembered once, only inside kept stretches."""

    next_window: int = 0
    kept_from: int = 0
    kept_end: int = -1

    def remember(self, intervals: list[tuple[int, int]], hashes: list[int], seen: dict[int, int],
                 block: int, n: int) -> None:
        for p, q in intervals:
            if p != self.kept_end:
                self.kept_from = p
            for i in range(max(self.next_window, self.kept_from), q - n + 1):
                seen.setdefault(hashes[i], block)
            self.next_window = max(self.next_window, q - n + 1)
            self.kept_end = q


def _raw_span(block: Block, seg: _Segment, cut: _Cut) -> tuple[int, int]:
    """The block-text span of a cut: the whole segment, or the run shrunk to word edges."""
    if cut.skel == seg.skel:
        return seg.start, seg.end
    s, e = cut.skel[0] - seg.skel[0], cut.skel[1] - seg.skel[0]
    text = block.text
    raw = _skeleton(text, seg.start, seg.end)[1]  # block-text offset of each skeleton character
    a, b = raw[s], raw[e - 1] + 1
    while a < b and a > 0 and P.WORD_CHAR.match(text[a - 1]) and P.WORD_CHAR.match(text[a]):
        a += 1
    while b > a and b < len(text) and P.WORD_CHAR.match(text[b - 1]) and P.WORD_CHAR.match(text[b]):
        b -= 1
    return (a, b) if 2 * (b - a) >= raw[e - 1] + 1 - raw[s] else (a, a)


def _apply_cuts(block: Block, block_cuts: list[tuple[_Segment, _Cut]],
                blocks: Sequence[Block]) -> tuple[Block | None, list[Removed]]:
    """The block without its cuts (None when nothing readable is left) and the removals."""
    spans = _merge_spans(block, [(*_raw_span(block, seg, cut), cut) for seg, cut in block_cuts])
    if not spans:
        return block, []
    parts, gone, pos = [], [], 0
    for k, (a, b, cut) in enumerate(spans):
        parts.append(block.text[pos:a])
        pos = b
        piece = replace(block, id=f"{block.id}-s{k}", text=block.text[a:b].strip(), lines=())
        gone.append(_removed(piece, REPEATED, blocks[cut.sources.most_common(1)[0][0]], cut.share))
    text = P.HSPACE.sub(" ", "".join(parts) + block.text[pos:]).strip()
    if P.HAS_CONTENT.search(text):
        return replace(block, text=text, flags=block.flags + (TRIMMED,)), gone
    main = max(spans, key=lambda s: s[1] - s[0])[2]
    return None, [_removed(block, REPEATED, blocks[main.sources.most_common(1)[0][0]], main.share)]


def _merge_spans(block: Block, spans: list[tuple[int, int, _Cut]]) -> list[tuple[int, int, _Cut]]:
    """Sorted non-empty spans, touching ones (only space between) merged into one cut."""
    out: list[tuple[int, int, _Cut]] = []
    for a, b, cut in sorted((s for s in spans if s[1] > s[0]), key=lambda s: s[0]):
        if out and not block.text[out[-1][1]:a].strip():
            pa, pb, prev = out[-1]
            n1, n2 = prev.skel[1] - prev.skel[0], cut.skel[1] - cut.skel[0]
            share = (prev.share * n1 + cut.share * n2) / (n1 + n2)
            out[-1] = (pa, max(pb, b), _Cut((prev.skel[0], cut.skel[1]), prev.sources + cut.sources, share))
        else:
            out.append((a, b, cut))
    return out


# --- corpus join -------------------------------------------------------------------

def block_signatures(blocks: Sequence[Block], cfg: DedupConfig) -> list[tuple[str, list[int]]]:
    """Band keys of each block with at least ``min_shingles`` shingles: ``[(block_id, [key per band])]``."""
    ids, keys = block_keys(blocks, cfg)
    return list(zip(ids, keys.tolist()))


def block_keys(blocks: Sequence[Block], cfg: DedupConfig) -> tuple[list[str], np.ndarray]:
    """:func:`block_signatures` as the block ids and one row of ``bands`` uint64 keys per block."""
    seen: dict[str, list[str]] = {}
    toks = [seen[b.text] if b.text in seen else seen.setdefault(b.text, tokens(b.text)) for b in blocks]
    arrays = [(b.id, a) for b, a in zip(blocks, shingle_arrays(toks, cfg.shingle)) if len(a) >= cfg.min_shingles]
    if not arrays:
        return [], np.zeros((0, cfg.bands), dtype=np.uint64)
    return [bid for bid, _ in arrays], band_keys(signatures([a for _, a in arrays], cfg), cfg)


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

