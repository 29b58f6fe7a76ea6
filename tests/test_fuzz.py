"""Fuzzing (issue 8): generated text through the text-dump parser and the cleaning rules,
and corrupted real PDFs through the isolated document runner.

Text: never a crash other than BadInput; cleaning is idempotent; what comes
out is NFC and encodes as UTF-8.  PDFs: mutants of the shipped sample (and of
``../shared/corpus`` when present) made with a fixed seed (bytes flipped,
zeroed, truncated, duplicated; the cross-reference area and streams hit on
purpose); each one comes back ``ok`` (whole output folder) or ``failed`` with a
one-line reason (no folder), never raises, never outlives its time limit.
Both print how many cases they tried (``pytest -s``).
"""

from __future__ import annotations

import json
import multiprocessing as mp
import random
import tempfile
import time
import unicodedata
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import regex as re
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.config import Config
from pipeline.furniture import lines as furniture
from pipeline.isolate import GRACE
from pipeline.normalize import clean_line, clean_text, join_lines
from pipeline.output import chapter_files
from pipeline.process import clean
from pipeline.runner import run_document
from pipeline.textdump import load_textdump
from pipeline.types import BadInput

from .conftest import CORPUS, ROOT

SAMPLE = ROOT / "raw" / "shanghai-2022-sample.pdf"

# Characters that have broken text cleaners somewhere, mixed into arbitrary ones.
SPECIALS = ["\u200b", "\u200e", "\u202e", "\u2066", "\u061c", "\u180e", "\ufeff", "\u00ad", "\ufb01", "\ufb03",
            "\u3000", "\u00a0", "\u1680", "\u2009", "\x0b", "\x0c", "\r", "\x1c", "\x85", "\u2028", "\x00", "\x1b",
            "\ue000", "\uf0b7", "\ufffd", "\ud800", "\udfff", "e", "\u0301", "\u1100", "\u1161", "加", "科", "，",
            "。", " ", "  ", "\t", "-", "a", "B", "1", "."]
CHAR = st.one_of(st.characters(), st.sampled_from(SPECIALS))
LINE = st.lists(CHAR, max_size=40).map("".join)
CLEAN_CHAR = re.compile(r"[\p{Cs}\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]")
FURNITURE_LINES = ["", "12", "0403", "79 80", "- 3 -", "第12页", "xiv", "HistoryItem_V1", "QITE_QuiteImposingPlus4",
                   "report.indd  12  2023/2/14  11:08:20", "第一章 总则", "第二部分｜强化战略科技力量",
                   "23838 2280 780321133527613", "81.77%", "2022上海科技进步报告", "Growth was strong.", "\f"]
RULES = [furniture.page_number, furniture.imposition_history, furniture.slug_line, furniture.chart_soup]


def _assert_clean(text: str) -> None:
    """NFC, valid UTF-8, no controls other than newline and tab, no invisible marks."""
    text.encode("utf-8")  # raises on lone surrogates
    assert unicodedata.is_normalized("NFC", text)
    assert not CLEAN_CHAR.search(text), ascii(text)


def _run_property(name: str, check: Any, strategy: Any, examples: int) -> None:
    """Run ``check`` on ``examples`` generated cases and print how many were tried."""
    tried = Counter()

    @settings(max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(strategy)
    def run(case: Any) -> None:
        tried["cases"] += 1
        tried[check(case) or "ok"] += 1

    run()
    print(f"fuzz {name}: {dict(tried)}")


def test_clean_line_is_idempotent_and_clean():
    def check(line: str) -> None:
        once = clean_line(line)
        _assert_clean(once)
        assert clean_line(once) == once, ascii(line)
        assert once == once.strip() and "  " not in once
        assert clean_text(clean_text(line)) == clean_text(line)
    _run_property("clean_line", check, LINE, 600)


def test_join_lines_is_clean_and_stable():
    def check(lines: list[str]) -> None:
        joined = join_lines(lines)
        _assert_clean(joined)
        assert join_lines([clean_line(ln) for ln in lines]) == joined, ascii(lines)
        assert "\n" not in joined or any("\n" in ln for ln in lines)
    _run_property("join_lines", check, st.lists(st.one_of(LINE, st.sampled_from(FURNITURE_LINES)), max_size=8), 300)


def test_furniture_line_rules_never_crash_and_ignore_cleaning():
    def check(line: str) -> str:
        verdicts = [rule(line) for rule in RULES]
        for keep, reason in verdicts:
            assert isinstance(keep, bool) and bool(reason) == (not keep)
        assert [rule(clean_line(line)) for rule in RULES] == verdicts, ascii(line)
        return "dropped" if not all(k for k, _ in verdicts) else "kept"
    _run_property("furniture rules", check, st.one_of(LINE, st.sampled_from(FURNITURE_LINES)), 400)


DUMP_LINES = st.lists(st.one_of(LINE, st.sampled_from(FURNITURE_LINES)), max_size=40)
DUMPS = st.one_of(
    st.tuples(DUMP_LINES, st.sampled_from(["\n", "\r\n", "\r"]),
              st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030"])).map(
        lambda t: t[1].join(t[0]).encode(t[2], errors="surrogatepass" if t[2].startswith("utf") else "replace")),
    st.binary(max_size=300),
)


def test_text_dumps_parse_and_clean_or_fail_as_bad_input():
    cfg = Config()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "dump.txt"

        def check(data: bytes) -> str:
            path.write_bytes(data)
            try:
                doc = load_textdump(path, "dump")
            except BadInput as exc:
                assert exc.reason and "\n" not in exc.reason
                return "bad_input"
            for b in doc.blocks():
                _assert_clean(b.text)
            result = clean(doc, cfg)
            for _, text in chapter_files(result.chapters):
                _assert_clean(text)
            return "cleaned"
        _run_property("text dumps", check, DUMPS, 250)


# --- mutated PDFs ------------------------------------------------------------------

MUTANTS = 30
CORPUS_MAX_PAGES = 12  # larger corpus files cost too much time per mutant
LIMITS = {"timeout": 20.0, "memory_mb": 2048}
ONE_LINE = re.compile(r"^[^\n\r]{1,400}$")


def _sources() -> list[Path]:
    """The sample, then the small corpus PDFs (when present), smallest first."""
    found = [SAMPLE]
    if CORPUS.is_dir():
        import pymupdf
        for pdf in sorted(CORPUS.glob("*.pdf"), key=lambda p: p.stat().st_size):
            with pymupdf.open(pdf) as doc:
                if doc.page_count <= CORPUS_MAX_PAGES:
                    found.append(pdf)
    return found


def mutate(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    """One corruption of ``data``: its kind and the corrupted bytes."""
    n = len(data)
    kind = rng.choice(["flip", "zero", "truncate", "duplicate", "xref", "stream"])
    if kind == "truncate":
        return kind, data[:rng.randrange(n // 20, n - 1)]
    if kind == "duplicate":
        a = rng.randrange(n - 64)
        piece = data[a:a + rng.randint(64, 8192)]
        at = rng.randrange(n)
        return kind, data[:at] + piece + data[at:]
    if kind == "xref":  # the cross-reference table and trailer live at the end
        a = rng.randrange(max(0, n - 2048), n - 16)
    elif kind == "stream":
        starts = [m.end() for m in re.finditer(rb"stream\r?\n", data)] or [0]
        a = min(rng.choice(starts) + rng.randrange(64), n - 16)
    else:
        a = rng.randrange(n - 16)
    b = min(n, a + rng.randint(1, 4096 if kind == "zero" else 64))
    if kind == "zero":
        return kind, data[:a] + bytes(b - a) + data[b:]
    return kind, data[:a] + bytes(x ^ rng.randrange(1, 256) for x in data[a:b]) + data[b:]


def _attempt(args: tuple[str, str, str]) -> dict[str, Any]:
    """Run one mutant in a pool worker; never lets an exception out (that is the claim tested)."""
    path, doc_id, out = args
    start = time.perf_counter()
    try:
        status = run_document(Path(path), doc_id, Path(out), Config().with_options(limits=LIMITS))
    except BaseException as exc:  # noqa: BLE001 - recorded, then asserted absent
        status = {"status": "raised", "reason": f"{type(exc).__name__}: {exc}"}
    status.pop("records", None)
    return {**status, "elapsed": time.perf_counter() - start}


def _reason_kind(status: dict[str, Any]) -> str:
    if status["status"] == "ok":
        return "ok"
    return f"{status.get('stage')}: {re.split(r'[:(]', status['reason'])[0].strip()}"


def test_mutated_pdfs_fail_alone_or_process(tmp_path):
    rng = random.Random(20240508)
    sources = _sources()
    jobs, kinds = [], {}
    for k in range(MUTANTS):
        source = sources[0] if k % 3 else sources[k // 3 % len(sources)]  # two thirds from the sample
        kind, data = mutate(source.read_bytes(), rng)
        path = tmp_path / "in" / f"m{k:02d}.pdf"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        kinds[f"m{k:02d}"] = f"{kind} of {source.name}"
        jobs.append((str(path), f"m{k:02d}", str(tmp_path / "out")))
    start = time.perf_counter()
    with ProcessPoolExecutor(2, mp_context=mp.get_context("fork")) as pool:
        statuses = dict(zip(kinds, pool.map(_attempt, jobs)))
    outcomes = Counter(_reason_kind(s) for s in statuses.values() if s["status"] != "raised")
    print(f"mutation: {MUTANTS} mutants of {len(sources)} PDFs in {time.perf_counter() - start:.1f}s; "
          f"by mutation {dict(Counter(k.split(' of ')[0] for k in kinds.values()))}; outcomes {dict(outcomes)}")
    out = tmp_path / "out"
    for doc, status in statuses.items():
        where = f"{doc} ({kinds[doc]})"
        assert status["status"] in ("ok", "failed"), f"{where}: {status}"
        assert status["elapsed"] < LIMITS["timeout"] + GRACE + 5, where
        if status["status"] == "failed":
            assert ONE_LINE.match(status["reason"]) and status["stage"], where
            assert not (out / doc).exists(), f"{where}: failed but left a folder"
        else:
            manifest = json.loads((out / doc / "manifest.json").read_text(encoding="utf-8"))
            assert all((out / doc / c["file"]).is_file() for c in manifest["chapters"]), where
    left = [p.name for p in out.glob(".*") if p.name != ".staging"] + [p.name for p in out.glob(".staging/*")]
    assert not left if out.exists() else True, f"temporary folders left: {left}"


def test_join_lines_composes_across_line_ends():
    """Found by the fuzzer: a Hangul syllable, then a line starting with a final jamo."""
    assert join_lines(["가", "\u11a8다"]) == "각다"
    _assert_clean(join_lines(["가", "\u11a8다"]))
