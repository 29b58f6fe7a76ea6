"""PDFs set by LibreOffice from known text clean to that text (skipped without ``soffice``).

The documents of :mod:`fixtures.office_docs` (a Chinese 年度报告 with and without a PDF
outline, an English annual report with and without mirrored heads) are converted by
``scripts/office_check.py`` and cleaned, as is each one's booklet; see that script for
the figures.  A word processor's output differs from our PyMuPDF drawings in ways that
matter: justified lines, page fields in heads and feet, tab leaders, section columns.
"""

from __future__ import annotations

import shutil

import pytest

from scripts.office_check import Row, run

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")


@pytest.fixture(scope="module")
def rows(tmp_path_factory: pytest.TempPathFactory) -> list[Row]:
    return run(tmp_path_factory.mktemp("office"), ["booklet"])


def test_word_processor_reports_clean_to_their_text(rows: list[Row]) -> None:
    for r in rows:
        label = f"{r.doc}/{r.variant}: {r}"
        assert r.recall >= 0.99, label  # LibreOffice leaves a comma or two out of the text layer
        assert r.order == 1.0 and not r.excl and r.chap == "=", label
        whole, paras = r.whole.split("/")
        kept, table_rows = r.rows.split("/")
        assert whole == paras and kept == table_rows, label
        assert r.han_sp == 0 and r.han_nl == 0, label


def test_every_document_and_its_booklet_is_judged(rows: list[Row]) -> None:
    assert {(r.doc, r.variant) for r in rows} == {(d, v) for d in ("zh_annual", "zh_plain", "en_annual", "en_mirror")
                                                  for v in ("original", "booklet")}
