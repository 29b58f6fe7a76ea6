"""Process one document end to end and write its outputs; failures become data.

:func:`run_document` never raises for a bad input: it returns a status record
(``ok`` or ``failed`` with stage and a one-line reason) and leaves either the
complete output folder or none.  The Luigi tasks call it; so can anyone.

It does not flush the folder to disk (``durable=False``): a batch does that
once per shard, before the shard's done marker (``batch.mark_shard_done``), and
the status records the size of every file written, so a rerun after a power
cut finds a document whose files did not reach the disk (``batch.read_status``).
"""

from __future__ import annotations

import gc
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from . import __version__
from .config import Config
from .corpus import band_lines
from .io import sha256_file
from .isolate import remove_leftovers, run_limited
from .output import chapter_files, corpus_records, kept_blocks, remove_document_folder, write_document_folder
from .process import Result, process
from .quality import document_warnings, languages, text_metrics
from .types import BadInput
from .upright import turn_of


ISOLATE_TEXT_BYTES = 4 << 20  # text dumps smaller than this run in-process (no bombs in plain text)
DUMP_META = ("encoding", "lines", "pagination", "paragraphs", "layout")  # how a text dump was read, in its manifest
GC_YOUNG = 10_000  # allocations between collections of the young generation while a document runs (Python: 700)


def run_document(path: Path, doc_id: str, out: Path, cfg: Config, durable: bool = False) -> dict[str, Any]:
    """Clean ``path`` into ``out/<doc_id>/``; return its status record (with corpus records).

    PDFs (and large text files) run in a child process under ``cfg.limits`` (time, memory),
    so a hostile file fails alone; ``limits.isolate = false`` runs everything in-process.
    An ok status has ``files``: the byte size of every file of the folder.  ``durable=True``
    fsyncs the folder before it is swapped in, for callers with no barrier of their own.
    """
    start = time.perf_counter()
    base = {"doc": doc_id, "source": str(path), "fingerprint": cfg.fingerprint()}
    remove_leftovers(out, doc_id)  # of a run killed while writing this document
    if _isolated(path, cfg):
        _preload(path)
        status = run_limited(lambda: _attempt(path, doc_id, out, cfg, durable),
                             cfg.limits.timeout, cfg.limits.memory_mb)
        if status.get("status") != "ok":
            remove_leftovers(out, doc_id)
            remove_document_folder(out / doc_id)
    else:
        status = _attempt(path, doc_id, out, cfg, durable)
    return {**base, **status, "seconds": round(time.perf_counter() - start, 3)}


def _preload(path: Path) -> None:
    """Import the PDF modules here once, so forked children inherit them (importing PyMuPDF costs ~1 s)."""
    if path.suffix.lower() == ".pdf":
        from . import extract, probe  # noqa: F401


def _isolated(path: Path, cfg: Config) -> bool:
    if not cfg.limits.isolate:
        return False
    try:
        small_text = path.suffix.lower() != ".pdf" and path.stat().st_size < ISOLATE_TEXT_BYTES
    except OSError:
        return False
    return not small_text


def _attempt(path: Path, doc_id: str, out: Path, cfg: Config, durable: bool) -> dict[str, Any]:
    """One try at a document; failures come back as a status, never as an exception."""
    try:
        with _spaced_collections():
            result = process(path, doc_id, cfg)
            status = _write(result, path, doc_id, out, cfg, durable)
    except BadInput as exc:
        remove_document_folder(out / doc_id)
        status = {"status": "failed", "stage": exc.stage, "reason": exc.reason}
    except MemoryError:
        remove_document_folder(out / doc_id)
        status = {"status": "failed", "stage": "limits", "reason": "out of memory"}
    except Exception as exc:  # a bug, but one document must not stop the batch
        remove_document_folder(out / doc_id)
        tb = traceback.extract_tb(exc.__traceback__)[-1]
        status = {"status": "failed", "stage": "internal",
                  "reason": f"{type(exc).__name__}: {str(exc)[:200]} ({Path(tb.filename).name}:{tb.lineno})"}
    return status


@contextmanager
def _spaced_collections() -> Iterator[None]:
    """The cyclic garbage collector run less often (``GC_YOUNG``), then as before.

    A document's stages build hundreds of thousands of short-lived objects (MuPDF's span dicts,
    spans, lines, blocks), freed by reference counting; each collection of the young generation
    walks the ones alive at that moment, and survivors are walked again in the older generations
    (~6% of the CPU time of the dev corpus at Python's default of 700).  Cycles wait a little longer.
    """
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], GC_YOUNG), old[1], old[2])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def _write(result: Result, path: Path, doc_id: str, out: Path, cfg: Config, durable: bool) -> dict[str, Any]:
    files = chapter_files(result.chapters)
    texts = [t for _, t in files]
    langs = languages("\n".join(texts))
    records = corpus_records(doc_id, result.chapters, files, langs[0] if langs else "und")
    manifest = build_manifest(result, path, files, langs, cfg)
    sizes = write_document_folder(out / doc_id, files, manifest, [r.to_dict() for r in result.removed],
                                  kept_blocks(result.chapters), durable)
    return {"status": "ok", "pages": len(result.doc.pages), "chapters": len(files), "files": sizes,
            "removed": result.removed_counts(), "records": records,
            "bands": band_lines(doc_id, [b for ch in result.chapters for b in ch.blocks], cfg.dedup, result.signed)}


def build_manifest(result: Result, path: Path, files: list[tuple[str, str]], langs: list[str],
                   cfg: Config) -> dict[str, Any]:
    meta = result.meta
    return {
        "doc": result.doc.doc_id, "source": {"path": str(path), "sha256": sha256_file(path), "kind": result.doc.kind},
        "pages": len(result.doc.pages), "languages": langs,
        "imposition": meta.get("imposition", {"kind": "none", "evidence": []}),
        "xmp": meta.get("xmp", {}), "metadata": meta.get("metadata", {}),
        "chapters": [{"index": ch.index, "title": ch.title, "file": f"chapters/{name}", "source": ch.source,
                      "first_page": ch.first_page + 1, "last_page": ch.last_page + 1, "chars": len(text)}
                     for ch, (name, text) in zip(result.chapters, files)],
        "removed": result.removed_counts(),
        "pages_without_text": sum(1 for p in result.doc.pages if "no_text_layer" in p.flags),
        "turned_pages": {str(p.index + 1): turn_of(p) for p in result.doc.pages if turn_of(p)},
        "quality": text_metrics([t for _, t in files]),
        "warnings": document_warnings(meta, result.doc.pages, [t for _, t in files]),
        **({"text_dump": {k: result.doc.meta[k] for k in DUMP_META if k in result.doc.meta}}
           if result.doc.kind == "txt" else {}),
        "config": {"fingerprint": cfg.fingerprint(), "settings": cfg.to_dict() | {"limits": {}}},
        "tool": {"name": "reportclean", "version": __version__},
    }
