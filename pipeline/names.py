"""Document ids that are safe as folder names and never collide.

An id is the input file's stem, NFC, with path separators, controls, format
and bidi characters, lone surrogates (undecodable file names), any space and
characters Windows forbids replaced by ``_``; no leading or trailing dots,
spaces or ``_``; a Windows device name (``CON``, ``nul.txt``, ``COM1``…) gets
``_`` after the device part (``CON_.txt``); a name the output folder's own
files take (``corpus.jsonl``, ``failed.jsonl``, ``index.html``) gets ``_``;
at most ``MAX_BYTES`` UTF-8 bytes (a long stem is cut and tagged with a short
hash).  Ids that would collide — also case-insensitively, for case-insensitive
file systems — get ``-2``, ``-3``… in the order of the sorted input paths,
still within ``MAX_BYTES``.

What it cannot do: keep an id readable when the stem is nothing but unsafe
characters (it becomes ``doc``, then ``doc-2``…).
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from . import patterns as P

MAX_BYTES = 120
# Files and folders the batch itself writes into the output folder (compared case-insensitively)
BATCH_NAMES = frozenset({"corpus.jsonl", "failed.jsonl", "index.html"})


def safe_name(text: str, fallback: str = "doc", max_bytes: int = MAX_BYTES) -> str:
    """``"../etc/passwd" -> "etc_passwd"``, ``"CON" -> "CON_"``, ``"nul.txt" -> "nul_.txt"``, ``"" -> "doc"``."""
    name = P.NAME_UNSAFE.sub("_", unicodedata.normalize("NFC", text)).strip("._ ")
    if not name:
        name = fallback
    device = P.NAME_RESERVED.match(name)
    if device:
        name = name[:device.end()] + "_" + name[device.end():]
    if name.casefold() in BATCH_NAMES:
        name += "_"
    if len(name.encode("utf-8")) > max_bytes:
        tag = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
        name = _cut(name, max_bytes - 9) + "-" + tag
    return name


def _cut(name: str, max_bytes: int) -> str:
    """At most ``max_bytes`` UTF-8 bytes of ``name``, never ending in a dot, space or ``_``."""
    return name.encode("utf-8")[:max_bytes].decode("utf-8", "ignore").rstrip("._ ")


def doc_ids(paths: Sequence[Path]) -> dict[Path, str]:
    """A unique, safe id per input path, stable for a given set of paths."""
    out: dict[Path, str] = {}
    taken: set[str] = set()
    for path in sorted(paths, key=lambda p: str(p)):
        base = safe_name(path.stem)
        name, n = base, 1
        while name.casefold() in taken:
            n += 1
            suffix = f"-{n}"
            name = _cut(base, MAX_BYTES - len(suffix)) + suffix
        taken.add(name.casefold())
        out[path] = name
    return out
