"""HTML of the audit pages: pure string building, no PDF access (see ``audit``).

Box geometry is written in percent of the frame or sheet it sits on, so a
page scales with the window.  Every kept or removed block is one element with
class ``box``; text outside the visible area is class ``clip``.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .measure import METRICS


@dataclass(frozen=True)
class Box:
    """One rectangle on a page: ``bbox`` in points relative to the frame (visible area) or the sheet."""

    bbox: tuple[float, float, float, float]
    fate: str
    title: str
    number: int = 0  # output order, 1-based; 0 for removed boxes
    chapter_start: str = ""  # "Chapter 3: title" on the first block of a chapter


@dataclass(frozen=True)
class Sheet:
    """A rendered logical page: image, its size in points, and where the visible frame sits on it."""

    page: int
    image: str  # data: URI, "" when there is nothing to draw
    size: tuple[float, float]  # sheet width, height in points
    frame: tuple[float, float, float, float]  # visible area on the sheet, points
    clipped: tuple[Box, ...] = ()


CSS = """
body{font:14px/1.4 system-ui,sans-serif;margin:1em 2em;color:#222}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}
th{background:#f3f3f3;cursor:pointer}td.num{text-align:right;font-variant-numeric:tabular-nums}td.doc{white-space:nowrap}
.pages{display:flex;flex-wrap:wrap;gap:1.5em;align-items:flex-start}.page{margin:.5em 0}.page h3{margin:.2em 0}.banner{background:#1f5fd1;color:#fff;padding:2px 8px;margin:2px 0;display:inline-block}
.sheet{position:relative;border:1px solid #999;max-width:100%}.sheet img{display:block;width:100%}
.frame{position:absolute;outline:1px dashed #444}
.box,.clip{position:absolute;box-sizing:border-box;border:1.5px solid;background:rgba(255,255,255,.08)}
.box .n{position:absolute;left:0;top:0;transform:translate(-40%,-60%);font:bold 9px/1 sans-serif;
 background:inherit;color:#fff;padding:1px 2px;border-radius:2px}
.box.start{border-width:3px}.flow{max-width:540px}.flow .box{position:relative;display:block;margin:2px 0;padding:1px 4px}
.legend span{display:inline-block;margin-right:1em;padding:0 .4em;border:2px solid}
body.hide-kept .box.kept,body.hide-removed .box.gone,body.hide-clip .clip{display:none}
"""
TOGGLES = """<p class="toggles"><label><input type="checkbox" onchange="document.body.classList.toggle('hide-kept',this.checked)"> hide kept</label>
<label><input type="checkbox" onchange="document.body.classList.toggle('hide-removed',this.checked)"> hide removed</label>
<label><input type="checkbox" onchange="document.body.classList.toggle('hide-clip',this.checked)"> hide clipped</label></p>"""
SORT_JS = """<script>
document.querySelectorAll('table.sortable th').forEach((th,i)=>th.addEventListener('click',()=>{
 const tb=th.closest('table').tBodies[0],rows=[...tb.rows],asc=th.dataset.asc!=='1';th.dataset.asc=asc?'1':'0';
 const key=r=>{const c=r.cells[i];return c.dataset.v!==undefined?c.dataset.v:c.textContent};
 rows.sort((a,b)=>{const x=key(a),y=key(b),nx=parseFloat(x),ny=parseFloat(y);
  const d=(isNaN(nx)||isNaN(ny))?x.localeCompare(y):nx-ny;return asc?d:-d});
 rows.forEach(r=>tb.appendChild(r));}));
</script>"""
KEPT_FATES = {"body", "heading", "aside", "table", "caption"}


def esc(text: Any) -> str:
    return html.escape(str(text), quote=True)


def pct(part: float, whole: float) -> str:
    return f"{100.0 * part / whole:.3f}%" if whole else "0%"


def box_style(bbox: Sequence[float], width: float, height: float) -> str:
    """``left/top/width/height`` in percent of a ``width`` x ``height`` area."""
    x0, top, x1, bottom = bbox
    return (f"left:{pct(x0, width)};top:{pct(top, height)};"
            f"width:{pct(max(x1 - x0, 1.0), width)};height:{pct(max(bottom - top, 1.0), height)}")


def box_html(box: Box, colours: Mapping[str, str], width: float = 0, height: float = 0, cls: str = "box") -> str:
    """One box; with ``width`` 0 it is placed in the flow (text dumps)."""
    group = "kept" if box.fate in KEPT_FATES else "gone"
    style = f"border-color:{colours[box.fate]};"
    if width:
        style += box_style(box.bbox, width, height)
    classes = f"{cls} {group} f-{box.fate}" + (" start" if box.chapter_start else "")
    number = f'<span class="n" style="background:{colours[box.fate]}">{box.number}</span>' if box.number else ""
    label = "" if width else esc(box.title.split("\n", 1)[-1][:120])
    return f'<div class="{classes}" data-fate="{box.fate}" style="{style}" title="{esc(box.title)}">{number}{label}</div>'


def page_html(page: int, sheet: Sheet | None, boxes: Sequence[Box], colours: Mapping[str, str], px: int) -> str:
    """One logical page: heading, chapter banners, image with boxes (or a flow list without image)."""
    banners = "".join(f'<div class="banner">▶ {esc(b.chapter_start)}</div>' for b in boxes if b.chapter_start)
    head = f'<section class="page" id="p{page}"><h3>Page {page}</h3>{banners}'
    if sheet is None or not sheet.image:
        inner = "".join(box_html(b, colours) for b in sorted(boxes, key=lambda b: (b.bbox[1], b.bbox[0])))
        return f'{head}<div class="flow">{inner or "<p>(nothing extracted)</p>"}</div></section>'
    w, h = sheet.size
    fx0, ftop, fx1, fbottom = sheet.frame
    fw, fh = fx1 - fx0, fbottom - ftop
    inner = "".join(box_html(b, colours, fw, fh) for b in boxes)
    clips = "".join(box_html(b, colours, w, h, cls="clip") for b in sheet.clipped)
    return (f'{head}<div class="sheet" style="width:{px}px"><img alt="page {page}" src="{sheet.image}">'
            f'<div class="frame" style="{box_style(sheet.frame, w, h)}">{inner}</div>{clips}</div></section>')


def fmt(value: Any) -> str:
    if isinstance(value, float):
        return "n/a" if math.isnan(value) else f"{value:.4g}"
    return esc(value)


def metrics_line(metrics: Mapping[str, Any]) -> str:
    """Every metric as ``name value`` on one line, its meaning on hover."""
    return " · ".join(f'<span title="{esc(m.doc)} ({esc(m.better)} is better)">{esc(m.name)} '
                      f'<b>{fmt(metrics.get(m.name, float("nan")))}</b></span>' for m in METRICS)


def chapters_table(chapters: Sequence[Mapping[str, Any]]) -> str:
    rows = "".join(f'<tr><td class="num">{c.get("index")}</td><td>{esc(c.get("title"))}</td>'
                   f'<td><a href="#p{c.get("first_page")}">{c.get("first_page")}</a>–{c.get("last_page")}</td>'
                   f'<td class="num">{c.get("chars")}</td></tr>' for c in chapters)
    return f"<table><tr><th>#</th><th>title</th><th>pages</th><th>chars</th></tr>{rows}</table>"


def header_html(manifest: Mapping[str, Any], metrics: Mapping[str, Any], colours: Mapping[str, str]) -> str:
    """Document facts, imposition, metrics, removed counts, chapters (folded) and the colour legend."""
    src, imp = manifest.get("source", {}), manifest.get("imposition", {})
    evidence = "".join(f"<li>{esc(e)}</li>" for e in imp.get("evidence", ()))
    mapping = imp.get("mapping")
    mapped = f"mapping for {len(mapping)} logical pages" if mapping else "logical page N = PDF page N"
    chapters = manifest.get("chapters", ())
    removed = ", ".join(f"{esc(k)} {v}" for k, v in sorted(manifest.get("removed", {}).items())) or "nothing"
    legend = "".join(f'<span style="border-color:{c}">{esc(f)}</span>' for f, c in colours.items())
    return (f"<h1>Audit: {esc(manifest.get('doc'))}</h1>"
            f"<p>source <code>{esc(src.get('path'))}</code> ({esc(src.get('kind'))}, sha256 "
            f"<code>{esc(str(src.get('sha256', ''))[:16])}…</code>), {manifest.get('pages')} pages, "
            f"languages {esc(', '.join(manifest.get('languages', [])))}, config "
            f"<code>{esc(manifest.get('config', {}).get('fingerprint'))}</code></p>"
            f"<details><summary>imposition: <b>{esc(imp.get('kind', 'none'))}</b>, {esc(mapped)}</summary>"
            f"<ul>{evidence}</ul></details>"
            f"<p>metrics: {metrics_line(metrics)}</p><p>removed blocks: {removed}</p>"
            f"<details><summary>{len(chapters)} chapters</summary>{chapters_table(chapters)}</details>"
            f'<p class="legend">{legend} numbers: output order; thick border: a chapter\'s first block; '
            "hover a box for its reason and text; grey: text outside the visible area, never extracted</p>")


def document_html(manifest: Mapping[str, Any], metrics: Mapping[str, Any], pages: Sequence[str],
                  colours: Mapping[str, str]) -> str:
    title = f"Audit: {esc(manifest.get('doc'))}"
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f"<style>{CSS}</style></head><body>{header_html(manifest, metrics, colours)}{TOGGLES}"
            f"<div class=\"pages\">{''.join(pages)}</div></body></html>\n")


def index_html(rows: Sequence[tuple[str, str, Mapping[str, Any]]]) -> str:
    """The batch page: one row per ``(doc, link, metrics)``, every column sortable by a click."""
    heads = "".join(f'<th title="{esc(m.name)}: {esc(m.doc)}">{esc(m.label)}</th>' for m in METRICS)
    body = []
    for doc, link, metrics in rows:
        cells = "".join(f'<td class="num" data-v="{_sort_value(metrics.get(m.name))}">{fmt(metrics.get(m.name, ""))}</td>'
                        for m in METRICS)
        body.append(f'<tr><td class="doc"><a href="{esc(link)}">{esc(doc)}</a></td>{cells}</tr>')
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>reportclean audit</title>'
            f"<style>{CSS}</style></head><body><h1>reportclean audit: {len(rows)} documents</h1>"
            f"<p>Click a column to sort it; hover a heading for the metric's meaning.</p><table class=\"sortable\"><thead><tr><th>document</th>{heads}</tr>"
            f"</thead><tbody>{''.join(body)}</tbody></table>{SORT_JS}</body></html>\n")


def _sort_value(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-1"
    return esc(value)
