"""Dedup tokens, hashed shingles, MinHash signatures and LSH band keys.

Normalisation is NFKC + casefold; tokens are single CJK characters, numbers and
Latin-style words; punctuation and space are no tokens; digits are kept.
Shingles are ``k`` neighbouring tokens hashed to 32 bits; a block with fewer
than ``k`` tokens makes one shorter shingle.

Signatures equal datasketch's ``MinHash.bulk`` (scheme ``affine32``) value for
value, and band keys give the candidates of ``MinHashLSH(params=(bands, rows))``;
both are computed in batches with numpy, because the datasketch objects (bulk +
LeanMinHash + LSH query and insert) cost ~200 µs a block here; the tests check
the equality.

Limits: Latin text is compared word by word, so scattered typos (OCR noise)
above ~2% of characters hide a near duplicate; an empty shingle set has no
signature (:func:`signatures` raises); band keys agree up to 64-bit hash
collisions; token hashes are remembered for at most ``TOKEN_CACHE`` tokens, and
each character met keeps its class and hash in per-code-point arrays (~11 MB
reserved, pages mapped as code points are met).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

import numpy as np
import xxhash
from datasketch import MinHash

from .. import patterns as P
from ..config import DedupConfig

TOKEN_CACHE = 1 << 20  # distinct tokens whose hash is remembered
LEARN_SCATTER = 1 << 14  # unknown characters in a batch from which they are found by marking, not sorting
BATCH_SHINGLES = 1 << 13  # shingles signed per numpy batch: x num_perm x 4 bytes stays in cache
Signed = dict[str, "np.ndarray | None"]  # text -> its band keys (one uint64 per band); None: under min_shingles
_MIX = np.uint64(0x9E3779B97F4A7C15)
_EMPTY = np.zeros(0, dtype=np.uint32)


# Full-width ASCII forms and the ideographic space, mapped to what NFKC makes of them: CJK text
# fails the NFKC quick check on its punctuation alone, and a table lookup is cheaper than normalising.
_FULLWIDTH = {c: unicodedata.normalize("NFKC", chr(c)) for c in range(0xFF01, 0xFF5F)} | {0x3000: " "}
# The ones most CJK text holds, replaced first with str.replace (a memchr-speed scan; translate
# looks every character up): most text passes the quick check after these alone.
_COMMON_FULLWIDTH = tuple((chr(c), _FULLWIDTH[c]) for c in map(ord, "，：；（）"))


def tokens(text: str) -> list[str]:
    """Dedup tokens: ``"2022年 Revenue，1,234.5" -> ["2022", "年", "revenue", "1,234.5"]``.

    The tokens of ``NFKC(text).casefold()``; the full-width forms are mapped first because the
    result of NFKC depends only on the compatibility-equivalence class, which mapping keeps.
    """
    return P.DEDUP_TOKEN.findall(_normal(text))


def _normal(text: str) -> str:
    """``NFKC(text).casefold()``, by the cheapest way that gives it: ``"营收，Ａ" -> "营收,a"``.

    A text in NFKC already stays; else the common full-width forms are replaced, then all of them
    (each by its NFKC form, which keeps the text's compatibility-equivalence class), and only a text
    still not in NFKC is normalised.
    """
    if not unicodedata.is_normalized("NFKC", text):  # the quick check is ~50x cheaper than normalising
        for wide, narrow in _COMMON_FULLWIDTH:
            text = text.replace(wide, narrow)
        if not unicodedata.is_normalized("NFKC", text):
            text = text.translate(_FULLWIDTH)
            if not unicodedata.is_normalized("NFKC", text):
                text = unicodedata.normalize("NFKC", text)
    return text.casefold()


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


_KINDS = {"cjk": 1, "digit": 2, "letter": 3, "sep": 4}  # P.DEDUP_TOKEN_CLASS's groups; 0: no token
_CJK, _DIGIT, _LETTER, _SEP = _KINDS.values()


class _TokenIds(dict[str, int]):
    """``xxh32`` of each token, remembered (up to ``TOKEN_CACHE`` tokens) because most recur; and,
    by code point, each character's token class and the hash of it as a token of its own, learnt
    as characters are first met (:meth:`learn`).  ``clear()`` forgets both."""

    def __init__(self) -> None:
        super().__init__()
        self.clear()

    def clear(self) -> None:
        super().clear()
        self.known = np.zeros(0x110000, dtype=bool)  # np.zeros: pages of code points never met stay unmapped
        self.kind = np.zeros(0x110000, dtype=np.uint8)
        self.char_id = np.zeros(0x110000, dtype=np.uint64)
        self.digit = np.zeros(0x110000, dtype=bool)  # str.isdigit

    def __missing__(self, token: str) -> int:
        value = xxhash.xxh32_intdigest(token.encode())
        if len(self) < TOKEN_CACHE:
            self[token] = value
        return value

    def learn(self, codes: np.ndarray) -> None:
        """Class (and, for a token character, hash and ``isdigit()``) of each code point in ``codes`` not met before."""
        unknown = codes[~self.known[codes]]
        if len(unknown) > LEARN_SCATTER:  # many (a cold start): marking them is cheaper than sorting them
            mark = np.zeros(len(self.known), dtype=bool)
            mark[unknown] = True
            new = np.flatnonzero(mark)
        else:
            new = np.unique(unknown)
        for c in new.tolist():
            m = P.DEDUP_TOKEN_CLASS.match(chr(c))
            if m is not None:
                self.kind[c] = _KINDS[m.lastgroup or ""]
                self.char_id[c] = xxhash.xxh32_intdigest(chr(c).encode()) if self.kind[c] != _SEP else 0
                self.digit[c] = chr(c).isdigit()
        self.known[new] = True


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
    return _shingles_of_ids(ids, lens, k), ids, np.cumsum(lens) - lens


@dataclass(frozen=True, slots=True)
class TokenBatch:
    """The tokens of many texts, as :func:`token_batch` finds them."""

    ids: np.ndarray  # every token's xxh32 (uint64, as _shingle_batch hashes them), text after text
    counts: np.ndarray  # how many tokens each text has
    joined: str  # the texts' normal forms (NFKC, casefolded) joined by newlines
    spans: np.ndarray  # (2, tokens): where each token starts and ends in ``joined``
    numeric: np.ndarray  # per token: its first character is a digit (str.isdigit)

    def strings(self, index: np.ndarray) -> list[str]:
        """The tokens at ``index`` (positions in the batch) as strings."""
        return [self.joined[s:e] for s, e in zip(*self.spans[:, index].tolist())]


def token_batch(texts: Sequence[str]) -> TokenBatch:
    """The tokens of many texts at once, as :func:`tokens` finds them, without a string per token.

    ``tokens(texts[0]) == token_batch(texts).strings(np.arange(counts[0]))``.  Each character is
    classed (``P.DEDUP_TOKEN_CLASS``) once per process; runs of one class are the tokens, a CJK
    letter is one alone, and a ``.`` or ``,`` between two digits joins them.
    """
    normal = [_normal(t) for t in texts]
    joined = "\n".join(normal)
    codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    _TOKEN_IDS.learn(codes)
    kind = _TOKEN_IDS.kind[codes]
    sep = np.flatnonzero(kind[1:-1] == _SEP) + 1
    kind[sep[(kind[sep - 1] == _DIGIT) & (kind[sep + 1] == _DIGIT)]] = _DIGIT  # "1,234.5": one number
    kind[kind == _SEP] = 0
    change = np.concatenate(([True], kind[1:] != kind[:-1], [True]))  # class differs from the one before
    alone = kind == _CJK  # a token of its own
    first = np.flatnonzero((change[:-1] | alone) & (kind != 0))
    last = np.flatnonzero((change[1:] | alone) & (kind != 0)) + 1
    ids = _TOKEN_IDS.char_id[codes[first]]
    long = np.flatnonzero(last - first > 1)
    if len(long):  # words and numbers of more than one character: by the remembered hashes
        words = [joined[s:e] for s, e in zip(first[long].tolist(), last[long].tolist())]
        ids[long] = np.fromiter(map(_TOKEN_IDS.__getitem__, words), dtype=np.uint64, count=len(words))
    ends = np.cumsum([len(t) + 1 for t in normal], dtype=np.int64)  # each text's end, newline included
    counts = np.diff(np.searchsorted(first, ends), prepend=0)
    return TokenBatch(ids, counts, joined, np.stack((first, last)), _TOKEN_IDS.digit[codes[first]])


def _shingles_of_ids(ids: np.ndarray, lens: np.ndarray, k: int) -> list[np.ndarray]:
    """:func:`shingle_arrays` given the tokens' hashes, block after block, and each block's count."""
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
    return [values[bounds[i]:bounds[i + 1]] for i in range(len(lens))]


def novel_run(toks: Sequence[str], other: np.ndarray, k: int) -> int:
    """Longest run of consecutive tokens of ``toks`` in no shingle that ``other`` (sorted) holds.

    What a block would lose if it went as a copy of the block whose shingles are
    ``other``: an edited word or character makes a run of one or two tokens, a
    sentence the other block lacks makes a run as long as the sentence.
    """
    if len(toks) < k:
        return 0 if np.isin(shingle_array(toks, k), other).all() else len(toks)
    return novel_run_ids(np.fromiter(map(_TOKEN_IDS.__getitem__, toks), dtype=np.uint64, count=len(toks)), other, k)


def novel_run_ids(ids: np.ndarray, other: np.ndarray, k: int) -> int:
    """:func:`novel_run` of a block given its token hashes (as :func:`_shingle_batch` returns them;
    at least ``k`` of them)."""
    return novelty_ids(ids, other, k)[0]


def novelty_ids(ids: np.ndarray, other: np.ndarray, k: int) -> tuple[int, int]:
    """:func:`novel_run_ids`, and how many tokens at the end of the block lie in no shingle ``other``
    holds when its first token lies in one (a copy, then text of its own: a heading glued to the
    paragraph under it), else 0; both from one pass over the block's shingles."""
    covered = _covered(ids, other, k)
    edges = np.flatnonzero(np.diff(np.concatenate(([1], covered.view(np.int8), [1]))))  # uncovered runs' starts, ends
    if not len(edges):
        return 0, 0
    tail = int(edges[-1] - edges[-2]) if covered[0] and edges[-1] == len(ids) else 0
    return int((edges[1::2] - edges[::2]).max()), tail


def _covered(ids: np.ndarray, other: np.ndarray, k: int) -> np.ndarray:
    """Per token, whether a shingle holding it is in ``other`` (sorted); ``len(ids) >= k``."""
    h = ids[: len(ids) - k + 1]
    for j in range(1, k):
        h = h * _MIX + ids[j: len(ids) - k + 1 + j]
    mine = (_fmix64(h) >> np.uint64(32)).astype(np.uint32)
    seen = other[np.minimum(np.searchsorted(other, mine), len(other) - 1)] == mine if len(other) else mine < 0
    # token t lies in shingles t-k+1 .. t: covered when any of them is held by the other block
    return np.convolve(seen.astype(np.int64), np.ones(k, dtype=np.int64))[: len(ids)] > 0


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
