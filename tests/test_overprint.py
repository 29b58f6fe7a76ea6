"""Text drawn twice in one place (fake bold, shadows, white halos) reads once.

Alphabet's 10-K draws "COMPARISON OF 5 YEAR CUMULATIVE TOTAL RETURN*" twice at one
spot (a white copy under the coloured one): the heading came out twice in a row.
Chinese reports made with WPS draw bold headings twice a fraction of a point apart.
"""

from __future__ import annotations

import json
from pathlib import Path

import pymupdf
from hypothesis import given, settings
from hypothesis import strategies as st

from fixtures.flow import cjk_font
from pipeline.config import Config
from pipeline.overprint import split_overprints
from pipeline.runner import run_document
from pipeline.types import Line, Span


def _line(text: str, x0: float, top: float, size: float = 10.0, direction: tuple[float, float] = (1.0, 0.0),
          width: float | None = None) -> Line:
    w = width if width is not None else 0.5 * size * len(text)
    bbox = (x0, top, x0 + w, top + 1.2 * size) if direction[1] == 0 else (x0, top, x0 + 1.2 * size, top + w)
    return Line((Span(text, bbox, size=size, direction=direction),), bbox)


def _texts(lines: tuple[Line, ...]) -> list[str]:
    return [ln.text for ln in lines]


def test_an_equal_copy_on_the_same_spot_goes_and_the_one_drawn_last_stays() -> None:
    under, over = _line("COMPARISON OF 5 YEAR RETURN", 153, 481), _line("COMPARISON OF 5 YEAR RETURN", 153, 481)
    kept, copies = split_overprints([under, over])
    assert kept == (over,) and copies == (under,)


def test_a_fake_bold_word_over_the_start_of_its_line_goes() -> None:
    word = _line("Revenue", 72.0, 89.0, width=40)
    line = _line("Revenue grew by five percent in the year.", 72.2, 89.0, width=184)
    kept, copies = split_overprints([word, line])
    assert _texts(kept) == [line.text] and _texts(copies) == ["Revenue"]


def test_a_shadow_a_point_away_goes() -> None:
    shadow, title = _line("Chairman's Statement", 73, 181, size=18), _line("Chairman's Statement", 72, 180, size=18)
    assert split_overprints([shadow, title]) == ((title,), (shadow,))


def test_vertical_copies_go_but_neighbouring_vertical_lines_stay() -> None:
    up = (0.0, -1.0)
    name = _line("Anne-Marie Mahfouf", 260.7, 469.0, size=12, direction=up)
    longer = _line("Anne-Marie Mahfouf et Aleix Pol", 227.0, 436.6, size=12, direction=up)  # the column left of it
    assert split_overprints([longer, name]) == ((longer, name), ())
    assert split_overprints([name, _line("Anne-Marie Mahfouf", 260.9, 469.0, size=12, direction=up)])[1] == (name,)


def test_lines_that_only_share_text_stay() -> None:
    row = [_line("0.5", 100 + 60 * k, 300) for k in range(4)]  # one table row, the same figure in each cell
    below = _line("0.5", 100, 312)
    other_size = _line("Revenue", 72, 89, size=7)  # a smaller line over a larger one: not a copy
    line = _line("Revenue grew", 72, 89, size=10)
    marker = _line("1", 110, 89)  # a lone character: a marker, not a copy
    lines = [*row, below, other_size, line, marker]
    assert split_overprints(lines) == (tuple(lines), ())


def test_a_copy_away_from_where_its_text_sits_in_the_longer_line_stays() -> None:
    # a "year" drawn where the line says something else is no copy of it
    line = _line("year after year of growth in every", 72, 100, width=170)
    stray = _line("year", 200, 100, width=20)  # near "every": neither "year" of the line sits there
    assert split_overprints([line, stray])[1] == ()


_words = st.sampled_from(["Revenue", "grew", "by", "利润", "增长", "2022", "0.5", "Statement"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.lists(_words, min_size=1, max_size=4), st.sampled_from([72.0, 72.2, 73.0, 140.0]),
                          st.sampled_from([100.0, 100.3, 130.0]), st.sampled_from([9.0, 10.0])),
                max_size=8))
def test_copies_partition_the_lines_and_every_copy_stays_readable_elsewhere(rows: list) -> None:
    lines = [_line(" ".join(words), x, top, size) for words, x, top, size in rows]
    kept, copies = split_overprints(lines)
    assert sorted(map(id, kept + copies)) == sorted(map(id, lines))
    kept_ids = {id(ln) for ln in kept}
    assert [id(ln) for ln in lines if id(ln) in kept_ids] == [id(ln) for ln in kept]  # stream order kept
    squeezed = ["".join(ln.text.split()) for ln in kept]
    assert all(any("".join(c.text.split()) in k for k in squeezed) for c in copies)


def _overprinted_pdf(path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for dx in (0.0, 0.3):  # WPS-style fake bold: the heading twice, a fraction of a point apart
        writer = pymupdf.TextWriter(page.rect)
        writer.append((72 + dx, 100), "第一节 重要提示", font=cjk_font(), fontsize=16)
        writer.write_text(page)
    page.insert_text((72, 160), "Highlights", fontsize=18, color=(1, 1, 1))  # a white halo under the title
    page.insert_text((72, 160), "Highlights", fontsize=18)
    page.insert_text((72, 200), "Revenue", fontsize=10)  # one bold word, drawn twice
    page.insert_text((72.2, 200), "Revenue grew by five percent in the year.", fontsize=10)
    doc.save(path)


def test_overprinted_text_reads_once_and_the_copies_are_accounted_for(tmp_path: Path) -> None:
    _overprinted_pdf(tmp_path / "bold.pdf")
    status = run_document(tmp_path / "bold.pdf", "bold", tmp_path / "out", Config())
    assert status["status"] == "ok", status
    folder = tmp_path / "out" / "bold"
    text = "".join(f.read_text(encoding="utf-8") for f in sorted((folder / "chapters").glob("*.md")))
    squeezed = "".join(text.split())
    for phrase in ("第一节重要提示", "Highlights", "Revenuegrewbyfivepercentintheyear."):
        assert squeezed.count(phrase) == 1, (phrase, text)
    assert squeezed.count("Revenue") == 1
    removed = [json.loads(line) for line in (folder / "removed.jsonl").read_text(encoding="utf-8").splitlines()]
    copies = sorted(r["text"] for r in removed if r["reason"] == "overprint")
    assert copies == ["Highlights", "Revenue", "第一节重要提示"], removed
