"""Titles: cleaned for a chapter header, compared fuzzily, turned into safe file names.

``clean_title`` strips dot leaders, page numbers and glued numbering suffixes
(``自立自强01``); ``section_title`` writes a glued section number in front
(``主体能力1.1`` -> ``1.1 主体能力``); ``titles_match`` compares two titles after
normalising space, punctuation and width (numbers must agree); ``slugify`` makes
a file name safe on every file system, keeping Han characters.

What it cannot do: match titles that were reworded, or translate between a
title and its English gloss.
"""

from __future__ import annotations

import unicodedata
from difflib import SequenceMatcher

from . import patterns as P
from .normalize import squeeze_spaces, strip_invisible
from .numbering import numbering

CONTAINMENT = 0.6  # a title inside another matches when it holds this share of its characters


def clean_title(text: str) -> str:
    """A chapter title fit for a file header.

    Strips dot leaders and the page number after them, a spaced page number
    after a Han title, a glued part/section number, edge punctuation and
    surplus space; keeps numbering in front.
    ``"强化战略科技力量，支撑高水平科技自立自强01" -> "强化战略科技力量，支撑高水平科技自立自强"``;
    ``"第一章 总则……12" -> "第一章 总则"``; ``"Item 1A. Risk Factors ..... 23" -> "Item 1A. Risk Factors"``;
    ``"Chapter 3" -> "Chapter 3"``; ``"— ITEM 2. PROPERTIES" -> "ITEM 2. PROPERTIES"``.
    Never returns empty for non-blank input.
    """
    t = _tidy(text)
    t = P.DOT_LEADER_TAIL.sub("", t)
    t = P.HAN_TRAILING_PAGE.sub("", t)
    m = P.HEADING_SUFFIX_PART_NUM.match(t) or P.HEADING_SUFFIX_SECTION_NUM.match(t)
    if m:
        t = m["title"]
    t = P.TITLE_EDGE.sub("", t).strip()
    return t or " ".join(text.split())


def _tidy(text: str) -> str:
    """NFC, no invisibles, no ornament in front ("— "), one space per run, none after CJK punctuation
    (``"三、 公司"``); spaces between Han characters are kept."""
    text = squeeze_spaces(unicodedata.normalize("NFC", strip_invisible(text)))
    return P.HEADING_ORNAMENT.sub("", P.CJK_PUNCT_SPACE.sub("", text).strip())


def section_title(text: str) -> str:
    """A section heading as a reader writes it: a glued number in front, leaders and page numbers gone.

    ``"强化战略科技力量主体能力1.1" -> "1.1 强化战略科技力量主体能力"``; ``"Risk Factors ..... 12" -> "Risk Factors"``;
    ``"（一）科学编制“十三五”规划" -> "（一）科学编制“十三五”规划"`` (unchanged); an ornament in front goes:
    ``"— Item 2. Properties" -> "Item 2. Properties"``.
    """
    t = P.DOT_LEADER_TAIL.sub("", _tidy(text))
    m = P.HEADING_SUFFIX_SECTION_NUM.match(t)
    if m:
        return f"{m['num']} {m['title'].strip()}"
    return t or " ".join(text.split())


def title_key(text: str) -> str:
    """Text for fuzzy title comparison: NFKC, casefolded, no spaces, punctuation or symbols.

    ``"第一章、 总则……" -> "第一章总则"``.
    """
    return P.TITLE_NOISE.sub("", unicodedata.normalize("NFKC", text).casefold())


def titles_match(a: str, b: str, threshold: float = 0.85) -> bool:
    """Whether two titles name the same heading, after normalising space and punctuation.

    ``("第一章 总则", "第一章、总则") -> True``; ``("强化…自立自强", "强化…自立自强01") -> True``;
    ``("第一章 总则", "第二章 总则") -> False`` (numbers differ).
    """
    na, nb = numbering(a), numbering(b)
    if na and nb and na.family == nb.family and na.number != nb.number:
        return False
    pairs = [(title_key(clean_title(a)), title_key(clean_title(b)))]
    if (na and nb and na.rest and nb.rest) or (na is None) != (nb is None):
        pairs.append((title_key(na.rest if na else a), title_key(nb.rest if nb else b)))
    return any(_keys_match(x, y, threshold) for x, y in pairs)


def _keys_match(a: str, b: str, threshold: float) -> bool:
    """Equal, one containing most of the other, or similar by difflib ratio."""
    if not a or not b:
        return False
    short, long_ = sorted((a, b), key=len)
    if short in long_ and len(short) >= CONTAINMENT * len(long_):
        return True
    sm = SequenceMatcher(None, a, b, autojunk=False)
    return sm.real_quick_ratio() >= threshold and sm.quick_ratio() >= threshold and sm.ratio() >= threshold


def slugify(title: str, index: int, max_len: int = 60, max_bytes: int = 120) -> str:
    """A chapter file name ``NN-<slug>`` (the caller adds ``.md``), safe on every file system.

    Han and other letters are kept, Latin lower-cased, anything else (path
    separators, ``: * ? " < > |``, controls, punctuation, spaces) becomes one
    ``-``; no leading/trailing dots or hyphens; at most ``max_len`` characters
    and ``max_bytes`` UTF-8 bytes; a Windows device name gets ``_``; never
    empty (``chapter``).  ``("Risk Factors: 2023", 3) -> "03-risk-factors-2023"``;
    ``("../etc", 1) -> "01-etc"``; ``("第一章 总则", 12) -> "12-第一章-总则"``.

    Raises:
        ValueError: ``index`` < 1 (chapters are numbered from 1).
    """
    if index < 1:
        raise ValueError(f"chapter index must be >= 1, got {index}")
    slug = P.SLUG_UNSAFE.sub("-", unicodedata.normalize("NFKC", title).lower()).strip("-.")
    slug = slug[:max_len].encode("utf-8")[:max_bytes].decode("utf-8", "ignore").strip("-.")
    if not slug:
        slug = "chapter"
    if P.WINDOWS_RESERVED.match(slug):
        slug += "_"
    return f"{index:02d}-{slug}"


__all__ = ["clean_title", "section_title", "title_key", "titles_match", "slugify", "CONTAINMENT"]
