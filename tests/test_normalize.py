import pytest

from pipeline.normalize import clean_line, ends_sentence, join_lines, join_pair


@pytest.mark.parametrize("prev,nxt,expected", [
    ("科技创新", "中心建设", "科技创新中心建设"),
    ("上海科技，", "持续发力", "上海科技，持续发力"),
    ("the inter-", "national economy", "the international economy"),
    ("non-", "European", "non-European"),
    ("growth was", "strong", "growth was strong"),
    ("面向", "Network2030的", "面向Network2030的"),
    ("C919", "交付", "C919交付"),
    ("", "abc", "abc"),
    ("abc", "", "abc"),
    ("2022-", "2023", "2022-2023"),
    ("the relevant works’", "certificate", "the relevant works’ certificate"),  # a quote shared with Latin text
    ("such as “hot”", "parts", "such as “hot” parts"),
    ("坚持“十三五”", "规划", "坚持“十三五”规划"),
    ("要求“", "十四五”", "要求“十四五”"),
    ("“Web3.0”", "平台", "“Web3.0”平台"),
    ("the word—", "next", "the word—next"),
    ("……", "下", "……下"),
    # a compound's own hyphen at a line end stays: "well-known", not "wellknown"
    ("its well-", "known brands", "its well-known brands"),
    ("our non-", "financial reporting", "our non-financial reporting"),
    ("The self-", "service model", "The self-service model"),
    ("a long-", "term plan", "a long-term plan"),
    ("the develop-", "ment of", "the development of"),
    ("wellness pro-", "grammes", "wellness programmes"),
    # ... but a word broken where hyphenation may break it is one word again
    ("2023 high-", "lights", "2023 highlights"), ("our part-", "nerships", "our partnerships"),
    ("as ex-", "pected", "as expected"), ("a cross-", "ing", "a crossing"), ("the mid-", "dle", "the middle"),
])
def test_join_pair(prev, nxt, expected):
    assert join_pair(prev, nxt) == expected


@pytest.mark.parametrize("raw,expected", [
    ("加 强 科 技 领 域 职 称", "加强科技领域职称"),
    ("S T R A T E G Y  R E P O R T", "STRATEGY REPORT"),
    ("a b c test", "a b c test"),  # not a whole letter-spaced line
    ("ﬁnance  and\u00a0growth", "finance and growth"),
    ("zero\u200bwidth", "zerowidth"),
    ("科技 ， 创新", "科技，创新"),
    ("Growth in 2022 was 3.4%", "Growth in 2022 was 3.4%"),  # unchanged
    ("e\u0301", "é"),  # NFC
])
def test_clean_line(raw, expected):
    assert clean_line(raw) == expected


def test_join_lines_mixed():
    assert join_lines(["上海科技创新工", "作坚持", "Growth was", "strong."]) == "上海科技创新工作坚持Growth was strong."


@pytest.mark.parametrize("text,expected", [("完成。", True), ("done.", True), ("上海科技", False), ("growth of", False)])
def test_ends_sentence(text, expected):
    assert ends_sentence(text) is expected


def test_clean_line_idempotent():
    for s in ["加 强 科 技", "S T R A T E G Y", "ﬁ  x", "a\u200bb  c"]:
        assert clean_line(clean_line(s)) == clean_line(s)


@pytest.mark.parametrize("text, closed", [("We grew.", True), ("We grew (a lot).", True), ("We grew.)", True),
                                          ("完成。”", True), ("1.3 External Calibration (EC)", False),
                                          ("财务报表附注（续）", False), ("Revenue", False)])
def test_closes_sentence(text: str, closed: bool) -> None:
    from pipeline.normalize import closes_sentence
    assert closes_sentence(text) is closed


@pytest.mark.parametrize("text, clean", [
    ("가. 무배당 교보First저축보험Ⅲ 적립형", "가. 무배당 교보First저축보험Ⅲ 적립형"),  # demo-text-unnamed-fonts
    ("보험종목의 명칭", "보험종목의 명칭"),
    ("加 强 科 技", "加强科技"),  # Chinese as before
])
def test_spaces_between_korean_words_stay(text: str, clean: str) -> None:
    """Korean separates words with spaces: dropping the spaces between CJK letters glued every Korean
    line into one word ('보험종목의명칭'), invented words by scripts/account_check.py."""
    assert clean_line(text) == clean
