"""Small constructors for Documents in tests (no PDF needed)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pymupdf

from pipeline.types import BODY, Block, Document, Line, Page, Span


def block(text: str, bbox: tuple[float, float, float, float], page: int = 0, n: int = 0, size: float = 10.0,
          kind: str = BODY, bold: bool = False, level: int = 0) -> Block:
    span = Span(text, bbox, "Helvetica-Bold" if bold else "Helvetica", size, 16 if bold else 0)
    return Block(f"p{page}-b{n}", page, bbox, text, (Line((span,), bbox),), size, bold, kind, level)


def page(index: int, blocks: list[Block], width: float = 600, height: float = 800, geometry: bool = True,
         figures: tuple = ()) -> Page:
    return Page(index, width, height, tuple(blocks), index, (0, 0, width, height), geometry=geometry, figures=figures)


def document(pages: list[Page], doc_id: str = "doc", kind: str = "pdf") -> Document:
    return Document(doc_id, f"{doc_id}.{kind}", kind, tuple(pages))


def save_pdf(doc: pymupdf.Document, path: Path) -> Path:
    """Save a generated PDF byte-for-byte reproducibly (fixed dates, no new id) and close it."""
    doc.set_metadata({"creationDate": "D:20230101000000", "modDate": "D:20230101000000"})
    doc.save(path, garbage=1, deflate=True, no_new_id=True)
    doc.close()
    return path


def chapters_text(out: Path, doc_id: str) -> str:
    """Every chapter file of ``out/<doc_id>`` in order, concatenated."""
    return "".join(f.read_text(encoding="utf-8") for f in sorted((out / doc_id / "chapters").glob("*.md")))


def cleaned_text(doc: pymupdf.Document, tmp_path: Path, name: str) -> str:
    """``doc`` saved as ``<name>.pdf``, cleaned with the default settings, its chapters' text."""
    from pipeline.config import Config
    from pipeline.runner import run_document
    pdf = save_pdf(doc, tmp_path / f"{name}.pdf")
    assert run_document(pdf, name, tmp_path / "out", Config())["status"] == "ok"
    return chapters_text(tmp_path / "out", name)


def word_sentence(words: list[str], n: int, count: int = 16) -> str:
    """The ``n``-th deterministic sentence of ``count`` of ``words``: ``"revenue rider … number 3."``."""
    return " ".join(words[(5 * n + 3 * k) % len(words)] for k in range(count)) + f" number {n}."


def load_benchmark(name: str) -> ModuleType:
    """``benchmarks/<name>.py`` imported as a module (the folder is no package)."""
    path = Path(__file__).resolve().parents[1] / "benchmarks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
