"""Every compiled pattern of the pipeline, in one place.

Names are UPPER_CASE; each has a comment with an example it matches.  Use
Unicode properties (``\\p{Han}``) rather than hand-written ranges.  Helpers that
add patterns append a section at the end of this file.
"""

import regex as re

# --- characters -----------------------------------------------------------

# A Han character or CJK/fullwidth punctuation: "科", "，", "。", "「", "（"
CJK_CHAR = r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2014\u2026\u201c\u201d\u2018\u2019\u00b7]"
CJK = re.compile(CJK_CHAR)
HAN = re.compile(r"\p{Han}")

# Whitespace between two CJK characters: "加 强" -> "加强", "科技 ，" -> "科技，"
CJK_SPACE_CJK = re.compile(rf"(?<={CJK_CHAR})[ \t\u3000\u00a0]+(?={CJK_CHAR})")

# Runs of horizontal whitespace: "a  \t b"
HSPACE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")

# Characters that never belong in clean text: C0/C1 controls except \n and \t,
# zero-width and bidi marks, soft hyphen, BOM.  "a\u200bb" -> "ab"
INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")

# Private-use and replacement characters: garbled text from fonts with no Unicode map
GARBLED = re.compile(r"[\p{Co}\ufffd]")

# --- line joining -----------------------------------------------------------

# A line ending in a hyphenated word part: "inter-" (not "--", not "2022-")
HYPHEN_END = re.compile(r"\p{L}[-\u2010\u00ad]$")

# A line that ends a sentence (English or Chinese): "done." "完成。" "why?" "：" "…"
SENTENCE_END = re.compile(r"[.!?;:。！？；：…」』”\"')）】]$")

# --- letter spacing ---------------------------------------------------------

# A line of single letters separated by single spaces, words by two or more:
# "S T R A T E G Y  R E P O R T"
LETTER_SPACED_LATIN = re.compile(r"^(?:\p{L} ){3,}\p{L}(?:\s{2,}(?:\p{L} )*\p{L})*$")

# --- page numbers -----------------------------------------------------------

_ROMAN = r"(?=[ivxl]+\b)(?:xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
# A line that is only a page number in a common form:
# "12", "- 12 -", "— 12 —", "12 / 195", "Page 3", "Page 3 of 20", "第12页",
# "第 12 页 共 195 页", "xiv", "P.12", glued spread pairs "0403", "79 80"
PAGE_NUMBER_LINE = re.compile(
    r"^\s*(?:"
    r"[-–—~·•]?\s*\d{1,4}\s*[-–—~·•]?"  # 12, - 12 -
    r"|\d{1,4}\s*/\s*\d{1,4}"  # 12 / 195
    r"|(?:page|p\.?|pg\.?)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"  # Page 3 of 20
    r"|第\s*\d{1,4}\s*页(?:\s*[，,]?\s*共\s*\d{1,4}\s*页)?"  # 第 12 页 共 195 页
    r"|共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页"  # 共 195 页 第 12 页
    rf"|[-–—]?\s*{_ROMAN}\s*[-–—]?"  # xiv, - iv -
    r"|\d{1,3}\s+\d{1,3}"  # 79 80 (spread pair)
    r")\s*$",
    re.IGNORECASE,
)

# Digits, for folding when comparing running heads across pages: "第3部分" -> "第0部分"
DIGITS = re.compile(r"\p{Nd}+")

# --- imposition and print-shop text ----------------------------------------

# InDesign slug line: "ai.indd   2", "report_2023.indd  12  2023/2/14  11:08:20"
INDD_SLUG = re.compile(r"\.indd\b|\b\d{4}/\d{1,2}/\d{1,2}\s+\d{1,2}:\d{2}:\d{2}\b", re.IGNORECASE)

# Words that only imposition software writes into XMP history:
# "HistoryItem_V1", "QITE_QuiteImposingPlus4", "qi2base", "RowsAndCols", "CurrentAVDoc"
IMPOSITION_WORDS = re.compile(
    r"HistoryItem_V\d|HistoryList_V\d|QITE_\w+|Quite\s+Imposing|qi\d?\w*base|RowsAndCols|CurrentAVDoc|AllDoc"
    r"|\bSplitter\b|pdfjam|\bnup\b|D:\d{14}|重叠部分归入出血|仅拆分宽幅页面|创建一个新文档|列数\s*:|行数\s*:|重叠\s*:",
)
