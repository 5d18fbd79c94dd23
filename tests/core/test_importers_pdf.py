"""PDF importer, on real PDFs written by a tiny PDF writer below (and pypdf for encryption)."""

import io
import re

import pytest

from reader.core.errors import ImportFailure
from reader.core.importers import read_path
from reader.core.importers.pdf_layout import drop_furniture, paragraphs


def _esc(s: str) -> bytes:
    return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("cp1252")


def make_pdf(pages: list[list[str]], info: dict | None = None, image_only: bool = False) -> bytes:
    """A valid PDF 1.4: one Helvetica text line per list item (or one image per page)."""
    objs = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
            3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
               b"/Encoding /WinAnsiEncoding >>"}

    def stream(data: bytes, extra: bytes = b"") -> bytes:
        return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"

    n, kids, img = 4, [], None
    if image_only:
        img = n
        objs[n] = stream(bytes([0, 255, 255, 0]), b" /Type /XObject /Subtype /Image /Width 2 "
                         b"/Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8")
        n += 1
    for lines in pages:
        if image_only:
            content = b"q 200 0 0 200 100 400 cm /Im1 Do Q"
        else:
            content = (b"BT /F1 11 Tf 14 TL 72 740 Td "
                       + b"".join(b"(" + _esc(line) + b") Tj T* " for line in lines) + b"ET")
        objs[n] = stream(content)
        res = b"<< /Font << /F1 3 0 R >>" + (b" /XObject << /Im1 %d 0 R >>" % img if img else b"")
        objs[n + 1] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                       b"/Resources %s >> >>" % (n, res))
        kids.append(n + 1)
        n += 2
    objs[2] = (b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids)
               + b"] /Count %d >>" % len(kids))
    info_ref = b""
    if info:
        objs[n] = b"<< " + b" ".join(b"/%s (%s)" % (k.encode(), _esc(v))
                                     for k, v in info.items()) + b" >>"
        info_ref = b" /Info %d 0 R" % n
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objs):
        offsets[num] = out.tell()
        out.write(b"%d 0 obj\n" % num + objs[num] + b"\nendobj\n")
    xref, size = out.tell(), max(objs) + 1
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
    for num in range(1, size):
        out.write(b"%010d 00000 n \n" % offsets[num])
    out.write(b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n"
              % (size, info_ref, xref))
    return out.getvalue()


PAGES = [[f"Quarterly Report of the Harbour Authority - page {i}", "",
          f"Cargo volumes in section {i} grew steadily during the quarter, driven by",
          "container traffic from the northern routes and a recovery in bulk goods.",
          "Port officials expect the trend to continue into the next year.", "",
          "Investment in the new quay remains on schedule and within budget.", "",
          f"{i}"] for i in range(1, 5)]
INFO = {"Title": "Harbour Report", "Author": "Port Statistics Office",
        "CreationDate": "D:20240102030405+01'00'"}


def write(tmp_path, name, data):
    p = tmp_path / name
    p.write_bytes(data)
    return p


def test_text_metadata_and_furniture(tmp_path):
    (ex,) = list(read_path(write(tmp_path, "r.pdf", make_pdf(PAGES, INFO))))
    assert (ex.title, ex.author, ex.date) == ("Harbour Report", "Port Statistics Office",
                                              "2024-01-02T03:04:05+01:00")
    assert ex.reflow is True
    assert "Quarterly Report of the Harbour Authority" not in ex.text  # running header
    assert not re.search(r"^\d+$", ex.text, re.M)                      # bare page numbers
    assert ex.text.count("Cargo volumes") == 4
    # Wrapped lines are joined using their positions; the gap before a paragraph stays.
    assert ("Cargo volumes in section 1 grew steadily during the quarter, driven by "
            "container traffic from the northern routes") in ex.text
    assert "next year.\n\nInvestment in the new quay" in ex.text


def test_junk_metadata_is_ignored(tmp_path):
    info = {"Title": "Binder1.pdf", "Author": "ARRAY(0x2c7cf020)",
            "CreationDate": "D:00000101000000Z"}
    (ex,) = list(read_path(write(tmp_path, "j.pdf", make_pdf(PAGES[:1], info))))
    assert ex.author == "" and ex.date == "" and ex.title != "Binder1.pdf"


def test_encrypted_pdf_needs_a_password(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(make_pdf(PAGES, INFO))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(ImportFailure, match="^encrypted PDF: a password is required$"):
        list(read_path(write(tmp_path, "locked.pdf", out.getvalue())))


def test_encrypted_with_empty_user_password_opens(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(make_pdf(PAGES, INFO))))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    (ex,) = list(read_path(write(tmp_path, "perm.pdf", out.getvalue())))
    assert "Cargo volumes in section 2" in ex.text


def test_image_only_pdf(tmp_path):
    with pytest.raises(ImportFailure, match=r"^no extractable text: the PDF has only images "
                                            r"\(scanned\?\); OCR is not supported$"):
        list(read_path(write(tmp_path, "scan.pdf", make_pdf([[]], image_only=True))))


def test_truncated_pdf(tmp_path):
    data = make_pdf(PAGES, INFO)
    with pytest.raises(ImportFailure, match=r"^damaged PDF: the file is truncated"):
        list(read_path(write(tmp_path, "cut.pdf", data[: len(data) * 2 // 3])))


def test_garbage_after_pdf_header(tmp_path):
    with pytest.raises(ImportFailure, match="^damaged PDF: its structure cannot be read"):
        list(read_path(write(tmp_path, "bad.pdf", b"%PDF-1.3\nThis is not a valid PDF file\n"
                                                  b"%%EOF\n")))


def test_not_a_pdf_at_all(tmp_path):
    with pytest.raises(ImportFailure, match=r"^not a PDF: no %PDF header \(it looks like an "
                                            r"HTML page\)$"):
        list(read_path(write(tmp_path, "page.pdf", b"<!DOCTYPE html><html><body>x</body></html>")))


def test_empty_pdf_file(tmp_path):
    with pytest.raises(ImportFailure, match="^empty file$"):
        list(read_path(write(tmp_path, "e.pdf", b"")))


def test_largest_font_line_is_the_title_without_metadata(tmp_path):
    data = make_pdf([["Body line one of the document that is long enough to be body.",
                      "Another body line."]])
    # Re-render the first line bigger: 24 pt title followed by 11 pt body.
    data = data.replace(b"BT /F1 11 Tf 14 TL 72 740 Td (Body line one",
                        b"BT /F1 24 Tf 72 760 Td (Big Title Here) Tj /F1 11 Tf 14 TL 0 -30 Td "
                        b"(Body line one")
    data = make_pdf_fix_xref(data)
    (ex,) = list(read_path(write(tmp_path, "t.pdf", data)))
    assert ex.title == "Big Title Here"


def make_pdf_fix_xref(data: bytes) -> bytes:
    """Recompute stream lengths and the xref table after editing a PDF made by make_pdf."""
    body = re.sub(rb"<< /Length \d+ >>\nstream\n(.*?)\nendstream",
                  lambda m: b"<< /Length %d >>\nstream\n" % len(m.group(1)) + m.group(1)
                  + b"\nendstream", data, flags=re.S)
    head, _sep, _rest = body.partition(b"xref\n")
    offsets = [m.start() for m in re.finditer(rb"(?m)^\d+ 0 obj\n", head)]
    size = len(offsets) + 1
    trailer = re.search(rb"trailer\n(<<.*?>>)", body, re.S).group(1)
    xref = b"xref\n0 %d\n0000000000 65535 f \n" % size + b"".join(b"%010d 00000 n \n" % o
                                                                  for o in offsets)
    return head + xref + b"trailer\n" + trailer + b"\nstartxref\n%d\n%%%%EOF\n" % len(head)


def test_furniture_and_paragraph_helpers():
    pages = [["Journal of Tests", "Body text line that is quite long and goes on.", "",
              "Page 1 of 3"],
             ["Journal of Tests", "More body text that is equally long and goes on.", "",
              "Page 2 of 3"],
             ["Journal of Tests", "Final body text, long enough to be real content.", "",
              "Page 3 of 3"]]
    cleaned = drop_furniture(pages)
    assert all("Journal of Tests" not in lines and not any("Page" in ln for ln in lines)
               for lines in cleaned)
    text = paragraphs(["A long line of text that fills the column width nicely here",
                       "and its continuation which also fills the whole column width",
                       "and ends here.", "Next paragraph starts with a long line again ok."])
    assert text.split("\n\n")[0].endswith("and ends here.")


def test_wrapped_lines_join_but_short_lines_stay_apart(tmp_path):
    page = ["The committee met on Tuesday morning to discuss the harbour budget and the",
            "plans for the new quay, which several members had criticised as far too",
            "expensive for a town of this size.",
            "Shopping list:",
            "- apples",
            "- pears",
            "- bananas and more bananas",
            "The meeting ended at noon after a long debate about the plans and costs."]
    (ex,) = list(read_path(write(tmp_path, "w.pdf", make_pdf([page]))))
    assert ex.text.split("\n\n") == [
        "The committee met on Tuesday morning to discuss the harbour budget and the plans for "
        "the new quay, which several members had criticised as far too expensive for a town "
        "of this size.",
        "Shopping list:", "- apples", "- pears", "- bananas and more bananas",
        "The meeting ended at noon after a long debate about the plans and costs."]


def test_line_end_hyphens_resolved_from_the_document_itself():
    from reader.core.importers.pdf_layout import _JOIN, dehyphenate
    text = (f"The ex-{_JOIN}isting rules and the well-{_JOIN}known case.\n\n"
            "Existing rules differ from well-known ones.")
    assert dehyphenate(text) == ("The existing rules and the well-known case.\n\n"
                                 "Existing rules differ from well-known ones.")
