"""Text rules: each a pure ``str -> str`` (or lines -> str) function.

They run in the fixed order of :func:`clean_text`.  What they cannot do: they
see one block's text only, so whether a sentence continues across blocks,
columns or pages is decided in ``order``; and they never guess word breaks
in Latin text glued without spaces.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable

from . import patterns as P

# Ligatures PDF fonts produce that NFC leaves alone: "ﬁ" -> "fi"
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                            "\ufb05": "st", "\ufb06": "st"})


def is_cjk(ch: str) -> bool:
    """True for a Han character or CJK punctuation: ``is_cjk("科") -> True``."""
    return bool(ch) and P.CJK.match(ch) is not None


# First parts of English compounds that keep their hyphen when a line breaks after it
# ("non-financial", "long-term"), when the part after it has COMPOUND_REST letters or more; not
# "high", "part", "ex", "low" ("high-lights", "part-nership", "ex-pected", "low-ering" are breaks)
COMPOUND_FIRST = frozenset({"self", "well", "non", "cross", "year", "long", "short", "full", "half", "all", "mid",
                            "first", "one", "two", "three"})
COMPOUND_REST = 4
_FIRST_TAIL = max(map(len, COMPOUND_FIRST)) + 3  # characters of a line's end that compound_break reads
SHARED_MARKS = "\u2018\u2019\u201c\u201d\u2026\u00b7"  # ‘ ’ “ ” … · : set in CJK and Latin text alike


def cjk_edge(text: str, end: bool) -> bool:
    """Whether the end (or start) of ``text`` is CJK text, judging a shared mark by the character
    beside it: ``cjk_edge("规划“", True) -> True``; ``cjk_edge("works’", True) -> False``."""
    for ch in reversed(text) if end else text:
        if ch not in SHARED_MARKS:
            return is_cjk(ch)
    return bool(text)


def separators_to_space(text: str) -> str:
    """Controls and separators between words become a space: ``"a\\u2028b\\x0bc" -> "a b c"``."""
    return P.SEPARATOR_CONTROLS.sub(" ", text)


def strip_invisible(text: str) -> str:
    """Drop controls, zero-width and bidi marks, soft hyphens, lone surrogates: ``"a\\u200bb" -> "ab"``."""
    return P.INVISIBLE_MORE.sub("", P.INVISIBLE.sub("", text))


def unligature(text: str) -> str:
    """Spell out typographic ligatures: ``"ﬁnance" -> "finance"``."""
    return text.translate(_LIGATURES)


def squeeze_spaces(text: str) -> str:
    """One space for any run of horizontal space: ``"a \\u3000 b" -> "a b"``."""
    return P.ANY_HSPACE.sub(" ", text)


def drop_cjk_spaces(text: str) -> str:
    """No space between two CJK characters: ``"加 强 科 技 ，" -> "加强科技，"``."""
    return P.CJK_SPACE_CJK.sub("", text)


def join_letter_spacing(text: str) -> str:
    """Close up letter-spaced display text: ``"S T R A T E G Y  R E P O R T" -> "STRATEGY REPORT"``.

    Only whole lines of single letters qualify, so "a b c test" stays as it is.
    """
    stripped = text.strip()
    if not P.LETTER_SPACED_LATIN.match(stripped):
        return text
    words = [w.replace(" ", "") for w in stripped.split("  ") if w.strip()]
    return " ".join(w.strip() for w in words)


@functools.lru_cache(maxsize=1 << 16)
def clean_line(text: str) -> str:
    """One physical line made clean: NFC, no controls, invisibles or ligatures, spaces folded.

    ``"加 强 科 技\\u200b  领域 " -> "加强科技领域"``.  Idempotent: letter spacing is
    closed up once more after spaces are folded (``"a  b  c  d" -> "abcd"``), and
    NFC is applied again after spaces between CJK characters go (Hangul jamo compose).
    Memoised: the stages clean the same line several times.
    """
    text = unicodedata.normalize("NFC", unligature(strip_invisible(separators_to_space(text))))
    text = join_letter_spacing(squeeze_spaces(join_letter_spacing(text)))
    return unicodedata.normalize("NFC", drop_cjk_spaces(text)).strip()


def join_pair(prev: str, nxt: str) -> str:
    """Join two clean lines of one paragraph.

    ``("科技创新", "中心建设") -> "科技创新中心建设"``;
    ``("the inter-", "national") -> "the international"``;
    ``("non-", "European") -> "non-European"``; ``("2022-", "2023") -> "2022-2023"``;
    ``("a", "b") -> "a b"``.  The result is NFC even when ``nxt`` starts with a
    mark or a Hangul jamo that composes with the end of ``prev`` (``("가", "\\u11a8") -> "각"``).
    """
    if not prev:
        return nxt
    if not nxt:
        return prev
    if P.HYPHEN_END.search(prev[-3:]):  # the pattern ends at "$": only the last 3 characters can match
        out = prev[:-1] + nxt if nxt[0].islower() and not compound_break(prev, nxt) else prev + nxt
    elif prev[-1] in "-\u2010/" or cjk_edge(prev, True) or cjk_edge(nxt, False):
        out = prev + nxt
    else:
        out = prev + " " + nxt
    return out if unicodedata.is_normalized("NFC", out) else unicodedata.normalize("NFC", out)


def compound_break(prev: str, nxt: str) -> bool:
    """The word broken at a line end is a hyphenated compound, whose hyphen stays: its first part
    is in ``COMPOUND_FIRST`` and the rest a word of ``COMPOUND_REST`` letters or more:
    ``("its well-", "known") -> True``, ``("the develop-", "ment") -> False``, ``("a cross-", "ing") -> False``."""
    # Only the end of ``prev`` can hold a first part: a letter run cut by the slice is longer than
    # any of them, as is the whole run (searching all of a long paragraph was quadratic in join_lines).
    word, rest = P.LAST_WORD_PART.search(prev[-_FIRST_TAIL:]), P.FIRST_LETTERS.match(nxt)
    return bool(word and rest) and word[1].lower() in COMPOUND_FIRST and len(rest[0]) >= COMPOUND_REST


def join_lines(lines: Iterable[str]) -> str:
    """Join a paragraph's physical lines into one line of text.

    ``["上海科技创新工", "作坚持", "Growth was", "strong."] -> "上海科技创新工作坚持Growth was strong."``
    """
    out = ""
    for raw in lines:
        out = join_pair(out, clean_line(raw))
    return out


def bullet_glyph(text: str) -> str:
    """A leading private-use bullet glyph (Symbol, Wingdings) written as ``•``: ``"\\uf0b7Growth" -> "• Growth"``."""
    return P.PUA_BULLET.sub("• ", text, count=1)


def ends_sentence(text: str) -> bool:
    """Whether a paragraph's text ends a sentence: ``"完成。" -> True``, ``"上海科技" -> False``."""
    return bool(P.SENTENCE_END.search(text.rstrip()[-2:]))  # "$"-anchored: only the end can match


def closes_sentence(text: str) -> bool:
    """Whether text ends with a sentence's stop, perhaps inside brackets or quotes: ``"grew.)" ->
    True``; a title closing with a bracket does not: ``"1.3 External Calibration (EC)" -> False``
    (:func:`ends_sentence` counts a closing bracket as an end)."""
    return bool(P.SENTENCE_STOP.search(text.rstrip()))


def clean_text(text: str) -> str:
    """The rules in order on a multi-line text, keeping line breaks as they are."""
    return "\n".join(clean_line(ln) for ln in text.split("\n"))

