"""Check results for people and CI: a text table, JSON and JUnit XML.

The JSON (``--json``) is also what ``--baseline`` reads back: per document
its metrics and checks.  The JUnit XML has one ``testcase`` per document and
check (``classname`` the document, ``name`` the check), with ``failure`` or
``skipped`` children, as Jenkins, GitLab and GitHub reporters expect.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any

from . import __version__
from .check import DocResult
from .measure import METRICS

DOC_WIDTH = 34  # the table's document column; longer ids are cut with "…"


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return "n/a" if math.isnan(value) else f"{value:.3f}"
    return str(value)


def format_table(results: Sequence[DocResult]) -> str:
    """A fixed-width table (one row per document, one column per metric), then every failure."""
    head = ["document".ljust(DOC_WIDTH)] + [m.label.rjust(max(7, len(m.label))) for m in METRICS] + ["result"]
    rows = [" ".join(head)]
    for r in results:
        doc = r.doc if len(r.doc) <= DOC_WIDTH else r.doc[:DOC_WIDTH - 1] + "…"
        cells = [_cell(r.metrics.get(m.name)).rjust(max(7, len(m.label))) for m in METRICS]
        verdict = f"FAIL({len(r.failures)})" if r.failures else "ok"
        rows.append(" ".join([doc.ljust(DOC_WIDTH), *cells, verdict]))
    failures = [c for r in results for c in r.failures]
    n_checks = sum(len(r.checks) for r in results)
    rows.append(f"{len(results)} documents, {n_checks} checks, {len(failures)} failed")
    rows += [f"FAIL {c.message}" for c in failures]
    rows.append("columns: " + "; ".join(f"{m.label} = {m.name} ({m.better} is better)" if m.better != "none"
                                        else f"{m.label} = {m.name}" for m in METRICS))
    return "\n".join(rows)


def to_json(results: Sequence[DocResult], tolerance: float) -> dict[str, Any]:
    """The result as a JSON-ready dict; NaN metrics become null."""
    return {
        "tool": {"name": "reportclean", "version": __version__},
        "tolerance": tolerance,
        "ok": not any(r.failures for r in results),
        "documents": {r.doc: {"source": r.source,
                              "metrics": {k: (None if isinstance(v, float) and math.isnan(v) else v)
                                          for k, v in r.metrics.items()},
                              "checks": [c.to_dict() for c in r.checks]} for r in results},
        "failures": [c.message for r in results for c in r.failures],
    }


def to_junit(results: Sequence[DocResult], suite: str = "reportclean check") -> str:
    """JUnit XML text: one ``testsuite`` holding one ``testcase`` per document and check."""
    checks = [c for r in results for c in r.checks]
    root = ET.Element("testsuites", name=suite)
    ts = ET.SubElement(root, "testsuite", name=suite, tests=str(len(checks)),
                       failures=str(sum(c.failed for c in checks)), errors="0",
                       skipped=str(sum(c.outcome == "skip" for c in checks)))
    for c in checks:
        case = ET.SubElement(ts, "testcase", classname=c.doc, name=c.name, time="0")
        if c.failed:
            ET.SubElement(case, "failure", message=c.message, type="quality").text = c.message
        elif c.outcome == "skip":
            ET.SubElement(case, "skipped", message=c.message)
        else:
            ET.SubElement(case, "system-out").text = c.message
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
