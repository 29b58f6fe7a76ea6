"""reportclean check: metrics, expectations, baseline, table/JSON/JUnit, and the committed gates."""

from __future__ import annotations

import json
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pymupdf
import pytest

from fixtures.layouts import build_doc, plain
from pipeline.check import (
    DEFAULT_KEY, PHRASE_CHECKS, Expectation, check_batch, check_metric, load_baseline, load_expectations,
)
from pipeline.checkreport import format_table, to_json, to_junit
from pipeline.cli import main, parse_args
from pipeline import patterns as P
from pipeline.measure import (
    METRIC_NAMES, furniture_residue, raw_lines, recall, short_line_recall, squeeze,
)

from .conftest import CORPUS, ROOT

CHECKS_PER_DOC = 1 + len(METRIC_NAMES) + len(PHRASE_CHECKS)  # run, every metric, phrase checks
BODY = "上海已成功跻身全球主要创新型城市行列，源源不断的科技供给正成为上海迈向现代化国际大都市的强大驱动力。"


# --- metrics -----------------------------------------------------------------------------------

@pytest.mark.parametrize("lines, kept, expected", [
    (["abcdef"], ["xabcdx"], 0.5),  # abc, bcd of abc bcd cde def
    (["abcdef"], ["abcdef"], 1.0),
    (["ab"], ["zz"], 1.0),  # nothing long enough to measure
    (["abc def"], ["abcdef"], 1.0),  # whitespace never counts
])
def test_recall_counts_distinct_runs(lines: list[str], kept: list[str], expected: float) -> None:
    assert recall(lines, kept, n=3) == pytest.approx(expected)


def test_raw_lines_heal_hyphens_and_recall_ignores_line_order() -> None:
    lines = raw_lines(["second line of text\nfirst line of text\nexam-\nple word here"])
    assert "example word here" in lines
    assert recall(lines, ["first line of text second line of text example word here"]) == 1.0
    assert P.RAW_HYPHEN_BREAK.sub("", "exam-\nple") == "example"
    assert raw_lines(["our non-\nfinancial report"]) == ["our non-financial report"]  # healed as paragraphs join


def test_short_line_recall_skips_bare_numbers() -> None:
    assert short_line_recall(["营业收入", "12", "净利润合计"], "营业收入 1,000") == pytest.approx(0.5)


def test_furniture_residue_finds_a_missed_head_and_folio_but_not_chapter_titles() -> None:
    removed = [{"page": 2, "reason": "running_head", "text": "2022上海科技进步报告"},
               {"page": 2, "reason": "page_number", "text": "04"},
               {"page": 3, "reason": "running_foot", "text": "3 / 4 请务必阅读正文之后的信息披露和法律声明"}]
    blocks = [{"page": 1, "text": "请务必阅读正文之后的信息披露和法律声明[Table_Base]"},  # foot without its number
              {"page": 3, "text": "正文"}, {"page": 5, "text": "07"},  # folio: page 5 + offset 2
              {"page": 6, "text": "2022上海科技进步报告"}]  # a chapter title, not a head
    heads, folios = furniture_residue(blocks, removed, titles=["2022上海科技进步报告"])
    assert heads == pytest.approx(1 / 4)
    assert folios == pytest.approx(1 / 4)


@pytest.mark.parametrize("value, floor, ceiling, base, outcome", [
    (0.95, 0.9, None, None, "pass"),
    (0.85, 0.9, None, None, "fail"),  # below the floor
    (0.95, None, None, 0.99, "fail"),  # worse than the baseline by 0.04 > 0.01
    (0.985, None, None, 0.99, "pass"),  # within the tolerance
    (float("nan"), 0.9, None, None, "fail"),  # unmeasured fails a floor
])
def test_check_metric(value: float, floor: float | None, ceiling: float | None, base: float | None,
                      outcome: str) -> None:
    exp = Expectation(floors={"recall_12": floor} if floor is not None else {})
    check = check_metric("d", "recall_12", value, exp, base, tolerance=0.01)
    assert check.outcome == outcome
    if outcome == "fail":
        assert "d: recall_12 = " in check.message


def test_lower_is_better_metric_fails_when_it_rises_past_ceiling_or_baseline() -> None:
    exp = Expectation(ceilings={"dup_residue_20": 0.05})
    assert check_metric("d", "dup_residue_20", 0.06, exp, None, 0.01).message.endswith("above ceiling 0.05")
    assert check_metric("d", "dup_residue_20", 0.03, Expectation(), 0.01, 0.01).failed
    assert not check_metric("d", "dup_residue_20", 0.0, Expectation(), 0.01, 0.01).failed


def test_expectations_merge_defaults_and_reject_unknown_names(tmp_path: Path) -> None:
    path = tmp_path / "e.toml"
    path.write_text('[_default]\nmust_exclude = ["head"]\nfloors = { recall_12 = 0.9 }\n'
                    '[doc]\nmust_exclude = ["slug"]\nfloors = { recall_12 = 0.5 }\n', encoding="utf-8")
    exp = load_expectations(path)
    assert exp["doc"].must_exclude == ("head", "slug") and exp["doc"].floors == {"recall_12": 0.5}
    assert exp[DEFAULT_KEY].floors == {"recall_12": 0.9}
    path.write_text('[doc]\nfloors = { recal = 0.5 }\n', encoding="utf-8")
    with pytest.raises(ValueError, match="recal"):
        load_expectations(path)


# --- a hand-made output folder: no pipeline needed ---------------------------------------------

def fake_output(root: Path, doc: str, body: str, removed: list[dict] | None = None) -> Path:
    """A document folder as ``run`` writes it, cleaned from ``root/<doc>.txt``."""
    source = root / f"{doc}.txt"
    source.write_text(f"报告标题\n{body}\n1\n", encoding="utf-8")
    folder = root / "out" / doc
    (folder / "chapters").mkdir(parents=True)
    (folder / "chapters" / "01-前言.md").write_text(f"# 前言\n\n{body}\n", encoding="utf-8")
    manifest = {"doc": doc, "source": {"path": str(source), "kind": "txt"}, "pages": 1,
                "chapters": [{"index": 1, "title": "前言", "file": "chapters/01-前言.md", "first_page": 1,
                              "last_page": 1}], "pages_without_text": 0}
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    (folder / "blocks.jsonl").write_text(json.dumps({"chapter": 1, "block": "p0-b1", "page": 1, "bbox": [0, 1, 0, 2],
                                                     "kind": "body", "order": 0, "text": body}) + "\n")
    (folder / "removed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in removed or []))
    return source


def test_table_json_and_junit_from_an_output_folder(tmp_path: Path) -> None:
    items = [(str(fake_output(tmp_path, d, BODY)), d, None) for d in ("a", "b")]
    exp = {"a": Expectation(must_include=("跻身全球主要创新型城市行列", "不存在的句子"), chapters=("前言",))}
    results = check_batch(items, tmp_path / "out", exp, {})
    table = format_table(results)
    assert "a " in table and "FAIL a: missing phrase (1 of 2): '不存在的句子'" in table
    data = to_json(results, 0.01)
    assert data["ok"] is False and data["documents"]["b"]["metrics"]["chapters"] == 1
    assert data["documents"]["a"]["metrics"]["recall_12"] == pytest.approx(1.0)
    suite = ET.fromstring(to_junit(results)).find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    assert len(cases) == 2 * CHECKS_PER_DOC
    assert len({(c.get("classname"), c.get("name")) for c in cases}) == len(cases)
    failed = [c for c in cases if c.find("failure") is not None]
    assert [(c.get("classname"), c.get("name")) for c in failed] == [("a", "must_include")]


def test_baseline_flags_a_worse_metric_and_absent_documents_are_skipped(tmp_path: Path) -> None:
    items = [(str(fake_output(tmp_path, "a", BODY)), "a", None)]
    better = {"a": {"recall_12": 1.0, "dup_residue_20": -0.5}}
    results = check_batch(items, tmp_path / "out", {"ghost": Expectation()}, better, tolerance=0.01)
    messages = [c.message for r in results for c in r.failures]
    assert any(m.startswith("a: dup_residue_20 = 0 worse than baseline -0.5") for m in messages)
    assert not any(m.startswith("ghost") for m in messages)
    ghost = next(r for r in results if r.doc == "ghost")
    assert {c.outcome for c in ghost.checks} == {"skip"}


def test_baseline_reads_back_a_json_result(tmp_path: Path) -> None:
    results = check_batch([(str(fake_output(tmp_path, "a", BODY)), "a", None)], tmp_path / "out", {}, {})
    path = tmp_path / "r.json"
    path.write_text(json.dumps(to_json(results, 0.01)), encoding="utf-8")
    assert load_baseline(path)["a"]["chapters"] == 1


# --- the command, end to end on a generated fixture --------------------------------------------

@pytest.fixture(scope="module")
def plain_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fixtures") / "plain.pdf"
    path.write_bytes(plain(build_doc())[0])
    return path


def test_parse_args_check_and_report() -> None:
    args = parse_args(["check", "x.pdf", "--expect", "e.toml", "--junit", "j.xml", "--tolerance", "0.05"])
    assert (args.command, args.inputs, args.tolerance, args.out) == ("check", ["x.pdf"], 0.05, "cleaned")
    assert parse_args(["report", "cleaned/doc", "--out", "html"]).paths == ["cleaned/doc"]
    assert parse_args(["run"]).inputs == ["raw"]
    with pytest.raises(SystemExit):
        parse_args(["check", "--tolerance", "-1"])


def test_check_command_gates_phrases_and_baseline(plain_pdf: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out, result, junit = tmp_path / "out", tmp_path / "r.json", tmp_path / "j.xml"
    committed = ROOT / "checks" / "fixtures.toml"
    code = main(["check", str(plain_pdf), "--out", str(out), "--expect", str(committed),
                 "--json", str(result), "--junit", str(junit)])
    assert code == 0, capsys.readouterr().out
    cases = ET.parse(junit).getroot().findall("./testsuite/testcase")
    ran = [c for c in cases if c.get("classname") == "plain"]
    assert len(ran) == CHECKS_PER_DOC and not [c for c in ran if c.find("skipped") is not None]
    assert not [c for c in cases if c.find("failure") is not None]

    demand = tmp_path / "demand.toml"
    demand.write_text('[plain]\nmust_include = ["这句话不在报告里"]\n', encoding="utf-8")
    assert main(["check", str(plain_pdf), "--out", str(out), "--expect", str(demand)]) == 1
    assert "plain: missing phrase (1 of 1): '这句话不在报告里'" in capsys.readouterr().out

    worse = tmp_path / "worse.toml"
    # near-duplicate thresholds so loose that distinct paragraphs go: recall drops
    worse.write_text("[dedup]\nthreshold = 0.05\ncontainment = 0.2\n", encoding="utf-8")
    code = main(["check", str(plain_pdf), "--out", str(out), "--config", str(worse),
                 "--baseline", str(result), "--tolerance", "0"])
    printed = capsys.readouterr().out
    assert code == 1 and "FAIL plain: " in printed and "worse than baseline" in printed

    # The folder now holds the worse setting's output: checking the default again re-cleans it.
    assert main(["check", str(plain_pdf), "--out", str(out), "--baseline", str(result), "--tolerance", "0"]) == 0


def test_fixture_expectations_name_built_variants() -> None:
    from scripts.build_fixtures import VARIANTS

    expectations = load_expectations(ROOT / "checks" / "fixtures.toml")
    assert set(expectations) - {DEFAULT_KEY} == set(VARIANTS)


# --- the committed corpus expectations are real ------------------------------------------------

def raw_text(pdf: Path, hidden: bool) -> str:
    flags = pymupdf.TEXTFLAGS_TEXT & ~pymupdf.TEXT_MEDIABOX_CLIP if hidden else pymupdf.TEXTFLAGS_TEXT
    with pymupdf.open(pdf) as doc:
        clip = pymupdf.INFINITE_RECT() if hidden else None
        return squeeze(P.RAW_HYPHEN_BREAK.sub("", "\n".join(p.get_text(flags=flags, clip=clip) for p in doc)))


@pytest.mark.corpus
def test_corpus_expectations_quote_the_pdfs(corpus_dir: Path) -> None:
    expectations = tomllib.loads((ROOT / "checks" / "corpus.toml").read_text(encoding="utf-8"))
    for doc, exp in expectations.items():
        pdf = corpus_dir / f"{doc}.pdf"
        assert pdf.is_file(), f"checks/corpus.toml names {doc}, which is not in {CORPUS}"
        visible, everything = raw_text(pdf, hidden=False), raw_text(pdf, hidden=True)
        for phrase in exp.get("must_include", ()):
            assert squeeze(phrase) in visible, f"{doc}: must_include {phrase!r} is not in the PDF"
        for phrase in exp.get("must_exclude", ()):
            assert squeeze(phrase) in everything, f"{doc}: must_exclude {phrase!r} is not in the PDF at all"
