"""Safe names (issue 8): document ids and chapter file names built from file names, titles
and metadata never escape the output folder and never collide."""

from __future__ import annotations

import json
import os
import sys
import unicodedata
from pathlib import Path, PurePosixPath

import pymupdf
import pytest
import regex as re
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import patterns as P
from pipeline.chapters import slugify
from pipeline.cli import main
from pipeline.names import BATCH_NAMES, MAX_BYTES, doc_ids, safe_name
from pipeline.output import chapter_files
from pipeline.types import Chapter

# Characters that make names dangerous, mixed with ordinary ones.
HOSTILE = ["/", "\\", ".", "..", "../", "\x00", "\n", "\t", " ", ":", "*", "?", '"', "<", ">", "|", "\u202e",
           "\u200b", "\u2028", "\ud800", "\udcff", "\ufeff", "CON", "nul", "com1", "LPT9", "conin$", "corpus.jsonl",
           "Ä", "A\u0308", "ß", "SS", "İ", "年报", "-", "_", "~", "$", "%2e", "a", "B", "1"]
NAME_TEXT = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=3)), max_size=12).map("".join)
LONG_TEXT = st.one_of(NAME_TEXT, st.builds(lambda s, n: s * n, st.sampled_from(["x", "年", "é", "a/", "."]),
                                           st.integers(50, 400)))
UNSAFE_CHAR = re.compile(r'[\p{Cc}\p{Cf}\p{Cs}\p{Z}\s<>:"/\\|?*]')
CASES = {"safe_name": 0, "doc_ids": 0, "slugify": 0, "chapter_files": 0}


def _assert_safe_component(name: str, max_bytes: int) -> None:
    """One path component that stays where it is put, on Linux, macOS and Windows."""
    assert name and name not in (".", "..")
    assert not UNSAFE_CHAR.search(name), name
    assert not name.startswith(".") and not name.endswith((".", " "))
    assert len(name.encode("utf-8")) <= max_bytes
    assert unicodedata.is_normalized("NFC", name)
    assert not P.NAME_RESERVED.match(name) and not P.WINDOWS_RESERVED.match(name)
    root = PurePosixPath("/out")
    assert (root / name).parent == root and (root / name).name == name


@settings(max_examples=300, deadline=None)
@given(LONG_TEXT)
def test_safe_name_is_one_safe_component(text):
    CASES["safe_name"] += 1
    name = safe_name(text)
    _assert_safe_component(name, MAX_BYTES)
    assert name.casefold() not in BATCH_NAMES
    assert safe_name(name) == name  # idempotent


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b/c", "/abs", "../up"]), LONG_TEXT,
                          st.sampled_from([".pdf", ".PDF", ".txt", ".tar.pdf", ""])), max_size=12))
def test_doc_ids_are_safe_unique_and_stable(parts):
    CASES["doc_ids"] += 1
    paths = []
    for folder, stem, suffix in parts:
        try:
            paths.append(Path(folder) / (stem.replace("/", "_").replace("\x00", "_") + suffix))
        except ValueError:  # "." or "" as a file name
            continue
    ids = doc_ids(paths)
    assert set(ids) == set(paths)
    assert len({v.casefold() for v in ids.values()}) == len(ids)
    for name in ids.values():
        _assert_safe_component(name, MAX_BYTES)
    assert doc_ids(list(reversed(paths))) == ids


@settings(max_examples=300, deadline=None)
@given(LONG_TEXT, st.integers(1, 250))
def test_slugify_is_one_safe_component(title, index):
    CASES["slugify"] += 1
    slug = slugify(title, index)
    assert slug.startswith(f"{index:02d}-")
    _assert_safe_component(slug + ".md", 4 + 120 + 3 + 3)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(LONG_TEXT, st.sampled_from(["Risk Factors", "risk factors!", "RISK-FACTORS", "第一章 总则",
                                                       "第一章　总则", "../../etc/passwd", "CON", ""])), max_size=15))
def test_chapter_files_never_collide(titles):
    CASES["chapter_files"] += 1
    chapters = [Chapter(i, t, (), 0, 0) for i, t in enumerate(titles, start=1)]
    names = [name for name, _ in chapter_files(chapters)]
    assert len({n.casefold() for n in names}) == len(names)
    for name in names:
        _assert_safe_component(name, 4 + 120 + 3 + 3)


def test_case_counts():
    """How many generated cases the properties above tried (run with -s to see)."""
    print(f"safe names: cases tried {CASES}")


# --- end to end ------------------------------------------------------------------

HOSTILE_FILES = ["..pdf", "....txt", " .txt", "CON.pdf", "con.txt", "nul.tar.pdf", "corpus.jsonl.txt",
                 "failed.jsonl.pdf", "index.html.txt", "a\\b.txt", "rtl\u202egnp.pdf", "new\nline.txt",
                 "tab\there.txt", "x" * 240 + ".pdf", "Report.pdf", "report.txt", "REPORT!.txt", "a:b*c?.txt",
                 "-rf.txt", "年报" * 40 + ".txt", "~.txt", "$HOME.txt"]
HOSTILE_TITLES = ["../../etc/passwd", "CON", "Risk Factors", "risk factors!", "C:\\Windows\\system32",
                  "x" * 300, "nul.txt", "\u202eevil\u202c", "Risk Factors"]


def _outline_pdf(path: Path) -> None:
    """A PDF whose outline and headings carry hostile chapter titles, and a hostile metadata title."""
    doc = pymupdf.open()
    for n, title in enumerate(HOSTILE_TITLES):
        page = doc.new_page(width=595, height=842)
        page.insert_text((72, 90), title[:60], fontsize=18)
        page.insert_text((72, 140), f"Body text of chapter {n + 1} says something about the year.", fontsize=10)
    doc.set_toc([[1, title, n + 1] for n, title in enumerate(HOSTILE_TITLES)])
    doc.set_metadata({"title": "../../../tmp/evil"})
    doc.save(path)


def test_hostile_file_names_and_titles_stay_inside_the_output(tmp_path):
    batch, out = tmp_path / "batch", tmp_path / "out"
    batch.mkdir()
    pdf = tmp_path / "template.pdf"
    _outline_pdf(pdf)
    for name in HOSTILE_FILES:
        target = batch / name
        if name.endswith(".pdf"):
            target.write_bytes(pdf.read_bytes())
        else:
            target.write_text("第一章 总则\n\n正文说明本章的内容。\n\n第二章 风险\n\n风险说明。\n", encoding="utf-8")
    assert main(["run", str(batch), "--out", str(out)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["batch", "out", "template.pdf"]
    docs = [d for d in out.iterdir() if d.is_dir() and not d.name.startswith(".")]
    assert len(docs) == sum(1 for n in HOSTILE_FILES if not n.startswith("."))  # hidden files are not inputs
    assert len({d.name.casefold() for d in docs}) == len(docs)
    for path in out.rglob("*"):
        assert os.path.realpath(path).startswith(os.path.realpath(out) + os.sep)
    for d in docs:
        _assert_safe_component(d.name, MAX_BYTES)
        manifest = json.loads((d / "manifest.json").read_text(encoding="utf-8"))
        files = [c["file"] for c in manifest["chapters"]]
        assert sorted(files) == sorted(f"chapters/{f.name}" for f in (d / "chapters").iterdir())
        for f in files:
            _assert_safe_component(f.split("/", 1)[1], 4 + 120 + 3 + 3)
    records = [json.loads(ln) for ln in (out / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
    assert all((out / r["file"]).is_file() for r in records)


@pytest.mark.skipif(sys.platform != "linux", reason="only Linux file names may hold bytes that are not UTF-8")
def test_a_file_name_that_is_not_utf8_fails_alone(tmp_path):
    batch, out = tmp_path / "batch", tmp_path / "out"
    batch.mkdir()
    (batch / "good.txt").write_text("第一章 总则\n\n正文。\n", encoding="utf-8")
    with open(os.path.join(os.fsencode(batch), b"bad\xffname.txt"), "w", encoding="utf-8") as fh:
        fh.write("第一章 总则\n\n正文。\n")
    main(["run", str(batch), "--out", str(out)])
    assert (out / "good" / "manifest.json").is_file()
