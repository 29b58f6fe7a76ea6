"""A batch of inputs: which files, their ids, shards, what is done, the summary.

Pure file bookkeeping shared by the Luigi tasks and the CLI; no Luigi here.
Layout under the output folder ``out``::

    out/<doc>/...                      final outputs (see ``output``)
    out/corpus.jsonl, out/failed.jsonl batch outputs
    out/.work/<fingerprint>/status/<doc>.jsonl  a document's status line, then its corpus records
    out/.work/<fingerprint>/shards/<key>.json   a shard's done marker (documents, input stamps)

A shard is done when its marker is there and no input changed; a document is
done when its status is valid (``read_status``).  Bookkeeping files are
written atomically but without fsync: one lost in a power cut means a redo.

Durability is per shard: documents are written without fsync, and the shard
flushes the filesystem once (``sync_filesystem``) before it writes its marker,
so a marker that survived a power cut vouches only for flushed outputs.  A
document of a shard without a marker is trusted only when every file of its
folder has the byte size its status recorded (empty or short files after a
power cut make it run again).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .io import atomic_write_bytes, atomic_write_text, dumps, fsync_path, jsonl, sync_filesystem
from .names import doc_ids

INPUT_SUFFIXES = {".pdf", ".txt", ".text"}
AUTO_SHARD_LIMIT = 200  # up to this many documents, one task each
AUTO_SHARD_SIZE = 100


def expand_inputs(inputs: Iterable[str | Path]) -> list[Path]:
    """Files named, plus the PDF and text files found (recursively) in folders named; sorted, unique."""
    found: set[Path] = set()
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            found.update(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in INPUT_SUFFIXES
                         and not any(part.startswith(".") for part in f.relative_to(p).parts))
        else:
            found.add(p)
    return sorted(found, key=str)


def plan(paths: Sequence[Path]) -> list[tuple[str, str]]:
    """(path, doc id) pairs in a stable order."""
    ids = doc_ids(paths)
    return [(str(p), ids[p]) for p in paths]


def shards(items: Sequence[tuple[str, str]], size: int = 0) -> list[tuple[tuple[str, str], ...]]:
    """Cut the plan into shards: one document each for small batches, ``AUTO_SHARD_SIZE`` beyond."""
    if size <= 0:
        size = 1 if len(items) <= AUTO_SHARD_LIMIT else AUTO_SHARD_SIZE
    return [tuple(items[i:i + size]) for i in range(0, len(items), size)]


def work_dir(out: Path, fingerprint: str) -> Path:
    return out / ".work" / fingerprint


def status_path(out: Path, fingerprint: str, doc_id: str) -> Path:
    """A document's status file: its status on the first line, then its corpus records."""
    return Path(out, ".work", fingerprint, "status", f"{doc_id}.jsonl")


def bands_path(out: Path, fingerprint: str, doc_id: str) -> Path:
    """A document's sorted MinHash band records, for the corpus-level join."""
    return work_dir(out, fingerprint) / "bands" / f"{doc_id}.tsv"


def shard_path(out: Path, fingerprint: str, items: Sequence[Sequence[str]]) -> Path:
    """A shard's done marker, named after its items."""
    return Path(out, ".work", fingerprint, "shards", f"{batch_key(items)}.json")


def source_stamp(path: str) -> list[int]:
    """Size and mtime (ns) of an input: a changed file is processed again."""
    try:
        st = os.stat(path)
    except OSError:
        return [-1, -1]
    return [st.st_size, st.st_mtime_ns]


def read_status(out: Path, fingerprint: str, doc_id: str, path: str) -> dict[str, Any] | None:
    """The stored status if it is still valid for this input and its outputs are whole, else None.

    Valid: the input's size and mtime are unchanged, the records after the
    status line have the length the status says, and every file of an ok
    document's folder has the size the status recorded (``files``; a status
    without them, from an older version, is not trusted).  Reads only the
    first line of the file, then one ``stat`` per output file.  What it cannot
    see: a file of the right size with the wrong bytes.
    """
    try:
        with open(status_path(out, fingerprint, doc_id), "rb") as fh:
            first = fh.readline()
            size = os.fstat(fh.fileno()).st_size
        status = json.loads(first)
    except (OSError, ValueError):
        return None
    if status.get("stamp") != source_stamp(path) or status.get("records_bytes", 0) != size - len(first):
        return None
    if status.get("status") == "ok" and not _whole(os.path.join(out, doc_id), status.get("files")):
        return None
    return status


def _whole(folder: str, sizes: Any) -> bool:
    """Whether every file named in ``sizes`` (path in the folder -> bytes) is there with that size."""
    if not isinstance(sizes, dict) or "manifest.json" not in sizes:
        return False
    try:
        return all(os.stat(os.path.join(folder, rel)).st_size == n for rel, n in sizes.items())
    except OSError:
        return False


def read_records(out: Path, fingerprint: str, doc_id: str) -> str:
    """A document's corpus records (JSON Lines) as stored with its status."""
    with open(status_path(out, fingerprint, doc_id), "rb") as fh:
        fh.readline()
        return fh.read().decode("utf-8")


def save_status(out: Path, fingerprint: str, path: str, status: dict[str, Any]) -> dict[str, Any]:
    """Store a document's status and its corpus records in one file; return the stored status.

    Call it after the document's folder is in place: the status carries the
    sizes of the folder's files (``files``, from ``run_document``).  Written
    without fsync (bookkeeping; the shard's barrier flushes it): after a power
    cut a lost, empty or short status file only makes the document run again.
    """
    records = status.pop("records", [])
    bands = status.pop("bands", "")
    if status.get("status") == "ok":
        atomic_write_text(bands_path(out, fingerprint, status["doc"]), bands, durable=False)
    body = jsonl(records).encode("utf-8") if status.get("status") == "ok" else b""
    status["records_bytes"] = len(body)
    status["stamp"] = source_stamp(path)
    head = (dumps(status) + "\n").encode("utf-8")
    atomic_write_bytes(status_path(out, fingerprint, status["doc"]), head + body, durable=False)
    return status


def replace_records(out: Path, fingerprint: str, doc_id: str, records: str, removed: dict[str, int],
                    files: dict[str, int]) -> None:
    """Rewrite a document's stored corpus records, removal counts and file sizes (after a corpus-level change).

    Flushed to disk (it is rare, and no shard barrier follows it): a status left
    with the sizes of the folder before the change would make a rerun reject it.
    """
    path = status_path(out, fingerprint, doc_id)
    with open(path, "rb") as fh:
        status = json.loads(fh.readline())
    body = records.encode("utf-8")
    status.update(removed=removed, records_bytes=len(body), files=files)
    atomic_write_bytes(path, (dumps(status) + "\n").encode("utf-8") + body)


def mark_shard_done(out: Path, fingerprint: str, items: Sequence[Sequence[str]],
                    statuses: Sequence[dict[str, Any]]) -> None:
    """Flush what the shard wrote to disk, then record that every document of it has a status.

    The flush is the shard's durability barrier: one ``syncfs`` of the output
    filesystem (document folders, statuses, band files and the folders
    holding them), so :func:`shard_done` may trust the marker without
    checking sizes.  The marker itself is not flushed: one lost only means
    the shard checks its documents' statuses again.
    """
    sync_filesystem(out)
    marks = [[doc, st.get("stamp"), st.get("status") == "ok"] for (_, doc), st in zip(items, statuses)]
    atomic_write_text(shard_path(out, fingerprint, items), dumps(marks) + "\n", durable=False)


def unmark_shard(out: Path, fingerprint: str, items: Sequence[Sequence[str]]) -> None:
    """Remove a shard's marker before its documents are written again, durably.

    A marker left from an earlier run would otherwise vouch, after a power
    cut, for documents rewritten since and not yet flushed.
    """
    marker = shard_path(out, fingerprint, items)
    if marker.exists():
        marker.unlink(missing_ok=True)
        fsync_path(marker.parent)


def shard_done(out: Path, fingerprint: str, items: Sequence[Sequence[str]]) -> bool:
    """Whether a shard is done: its marker exists, no input changed, no output went missing.

    A few ``stat`` calls per document instead of reading every status; a
    shard without a marker is not done (its task then skips the documents
    that are).  File sizes are not checked here: the marker was written after
    the shard's flush, so its documents reached the disk whole.
    """
    try:
        marks = json.loads(Path(shard_path(out, fingerprint, items)).read_bytes())
    except (OSError, ValueError):
        return False
    if len(marks) != len(items):
        return False
    work = os.path.join(out, ".work", fingerprint, "status")
    for (path, doc), (mdoc, stamp, ok) in zip(items, marks):
        if mdoc != doc or stamp != source_stamp(path) or not os.path.exists(os.path.join(work, f"{doc}.jsonl")):
            return False
        if ok and not os.path.exists(os.path.join(out, doc, "manifest.json")):
            return False
    return True


def batch_key(items: Sequence[Sequence[str]]) -> str:
    return hashlib.sha256(dumps(items).encode()).hexdigest()[:12]


def write_batch_outputs(out: Path, fingerprint: str, statuses: Sequence[dict[str, Any]]) -> None:
    """``corpus.jsonl`` (ok documents' chapters) and ``failed.jsonl`` for the batch."""
    parts = []
    for st in sorted(statuses, key=lambda s: s["doc"]):
        if st.get("status") == "ok":
            parts.append(read_records(out, fingerprint, st["doc"]))
    atomic_write_text(out / "corpus.jsonl", "".join(parts), sole_writer=True)
    failed = [{"file": s["source"], "doc": s["doc"], "stage": s.get("stage", ""), "reason": s.get("reason", "")}
              for s in statuses if s.get("status") != "ok"]
    atomic_write_text(out / "failed.jsonl", jsonl(failed), sole_writer=True)


def summarize(statuses: Sequence[dict[str, Any]], already: set[str], seconds: float) -> dict[str, Any]:
    ok = [s for s in statuses if s.get("status") == "ok"]
    removed: Counter[str] = Counter()
    for s in ok:
        removed.update(s.get("removed", {}))
    return {
        "documents": len(statuses),
        "done": sum(1 for s in ok if s["doc"] not in already),
        "already_complete": sum(1 for s in statuses if s["doc"] in already),
        "failed": [{"file": s["source"], "stage": s.get("stage", ""), "reason": s.get("reason", "")}
                   for s in statuses if s.get("status") != "ok"],
        "pages": sum(s.get("pages", 0) for s in ok),
        "chapters": sum(s.get("chapters", 0) for s in ok),
        "removed": dict(sorted(removed.items())),
        "seconds": round(seconds, 2),
    }


def format_summary(summary: dict[str, Any]) -> str:
    """A short, readable account of a run."""
    lines = [
        f"documents: {summary['done']} done, {len(summary['failed'])} failed, "
        f"{summary['already_complete']} already complete (of {summary['documents']})",
        f"pages: {summary['pages']}   chapters: {summary['chapters']}   seconds: {summary['seconds']}",
    ]
    if summary["removed"]:
        lines.append("removed blocks: " + ", ".join(f"{k} {v}" for k, v in summary["removed"].items()))
    for f in summary["failed"]:
        lines.append(f"FAILED {f['file']}: {f['reason']} (stage {f['stage']})")
    return "\n".join(lines)
