"""The output contract: chapter Markdown, manifest, removal log, corpus records.

Per document ``<out>/<doc>/``: ``chapters/NN-<slug>.md``, ``manifest.json``,
``removed.jsonl`` and ``blocks.jsonl`` (the kept blocks with page, box, kind,
reading order and chapter).  Page numbers are 1-based in every file.  The
folder is built beside its final place and renamed into it in one step, so a
reader never sees a half-written document.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

from . import patterns as P
from .chapters import slugify
from .io import dumps, fsync_path, jsonl, sha256_text
from .types import ASIDE, HEADING, TABLE, Block, Chapter

STAGING = ".staging"  # folder of OUT where document folders are built (see staging_dir)


def render_block(b: Block) -> str:
    """One block as Markdown: ``## `` for headings, ``> `` for asides, plain otherwise.

    A paragraph or table row that starts the way a title, section or aside does gets an escaping
    backslash (``"# of stores"`` -> ``"\\# of stores"``), so the marks stay the output's own.
    """
    text = b.text.strip()
    if b.kind == HEADING:
        return "## " + " ".join(text.split())
    if b.kind == ASIDE:
        return "\n".join("> " + ln for ln in text.split("\n") if ln.strip())
    if b.kind == TABLE:
        return escape_marks(text)
    return escape_marks(" ".join(text.split("\n")))


def escape_marks(text: str) -> str:
    """A backslash before each line start Markdown would read as a heading or quote: ``"> 5%" -> "\\> 5%"``."""
    return P.MARKDOWN_MARK_START.sub(r"\\", text)


def render_chapter(ch: Chapter) -> str:
    """A chapter file: ``# title``, then blocks separated by one blank line; NFC, LF, final newline."""
    parts = ["# " + " ".join(ch.title.split())] + [render_block(b) for b in ch.blocks if b.text.strip()]
    return unicodedata.normalize("NFC", "\n\n".join(parts)) + "\n"


def plain_text(ch: Chapter) -> str:
    """The chapter's text without markup, paragraphs separated by blank lines."""
    return unicodedata.normalize("NFC", "\n\n".join(b.text.strip() for b in ch.blocks if b.text.strip()))


def chapter_files(chapters: list[Chapter]) -> list[tuple[str, str]]:
    """(file name, Markdown) per chapter, names unique within the document."""
    out, taken = [], set()
    for ch in chapters:
        name = slugify(ch.title, ch.index) + ".md"
        n = 2
        while name.casefold() in taken:
            name = f"{slugify(ch.title, ch.index)}-{n}.md"
            n += 1
        taken.add(name.casefold())
        out.append((name, render_chapter(ch)))
    return out


def corpus_records(doc_id: str, chapters: list[Chapter], files: list[tuple[str, str]], lang: str) -> list[dict[str, Any]]:
    records = []
    for ch, (name, _) in zip(chapters, files):
        text = plain_text(ch)
        records.append({"doc": doc_id, "chapter": ch.index, "title": ch.title, "file": f"{doc_id}/chapters/{name}",
                        "text": text, "lang": lang, "pages": [ch.first_page + 1, ch.last_page + 1],
                        "chars": len(text), "sha256": sha256_text(text)})
    return records


def kept_blocks(chapters: list[Chapter]) -> list[dict[str, Any]]:
    """Every block that reached a chapter, with its place: for audits and other tools."""
    return [{"chapter": ch.index, "block": b.id, "page": b.page + 1, "bbox": [round(v, 2) for v in b.bbox],
             "kind": b.kind, "level": b.level, "order": b.order, "text": b.text}
            for ch in chapters for b in ch.blocks]


def write_document_folder(target: Path, files: list[tuple[str, str]], manifest: dict[str, Any],
                          removed: list[dict[str, Any]], blocks: list[dict[str, Any]],
                          durable: bool = False) -> dict[str, int]:
    """Build ``target`` in a temporary sibling folder, then swap it into place.

    Nothing is flushed to disk by default: a batch flushes once per shard
    (``batch.mark_shard_done``), and a rerun checks the sizes this returns.
    ``durable=True`` fsyncs every file and folder before the swap and the
    parent after it, for a caller with no such barrier.

    Returns:
        The byte size of every file written, by path inside the folder
        (``manifest.json``, ``chapters/01-intro.md``, ...).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=staging_dir(target.parent), prefix=f"{target.name}.", suffix=".tmp"))
    contents = [(f"chapters/{name}", text) for name, text in files] + [
        ("removed.jsonl", jsonl(removed)), ("blocks.jsonl", jsonl(blocks)), ("manifest.json", dumps(manifest) + "\n")]
    try:
        (tmp / "chapters").mkdir()
        sizes = {rel: _write(tmp / rel, text, durable) for rel, text in contents}
        if durable:
            fsync_path(tmp / "chapters")
            fsync_path(tmp)
        _swap_in(tmp, target)
        if durable:
            fsync_path(target.parent)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return sizes


def _write(path: Path, text: str, durable: bool) -> int:
    """Write ``text`` as UTF-8 (no newline translation), fsynced when ``durable``; its size in bytes."""
    data = text.encode("utf-8")
    with path.open("wb") as fh:
        fh.write(data)
        if durable:
            fh.flush()
            os.fsync(fh.fileno())
    return len(data)


def folder_sizes(folder: Path) -> dict[str, int]:
    """The byte size of every file a document folder holds, as :func:`write_document_folder` returns them."""
    names = ["manifest.json", "removed.jsonl", "blocks.jsonl"]
    names += [f"chapters/{e.name}" for e in os.scandir(folder / "chapters") if e.is_file()]
    return {rel: os.stat(folder / rel).st_size for rel in names}


def staging_dir(out: Path) -> Path:
    """``OUT/.staging``: where document folders are built and swapped out, so a document's
    leftovers from a killed run are found without listing every document folder of ``OUT``."""
    path = out / STAGING
    path.mkdir(parents=True, exist_ok=True)
    return path


def _swap_in(tmp: Path, target: Path) -> None:
    old = None
    if target.exists():
        old = staging_dir(target.parent) / f"{target.name}.{os.getpid()}.old"
        os.replace(target, old)
    os.replace(tmp, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def remove_document_folder(target: Path) -> None:
    """Take away a document's outputs (used when it now fails), never half of them."""
    if target.exists():
        old = staging_dir(target.parent) / f"{target.name}.{os.getpid()}.old"
        os.replace(target, old)
        shutil.rmtree(old, ignore_errors=True)
