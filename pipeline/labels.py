"""Chapter titles that only label the chapters under them: a 10-K's "PART I" over "Item 1. Business".

A chapter title numbered in a strong style (Part, Chapter, Section, Item, 第X章) with no text of
its own before its first section heading, itself numbered in a strong style, is a label: the
sections are the units ("PART I" heads Items 1 to 4, each the size of a chapter, as EDGAR-CORPUS
splits a 10-K).  When at least half the chapters of the plan that have sections are such labels
(and at least ``MIN_LABELS``; Alphabet's 10-K pages 18-21 have 'PART I' over 'ITEM 1A RISK
FACTORS', and 'PART II' over text, its 'ITEM 5' heading gone as a repeat of a running head),
the plan is rewritten: each section numbered like the labels' first ones starts a chapter; a
label's first one (with its name, when it is only a number over its name: "Item 5." over "Market
for …") names the label's chapter ("PART I ITEM 1A RISK FACTORS"), so the
label stays, as the prefix of the first chapter it heads; only chapters numbered in a strong style
give up their sections (an exhibit's 'Section 1.06 …' after Uber's 'Signatures' stays a section); a
part with text of its own before its first section (NVIDIA's "Part III", whose items are incorporated by reference) keeps a chapter for
that text; headings under the new chapters move up a level.  When most parts have text of their
own (an introduction), the chapters stay as they are, in the whole document.

Limits: decided once per document; only a section right under its label (no text or asides may
stand between them, only deeper headings) makes the label; unnumbered sections never start chapters.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from .numbering import STRONG_RANK, numbering
from .pieces import is_text
from .plan import Plan, Start
from .titles import clean_title
from .types import HEADING, Block

MIN_LABELS = 1  # a document needs this many labels before its sections become its chapters


def promote_labelled(plan: Plan, blocks: Sequence[Block]) -> tuple[Plan, list[Block]]:
    """The plan with labelled sections as chapters, and the blocks with the headings under them a level up.

    Args:
        plan: chapter starts, applied to ``blocks`` (sections are level-2 headings).
        blocks: blocks in reading order.
    Returns:
        ``plan`` and ``blocks`` unchanged unless every chapter with sections is a label (see the module).
    """
    bounds = [s.pos for s in plan.starts] + [len(blocks)]
    labels: dict[int, int] = {}  # label start pos -> its first section's pos
    headed: list[int] = []  # starts with sections under them
    for k, s in enumerate(plan.starts):
        if not s.title_block or s.source or not any(_section(blocks[p]) for p in range(s.pos + 1, bounds[k + 1])):
            continue
        headed.append(s.pos)
        first = _label_of(blocks, s.pos, bounds[k + 1])
        if first is not None:
            labels[s.pos] = first
    if len(labels) < MIN_LABELS or len(labels) * 2 < len(headed):
        return plan, list(blocks)
    style = Counter(_strong(blocks[p].text) for p in labels.values()).most_common(1)[0][0]
    return _promoted(plan, blocks, labels, set(headed), style)


def _section(block: Block) -> bool:
    return block.kind == HEADING and block.level == 2


def _strong(text: str) -> str:
    """The numbering style of a title numbered in a strong style ("section" for "Item 1A."), else ``""``."""
    n = numbering(text)
    return n.style if n is not None and n.rank <= STRONG_RANK else ""


def _label_of(blocks: Sequence[Block], pos: int, end: int) -> int | None:
    """The position of the first section when the chapter title at ``pos`` labels it (see the module)."""
    nxt = next((p for p in range(pos + 1, end) if is_text(blocks[p]) or blocks[p].kind != HEADING
                or blocks[p].level <= 2), None)
    if nxt is None or not _section(blocks[nxt]) or not _strong(blocks[pos].text) or not _strong(blocks[nxt].text):
        return None
    return nxt


def _promoted(plan: Plan, blocks: Sequence[Block], labels: dict[int, int], headed: set[int],
              style: str) -> tuple[Plan, list[Block]]:
    """Sections numbered in ``style`` under the ``headed`` starts numbered in a strong style as chapter
    starts, a label's first one named in its title; deeper headings there a level up."""
    bounds = [s.pos for s in plan.starts] + [len(blocks)]
    starts: list[Start] = []
    out = list(blocks)
    named: set[int] = set(labels.values())
    for k, s in enumerate(plan.starts):
        first = labels.get(s.pos)
        if first is not None:
            name = _name_of(blocks, first, bounds[k + 1])
            named |= {name} if name is not None else set()
            title = " ".join(blocks[p].text for p in (first, name) if p is not None)
            s = replace(s, title=clean_title(f"{s.title} {title}"))
        starts.append(s)
        if s.pos not in headed or not _strong(blocks[s.pos].text):
            continue  # an unnumbered chapter ('Signatures' over an exhibit's 'Section 1.06 …') keeps its sections
        for p in range(s.pos + 1, bounds[k + 1]):
            b = blocks[p]
            if p != first and _section(b) and _strong(b.text) == style:
                starts.append(Start(p, clean_title(b.text)))
            elif b.kind == HEADING and b.level > 2:
                out[p] = replace(b, level=b.level - 1)
    return replace(plan, starts=tuple(starts), named=plan.named | frozenset(named)), out


def _name_of(blocks: Sequence[Block], first: int, end: int) -> int | None:
    """The position of the unnumbered heading right under a section title that is only a number
    ('Item 5.' over 'Market for Common Equity'): its name, which joins the chapter's title."""
    n = numbering(blocks[first].text)
    nxt = first + 1
    if n is None or n.rest or nxt >= end or blocks[nxt].kind != HEADING or numbering(blocks[nxt].text):
        return None
    return nxt


__all__ = ["promote_labelled", "MIN_LABELS"]
