"""Measures of a cleaned text that need no ground truth, for manifests and checks.

What it cannot do: judge whether the text is *right*; recall against the raw
text layer and expectations per document live in the check command.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex as re

from . import patterns as P

LATIN_WORD = re.compile(r"\p{Latin}+")
HAN_SPACE_HAN = re.compile(r"\p{Han}[ \t\u3000]+(?=\p{Han})")
HAN_NEWLINE_HAN = re.compile(r"\p{Han}\n(?=\p{Han})")
ODD_CHARS = re.compile(r"[^\p{L}\p{N}\p{M}\s\p{P}\p{Sc}\p{Sm}°]")
_STOP = {
    "en": {"the", "and", "of", "to", "in", "is", "for", "that", "with", "on"},
    "fr": {"le", "la", "les", "et", "des", "du", "une", "est", "pour", "dans"},
    "de": {"der", "die", "und", "das", "ist", "mit", "für", "den", "von", "zu"},
}


def languages(text: str) -> list[str]:
    """Languages with a real share of the text, most first: ``"上海 and the" -> ["zh", "en"]``."""
    han = len(P.HAN.findall(text))
    words = [w.lower() for w in LATIN_WORD.findall(text)]
    latin = sum(len(w) for w in words)
    found: list[tuple[int, str]] = []
    if han:
        found.append((han, "zh"))
    if latin:
        scores = {lang: sum(1 for w in words if w in stop) for lang, stop in _STOP.items()}
        best = max(scores, key=lambda k: scores[k])
        found.append((latin // 2, best if scores[best] else "und"))
    total = sum(n for n, _ in found) or 1
    return [lang for n, lang in sorted(found, reverse=True) if n / total >= 0.1]


def per_thousand_han(pattern: re.Pattern[str], text: str) -> float:
    han = len(P.HAN.findall(text))
    return 1000.0 * len(pattern.findall(text)) / han if han else 0.0


def odd_share(text: str) -> float:
    """Share of characters that are not letters, digits, marks, spaces or ordinary punctuation."""
    return len(ODD_CHARS.findall(text)) / len(text) if text else 0.0


def text_metrics(chapter_texts: Sequence[str]) -> dict[str, float]:
    from .metrics import dup_residue
    text = "\n\n".join(chapter_texts)
    return {
        "chars": len(text),
        "dup_residue_20": round(dup_residue(text, 20), 5),
        "han_space_han_per_1k": round(per_thousand_han(HAN_SPACE_HAN, text), 3),
        "han_newline_han_per_1k": round(per_thousand_han(HAN_NEWLINE_HAN, text), 3),
        "odd_char_share": round(odd_share(text), 5),
        "garbled_share": round(len(P.GARBLED.findall(text)) / len(text), 5) if text else 0.0,
    }
