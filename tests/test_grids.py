"""Ruled tables read from their grid (pipeline.grids): cells, merged cells, what is not a table."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.config import Config
from pipeline.grids import ruled_tables
from pipeline.runner import run_document
from pipeline.types import TABLE, BBox, Line, Span

X = [50.0, 200.0, 300.0, 400.0]  # column rules
ROW_H = 30.0


def line(text: str, x: float, y: float, size: float = 9.0) -> Line:
    box = (x, y, x + 5.0 * len(text), y + size)
    return Line((Span(text, box, "Helvetica", size),), box)


def cell_rects(xs: list[float], ys: list[float], gap: float = 0.25) -> list[BBox]:
    """Filled cell rectangles leaving hairline gaps, as Word and WPS draw table borders."""
    return [(a + gap, b + gap, c - gap, d - gap) for b, d in zip(ys, ys[1:]) for a, c in zip(xs, xs[1:])]


def grid_rules(xs: list[float], ys: list[float]) -> list[BBox]:
    """Stroked rules: one thin box per horizontal and vertical line."""
    return ([(xs[0], y - 0.25, xs[-1], y + 0.25) for y in ys] + [(x - 0.25, ys[0], x + 0.25, ys[-1]) for x in xs])


ROWS = [("Name", "Kind", "Share"), ("Hong Kong Securities", "Foreign", "29.43%"),
        ("Beijing Haihongyuan", "Domestic", "9.33%"), ("Yang Qinxiu", "Person", "3.20%")]


def table_lines(top: float = 100.0) -> list[Line]:
    out = []
    for r, row in enumerate(ROWS):
        for c, text in enumerate(row):
            out.append(line(text, X[c] + 4, top + r * ROW_H + 8))
    return out


@pytest.mark.parametrize("drawn", [cell_rects, grid_rules])
def test_a_ruled_grid_is_read_row_by_row(drawn) -> None:
    ys = [100.0 + k * ROW_H for k in range(len(ROWS) + 1)]
    body = line("A paragraph above the table.", 50, 60)
    tables, rest = ruled_tables([body] + table_lines(), drawn(X, ys), 3, (600, 800))
    assert rest == [body]
    assert len(tables) == 1 and tables[0].kind == TABLE and tables[0].id == "p3-t0"
    assert tables[0].text.split("\n") == [" | ".join(r) for r in ROWS]


def test_a_cell_of_several_lines_stays_one_cell_and_merged_cells_join() -> None:
    ys = [100.0, 130.0, 190.0, 220.0]
    lines = [line("Holder", 54, 108), line("Shares", 204, 108), line("Pledged", 304, 108),
             line("Tai Da Hongli Fund", 54, 138), line("asset plan 31", 54, 150), line("10,739,518", 204, 138),
             line("Total", 54, 198), line("10,739,518", 254, 198)]
    rules = grid_rules(X, ys)
    rules = [r for r in rules if not (abs(r[0] - 300.0) < 1 and r[1] == ys[0])]  # no rule at x=300 ...
    rules += [(299.75, ys[0], 300.25, ys[2])]  # ... in the last row: "Total"'s figure spans two columns
    tables, rest = ruled_tables(lines, rules, 0, (600, 800))
    assert rest == []
    assert tables[0].text.split("\n") == ["Holder | Shares | Pledged", "Tai Da Hongli Fund asset plan 31 | 10,739,518",
                                          "Total | 10,739,518"]


def test_notes_across_the_whole_grid_stay_out_of_the_table() -> None:
    ys = [100.0 + k * ROW_H for k in range(len(ROWS) + 1)] + [100.0 + len(ROWS) * ROW_H + 40]
    note = line("(1) Shares held through nominees.", 54, ys[-2] + 8)
    rules = grid_rules(X, ys[:-1]) + [(X[0], ys[-1] - 0.25, X[-1], ys[-1] + 0.25),
                                      (X[0] - 0.25, ys[-2], X[0] + 0.25, ys[-1]), (X[-1] - 0.25, ys[-2], X[-1] + 0.25, ys[-1])]
    tables, rest = ruled_tables(table_lines() + [note], rules, 0, (600, 800))
    assert rest == [note] and len(tables[0].text.split("\n")) == len(ROWS)


def test_what_is_not_a_table() -> None:
    ys = [100.0 + k * ROW_H for k in range(len(ROWS) + 1)]
    # a third column of text just right of a two-column grid: the table goes on past its rules
    beside = [line(row[2], 204 + 12, 100 + r * ROW_H + 8) for r, row in enumerate(ROWS)]
    two = [ln for ln in table_lines() if ln.bbox[0] < 200]
    assert ruled_tables(two + beside, grid_rules(X[:2], ys), 0, (600, 800))[0] == []
    # chart gridlines: a fine grid holding a few labels
    fine_x, fine_y = [50.0 + 20 * k for k in range(16)], [100.0 + 20 * k for k in range(11)]
    labels = [line("10", 54, 104), line("20", 74, 124), line("30", 94, 144)]
    assert ruled_tables(labels, grid_rules(fine_x, fine_y), 0, (600, 800))[0] == []
    # prose in ruled frames: a page laid out in two framed columns
    prose = [line(f"line {k} of a long column of running text", 54, 104 + 12 * k) for k in range(12)]
    side = [line(f"side {k}", 254, 104 + 12 * k) for k in range(12)]
    frames = grid_rules([50.0, 250.0, 400.0], [100.0, 250.0, 400.0])
    assert ruled_tables(prose + side, frames, 0, (600, 800))[0] == []


def test_a_ruled_pdf_table_comes_out_as_rows(tmp_path: Path) -> None:
    """End to end on a generated PDF: cell rectangles with hairline gaps, a two-line cell, a CJK cell."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=595, height=842)
    page.insert_text((50, 80), "Top ten shareholders at the end of the period.", fontsize=11)
    rows = [("Holder", "Nature", "Share"), ("HKSCC Nominees", "Foreign legal person", "29.43%"),
            ("Beijing Haihongyuan", "Domestic", "9.33%")]
    ys = [100.0 + k * 34 for k in range(len(rows) + 1)]
    for box in cell_rects(X, ys):
        page.draw_rect(pymupdf.Rect(box), color=None, fill=(0.95, 0.95, 0.95), width=0)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            page.insert_text((X[c] + 4, ys[r] + 14), text, fontsize=9)
    page.insert_text((X[0] + 4, ys[1] + 26), "(Agent) Limited", fontsize=9)  # the first cell's second line
    page.insert_text((50, 300), "A sentence after the table closes the section.", fontsize=11)
    pdf.save(tmp_path / "grid.pdf")
    status = run_document(tmp_path / "grid.pdf", "grid", tmp_path / "out", Config())
    assert status["status"] == "ok", status
    text = "\n".join(f.read_text(encoding="utf-8") for f in sorted((tmp_path / "out/grid/chapters").glob("*.md")))
    assert "Holder | Nature | Share" in text
    assert "HKSCC Nominees (Agent) Limited | Foreign legal person | 29.43%" in text
    assert "Beijing Haihongyuan | Domestic | 9.33%" in text
    assert text.index("Top ten shareholders") < text.index("Holder |") < text.index("A sentence after")


def test_a_tall_label_cell_joins_the_row_of_its_text() -> None:
    """Two tables sharing rules leave a label cell spanning a sliver row above its figures."""
    ys = [100.0, 190.0]  # 130-133: a sliver between two close rules beside the label
    lines = [line("Item", 54, 108), line("2021", 204, 108), line("2022", 304, 108),
             line("Revenue", 54, 140), line("746", 204, 140), line("1,567", 304, 140),
             line("Profit", 54, 168), line("59", 204, 168), line("173", 304, 168)]
    rules = [(x - 0.25, ys[0], x + 0.25, ys[-1]) for x in X]
    rules += [(X[0], y - 0.25, X[-1], y + 0.25) for y in (100.0, 130.0, 160.0, 190.0)]
    rules += [(X[1], 132.75, X[-1], 133.25)]  # the rule at 133 runs under the figures only
    tables, _ = ruled_tables(lines, rules, 0, (600, 800))
    assert tables[0].text.split("\n") == ["Item | 2021 | 2022", "Revenue | 746 | 1,567", "Profit | 59 | 173"]


def test_dense_drawings_make_no_table() -> None:
    """A map or a pattern of thousands of small shapes: rules never chain across the page."""
    import random
    rng = random.Random(1)
    boxes = [(x, y, x + rng.uniform(5, 40), y + rng.uniform(5, 40))
             for x, y in ((rng.uniform(0, 560), rng.uniform(0, 800)) for _ in range(3000))]
    lines = [line("Legend", 54, 108), line("North", 204, 108)]
    assert ruled_tables(lines, boxes, 0, (600, 842)) == ([], lines)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 500), st.floats(0, 700), st.floats(0, 300), st.floats(0, 300)), max_size=40),
       st.lists(st.tuples(st.floats(0, 550), st.floats(0, 780), st.sampled_from(["a", "Net profit", "12.5%", "合计"])),
                max_size=30))
def test_no_text_is_lost_or_doubled(boxes, words) -> None:
    """Whatever the drawings, every line comes out once: left in the flow or as cells of one table."""
    drawings = [(x, y, x + w, y + h) for x, y, w, h in boxes]
    lines = [line(t, x, y) for x, y, t in words]
    tables, rest = ruled_tables(lines, drawings, 0, (600, 800))
    cell_spans = [s for t in tables for ln in t.lines for s in ln.spans]
    assert len(rest) + len(cell_spans) == len(lines)
    assert {id(ln) for ln in rest} <= {id(ln) for ln in lines}
    assert sorted(s.bbox for s in cell_spans) == sorted(ln.bbox for ln in lines if ln not in rest)


def test_pieces_of_two_lines_on_one_baseline_of_a_cell_keep_a_space_between_them() -> None:
    """0168011 (a screening form): a cell holding 'Reaches' and 'Pulls me over', drawn as two lines on
    one baseline 13 pt apart, read 'ReachesPulls me over' (invented by scripts/account_check.py)."""
    ys = [100.0 + k * ROW_H for k in range(len(ROWS) + 1)]
    lines = [ln for ln in table_lines() if ln.text != "Hong Kong Securities"]
    lines += [line("Hong", X[0] + 4, ys[1] + 8), line("Kong Securities", X[0] + 4 + 5.0 * len("Hong") + 13, ys[1] + 8),
              line("上海", X[0] + 4, ys[3] + 20), line("科技", X[0] + 4 + 10 + 13, ys[3] + 20)]
    tables, _ = ruled_tables(lines, grid_rules(X, ys), 0, (600, 800))
    rows = tables[0].text.split("\n")
    assert rows[1] == "Hong Kong Securities | Foreign | 29.43%"
    assert rows[3] == "Yang Qinxiu上海科技 | Person | 3.20%"  # lines join as join_lines joins them


def test_a_word_broken_at_a_hyphen_over_two_pieces_of_a_cell_keeps_together() -> None:
    """Uber's 10-K sets a column head 'Non-Preferred' as two pieces on one baseline, 'Non-' and
    'Preferred': with a space put between the pieces of two lines it read 'Non- Preferred'."""
    ys = [100.0 + k * ROW_H for k in range(len(ROWS) + 1)]
    lines = [ln for ln in table_lines() if ln.text != "Hong Kong Securities"]
    lines += [line("Non-", X[0] + 4, ys[1] + 8), line("Preferred", X[0] + 4 + 5.0 * len("Non-") + 2, ys[1] + 8)]
    tables, _ = ruled_tables(lines, grid_rules(X, ys), 0, (600, 800))
    assert tables[0].text.split("\n")[1] == "Non-Preferred | Foreign | 29.43%"


def test_a_grid_open_at_its_sides_is_read_row_by_row() -> None:
    """debian-reference.zh-cn: tables ruled across their whole width, with vertical rules only between
    the columns (none at the outer edges). The grid went from the first inner rule to the last, so
    the first and last columns stood beside it and no table was read: each cell a block of its own,
    and the header cells at a page's top ('软件包', '流行度') removed as running heads on 15 pages."""
    ys = [100.0 + k * ROW_H for k in range(len(ROWS) + 1)]
    edges = [X[0] - 10, X[-1] + 60]  # the horizontal rules run past the first and last column rule
    rules = ([(edges[0], y - 0.25, edges[1], y + 0.25) for y in ys]
             + [(x - 0.25, ys[0], x + 0.25, ys[-1]) for x in X[1:-1]])  # inner column rules only
    lines = [line(text, [X[0] - 6, X[1] + 4, X[2] + 4][c], 100 + r * ROW_H + 8)
             for r, row in enumerate(ROWS) for c, text in enumerate(row)]
    tables, rest = ruled_tables(lines, rules, 0, (600, 800))
    assert rest == [] and len(tables) == 1
    assert tables[0].text.split("\n") == [" | ".join(r) for r in ROWS]
    # a rule under a heading that runs past a grid's last column at one level only opens no side
    heading_rule = [(X[0], 90 - 0.25, X[-1] + 100, 90 + 0.25)]
    closed = grid_rules(X, ys) + heading_rule
    assert ruled_tables(table_lines(), closed, 0, (600, 800))[0][0].text.split("\n") == [" | ".join(r) for r in ROWS]


def test_a_grid_open_at_its_sides_ruling_groups_of_rows_is_left_to_the_rows() -> None:
    """Attention Is All You Need, table 3: rules across the width between groups of rows, vertical
    rules between column groups only. Opened at its sides, each group became one row of cells of
    four lines each ('1 512 512 4 128 128 16 32 32 | 5.29 24.9 5.00 25.5 …'); such a grid stays unread."""
    ys = [100.0, 120.0, 180.0, 240.0, 300.0, 320.0]  # header, three groups of four rows, a last row
    edges = [X[0] - 10, X[-1] + 60]
    rules = ([(edges[0], y - 0.25, edges[1], y + 0.25) for y in ys]
             + [(x - 0.25, ys[0], x + 0.25, ys[-1]) for x in X[1:-1]])
    lines = [line("N", 44, 106), line("d", 204, 106), line("PPL", 304, 106)]
    for g, top in enumerate(ys[1:4]):
        lines += [line(text, x, top + 4 + 13 * k) for k in range(4)
                  for text, x in ((f"{k + 1} 51{g}", 204), (f"5.{k}{g}", 304))]
        lines.append(line(f"({'ABC'[g]})", 44, top + 25))
    lines += [line("big", 44, 306), line("6 1024", 204, 306), line("4.33", 304, 306)]
    tables, _ = ruled_tables(lines, rules, 0, (600, 800))
    assert not any("1 510 2 510" in t.text for t in tables), [t.text for t in tables]


def test_a_form_of_two_columns_of_boxes_is_no_open_grid() -> None:
    """IRS Schedule K-1 (test-707448): the left column's boxes and the right column's are ruled at
    levels of their own, a rule between the columns. Opened at its sides, the page became one table
    whose rows ran Part I's boxes into Part III's ('Part I Information About the Partnership | 15 |
    Credits') and its part titles were no chapters any more."""
    left = [100.0, 130.0, 160.0, 190.0]
    right = [100.0, 115.0, 145.0, 175.0, 190.0]
    rules = ([(40.0, y - 0.25, 300.0, y + 0.25) for y in left] + [(300.0, y - 0.25, 560.0, y + 0.25) for y in right]
             + [(299.75, 100.0, 300.25, 190.0), (329.75, 100.0, 330.25, 190.0)])
    lines = [line(f"Part {k} box", 44, y + 8) for k, y in enumerate(left[:-1])]
    lines += [ln for k, y in enumerate(right[:-1]) for ln in (line(str(k + 1), 304, y + 3), line(f"Income {k}", 334, y + 3))]
    tables, rest = ruled_tables(lines, rules, 0, (600, 800))
    assert not any("Part" in t.text and "Income" in t.text for t in tables), [t.text for t in tables]


def test_an_open_grid_whose_rows_wrap_now_and_then_is_read() -> None:
    """debian-reference.zh-cn p82: a two-column table of commands and what they do, some rows with
    both cells wrapped over two lines: a row of text in each ruled row all the same."""
    ys = [100.0 + 20 * k for k in range(6)]
    rules = ([(40.0, y - 0.25, 560.0, y + 0.25) for y in ys] + [(299.75, ys[0], 300.25, ys[-1])])
    lines = [line("Command", 44, 104), line("Action", 304, 104)]
    for r, top in enumerate(ys[1:-1]):
        lines += [line(f"cmd {r}", 44, top + 4), line(f"does {r}", 304, top + 4)]
        if r == 1:  # both cells of this row wrap
            lines += [line("more args", 44, top + 12), line("and more", 304, top + 12)]
    tables, rest = ruled_tables(lines, rules, 0, (600, 800))
    assert len(tables) == 1 and rest == []
    assert tables[0].text.split("\n")[:3] == ["Command | Action", "cmd 0 | does 0", "cmd 1 more args | does 1 and more"]
