"""Every compiled pattern of the pipeline, in one place.

Names are UPPER_CASE; each has a comment with an example it matches.  Use
Unicode properties (``\\p{Han}``) rather than hand-written ranges.  Helpers that
add patterns append a section at the end of this file.
"""

import re as stdlib_re

import regex as re

# --- characters -----------------------------------------------------------

# A CJK letter (Han, kana, Hangul), for building classes: "科", "か", "한"
_CJK_LETTER = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}"
# A Han character or CJK/fullwidth punctuation: "科", "，", "。", "「", "（"
CJK_CHAR = rf"[{_CJK_LETTER}\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2014\u2026\u201c\u201d\u2018\u2019\u00b7]"
CJK = re.compile(CJK_CHAR)
# Text ending in a CJK letter (not punctuation): "新增发行H股" -> match; "强化战略科技力量，" -> None
HAN_END = re.compile(rf"[{_CJK_LETTER}]$")
HAN = re.compile(r"\p{Han}")
HANGUL = re.compile(r"\p{Hangul}")  # a Korean letter: "한"
HAN_RUN = re.compile(r"\p{Han}+")  # a run of Han characters, for counting them: "上海 科技" -> "上海", "科技"

# Whitespace between two CJK characters: "加 强" -> "加强", "科技 ，" -> "科技，"; not between two Hangul
# syllables, which Korean separates words with: "보험종목의 명칭" stays
_HSP = r"[ \t\u3000\u00a0]+"
CJK_SPACE_CJK = re.compile(rf"(?<={CJK_CHAR})(?<!\p{{Hangul}}){_HSP}(?={CJK_CHAR})"
                           rf"|(?<={CJK_CHAR}){_HSP}(?={CJK_CHAR})(?!\p{{Hangul}})")

# Space after a closing or pausing CJK punctuation mark, before CJK text: "三、 公司" -> "三、公司",
# "（一） 积极" -> "（一）积极"; a title's space between Han characters ("第一章 总则") is another matter
CJK_PUNCT_SPACE = re.compile(rf"(?<=[、。，：；！？）》」』】])[ \t\u3000\u00a0]+(?={CJK_CHAR})")

# Runs of horizontal whitespace: "a  \t b"
HSPACE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")

# Characters that never belong in clean text: C0/C1 controls except \n and \t,
# zero-width and bidi marks, soft hyphen, BOM.  "a\u200bb" -> "ab"
# (this and the other classes of plain characters a line is cleaned with are compiled by the standard
# re, which scans them five to ten times faster than regex; the same characters match)
INVISIBLE = stdlib_re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")

# Private-use and replacement characters: garbled text from fonts with no Unicode map
GARBLED = re.compile(r"[\p{Co}\ufffd]")
# Printable ASCII read as UTF-16 with its bytes swapped, U+xx00: "\u4d00" ("M"), "\u7500" ("u")
# (compiled by the standard re, as INVISIBLE)
SWAPPED_ASCII = stdlib_re.compile("[" + "".join(chr(k << 8) for k in range(0x20, 0x7F)) + "]")

# A symbol font whose glyphs sit behind letter codes (Wingdings "z" is an arrow):
# "Wingdings-Regular", "ZapfDingbatsStd", "Webdings"
SYMBOL_FONT = re.compile(r"wingding|webding|dingbat", re.IGNORECASE)
# A monospace (code) font by its name: "TheSansMonoCd-W5Regular", "CourierNewPSMT", "LMMono9-Regular",
# "CMTT10", "Consolas", "Menlo-Regular", "SourceCodePro-Regular"
MONOSPACE_FONT = re.compile(r"mono|courier|consol|menlo|cmtt|typewriter|sourcecode|inconsolata", re.IGNORECASE)
# A font of pictures, whose lone glyph beside an item is its bullet: the above and WordPerfect's
# "WPTypographicSymbols" (its bullet reads "!"); not Symbol, whose lone glyphs are Greek and operators
MARKER_FONT = re.compile(r"wingding|webding|dingbat|typographicsymbols", re.IGNORECASE)
# WordPerfect's "WPTypographicSymbols", whose bullet glyph is coded "!" (a span of it alone)
BULLET_FONT = re.compile(r"typographicsymbols", re.IGNORECASE)
CODED_BULLET = re.compile(r"^\s*!\s*$")
# A lone glyph that can only be a marker: a shape, a check box, a dingbat (not an arrow: "H → γγ"; not
# a private-use glyph: TeX's extension fonts set bracket pieces there; those count in a symbol font only)
PICTO_MARKER = re.compile(r"^[\u25a0-\u27bf\u2b00-\u2bff]$")

# --- line joining -----------------------------------------------------------

# A line ending in a hyphenated word part: "inter-" (not "--", not "2022-")
HYPHEN_END = re.compile(r"\p{L}[-\u2010\u00ad]$")
# A line of a template's bookmark tags, clipped away on the page: "[Table_Main]", "[Table_Base] [Table_Finance]"
TEMPLATE_TAG_LINE = re.compile(r"^(?:\[Table_[A-Za-z]+\]\s*)+$")

# The letters of the word part before a line-end hyphen: "its well-" -> "well"
LAST_WORD_PART = re.compile(r"(\p{L}+)[-\u2010]$")
FIRST_LETTERS = re.compile(r"\p{L}+")  # match(): the letters a text starts with

# A line that ends a sentence (English or Chinese): "done." "完成。" "why?" "：" "…"
SENTENCE_END = stdlib_re.compile(r"[.!?;:。！？；：…」』”\"')）】]$")  # (standard re, as INVISIBLE)
# A sentence's stop, perhaps followed by closing brackets and quotes: "grew.", "grew.)", "完成。”"
SENTENCE_STOP = re.compile(r"[.!?;:。！？；：…][」』”\"')）】]*$")

# --- letter spacing ---------------------------------------------------------

# A line of single letters separated by single spaces, words by two or more:
# "S T R A T E G Y  R E P O R T"
# A raised span that superscript characters can write: figures, parentheses, signs ("2", "(1)", "-3")
SUPERSCRIPTABLE = re.compile(r"^\s*[0-9()+\-=−]+\s*$")
# A letter-spaced (tracked) line as MuPDF reads it: four or more single glyphs, each one space
# apart: "A N N U A L R E P O R T", "C h a i r m a n ' s"
SPACED_GLYPHS = re.compile(r"^\s*\S(?: \S){3,}\s*$")
LETTER_SPACED_LATIN = re.compile(r"^(?:\p{L} ){3,}\p{L}(?:\s{2,}(?:\p{L} )*\p{L})*$")

# --- page numbers -----------------------------------------------------------

_ROMAN = r"(?=[ivxl]+\b)(?:xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
# A line that is only a page number in a common form:
# "12", "- 12 -", "— 12 —", "12 / 195", "Page 3", "Page 3 of 20", "第12页",
# "第 12 页 共 195 页", "第1页（共8页）", "xiv", "P.12", glued spread pairs "0403", "79 80"
PAGE_NUMBER_LINE = re.compile(
    r"^\s*(?:"
    r"[-–—~·•]?\s*\d{1,4}\s*[-–—~·•]?"  # 12, - 12 -
    r"|\d{1,4}\s*/\s*\d{1,4}"  # 12 / 195
    r"|(?:page|p\.?|pg\.?)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"  # Page 3 of 20
    r"|第\s*\d{1,4}\s*页(?:\s*[（(]?\s*[，,]?\s*共\s*\d{1,4}\s*页\s*[）)]?)?"  # 第 12 页 共 195 页, 第1页（共8页）
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

# --- figures (lead) ----------------------------------------------------------

# Characters of numbers and units in chart labels: "12.5%", "-3,200", "¥1.3"
NUMERIC_CHARS = re.compile(r"[\p{Nd}.,，%％+\-−–/:：()（）$¥€£]")

# A chart tick's value: sign, digits with thousands commas and decimals; currency and % around it.
# "–2" -> sign "–", num "2";  "$1,200" -> num "1,200";  "12.5%" -> num "12.5"
# A month/year tick of a time axis: "12/17" -> month 12, year 17; "3/2018"
TICK_DATE = re.compile(r"^(?P<month>\p{Nd}{1,2})/(?P<year>\p{Nd}{2}|\p{Nd}{4})$")
TICK_VALUE = re.compile(r"^\s*(?P<sign>[-–−])?\s*[$€£¥]?\s*(?P<num>\p{Nd}{1,3}(?:,\p{Nd}{3})*(?:\.\p{Nd}+)?|\p{Nd}+(?:\.\p{Nd}+)?)\s*%?\s*$")

# A currency sign standing alone, set apart from the amount it opens: "$", "US$", "€", "RMB"
# a filed exhibit's label alone: "Exhibit 10.8", "EXHIBIT 21.1", "Exhibit 4.6(a)"
EXHIBIT_LABEL = re.compile(r"^\s*exhibit\s+\d{1,3}(?:\.\d{1,3}){0,2}(?:\s*\(?[a-z]\)?)?\s*$", re.I)
LONE_CURRENCY = re.compile(r"^\s*(?:[A-Z]{0,3}\$|[€£¥₹￥]|RMB|HKD|USD|EUR)\s*$")

# An amount with the next column's currency sign after it, written in one text run (10-Ks printed
# from HTML): "457,325 $" -> amount "457,325", sign "$"; "(1,107) $" likewise; not "in US$", not "$ 12"
TRAILING_CURRENCY = re.compile(r"^(?P<amount>.*[\p{Nd})%])\s+(?P<sign>[A-Z]{0,3}\$|[€£¥₹￥])$")

# --- lists (lead) -------------------------------------------------------------

# The start of a list item: "1. ", "(2) ", "• ", "一、", "（三）", "1）", "a) ", "- "
LIST_ITEM = re.compile(r"^\s*(?:[•·▪■◆●○\-–—*]\s|\(?\d{1,2}[.)）、]\s?|（\d{1,2}）|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|[a-z][.)]\s)")

# A decimal amount opening a text, then a lower-case word or a comma (after a "%" or not): a number
# going on in a sentence, not a list marker "99." or a section number: "99.9 per cent", "31.5% of
# revenue", "1,204.6 million", "90.8%, 79.3% and"; not "2.1 Scope", "1. Plan", nor an amount alone
# ("6.82458%", a table's cell)
AMOUNT_START = re.compile(r"^\s*\p{Nd}{1,3}(?:,\p{Nd}{3})*\.\p{Nd}+(?:\s*%)?(?:\s*\p{Ll}|[,;]\s)")

# --- line furniture in text dumps (textdump) ---------------------------------

# Any letter, Han or Latin, for word-versus-number shares: "项", "a"
LETTER = re.compile(r"\p{L}")

# A number: "23838", "8862.03", "1,234.5"
NUMBER = re.compile(r"\p{Nd}+(?:[.,]\p{Nd}+)*")

# A figure with its unit, as in key-figure callouts: "929项", "4.9亿元", "2.2万家", "10%";
# not an ordinal: "第1部分", "第12项" do not match
FIGURE_UNIT = re.compile(
    r"(?<!第\s*)(?<![\p{Nd}.,])\p{Nd}+(?:[.,]\p{Nd}+)*\s*(?:[%％‰]|[万亿千百]?[项家人个件篇元台座所条名次倍户种款位套])"
)

# A running head naming a numbered part, then a bar, then its title:
# "第1部分｜ 强化战略科技力量" -> part "第1部分"; "Chapter 3 | Results" -> part "Chapter 3"
PART_HEAD = re.compile(r"^(?P<part>[^｜|丨¦]{1,12}?)\s*[｜|丨¦]\s*(?P<title>[^｜|丨¦]+)$")

# A line of numbers and separators only, as found inside an imposition-history run:
# "0.0000", "760", "  2", ""
NUMERIC_FILLER = re.compile(r"^[\p{Nd}\s.,:;/+\-]*$")

# A field value of an XMP packet, a whole line, as a dump that leaks the packet writes it around the
# imposition history: "application/pdf", "2023-02-14T11:08:20+08:00", "uuid:5d3c…", "xmp.did:F77F…",
# "Adobe InDesign 17.0 (Windows)", "Adobe PDF Library 16.0.7", "Acrobat Distiller 10.1.8 (Windows)"
XMP_VALUE = re.compile(
    r"^(?:application/pdf|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?"
    r"|(?:uuid|xmp\.[di]id|adobe:docid:\w+):[\w-]+"
    r"|(?:Adobe|Acrobat|Microsoft)\b[\w .®-]*?\d+(?:\.\d+)*[a-z]?(?:\s*\([^()]*\))?)$"
)

# --- headings and chapters (headings, chapters) ------------------------------

# A number as chapters are numbered: "3", "１２", "十二", "二十一", "IV"
_HEAD_NUM = r"[\p{Nd}一二三四五六七八九十百零〇两]{1,4}"

# Chinese ordinal numbering at the start of a title:
# "第一章 总则", "第1章", "第三部分｜ 展望", "第二篇", "第五节 重要事项" (unit = 章/部分/篇/编/节)
HEADING_CN_ORDINAL = re.compile(rf"^第\s*(?P<num>{_HEAD_NUM})\s*(?P<unit>部分|篇|编|章|节)\s*[:：｜|、.．\-—]?\s*")

# Chinese enumerations: "一、总体要求", "十二．附则"
HEADING_CN_ENUM = re.compile(r"^(?P<num>[一二三四五六七八九十]{1,3})\s*[、．]\s*")

# Parenthesised Chinese enumerations: "（一）加强基础研究", "(二) 优化布局"
HEADING_CN_PAREN = re.compile(r"^[（(]\s*(?P<num>[一二三四五六七八九十]{1,3})\s*[）)]\s*")

# English numbering words: "Part II", "PART I", "Chapter 3", "CHAPTER IV", "Section 2.1", "Item 1A."
# (not "Part of our strategy", "Item in stock", nor a statute's section cited with its subsection:
# "Section 72(m)(5) excess benefits tax. …")
HEADING_EN_PART = re.compile(r"^part\s+(?P<num>\p{Nd}{1,2}|[ivxlc]{1,6})\b\.?\s*[:.\-—–]?\s*", re.IGNORECASE)
HEADING_EN_CHAPTER = re.compile(r"^chapter\s+(?P<num>\p{Nd}{1,3}|[ivxlc]{1,6})\b\.?\s*[:.\-—–]?\s*", re.IGNORECASE)
HEADING_EN_SECTION = re.compile(r"^section\s+(?P<num>\p{Nd}{1,3}(?:\.\p{Nd}{1,3})*|[ivxlc]{1,6})\b(?![.\d]*\()\.?\s*[:.\-—–]?\s*", re.IGNORECASE)
HEADING_EN_ITEM = re.compile(r"^item\s+(?P<num>\p{Nd}{1,2}[a-c]?)\b\.?\s*[:.\-—–]?\s*", re.IGNORECASE)

# Front- and back-matter titles standing alone, Han with optional English gloss:
# "前言", "INTRODUCTION前言", "综述", "目录", "附录", "后记", "致谢", "参考文献"
MATTER_TITLE_HAN = re.compile(r"^[A-Za-z\s]{0,30}(?:前言|序言|序|引言|综述|目录|目次|附录|后记|致谢|结束语|结语|参考文献)[A-Za-z\s]{0,30}$")

# Front- and back-matter titles in English, the whole title: "Preface", "Table of Contents", "Appendix B"
MATTER_TITLE_LATIN = re.compile(
    r"^(?:preface|foreword|(?:table\s+of\s+)?contents|appendix(?:\s+\w{1,3})?|appendices|glossary"
    r"|acknowledge?ments|references|bibliography|index)$",
    re.IGNORECASE,
)

# The title of a printed table of contents: "目录", "目 录", "Contents", "TABLE OF CONTENTS"
TOC_TITLE = re.compile(r"^(?:目\s*录|目\s*次|contents|table\s+of\s+contents)$", re.IGNORECASE)

# A TOC entry with a leader before its page number (finditer: several may share a line):
# "第一章 总则……1", "Risk Factors ........ 12", "1.1 背景 · · · 3"
TOC_ENTRY = re.compile(r"(?P<title>[^\s.．·…‥_]\S*?(?:\s+\S+?)*?)\s*(?:[.．·…‥_]\s*){2,}(?P<page>\p{Nd}{1,4})")

# A TOC line without leader, page number last: "第一章 总则 1", "Risk Factors 12"
TOC_ENTRY_PLAIN = re.compile(r"^(?P<title>\S.*?\S)\s+(?P<page>\p{Nd}{1,4})$")

# The label over a contents page's column of page numbers: "Page", "Page No.", "页码"
TOC_PAGE_LABEL = re.compile(r"^(?:pages?|page\s*no\.?|pp?\.|页码|页次|页)$", re.IGNORECASE)

# A TOC line with its page number first: "04  Financial review" (only on the contents page itself)
TOC_ENTRY_LEAD = re.compile(r"^(?P<page>\p{Nd}{1,3})\s+(?P<title>\S.*\S)$")

# Dot leader with the page number after it, at the end of a title: "总则……12", "Risk Factors ..... 12"
DOT_LEADER_TAIL = re.compile(r"\s*(?:[.．·…‥_]\s*){2,}\p{Nd}{0,4}\s*$")

# A contents entry's dot leader ending a line, with or without its page number: "安装 ........ 5",
# "升级宏包 . . . . . .", "总则………………12"; not a title's ellipsis "展望未来……" (four leader characters at least)
LEADER_END = re.compile(r"(?:[.．·…‥_]\s*){4,}\p{Nd}{0,4}\s*$")

# A spaced page number after a Han title: "第一章 总则 12" -> "第一章 总则" (not "远景目标 2035")
HAN_TRAILING_PAGE = re.compile(r"(?<=\p{Han}[^\p{Nd}]*)\s+\p{Nd}{1,3}$")

# A dash or bar set before a numbered heading as ornament: "— ITEM 2. PROPERTIES" -> "ITEM 2. PROPERTIES"
HEADING_ORNAMENT = re.compile(r"^[—–―▌▍|■▪◆●]\s*(?=\S)")

# Text that ends or holds a full sentence, never a heading: "完成。", "It grew. Then", "；"
SENTENCE_INSIDE = re.compile(r"[。！？!?]|[.．；;，,：:]$|\.\s+\p{Lu}")

# Outline entries Word and other tools write that are not headings:
# "OLE_LINK5", "_Toc123456", "_GoBack", "_Hlk512", "_Ref42", "bookmark3", "report.pdf"
JUNK_BOOKMARK = re.compile(
    r"^(?:OLE_LINK\d*|_Toc\d*|_GoBack|_Hlk\d*|_Ref\d*|_?bookmark\d*|_[A-Za-z]+\d+)$"
    r"|\.(?:pdf|docx?|indd|pptx?|xlsx?|txt|wps)$",
    re.IGNORECASE,
)

# Metadata titles a tool writes by default, naming a file or nothing: "Microsoft Word - AR2019 final",
# "Microsoft PowerPoint - results_h1", "untitled", "Untitled-3", "Document1", "Adobe Photoshop PDF",
# "PowerPoint Presentation"
PLACEHOLDER_TITLE = re.compile(
    r"^(?:Microsoft (?:Word|PowerPoint|Excel) - .*|untitled(?:[ -]?\d+)?|Document\s?\d*"
    r"|Adobe Photoshop PDF|PowerPoint Presentation)$", re.IGNORECASE)

# Characters ignored when comparing titles: spaces, punctuation, symbols. "第一章、 总则…" ~ "第一章总则"
TITLE_NOISE = re.compile(r"[\s\p{P}\p{S}]+")
# A word of a title, Han and kana one character each: "3 Three" -> "3", "Three"; "第一章" -> "第", "一", "章"
TITLE_WORD = re.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]|[^\s\p{P}\p{S}\p{Han}\p{Hiragana}\p{Katakana}]+")

# What a slug may not hold on any file system: "a/b", "a:b", "a*b", controls; runs become one "-"
SLUG_UNSAFE = re.compile(r"[\x00-\x1f\x7f<>:\"/\\|?*\s\p{P}\p{S}\p{C}]+")

# Windows reserved device names: "CON", "nul", "COM1", "lpt9.txt"
WINDOWS_RESERVED = re.compile(r"^(?:con|prn|aux|nul|com\d|lpt\d)(?:\..*)?$", re.IGNORECASE)

# --- headings and chapters, revised (headings) --------------------------------

# Decimal numbering then a space or "、", not a date or a figure:
# "1 Introduction", "1.1 Scope", "2.3.1　方法", "3、概况"; not "1 月，…", "2.2万家", "3 %"
HEADING_DECIMAL_TITLE = re.compile(
    r"^(?P<num>\p{Nd}{1,2}(?:[.．]\p{Nd}{1,2}){0,3})[.．]?(?:\s+|、\s*)(?=[^\s年月日号时分秒点万亿千百%％])"
)

# A part number glued to the end of a title ending in Han or a closing quote (no other digits):
# "强化战略科技力量，支撑高水平科技自立自强01" -> title "…自立自强", num "01"
HEADING_SUFFIX_PART_NUM = re.compile(r"^(?P<title>\P{Nd}*[\p{Han}”」』》）)])\s*(?P<num>0[1-9])$")

# A section number glued to the end of such a title:
# "强化战略科技力量主体能力1.1" -> num "1.1"; "深入实施三大领域“上海方案”2.1" -> num "2.1"
HEADING_SUFFIX_SECTION_NUM = re.compile(
    r"^(?P<title>\P{Nd}*[\p{Han}”」』》）)])\s*(?P<num>\p{Nd}{1,2}(?:\.\p{Nd}{1,2}){1,2})$"
)

# Separators and sentence punctuation at the ends of a title; brackets, quotes and "%" stay:
# "、总则：" -> "总则", "Item 1A." -> "Item 1A", "（一）加强" unchanged
TITLE_EDGE = re.compile(r"^[\s\-–—_.,;:!?·•*#|｜¦丨~、，。；：！？…]+|[\s\-–—_.,;:!?·•*#|｜¦丨~、，。；：！？…]+$")

# --- dedup ------------------------------------------------------------------

# A dedup token (after NFKC + casefold): one CJK character, one number with its
# inner separators, or one run of other letters.  Punctuation and space are no
# tokens.  "2022年revenue 1,234.5亿" -> "2022", "年", "revenue", "1,234.5", "亿"
DEDUP_TOKEN = re.compile(
    rf"[{_CJK_LETTER}]"
    r"|\p{Nd}+(?:[.,]\p{Nd}+)*"
    rf"|[[\p{{L}}\p{{M}}]--[{_CJK_LETTER}]]+",  # set difference (V1): a lookahead per letter was slower
    re.V1,
)
# What one character is to DEDUP_TOKEN, by group name (first group that matches): a token of its
# own ("年"), a digit ("1"), a letter or mark ("a", "\u0301"), a separator inside numbers ("."); none
# of them: no token ("，", " ").  For tokenising many texts at once with numpy (dedup.minhash).
DEDUP_TOKEN_CLASS = re.compile(rf"(?P<cjk>[{_CJK_LETTER}])|(?P<digit>\p{{Nd}})|(?P<letter>[\p{{L}}\p{{M}}])|(?P<sep>[.,])")

# Any run of whitespace, line breaks included: "a \n\u3000b" -> "a", "b"
ANY_SPACE = re.compile(r"\s+")

# A sentence-sized segment: text up to and including its terminators, closing
# quotes/brackets and trailing spaces; a "." counts only before a space or the
# end, and not before spaces and a lowercase word (an abbreviation: "e.g. drawing") nor
# after a capitalised word of up to three letters ("Alphabet Inc. Class C", "Mr. Chen"),
# so "3.5", "e.g.x" and "(e.g. drawing number)" stay whole.  Consecutive matches
# rebuild the text.  "完成。”下一" -> "完成。”", "下一";  "Up 3.5%. Next" -> "Up 3.5%. ", "Next"
# The body is taken in runs of plain characters (one class, no lookahead per character; the
# optional tail never makes it backtrack): five times faster than one character at a time.
_ABBREVIATION = r"(?<![\p{L}\p{N}])\p{Lu}\p{L}{0,2}"  # a short capitalised word: Inc, Co, Ltd, Mr, No, U.S
_INNER_DOT = r"(?:(?<=" + _ABBREVIATION + r")\.|\.(?=\S|[^\S\n]+\p{Ll}))"
_END_DOT = r"(?<!" + _ABBREVIATION + r")\.(?!\S|[^\S\n]+\p{Ll})"
SEGMENT = re.compile(
    rf"(?:[^.。！？；!?;…\n]+|{_INNER_DOT})+(?:(?:[。！？；!?;…\n]|{_END_DOT})+[”’\"'」』）)\]】]*[^\S\n]*)?"
    rf"|(?:[。！？；!?;…\n]|{_END_DOT})+[”’\"'」』）)\]】]*[^\S\n]*"
)

# A run of exactly the characters str.isspace() accepts (regex's \s lacks the information
# separators \x1c-\x1f), and a run of the others: "a \u3000\n b" -> " \u3000\n "; "a", "b"
ISSPACE_RUN = re.compile(r"[\s\x1c-\x1f]+")
# The information separators alone: where str.split and ANY_SPACE disagree.  "a\x1fb" -> "\x1f"
INFO_SEPARATOR = re.compile(r"[\x1c-\x1f]")
NOT_ISSPACE_RUN = re.compile(r"[^\s\x1c-\x1f]+")

# Every character str.isdigit() may accept (numeric type decimal or digit), and a few
# more: confirm each hit with isdigit().  "第3章²" -> "3", "²"
DIGIT_LIKE = re.compile(r"[\p{Nt=De}\p{Nt=Di}]")

# One character of a Latin-style word or number, which a cut must not split:
# "a", "9", "é" (not "科", not " ")
# A Latin word or identifier, for telling names apart: "Mr. Chen", "asn1_read_value" (not "3.5", not "科")
NAME_WORD = stdlib_re.compile(r"(?<![A-Za-z0-9_])[A-Za-z][A-Za-z0-9_]*")  # (standard re, as INVISIBLE)
# What a name needs: an ASCII capital or an underscore ("上海科技" and "revenue rose" have none)
NAME_HINT = stdlib_re.compile(r"[A-Z_]")  # (standard re, as INVISIBLE)

# Dedup tokens that negate a statement: a question and its answer in the negative ("是否进行" /
# "未进行"), "has pledged" / "has not pledged" state different facts.
NEGATIONS = frozenset("不未无非没否勿") | frozenset(
    {"not", "no", "never", "none", "nor", "neither", "without", "cannot", "nothing", "nobody", "ne", "pas", "sans"})
WORD_CHAR = re.compile(rf"(?:(?![{_CJK_LETTER}])[\p{{L}}\p{{M}}\p{{Nd}}])")

# Any letter or digit: text that still says something.  "，。" has none.
HAS_CONTENT = re.compile(r"[\p{L}\p{N}]")

# --- display numerals (lead) -------------------------------------------------

# A bare one-to-three digit number, as printed big on part openers: "01", "3", "IV"
BARE_NUMERAL = re.compile(r"^\s*(?:\p{Nd}{1,3}|[IVX]{1,5})\s*$")

# --- key figures (lead) --------------------------------------------------------

# A number with an optional unit, standing alone as a callout: "929项", "2.2万余家", "81.77%",
# "VV116", "1.3万亿元", "No.1"
KEY_FIGURE = re.compile(r"^\s*(?:[A-Z]{0,4}\p{Nd}[\p{Nd}.,，]*\s*(?:[%％‰]|[万亿千百]?[\p{Han}]{0,3}|[A-Za-z]{0,6})|No\.\s?\p{Nd}+)\s*[+]?\s*$")

# A section number then one capitalised word: a numbered heading, not a figure with its unit:
# "1 One", "2 Terms", "2.1 Scope" (but "500 MW", "12 GW", "929项" are figures)
NUMBERED_WORD = re.compile(r"^\s*\p{Nd}{1,2}(?:\.\p{Nd}{1,2}){0,2}\.?\s+\p{Lu}\p{Ll}+\s*$")
# The same with a Han title set apart from its number ("1 简介"), capturing the title; a figure's
# unit ("15 所", "12 万元", "5 公里") is no title (HAN_UNIT)
NUMBERED_HAN_WORD = re.compile(r"^\s*\p{Nd}{1,2}(?:\.\p{Nd}{1,2}){0,2}\.?\s+(?P<title>\p{Han}{2,3})\s*$")
_HAN_UNIT = r"[万亿千百]?(?:美元|人次|公里|公斤|公顷|千米|平方米|立方米|千瓦|兆瓦|小时|分钟|[元人项个家所篇次件倍年天月日吨台套条名位份张辆座户批场颗株层期届米瓦秒周岁股])"
HAN_UNIT = re.compile(rf"^{_HAN_UNIT}$")
# A figure and nothing but its Han unit, set apart or glued: "12 万元", "15 所", "12.35万平方米", "2.5小时"
FIGURE_HAN_UNIT = re.compile(rf"^\p{{Nd}}[\p{{Nd}}.,，]*\s*{_HAN_UNIT}$")
# A decimal section number glued to the CJK title after it, as dblatex sets a number wider than its box:
# "9.10内核" (kernel), "10.2.3个人备份", "1.4基本のUnix" -> "9.10", "10.2.3", "1.4".  A number of three
# levels is no quantity; one of two is when a unit or a magnitude follows ("3.5亿元", "12.5万吨", "10.25小时")
GLUED_SECTION_NUMBER = re.compile(
    rf"^(?:\p{{Nd}}{{1,2}}(?:\.\p{{Nd}}{{1,2}}){{2,3}}|\p{{Nd}}{{1,2}}\.\p{{Nd}}{{1,2}}(?![万亿千百种款]|{_HAN_UNIT}))"
    r"(?=[\p{Han}\p{Hiragana}\p{Katakana}])")

# --- imposition: printed folios and imposed-page placements (pageorder, probe) ----

# A decimal section number standing alone, before its title: "2.1", "2.1.1", "3.2.1." (not "12", "2022", "1.")
SECTION_NUMBER_LABEL = re.compile(r"^\s*\p{Nd}{1,2}(?:\.\p{Nd}{1,2}){1,3}\.?\s*$")
BARE_SECTION_NUMBER = re.compile(r"^\s*\p{Nd}{1,2}\.?\s*$")  # a chapter's number alone: "1", "12."
# A contents entry's number, dotted or not: "9.5.11系统…", "16 桌面HowTo", "9.6 数据…" -> "9.5.11", "16", "9.6"
ENTRY_NUMBER = re.compile(r"^(\p{Nd}{1,3}(?:\.\p{Nd}{1,3}){0,4})(?![\p{Nd}.,:])")

# A page-number line, capturing its number (and the page count when given): "12", "- 12 -",
# "Page 12", "p. 12", "第12页", "第 12 页 共 195 页", "12 / 195" -> "12" (total "195");
# not a glued spread pair "79 80", not "2022年"
FOLIO_NUMBER = re.compile(
    r"^\s*(?:[-–—~·•]\s*)?(?:(?:page|pg\.?|p\.?)\s*|第\s*)?(?P<num>\p{Nd}{1,4})\s*页?"
    r"(?:\s*(?:/|of|[，,]?\s*共)\s*(?P<total>\p{Nd}{1,4})\s*页?)?\s*(?:[-–—~·•])?\s*$",
    re.IGNORECASE,
)

# A page number with its page count ending a longer footer, after a word for "page" (English,
# Italian, Spanish, Portuguese, French, German, Dutch): "Annual Report 2022 | Page 5 of 40",
# "… Global Dividends - Pag. 2 di 9", "Seite 3 von 12" -> "5", "2", "3" (total "40", "9", "12");
# not "Note 3 of 9", not "see page 12 of the report"
FOLIO_TAIL = re.compile(
    r"(?:^|\s|\|)(?:page|pag\.?|pág\.?|pagina|página|seite|blatt|p\.)\s*(?P<num>\p{Nd}{1,4})"
    r"\s*(?:/|of|di|de|sur|von|van)\s*(?P<total>\p{Nd}{1,4})\s*$",
    re.IGNORECASE,
)

# A bare page number ending a footer after its page word, the word set off by a rule or a tab
# stop's gap (a word processor's running foot): "Annual Report 2023 | Page 5", "Northwind plc    Page 12"
# -> "5", "12"; not "as set out on page 12"
FOLIO_WORD_TAIL = re.compile(
    r"(?:[|｜·•–—]\s*|\s{3,})(?:page|pag\.?|pág\.?|pagina|página|seite|blatt|p\.)\s*(?P<num>\p{Nd}{1,4})\s*$",
    re.IGNORECASE,
)

# The same opening a left page's footer, set off from what follows by a rule or a gap:
# "Page 4 | Northwind Holdings plc", "Page 4      Annual Report" -> "4"; not "Page 4 of the report shows"
FOLIO_WORD_HEAD = re.compile(
    r"^\s*(?:page|pag\.?|pág\.?|pagina|página|seite|blatt|p\.)\s*(?P<num>\p{Nd}{1,4})(?:\s*[|｜·•–—]|\s{3,})",
    re.IGNORECASE,
)

# A Chinese page number anywhere in a footer, with its page count when given: "数学试题第1页（共8页）",
# "某某公司年度报告 第 3 页 共 200 页", "第 7 页 请勿外传" -> "1", "3", "7" (total "8", "200")
FOLIO_HAN = re.compile(
    r"第\s*(?P<num>\p{Nd}{1,4})\s*页(?:\s*[（(]?\s*[，,]?\s*共\s*(?P<total>\p{Nd}{1,4})\s*页\s*[）)]?)?"
)

# A page number in dashes or with its count, spaced off at the end of a footer's text:
# "2022 年年度报告 - 5 -" -> "5"; "2022 年年度报告 1 / 8" -> "1" (total "8"); not "增长率 3/18"
FOLIO_MARK_TAIL = re.compile(
    r"(?:^|\s)(?:[-–—]\s*(?P<num>\p{Nd}{1,4})\s*[-–—]|(?P<num>\p{Nd}{1,4})\s+/\s+(?P<total>\p{Nd}{1,4}))\s*$"
)

# Content-stream operators that place a form XObject (bytes): "q", "Q",
# "0.7071 0 0 0.7071 0 0 cm", "/Im10 Do" (pdfjam/pdfpages imposed pages)
PLACEMENT_OPERATOR = re.compile(
    rb"(?P<cm>(?:[-+]?(?:\d+\.?\d*|\.\d+)\s+){6})cm(?![^\s/\[<(])"
    rb"|(?P<name>/[^\s/\[\]()<>{}%]+)\s*Do(?![^\s/\[<(])"
    rb"|(?<![^\s])(?P<op>[qQ])(?![^\s/\[<(])"
)

# --- reading order: lists, labels, captions (order, paragraphs, tables, headings) ---

_BULLETS = r"•·▪■◆●○◦‣⁃\uf0b7\uf06c\uf0a7\uf0d8\uf076\uf0fc\uf0a8\uf0de\uf06e\uf075"

# A line starting with a bullet glyph, space optional; private-use glyphs are Symbol/Wingdings
# bullets: "• Control valves", "\uf0b7Global growth", "\uf06c事件：…"
BULLET_START = re.compile(rf"^\s*[{_BULLETS}]")

# A line of bullet glyphs and nothing else: "•", " \uf0b7 ", "• •"
BULLETS_ONLY = re.compile(rf"^[\s{_BULLETS}]*[{_BULLETS}][\s{_BULLETS}]*$")

# A line that only names the unit or currency of the figures near it (set right above a table):
# "单位：元", "单位：人民币万元 币种：人民币", "金额单位：元", "Unit: RMB'000", "Currency: USD"; not
# "…金额单位：" ending a sentence's line, not "单位：元。" in a sentence
UNIT_LABEL = re.compile(
    r"^\s*(?:(?:(?:金额|计量)?单位|币种)\s*[:：]\s*[^\s。，；,;:：]{1,12}\s*)+$"
    r"|^\s*(?:(?:units?|currency)\s*:\s*[^\s.,;:]{1,12}\s*)+$",
    re.IGNORECASE,
)

# A leading private-use bullet glyph with its spaces, to be written as "•": "\uf0b7 Global" -> "• Global"
PUA_BULLET = re.compile(r"^\s*[\uf0b7\uf06c\uf0a7\uf0d8\uf076\uf0fc\uf0a8\uf0de\uf06e\uf075]\s*")

# A block that is nothing but a list marker, hanging left of its text:
# "(1)", "（2）", "(a)", "（一）", "1.", "3)", "b)", "•", "-", "①"; not "12", not "2022", not "A"
LABEL_MARKER = re.compile(
    rf"^(?:[{_BULLETS}\-–—*]|[(（]\s*(?:\p{{Nd}}{{1,2}}|[a-zA-Z]|[一二三四五六七八九十]{{1,3}})\s*[)）]"
    r"|\p{Nd}{1,2}[.)）]|[a-z][.)]|[\u2460-\u2473])$"
)

# A continuation mark ending a heading repeated on the next page: "Notes (continued)", "… (cont'd)",
# "三、公司安全生产责任（续）", "… — continued"
CONTINUED_MARK = re.compile(r"[\s—–-]*[(（]?\s*(?:continued|cont['’]?d\.?|续)\s*[)）]?\s*$", re.IGNORECASE)

# A footnote's mark at the start of a note: "1 See …", "¹ Including …", "* Restated", "(2) Excludes …", "注1：…"
NOTE_MARK = re.compile(r"^\s*(?:\p{Nd}{1,2}(?=\s)|[*†‡§¹²³⁴⁵⁶⁷⁸⁹]+|\(\p{Nd}{1,2}\)|注\s*\p{Nd}*\s*[:：])\s*\S")

# The start of a figure or table caption, a source or a note, never a heading:
# "Figure 1. Twin Peaks?", "Table 1 : Document…", "Fig. 3", "Chart 2", "图1 研发投入", "表 2",
# "资料来源：公司公告", "来源：", "Source: IMF", "Sources: …", "Note: …", "Note 1: …"; not "Box 1. …" (a box is a section)
CAPTION_START = re.compile(
    r"^\s*(?:(?:figure|fig\.|table|chart|exhibit|graph)\s*\p{Nd}+(?:\.\p{Nd}+)*\b|[图表]\s*\p{Nd}+"
    r"|(?:资料)?来源\s*[:：]|sources?\s*:|notes?\s*\p{Nd}*\s*:)",
    re.IGNORECASE,
)

# A line that is one parenthetical, a note under a title, never a heading:
# "(Reprinted from the 1997 Annual Report)", "（未经审计）"; not "（一）加强基础研究"
PARENTHETICAL = re.compile(r"^\s*[(（][^()（）]*[)）]\s*$")

# --- hostile input: stray characters and file names (issue 8) -----------------

# Controls and separators that stand between words, written as one space: vertical tab,
# form feed, CR, information separators, NEL, line and paragraph separators: "a\u2028b" -> "a b"
SEPARATOR_CONTROLS = stdlib_re.compile(r"[\x0b-\x0d\x1c-\x1f\x85\u2028\u2029]")

# Invisible characters INVISIBLE leaves: Arabic letter mark, Mongolian vowel separator,
# interlinear annotation marks, lone surrogates (text decoded wrongly; \p{Cs} is D800-DFFF, written
# as a range for the standard re, see INVISIBLE): "a\u061cb" -> "ab"
INVISIBLE_MORE = stdlib_re.compile(r"[\u061c\u180e\ufff9-\ufffb\ud800-\udfff]")

# A run of horizontal space of any kind (tab and every Unicode space separator): "a\u1680 \u3000b"
ANY_HSPACE = re.compile(r"[\t\p{Zs}]+")

# What a file or folder name must not hold: controls, format and bidi characters, surrogates,
# separators and spaces of any kind, and what Windows forbids: "a/b", "a\\b", "a:b", "a\u202eb", "a\x00b"
NAME_UNSAFE = re.compile(r'[\p{Cc}\p{Cf}\p{Cs}\p{Z}\s<>:"/\\|?*]+')

# A Windows device name, alone or before an extension: "CON", "nul.txt", "COM1", "lpt¹", "conin$"
NAME_RESERVED = re.compile(r"^(?:con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])(?=\.|$)", re.IGNORECASE)

# --- running-head keys (lead) -----------------------------------------------------

# A page number at the start or end of a digit-folded head: "0/0请务必…" -> "请务必…",
# "年报第0页" -> "年报", "-0-" -> ""; digits are already folded to 0
FOLIO_AFFIX = re.compile(r"^(?:第?0+页?(?:[/|·•\-–—]|of|共)*0*页?)+|(?:[/|·•\-–—]*第?0+页?(?:[/|]0+)?)+$")

# --- Markdown output ---------------------------------------------------------------

# A line start Markdown reads as a heading or a quote (the marks the output reserves for titles,
# sections and asides), where an escaping backslash goes: "# of stores" -> "\# of stores",
# ">50%" -> "\>50%"; "#1 brand" stays (no space after the mark)
MARKDOWN_MARK_START = re.compile(r"^(?=#{1,6}(?:[ \t]|$)|>)", re.MULTILINE)

# --- measurement (check) -------------------------------------------------------

# Markdown markup the output adds at a line start, and the escape before text that would read as
# markup: "## Title" -> "Title", "> aside" -> "aside", "\# of stores" -> "# of stores"
MARKUP_PREFIX = re.compile(r"^(?:#{1,6}[ \t]+|>[ \t]?|\\(?=#|>))", re.MULTILINE)
# A line-end hyphen between lower-case letters in a raw layer: "exam-\nple" -> "example"
RAW_HYPHEN_BREAK = re.compile(r"(?<=\p{Ll})[-\u2010\u00ad]\n(?=\p{Ll})")
# A bare page number: "12", "०७"
# A block holding one figure only, as a table cell does: "2023", "1,234", "(345)", "-12.5%", "$ 40".
FIGURE_CELL = re.compile(r"^\s*[(\-–−]?\s*[$€£¥]?\s*\p{Nd}[\p{Nd},.]*\s*%?\)?\s*$")
BARE_NUMBER = re.compile(r"^\p{Nd}{1,4}$")
# Page-number parts of a running head or foot: "2 / 4 请务必阅读" -> " 请务必阅读"
FOLIO_MARKS = re.compile(r"\p{Nd}+\s*[/|｜]\s*\p{Nd}+|\p{Nd}+")
# Blank-line paragraph breaks of the chapter files: "a\n\nb" -> ["a", "b"]
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")

# --- quality metrics -----------------------------------------------------------

# A run of Latin letters: "Growth" in "Growth 增长"
LATIN_WORD = re.compile(r"\p{Latin}+")
# Space between two Han characters (a broken join): "科技 创新"
HAN_SPACE_HAN = re.compile(r"\p{Han}[ \t\u3000]+(?=\p{Han})")
# A line break between two Han characters (a sentence broken at a line end): "科技\n创新"
HAN_NEWLINE_HAN = re.compile(r"\p{Han}\n(?=\p{Han})")
# Characters that are not letters, digits, marks, spaces or ordinary punctuation: "\ue000", "■"
ODD_CHARS = re.compile(r"[^\p{L}\p{N}\p{M}\s\p{P}\p{Sc}\p{Sm}°]")

# --- line fitting (linefit) ------------------------------------------------------

# The first word of a line: "Growth was" -> "Growth"
FIRST_WORD = re.compile(r"^\S+?(?=\s|$)")

# --- document metadata (probe) -------------------------------------------------------

# A metadata text that is a hex string written inside a literal one (Ghostscript 8.15 wrote titles so):
# "<4D6963726F736F667420576F7264202D20…>" -> the bytes 4D 69 63 …
HEX_TEXT = re.compile(r"^<\s*((?:[0-9A-Fa-f]{2}\s*)+)>$")
