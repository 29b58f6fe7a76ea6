"""Read a ``.txt`` dump of a report into the same types a PDF becomes.

Pages: form feeds (``\\f``, as pdftotext writes them) split pages when present.
Otherwise pages are *virtual*: the text is cut after lines that look like
printed page numbers, so a page index in the manifest points near the printed
page.  A page-number line must stand alone between blank lines and be either a
spread pair (``0403``, ``79 80``: two numbers one apart) or a single number
one or two away from its neighbouring candidate; of those, the longest
increasing sequence wins, so stray chart digits and years rarely cut pages.

Blocks: each paragraph (lines between blank lines) is a block; each line keeps
its raw text in one span with the synthetic box ``(0, line_no, 0, line_no+1)``
(0-based line number in the file) so the audit trail can point at the file.

What it cannot do: recover columns, reading order or fonts (a text dump has
none); tell a page number glued to body text from a figure; read encodings
other than UTF-8 (with or without BOM), UTF-16 with a BOM, and GB18030.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from pathlib import Path

from . import patterns as P
from .geometry import union
from .layoutdump import columns, layout_kept
from .normalize import bullet_glyph, clean_line, ends_sentence, join_lines
from .numbering import numbering
from .types import Block, BadInput, Document, Line, Page, Span

BINARY_SHARE = 0.05  # text with more than this share of control/undecodable characters is binary
CHAIN_STEP = 2  # a lone single page number must be within this of a neighbouring candidate
PAGE_LINES = 20  # in a dense dump, consecutive page numbers stand at least this many lines apart
HEAD_EDGE_LINES = 3  # in a dense dump, running heads stand within this many lines of a page's edge
LINE_ENDS = "line_ends"  # meta["paragraphs"] of a dense dump: paragraphs cut at lines that ended
DENSE_RUN = 12  # text lines between blank lines, on average, above which blank lines mark no paragraphs
MEASURE_QUANTILE = 0.9  # a script's full line: this quantile of the widths of the dump's lines in it
MEASURE_SLACK = 0.1  # a line ended when the next word fits with this share of the measure to spare
RUN_MEASURE_LINES = 8  # a layout dump's column run this long has its own measure
NumberedLine = tuple[int, str]  # (0-based line number in the file, raw text)
Measure = dict[bool, int]  # a dump's full line width in CJK (True) and other (False) lines


def load_textdump(path: Path, doc_id: str) -> Document:
    """Load a text dump as a geometry-less :class:`Document` of kind ``"txt"``.

    Args:
        path: the ``.txt`` file.
        doc_id: the document's id in the corpus.
    Returns:
        A Document whose pages have ``geometry=False`` and zero size.
    Raises:
        BadInput: (stage ``"open"``) unreadable, empty, binary or undecodable file.
    """
    text, encoding = decode(_read_bytes(path))
    lines = text.split("\n")
    dense = _dense(lines)
    if "\f" in text:
        pages, how = _formfeed_pages(lines), "form_feed"
        labels = [_edge_label(numbered) for numbered in pages]
    else:
        pages, labels, how = _virtual_pages(lines, dense)
    layout = layout_kept(lines)
    measure = _measures(lines) if dense else None
    built = tuple(_page(i, columns(numbered) if layout else [numbered], label, measure)
                  for i, (numbered, label) in enumerate(zip(pages, labels)))
    meta = {"encoding": encoding, "lines": len(lines), "pagination": how, "paragraphs": LINE_ENDS if dense else "blank_lines",
            "layout": layout}
    return Document(doc_id=doc_id, source=str(path), kind="txt", pages=built, meta=meta)


def _read_bytes(path: Path) -> bytes:
    """The file's bytes; an OS error becomes BadInput."""
    try:
        return path.read_bytes()
    except OSError as e:
        raise BadInput(f"cannot read {path.name}: {e.strerror or e}", stage="open") from e


def decode(data: bytes) -> tuple[str, str]:
    """Bytes to text with newlines as ``\\n``, and the encoding used.

    ``b"\\xef\\xbb\\xbf\\xe7\\xa7\\x91\\r\\n" -> ("科\\n", "utf-8-sig")``.  Tries UTF-16 (BOM only),
    UTF-8 (BOM tolerated), then GB18030.  Raises BadInput for empty, NUL-holding
    or mostly-control input.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, encoding = _decode_utf16(data), "utf-16"
    elif b"\x00" in data:
        raise BadInput("binary file: contains NUL bytes", stage="open")
    else:
        text, encoding = _decode_8bit(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    _check_text(text)
    return text, encoding


def _decode_utf16(data: bytes) -> str:
    """UTF-16 with its BOM, or BadInput."""
    try:
        return data.decode("utf-16")
    except UnicodeDecodeError as e:
        raise BadInput("undecodable: broken UTF-16 text", stage="open") from e


def _decode_8bit(data: bytes) -> tuple[str, str]:
    """UTF-8 (BOM stripped) or GB18030, or BadInput."""
    for encoding in ("utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise BadInput("undecodable: neither UTF-8 nor GB18030 text", stage="open")


def _check_text(text: str) -> None:
    """BadInput for text with nothing printable or too many control characters."""
    if not text.strip():
        raise BadInput("empty file: no text", stage="open")
    bad = sum(1 for ch in text if ch == "\ufffd" or (unicodedata.category(ch) == "Cc" and ch not in "\n\t\f"))
    if bad > BINARY_SHARE * len(text):
        raise BadInput(f"binary file: {bad / len(text):.0%} control or undecodable characters", stage="open")


def _formfeed_pages(lines: list[str]) -> list[list[NumberedLine]]:
    """Split at form feeds; a line holding ``\\f`` contributes to both pages. A final empty page is dropped."""
    pages: list[list[NumberedLine]] = [[]]
    for no, raw in enumerate(lines):
        parts = raw.split("\f")
        for k, part in enumerate(parts):
            if k:
                pages.append([])
            if part or k == len(parts) - 1:
                pages[-1].append((no, part))
    if len(pages) > 1 and not any(clean_line(t) for _, t in pages[-1]):
        pages.pop()
    return pages


def _virtual_pages(lines: list[str], dense: bool = False) -> tuple[list[list[NumberedLine]], list[str], str]:
    """Cut after page-number lines; returns pages, their labels and the pagination kind."""
    cuts = page_breaks(lines, dense)
    numbered = list(enumerate(lines))
    bounds = list(zip([0] + [c + 1 for c in cuts], [c + 1 for c in cuts] + [len(lines)]))
    pages = [numbered[a:b] for a, b in bounds]
    labels = [page_label(lines[c]) for c in cuts] + [""]
    return pages, labels, "page_numbers" if cuts else "none"


def page_breaks(lines: list[str], dense: bool = False) -> list[int]:
    """Indices of lines that end a page: ``["a", "", "0403", "", "b"] -> [2]``.

    Candidates stand alone between blank lines; spread pairs always qualify, singles only next
    to a candidate within ``CHAIN_STEP``.  In a ``dense`` dump, which has almost no blank lines,
    a candidate is a line of its own, and pairs too must chain, at least ``PAGE_LINES`` lines
    from their neighbour (a table's row numbers and an axis's years, "2019" read as "20|19",
    stand on lines of their own there).  Then the longest strictly increasing sequence of their
    values is kept.
    """
    found = [(i, v) for i in range(len(lines)) if (dense or _isolated(lines, i)) and (v := page_values(lines[i]))]
    if dense:  # pairs chain like singles: the next page's first number follows on from this one's last
        chained = _chained([(i, v[0], v[-1]) for i, v in found], PAGE_LINES)
    else:
        chained = _chained([(i, v[0], v[0]) for i, v in found if len(v) == 1], 0)
    cands = [(i, max(v)) for i, v in found if (len(v) == 2 and not dense) or i in chained]
    return [cands[k][0] for k in longest_increasing([v for _, v in cands])]


def _chained(found: list[tuple[int, int, int]], min_lines: int) -> set[int]:
    """Line indices of ``(line, first value, last value)`` candidates next to one whose first
    value follows within ``CHAIN_STEP`` of their last, at least ``min_lines`` lines on."""
    out: set[int] = set()
    for (i, _, last), (j, first, _) in zip(found, found[1:]):
        if 0 < first - last <= CHAIN_STEP and j - i >= min_lines:
            out.update((i, j))
    return out


def _isolated(lines: list[str], i: int) -> bool:
    """The line has text and blank lines (or the file's edge) on both sides."""
    def blank(j: int) -> bool:
        return j < 0 or j >= len(lines) or not clean_line(lines[j])
    return not blank(i) and blank(i - 1) and blank(i + 1)


def page_values(text: str) -> tuple[int, ...]:
    """The printed page number(s) a page-number line holds, or ``()``.

    ``"0403" -> (3, 4)``, ``"79 80" -> (79, 80)``, ``"- 12 -" -> (12,)``,
    ``"2192" -> (2192,)``, ``"81 90" -> ()`` (a pair must be one apart), ``"xiv" -> ()``.
    """
    groups = P.DIGITS.findall(text)
    if not groups or not P.PAGE_NUMBER_LINE.match(text):
        return ()
    words = text.split()
    if len(words) == 2 and all(P.DIGITS.fullmatch(w) for w in words):
        halves = words
    elif len(words) == 1 and len(words[0]) == 4 and P.DIGITS.fullmatch(words[0]):
        halves = [words[0][:2], words[0][2:]]
    else:
        return (int(groups[0]),)
    a, b = sorted(int(h) for h in halves)
    if b - a == 1:
        return (a, b)
    return (int(groups[0]),) if len(words) == 1 else ()


def page_label(text: str) -> str:
    """Printed label of a page-number line: ``"0403" -> "3-4"``, ``"- 12 -" -> "12"``."""
    values = page_values(text)
    return "-".join(str(v) for v in values)


def longest_increasing(values: list[int]) -> list[int]:
    """Positions of a longest strictly increasing subsequence: ``[4, 9, 5, 6] -> [0, 2, 3]``."""
    tails: list[int] = []  # value ending the best run of each length
    ends: list[int] = []  # position of that value
    back = [-1] * len(values)
    for pos, v in enumerate(values):
        k = bisect_left(tails, v)
        back[pos] = ends[k - 1] if k else -1
        tails[k:k + 1], ends[k:k + 1] = [v], [pos]
    out, pos = [], ends[-1] if ends else -1
    while pos >= 0:
        out.append(pos)
        pos = back[pos]
    return out[::-1]


def _edge_label(numbered: list[NumberedLine]) -> str:
    """Label from a page-number line among the first or last non-blank line of a page, printer's
    slug lines (``report.indd 3 2022/11/1 15:29:43``, outside the trim) left out."""
    texts = [t for _, t in numbered if clean_line(t) and not P.INDD_SLUG.search(t)]
    for text in texts[-1:] + texts[:1]:
        if page_values(text):
            return page_label(text)
    return ""


def _page(index: int, runs: list[list[NumberedLine]], label: str, measure: Measure | None = None) -> Page:
    """A geometry-less page whose blocks are the paragraphs of its ``runs`` of lines (one run, or a
    layout dump's columns one after the other, :func:`~pipeline.layoutdump.columns`): lines between
    blank lines, also cut after lines that ended (given the dump's ``measure``: a dense dump).  A
    page of several runs measures each run of ``RUN_MEASURE_LINES`` or more by its own lines."""
    paragraphs: list[list[NumberedLine]] = []
    for run in runs:
        raws = [raw for _, raw in run]
        own = _measures(raws) if measure and len(runs) > 1 and len(run) >= RUN_MEASURE_LINES else measure
        ended = _ended_lines(raws, own) if own else set()
        paragraphs.append([])
        for k, (no, raw) in enumerate(run):
            text = bool(clean_line(raw))
            if text:
                paragraphs[-1].append((no, raw))
            if paragraphs[-1] and (k in ended or not text):
                paragraphs.append([])
    blocks = tuple(_block(f"p{index}-b{n}", index, run) for n, run in enumerate(r for r in paragraphs if r))
    return Page(index=index, width=0.0, height=0.0, blocks=blocks, source_page=index, label=label, geometry=False)


def _dense(lines: list[str]) -> bool:
    """A dump whose runs of two or more text lines between blank lines average over ``DENSE_RUN``
    lines: its blank lines (if any) mark pages or sections, not paragraphs.  A lone line between
    blank lines (a printer's slug, a page number, a running head, a heading) is left out: it says
    nothing of how paragraphs are marked (pdftotext sets a slug apart on each dense page)."""
    runs: list[int] = [0]
    for ln in lines:
        if clean_line(ln):
            runs[-1] += 1
        elif runs[-1]:
            runs.append(0)
    long = [n for n in runs if n > 1]
    return bool(long) and sum(long) > DENSE_RUN * len(long)


def _measures(raws: list[str]) -> Measure:
    """The dump's full line in each script (CJK or other): ``MEASURE_QUANTILE`` of the widths
    of its lines in that script, printer's slug lines (outside the trim) left out.  A width
    counts a wide character twice."""
    lines = [ln for ln in map(clean_line, raws) if ln and not _slug(ln)]
    measure: Measure = {}
    for script in (True, False):
        ws = sorted(_width(ln) for ln in lines if _cjk(ln) == script)
        measure[script] = ws[int(MEASURE_QUANTILE * (len(ws) - 1))] if ws else 0
    return measure


def _slug(line: str) -> bool:
    """A printer's slug line: ``"report.indd 3 2022/11/1 15:29:43"``."""
    return bool(P.INDD_SLUG.search(line))


def _cjk(line: str) -> bool:
    return len(P.CJK.findall(line)) * 2 > len(line)


def _ended_lines(raws: list[str], measure: Measure) -> set[int]:
    """Positions of lines that ended their paragraph: the next line's first word (a CJK
    character, or letters and figures up to a space or a CJK character) would have fitted after
    them, ``MEASURE_SLACK`` to spare, in their script's ``measure``; or they end a sentence and
    the next line starts with a heading's numbering; a slug line is a paragraph of its own."""
    lines = [clean_line(r) for r in raws]
    widths = [_width(ln) for ln in lines]
    cjk = [_cjk(ln) for ln in lines]
    out: set[int] = set()
    for k in range(len(lines) - 1):
        nxt = lines[k + 1]
        if lines[k] and nxt:
            first = nxt[0] if P.CJK.match(nxt) else P.CJK.split(nxt.split(" ", 1)[0], 1)[0]
            if widths[k] + 1 + _width(first) <= (1 - MEASURE_SLACK) * measure[cjk[k]] or (
                    ends_sentence(lines[k]) and _numbered(nxt)) or _slug(lines[k]) or _slug(nxt):
                out.add(k)
    return out


def _numbered(line: str) -> bool:
    """The line starts with a heading's numbering: ``"（一）科学编制规划"``, ``"1.1 Scope"``."""
    n = numbering(line)
    return n is not None and not n.glued


def _width(text: str) -> int:
    """Display width: ``"上海ab" -> 6``."""
    return len(text) + sum(1 for ch in text if unicodedata.east_asian_width(ch) in "WF")


def _block(block_id: str, page: int, run: list[NumberedLine]) -> Block:
    """One paragraph: a line per file line, each with one span and a line-number box; a leading
    private-use bullet glyph is written as ``•`` (:func:`~pipeline.normalize.bullet_glyph`)."""
    lines = tuple(Line((Span(raw, (0.0, float(no), 0.0, float(no + 1))),), (0.0, float(no), 0.0, float(no + 1)))
                  for no, raw in run)
    return Block(id=block_id, page=page, bbox=union(ln.bbox for ln in lines), text=bullet_glyph(join_lines(raw for _, raw in run)),
                 lines=lines)
