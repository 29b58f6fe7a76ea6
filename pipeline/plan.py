"""What chapter evidence proposes: chapter starts in the flat block list, and title lookup.

Shared by ``outline``, ``toc`` and ``chapters``.  A ``Plan`` names its source,
the chapter starts (``Start``: position, title, whether the block there is the
title), and the changes it asks of blocks by position: section headings,
demoted repeats, TOC blocks, headings taken into the title of the chapter above them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .config import ChapterConfig
from .headings import heading_ish
from .titles import titles_match
from .types import Block


@dataclass(frozen=True)
class Start:
    """Where a chapter begins in the flat block list, and whether that block is its title."""

    pos: int
    title: str
    title_block: bool = True
    source: str = ""  # overrides the plan's source for this chapter ("front" for matter the evidence does not name)


@dataclass(frozen=True)
class Plan:
    """Chapter starts plus the block changes the evidence asks for (by position)."""

    source: str
    starts: tuple[Start, ...]
    sections: frozenset[int] = frozenset()
    demoted: frozenset[int] = frozenset()
    toc: frozenset[int] = frozenset()
    named: frozenset[int] = frozenset()  # headings that name the chapter opened right above them (its title holds them)


def find_title(title: str, blocks: Sequence[Block], positions: Sequence[int], cfg: ChapterConfig) -> int | None:
    """The first position whose block is heading-ish and matches ``title``."""
    for pos in positions:
        b = blocks[pos]
        if heading_ish(b, cfg.max_heading_chars) and titles_match(title, b.text, cfg.fuzzy):
            return pos
    return None


def page_positions(blocks: Sequence[Block]) -> dict[int, list[int]]:
    """Block positions by page index."""
    out: dict[int, list[int]] = {}
    for pos, b in enumerate(blocks):
        out.setdefault(b.page, []).append(pos)
    return out


__all__ = ["Start", "Plan", "find_title", "page_positions"]
