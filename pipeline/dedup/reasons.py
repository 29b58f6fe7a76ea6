"""The dedup stage's name, its removal reasons, and the removal record every pass writes.

Every removal is a :class:`~pipeline.types.Removed` whose ``detail`` names the
block kept in its place (``kept``) and the similarity that decided it.  This
module holds no logic beyond building that record.
"""

from __future__ import annotations

from ..types import Block, Removed

STAGE = "dedup"
EXACT = "exact_duplicate"
NEAR = "near_duplicate"
CONTAINED = "contained_duplicate"
REPEATED = "repeated_text"
RUN = "repeated_run"  # a text dump's block in a run of blocks copied in order (a doubled spread's table)
TRIMMED = "dedup_trimmed"  # flag on a block that lost repeated text; its ``lines`` still hold all of it


def _removed(block: Block, reason: str, kept: Block, similarity: float) -> Removed:
    return Removed(block, reason, STAGE, {"kept": kept.id, "similarity": round(float(similarity), 4)})
