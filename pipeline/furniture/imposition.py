"""Detect print imposition from page boxes and hidden text, and say why.

Split spreads (Quite Imposing's Splitter and the like): each page carries a
whole spread and the crop box shows one half, so text lies outside the
visible area on most pages and the MediaBox is about twice the visible width.
Extraction already keeps only the visible half; this module records the
finding (kind, evidence) for the manifest.  XMP history from imposition
software is evidence too, never text.

What it cannot do yet: split unsplit 2-up sheets, reorder saddle-stitch
booklets or cut n-up grids (it reports them as ``none``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

HIDDEN_SHARE = 0.2  # a page whose hidden text is this share of its visible text hides a half
PAGES_SHARE = 0.5  # ... on this share of the pages with text


@dataclass(frozen=True)
class PageEvidence:
    """What the extraction saw on one PDF page, enough to judge imposition."""

    number: int
    visible_chars: int
    hidden_chars: int
    visible_width: float
    media_width: float
    hidden_sample: str = ""


def detect(pages: Sequence[PageEvidence], xmp: dict[str, Any]) -> dict[str, Any]:
    """``{"kind": "split_spread" | "none", "evidence": [...], "pages": {...}}``."""
    with_text = [p for p in pages if p.visible_chars or p.hidden_chars]
    hiding = [p for p in with_text if p.hidden_chars >= HIDDEN_SHARE * max(p.visible_chars, 1)]
    wide = [p for p in hiding if p.media_width >= 1.6 * p.visible_width]
    evidence: list[str] = []
    if xmp.get("tools"):
        evidence.append("xmp: " + ", ".join(xmp["tools"]))
    kind = "none"
    if with_text and len(hiding) >= PAGES_SHARE * len(with_text):
        kind = "split_spread"
        evidence.append(f"{len(hiding)} of {len(with_text)} pages hold text outside the crop box "
                        f"({sum(p.hidden_chars for p in hiding)} hidden characters)")
        evidence.append(f"{len(wide)} of those have a MediaBox at least 1.6x the visible width")
    elif hiding:
        evidence.append(f"{len(hiding)} pages hold text outside the crop box (not enough for a split spread)")
    return {"kind": kind, "evidence": evidence, "hidden_pages": [p.number for p in hiding][:50]}
