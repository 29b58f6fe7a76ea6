from pathlib import Path

import pytest

from pipeline.names import MAX_BYTES, doc_ids, safe_name


@pytest.mark.parametrize("raw", ["../etc/passwd", "/abs/path", "a\\b", "nul\x00byte", "CON", "com1", "..", "",
                                 "x" * 500, "年报" * 200, 'a:b*c?"<>|'])
def test_safe_name_never_escapes(raw):
    name = safe_name(raw)
    assert name and "/" not in name and "\\" not in name and "\x00" not in name
    assert not name.startswith(".")
    assert len(name.encode("utf-8")) <= MAX_BYTES
    assert name.upper() not in {"CON", "NUL", "COM1"}


def test_doc_ids_unique_case_insensitive():
    ids = doc_ids([Path("a/Report.pdf"), Path("b/report.txt"), Path("c/REPORT.pdf")])
    assert len({v.casefold() for v in ids.values()}) == 3


def test_doc_ids_stable():
    paths = [Path("x/b.pdf"), Path("y/a.pdf")]
    assert doc_ids(paths) == doc_ids(list(reversed(paths)))
