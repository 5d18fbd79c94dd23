"""decode_bytes: BOMs, UTF-16/32 without BOM, binary data, legacy code pages, mixed files."""

import codecs

import pytest

from reader.core.errors import ImportFailure
from reader.core.importers.decode import decode_bytes, iso_date

FRENCH = ("L’œuf de volaille est un produit agricole servant d'ingrédient entrant dans la "
          "composition de nombreux plats, dans de nombreuses cultures. « Œuvre » dit-il…\n")
RUSSIAN = ("В гимназии он не был в числе первых учеников (исключение составляли математика и "
           "латынь). Он читал много и охотно, но без особого порядка.\n") * 3
ENGLISH = ("The quick brown fox jumps over the lazy dog. It was the best of times, it was the "
           "worst of times, it was the age of wisdom, it was the age of foolishness.\n") * 4


def test_empty_file_is_refused():
    with pytest.raises(ImportFailure, match="^empty file$"):
        decode_bytes(b"")


def test_only_a_bom_is_empty():
    with pytest.raises(ImportFailure, match="empty file"):
        decode_bytes(codecs.BOM_UTF8)


def test_plain_utf8():
    assert decode_bytes("Grüße — “quotes”\n".encode()) == ("Grüße — “quotes”\n", "utf-8")


def test_utf8_with_bom_drops_the_bom():
    text, enc = decode_bytes(codecs.BOM_UTF8 + "Grüße\n".encode())
    assert (text, enc) == ("Grüße\n", "utf-8-sig")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom_imports(codec):
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    text, enc = decode_bytes(bom + FRENCH.encode(codec))
    assert text == FRENCH and enc == "utf-16"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_imports(codec):
    text, enc = decode_bytes(FRENCH.encode(codec))
    assert text == FRENCH and enc == codec


def test_utf16_without_bom_korean_mostly_hangul():
    korean = ("UTF-16은 유니코드 문자 인코딩 방식의 하나이다. 주로 사용되는 기본 다국어 평면에 "
              "속하는 문자들은 그대로 16비트 값으로 인코딩이 된다.\n")
    assert decode_bytes(korean.encode("utf-16-le")) == (korean, "utf-16-le")


@pytest.mark.parametrize("codec,name", [("utf-32", "utf-32"), ("utf-32-le", "utf-32-le"),
                                        ("utf-32-be", "utf-32-be")])
def test_utf32(codec, name):
    assert decode_bytes(ENGLISH.encode(codec)) == (ENGLISH, name)


def test_nul_bytes_are_binary_with_offset():
    data = b"Some text at first\n" + b"\x00\x01\x02\x03\xff\xfe\x00" * 20
    with pytest.raises(ImportFailure, match=r"^binary data, not text \(NUL bytes at offset 19\)$"):
        decode_bytes(data)


def test_many_control_bytes_are_binary():
    data = bytes(range(1, 9)) * 50 + b"abc"
    with pytest.raises(ImportFailure, match="binary data, not text .*control bytes"):
        decode_bytes(data)


def test_a_few_control_bytes_and_dos_eof_are_still_text():
    data = b"Chapter 1\x0c\nIt was a dark night.\n" * 20 + b"\x1a"
    assert decode_bytes(data)[1] == "utf-8"


def test_cp1252_not_latin1_when_c1_bytes_occur():
    text, enc = decode_bytes(FRENCH.encode("cp1252"))
    assert enc == "cp1252"
    assert "’" in text and "œ" in text and "\x92" not in text and "\x9c" not in text
    assert text == FRENCH


def test_latin1_text_without_c1_bytes():
    portuguese = ("Nas paginas que em seguida se leem acha-se tão bem determinada, com tanta "
                  "eloquencia e tão fino criterio a missão do poeta, que não ha mais que dizer. "
                  "A nação portugueza é a mais antiga.\n") * 2
    text, enc = decode_bytes(portuguese.encode("latin-1"))
    assert text == portuguese and enc in ("iso8859-1", "cp1252")


def test_single_cp1252_byte_in_ascii_text():
    text = ("Stipan Arkadiewitsch was tegenover zich zelf tamelijk oprecht\u2026 " * 3
            + "Hij kon zich niet voorstellen dat hij berouw had. " * 10)
    decoded, enc = decode_bytes(text.encode("cp1252"))
    assert decoded == text and enc == "cp1252"


def test_mislabelled_curly_quotes_only_cp1252():
    text = ("\u201cI don\u2019t know,\u201d said he. \u2018Maybe.\u2019 " * 40)
    decoded, enc = decode_bytes(text.encode("cp1252"))
    assert decoded == text and enc == "cp1252"


@pytest.mark.parametrize("codec", ["cp1251", "koi8_r", "mac_cyrillic"])
def test_cyrillic_code_pages(codec):
    decoded, enc = decode_bytes(RUSSIAN.encode(codec))
    assert decoded == RUSSIAN
    assert enc == codecs.lookup(codec).name


@pytest.mark.parametrize("codec,sample", [
    ("shift_jis", "日本語の文章です。これはテストのための文章で、文字コードの判定を確認します。\r" * 8),
    ("euc_jp", "東京は日本の首都です。人口は多く、経済と文化の中心地として知られています。\n" * 8),
    ("gb18030", "中华人民共和国是位于东亚的社会主义国家，首都北京。全国人口超过十四亿。\n" * 8),
    ("big5", "維基大典者，網路為礎；集天下知、四海言、眾人志，書百科焉。始作者，維基媒體基金會也。\n" * 8),
    ("cp949", "역사적 예수 연구자들은 복음서나 사도들의 서신서 속의 교리적 예수가 아닌 인간을 추구한다.\n" * 8),
])
def test_cjk_legacy(codec, sample):
    decoded, _enc = decode_bytes(sample.encode(codec))
    assert decoded == sample


def test_cr_only_line_endings_survive():
    data = "Line one\rLine two\rLine three\r".encode("shift_jis")
    assert decode_bytes(data)[0].split("\r")[:3] == ["Line one", "Line two", "Line three"]


def test_mostly_utf8_with_a_stray_cp1252_byte_is_repaired_not_garbled():
    data = ("Café “crème” — naïve résumé. " * 20).encode() + b"Don\x92t panic." + b" " * 3
    text, enc = decode_bytes(data)
    assert enc == "utf-8+cp1252"
    assert "Don’t panic." in text
    assert "Café “crème” — naïve résumé." in text and "Ã" not in text


def test_truncated_utf8_sequence_at_the_end_is_dropped():
    data = "Grüße aus Köln, schöne Grüße.".encode() + "é".encode()[:1]
    text, enc = decode_bytes(data)
    assert text == "Grüße aus Köln, schöne Grüße." and enc == "utf-8+cp1252"


def test_undecodable_reports_the_first_bad_byte():
    # Random high bytes with sparse ASCII fit no encoding well.
    import random
    rng = random.Random(1)
    data = b"ok " + bytes(rng.choice([0x80, 0x81, 0x8d, 0x8f, 0x90, 0x9d, 0xc3, 0xff, 0xfe])
                          for _ in range(400))
    with pytest.raises(ImportFailure,
                       match=r"^not valid UTF-8 \(invalid byte 0x[0-9A-F]{2} at offset 3\) "
                             r"and no other encoding fits$"):
        decode_bytes(data)


def test_bad_data_after_a_bom_is_an_error_not_a_guess():
    with pytest.raises(ImportFailure, match=r"^not valid UTF-8 \(bad data at offset 6\) although "
                                            r"the file starts with a UTF-8 byte-order mark$"):
        decode_bytes(codecs.BOM_UTF8 + b"abc\xff\xfe")


@pytest.mark.parametrize("value,expected", [
    ("2017-10-19 21:33:00 +0200", "2017-10-19T21:33:00+02:00"),
    ("2020-02-19T18:37:32Z", "2020-02-19T18:37:32+00:00"),
    ("2014-07-28", "2014-07-28"),
    ("July 28, 2014", "2014-07-28"),
    ("28 July 2014", "2014-07-28"),
    ("Oct. 28, 1998", "1998-10-28"),
    ("27.04.2020 18:50", "2020-04-27T18:50:00"),
    ("2014/07/28", "2014-07-28"),
    ("26-FEB-1987 15:01:01.79", "1987-02-26T15:01:01"),
    ("5-Mar-2024", "2024-03-05"),
    ("31-FEB-1987", ""),
    ("Tue, 15 Nov 1994 08:12:31 GMT", "1994-11-15T08:12:31+00:00"),
    ("D:20161231184323+01'00'", "2016-12-31T18:43:23+01:00"),
    ("D:20150722100404Z00'00'", "2015-07-22T10:04:04+00:00"),
    ("D:00000101000000Z", ""),
    ("07/08/2014", ""),
    ("yesterday", ""),
])
def test_iso_date(value, expected):
    assert iso_date(value) == expected


def test_iso_date_keep_returns_unparseable_as_given():
    assert iso_date(" spring 2019 ", keep=True) == "spring 2019"
