"""Extraction clipped to the printed page, on PDFs generated at known coordinates."""

import pymupdf
import pytest

from pipeline.config import ExtractConfig
from pipeline.extract import extract_page
from pipeline.probe import metadata_text, open_pdf, page_boxes
from pipeline.types import BadInput


def _reopen(doc: pymupdf.Document) -> pymupdf.Document:
    return pymupdf.open("pdf", doc.tobytes())


def _split_spread() -> pymupdf.Document:
    doc = pymupdf.open()
    for half in (0, 1):
        p = doc.new_page(width=800, height=400)
        p.insert_text((100, 100), "LEFT HALF TEXT", fontsize=12)
        p.insert_text((380, 200), "STRADDLE", fontsize=12)  # 'ST' left of x=400, 'RADDLE' right
        p.insert_text((500, 100), "RIGHT HALF TEXT", fontsize=12)
        p.set_cropbox(pymupdf.Rect(400 * half, 0, 400 * half + 400, 400))
    return _reopen(doc)


def test_split_spread_keeps_visible_half_only():
    doc = _split_spread()
    left, right = (extract_page(doc[i], ExtractConfig()) for i in (0, 1))
    left_text, right_text = [ln.text for ln in left.lines], [ln.text for ln in right.lines]
    assert left_text[0] == "LEFT HALF TEXT" and "RIGHT HALF TEXT" in right_text
    # the straddling word is cut at the edge: each glyph on exactly one side ("R" is mostly left)
    cut_left = [t for t in left_text if t.startswith("ST")][0]
    cut_right = [t for t in right_text if t.endswith("DLE")][0]
    assert cut_left + cut_right == "STRADDLE" and cut_left == "STR"
    assert left.hidden_chars >= len("RIGHTHALFTEXT") and right.hidden_chars >= len("LEFTHALFTEXT")
    # coordinates are relative to the visible area
    assert all(0 <= ln.bbox[0] < 400 for ln in right.lines)


def test_straddling_glyph_goes_to_the_side_holding_most_of_it():
    doc = pymupdf.open()
    p = doc.new_page(width=800, height=400)
    p.insert_text((396, 200), "W", fontsize=40)  # a wide glyph crossing x=400, mostly right of it
    p.set_cropbox(pymupdf.Rect(400, 0, 800, 400))
    doc = _reopen(doc)
    right = extract_page(doc[0], ExtractConfig())
    assert [ln.text for ln in right.lines] == ["W"]


def test_trimbox_narrows_visible_area_and_hides_slug():
    doc = pymupdf.open()
    p = doc.new_page(width=700, height=900)
    p.insert_text((100, 200), "Body text inside the trim box", fontsize=11)
    p.insert_text((60, 880), "report_2023.indd   12   2023/2/14   11:08:20", fontsize=7)
    p.set_trimbox(pymupdf.Rect(50, 50, 650, 850))
    doc = _reopen(doc)
    boxes = page_boxes(doc[0])
    assert boxes.trimmed and boxes.visible == (50.0, 50.0, 650.0, 850.0)
    raw = extract_page(doc[0], ExtractConfig())
    assert [ln.text for ln in raw.lines] == ["Body text inside the trim box"]


@pytest.mark.parametrize("content,reason", [
    (b"", "not a readable PDF"),
    (b"this is plain text, not a PDF at all\n" * 20, "not a readable PDF"),
    (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "not a readable PDF"),
])
def test_open_pdf_bad_input(tmp_path, content, reason):
    f = tmp_path / "bad.pdf"
    f.write_bytes(content)
    with pytest.raises(BadInput, match=reason):
        open_pdf(f)


def test_open_pdf_encrypted(tmp_path):
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "secret")
    f = tmp_path / "enc.pdf"
    doc.save(f, encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="o", user_pw="u")
    with pytest.raises(BadInput, match="encrypted"):
        open_pdf(f)
    assert open_pdf(f, "u").page_count == 1


# --- spans that hold no text ------------------------------------------------------------

def _sp(text: str, x0: float, font: str = "Times") -> "Span":
    from pipeline.types import Span
    return Span(text, (x0, 0.0, x0 + 5.0 * len(text), 10.0), font=font, size=10.0)


def test_a_space_written_as_its_own_span_still_separates_words():
    """Amazon's letter writes word spaces as spans of their own; dropping them glued "front ofus"."""
    from pipeline.extract import _drop_blank_spans
    spans = [_sp("in front of", 0), _sp(" ", 55, "Other"), _sp("us.", 60)]
    assert "".join(s.text for s in _drop_blank_spans(spans)) == "in front of us."
    cjk = [_sp("成立于1993", 0), _sp(" ", 40), _sp("年", 45)]
    assert "".join(s.text for s in _drop_blank_spans(cjk)) == "成立于1993年"  # a space next to Han separates nothing
    assert [s.text for s in _drop_blank_spans([_sp(" ", 0), _sp("a", 5), _sp(" ", 10)])] == ["a"]
    quoted = [_sp("what’s next?”", 0), _sp(" ", 65), _sp("This", 70)]  # a curly quote after Latin text
    assert "".join(s.text for s in _drop_blank_spans(quoted)) == "what’s next?” This"


def test_a_symbol_font_glyph_read_as_a_letter_is_no_text():
    """Alphabet's "PART II" opener has a Wingdings arrow whose code reads "z"."""
    from pipeline.extract import _drop_blank_spans
    spans = [_sp("z", 0, "Wingdings-Regular"), _sp(" PART II", 10, "Roboto-Bold")]
    assert "".join(s.text for s in _drop_blank_spans(spans)).strip() == "PART II"
    bullet = [_sp("ALPHABET INC.", 0), _sp("●", 70, "ZapfDingbatsStd"), _sp("ANNUAL REPORT", 80)]
    assert [s.text for s in _drop_blank_spans(bullet)][1] == "●"  # a real symbol character stays


def _ocr_layer_page() -> pymupdf.Document:
    """Invisible text (render mode 3) stretched to fit each word box, as OCR layers are written:
    a 16 pt title and four 8 pt lines at horizontal scalings 80–130%."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 40), "Visible 8 pt", fontsize=8)
    xref, font = page.get_contents()[0], page.get_fonts()[0][4]
    rows = [("Product Overview", 16, 100), ("To record a sequence, simply press RECORD", 8, 80),
            ("then play your MIDI keyboard in time to the", 8, 130), ("click track. When the sequence loops", 8, 95),
            ("back around, you hear what you played.", 8, 120)]
    ops, y = [], 120.0
    for text, size, tz in rows:
        ops.append(f"BT 3 Tr /{font} {size} Tf {tz} Tz 72 {842 - y} Td ({text}) Tj ET")
        y += size * 1.3
    doc.update_stream(xref, doc.xref_stream(xref) + ("\n" + "\n".join(ops)).encode())
    return _reopen(doc)


def test_an_ocr_layer_is_sized_by_its_height_not_its_stretch():
    """pikepdf's sandwich.pdf: an OCR layer stretches each line to its word boxes, and MuPDF's span
    size counts the stretch (7.2–10.2 pt for one 8 pt body), so wrapped body lines became headings.
    Invisible text takes its size from its height; visible text keeps MuPDF's size."""
    lines = extract_page(_ocr_layer_page()[0], ExtractConfig()).lines
    sizes = {ln.text: ln.spans[0].size for ln in lines}
    assert sizes["Visible 8 pt"] == 8.0
    body = [sizes[t] for t in sizes if t not in ("Visible 8 pt", "Product Overview")]
    assert len(body) == 4 and max(body) - min(body) < 0.01
    assert sizes["Product Overview"] >= 1.9 * body[0]


def test_letter_spaced_text_keeps_its_word_breaks():
    """A cover title and a heading set with tracking (character spacing, ``Tc``): MuPDF puts a space
    between every two letters and the real word spaces look the same ("A N N U A L R E P O R T
    2 0 2 2"), so the text came out spaced or, closed up, as "ANNUALREPORT".  Glyph positions tell
    the word gaps (wider by a space) from the letter gaps."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 72), "Plain text stays as it is.", fontsize=10)
    xref, font = page.get_contents()[0], page.get_fonts()[0][4]
    ops = [f"BT /{font} 18 Tf 6 Tc 72 692 Td (ANNUAL REPORT 2022) Tj ET",
           f"BT /{font} 10 Tf 3 Tc 72 642 Td (Chairman's statement) Tj ET",
           f"BT /{font} 10 Tf 0 Tc 72 600 Td (A B C D) Tj ET",
           f"BT /{font} 10 Tf 72 560 Td (1) Tj 30 0 Td (2) Tj 30 0 Td (3) Tj 30 0 Td (4) Tj ET"]  # cells of a row
    doc.update_stream(xref, doc.xref_stream(xref) + ("\n" + "\n".join(ops)).encode())
    texts = [ln.text.strip() for ln in extract_page(_reopen(doc)[0], ExtractConfig()).lines]
    assert texts[:3] == ["Plain text stays as it is.", "ANNUAL REPORT 2022", "Chairman's statement"]
    assert "1234" not in texts  # figures far apart keep their gaps


def test_superscript_figures_read_as_superscripts():
    """Bureau Veritas writes "400 N/mm" + a raised "2", IMF a footnote mark "goods." + a raised "1":
    read flat they became "N/mm2" (another number) and "goods.1 The costs".  A raised span of
    figures (MuPDF's superscript flag) is written with superscript characters; letters stay."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 100), "x", fontsize=10)
    xref, font = page.get_contents()[0], page.get_fonts()[0][4]
    ops = [f"BT /{font} 10 Tf 72 600 Td (strength of 400 N/mm) Tj /{font} 6 Tf 4 Ts (2) Tj /{font} 10 Tf 0 Ts "
           f"( and more.) Tj ET",
           f"BT /{font} 10 Tf 72 560 Td (public goods.) Tj /{font} 6 Tf 4 Ts (1) Tj /{font} 10 Tf 0 Ts ( The costs.) Tj ET",
           f"BT /{font} 10 Tf 72 520 Td (1-Click) Tj /{font} 6 Tf 4 Ts (SM) Tj /{font} 10 Tf 0 Ts ( shopping) Tj ET"]
    doc.update_stream(xref, doc.xref_stream(xref) + ("\n" + "\n".join(ops)).encode())
    texts = [ln.text for ln in extract_page(_reopen(doc)[0], ExtractConfig()).lines]
    assert "strength of 400 N/mm² and more." in texts and "public goods.¹ The costs." in texts
    assert "1-ClickSM shopping" in texts


@pytest.mark.parametrize("rotation", [90, 270])
def test_superscript_figures_on_a_page_drawn_turned(rotation: int) -> None:
    """MuPDF sets its superscript flag on horizontal text only: on a page drawn turned and shown
    upright by /Rotate (a print file's sheet stored turned) "400 N/mm" + a raised "2" read
    "N/mm2", install-latex-guide's title mark "…介绍1".  A smaller span raised across its line's
    direction is a superscript there too; a span of the line's size is not."""
    from fixtures.impose import sideways

    doc = pymupdf.open()
    page = doc.new_page(width=400, height=300)
    end = 50 + pymupdf.get_text_length("strength of 400 N/mm", fontsize=12)
    page.insert_text((50, 100), "strength of 400 N/mm", fontsize=12)
    page.insert_text((end + 0.5, 95), "2", fontsize=7)
    page.insert_text((end + 5, 100), " and more.", fontsize=12)
    page.insert_text((50, 150), "Figures of 2021 and 2022 stay.", fontsize=12)
    turned = _reopen(sideways(doc, rotation))
    texts = [ln.text for ln in extract_page(turned[0], ExtractConfig()).lines]
    assert any("N/mm² and more." in t for t in texts), texts
    assert any("Figures of 2021 and 2022 stay." in t for t in texts), texts


def test_spans_on_different_baselines_are_different_lines():
    """A grid of key figures: the 9 pt label under the first 30 pt value ("Free cash flow
    generated in the year") sits beside the next value ("2,400") whose tall box reaches down to
    it, and MuPDF returned both as one line: "Free cash flow generated in the year 2,400", so the
    output read label, value, label, value.  Spans of one MuPDF line whose boxes do not overlap in
    height are lines of their own; a raised footnote mark stays on its line."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for x, value, label in ((60, "£310m", "Free cash flow generated in the year"), (230, "2,400", "New jobs created"),
                            (400, "96%", "Customers who recommend us")):
        page.insert_text((x, 280), value, fontsize=30)
        page.insert_text((x, 299), label, fontsize=9)
    page.insert_text((72, 600), "public goods.", fontsize=10)
    page.insert_text((130, 596), "1", fontsize=6)
    texts = [ln.text.strip() for ln in extract_page(_reopen(doc)[0], ExtractConfig()).lines]
    assert "Free cash flow generated in the year" in texts and "2,400" in texts and "96%" in texts
    assert not any("year" in t and "2,400" in t for t in texts)
    assert "public goods.¹" in texts  # the raised mark stays on its line


@pytest.mark.parametrize("value, text", [
    ("Annual Report 2022", "Annual Report 2022"),
    ("<FEFF0041006E006E00750061006C>", "Annual"),  # UTF-16 with its byte order mark
    ("<EFBBBF416E6E75616C>", "Annual"),  # UTF-8 with its byte order mark
    ("<416E6E75616C>", "Annual"),  # UTF-8 (ASCII)
    ("<4D6963726F736F667420576F7264202D205FB9AB5FB1B3BAB8>", ""),  # EUC-KR: unreadable, no title
    ("Annual <b>", "Annual <b>"),
])
def test_a_hex_string_written_as_metadata_text_is_decoded_or_dropped(value, text):
    """demo-text-unnamed-fonts.pdf's Info title is '(<4D6963…>)': hex digits inside a literal string."""
    assert metadata_text(value) == text


def test_outline_points_of_named_destinations_are_measured_from_the_top() -> None:
    """PyMuPDF gives a named destination's point (LaTeX's hyperref writes them: texlive-zh-cn.pdf's
    '操作系统支持' at (74.41, 207.72)) from the page's bottom, a direct one's from its top: both must
    read 490 for a heading whose anchor stands 490 pt down the page."""
    from pipeline.probe import outline_points

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 500), "Heading", fontsize=14)
    page.insert_text((72, 600), "Next", fontsize=14)
    doc.set_toc([[1, "Heading", 1, {"kind": pymupdf.LINK_GOTO, "page": 0, "to": pymupdf.Point(72, 490)}],
                 [1, "Next", 1, {"kind": pymupdf.LINK_GOTO, "page": 0, "to": pymupdf.Point(72, 590)}]])
    first = next(x for x in range(1, doc.xref_length()) if "(Heading)" in doc.xref_object(x))
    doc.xref_set_key(first, "A", "<</S/GoTo/D(sec1)>>")
    doc.xref_set_key(doc.pdf_catalog(), "Dests", f"<</sec1[{page.xref} 0 R/XYZ 72 352 0]>>")
    doc = pymupdf.open("pdf", doc.tobytes())
    assert [e[3].get("nameddest") for e in doc.get_toc(simple=False)] == ["sec1", None]
    assert outline_points(doc) == ((72.0, 490.0), (72.0, 590.0))


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_outline_points_on_a_rotated_page_are_in_its_unrotated_space(rotation: int) -> None:
    """PyMuPDF gives an outline point on a page with /Rotate as the page shows it; pages' regions
    and text are in its unrotated MediaBox space, where the point must be too (test_2634's pages
    are all /Rotate 90: a point on the right of the page shown is low on the page unrotated)."""
    from pipeline.probe import outline_points

    doc = pymupdf.open()
    page = doc.new_page(width=300, height=400)
    page.set_rotation(rotation)
    doc.set_toc([[1, "A", 1, {"kind": pymupdf.LINK_GOTO, "page": 0, "to": pymupdf.Point(1, 1)}]])
    entry = doc.get_toc(simple=False)[0][3]["xref"]
    doc.xref_set_key(entry, "A/D", f"[{page.xref} 0 R /XYZ 20 47 0]")  # 20 from the left, 353 from the top
    assert outline_points(doc) == ((20.0, 353.0),)


def test_a_wordperfect_bullet_reads_as_a_bullet() -> None:
    """WordPerfect sets its bullets in WPTypographicSymbols, where the bullet glyph is coded "!":
    the DMCA summary's items read "! Title IV contains …".  A span of that font holding "!"
    alone is written "•"; the same code in a text font stays "!"."""
    from pipeline.extract import _span

    def span(text: str, font: str) -> dict:
        return {"text": text, "font": font, "bbox": (144.0, 335.0, 152.0, 347.0), "size": 12.0, "flags": 4}

    assert _span(span("!", "WPTypographicSymbols"), (1.0, 0.0), 0.0, 0.0).text == "•"
    assert _span(span(" ! ", "ABCDEF+WPTypographicSymbols"), (1.0, 0.0), 0.0, 0.0).text == " • "
    assert _span(span("!", "Garamond"), (1.0, 0.0), 0.0, 0.0).text == "!"
    assert _span(span("Wow!", "WPTypographicSymbols"), (1.0, 0.0), 0.0, 0.0).text == "Wow!"


def _ligature_page() -> pymupdf.Document:
    """One line as TeX writes it: Times-Roman with 'ff' and 'fi' ligature glyphs (codes 129, 128), word
    spaces drawn as kerns in a TJ array, no space glyphs."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    font = doc.get_new_xref()
    doc.update_object(font, "<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding << /Type /Encoding"
                            " /BaseEncoding /WinAnsiEncoding /Differences [128 /fi 129 /ff] >> >>")
    content = doc.get_new_xref()
    doc.update_object(content, "<< >>")
    doc.update_stream(content, b"BT /F1 10 Tf 72 700 Td [(The sta\x81) -250 (and the \x80rm stay o\x81) -250 (the path.)] TJ ET")
    doc.xref_set_key(page.xref, "Resources", f"<< /Font << /F1 {font} 0 R >> >>")
    doc.xref_set_key(page.xref, "Contents", f"{content} 0 R")
    return _reopen(doc)


def test_a_word_ending_in_a_ligature_keeps_the_space_after_it():
    """hotos17 (a LaTeX paper): 'oﬀ' + kern + 'the' read 'oﬀthe' -> 'offthe'; test_4435 'cutofffrequency'.
    MuPDF drops the space after a ligature glyph when it keeps the ligature as one character."""
    page = _ligature_page()[0]
    text = " ".join(s.text for ln in extract_page(page, ExtractConfig()).lines for s in ln.spans)
    assert "staff and" in text and "off the" in text and "firm" in text


def test_a_word_space_drawn_as_its_own_span_stays_between_korean_words():
    """demo-text-unnamed-fonts (a Korean insurance form): each word space is a span of its own; it was
    dropped as if beside Chinese ('보험종목의명칭'), but Korean separates its words with spaces."""
    doc = pymupdf.open()
    page = doc.new_page()
    x = 72.0
    for text, font in (("보험종목의", "korea"), (" ", "helv"), ("명칭", "korea"), (" ", "helv"), ("加强", "china-s")):
        page.insert_text((x, 100), text, fontname=font, fontsize=10)
        x += pymupdf.get_text_length(text, fontname=font, fontsize=10) if font == "helv" else 10 * len(text)
    lines = extract_page(_reopen(doc)[0], ExtractConfig()).lines
    assert [ln.text for ln in lines] == ["보험종목의 명칭加强"]
