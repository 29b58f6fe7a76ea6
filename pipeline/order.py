"""Reading order on each logical page, asides set apart, paragraphs joined: the stage's entry points.

Per page with geometry, in this order:

1. blocks whose lines run into another column split (``linefit``), then paragraphs
   and list items split out of blocks that hold several (``paragraphs``);
2. hanging list markers joined to their text, tables collapsed into one
   ``TABLE`` block each (``tables``);
3. key-figure callouts joined with their labels as asides (``asides``);
4. reading order by a recursive XY-cut: spanning blocks cut bands, gutters
   split columns (``columns``);
5. asides marked (side columns, insets, text boxes, pull quotes) and moved
   after the block they belong to (``asides``).

Then, after headings are classified, :func:`merge_paragraphs` joins body
blocks whose sentence continues across line, column and page breaks, holding
asides and tables back until the paragraph closes (``paragraphs``).  With
``OrderConfig.asides == "drop"``, :func:`drop_asides` removes the asides and
returns them as ``Removed(reason="aside")``.

Geometry-less pages (text dumps) keep file order.  What it cannot do: read
vertical CJK text or right-to-left scripts, see a box drawn as a single
rectangle (see ``asides``), or split a table glued into one block.
"""

from __future__ import annotations

from dataclasses import replace

from .asides import classify, mark_key_figures, place
from .blocks import body_size
from .columns import obstacles, read_order
from .config import OrderConfig
from .paragraphs import continues, merge_paragraphs, split_block
from .tables import attach_labels, find_tables
from .types import ASIDE, Block, Document, Page, Removed

ASIDE_REASON = "aside"


def order_document(doc: Document) -> Document:
    """Every page's blocks in reading order, asides placed, ``Block.order`` numbered across the document."""
    pages, n = [], 0
    body = body_size(doc.blocks())
    for page in doc.pages:
        if page.geometry:  # column and order set in one copy
            blocks = tuple(replace(b, column=c, order=n + k) for k, (b, c) in enumerate(_placed(page, body)))
        else:
            blocks = tuple(replace(b, order=n + k) for k, b in enumerate(page.blocks))
        n += len(blocks)
        pages.append(replace(page, blocks=blocks))
    return replace(doc, pages=tuple(pages))


def order_page(page: Page, body: float = 0.0) -> list[Block]:
    """One page's blocks in reading order, tables collapsed, asides marked and placed.

    Args:
        page: a logical page with geometry.
        body: the document's body font size (0 when unknown: no size-based asides).
    Returns:
        New blocks (``column`` set to the block's column in its band), in reading order.
    """
    return [replace(b, column=c) for b, c in _placed(page, body)]


def _placed(page: Page, body: float) -> list[tuple[Block, int]]:
    """``order_page``'s blocks, each with the column to set (a joined aside: that of its first part)."""
    blocks = [item for b in page.blocks for item in split_block(b)]
    blocks = mark_key_figures(find_tables(attach_labels(blocks)), body)
    slots = read_order(blocks, obstacles(page.figures, blocks), body=body)
    marked, anchors = classify(slots, page, body)
    column = {b.id: s.column for b, s in zip(marked, slots)}  # ids are unique on a page (``place`` relies on it)
    return [(b, column[b.id]) for b in place(marked, anchors)]


def drop_asides(doc: Document, config: OrderConfig | None = None) -> tuple[Document, list[Removed]]:
    """Asides taken out when ``config.asides == "drop"`` (recorded with reason ``aside``); else unchanged.

    Returns:
        The document without its asides, and one Removed per aside (stage ``order``).
    """
    cfg = config or OrderConfig()
    if cfg.asides != "drop":
        return doc, []
    removed = [Removed(b, ASIDE_REASON, "order") for b in doc.blocks() if b.kind == ASIDE]
    keep = {b.id for b in doc.blocks() if b.kind != ASIDE}
    return doc.with_blocks(keep), removed


__all__ = ["order_document", "order_page", "drop_asides", "merge_paragraphs", "continues", "ASIDE_REASON"]
