"""Speed rewrites equal what they replace (issue 7): property tests, old form against new."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
import regex as re

from pipeline import geometry, grids
from pipeline import patterns as P
from pipeline.config import ImpositionConfig
from pipeline.dedup import segments
from pipeline.normalize import COMPOUND_FIRST, COMPOUND_REST, compound_break
from pipeline.numbering import title_like
from pipeline.sheets import GRIDS, SheetEvidence, fit
from pipeline.titles import clean_title
from pipeline.toc import TITLE_LINES, _rows, toc_title
from pipeline.types import Block, Line, Span

# Characters the end-anchored patterns care about, and some they do not.
_TAIL_CHARS = list("ab-\u2010\u00ad.!?;:。！？；：…」』”\"')）】科 \n\t2")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(_TAIL_CHARS), max_size=12))
def test_end_anchored_patterns_only_see_the_tail(text: str) -> None:
    assert bool(P.HYPHEN_END.search(text)) == bool(P.HYPHEN_END.search(text[-3:]))
    assert bool(P.SENTENCE_END.search(text)) == bool(P.SENTENCE_END.search(text[-2:]))


# DEDUP_TOKEN as it was written before its letter run became a V1 set difference.
_DEDUP_TOKEN_LOOKAHEAD = re.compile(
    rf"[{P._CJK_LETTER}]"
    r"|\p{Nd}+(?:[.,]\p{Nd}+)*"
    rf"|(?:(?![{P._CJK_LETTER}])[\p{{L}}\p{{M}}])+"
)
_TOKEN_CHARS = list("aZé\u0301\u0308ß1٣.,， 　-年科あアㄱ한\u3099ΩжÅ²½_'") + ["ǅ", "\u0e31", "\U00020000"]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(_TOKEN_CHARS), max_size=30) | st.text(max_size=30))
def test_dedup_token_set_difference_equals_lookahead(text: str) -> None:
    assert P.DEDUP_TOKEN.findall(text) == _DEDUP_TOKEN_LOOKAHEAD.findall(text)


# SEGMENT as it was written before its body became runs of one class.
_SEGMENT_PER_CHAR = re.compile(
    rf"(?:(?![。！？；!?;…\n])[^.]|{P._INNER_DOT})+(?:(?:[。！？；!?;…\n]|{P._END_DOT})+[”’\"'」』）)\]】]*[^\S\n]*)?"
    rf"|(?:[。！？；!?;…\n]|{P._END_DOT})+[”’\"'」』）)\]】]*[^\S\n]*"
)
_SEGMENT_CHARS = list("ab .。！？；!?;…\n”’\"'」』）)]】3\u3000\t年xA")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(_SEGMENT_CHARS), max_size=30) | st.text(max_size=30))
def test_segment_runs_equal_per_character(text: str) -> None:
    assert [m.span() for m in P.SEGMENT.finditer(text)] == [m.span() for m in _SEGMENT_PER_CHAR.finditer(text)]


def _covered_runs_loop(a: int, b: int, hashes: list[int], seen: dict[int, int], n: int) -> list[tuple]:
    """segments._covered_runs as it was: one dict lookup per window in a Python loop."""
    runs: list[list] = []
    last = -2
    for i in range(max(0, a - n + 1), min(b, len(hashes))):
        src = seen.get(hashes[i])
        if src is None:
            continue
        s, e = max(i, a), min(i + n, b)
        if runs and i == last + 1:
            runs[-1][0] = (runs[-1][0][0], e)
            runs[-1][1][src] += 1
        else:
            runs.append([(s, e), Counter({src: 1})])
        last = i
    return [(skel, src) for skel, src in runs]


def _remember_loop(stream: list[int], intervals: list[tuple[int, int]], hashes: list[int],
                   seen: dict[int, int], block: int, n: int) -> None:
    """segments._Stream.remember as it was, its state in ``stream`` = [next_window, kept_from, kept_end]."""
    for p, q in intervals:
        if p != stream[2]:
            stream[1] = p
        for i in range(max(stream[0], stream[1]), q - n + 1):
            seen.setdefault(hashes[i], block)
        stream[0] = max(stream[0], q - n + 1)
        stream[2] = q


_SPANS = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 12)), max_size=6)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 6), max_size=40), st.integers(1, 6), _SPANS, _SPANS)
def test_covered_runs_and_remember_equal_their_loops(hashes: list[int], n: int, kept: list, asked: list) -> None:
    seen_new: dict[int, int] = {}
    seen_old: dict[int, int] = {}
    every = list(range(len(hashes)))  # look up and remember every window: see test_dedup's
    stream, old_stream = segments._Stream(every), [0, 0, -1]  # test_segments_look_up_only_repeated_windows
    pos, size = 0, len(hashes) + n - 1  # characters of the skeleton whose windows are ``hashes``
    for block, (gap, length) in enumerate(kept):  # intervals in order, inside the skeleton
        intervals = [(min(pos + gap, size), min(pos + gap + length, size))]
        pos = intervals[0][1]
        stream.remember(intervals, hashes, seen_new, block, n)
        _remember_loop(old_stream, intervals, hashes, seen_old, block, n)
        assert seen_new == seen_old
        assert [stream.next_window, stream.kept_from, stream.kept_end] == old_stream
    for a, length in asked:
        runs = segments._covered_runs(a, a + length, hashes, seen_new, n, every)
        assert [(r.skel, r.sources) for r in runs] == _covered_runs_loop(a, a + length, hashes, seen_new, n)


def _index_loop(levels: list[float], value: float) -> int | None:
    """grids._index as it was: a linear scan of the levels."""
    if not levels or value < levels[0] or value > levels[-1]:
        return None
    for i in range(len(levels) - 1):
        if value <= levels[i + 1]:
            return i
    return None


@settings(max_examples=400, deadline=None)
@given(st.lists(st.floats(-50, 50), max_size=8, unique=True).map(sorted),
       st.floats(-60, 60) | st.sampled_from([0.0, 1.5, -1.5, float("nan")]))
def test_grid_index_bisect_equals_its_loop(levels: list[float], value: float) -> None:
    assert grids._index(levels, value) == _index_loop(levels, value)
    for at in levels:  # the levels themselves: the edges of the intervals
        assert grids._index(levels, at) == _index_loop(levels, at)


def _intersect_minmax(a: tuple, b: tuple) -> tuple | None:
    """geometry.intersect as it was: builtin max() and min()."""
    x0, t, x1, bt = max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])
    return (x0, t, x1, bt) if x0 < x1 and t < bt else None


_COORD = st.floats(-5, 5) | st.sampled_from([0.0, -0.0, 1.0, float("nan"), float("inf")])


@settings(max_examples=500, deadline=None)
@given(st.tuples(_COORD, _COORD, _COORD, _COORD), st.tuples(_COORD, _COORD, _COORD, _COORD))
def test_intersect_equals_min_max(a: tuple, b: tuple) -> None:
    assert repr(geometry.intersect(a, b)) == repr(_intersect_minmax(a, b))  # repr: -0.0 and nan count


def _covered_sum(rules: list, lo: float, hi: float) -> bool:
    """grids._covered as it was: sum() of max(0, min() - max())."""
    length = sum(max(0.0, min(r.hi, hi) - max(r.lo, lo)) for r in rules)
    return length >= grids.SEPARATES * (hi - lo)


_RULE = st.builds(grids._Rule, st.floats(0, 9), st.floats(-5, 60, allow_infinity=False) | st.sampled_from([0.0, 10.0]),
                  st.floats(-5, 60) | st.sampled_from([10.0, 20.0]))


@settings(max_examples=500, deadline=None)
@given(st.lists(_RULE, max_size=4), st.sampled_from([0.0, 10.0, 12.5]), st.sampled_from([10.0, 20.0, 33.0]))
def test_grid_covered_equals_its_sum(rules: list, lo: float, hi: float) -> None:
    assert grids._covered(rules, lo, hi) == _covered_sum(rules, lo, hi)


def test_info_separators_are_where_split_and_any_space_differ() -> None:
    """metrics.text_codes drops whitespace with str.split unless INFO_SEPARATOR finds a character
    that split drops and ANY_SPACE keeps: every other character, both treat alike."""
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    differ = [c for c in chars if bool(P.ANY_SPACE.fullmatch(c)) != c.isspace()]
    assert differ == [c for c in chars if P.INFO_SEPARATOR.fullmatch(c)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab 科\n\t\u3000\u00a0\x1c\x1f\u2028\x85")), max_size=20))
def test_text_codes_equal_the_regex_form(text: str) -> None:
    from pipeline.metrics import text_codes
    assert text_codes(text).tolist() == [ord(c) for c in P.ANY_SPACE.sub("", text)]


def _latin_names_every_word(text: str) -> Counter[str]:
    """facts.latin_names as it was: every word tested for capitals and underscores."""
    from pipeline.dedup.facts import _sentence_start
    out: Counter[str] = Counter()
    prev, end = "", -1
    for m in P.NAME_WORD.finditer(text):
        word = m.group()
        ident = "_" in word or (any(c.isupper() for c in word[1:]) and any(c.islower() for c in word))
        if ident or (word[0].isupper() and not _sentence_start(text, end, m.start(), prev)):
            out[word.casefold()] += 1
        prev, end = word, m.end()
    return out


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(list("abXY_ 1.,!?\"'(Mr") + ["Mr. ", "Co. ", " the ", "é", "ǅ"]), max_size=30).map("".join))
def test_latin_names_skip_lowercase_words(text: str) -> None:
    from pipeline.dedup.facts import latin_names
    assert latin_names(text) == _latin_names_every_word(text)


# --- issue 9 -------------------------------------------------------------------------------

def _compound_break_whole(prev: str, nxt: str) -> bool:
    """normalize.compound_break as it was: the last word part searched in all of ``prev``."""
    word, rest = P.LAST_WORD_PART.search(prev), P.FIRST_LETTERS.match(nxt)
    return bool(word and rest) and word[1].lower() in COMPOUND_FIRST and len(rest[0]) >= COMPOUND_REST


_COMPOUND_PARTS = ["self", "Well", "NON", "cross", "year", "long", "three", "firsts", "x", "ｅ", "İ", "ß", "é",
                   "-", "\u2010", "\u00ad", " ", "科", "1", "known", "ing", "term"]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_COMPOUND_PARTS), max_size=8).map("".join),
       st.lists(st.sampled_from(_COMPOUND_PARTS), max_size=4).map("".join))
def test_compound_break_reads_only_the_tail(prev: str, nxt: str) -> None:
    assert compound_break(prev, nxt) == _compound_break_whole(prev, nxt)


def _span_bold_old(s: Span) -> bool:
    font = s.font.lower()
    return bool(s.flags & 16) or any(w in font for w in ("bold", "black", "heavy", "demi"))


def _line_bold_old(ln: Line) -> bool:
    chars = sum(len(s.text.strip()) for s in ln.spans) or 1
    return sum(len(s.text.strip()) for s in ln.spans if _span_bold_old(s)) / chars > 0.6


_FONTS = ["Helvetica", "Helvetica-Bold", "ABCDEF+Arial-BoldMT", "Times-Roman", "SourceHanSans-Heavy", "X-DemiBold",
          "BLACKADDER", "Noto"]
_spans = st.builds(lambda text, font, flags: Span(text, (0.0, 0.0, 1.0, 1.0), font, 9.0, flags),
                   st.sampled_from(["", " ", "a", "ab ", " 年报 ", "Revenue", "\t"]), st.sampled_from(_FONTS),
                   st.sampled_from([0, 16, 2, 18, 4]))


@settings(max_examples=400, deadline=None)
@given(st.lists(_spans, min_size=1, max_size=6))
def test_bold_font_cache_equals_font_name_test(spans: list) -> None:
    line = Line(tuple(spans), (0.0, 0.0, 1.0, 1.0))
    assert [s.bold for s in spans] == [_span_bold_old(s) for s in spans]
    assert line.bold == _line_bold_old(line)


def _toc_title_old(block: Block) -> str:
    """toc.toc_title as it was: the short-title test made for every block."""
    rows = [" ".join(ln.text for ln in r) for r in _rows(block)] or block.text.split("\n")
    short = len(rows) <= TITLE_LINES and title_like(clean_title(" ".join(rows)))
    for text in (block.text, rows[0], rows[-1] if short else ""):
        if P.TOC_TITLE.match(text.strip()):
            return clean_title(text)
    return ""


_TOC_LINES = ["目录", "目 录", "Contents", "TABLE OF CONTENTS", "Table of", "NVIDIA Corporation", "", " ",
              "Annual Report 2022.", "1", "第一章 总则……12", "contents page"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_TOC_LINES), st.sampled_from([100.0, 100.5, 120.0, 140.0]),
                          st.sampled_from([50.0, 300.0])), min_size=0, max_size=5),
       st.sampled_from(["", "目录", "Contents", "x\nContents"]))
def test_toc_title_judges_the_short_block_last(rows: list, text: str) -> None:
    lines = tuple(Line((Span(t, (x, y, x + 100.0, y + 10.0)),), (x, y, x + 100.0, y + 10.0)) for t, y, x in rows)
    block = Block("p0-b0", 0, (0.0, 0.0, 500.0, 500.0), text or "\n".join(ln.text for ln in lines), lines)
    assert toc_title(block) == _toc_title_old(block)


_boxes = st.lists(st.tuples(st.floats(0, 800), st.floats(0, 600), st.floats(1, 400), st.floats(1, 40)).map(
    lambda t: (t[0], t[1], t[0] + t[2], t[1] + t[3])), max_size=30)


@settings(max_examples=200, deadline=None)
@given(_boxes, st.sampled_from([(842.0, 595.0), (595.0, 842.0), (1190.0, 842.0), (900.0, 900.0)]))
def test_sheet_cuts_shared_between_grids_equal_cuts_measured_per_grid(boxes: list, size: tuple) -> None:
    sheet, cfg = SheetEvidence(0, size[0], size[1], tuple(boxes)), ImpositionConfig()
    measured: dict = {}  # shared by the grids, as plan shares it
    assert [fit(sheet, g, cfg, measured) for g in GRIDS] == [fit(sheet, g, cfg) for g in GRIDS]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aM 一开\u4d00\u7500\u2000\u3000\u1f00\u7f00\u2100\u7e00\u0041\n"))
               | st.characters(), max_size=40) | st.text(max_size=40))
def test_swapped_share_pattern_equals_code_point_test(text: str) -> None:
    from pipeline.quality import swapped_share
    chars = "".join(text.split())
    old = sum(1 for c in chars if ord(c) & 0xFF == 0 and 0x20 <= ord(c) >> 8 <= 0x7E) / len(chars) if chars else 0.0
    assert swapped_share(text) == old


def _upright_turn_old(spans: list, share: float = 0.5) -> int:
    """upright.upright_turn as it was: each span voted on its own."""
    votes = {0: 0, 90: 0, 180: 0, 270: 0}
    for sp in spans:
        dx, dy = sp.direction
        if min(abs(dx), abs(dy)) > 0.2:
            continue
        turn = (0 if dx > 0 else 180) if abs(dx) >= abs(dy) else (90 if dy < 0 else 270)
        votes[turn] += len(sp.text.strip())
    best = max(votes, key=lambda k: (votes[k], k == 0))
    return best if best and votes[best] > share * sum(votes.values()) else 0


_DIRECTIONS = [(1.0, 0.0), (-1.0, 0.0), (0.0, 1.0), (-0.0, 1.0), (0.0, -1.0), (0.707, -0.707), (0.1, 0.9),
               (float("nan"), 1.0), (0.0, 0.0)]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["", " ", "a", "abc", "年报年报", " x "]), st.sampled_from(_DIRECTIONS)),
                max_size=12))
def test_upright_votes_per_direction_equal_votes_per_span(items: list) -> None:
    from pipeline.upright import upright_turn
    spans = [Span(t, (0.0, 0.0, 1.0, 1.0), direction=d) for t, d in items]
    assert upright_turn(spans) == _upright_turn_old(spans)


# The patterns of plain characters as regex compiled them (before the standard re took them over).
_PLAIN_CLASSES = {
    "INVISIBLE": re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"),
    "SEPARATOR_CONTROLS": re.compile(r"[\x0b-\x0d\x1c-\x1f\x85\u2028\u2029]"),
    "INVISIBLE_MORE": re.compile(r"[\u061c\u180e\ufff9-\ufffb\p{Cs}]"),
    "SWAPPED_ASCII": re.compile("[" + "".join(chr(k << 8) for k in range(0x20, 0x7F)) + "]"),
    "SENTENCE_END": re.compile(r"[.!?;:。！？；：…」』”\"')）】]$"),
    "NAME_WORD": re.compile(r"(?<![A-Za-z0-9_])[A-Za-z][A-Za-z0-9_]*"),
    "NAME_HINT": re.compile(r"[A-Z_]"),
}
_CLASS_CHARS = (list("a \n\t\r\x00\x1f\x7f\x85\x9f\xa0\xad\u061c\u180e\u200b\u200f\u2028\u2029\u202a\u2060\u2066\ufeff")
                + ["\ufff9", "\ufffb", "\ufffc", "\ud800", "\udfff", "\u4d00", "\u7e00", "\u7f00", "\u1f00", "科", "\U0001f600"]
                + list("AZbz09_.!?。”\"')）】éǅ\u212a"))


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet=st.sampled_from(_CLASS_CHARS), max_size=20) | st.text(max_size=20))
def test_plain_classes_match_as_under_regex(text: str) -> None:
    for name, old in _PLAIN_CLASSES.items():
        new = getattr(P, name)
        assert new.sub("_", text) == old.sub("_", text)
        assert [m.span() for m in new.finditer(text)] == [m.span() for m in old.finditer(text)]
        assert bool(new.search(text)) == bool(old.search(text)) and bool(new.match(text)) == bool(old.match(text))


def test_surrogates_are_the_cs_range() -> None:
    assert [u for u in range(0x110000) if re.match(r"\p{Cs}", chr(u))] == list(range(0xD800, 0xE000))


_LINE_CHARS = list("ab1 .:/[]_T\u200b\u00ad\u2024\u2044\uff0e\uff0f\u037e\ufb01\u3000") + [
    "[Table_Main]", ".indd", ".INDD", "2023/2/14 11:08:20", "Table_", "\u2028"]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_LINE_CHARS), max_size=8).map("".join) | st.text(max_size=20))
def test_line_rules_skip_only_lines_they_cannot_match(text: str) -> None:
    from pipeline.furniture.lines import SLUG_MAX_CHARS, TEMPLATE_TAG, slug_line, template_tag
    from pipeline.normalize import clean_line
    line = clean_line(text)
    slug = (False, "printer_slug") if len(line) <= SLUG_MAX_CHARS and P.INDD_SLUG.search(line) else (True, "")
    tag = (False, TEMPLATE_TAG) if P.TEMPLATE_TAG_LINE.match(line) else (True, "")
    assert slug_line(text) == slug and template_tag(text) == tag
    assert ("." in line or "/" in line) <= ("." in text or "/" in text) and ("[" in line) <= ("[" in text)


def test_nfc_makes_no_dot_slash_or_bracket() -> None:
    """What the line rules' guards rely on: no character but itself is ``.``, ``/`` or ``[`` under NFC."""
    import unicodedata
    assert not [u for u in range(0x110000) if not 0xD800 <= u <= 0xDFFF and chr(u) not in "./["
                and any(c in unicodedata.normalize("NFC", chr(u)) for c in "./[")]


def _tokens_translate_first(text: str) -> list[str]:
    """minhash.tokens as it was: every full-width form mapped by str.translate, then the quick check."""
    import unicodedata
    from pipeline.dedup.minhash import _FULLWIDTH
    if not unicodedata.is_normalized("NFKC", text):
        text = text.translate(_FULLWIDTH)
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
    return P.DEDUP_TOKEN.findall(text.casefold())


_WIDE_CHARS = list("，：；（）！？。、　ＡＺａｚ０９．％ｶﾞ\u0301\u3099ﬁ²ab1 .,年份Ae\u00e9")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(_WIDE_CHARS), max_size=40) | st.text(max_size=30))
def test_dedup_tokens_replace_common_fullwidth_first(text: str) -> None:
    from pipeline.dedup.minhash import tokens
    assert tokens(text) == _tokens_translate_first(text)


def _features_per_text(texts: list[str], k: int) -> list[tuple]:
    """blockpass._features as it was: tokens() per distinct text, then their hashes one by one."""
    import xxhash
    from pipeline.dedup.minhash import _shingle_batch, tokens
    seen: dict[str, list[str]] = {}
    toks = [seen[t] if t in seen else seen.setdefault(t, tokens(t)) for t in texts]
    arrays, ids, starts = _shingle_batch(toks, k)
    return [(xxhash.xxh64_intdigest(ids[s:s + len(t)].tobytes()) if t else None, a.tolist(), t,
             ids[s:s + len(t)].tolist(), Counter([w for w in t if w[0].isdigit()]),
             Counter([w for w in t if w in P.NEGATIONS])) for t, a, s in zip(toks, arrays, starts.tolist())]


_BATCH_PIECES = _TOKEN_CHARS + _WIDE_CHARS + ["\n", "\ud800", "1.2", "3,4", "..", "不", "未", "not", "No", "①", "Ⅳ"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_BATCH_PIECES), max_size=20).map("".join) | st.text(max_size=20), max_size=6),
       st.integers(1, 4))
def test_dedup_features_tokenise_in_one_batch(texts: list[str], k: int) -> None:
    from pipeline.dedup.blockpass import _features
    new = [(f.key, f.shingles.tolist(), f.tokens, f.ids.tolist(), f.numbers, f.negations) for f in _features(texts, k)]
    assert new == _features_per_text(texts, k)


def test_token_classes_learnt_by_marking_equal_those_learnt_by_sorting(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.dedup import minhash
    text = "".join(_BATCH_PIECES) + "".join(chr(c) for c in range(0x2F00, 0x3100)) + "\U00020000\U0001F600"
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    tables = []
    for scatter in (0, len(codes) + 1):
        monkeypatch.setattr(minhash, "LEARN_SCATTER", scatter)
        ids = minhash._TokenIds()
        ids.learn(codes[: len(codes) // 2])
        ids.learn(codes)
        tables.append([t.tobytes() for t in (ids.known, ids.kind, ids.char_id, ids.digit)])
    assert tables[0] == tables[1]


def _novel_run_and_tail_apart(ids: np.ndarray, other: np.ndarray, k: int) -> tuple[int, int]:
    """minhash.novel_run_ids and novel_tail_ids as they were: each its own pass over the shingles."""
    from pipeline.dedup.minhash import _covered
    covered = _covered(ids, other, k)
    edges = np.flatnonzero(np.diff(np.r_[1, covered.view(np.int8), 1]))
    run = int((edges[1::2] - edges[::2]).max()) if len(edges) else 0
    covered = _covered(ids, other, k)
    tail = 0 if not covered[0] else len(ids) - 1 - int(np.flatnonzero(covered)[-1])
    return run, tail


@settings(max_examples=500, deadline=None)
@given(st.lists(st.integers(0, 5), min_size=1, max_size=30), st.lists(st.integers(0, 5), max_size=30),
       st.integers(1, 4))
def test_novel_run_and_tail_come_from_one_pass(mine: list[int], theirs: list[int], k: int) -> None:
    from pipeline.dedup.minhash import _shingles_of_ids, novelty_ids
    ids = np.array(mine + [0] * max(0, k - len(mine)), dtype=np.uint64)  # at least k tokens
    other = _shingles_of_ids(np.array(theirs, dtype=np.uint64), np.array([len(theirs)]), k)[0]
    assert novelty_ids(ids, other, k) == _novel_run_and_tail_apart(ids, other, k)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.integers(0, 40), min_size=1, max_size=12), min_size=2, max_size=12))
def test_containment_index_sorts_alike_stable_or_not(blocks: list[list[int]]) -> None:
    """_containment_pass sorts its packed (shingle, block) values with kind="stable" (timsort merges the
    blocks' sorted runs): plain values sort to the same array whatever the algorithm."""
    arrays = [np.unique(np.array(b, dtype=np.uint32)) for b in blocks]
    packed = (np.concatenate(arrays).astype(np.uint64) << np.uint64(32)) | np.repeat(
        np.arange(len(arrays), dtype=np.uint64), [len(a) for a in arrays])
    assert np.sort(packed, kind="stable").tobytes() == np.sort(packed).tobytes()
