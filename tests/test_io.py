"""JSON output: one encoder, the UTF-8 check once per file, the same text as ``json.dumps``."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.io import dumps, jsonl

TEXT = st.text(alphabet=st.sampled_from(["a", "Z", "年", "\"", "\\", "\n", "\u2028", "\ud800", "\udcff", "é", "😀"]),
               max_size=8)
RECORD = st.dictionaries(TEXT, st.one_of(TEXT, st.integers(), st.floats(allow_nan=False), st.none(),
                                         st.lists(st.floats(allow_nan=False), max_size=3)), max_size=5)


def old_dumps(obj: Any) -> str:
    """The encoding as it was: a new encoder per call, ASCII escapes when the text cannot be UTF-8."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(obj, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    return text


@settings(max_examples=200, deadline=None)
@given(st.lists(RECORD, max_size=6))
def test_jsonl_and_dumps_equal_json_dumps_per_record(records: list[dict[str, Any]]) -> None:
    assert jsonl(records) == "".join(old_dumps(r) + "\n" for r in records)
    assert jsonl(iter(records)) == jsonl(records)
    for r in records:
        assert dumps(r) == old_dumps(r)


def test_only_the_record_that_cannot_be_utf8_gets_ascii_escapes() -> None:
    assert jsonl([{"a": "年"}, {"b": "\udcff年"}]) == '{"a":"年"}\n{"b":"\\udcff\\u5e74"}\n'
