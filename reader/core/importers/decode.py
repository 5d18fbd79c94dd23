"""Turning raw values into text: bytes of unknown encoding, and date strings into ISO 8601.

:func:`decode_bytes` is used for every text-like file (.txt, .md, the prefix of collections).
:func:`iso_date` normalises the many date spellings found in metadata.
"""

from __future__ import annotations

import codecs
import re
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

from reader.core.errors import ImportFailure

_SAMPLE = 64 * 1024

# Longest first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)

# Control bytes that do not occur in text (TAB, LF, FF, CR, ESC and the DOS end-of-file
# marker SUB are allowed).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 26, 27))

# When charset-normalizer finds several encodings that fit equally well, take the most
# common one for text files: Western European text is far more often cp1252 than cp1250.
_PREFERENCE = (
    "cp1252", "cp1251", "cp1254", "cp1256", "cp1255", "cp1253", "cp1257", "cp1250",
    "shift_jis", "cp932", "euc_jp", "big5", "gb18030", "gbk", "gb2312", "cp949", "euc_kr",
    "koi8_r", "mac_cyrillic", "iso8859_15", "latin_1",
)

# A legacy CJK codec that failed on the whole file is retried as its usual superset.
_SUPERSET = {
    "shift_jis": "cp932", "euc_jp": "euc_jis_2004", "euc_kr": "cp949", "big5": "big5hkscs",
    "gb2312": "gb18030", "gbk": "gb18030", "iso8859-1": "cp1252", "latin_1": "cp1252",
}


def _name(codec: str) -> str:
    return codecs.lookup(codec).name


def _binary_check(data: bytes) -> None:
    nul = data.find(b"\x00")
    if nul >= 0:
        raise ImportFailure(f"binary data, not text (NUL bytes at offset {nul})")
    sample = data[:_SAMPLE]
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    if controls >= 8 and controls > len(sample) * 0.02:
        first = next(i for i, b in enumerate(sample) if b in _CONTROL)
        raise ImportFailure(
            f"binary data, not text ({controls} control bytes in the first "
            f"{len(sample):,} bytes, the first 0x{sample[first]:02X} at offset {first})"
        )


def _bomless_utf16_32(data: bytes) -> str | None:
    """The codec of UTF-16/32 text without a BOM, told by where its NUL bytes fall."""
    sample = data[:_SAMPLE]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    n4 = len(sample) - len(sample) % 4
    if n4 >= 8 and len(data) % 4 == 0:
        q = [sample[i:n4:4].count(0) / (n4 / 4) for i in range(4)]
        if q[2] > 0.9 and q[3] > 0.9 and q[0] < 0.5:
            return "utf-32-le"
        if q[0] > 0.9 and q[1] > 0.9 and q[3] < 0.5:
            return "utf-32-be"
    if len(data) % 2:
        return None
    n2 = len(sample) - len(sample) % 2
    even = sample[0:n2:2].count(0) / (n2 / 2)
    odd = sample[1:n2:2].count(0) / (n2 / 2)
    if odd >= 0.1 and even <= max(0.02, odd / 10):
        return "utf-16-le"
    if even >= 0.1 and odd <= max(0.02, even / 10):
        return "utf-16-be"
    return None


def _utf8_stats(data: bytes) -> tuple[int, int]:
    """(valid non-ASCII UTF-8 characters, invalid bytes) in data."""
    text = data.decode("utf-8", "surrogateescape")
    invalid = len(re.findall("[\udc80-\udcff]", text))
    non_ascii = len(re.findall("[^\x00-\x7f]", text))
    return non_ascii - invalid, invalid


def _repair_utf8(data: bytes) -> str:
    """UTF-8 with each stray invalid byte read as cp1252 (U+FFFD where cp1252 has no char).

    A truncated multi-byte sequence at the very end of the data is dropped.
    """
    tail = data[-4:]
    lead = max(tail.rfind(bytes([b])) for b in range(0xC0, 0x100))
    if lead >= 0:
        try:
            tail[lead:].decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.reason == "unexpected end of data":
                data = data[: len(data) - len(tail) + lead]
    text = data.decode("utf-8", "surrogateescape")

    def fix(m: re.Match[str]) -> str:
        return bytes(ord(c) - 0xDC00 for c in m.group()).decode("cp1252", "replace")

    return re.sub("[\udc80-\udcff]+", fix, text)


def _legacy(data: bytes, first_bad: int) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    results = list(from_bytes(data))
    results = [r for r in results if not _name(r.encoding).startswith(("utf-", "utf_"))]
    candidates: list[str] = []
    if results:
        best = results[0]
        low = min(r.chaos for r in results)
        top = max(r.coherence for r in results if r.chaos <= low + 0.002)
        ties: set[str] = set()
        for r in results:
            # Equally clean decodings: coherence (letter frequencies) barely differs when
            # only a few bytes are non-ASCII, so it only breaks ties when far apart.
            if r.chaos <= low + 0.002 and r.coherence >= top - 0.1:
                ties.update(r.could_be_from_charset or [r.encoding])
                ties.add(r.encoding)
        preferred = [c for c in _PREFERENCE if c in ties]
        candidates = preferred[:1] + [best.encoding] + [r.encoding for r in results[1:]]
    tried: set[str] = set()
    for cand in candidates:
        codec = _name(cand)
        if codec in tried:
            continue
        tried.add(codec)
        # Latin-1 turns 0x80-0x9F into invisible C1 controls; cp1252 has characters there.
        if codec == "iso8859-1" and re.search(rb"[\x80-\x9f]", data):
            codec = "cp1252"
        for attempt in (codec, _SUPERSET.get(codec)):
            if not attempt:
                continue
            try:
                text = data.decode(attempt)
            except UnicodeDecodeError:
                continue
            name = _name(attempt)
            if name == "cp1252" and not re.search(rb"[\x80-\x9f]", data):
                name = "iso8859-1"  # identical result; the older, more precise name
            return text, name
    raise ImportFailure(
        f"not valid UTF-8 (invalid byte 0x{data[first_bad]:02X} at offset {first_bad}) "
        "and no other encoding fits"
    )


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode the bytes of a text file of unknown encoding; return (text, encoding name).

    The encoding name is a Python codec name that decodes ``data`` ("utf-8", "utf-8-sig",
    "utf-16", "utf-16-le", "cp1252", "shift_jis", ...), or "utf-8+cp1252" (see rule 5).
    Newlines are left as they are (CR, LF or CRLF).

    Rules, in order:

    1. Empty data → ImportFailure("empty file").
    2. A BOM decides: UTF-32 LE/BE, UTF-8, UTF-16 LE/BE (strictly; a bad sequence after a BOM
       is an error, not a reason to guess).
    3. No BOM, but NUL bytes in the pattern of UTF-16/UTF-32 text that is mostly ASCII/Latin
       (every other byte NUL) → UTF-16/32 LE/BE.
    4. Any other NUL byte, or many control bytes → "binary data, not text (NUL bytes at
       offset N)".
    5. Strict UTF-8 → "utf-8". A file that is *mostly* UTF-8 — at least as many valid
       non-ASCII UTF-8 characters as invalid bytes — is UTF-8 with a few stray bytes, usually
       a Windows character pasted in: each stray byte is read as cp1252 (U+FFFD where cp1252
       has none) and the name is "utf-8+cp1252". Reading the whole file as a legacy code page
       instead would garble every real UTF-8 character, which is the mojibake we refuse.
    6. Otherwise a legacy encoding found by charset-normalizer, with ties between equally good
       candidates broken towards the common one (cp1252 before cp1250/latin-1), latin-1 upgraded
       to cp1252 when bytes 0x80-0x9F occur (latin-1 would give C1 controls), and CJK codecs
       widened to their Windows supersets when needed. (Legacy CJK text and some code pages
       such as cp866 naturally contain byte pairs that happen to be valid UTF-8, which is why
       rule 5 asks for more valid characters than invalid bytes.)
    7. Nothing fits → "not valid UTF-8 (invalid byte 0xC3 at offset 1234) and no other
       encoding fits".
    """
    if not data:
        raise ImportFailure("empty file")
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            if not body:
                raise ImportFailure("empty file (only a byte-order mark)")
            try:
                return body.decode(codec), name
            except UnicodeDecodeError as exc:
                label = name.upper().replace("-SIG", "")
                raise ImportFailure(
                    f"not valid {label} (bad data at offset {exc.start + len(bom)}) "
                    f"although the file starts with a {label} byte-order mark"
                ) from None
    wide = _bomless_utf16_32(data)
    if wide:
        try:
            text = data.decode(wide)
        except UnicodeDecodeError:
            pass
        else:
            if len(re.findall("[\x00-\x08\x0e-\x1f]", text[:_SAMPLE])) <= len(text[:_SAMPLE]) * 0.02:
                return text, wide
    _binary_check(data)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    valid, invalid = _utf8_stats(data)
    if valid >= invalid:
        return _repair_utf8(data), "utf-8+cp1252"
    return _legacy(data, first_bad)


# --------------------------------------------------------------------------------------------
# Dates

_MONTHS = {
    m: i + 1
    for i, names in enumerate((
        ("jan", "january", "janvier", "januar", "enero", "gennaio"),
        ("feb", "february", "février", "fevrier", "februar", "febrero", "febbraio"),
        ("mar", "march", "mars", "märz", "marz", "marzo"),
        ("apr", "april", "avril", "abril", "aprile"),
        ("may", "mai", "mayo", "maggio"),
        ("jun", "june", "juin", "juni", "junio", "giugno"),
        ("jul", "july", "juillet", "juli", "julio", "luglio"),
        ("aug", "august", "août", "aout", "agosto"),
        ("sep", "sept", "september", "septembre", "septiembre", "settembre"),
        ("oct", "october", "octobre", "oktober", "octubre", "ottobre"),
        ("nov", "november", "novembre", "noviembre"),
        ("dec", "december", "décembre", "decembre", "dezember", "diciembre", "dicembre"),
    ))
    for m in names
}

_ISO = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$",
    re.I,
)
_PDF = re.compile(r"D?:?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?\s*"
                  r"(Z(?:00'?00'?)?|[+-]\d{2}'?(?:\d{2}'?)?)?", re.I)
_WORDY = re.compile(r"(?:\w+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\.?\s+([^\W\d]+)\.?,?\s+(\d{4})$")
# Newswire style: "26-FEB-1987 15:01:01.79", "5-Mar-2024"
_DASHED = re.compile(r"(\d{1,2})-([^\W\d]+)-(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$")
_WORDY_US = re.compile(r"(?:\w+,?\s+)?([^\W\d]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")


def _tz(text: str | None) -> timezone | None:
    if not text:
        return None
    if text.upper() in ("UTC", "GMT") or text.upper().startswith("Z"):
        return timezone.utc
    digits = text.replace(":", "").replace("'", "")
    sign = -1 if digits[0] == "-" else 1
    return timezone(sign * timedelta(hours=int(digits[1:3]), minutes=int(digits[3:5] or 0)))


def _format(y: int, mo: int, d: int, h=None, mi=None, s=None, tz=None) -> str:
    if not 1000 <= y <= 2999:
        raise ValueError("year out of range")
    if h is None:
        return date(y, mo, d).isoformat()
    return datetime(y, mo, d, int(h), int(mi or 0), int(s or 0), tzinfo=tz).isoformat()


def iso_date(value: object, keep: bool = False) -> str:
    """A date in ISO 8601 ("2017-10-19" or "2017-10-19T21:33:00+02:00"), or "".

    Understands ISO forms ("2017-10-19 21:33:00 +0200"), RFC 2822 (e-mail/RSS), PDF dates
    ("D:20090101120000+01'00'"), "July 28, 2014", "28 July 2014", "2014/07/28", "28.07.2014",
    datetime/date objects. Ambiguous forms such as "07/08/2014" are not guessed. With
    ``keep=True`` an unparseable non-empty value is returned as given (stripped) instead of "".
    """
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat() if value.time() != datetime.min.time() or value.tzinfo else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = " ".join(str(value).split())
    if not text:
        return ""
    try:
        m = _ISO.match(text)
        if m:
            y, mo, d, h, mi, s, tz = m.groups()
            return _format(int(y), int(mo), int(d), h, mi, s, _tz(tz))
        m = re.match(r"(\d{4})/(\d{1,2})/(\d{1,2})$", text) or None
        if m:
            return _format(int(m[1]), int(m[2]), int(m[3]))
        m = re.match(r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?:,?\s+(\d{1,2}):(\d{2}))?$", text)
        if m:
            return _format(int(m[3]), int(m[2]), int(m[1]), m[4], m[5])
        if re.fullmatch(r"\d{4}", text):
            return text if 1000 <= int(text) <= 2999 else (text if keep else "")
        m = re.fullmatch(r"(\d{4})-(\d{2})", text)
        if m and 1 <= int(m[2]) <= 12:
            return text
        m = _PDF.fullmatch(text)
        if m and (text.startswith(("D:", "d:")) or len(m[1] + (m[2] or "") + (m[3] or "")) == 8):
            y, mo, d, h, mi, s, tz = m.groups()
            if mo and d and h:
                return _format(int(y), int(mo), int(d), h, mi, s, _tz(tz) if tz else None)
            if mo and d:
                return _format(int(y), int(mo), int(d))
        m = _DASHED.match(text)
        if m and m[2].lower() in _MONTHS:
            return _format(int(m[3]), _MONTHS[m[2].lower()], int(m[1]), m[4], m[5], m[6])
        m = _WORDY.match(text)
        if m and m[2].lower() in _MONTHS:
            return _format(int(m[3]), _MONTHS[m[2].lower()], int(m[1]))
        m = _WORDY_US.match(text)
        if m and m[1].lower() in _MONTHS:
            return _format(int(m[3]), _MONTHS[m[1].lower()], int(m[2]))
        if re.search(r"\d{1,2}:\d{2}", text) and re.search(r"[A-Za-z]{3}", text):
            dt = parsedate_to_datetime(text)
            return dt.isoformat()
    except (ValueError, TypeError, OverflowError, IndexError):
        pass
    return text if keep else ""
