"""Sentence segments of a document and the skeleton text they index, for the segment pass.

The skeleton is the document's text in comparable form: NFKC, casefold, no
whitespace, all blocks one after another.  Each segment (a ``P.SEGMENT`` match,
about a sentence) knows its offsets in its block's text and in the skeleton,
where its digits and Latin names stand, and optionally where its block's source lines meet.

Limits: ``P.SEGMENT`` must tile every block (a broken invariant raises
AssertionError); line edges are empty when a block's lines do not spell its
text (a stage rewrote it), apart from a line-end hyphen dropped by the join.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .. import patterns as P
from ..normalize import clean_line
from ..types import Block
from .facts import name_spans


@dataclass(frozen=True, slots=True)
class _Segment:
    block: int  # index of the block
    start: int  # offsets in the block's text
    end: int
    skel: tuple[int, int]  # offsets in the document skeleton (NFKC, casefold, no whitespace)
    digits: list[int]  # skeleton offsets of digits
    edges: tuple[int, ...] = ()  # skeleton offsets where a source line of the block starts or ends
    names: tuple[tuple[int, int], ...] = ()  # skeleton spans of Latin names (facts.name_spans)


def _skeleton_text(text: str, start: int, end: int) -> str:
    """Comparable form of ``text[start:end]``: :func:`_skeleton` without the offsets."""
    raw = "".join(text[start:end].split())  # drops what ISSPACE_RUN matches (str.isspace), 4x faster than sub
    norm = unicodedata.normalize("NFKC", raw).casefold()
    return norm if len(norm) == len(raw) else _skeleton(text, start, end)[0]


def _skeleton(text: str, start: int, end: int) -> tuple[str, list[int]]:
    """Comparable form of ``text[start:end]`` and the text offset of each of its characters."""
    piece = text[start:end]
    idx = [i for m in P.NOT_ISSPACE_RUN.finditer(piece) for i in range(start + m.start(), start + m.end())]
    raw = "".join(piece.split())
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
        names = list(name_spans(block.text)) if P.NAME_HINT.search(block.text) else []
        k = 0  # names are in text order, as segments are: each segment takes the next ones
        for m in P.SEGMENT.finditer(block.text):
            sk = _skeleton_text(block.text, m.start(), m.end())
            digits = [pos + d.start() for d in P.DIGIT_LIKE.finditer(sk) if d.group().isdigit()]
            first = k
            while k < len(names) and names[k][1] <= m.end():
                k += 1
            inside = [(s, e) for s, e in names[first:k] if s >= m.start()]
            spans = _skeleton_spans(block.text, m.start(), m.end(), sk, inside, pos) if inside else ()
            block_segs.append(_Segment(bi, m.start(), m.end(), (pos, pos + len(sk)), digits, names=spans))
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


def _skeleton_spans(text: str, start: int, end: int, sk: str, spans: list[tuple[int, int]],
                    pos: int) -> tuple[tuple[int, int], ...]:
    """Text spans inside ``text[start:end]`` (whose skeleton is ``sk``, at ``pos``) as skeleton spans."""
    out = []
    idx: list[int] | None = None
    for s, e in spans:
        at = len("".join(text[start:s].split()))  # characters before it, whitespace dropped
        if sk[at:at + e - s] != text[s:e].casefold():  # NFKC changed a length before it: map exactly
            idx = idx if idx is not None else _skeleton(text, start, end)[1]
            at = bisect_left(idx, s)
        out.append((pos + at, pos + at + e - s))
    return tuple(out)


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
