"""Document ids that are safe as folder names and never collide.

An id is the input file's stem, NFC, with path separators, control
characters and characters Windows forbids replaced by ``_``; no leading dots;
Windows reserved names (CON, NUL, COM1, …) get a ``_`` suffix; at most
``MAX_BYTES`` UTF-8 bytes (a long stem is cut and tagged with a short hash).
Ids that would collide — also case-insensitively, for case-insensitive file
systems — get ``-2``, ``-3``… in the order of the sorted input paths.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import regex as re

MAX_BYTES = 120
# Anything a file name must not hold on any common file system: "a/b", "a:b", "a\x00b"
UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*\s]+')
RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)


def safe_name(text: str, fallback: str = "doc") -> str:
    """``"../etc/passwd" -> "etc_passwd"``, ``"CON" -> "CON_"``, ``"" -> "doc"``."""
    name = UNSAFE.sub("_", unicodedata.normalize("NFC", text)).strip("._ ")
    if not name:
        name = fallback
    if RESERVED.match(name):
        name += "_"
    if len(name.encode("utf-8")) > MAX_BYTES:
        tag = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
        name = name.encode("utf-8")[: MAX_BYTES - 9].decode("utf-8", "ignore").rstrip("._ ") + "-" + tag
    return name


def doc_ids(paths: Sequence[Path]) -> dict[Path, str]:
    """A unique, safe id per input path, stable for a given set of paths."""
    out: dict[Path, str] = {}
    taken: set[str] = set()
    for path in sorted(paths, key=lambda p: str(p)):
        base = safe_name(path.stem)
        name, n = base, 1
        while name.casefold() in taken:
            n += 1
            name = f"{base}-{n}"
        taken.add(name.casefold())
        out[path] = name
    return out
