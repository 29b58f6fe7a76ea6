"""Chapters cut from a plan's starts: front matter, covers, number-only titles, titles handed on.

Blocks before the first start form a front-matter chapter (source ``front``),
titled by their first block when it is a heading, else the document's title.
A title that is only a number (``第1 章``) takes the heading under it as its
name.  A chapter holding nothing but its title hands the title on to the next
chapter as a section heading; on a cover (titles stacked on one page with
geometry, no text but asides between them) the title set largest keeps the chapter and
the others become its sections.

Limits: a cover is recognised only on a page with geometry; the pieces are
built in place (mutable while cutting) and frozen into ``Chapter`` at the end.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from . import patterns as P
from .numbering import STRONG_RANK, numbering
from .plan import Plan
from .titles import clean_title, section_title, title_key
from .toc import FRONT_MATTER
from .types import ASIDE, HEADING, Block, Chapter, Document


@dataclass
class _Piece:
    """A chapter being built: title, its title block (if any), body blocks and source."""

    title: str
    head: Block | None
    body: list[Block]
    source: str


def _pieces(doc: Document, blocks: Sequence[Block], plan: Plan) -> list[_Piece]:
    """Title, title block and body per chapter, front matter first when there is any."""
    starts = sorted(plan.starts, key=lambda s: s.pos)
    pieces = [] if starts[0].pos == 0 else [_front(doc, blocks[: starts[0].pos])]
    for k, s in enumerate(starts):
        end = starts[k + 1].pos if k + 1 < len(starts) else len(blocks)
        head = blocks[s.pos] if s.title_block else None
        kept = range(s.pos + (head is not None), end)
        body = [blocks[p] for p in kept if p not in plan.named]
        body = body if any(map(is_text, body)) else [blocks[p] for p in kept]  # a name over no text stays a heading
        piece = _Piece(printed_title(s.title, head), head, body, s.source or plan.source)
        pieces.append(piece if len(body) < len(kept) else _named(piece))  # a title named already
    return pieces


def printed_title(title: str, head: Block | None) -> str:
    """The chapter's title, or the title block's own text when it holds words the title lacks: the title
    block leaves the body, so an outline's ``"Designer's Guide to Transparency"`` over the printed
    ``"A Designer's Guide to Transparency for Print Output"`` lost ``A`` and ``for Print Output``, and
    ``"Three"`` over ``"3 Three"`` its number.  What :func:`clean_title` strips (dot leaders and the
    page number after them) does not count, nor spaces: a letter-spaced ``"FO U N DAT ION S"`` under
    ``"2: FOUNDATIONS"`` says nothing more.  When only the number is missing, it goes before the title
    as the title spells the rest: ``"TeX Live 概览"`` over ``"2 TEX Live概览"`` -> ``"2 TeX Live 概览"``.
    A list item the entry matched (``"•桌面HowTo"`` for debian-edu's ``"HowTo"``) gives nothing."""
    if head is None or P.BULLET_START.match(head.text):  # a list item the entry matched says nothing of the title
        return title
    printed = clean_title(head.text)
    if title_key(printed) in title_key(title) or not Counter(_words(printed)) - Counter(_words(title)):
        return title
    n = numbering(printed)
    if n is not None and n.rest and printed.endswith(n.rest) and title_key(n.rest) == title_key(title):
        return f"{printed[:-len(n.rest)].strip()} {title}"  # only the number was missing: the entry's spelling
    return printed


def _words(text: str) -> list[str]:
    return P.TITLE_WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def _named(piece: _Piece) -> _Piece:
    """A title that is only a number (``第1 章``, ``Chapter 3``) takes the heading right under it as its name:
    ``"第1章 人工智能概述"``; that heading is then part of the title, not of the body.  A heading numbered
    itself is the first section, not the name ("Part II" over "Item 5. Market for …")."""
    n = numbering(piece.head.text) if piece.head is not None else None
    if n is None or n.rest or not piece.body or piece.body[0].kind != HEADING or numbering(piece.body[0].text):
        return piece
    name = piece.body[0]
    if title_key(name.text) in title_key(piece.title):  # an outline's title already holds the name
        return _Piece(piece.title, piece.head, piece.body[1:], piece.source)
    return _Piece(clean_title(f"{piece.title} {name.text}"), piece.head, piece.body[1:], piece.source)


def _front(doc: Document, blocks: Sequence[Block]) -> _Piece:
    """The leading blocks: titled by their first block when it is a heading, else the doc title."""
    if blocks[0].kind == HEADING:
        return _Piece(clean_title(blocks[0].text), blocks[0], list(blocks[1:]), "front")
    return _Piece(meta_title(doc) or FRONT_MATTER, None, list(blocks), "front")


def _merge_empty(pieces: list[_Piece], cover: Callable[[_Piece, _Piece], bool]) -> list[_Piece]:
    """A chapter holding no text but headings (and asides: a cover's edition box), on a cover: the
    next chapter joins it (its title as a section); a chapter holding nothing but its title hands
    it on to the next one as a section; a numbered chapter before its numbered sibling stays, empty
    or not (:func:`_siblings`)."""
    out: list[_Piece] = []
    carry: list[Block] = []
    for k, p in enumerate(pieces):
        p.body = carry + p.body
        carry = []
        if k + 1 == len(pieces) or any(map(is_text, p.body)) or _siblings(p, pieces[k + 1]):
            out.append(p)
        elif cover(p, pieces[k + 1]):
            _join_cover(p, pieces[k + 1])
        elif not p.body:
            carry = [_as_section(p.head)] if p.head is not None else []
        else:
            out.append(p)
    return out


def _siblings(p: _Piece, nxt: _Piece) -> bool:
    """Two titles numbered in one style with names and different numbers ("Item 6. [Reserved]" over
    "Item 7. Management's Discussion…", "第一章 总则" over "第二章 …"), or a named title numbered in a
    strong style over one numbered in a coarser style (en_lyft_2021_10k.pdf's "Item 14. Principal
    Accounting Fees and Services" over "PART IV", the label of Item 15's chapter): chapters of their
    own, even an empty one, never a cover's stack of titles."""
    if p.head is None or nxt.head is None:
        return False
    a, b = numbering(p.head.text), numbering(nxt.head.text)
    if not (a and b and a.rest):
        return False
    if a.family == b.family:
        return bool(b.rest) and a.number != b.number
    return b.rank < a.rank <= STRONG_RANK


def is_text(block: Block) -> bool:
    """Text under a title: anything but headings and asides (a cover's edition box is no text)."""
    return block.kind not in (HEADING, ASIDE)


def _join_cover(p: _Piece, nxt: _Piece) -> None:
    """``nxt`` becomes the cover chapter: the title set largest keeps it, the other turns section heading."""
    assert p.head is not None and nxt.head is not None
    n = numbering(p.head.text)
    if n is not None and not n.rest:  # "第1 章" over its name: one title of two blocks
        nxt.body = p.body + nxt.body
        nxt.title, nxt.head, nxt.source = clean_title(f"{p.title} {nxt.title}"), p.head, p.source
    elif p.head.size >= nxt.head.size:
        nxt.body = p.body + [_as_section(nxt.head)] + nxt.body
        nxt.title, nxt.head, nxt.source = p.title, p.head, p.source
    else:
        nxt.body = [_as_section(p.head)] + p.body + nxt.body


def _as_section(block: Block) -> Block:
    return replace(block, kind=HEADING, level=2, text=section_title(block.text))


def _cover_test(doc: Document) -> Callable[[_Piece, _Piece], bool]:
    """Two chapters whose titles stand on the same page with geometry (a cover's stack of titles)."""
    geometry = {p.index for p in doc.pages if p.geometry}

    def cover(a: _Piece, b: _Piece) -> bool:
        return (a.head is not None and b.head is not None and a.head.page == b.head.page
                and a.head.page in geometry)
    return cover


def cut(doc: Document, blocks: Sequence[Block], plan: Plan) -> list[Chapter]:
    """Chapters from the plan's starts, numbered from 1."""
    pieces = [p for p in _merge_empty(_pieces(doc, blocks, plan), _cover_test(doc)) if p.body or p.head]
    return [_chapter(i, p) for i, p in enumerate(pieces, start=1)]


def _chapter(index: int, piece: _Piece) -> Chapter:
    """One Chapter; its pages span the title block and the body."""
    pages = [b.page for b in ([piece.head] if piece.head else []) + piece.body]
    return Chapter(index, piece.title, tuple(piece.body), min(pages), max(pages), piece.source)


def meta_title(doc: Document) -> str:
    """``doc.meta["title"]`` cleaned, or ``""`` when absent, a file name ("report.docx") or a tool's
    placeholder ("Microsoft Word - Document1", "untitled", "Adobe Photoshop PDF")."""
    title = clean_title(str(doc.meta.get("title") or ""))
    return "" if not title or P.JUNK_BOOKMARK.search(title) or P.PLACEHOLDER_TITLE.match(title) else title


__all__ = ["cut", "meta_title", "is_text"]
