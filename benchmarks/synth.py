"""Generated inputs for the benchmarks: a long report PDF and tiny text dumps.

``long_report(pages)`` lays out a report of at least ``pages`` A5 pages with
the fixtures' layout engine (running heads, page numbers, margin callouts,
charts, part openers) and keeps the first ``pages``.  Its chapters copy the
seed excerpt's structure, but every paragraph is new text drawn from a
character Markov chain over the excerpt (fixed seed), so the report is not
ten copies of one text that dedup would collapse.  Deterministic for given
arguments.

``tiny_dumps(folder, count)`` writes ``count`` small ``.txt`` dumps (a few
lines each, all different) for the scheduling benchmark.

Restrictions: Chinese text only (the excerpt's language); the Markov text is
plausible in its characters, not in its meaning.
"""

from __future__ import annotations

import random
import sys
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pymupdf  # noqa: E402
import regex as re  # noqa: E402

from fixtures import layouts  # noqa: E402
from fixtures.excerpt import PART, ChapterText, Item, ReportText, load_excerpt  # noqa: E402

ORDER = 3  # characters of context in the Markov chain
SECTION_NUMBER = re.compile(r"^\p{Nd}+\.")  # "1.1 强化…" -> renumbered per part


class Markov:
    """A character Markov chain of order ``ORDER`` over some text."""

    def __init__(self, texts: list[str], seed: int) -> None:
        self.next: dict[str, list[str]] = defaultdict(list)
        for text in texts:
            for i in range(len(text) - ORDER):
                self.next[text[i:i + ORDER]].append(text[i + ORDER])
        self.starts = [t[:ORDER] for t in texts if len(t) > ORDER]
        self.rng = random.Random(seed)

    def text(self, length: int) -> str:
        """About ``length`` characters, ending with "。" when the chain allows."""
        out = self.rng.choice(self.starts)
        while len(out) < length or not out.endswith("。"):
            choices = self.next.get(out[-ORDER:])
            if not choices or len(out) > 2 * length + 40:
                out += "。" if not out.endswith("。") else ""
                if len(out) >= length:
                    break
                out += self.rng.choice(self.starts)
                continue
            out += self.rng.choice(choices)
        return out


def _new_item(item: Item, chain: Markov, part: int) -> Item:
    if item.kind in ("body", "lead"):
        return replace(item, text=chain.text(len(item.text)))
    if item.kind == "heading" and SECTION_NUMBER.match(item.text):
        return replace(item, text=SECTION_NUMBER.sub(f"{part}.", item.text))
    return item


def long_text(copies: int, seed: int = 7) -> ReportText:
    """The excerpt's chapters repeated ``copies`` times with fresh paragraphs and part numbers."""
    base = load_excerpt()
    chain = Markov([i.text for c in base.chapters for i in c.items if i.kind in ("body", "lead")], seed)
    roles = [c.role for c in base.chapters]
    first, last = roles.index(PART), len(roles) - 1 - roles[::-1].index(PART)
    front, parts, back = base.chapters[:first], base.chapters[first:last + 1], base.chapters[last + 1:]
    chapters: list[ChapterText] = list(front)
    number = 0
    for copy in range(copies):
        for c in parts:
            number += 1
            chapters.append(replace(c, title=f"{c.title}（{copy + 1}）" if copy else c.title, number=number,
                                    items=tuple(_new_item(i, chain, number) for i in c.items)))
    chapters += back
    return ReportText(base.title, tuple(chapters))


def long_report(pages: int, seed: int = 7) -> bytes:
    """PDF bytes of a generated report of exactly ``pages`` pages (one logical page per PDF page)."""
    copies = 1
    while True:
        doc = layouts.build_doc(long_text(copies, seed))
        if len(doc.pages) >= pages:
            break
        copies = max(copies + 1, int(copies * pages / max(len(doc.pages), 1)) + 1)
    data, _ = layouts.plain(doc)
    pdf = pymupdf.open("pdf", data)
    if pdf.page_count > pages:
        pdf.select(range(pages))
    return pdf.tobytes(garbage=3, deflate=True, no_new_id=True)


def write_long_report(folder: Path, pages: int, seed: int = 7) -> Path:
    path = folder / f"generated-{pages}p.pdf"
    path.write_bytes(long_report(pages, seed))
    return path


TINY_LINES = (
    "第{n}号报告",
    "",
    "本年度第{n}项工作完成情况良好，项目编号{n:05d}，共计{m}个子项。",
    "",
    "Item {n}: revenue grew by {m} percent over the previous year.",
    "",
)


def tiny_dumps(folder: Path, count: int) -> list[Path]:
    """``count`` small, all-different ``.txt`` dumps in ``folder`` (``tiny-00000.txt`` …)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"tiny-{n:05d}.txt"
        path.write_text("\n".join(TINY_LINES).format(n=n, m=(n * 37) % 100 + 1) + "\n", encoding="utf-8")
        paths.append(path)
    return paths
