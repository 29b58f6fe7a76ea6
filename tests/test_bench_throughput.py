"""benchmarks/bench_throughput.py: what the goal of 0.5x get_text would take, from the measured seconds."""

from __future__ import annotations

from types import ModuleType

from .helpers import load_benchmark


def _load() -> ModuleType:
    return load_benchmark("bench_throughput")


def test_target_is_the_speedup_reportclean_own_work_needs() -> None:
    bench = _load()
    row = {"get_text": {"seconds": 1.0}, "reportclean": {"seconds": 5.0}, "its_mupdf": {"seconds": 0.8}}
    # at 0.5x, 2.0 s in all: 1.2 s left beside the text pass, for work that takes 4.2 s now
    assert bench._target(row) == {"own_s": 4.2, "budget_s": 1.2, "speedup_needed": 3.5}


def test_target_needs_all_three_tools() -> None:
    bench = _load()
    assert bench._target({"get_text": {"seconds": 1.0}, "reportclean": {"seconds": 5.0}}) == {}


def test_no_speedup_when_the_text_pass_alone_is_over_the_budget() -> None:
    bench = _load()
    row = {"get_text": {"seconds": 1.0}, "reportclean": {"seconds": 5.0}, "its_mupdf": {"seconds": 2.5}}
    assert "speedup_needed" not in bench._target(row)
