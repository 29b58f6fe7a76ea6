"""Shared test helpers: paths to the optional dev data, small constructors."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
SEED = SHARED / "seed" / "shanghai-2022-progress-report.raw.txt"


@pytest.fixture
def corpus_dir() -> Path:
    if not CORPUS.is_dir() or not any(CORPUS.glob("*.pdf")):
        pytest.skip(f"dev corpus not present at {CORPUS}")
    return CORPUS


@pytest.fixture
def seed_path() -> Path:
    if not SEED.is_file():
        pytest.skip(f"seed text dump not present at {SEED}")
    return SEED
