"""Latin names in a text: the words that make two similar sentences state different facts.

A capitalised word inside a sentence (``Robert``, ``CAPITAL``) or an identifier
(``asn1_read_value``, ``iPhone``) names something; two sentences alike but for
such a word ("Class A Common Stock" / "Class C Capital Stock") are about
different things.  Both dedup passes treat names like figures.

CJK names cannot be told from other words, so they are not looked for in one
text; two near copies whose only differences are runs of two or more Han
characters each standing for another such run ("上海" / "北京", a subsidiary's
name for another's) are told apart by :func:`renamed`.

Limits: a capitalised word opening a sentence is not taken for a name; a CJK
name of one character, or replaced alongside other edits, is not found.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from difflib import SequenceMatcher

from .. import patterns as P


def name_spans(text: str) -> Iterator[tuple[int, int]]:
    """Offsets of the Latin words of ``text`` that name something.

    ``"Mr. Robert Chen chairs it. The board"`` -> the spans of ``Robert`` and ``Chen``
    (``The`` starts a sentence; ``Mr.`` ends none); ``"call asn1_read_value"`` -> its identifier.
    """
    prev, end = "", -1  # the word before and where it ended (-1: none yet)
    for m in P.NAME_WORD.finditer(text):
        word = m.group()
        if word.islower() and "_" not in word:  # most words: no capital, no underscore, no name
            prev, end = word, m.end()
            continue
        ident = "_" in word or (any(c.isupper() for c in word[1:]) and any(c.islower() for c in word))
        if ident or (word[0].isupper() and not _sentence_start(text, end, m.start(), prev)):
            yield m.start(), m.end()
        prev, end = word, m.end()


def latin_names(text: str) -> Counter[str]:
    """The names of :func:`name_spans`, casefolded and counted.

    ``"Mr. Robert Chen chairs it. The board" -> {"robert": 1, "chen": 1}``.
    """
    return Counter(text[s:e].casefold() for s, e in name_spans(text))


RENAME_MIN = 2  # Han characters on each side of a replacement that may be a name


def renamed(a: Sequence[str], b: Sequence[str]) -> bool:
    """Two token sequences (:func:`~.minhash.tokens`) that differ only where a run of at least
    ``RENAME_MIN`` Han characters stands for another such run: one pattern naming other things.

    ``"公司在上海设立" / "公司在北京设立"`` -> True; a word dropped, added or edited
    (``"新的研发中心" / "研发中心"``, ``"研发" / "研究"``) -> False.
    """
    if not (_own_runs(a, set(b)) and _own_runs(b, set(a))):
        return False  # a word only one side has stands alone, or is no Han character: an edit
    ops = [op for op in SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if op[0] != "equal"]
    return bool(ops) and all(tag == "replace" and _han_run(a[i1:i2]) and _han_run(b[j1:j2])
                             for tag, i1, i2, j1, j2 in ops)


def _own_runs(a: Sequence[str], others: set[str]) -> bool:
    """The tokens of ``a`` missing from ``others`` are Han characters in runs of ``RENAME_MIN`` or
    more, and there are some: the cheap half of :func:`renamed`, which random edits (single
    characters here and there) fail without aligning the two texts."""
    run = count = 0
    for t in [*a, ""]:  # "" closes the last run
        if t and t not in others:
            if not P.HAN.match(t):
                return False
            run += 1
            continue
        if 0 < run < RENAME_MIN:
            return False
        count += run
        run = 0
    return count > 0


def _han_run(tokens: Sequence[str]) -> bool:
    return len(tokens) >= RENAME_MIN and all(P.HAN.match(t) for t in tokens)


def _sentence_start(text: str, end: int, at: int, prev: str) -> bool:
    """The word at ``at`` starts a sentence: the text's first word, or after a stop that is no short
    capitalised abbreviation (``Mr.``, ``Co.``, ``No.``); ``end`` is where the word before ended."""
    if end < 0:
        return not text[:at].strip(" \t\n\"'“‘(")
    gap = text[end:at].rstrip(" \t\n\"'“‘(")
    if not gap or gap[-1] not in ".!?":
        return False
    return not (gap == "." and prev.isalpha() and prev[0].isupper() and len(prev) <= 3)
