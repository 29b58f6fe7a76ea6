"""The segment pass: text already kept earlier in the document, removed sentence by sentence.

:func:`dedup_segments` removes text already kept earlier in the document (seen
through ``segment_window``-character windows) sentence by sentence, and inside
a sentence (in text dumps) when a verbatim run is at least ``segment_min_run`` characters.
This cleans text dumps, where the two copies of a spread do not split into the
same blocks.  Segments and the skeleton they index come from :mod:`.skeleton`.

Limits: repeats shorter than ``segment_window`` characters are not seen, and
phrases restated inside an otherwise new sentence stay (in text dumps, unless
they reach ``segment_min_run`` characters or fill whole source lines).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from .. import patterns as P
from ..config import DedupConfig
from ..metrics import window_hashes
from ..types import Block, Removed
from .reasons import REPEATED, TRIMMED, _removed
from .skeleton import _Segment, _segments, _skeleton


WORD_MIN = 3  # letters of a Latin word that a PDF repeat's covering text must hold (segments._words_in)


@dataclass(slots=True)
class _Cut:
    skel: tuple[int, int]
    sources: Counter[int]  # block index of the kept text that covered it -> windows
    share: float = 1.0  # share of its characters seen before
    windows: tuple[int, int] = (0, -1)  # first and last window of the run


def dedup_segments(blocks: Sequence[Block], cfg: DedupConfig,
                   dump: bool = False) -> tuple[list[Block], list[Removed]]:
    """Remove text already kept earlier in the document, sentence by sentence.

    A segment (sentence) goes when ``segment_coverage`` of its characters and all
    its numbers and Latin names (:mod:`.facts`) lie in ``segment_window``-character
    windows of earlier kept text; in a PDF, one shorter than ``segment_short`` characters only when it was kept
    before as a sentence of its own or its repeat runs on past it (a list label
    restating a term of an earlier rule stays), and none whose Latin words are not all in the
    blocks that covered it (a rule on lubricating oil after the same rule on fuel oil stays).
    Only text seen before is removed, so text that occurs once stays, up to the
    ``1 - segment_coverage`` rest of a removed sentence.

    With ``dump`` (a text dump, whose geometry is lost: the two copies of a spread
    come glued to new text), parts of a kept segment go too: covered runs of at
    least ``segment_min_run`` characters (never splitting a word or number);
    shorter runs of at least ``segment_window`` characters that are whole source
    lines of the block (a doubled spread repeats line for line, while a phrase
    restated inside a new sentence rarely fills whole lines); and a repeat's tail
    running into a neighbouring segment that goes whole.  PDF blocks keep their
    sentences whole: their spreads are undone by geometry, and a phrase a report
    restates inside a new sentence ("Our Class C stock has been listed on the
    Nasdaq … since April 3, 2014" after the same words about Class A) is content;
    cutting it writes a sentence nobody wrote.  A run is text seen in one piece:
    windows seen in two places that merely touch do not join.

    Returns:
        Kept blocks (trimmed ones rebuilt with ``dataclasses.replace`` and flagged
        ``dedup_trimmed``) and the removals: a whole block under its own id, a
        removed part as a block ``<id>-s<k>`` with the block's page and bbox.
    """
    segs, skel = _segments(blocks, dump)
    codes = np.frombuffer(skel.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    window = window_hashes(codes, cfg.segment_window)
    hashes = window.tolist()
    repeated, recurring = _repeats(window)
    around = _neighbours(segs)
    seen: dict[int, int] = {}
    stream = _Stream(recurring)
    cuts: dict[int, list[tuple[_Segment, _Cut]]] = {}
    whole: set[int] = set()  # segments removed whole
    sentences: set[str] = set()  # skeletons of segments kept whole (the short-sentence rule for PDFs)
    tails: list[tuple[int, int, _Cut]] = []  # (segment, neighbour, run): cut when the neighbour goes whole
    for k, (seg, near) in enumerate(zip(segs, around)):
        a, b = seg.skel
        if a == b:
            continue
        facts_seen = (_numbers_seen(seg.digits, hashes, seen, cfg.segment_window)
                      and _names_seen(seg.names, hashes, seen, cfg.segment_window))
        runs = _covered_runs(a, b, hashes, seen, cfg.segment_window, repeated)
        chosen = _choose_cuts(seg, runs, cfg, facts_seen)
        if chosen and chosen[0].skel == seg.skel and (dump or b - a >= cfg.segment_short or skel[a:b] in sentences
                                                      or _spills(runs, a, b, cfg.segment_window)) \
                and (dump or _words_in(blocks[seg.block].text[seg.start:seg.end], chosen[0].sources, blocks)):
            whole.add(k)
        elif not dump:
            chosen = []
        else:
            chosen = sorted(chosen + _line_cuts(seg, runs, cfg, hashes, seen), key=lambda c: c.skel[0])
            tails += [(k, k + step, run) for step, run in _edge_runs(seg, near, runs, chosen, hashes, seen, cfg)]
        if not dump and k not in whole and b - a < cfg.segment_short:
            sentences.add(skel[a:b])
        cuts.setdefault(seg.block, []).extend((seg, cut) for cut in chosen)
        stream.remember(_complement(a, b, chosen), hashes, seen, seg.block, cfg.segment_window)
    for k, neighbour, run in tails:
        if neighbour in whole:
            cuts[segs[k].block].append((segs[k], run))
    kept: list[Block] = []
    removed: list[Removed] = []
    for bi, block in enumerate(blocks):
        new, gone = _apply_cuts(block, cuts.get(bi, []), blocks)
        kept += [new] if new is not None else []
        removed += gone
    return kept, removed


def _words_in(text: str, sources: Counter[int], blocks: Sequence[Block]) -> bool:
    """Every Latin word of ``text`` (three letters or more) is in a block whose text covered it: in
    a PDF, where a repeat comes out as it was set, a word none of them holds makes another statement
    ('In such lubricating oil systems …' after 'In fuel oil systems …', both rules kept)."""
    words = _words(text)
    return not words or words <= {w for s in sources for w in _words(blocks[s].text)}


def _words(text: str) -> set[str]:
    """The Latin words of ``text`` of ``WORD_MIN`` letters or more, casefolded."""
    return {w.casefold() for w in P.LATIN_WORD.findall(text) if len(w) >= WORD_MIN}


def _covered_runs(a: int, b: int, hashes: list[int], seen: dict[int, int], n: int,
                  repeated: list[int]) -> list[_Cut]:
    """Runs of ``[a, b)`` seen in one piece: windows kept before at consecutive positions.

    Only windows in ``repeated`` (sorted positions whose window occurs earlier in the
    document, see :func:`_repeats`) are looked up: any other was never seen.  Windows
    seen in different places may overlap or touch without the text between them ever
    having been seen; such runs stay apart (they may overlap).
    """
    runs: list[_Cut] = []
    first = last = -2
    srcs: list[int] = []  # source of each window of the current run
    get = seen.get
    for i in repeated[bisect_left(repeated, max(0, a - n + 1)):bisect_left(repeated, min(b, len(hashes)))]:
        src = get(hashes[i])
        if src is None:
            continue
        if i != last + 1:
            if srcs:
                runs.append(_Cut((max(first, a), min(last + n, b)), Counter(srcs), windows=(first, last)))
            first, srcs = i, []
        srcs.append(src)
        last = i
    if srcs:
        runs.append(_Cut((max(first, a), min(last + n, b)), Counter(srcs), windows=(first, last)))
    return runs


def _spills(runs: list[_Cut], a: int, b: int, n: int) -> bool:
    """A run's windows reach past ``[a, b)``: the segment was seen as part of longer text (a
    fragment of a repeat), not only inside a longer sentence of its own."""
    return any(r.windows[0] < a or r.windows[1] + n > b for r in runs)


def _repeats(hashes: np.ndarray) -> tuple[list[int], list[int]]:
    """Sorted window positions whose hash occurs at an earlier position, and at a later one.

    ``[7, 8, 7, 9, 7] -> ([2, 4], [0, 2])``.  A window remembered as kept text is
    looked up only at later positions, so only the first list needs looking up and
    only the second list needs remembering.
    """
    order = np.argsort(hashes, kind="stable")  # equal hashes stay in position order
    same = hashes[order[1:]] == hashes[order[:-1]]
    return np.sort(order[1:][same]).tolist(), np.sort(order[:-1][same]).tolist()


def _neighbours(segs: Sequence[_Segment]) -> list[tuple[tuple[int, int] | None, tuple[int, int] | None]]:
    """Skeleton spans of each segment's previous and next segment in the same block (None at its edges)."""
    out: list[tuple[tuple[int, int] | None, tuple[int, int] | None]] = []
    for k, seg in enumerate(segs):
        prev = segs[k - 1].skel if k and segs[k - 1].block == seg.block else None
        nxt = segs[k + 1].skel if k + 1 < len(segs) and segs[k + 1].block == seg.block else None
        out.append((prev, nxt))
    return out


def _edge_runs(seg: _Segment, around: tuple[tuple[int, int] | None, tuple[int, int] | None],
               runs: list[_Cut], chosen: list[_Cut], hashes: list[int], seen: dict[int, int],
               cfg: DedupConfig) -> list[tuple[int, _Cut]]:
    """Runs at the segment's edges that go on, seen in one piece, over the whole neighbouring
    segment of the block, with ``(-1 | +1, run)`` for the neighbour.

    A sentence ending where a long repeat of a paragraph begins (or beginning where one
    ends) holds that repeat's tail, not a phrase of its own: when the neighbour goes whole,
    the tail goes with it (the caller decides, once the neighbour is judged).  Only runs
    of at least half a window inside the segment, ``segment_min_run`` in all, with their
    numbers seen whole, that leave at least half a window of the segment count (``(2)``
    before a repeated rule stays with it); windows the block itself kept are not text
    seen before it.
    """
    n = cfg.segment_window
    a, b = seg.skel
    prev, nxt = around
    out: list[tuple[int, _Cut]] = []

    def earlier(i: int) -> bool:
        src = seen.get(hashes[i])
        return src is not None and src != seg.block

    def wanted(run: _Cut, total: int) -> bool:
        inside = run.skel[1] - run.skel[0]
        digits = [d for d in seg.digits if run.skel[0] <= d < run.skel[1]]
        return (run not in chosen and 2 * inside >= n and 2 * (b - a - inside) >= n and total >= cfg.segment_min_run
                and _numbers_seen(digits, hashes, seen, n))

    if runs and prev is not None and runs[0].skel[0] == a:
        first = runs[0].windows[0]
        while first > prev[0] and earlier(first - 1):
            first -= 1
        if first <= prev[0] and wanted(runs[0], runs[0].skel[1] - prev[0]):
            out.append((-1, runs[0]))
    if runs and nxt is not None and runs[-1].skel[1] == b:
        last = runs[-1].windows[1]
        while last + n < nxt[1] and last + 1 < len(hashes) and earlier(last + 1):
            last += 1
        if last + n >= nxt[1] and wanted(runs[-1], nxt[1] - runs[-1].skel[0]):
            out.append((1, runs[-1]))
    return out


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

    Covering each digit is not enough: "line 10" is not "line 1" and "line 0" seen apart.  A
    number longer than a window is never taken as seen.
    """
    runs: list[list[int]] = []
    for d in digits:
        if runs and d == runs[-1][1]:
            runs[-1][1] = d + 1
        else:
            runs.append([d, d + 1])
    spans = [(s, e) for s, e in runs]
    return all(e - s <= n for s, e in spans) and _spans_seen(spans, hashes, seen, n)


def _names_seen(names: Sequence[tuple[int, int]], hashes: list[int], seen: dict[int, int], n: int) -> bool:
    """Every Latin name of the segment (a skeleton span) was seen before (:func:`_spans_seen`).

    A sentence that repeats another but for a name ("Class C Capital Stock" after "Class A
    Common Stock") is about something else, as one with a figure replaced is.  (A run cut out
    of a sentence is seen verbatim, names and all: only whole segments need this.)
    """
    return _spans_seen(names, hashes, seen, n)


def _spans_seen(spans: Sequence[tuple[int, int]], hashes: list[int], seen: dict[int, int], n: int) -> bool:
    """Every skeleton span lies whole inside one window seen before; a span longer than a window,
    in windows seen at every position along it."""
    last = len(hashes) - 1
    for s, e in spans:
        if e - s > n:
            if not all(hashes[i] in seen for i in range(s, e - n + 1)):
                return False
        elif not any(hashes[i] in seen for i in range(max(0, e - n), min(s, last) + 1)):
            return False
    return True


def _choose_cuts(seg: _Segment, runs: list[_Cut], cfg: DedupConfig, facts_seen: bool = True) -> list[_Cut]:
    """The whole segment when covered enough (every number and name seen whole), else its runs of at
    least ``segment_min_run`` characters."""
    a, b = seg.skel
    covered = _union_length(runs)
    if runs and covered >= cfg.segment_coverage * (b - a) and facts_seen:
        return [_Cut((a, b), sum((r.sources for r in runs), Counter()), covered / (b - a))]
    return [r for r in runs if r.skel[1] - r.skel[0] >= cfg.segment_min_run]


def _line_cuts(seg: _Segment, runs: list[_Cut], cfg: DedupConfig, hashes: list[int],
               seen: dict[int, int]) -> list[_Cut]:
    """Shorter runs shrunk to the whole source lines inside them, kept when at least one window
    long with their numbers seen whole (none without line edges, i.e. outside text dumps).

    Text dumps of doubled spreads repeat line for line; a phrase restated inside a
    new sentence rarely fills whole lines, so it stays.
    """
    out = []
    for run in runs if seg.edges else ():
        s, e = run.skel
        inner = [x for x in seg.edges if s <= x <= e]
        if e - s >= cfg.segment_min_run or len(inner) < 2 or inner[-1] - inner[0] < cfg.segment_window:
            continue
        digits = [d for d in seg.digits if inner[0] <= d < inner[-1]]
        if _numbers_seen(digits, hashes, seen, cfg.segment_window):
            out.append(_Cut((inner[0], inner[-1]), run.sources, run.share))
    return out


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
    """Where the kept text stands: windows are remembered once, only inside kept stretches.

    Only windows whose hash recurs later (``recurring``, sorted positions) are remembered:
    no other is ever looked up after it is kept (see :func:`_repeats`).
    """

    recurring: list[int]
    next_window: int = 0
    kept_from: int = 0
    kept_end: int = -1

    def remember(self, intervals: list[tuple[int, int]], hashes: list[int], seen: dict[int, int],
                 block: int, n: int) -> None:
        rec = self.recurring
        for p, q in intervals:
            if p != self.kept_end:
                self.kept_from = p
            lo, hi = max(self.next_window, self.kept_from), max(0, q - n + 1)
            if lo < hi:
                window = [hashes[i] for i in rec[bisect_left(rec, lo):bisect_left(rec, hi)]]
                seen.update({h: block for h in window if h not in seen})  # setdefault for each, in one update
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
