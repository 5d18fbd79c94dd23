"""Shared safety checks for the importers: size limits, zip bombs, bounded reads, OS errors.

Everything here refuses bad input *before* the expensive or dangerous work starts:

* :func:`check_file` stats the file and refuses one over its size limit without reading a byte.
* :func:`check_zip` reads only a zip archive's central directory (``ZipFile.infolist``) and
  refuses an archive whose members would expand to an absurd total size, at an absurd ratio, or
  that has too many members — before anything is decompressed.
* :func:`read_member` reads one archive member, never more than a fixed number of bytes even if
  its header lies about the size.
* :func:`os_reason` turns an ``OSError`` into a short reason for people ("permission denied").
"""

from __future__ import annotations

import errno
import os
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path

from reader.core.errors import ImportFailure

KiB = 1024
MiB = 1024 * KiB
GiB = 1024 * MiB


@dataclass(frozen=True)
class Limits:
    """Size limits for importing. All sizes are in bytes.

    Defaults:

    * ``text_bytes`` = 32 MiB — .txt/.text and .md/.markdown files (read whole into memory).
    * ``html_bytes`` = 32 MiB — .html/.htm/.xhtml pages.
    * ``document_bytes`` = 200 MiB — .pdf, .epub and .docx files (the file on disk).
    * ``collection_bytes`` = 2 GiB — .jsonl/.ndjson/.csv collections (streamed, never read whole).
    * ``record_bytes`` = 32 MiB — one JSON line or one CSV field of a collection.
    * ``zip_total_bytes`` = 512 MiB — total declared uncompressed size of an EPUB/DOCX archive.
    * ``zip_max_ratio`` = 200 — the largest compression ratio accepted for a member whose
      uncompressed size exceeds ``zip_ratio_min_bytes`` (= 4 MiB; small members such as XML
      full of repeated markup legitimately compress 100:1 or better).
    * ``zip_max_members`` = 10 000 members in an archive.
    * ``member_bytes`` = 64 MiB — the most read from one archive member (an XHTML chapter,
      word/document.xml ...), whatever its header claims.
    """

    text_bytes: int = 32 * MiB
    html_bytes: int = 32 * MiB
    document_bytes: int = 200 * MiB
    collection_bytes: int = 2 * GiB
    record_bytes: int = 32 * MiB
    zip_total_bytes: int = 512 * MiB
    zip_max_ratio: float = 200.0
    zip_ratio_min_bytes: int = 4 * MiB
    zip_max_members: int = 10_000
    member_bytes: int = 64 * MiB


DEFAULT_LIMITS = Limits()


def human_size(n: float) -> str:
    """A file size in decimal units for people: 3.2 GB, 740 kB, 12 bytes."""
    if n < 1000:
        return f"{int(n)} bytes"
    for unit in ("kB", "MB", "GB", "TB"):
        n /= 1000.0
        if n < 999.95 or unit == "TB":
            return f"{n:.0f} {unit}" if n >= 100 else f"{n:.1f} {unit}"
    return f"{n:.1f} TB"  # pragma: no cover


def human_limit(n: int) -> str:
    """A limit in binary units, as limits are set: 32 MiB, 2 GiB."""
    for unit, size in (("GiB", GiB), ("MiB", MiB), ("KiB", KiB)):
        if n >= size:
            value = n / size
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{n} bytes"


_ERRNO_REASONS = {
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOENT: "no such file",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.EISDIR: "is a directory",
    errno.ELOOP: "symbolic link loop",
    errno.ENAMETOOLONG: "file name too long",
    errno.EIO: "input/output error (failing disk or network drive?)",
    errno.ENXIO: "no such device",
    errno.EBUSY: "file is busy",
    errno.ETIMEDOUT: "timed out (network drive?)",
}


def os_reason(exc: OSError) -> str:
    """A short specific reason for people from an OSError ("permission denied", ...)."""
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    reason = _ERRNO_REASONS.get(exc.errno or -1)
    if reason:
        return reason
    return (exc.strerror or str(exc) or type(exc).__name__).strip().rstrip(".").lower()


class NotRead(ImportFailure):
    """A failure decided from the file's metadata (missing, empty, too large) before any byte
    of it was read: nothing to sniff either."""


def check_file(path: Path, limit: int, kind: str) -> int:
    """Stat ``path`` and refuse it unless it is a regular, non-empty file within ``limit``.

    ``kind`` names the limit for the message ("text files"). Returns the size in bytes.
    Nothing is read from the file.
    """
    try:
        st = os.stat(path)
    except OSError as exc:
        if isinstance(exc, FileNotFoundError) and os.path.lexists(path):
            raise NotRead("broken symbolic link (its target does not exist)") from None
        raise NotRead(os_reason(exc)) from None
    if stat.S_ISDIR(st.st_mode):
        raise NotRead("is a directory")
    if not stat.S_ISREG(st.st_mode):
        raise NotRead("not a regular file (a device, pipe or socket)")
    if st.st_size == 0:
        raise NotRead("empty file")
    if st.st_size > limit:
        raise NotRead(
            f"file is {human_size(st.st_size)}, over the {human_limit(limit)} limit for {kind}"
        )
    return st.st_size


def read_file(path: Path, limit: int) -> bytes:
    """Read a whole (already size-checked) file, never more than ``limit`` bytes."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise ImportFailure(os_reason(exc)) from None
    if len(data) > limit:  # the file grew after stat()
        raise ImportFailure(f"file is over the {human_limit(limit)} limit")
    if not data:
        raise ImportFailure("empty file")
    return data


def read_head(path: Path, n: int = 8192) -> bytes:
    """The first ``n`` bytes of a file (for sniffing its real type)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(n)
    except OSError as exc:
        raise ImportFailure(os_reason(exc)) from None


_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a zip archive"),
    (b"PK\x05\x06", "an empty zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Microsoft Office file (.doc/.xls/.ppt)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"{\\rtf", "an RTF document"),
    (b"\x7fELF", "an executable program"),
    (b"MZ", "a Windows program"),
)


def sniff(head: bytes) -> str:
    """What the first bytes of a file look like ("a PNG image"), or "" when not recognised."""
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html")) or b"<html" in start[:1024]:
        return "an HTML page"
    if start.startswith(b"<?xml"):
        return "an XML file"
    if head and all(b in b"\t\r\n" or 32 <= b < 127 for b in head[:512]):
        return "plain text"
    return ""


# what a file named with each extension should be, as sniff() names it (None: any text kind),
# and the extension's kind in a sentence
_EXPECTED = {".pdf": ("a PDF document", "PDF"), ".epub": ("an EPUB book", "EPUB"),
             ".docx": ("a Word document (DOCX)", "DOCX"), ".html": (None, "HTML"),
             ".htm": (None, "HTML"), ".xhtml": (None, "XHTML"), ".txt": (None, "text"),
             ".text": (None, "text"), ".md": (None, "Markdown"), ".markdown": (None, "Markdown"),
             ".jsonl": (None, "JSON Lines"), ".ndjson": (None, "JSON Lines"),
             ".csv": (None, "CSV")}
_TEXT_KINDS = {"", "an HTML page", "an XML file", "plain text"}


def real_kind(path: Path) -> str:
    """sniff() of a file, with a zip archive told apart: an EPUB book, a Word document."""
    head = read_head(path, 4096)
    what = sniff(head)
    if what == "a zip archive":
        import zipfile
        try:
            with zipfile.ZipFile(path) as z:
                names = set(z.namelist()[:2000])
        except (zipfile.BadZipFile, OSError, ValueError):
            return what
        if "mimetype" in names and b"application/epub+zip" in head[:200]:
            return "an EPUB book"
        if "word/document.xml" in names:
            return "a Word document (DOCX)"
    return what


def misnamed(path: Path) -> str:
    """"a PNG image, not HTML" when the file is not what its extension says ("" when it is,
    or when nothing can be told)."""
    expected = _EXPECTED.get(path.suffix.lower())
    try:
        what = real_kind(path)
    except ImportFailure:
        return ""
    if expected is None or what in _TEXT_KINDS or what == expected[0] or \
            (what == "a zip archive" and path.suffix.lower() in (".docx", ".epub")):
        return ""
    return f"{what}, not {expected[1]}"


def a_kind(kind: str) -> str:
    """ "an EPUB", "a DOCX", "a PDF"."""
    return ("an " if kind[:1].upper() in "AEIOU" else "a ") + kind


def not_a(kind: str, head: bytes, extra: str = "") -> ImportFailure:
    """An ImportFailure "not a DOCX: not a zip archive (it looks like a PNG image)"."""
    what = sniff(head)
    reason = f"not {a_kind(kind)}: {extra or 'not a zip archive'}"
    if what and what != "a zip archive":
        reason += f" (it looks like {what})"
    return ImportFailure(reason)


def _ratio(total: int, compressed: int) -> str:
    return f"{total / max(compressed, 1):.0f}:1"


def check_zip(path: Path, limits: Limits = DEFAULT_LIMITS, kind: str = "archive") -> None:
    """Refuse a zip archive that would expand absurdly, from its central directory only.

    Raises ImportFailure when the archive is not a zip, is damaged, has more than
    ``limits.zip_max_members`` members, declares more than ``limits.zip_total_bytes`` in total,
    or has a member over ``limits.zip_ratio_min_bytes`` compressed more than
    ``limits.zip_max_ratio``:1. Nothing is decompressed. (The declared sizes are binding:
    Python's zipfile never returns more than a member's declared size, and :func:`read_member`
    caps reads again.)
    """
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except zipfile.BadZipFile as exc:
        head = read_head(path)
        if head.startswith(b"PK"):
            raise ImportFailure(f"damaged {kind}: the zip archive is corrupt ({exc})") from None
        raise not_a(kind, head) from None
    except OSError as exc:
        raise ImportFailure(os_reason(exc)) from None
    except (ValueError, NotImplementedError, EOFError) as exc:
        raise ImportFailure(f"damaged {kind}: the zip archive is corrupt ({exc})") from None
    if len(infos) > limits.zip_max_members:
        raise ImportFailure(
            f"archive has {len(infos):,} members (limit {limits.zip_max_members:,}); "
            "refusing a possible zip bomb"
        )
    total = sum(i.file_size for i in infos)
    compressed = sum(i.compress_size for i in infos)
    if total > limits.zip_total_bytes:
        raise ImportFailure(
            f"archive would expand to {human_size(total)} (ratio {_ratio(total, compressed)}); "
            "refusing a possible zip bomb"
        )
    for info in infos:
        if (
            info.file_size > limits.zip_ratio_min_bytes
            and info.file_size > limits.zip_max_ratio * max(info.compress_size, 1)
        ):
            raise ImportFailure(
                f"archive member {info.filename!r} would expand to {human_size(info.file_size)} "
                f"(ratio {_ratio(info.file_size, info.compress_size)}); "
                "refusing a possible zip bomb"
            )


def read_member(zf: zipfile.ZipFile, name: str | zipfile.ZipInfo, max_bytes: int,
                kind: str = "archive") -> bytes:
    """Read one archive member, at most ``max_bytes`` bytes whatever its header says.

    KeyError propagates for a missing member (callers turn it into a specific reason); a
    member over the cap, a bad CRC or bad compressed data raise ImportFailure.
    """
    label = name.filename if isinstance(name, zipfile.ZipInfo) else name
    chunks: list[bytes] = []
    got = 0
    try:
        with zf.open(name) as fh:
            while True:
                chunk = fh.read(min(1 * MiB, max_bytes + 1 - got))
                if not chunk:
                    break
                chunks.append(chunk)
                got += len(chunk)
                if got > max_bytes:
                    raise ImportFailure(
                        f"archive member {label!r} expands beyond {human_limit(max_bytes)}; "
                        "refusing a possible zip bomb"
                    )
    except KeyError:
        raise
    except ImportFailure:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        raise ImportFailure(f"damaged {kind}: member {label!r} is corrupt ({exc})") from None
    except NotImplementedError as exc:  # unsupported compression method / encryption
        raise ImportFailure(f"{kind} member {label!r} cannot be read ({exc})") from None
    except RuntimeError:  # "File ... is encrypted, password required"
        raise ImportFailure(f"{kind} member {label!r} is encrypted") from None
    except OSError as exc:
        raise ImportFailure(os_reason(exc)) from None
    except Exception as exc:  # zlib.error and friends
        raise ImportFailure(f"damaged {kind}: member {label!r} is corrupt ({exc})") from None
    return b"".join(chunks)
