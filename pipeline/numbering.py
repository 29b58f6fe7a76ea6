"""Heading numbering and title shape: parse ``第三章``, ``（一）``, ``1.1``, ``Part II``, glued ``…自强01``.

``numbering(text)`` names a title's numbering style (see ``STYLE_RANK``: part >
chapter > 节/Section/Item > 一、 > （一） > 1 > 1.1 > 1.1.1), its number as plain
digits and the rest of the title; ``title_like`` says whether a text could be
a heading at all (short, letters, no sentence); ``is_matter_title`` recognises
front- and back-matter titles (前言, 目录, Contents).  Pure text functions.

What it cannot do: see numbering with other digits around it ("5G网络1.2"),
tell a ``1.`` list item from a ``1.`` heading (the caller weighs size and
standing), or read numbering beyond four digits or three decimal levels.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import regex as re

from . import patterns as P

# Numbering styles, coarsest first; a document's styles map to levels in this order.
STYLE_RANK = {"part": 0, "chapter": 1, "section": 2, "enum": 3, "paren": 4,
              "decimal1": 5, "decimal2": 6, "decimal3": 7}
MATTER_RANK = -1  # front/back matter titles: always level 1
QUOTE_PAIRS = (("“", "”"), ("《", "》"), ("「", "」"), ("『", "』"), ("«", "»"))  # opening, closing
STRONG_RANK = STYLE_RANK["section"]  # styles up to this rank take a level even when used once
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_PREFIX_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (P.HEADING_EN_PART, "part"), (P.HEADING_EN_CHAPTER, "chapter"), (P.HEADING_EN_SECTION, "section"),
    (P.HEADING_EN_ITEM, "section"), (P.HEADING_CN_PAREN, "paren"), (P.HEADING_CN_ENUM, "enum"),
)
_CN_UNIT_STYLE = {"部分": "part", "篇": "part", "编": "part", "章": "chapter", "节": "section"}


@dataclass(frozen=True)
class Numbering:
    """A title's numbering: its style (see ``STYLE_RANK``), number and the rest of the title."""

    style: str
    number: str  # normalised: "1", "1.1", "1A"
    rest: str  # the title without its numbering
    glued: bool = False  # the number is glued behind the title: "…能力1.1", "…自强01"

    @property
    def rank(self) -> int:
        return STYLE_RANK[self.style]

    @property
    def family(self) -> str:
        """``part`` or ``chapter`` for dedup keys; decimal depths share ``decimal``."""
        return "decimal" if self.style.startswith("decimal") else self.style


def to_number(text: str) -> str:
    """A numbering token as plain digits: ``"十二" -> "12"``, ``"IV" -> "4"``, ``"01" -> "1"``, ``"1a" -> "1A"``."""
    t = unicodedata.normalize("NFKC", text).strip()
    if t.isdigit():
        return str(int(t))
    if t and all(c in _ROMAN for c in t.lower()):
        vals = [_ROMAN[c] for c in t.lower()]
        return str(sum(-v if i + 1 < len(vals) and v < vals[i + 1] else v for i, v in enumerate(vals)))
    if t and all(c in _CN_DIGITS or c in "十百" for c in t):
        return str(_cn_int(t))
    return ".".join(str(int(p)) if p.isdigit() else p for p in t.upper().split("."))


def _cn_int(text: str) -> int:
    """``"二十一" -> 21``, ``"十" -> 10``, ``"一百零五" -> 105``."""
    total, cur = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            cur = _CN_DIGITS[ch]
        else:
            total += (cur or 1) * (10 if ch == "十" else 100)
            cur = 0
    return total + cur


@lru_cache(maxsize=1 << 16)  # headings, chapters and title checks ask about the same texts
def numbering(text: str) -> Numbering | None:
    """The numbering of a title, or None.

    ``"第三章 风险" -> Numbering("chapter", "3", "风险")``;
    ``"强化战略科技力量主体能力1.1" -> Numbering("decimal2", "1.1", "强化战略科技力量主体能力")``;
    an ornament in front is skipped: ``"— Item 2. Properties" -> Numbering("section", "2", "Properties")``.
    """
    t = text.strip()
    bare = P.HEADING_ORNAMENT.sub("", t)
    if bare != t:
        return numbering(bare)
    m = P.HEADING_CN_ORDINAL.match(t)
    if m:
        return Numbering(_CN_UNIT_STYLE[m["unit"]], to_number(m["num"]), t[m.end():].strip())
    for pattern, style in _PREFIX_RULES:
        m = pattern.match(t)
        if m:
            return Numbering(style, to_number(m["num"]), t[m.end():].strip())
    return _decimal_numbering(t)


def _decimal_numbering(t: str) -> Numbering | None:
    """Decimal numbering in front (``"1.1 Scope"``) or glued behind (``"…能力1.1"``, ``"…自强01"``)."""
    m = P.HEADING_DECIMAL_TITLE.match(t)
    if m:
        depth = min(m["num"].count(".") + m["num"].count("．") + 1, 3)
        return Numbering(f"decimal{depth}", to_number(m["num"].replace("．", ".")), t[m.end():].strip())
    m = P.HEADING_SUFFIX_SECTION_NUM.match(t)
    if m:
        return Numbering(f"decimal{min(m['num'].count('.') + 1, 3)}", to_number(m["num"]), m["title"].strip(), True)
    m = P.HEADING_SUFFIX_PART_NUM.match(t)
    if m:
        return Numbering("part", to_number(m["num"]), m["title"].strip(), True)
    return None


def is_matter_title(text: str) -> bool:
    """A front/back-matter title standing alone: ``"INTRODUCTION前言" -> True``, ``"前言部分内容" -> False``."""
    t = text.strip()
    return bool(P.MATTER_TITLE_HAN.match(t) or P.MATTER_TITLE_LATIN.match(t) or P.TOC_TITLE.match(t))


TITLE_WORD = 4  # letters: shorter words ("of", "and", "The") do not count in a title-case check
MAX_TITLE_WORDS = 16  # Latin words: "ITEM 5. MARKET FOR REGISTRANT'S COMMON EQUITY, … SECURITIES" has 15


def _width(text: str) -> float:
    """Length in full-width characters: a CJK character counts 1, any other ½ (Latin letters are
    about half as wide), so a limit suits both scripts: ``"总则" -> 2``, ``"Risk Factors" -> 6``."""
    if len(text) <= 1:
        return float(len(text))
    wide = len(P.CJK.findall(text))
    return wide + (len(text) - wide) / 2


@lru_cache(maxsize=1 << 16)
def title_like(text: str, max_chars: int = 60) -> bool:
    """Whether text could be a heading: short (``max_chars`` full-width characters, see
    :func:`_width`, and at most ``MAX_TITLE_WORDS`` Latin words), some letters, no sentence in it.

    ``"第一章 总则" -> True``; ``"完成了全年目标。" -> False``; ``"929项" -> False`` (a figure);
    ``"Item 1A." -> True`` (only the text after a numbering label is checked for sentences);
    ``"Item 1A. Risk Factors." -> True`` (a strongly numbered title in title case may close with a
    period, as en_lyft_2021_10k.pdf's items do); ``"Item 3. Not applicable." -> False``.
    """
    t = text.strip()
    if not t or len(t) > 2 * max_chars or _width(t) > max_chars or P.PAGE_NUMBER_LINE.match(t):
        return False
    if len(P.LATIN_WORD.findall(t)) > MAX_TITLE_WORDS:
        return False
    if t.count("（") + t.count("(") != t.count("）") + t.count(")") or _open_quote(t):
        return False
    if P.FIGURE_HAN_UNIT.match(t):
        return False
    n = numbering(t)
    rest = n.rest if n is not None else _glued_title(t)
    if n is not None and n.rank <= STRONG_RANK and not n.glued and rest.endswith(".") and _title_case(rest[:-1]):
        rest = rest[:-1]  # "Item 1A. Risk Factors." closes its title with a period
    if len(P.LETTER.findall(t)) < 2 or len(P.LETTER.findall(rest)) < sum(c.isdigit() for c in rest):
        return False
    return not (rest and (P.SENTENCE_INSIDE.search(rest) or P.FIGURE_UNIT.search(rest)))


def _glued_title(text: str) -> str:
    """The title after a decimal section number glued to it (``P.GLUED_SECTION_NUMBER``), else the text:
    ``"9.10内核" -> "内核"``, ``"10.2.3个人备份" -> "个人备份"`` (no figure with its unit); ``"3.5亿元"`` unchanged."""
    m = P.GLUED_SECTION_NUMBER.match(text)
    return text if m is None else text[m.end():]


def _open_quote(text: str) -> bool:
    """A quotation opened and not closed: the title, or the sentence, goes on on the next line
    (``"• Title II, the “Online Copyright Infringement Liability Limitation"``)."""
    return any(text.count(a) > text.count(b) for a, b in QUOTE_PAIRS)


def _title_case(text: str) -> bool:
    """Most words of ``TITLE_WORD`` letters or more start with a capital: ``"Risk Factors" -> True``,
    ``"Disclosure Regarding Foreign Jurisdictions that Prevent Inspections" -> True``,
    ``"Not applicable" -> False``."""
    words = [w for w in P.LATIN_WORD.findall(text) if len(w) >= TITLE_WORD]
    return bool(words) and sum(w[0].isupper() for w in words) * 2 > len(words)


__all__ = ["Numbering", "numbering", "to_number", "is_matter_title", "title_like", "STYLE_RANK", "MATTER_RANK",
           "STRONG_RANK"]
