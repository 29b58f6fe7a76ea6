"""Detect print imposition, and say why: the manifest's ``imposition`` record.

Split spreads (Quite Imposing's Splitter and the like): each page carries a
whole spread and the crop box shows one half, so text lies outside the
visible area on most pages and the MediaBox is about twice the visible width.
Extraction already keeps only the visible half; :func:`detect` records the
finding.  Unsplit 2-up spreads, saddle-stitch booklets and n-up grids are
cut and ordered by ``sheets`` and ``pageorder`` before blocks are built;
:func:`summarize` joins their plan and order with the split-spread finding,
the imposition metadata (XMP, page-dictionary keys) and the page mapping.
Metadata is evidence only, never text.

What it cannot do: tell which tool imposed a file when it left no metadata.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..pageorder import Order
from ..sheets import WHOLE, Plan
from ..types import Page

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


def kind_of(split: dict[str, Any], decided: Plan, order: Order) -> str:
    """``split_spread``, ``saddle_booklet``, ``spread_2up``, ``nup_grid`` or ``none``."""
    if split.get("kind", "none") != "none":
        return str(split["kind"])
    if decided.grid == WHOLE:
        return "none"
    if decided.grid == (2, 1):
        return "saddle_booklet" if order.model == "booklet" else "spread_2up"
    return "nup_grid"


def mapping(pages: Sequence[Page]) -> list[dict[str, Any]]:
    """Logical page -> source PDF page, region and printed label (pages 1-based, as in every output)."""
    return [{"page": p.index + 1, "pdf_page": p.source_page + 1,
             "region": [round(v, 2) for v in p.region] if p.region else None, "label": p.label} for p in pages]


def summarize(split: dict[str, Any], decided: Plan, order: Order, pages: Sequence[Page],
              metadata: dict[str, Any]) -> dict[str, Any]:
    """The manifest's imposition record: kind, evidence, doubt, grid, order, mapping, metadata.

    ``mapping`` is listed only when imposition was found (otherwise logical
    page i is PDF page i, whole).
    """
    kind = kind_of(split, decided, order)
    marks = sum(1 for p in pages if "trim_from_crop_marks" in p.flags)
    trimmed = sum(1 for p in pages if "trimmed" in p.flags) - marks
    evidence = list(split.get("evidence", ())) + list(decided.evidence) + list(order.evidence)
    if trimmed:
        evidence.append(f"the TrimBox narrowed {trimmed} pages (marks and slugs outside it dropped)")
    if marks:
        evidence.append(f"crop marks gave the trim of {marks} pages without a TrimBox")
    if metadata.get("page_keys"):
        keys = ", ".join(f"{k} on {n} pages" for k, n in metadata["page_keys"].items())
        evidence.append("page dictionaries: " + keys)
    out: dict[str, Any] = {
        "kind": kind, "evidence": evidence, "doubt": list(decided.doubt) + list(order.doubt),
        "grid": list(decided.grid), "order": order.model, "hidden_pages": split.get("hidden_pages", []),
        "metadata": metadata,
    }
    if kind != "none":
        out["mapping"] = mapping(pages)
    return out
