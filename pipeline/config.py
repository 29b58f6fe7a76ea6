"""Settings, one frozen dataclass per stage, with a fingerprint.

Defaults live here.  Each dataclass validates itself in ``__post_init__`` and
says how to fix a bad value.  :meth:`Config.fingerprint` hashes every setting
plus the pipeline's format version; it goes into intermediate paths so that a
changed setting never reuses stale results.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from typing import Any

# Bump when a change to the code changes outputs for the same settings.
FORMAT_VERSION = "2"


def _check(cond: bool, msg: str) -> None:
    if not cond:
        raise ValueError(msg)


@dataclass(frozen=True)
class ExtractConfig:
    # A glyph belongs to the visible page when this share of its box lies inside
    # the printed area (0.5 = "the side holding most of its box").
    straddle_share: float = 0.5
    # Narrow the crop box to the trim box when the trim box lies inside it.
    use_trimbox: bool = True
    # Without a TrimBox, infer the trim from crop marks at the page corners.
    use_crop_marks: bool = True

    def __post_init__(self) -> None:
        _check(0.0 < self.straddle_share <= 1.0, "extract.straddle_share must be in (0, 1]; 0.5 keeps glyphs mostly inside")


@dataclass(frozen=True)
class ImpositionConfig:
    split: bool = True  # cut 2-up spreads and n-up grids into logical pages
    reorder: bool = True  # put cut pages in reading order (saddle-stitch booklets)
    gutter_share: float = 0.06  # a gutter is at least this share of a cell's width (or height) ...
    gutter_lines: float = 3.0  # ... and at least this many line heights
    cross_max: float = 0.05  # text across a cut may cover at most this share of the cut's length
    sheet_share: float = 0.6  # share of the sheets with text that must fit a grid to cut them
    agreement: float = 0.6  # share of page numbers an order model must explain, up to an offset
    folio_margin: float = 0.12  # share of a page's height at top and bottom searched for its number

    def __post_init__(self) -> None:
        _check(0 < self.gutter_share < 0.5, "imposition.gutter_share must be in (0, 0.5): a share of the cell")
        _check(self.gutter_lines >= 0, "imposition.gutter_lines must be >= 0 line heights")
        _check(0 <= self.cross_max < 0.5, "imposition.cross_max must be in [0, 0.5)")
        _check(0 < self.sheet_share <= 1, "imposition.sheet_share must be in (0, 1]")
        _check(0 < self.agreement <= 1, "imposition.agreement must be in (0, 1]")
        _check(0 < self.folio_margin < 0.5, "imposition.folio_margin must be in (0, 0.5): a share of the page height")


@dataclass(frozen=True)
class BlockConfig:
    y_tolerance: float = 3.0  # points: spans whose baselines differ by less share a line
    line_gap: float = 0.9  # a vertical gap above this many line heights starts a new block
    x_gap: float = 2.5  # a horizontal gap above this many font sizes splits a line

    def __post_init__(self) -> None:
        _check(self.y_tolerance >= 0, "blocks.y_tolerance must be >= 0 points")
        _check(self.line_gap > 0, "blocks.line_gap must be > 0 (line heights)")


@dataclass(frozen=True)
class FurnitureConfig:
    margin: float = 0.12  # share of page height at top and bottom where heads and feet live
    # ... or deeper, down to where the document's body paragraphs start (up to where they end) on
    # every page, but never past this share (a LaTeX book's heads end at 13.6% of the height);
    # at or below margin, bands stay at margin
    max_margin: float = 0.2
    min_repeat: int = 3  # a head must recur on at least this many pages ...
    min_repeat_share: float = 0.25  # ... and on this share of pages with text
    chart_digit_share: float = 0.6  # a block this share digits/punctuation inside a figure is a label
    numeral_size: float = 2.5  # a bare number this many times the body size is a display numeral
    # Text dumps (no geometry): a running head is a line of at most this many characters ...
    head_max_chars: int = 40
    # ... with at least this many letters once digits are folded ("2022上海科技进步报告": 8)
    head_min_letters: int = 4
    # Imposition history: this many IMPOSITION_WORDS hits ...
    history_min_hits: int = 3
    # ... each within this many lines of the previous one make a run that is removed whole
    history_gap: int = 10

    def __post_init__(self) -> None:
        _check(0 < self.margin < 0.5, "furniture.margin must be in (0, 0.5): a share of the page height")
        _check(0 < self.max_margin < 0.5, "furniture.max_margin must be in (0, 0.5): the deepest margin band, a "
               "share of the page height (at or below furniture.margin, bands never go deeper than margin)")
        _check(self.min_repeat >= 2, "furniture.min_repeat must be >= 2 pages")
        _check(self.head_max_chars >= 4, "furniture.head_max_chars must be >= 4 characters (40 suits reports)")
        _check(self.head_min_letters >= 1, "furniture.head_min_letters must be >= 1 letter")
        _check(self.history_min_hits >= 2, "furniture.history_min_hits must be >= 2 (one hit alone is removed anyway)")
        _check(self.history_gap >= 1, "furniture.history_gap must be >= 1 line")


@dataclass(frozen=True)
class DedupConfig:
    num_perm: int = 128
    # LSH bands x rows: 42 x 3 finds a pair of Jaccard 0.5 with p = 0.996 (knee ~0.29);
    # candidates are confirmed exactly, so a low knee costs only checks.
    bands: int = 42
    rows: int = 3
    shingle: int = 3  # tokens per shingle (CJK characters, numbers or Latin words)
    # Jaccard of shingle sets for a near-duplicate.  0.5 keeps >= 97% of copies with
    # 1-10% of characters edited (tests/test_dedup.py); blocks whose figures differ
    # are never near duplicates, whatever their Jaccard.
    threshold: float = 0.5
    # ... and no more than this share of the shorter block's tokens differ (multiset difference
    # both ways, a substitution counted twice): an edit of 1-10% of the characters changes at
    # most ~23% (tests/test_dedup.py); sentences of one pattern saying different things
    # ('包含配置文件' / '除了配置文件') differ in more, though their shingles meet the threshold.
    near_max_change: float = 0.25
    containment: float = 0.9  # share of a short block's shingles found in a longer one
    # A later block holding this many consecutive tokens the earlier one lacks is no near
    # duplicate (a copy with a new sentence glued on): the segment pass cuts its repeat instead.
    near_novel_run: int = 16
    min_shingles: int = 8  # smaller blocks are deduplicated by exact hash only
    seed: int = 1
    segment_window: int = 20  # characters (no whitespace) per window of seen text
    segment_coverage: float = 0.9  # a sentence this share seen before (all digits too) is removed
    # A verbatim run seen before is cut out of a kept sentence from this many characters.
    # 20 (= segment_window) removes every repeat the window sees, phrases restated on
    # purpose included; longer keeps restated titles and facts inside new sentences.
    segment_min_run: int = 60
    # In a PDF, a sentence shorter than this (characters, no whitespace) goes only when the
    # same sentence was kept before, not when it lies inside a longer one: a list label
    # ("b) Society Certificate (SC)") restating a term of a rule is no copy of the rule.
    segment_short: int = 40
    corpus_min_docs: int = 2  # a block in this many documents is boilerplate
    remove_boilerplate: bool = False  # drop corpus boilerplate after its first occurrence
    corpus_doc_share: float = 0.8  # two documents sharing this share of blocks are near duplicates
    corpus_pair_max_docs: int = 50  # blocks in more documents say nothing about a pair

    def __post_init__(self) -> None:
        _check(self.bands * self.rows <= self.num_perm, "dedup: bands * rows must be <= num_perm")
        _check(0 < self.threshold <= 1, "dedup.threshold must be in (0, 1]")
        _check(0 < self.containment <= 1, "dedup.containment must be in (0, 1]")
        _check(0 < self.near_max_change <= 2, "dedup.near_max_change must be in (0, 2]")
        _check(self.shingle >= 1, "dedup.shingle must be >= 1 token")
        _check(self.near_novel_run >= 1, "dedup.near_novel_run must be >= 1 token")
        _check(self.min_shingles >= 1, "dedup.min_shingles must be >= 1: never sign an empty set")
        _check(self.segment_window >= 4, "dedup.segment_window must be >= 4 characters (20 is usual)")
        _check(0 < self.segment_coverage <= 1, "dedup.segment_coverage must be in (0, 1]")
        _check(self.segment_min_run >= self.segment_window,
               "dedup.segment_min_run must be >= segment_window (a run is made of windows)")
        _check(self.segment_short >= 0, "dedup.segment_short must be >= 0 characters")
        _check(0 < self.corpus_doc_share <= 1, "dedup.corpus_doc_share must be in (0, 1]")
        _check(self.corpus_pair_max_docs >= 2, "dedup.corpus_pair_max_docs must be >= 2")


@dataclass(frozen=True)
class OrderConfig:
    asides: str = "quote"  # "quote": emit after their paragraph as "> " lines; "drop": remove

    def __post_init__(self) -> None:
        _check(self.asides in ("quote", "drop"), "order.asides must be 'quote' or 'drop'")


@dataclass(frozen=True)
class LimitConfig:
    timeout: float = 600.0  # seconds per document
    memory_mb: int = 4096  # address-space limit per document worker (0: none)
    isolate: bool = True  # run each PDF in a child process under these limits
    password: str = ""

    def __post_init__(self) -> None:
        _check(self.timeout > 0, "limits.timeout must be > 0 seconds")


@dataclass(frozen=True)
class ChapterConfig:
    max_heading_chars: int = 60  # a longer block is never a heading (full-width characters: Latin counts ½)
    short_title_chars: int = 24  # text dumps: a standalone line up to this long may be a minor heading
    size_level1: float = 1.6  # font size / body size at or above which a heading is chapter-level
    size_level2: float = 1.25  # ... section-level
    size_level3: float = 1.1  # ... minor (bold body-size text is minor too)
    fuzzy: float = 0.85  # similarity (0..1) of normalised titles for an outline or TOC entry to match a block
    outline_min_match: float = 0.6  # share of top-level outline entries that must match a heading-ish block
    toc_min_match: float = 0.5  # share of printed TOC entries that must match a heading-ish block
    use_outline: bool = True
    use_toc: bool = True

    def __post_init__(self) -> None:
        _check(self.max_heading_chars >= 8, "chapters.max_heading_chars must be >= 8 characters")
        _check(0 < self.short_title_chars <= self.max_heading_chars,
               "chapters.short_title_chars must be in (0, max_heading_chars]")
        _check(self.size_level1 >= self.size_level2 >= self.size_level3 >= 1.0,
               "chapters: need size_level1 >= size_level2 >= size_level3 >= 1.0 (ratios to the body size)")
        _check(0 < self.fuzzy <= 1, "chapters.fuzzy must be in (0, 1]; 0.85 tolerates small OCR/spacing differences")
        _check(0 < self.outline_min_match <= 1, "chapters.outline_min_match must be in (0, 1]")
        _check(0 < self.toc_min_match <= 1, "chapters.toc_min_match must be in (0, 1]")


@dataclass(frozen=True)
class Config:
    extract: ExtractConfig = field(default_factory=ExtractConfig)
    imposition: ImpositionConfig = field(default_factory=ImpositionConfig)
    blocks: BlockConfig = field(default_factory=BlockConfig)
    furniture: FurnitureConfig = field(default_factory=FurnitureConfig)
    dedup: DedupConfig = field(default_factory=DedupConfig)
    order: OrderConfig = field(default_factory=OrderConfig)
    chapters: ChapterConfig = field(default_factory=ChapterConfig)
    limits: LimitConfig = field(default_factory=LimitConfig)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Config:
        parts = {
            "extract": ExtractConfig, "imposition": ImpositionConfig, "blocks": BlockConfig,
            "furniture": FurnitureConfig,
            "dedup": DedupConfig, "order": OrderConfig, "chapters": ChapterConfig, "limits": LimitConfig,
        }
        unknown = set(d) - set(parts)
        _check(not unknown, f"unknown config sections: {sorted(unknown)}; known: {sorted(parts)}")
        return cls(**{k: parts[k](**v) for k, v in d.items()})

    def fingerprint(self) -> str:
        """12 hex digits naming these settings (limits and password excluded)."""
        return _fingerprint(self)

    def with_options(self, **sections: dict[str, Any]) -> Config:
        """A copy with some fields of some sections changed: ``with_options(dedup={"seed": 2})``."""
        return replace(self, **{k: replace(getattr(self, k), **v) for k, v in sections.items()})


@lru_cache(maxsize=32)
def _fingerprint(cfg: Config) -> str:
    """:meth:`Config.fingerprint`, remembered: asked several times per document, ~0.3 ms each."""
    d = cfg.to_dict()
    d.pop("limits")
    from . import __version__
    blob = json.dumps({"v": FORMAT_VERSION, "tool": __version__, "cfg": d}, sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()[:12]
