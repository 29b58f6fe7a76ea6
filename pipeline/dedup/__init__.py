"""Near-duplicate removal inside one document, and band keys for the corpus join.

The stage in five steps, one module each; this package re-exports their public names:

1. :mod:`.blockpass` -- :func:`dedup_blocks`: exact, near (MinHash + LSH, confirmed by
   exact Jaccard and figures) and contained duplicate blocks.
2. :mod:`.segments` -- :func:`dedup_segments`: text kept earlier in the document removed
   sentence by sentence (segments and skeleton in :mod:`.skeleton`; names as facts in
   :mod:`.facts`).
3. :mod:`.runs` -- :func:`dedup_runs`: in text dumps, runs of blocks copied in order (a doubled
   spread's table cells and labels, too short to be judged alone).
4. :mod:`.headings` -- :func:`repeated_headings`: headings repeated over nothing, last.
5. :mod:`.join` -- :func:`block_signatures`, :func:`find_corpus_duplicates`: band keys as
   plain ints, joined across documents by sort/merge.

Tokens, shingles, signatures and band keys are in :mod:`.minhash`; the stage name and
removal reasons in :mod:`.reasons`.  Each module's docstring states its limits.
"""

from __future__ import annotations

from .blockpass import BUCKET_CAP, CONTAIN_SAMPLE, EST_SLACK, PAIR_CHUNK, dedup_blocks, similar
from .headings import repeated_headings, sole_answers
from .join import (BandRecord, BoilerplateCluster, ChapterPair, CorpusDuplicates, DocPair, Node, band_records,
                   block_keys, block_signatures, candidate_links, chapter_pairs, corpus_clusters,
                   find_corpus_duplicates)
from .minhash import (BATCH_SHINGLES, TOKEN_CACHE, Signed, band_keys, shingle_array, shingle_arrays, shingles, signatures,
                      tokens)
from .reasons import CONTAINED, EXACT, NEAR, REPEATED, RUN, STAGE, TRIMMED
from .runs import dedup_runs, repeated_runs
from .segments import dedup_segments

__all__ = [
    "BATCH_SHINGLES", "BUCKET_CAP", "CONTAIN_SAMPLE", "CONTAINED", "EST_SLACK", "EXACT", "NEAR", "PAIR_CHUNK",
    "REPEATED", "RUN", "STAGE", "TOKEN_CACHE", "TRIMMED",
    "BandRecord", "BoilerplateCluster", "Signed", "ChapterPair", "CorpusDuplicates", "DocPair", "Node",
    "band_keys", "band_records", "block_keys", "block_signatures", "candidate_links", "chapter_pairs",
    "corpus_clusters",
    "dedup_blocks", "dedup_runs", "dedup_segments", "repeated_runs", "repeated_headings", "sole_answers",
    "find_corpus_duplicates",
    "shingle_array", "shingle_arrays", "shingles",
    "signatures", "similar", "tokens",
]
