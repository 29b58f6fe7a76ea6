"""Measures of a cleaned text that need no ground truth, for manifests and checks.

Also the manifest's ``warnings``: what a reader of the output should know
about a document that was processed anyway (repaired file, skipped pages,
pages without a text layer, garbled text).

What it cannot do: judge whether the text is *right*; recall against the raw
text layer and expectations per document live in the check command.  Garbled
text is seen only through private-use and replacement characters: a font
without a Unicode map whose codes land on ordinary letters ("čćĎĕ") is not caught.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import regex as re

from . import patterns as P
from .types import Page

GARBLED_WARN = 0.02  # share of private-use or replacement characters that flags a document as garbled
SWAPPED_WARN = 0.5  # share of characters that read as byte-swapped ASCII (U+xx00) that flags a document
LISTED_PAGES = 20  # pages named in a warning, at most
_STOP = {
    "en": {"the", "and", "of", "to", "in", "is", "for", "that", "with", "on"},
    "fr": {"le", "la", "les", "et", "des", "du", "une", "est", "pour", "dans"},
    "de": {"der", "die", "und", "das", "ist", "mit", "für", "den", "von", "zu"},
}


def languages(text: str) -> list[str]:
    """Languages with a real share of the text, most first: ``"上海 and the" -> ["zh", "en"]``."""
    han = han_count(text)
    words = [w.lower() for w in P.LATIN_WORD.findall(text)]
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


def prose(markdown: str) -> str:
    """Chapter Markdown without its tables and quoted asides, whose line breaks are structure.

    Paragraphs are blank-line separated; one holding a `` | `` row or starting with ``>`` goes:
    ``"正文\n\n> 929项\n> 累计…\n\n营业收入 | 12\n结算备付金"`` -> ``"正文"``.  What is left is
    paragraphs, where a break between two Han characters is a sentence broken at a line end.
    """
    keep = [p for p in markdown.split("\n\n") if not (p.lstrip().startswith(">") or " | " in p)]
    return "\n\n".join(keep)


def han_count(text: str) -> int:
    """Han characters in ``text``, counted run by run: ``"上海 and 科技" -> 4``."""
    return sum(map(len, P.HAN_RUN.findall(text)))


def per_thousand_han(pattern: re.Pattern[str], text: str) -> float:
    han = han_count(text)
    return 1000.0 * len(pattern.findall(text)) / han if han else 0.0


def odd_share(text: str) -> float:
    """Share of characters that are not letters, digits, marks, spaces or ordinary punctuation."""
    return len(P.ODD_CHARS.findall(text)) / len(text) if text else 0.0


def text_metrics(chapter_texts: Sequence[str]) -> dict[str, float]:
    from .metrics import dup_residue
    text = "\n\n".join(chapter_texts)
    return {
        "chars": len(text),
        "dup_residue_20": round(dup_residue(text, 20), 5),
        "han_space_han_per_1k": round(per_thousand_han(P.HAN_SPACE_HAN, text), 3),
        "han_newline_han_per_1k": round(per_thousand_han(P.HAN_NEWLINE_HAN, prose(text)), 3),
        "odd_char_share": round(odd_share(text), 5),
        "garbled_share": round(garbled_share(text), 5),
    }


def garbled_share(text: str) -> float:
    """Share of private-use or replacement characters: ``"ab\\ue000\\ufffd" -> 0.5``."""
    return len(P.GARBLED.findall(text)) / len(text) if text else 0.0


def document_warnings(meta: Mapping[str, Any], pages: Sequence[Page], chapter_texts: Sequence[str],
                      garbled_max: float = GARBLED_WARN) -> list[dict[str, Any]]:
    """What the manifest warns of, each ``{"code", "message", ...}``, in a fixed order.

    Codes: ``repaired`` (MuPDF rebuilt a broken cross-reference table),
    ``damaged_pages`` (pages that could not be read were skipped),
    ``no_text_layer`` (pages with no text: blank or scanned, no OCR), ``garbled``
    (more than ``garbled_max`` of the text is private-use or replacement
    characters: a font without a Unicode map), ``byte_swapped`` (more than
    ``SWAPPED_WARN`` of it is ASCII read as UTF-16 with its bytes swapped).
    """
    out: list[dict[str, Any]] = []
    if meta.get("repaired"):
        out.append({"code": "repaired", "message": "broken cross-reference table repaired by MuPDF; "
                                                   "text of damaged objects may be missing"})
    errors = meta.get("page_errors") or []
    if errors:
        out.append({"code": "damaged_pages", "message": f"{len(errors)} damaged page(s) skipped",
                    "pages": [e["page"] for e in errors[:LISTED_PAGES]],
                    "first_error": errors[0]["error"]})
    empty = [p.index + 1 for p in pages if "no_text_layer" in p.flags]
    if empty:
        out.append({"code": "no_text_layer", "pages": empty[:LISTED_PAGES],
                    "message": f"{len(empty)} of {len(pages)} pages have no text layer (blank or scanned; no OCR)"})
    text = "\n\n".join(chapter_texts)
    share = garbled_share(text)
    if share > garbled_max:
        out.append({"code": "garbled", "share": round(share, 5),
                    "message": f"{share:.1%} of the text is private-use or replacement characters "
                               f"(font without a Unicode map?)"})
    swapped = swapped_share(text)
    if swapped > SWAPPED_WARN:
        out.append({"code": "byte_swapped", "share": round(swapped, 5),
                    "message": f"{swapped:.1%} of the characters read as ASCII with its bytes swapped "
                               f"(U+4D00 for 'M'): a broken Unicode map; the text is not usable"})
    return out


def swapped_share(text: str) -> float:
    """Share of non-space characters that are ASCII read as UTF-16 with its bytes swapped
    (``U+xx00``, ``xx`` printable): ``"\u4d00\u7500" ("Mu") -> 1.0``.  Real CJK text holds a few
    (``一`` is U+4E00, ``开`` U+5F00, ``最`` U+6700): about 1% of a Chinese report."""
    chars = "".join(text.split())
    if not chars:
        return 0.0
    return len(P.SWAPPED_ASCII.findall(chars)) / len(chars)
