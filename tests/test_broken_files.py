"""Broken files (issue 8): repairable cross-reference tables are repaired and processed with
a warning; encrypted files open with ``--password``, and fail with a clear reason without it."""

from __future__ import annotations

import json
from pathlib import Path

from fixtures import hostile as H
from pipeline.cli import main
from pipeline.config import Config
from pipeline.runner import run_document

from .conftest import ROOT

SAMPLE = ROOT / "raw" / "shanghai-2022-sample.pdf"
PASSWORD = "pw-Zq81"


def _chapters(doc_dir: Path) -> dict[str, bytes]:
    return {f.name: f.read_bytes() for f in sorted((doc_dir / "chapters").glob("*.md"))}


def test_repairable_xref_is_repaired_with_a_warning(tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(H.broken_xref(SAMPLE.read_bytes()))
    out = tmp_path / "out"
    assert run_document(broken, "broken", out, Config())["status"] == "ok"
    assert run_document(SAMPLE, "sample", out, Config())["status"] == "ok"
    broken_warnings, sample_warnings = (json.loads((out / d / "manifest.json").read_text(encoding="utf-8"))["warnings"]
                                        for d in ("broken", "sample"))
    assert broken_warnings[0]["code"] == "repaired" and broken_warnings[1:] == sample_warnings
    assert _chapters(out / "broken") == _chapters(out / "sample")


def test_a_pdf_mangled_as_text_fails_as_damaged_not_as_a_scan(tmp_path):
    """patchelf.pdf (an sdist's test file): every byte above 0x7f replaced by U+FFFD, as a text
    conversion does; MuPDF repairs the cross-reference table but no content stream inflates, so no
    page shows text.  The reason said "scanned or empty"."""
    mangled = tmp_path / "mangled.pdf"
    mangled.write_bytes(bytes(SAMPLE.read_bytes()).decode("utf-8", errors="replace").encode("utf-8"))
    status = run_document(mangled, "mangled", tmp_path / "out", Config())
    assert status["status"] == "failed" and status["stage"] == "extract"
    assert status["reason"].endswith("(damaged file repaired by MuPDF: its content could not be read, or it is a scan)")


def test_password_works_end_to_end(tmp_path):
    (tmp_path / "in").mkdir()
    pdf, lines = H.encrypted_pdf(tmp_path / "in" / "locked.pdf", PASSWORD)
    out = tmp_path / "out"
    assert main(["run", str(pdf), "--out", str(out), "--password", PASSWORD]) == 0
    text = b"".join(_chapters(out / "locked").values()).decode("utf-8")
    assert all(line in text for line in lines)
    leaked = [p for p in out.rglob("*") if p.is_file() and PASSWORD.encode() in p.read_bytes()]
    assert leaked == [], "the password must not be written anywhere"


def test_encrypted_without_or_with_a_wrong_password_fails_with_a_reason(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    pdf, _ = H.encrypted_pdf(tmp_path / "in" / "locked.pdf", PASSWORD)
    for extra, reason in (([], "encrypted PDF: needs a password (--password)"),
                          (["--password", "nope"], "encrypted PDF: wrong password")):
        out = tmp_path / f"out{len(extra)}"
        assert main(["run", str(pdf), "--out", str(out), *extra]) == 1
        failed = [json.loads(ln) for ln in (out / "failed.jsonl").read_text(encoding="utf-8").splitlines()]
        assert [(f["doc"], f["reason"]) for f in failed] == [("locked", reason)]
        assert f"FAILED {pdf}: {reason}" in capsys.readouterr().err
        assert not (out / "locked").exists()


def _zero_page_pdf() -> bytes:
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


BAD = {  # file -> words of the reason it must fail with
    "truncated.pdf": "damaged PDF", "encrypted.pdf": "needs a password", "zero.pdf": "no pages",
    "renamed.pdf": "not a readable PDF", "empty.txt": "empty file", "binary.txt": "binary file",
    "scanned.pdf": "no text layer",
}
ODD = ["repaired.pdf", "garbled.pdf", "rotated.pdf", "partly_scanned.pdf", "sizes.pdf"]  # processed, maybe warned


def _good(batch: Path) -> None:
    batch.mkdir()
    (batch / "sample.pdf").write_bytes(SAMPLE.read_bytes())
    (batch / "good.txt").write_text("第一章 总则\n\n上海科技创新工作坚持以高水平科技自立自强为目标。\n", encoding="utf-8")


def _doc_files(folder: Path) -> dict[str, object]:
    """A document folder's files; the manifest without the input's path (the batches differ in it)."""
    files: dict[str, object] = {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    manifest = json.loads(files.pop("manifest.json"))
    del manifest["source"]["path"]
    return {**files, "manifest.json": manifest}


def test_bad_and_odd_files_leave_the_good_ones_untouched(tmp_path, capsys):
    """Issue 8's batch: each broken file fails alone with its reason, odd ones process, good outputs unchanged."""
    alone, mixed = tmp_path / "alone", tmp_path / "mixed"
    _good(alone)
    _good(mixed)
    data = SAMPLE.read_bytes()
    (mixed / "truncated.pdf").write_bytes(data[:5000])
    H.encrypted_pdf(mixed / "encrypted.pdf", PASSWORD)
    (mixed / "zero.pdf").write_bytes(_zero_page_pdf())
    (mixed / "renamed.pdf").write_text("just some text pretending to be a PDF\n" * 10, encoding="utf-8")
    (mixed / "empty.txt").write_bytes(b"")
    (mixed / "binary.txt").write_bytes(bytes(range(1, 32)) * 20)
    H.scanned_pdf(mixed / "scanned.pdf", [False, False])
    (mixed / "repaired.pdf").write_bytes(H.broken_xref(data))
    H.garbled_pdf(mixed / "garbled.pdf")
    H.rotated_pdf(mixed / "rotated.pdf", 270)
    H.scanned_pdf(mixed / "partly_scanned.pdf", [True, False])
    H.mixed_sizes_pdf(mixed / "sizes.pdf", [(595, 842), (14400, 14400), (200, 200)])
    assert main(["run", str(alone), "--out", str(tmp_path / "out_alone")]) == 0
    assert main(["run", str(mixed), "--out", str(tmp_path / "out_mixed")]) == 1
    err = capsys.readouterr().err
    failed = {Path(f["file"]).name: f for f in map(json.loads, (tmp_path / "out_mixed" / "failed.jsonl").open())}
    assert sorted(failed) == sorted(BAD)
    for name, words in BAD.items():
        assert words in failed[name]["reason"], (name, failed[name])
        assert f"FAILED {mixed / name}: {failed[name]['reason']}" in err
        assert not (tmp_path / "out_mixed" / Path(name).stem).exists()
    for name in ODD:
        assert (tmp_path / "out_mixed" / Path(name).stem / "manifest.json").is_file(), name
    for doc in ("sample", "good"):
        assert _doc_files(tmp_path / "out_alone" / doc) == _doc_files(tmp_path / "out_mixed" / doc)
    records = {out: [r for r in map(json.loads, (tmp_path / out / "corpus.jsonl").open()) if r["doc"] in ("sample", "good")]
               for out in ("out_alone", "out_mixed")}
    assert records["out_alone"] == records["out_mixed"]
