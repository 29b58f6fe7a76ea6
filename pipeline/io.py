"""Files: atomic writes, flushes to disk, JSON Lines, hashing.  No stage logic here.

An atomic write goes to a temporary file in the same folder and is renamed
into place, so a killed run never leaves a file that looks complete.  A
killed run is not a power cut: what the kernel has not yet written to disk is
lost then, so files that must survive one are flushed, either one by one
(``durable=True``, :func:`fsync_path`) or a whole filesystem at once
(:func:`sync_filesystem`, the barrier a shard passes before its done marker).
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from glob import escape as glob_escape
from pathlib import Path
from typing import Any


_UTF8_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode
_ASCII_JSON = json.JSONEncoder(ensure_ascii=True, sort_keys=True, separators=(",", ":")).encode


def dumps(obj: Any) -> str:
    """Compact, key-sorted, UTF-8 JSON (no ASCII escapes), one line.

    Text that cannot be UTF-8 (a file name whose bytes are not, carried as surrogates by
    ``os.fsdecode``) is written with ASCII escapes instead: valid JSON that round-trips.
    """
    text = _UTF8_JSON(obj)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _ASCII_JSON(obj)
    return text


def atomic_write_text(path: Path, text: str, durable: bool = True, sole_writer: bool = False) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), durable, sole_writer)


def atomic_write_bytes(path: Path, data: bytes, durable: bool = True, sole_writer: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    ``durable=False`` skips the fsync (about 0.5 ms a file): for bookkeeping
    files whose loss after a power cut is detected and only costs a redo.
    ``sole_writer=True`` first removes the temporary files of this path that a
    killed earlier writer left (``.<name>.<random>.tmp``): only for paths that
    one task writes at a time, such as a batch's ``corpus.jsonl``.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if sole_writer:
        for stale in path.parent.glob(f".{glob_escape(path.name)}.*.tmp"):
            stale.unlink(missing_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def fsync_path(path: Path) -> None:
    """Flush one file or folder (its entries: names created or renamed in it) to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_filesystem(path: Path) -> None:
    """Flush everything written to the filesystem holding ``path`` to disk, then return.

    Linux ``syncfs(2)``: one call, however many files were written, where an
    ``fsync`` per file costs about a journal commit each (~0.8 ms a file on
    ext4 with delayed allocation, measured).  Its limit: it also waits for
    what other programs wrote to that filesystem.  Where ``syncfs`` is missing,
    ``os.sync()`` (every filesystem; on Linux it waits for the writes too).

    Raises:
        OSError: the filesystem reported a write error.
    """
    syncfs = _syncfs()
    if syncfs is None:
        os.sync()
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        if syncfs(fd) != 0:
            err = ctypes.get_errno()
            raise OSError(err, f"syncfs: {os.strerror(err)}", str(path))
    finally:
        os.close(fd)


@functools.cache
def _syncfs() -> Any:
    """The C library's ``syncfs``, or None where there is none."""
    try:
        return getattr(ctypes.CDLL(None, use_errno=True), "syncfs", None)
    except OSError:
        return None


def jsonl(records: Iterable[Any]) -> str:
    """One :func:`dumps` line per record; the UTF-8 check runs once for all of them."""
    records = list(records)
    text = "".join([_UTF8_JSON(r) + "\n" for r in records])
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "".join(dumps(r) + "\n" for r in records)
    return text


def read_jsonl(path: Path) -> list[Any]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
