"""Shared safety checks: size limits from stat, zip bombs, bounded member reads, OS errors."""

import builtins
import errno
import struct
import zipfile

import pytest

from reader.core.errors import ImportFailure
from reader.core.importers import read_path
from reader.core.importers.safety import (
    MiB, Limits, check_file, check_zip, human_limit, human_size, os_reason, read_member, sniff)


def lie_about_size(path, member: str, fake_size: int) -> None:
    """Patch the central-directory entry of ``member`` to claim ``fake_size`` bytes."""
    data = bytearray(path.read_bytes())
    pos = 0
    while True:
        pos = data.index(b"PK\x01\x02", pos)
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        if data[pos + 46:pos + 46 + name_len].decode() == member:
            struct.pack_into("<I", data, pos + 24, fake_size)
            break
        pos += 4
    path.write_bytes(bytes(data))


def small_zip(path, members: dict[str, bytes]):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_human_units():
    assert human_size(3_200_000_000) == "3.2 GB"
    assert human_size(512) == "512 bytes"
    assert human_limit(32 * MiB) == "32 MiB"
    assert human_limit(2 * 1024 * MiB) == "2 GiB"


def test_huge_sparse_text_file_is_refused_from_stat_without_reading(tmp_path, monkeypatch):
    big = tmp_path / "huge.txt"
    with open(big, "wb") as fh:
        fh.truncate(3_200_000_000)  # sparse: instant, takes no disk space

    def no_open(*args, **kwargs):
        raise AssertionError("the file must not be opened")

    monkeypatch.setattr(builtins, "open", no_open)
    with pytest.raises(ImportFailure) as exc:
        read_path(big)
    assert str(exc.value) == "file is 3.2 GB, over the 32 MiB limit for text files"


def test_check_file_reasons(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(ImportFailure, match="^empty file$"):
        check_file(empty, 100, "text files")
    with pytest.raises(ImportFailure, match="^no such file$"):
        check_file(tmp_path / "missing.txt", 100, "text files")
    with pytest.raises(ImportFailure, match="^is a directory$"):
        check_file(tmp_path, 100, "text files")
    ok = tmp_path / "ok.txt"
    ok.write_bytes(b"x" * 101)
    with pytest.raises(ImportFailure, match="file is 101 bytes, over the 100 bytes limit"):
        check_file(ok, 100, "text files")


def test_os_reason_is_specific():
    assert os_reason(PermissionError(errno.EACCES, "Permission denied")) == "permission denied"
    assert os_reason(IsADirectoryError(errno.EISDIR, "x")) == "is a directory"
    assert os_reason(OSError(errno.ELOOP, "Too many levels")) == "symbolic link loop"
    assert os_reason(FileNotFoundError(errno.ENOENT, "x")) == "no such file"


def test_sniff():
    assert sniff(b"\x89PNG\r\n\x1a\n....") == "a PNG image"
    assert sniff(b"%PDF-1.7") == "a PDF document"
    assert sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") .startswith("a legacy Microsoft Office")
    assert sniff(b"<!DOCTYPE html><html>") == "an HTML page"


def test_zip_bomb_by_declared_size_is_refused_before_expansion(tmp_path):
    path = small_zip(tmp_path / "bomb.epub", {"mimetype": b"application/epub+zip",
                                              "big.xhtml": b"<p>hi</p>" * 10})
    lie_about_size(path, "big.xhtml", 0xF000_0000)  # claims about 4 GB
    with pytest.raises(ImportFailure,
                       match=r"^archive would expand to 4\.0 GB \(ratio \d+:1\); "
                             r"refusing a possible zip bomb$"):
        check_zip(path, Limits(), "EPUB")


def test_zip_bomb_by_ratio_really_compressed(tmp_path):
    path = small_zip(tmp_path / "zeros.docx", {"word/document.xml": b"\0" * (8 * MiB)})
    assert path.stat().st_size < 100_000
    with pytest.raises(ImportFailure,
                       match=r"^archive member 'word/document.xml' would expand to 8\.4 MB "
                             r"\(ratio \d+:1\); refusing a possible zip bomb$"):
        check_zip(path, Limits(zip_ratio_min_bytes=1 * MiB), "DOCX")


def test_too_many_members(tmp_path):
    path = small_zip(tmp_path / "many.epub", {f"f{i}.txt": b"x" for i in range(30)})
    with pytest.raises(ImportFailure, match="archive has 30 members \\(limit 20\\)"):
        check_zip(path, Limits(zip_max_members=20), "EPUB")


def test_not_a_zip_and_damaged_zip(tmp_path):
    text = tmp_path / "a.epub"
    text.write_bytes(b"I'm not an epub!\n")
    with pytest.raises(ImportFailure, match="^not an EPUB: not a zip archive \\(it looks like "
                                            "plain text\\)$"):
        check_zip(text, Limits(), "EPUB")
    good = small_zip(tmp_path / "b.docx", {"word/document.xml": b"<x/>" * 1000})
    damaged = tmp_path / "c.docx"
    damaged.write_bytes(good.read_bytes()[:-30])
    with pytest.raises(ImportFailure, match="^damaged DOCX: the zip archive is corrupt"):
        check_zip(damaged, Limits(), "DOCX")


def test_read_member_is_bounded_even_if_the_header_lies(tmp_path):
    path = small_zip(tmp_path / "x.zip", {"a.xml": b"a" * 5000})
    with zipfile.ZipFile(path) as zf:
        assert read_member(zf, "a.xml", 10_000) == b"a" * 5000
        with pytest.raises(ImportFailure, match="expands beyond 1000 bytes"):
            read_member(zf, "a.xml", 1000)
    # Header claims fewer bytes than the data holds: zipfile stops at the claim, CRC fails.
    lie_about_size(path, "a.xml", 100)
    with zipfile.ZipFile(path) as zf, pytest.raises(ImportFailure, match="corrupt"):
        read_member(zf, "a.xml", 10_000)


def test_a_misnamed_file_fails_naming_what_it_really_is(tmp_path):
    """Issue 15, fix 8: the failure says "a PNG image, not HTML", "a Word document (DOCX), not
    PDF"; a file that is what its name says, or an unknown kind, says nothing extra."""
    import io
    import zipfile

    from reader.core.importers import ImportFailure, read_path
    png = bytes.fromhex("89504e470d0a1a0a0000000d49484452") + bytes(64)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    cases = {"photo.html": (png, "a PNG image, not HTML: "),
             "report.pdf": (buf.getvalue(), "a Word document (DOCX), not PDF: "),
             "notes.txt": (b"\xff\xd8\xff\xe0" + bytes(40), "a JPEG image, not text: "),
             "empty.md": (b"", "empty file")}
    for name, (data, start) in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(ImportFailure) as err:
            list(read_path(tmp_path / name))
        assert str(err.value).startswith(start), str(err.value)
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4 but nothing else")
    with pytest.raises(ImportFailure) as err:
        list(read_path(tmp_path / "bad.pdf"))
    assert ", not PDF" not in str(err.value)
