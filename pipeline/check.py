"""Quality checks of cleaned documents: expectations, floors and a baseline.

``reportclean check`` runs the pipeline, then calls :func:`check_batch` on
the output folder.  Per document it measures :data:`pipeline.measure.METRICS`
and judges them as separate checks, each a :class:`Check` that passes, fails
or is skipped:

- ``run``: the document was cleaned (its status is ``ok`` and its output was
  made with the current settings);
- one check per metric: within its ``floors``/``ceilings`` and not worse
  than the baseline by more than ``tolerance * scale`` (the direction and
  scale are the metric's);
- ``must_include`` / ``must_exclude``: phrases that must (not) occur in the
  output, compared without whitespace, NFKC;
- ``chapter_titles`` (from the ``chapters`` list): every expected title is contained in some chapter title,
  compared without whitespace and punctuation, case-folded.

Expectations are TOML or JSON keyed by document id; the ``_default`` entry
applies to every document (its phrase lists are extended by a document's own,
its floors and ceilings overridden metric by metric)::

    [_default.floors]
    recall_12 = 0.9
    [shanghai-2022-sample]
    must_include = ["上海已成功跻身全球主要创新型城市行列"]
    must_exclude = ["2022上海科技进步报告"]
    chapters = ["前言"]
    ceilings = { dup_residue_20 = 0.02 }

Limits: a phrase is looked for in the whole document, not in a given
chapter; a document the expectations name but the inputs lack is reported
with every check skipped, not failed, so a subset can be checked.
"""

from __future__ import annotations

import json
import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import batch
from . import patterns as P
from .config import Config
from .measure import BY_NAME, METRIC_NAMES, DocOutput, load_output, measure, squeeze
from .rawtext import raw_pages
from .runner import run_document

DEFAULT_KEY = "_default"
DEFAULT_TOLERANCE = 0.01
PHRASE_CHECKS = ("must_include", "must_exclude", "chapter_titles")
EXPECTATION_KEYS = {"must_include", "must_exclude", "chapters", "floors", "ceilings"}


@dataclass(frozen=True)
class Expectation:
    """What one document must show; every field optional."""

    must_include: tuple[str, ...] = ()
    must_exclude: tuple[str, ...] = ()
    chapters: tuple[str, ...] = ()
    floors: dict[str, float] = field(default_factory=dict)
    ceilings: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for bound in (self.floors, self.ceilings):
            unknown = sorted(set(bound) - set(METRIC_NAMES))
            if unknown:
                raise ValueError(f"unknown metric {', '.join(unknown)}: use one of {', '.join(METRIC_NAMES)}")

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], default: Expectation | None = None) -> Expectation:
        """Build from a file entry; lists add to ``default``'s, bounds override it metric by metric.

        Raises:
            ValueError: for an unknown key or metric, saying which.
        """
        unknown = sorted(set(d) - EXPECTATION_KEYS)
        if unknown:
            raise ValueError(f"unknown key {', '.join(unknown)}: use {', '.join(sorted(EXPECTATION_KEYS))}")
        base = default or cls()
        return cls(
            base.must_include + _strings(d, "must_include"), base.must_exclude + _strings(d, "must_exclude"),
            base.chapters + _strings(d, "chapters"),
            {**base.floors, **{k: float(v) for k, v in d.get("floors", {}).items()}},
            {**base.ceilings, **{k: float(v) for k, v in d.get("ceilings", {}).items()}},
        )


def _strings(d: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = d.get(key, ())
    if isinstance(value, str) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{key} must be a list of strings, e.g. {key} = [\"...\"]")
    return tuple(value)


def load_expectations(path: Path | None) -> dict[str, Expectation]:
    """Expectations per document id from TOML (``.toml``) or JSON; ``_default`` kept under its key.

    Raises:
        OSError: the file cannot be read.  ValueError: bad syntax, key or metric, naming the entry.
    """
    if path is None:
        return {}
    text = path.read_text(encoding="utf-8")
    data = tomllib.loads(text) if path.suffix.lower() == ".toml" else json.loads(text)
    default = Expectation.from_dict(data.get(DEFAULT_KEY, {}))
    out = {DEFAULT_KEY: default}
    for doc, entry in data.items():
        if doc != DEFAULT_KEY:
            try:
                out[doc] = Expectation.from_dict(entry, default)
            except (ValueError, TypeError, AttributeError) as exc:
                raise ValueError(f"{path}: [{doc}]: {exc}") from None
    return out


def load_baseline(path: Path | None) -> dict[str, dict[str, float]]:
    """Metrics per document from an earlier ``check --json`` result (empty without a path)."""
    if path is None:
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {doc: d.get("metrics", {}) for doc, d in data.get("documents", {}).items()}


@dataclass(frozen=True)
class Check:
    """One check of one document: ``outcome`` is ``pass``, ``fail`` or ``skip``."""

    doc: str
    name: str
    outcome: str
    message: str = ""
    value: Any = None
    floor: float | None = None
    ceiling: float | None = None
    baseline: float | None = None

    @property
    def failed(self) -> bool:
        return self.outcome == "fail"

    def to_dict(self) -> dict[str, Any]:
        d = {"check": self.name, "outcome": self.outcome, "message": self.message, "value": _json_num(self.value)}
        d.update({k: v for k, v in (("floor", self.floor), ("ceiling", self.ceiling), ("baseline", self.baseline))
                  if v is not None})
        return d


def _json_num(v: Any) -> Any:
    return None if isinstance(v, float) and math.isnan(v) else v


def check_metric(doc: str, name: str, value: float, exp: Expectation, base: float | None, tolerance: float) -> Check:
    """Judge one metric against its floor, ceiling and baseline; NaN fails any bound it has."""
    floor, ceiling = exp.floors.get(name), exp.ceilings.get(name)
    kw: dict[str, Any] = {"value": value, "floor": floor, "ceiling": ceiling, "baseline": base}
    nan = isinstance(value, float) and math.isnan(value)
    if floor is not None and (nan or value < floor):
        return Check(doc, name, "fail", f"{doc}: {name} = {_fmt(value)} below floor {_fmt(floor)}", **kw)
    if ceiling is not None and (nan or value > ceiling):
        return Check(doc, name, "fail", f"{doc}: {name} = {_fmt(value)} above ceiling {_fmt(ceiling)}", **kw)
    worse = _worse_by(name, value, base)
    allowed = tolerance * BY_NAME[name].scale
    if worse > allowed + 1e-12:
        return Check(doc, name, "fail", f"{doc}: {name} = {_fmt(value)} worse than baseline {_fmt(base)} "
                                        f"by {_fmt(worse)} (tolerance {_fmt(allowed)})", **kw)
    return Check(doc, name, "pass", f"{name} = {_fmt(value)}", **kw)


def _worse_by(name: str, value: float, base: float | None) -> float:
    """How much worse ``value`` is than ``base`` in the metric's direction (0 when better or unknown)."""
    better = BY_NAME[name].better
    if base is None or better == "none" or any(isinstance(v, float) and math.isnan(v) for v in (value, base)):
        return 0.0
    return max(0.0, (base - value) if better == "higher" else (value - base))


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return "n/a" if math.isnan(v) else f"{v:.4g}"
    return str(v)


def check_phrases(doc: str, out: DocOutput, exp: Expectation) -> list[Check]:
    """The ``must_include``, ``must_exclude`` and ``chapter_titles`` checks of one document."""
    text = squeeze(out.plain_text())
    missing = [p for p in exp.must_include if squeeze(p) not in text]
    present = [p for p in exp.must_exclude if squeeze(p) and squeeze(p) in text]
    titles = [title_key(t) for t in out.titles]
    absent = [t for t in exp.chapters if not any(title_key(t) in have for have in titles)]
    return [
        _list_check(doc, "must_include", exp.must_include, missing, "missing phrase"),
        _list_check(doc, "must_exclude", exp.must_exclude, present, "excluded phrase present"),
        _list_check(doc, "chapter_titles", exp.chapters, absent, "expected chapter title not found"),
    ]


def title_key(title: str) -> str:
    """A title compared by letters and digits only: ``"1.1 强化 战略，" -> "11强化战略"``."""
    return P.TITLE_NOISE.sub("", squeeze(title)).casefold()


def _list_check(doc: str, name: str, wanted: Sequence[str], bad: Sequence[str], what: str) -> Check:
    if not wanted:
        return Check(doc, name, "skip", "no expectation")
    if bad:
        shown = "; ".join(repr(b) for b in bad)
        return Check(doc, name, "fail", f"{doc}: {what} ({len(bad)} of {len(wanted)}): {shown}", value=len(bad))
    return Check(doc, name, "pass", f"{len(wanted)} of {len(wanted)} as expected", value=0)


def skipped_checks(doc: str, message: str) -> list[Check]:
    """Every check but ``run``, skipped: the document has no output to judge."""
    return [Check(doc, name, "skip", message) for name in (*METRIC_NAMES, *PHRASE_CHECKS)]


@dataclass(frozen=True)
class DocResult:
    doc: str
    source: str
    metrics: dict[str, float]
    checks: tuple[Check, ...]

    @property
    def failures(self) -> list[Check]:
        return [c for c in self.checks if c.failed]


def check_document(doc: str, source: Path, folder: Path, exp: Expectation, base: Mapping[str, float],
                   tolerance: float) -> DocResult:
    """Measure and judge one cleaned document folder (its ``run`` check passed)."""
    out = load_output(folder)
    try:
        raw: list[str] | None = raw_pages(source, out.manifest)
    except (OSError, RuntimeError, ValueError):
        raw = None  # recall becomes NaN: fails a floor, shows as n/a
    metrics = measure(out, raw)
    checks = [Check(doc, "run", "pass", "cleaned")]
    checks += [check_metric(doc, name, metrics[name], exp, base.get(name), tolerance) for name in METRIC_NAMES]
    checks += check_phrases(doc, out, exp)
    return DocResult(doc, str(source), metrics, tuple(checks))


def failed_document(doc: str, source: str, reason: str) -> DocResult:
    """A document with no usable output: its ``run`` check fails, the rest are skipped."""
    run = Check(doc, "run", "fail", f"{doc}: not cleaned: {reason}")
    return DocResult(doc, source, {}, (run, *skipped_checks(doc, "document not cleaned")))


def check_batch(items: Sequence[tuple[str, str, str | None]], out: Path, expectations: Mapping[str, Expectation],
                baseline: Mapping[str, Mapping[str, float]], tolerance: float = DEFAULT_TOLERANCE) -> list[DocResult]:
    """Check every ``(path, doc id, failure reason or None)``, plus expected documents not in ``items``."""
    default = expectations.get(DEFAULT_KEY, Expectation())
    results = []
    for path, doc, reason in items:
        if reason is not None:
            results.append(failed_document(doc, path, reason))
            continue
        results.append(check_document(doc, Path(path), out / doc, expectations.get(doc, default),
                                      baseline.get(doc, {}), tolerance))
    seen = {doc for _, doc, _ in items}
    for doc in sorted(set(expectations) - seen - {DEFAULT_KEY}):
        results.append(absent_document(doc))
    return results


def absent_document(doc: str) -> DocResult:
    """A document the expectations name but the inputs do not hold: every check skipped, none failed."""
    reason = "named in the expectations but not among the inputs"
    return DocResult(doc, "", {}, (Check(doc, "run", "skip", reason), *skipped_checks(doc, reason)))


def current_items(items: Sequence[tuple[str, str]], out: Path, cfg: Config) -> list[tuple[str, str, str | None]]:
    """``(path, doc, failure reason or None)`` per planned document, after the batch ran.

    A document whose folder was written with other settings (a later run with
    another config replaced it; its status is then ``ok``, or invalid because
    the file sizes it recorded no longer match) is cleaned again here with
    ``cfg``, so the check never judges another setting's output.
    """
    fp = cfg.fingerprint()
    found: list[tuple[str, str, str | None]] = []
    for path, doc in items:
        status = batch.read_status(out, fp, doc, path)
        if (status is None or status.get("status") == "ok") and _fingerprint(out / doc) not in ("", fp):
            # durable: no shard barrier follows this, and the shard's marker already vouches for the folder
            status = batch.save_status(out, fp, path, run_document(Path(path), doc, out, cfg, durable=True))
        if status is None:
            found.append((path, doc, "no status: the run did not reach this document"))
        else:
            found.append((path, doc, None if status.get("status") == "ok"
                          else f"{status.get('reason', '')} (stage {status.get('stage', '')})"))
    return found


def _fingerprint(folder: Path) -> str:
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    return str((manifest.get("config") or {}).get("fingerprint", ""))
