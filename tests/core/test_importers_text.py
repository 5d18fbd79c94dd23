"""Plain-text importer (.txt) and the file-level API: iter_files / read_path dispatch."""

import codecs
import os

import pytest

from reader.core.errors import ImportFailure
from reader.core.importers import SUPPORTED, iter_files, read_path
from reader.core.model import Extracted

BODY = ("In a shocking revelation that underscores the desperate measures Russia is resorting\n"
        "to, intelligence reports indicate that special forces are being deployed.\n\n"
        "The human toll of the war is staggering.\n")


def read_one(path) -> Extracted:
    (item,) = list(read_path(path))
    assert isinstance(item, Extracted)
    return item


def test_outlet_and_title_header(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("EuropeNews\n\nRussia Relies on North Korean Forces and Foreign Labor for "
                 "Ukraine War\n\n" + BODY, encoding="utf-8")
    ex = read_one(p)
    assert ex.source == "EuropeNews"
    assert ex.title == "Russia Relies on North Korean Forces and Foreign Labor for Ukraine War"
    assert ex.text.startswith("In a shocking revelation")
    assert "EuropeNews" not in ex.text and "Relies on" not in ex.text
    assert ex.reflow is True


def test_short_first_line_is_the_title(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Storm hits the coast\n\n" + BODY, encoding="utf-8")
    ex = read_one(p)
    assert (ex.title, ex.source) == ("Storm hits the coast", "")
    assert ex.text.startswith("In a shocking revelation")


def test_long_first_sentence_makes_a_title_and_keeps_the_body(tmp_path):
    first = ("A Reuters investigation reveals the significant extent of North Korea’s military "
             "support for Russia’s war in Ukraine. This aid includes millions of shells.")
    p = tmp_path / "a.txt"
    p.write_text(first + "\n\nRead the original article here\n\nMore text.\n", encoding="utf-8")
    ex = read_one(p)
    assert ex.text.startswith(first)
    assert ex.title.endswith("…") and len(ex.title) <= 91
    assert ex.title.startswith("A Reuters investigation reveals the significant extent")
    assert " " not in ex.title[-2:]


def test_short_sentence_title_without_ellipsis(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Prices rose sharply in March across the region. Analysts\nwere surprised.\n",
                 encoding="utf-8")
    assert read_one(p).title == "Prices rose sharply in March across the region"


def test_hard_wrapped_first_line_without_header(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Kim\nJong-un is now marching to the beat of a desperate man's drum. More.\n",
                 encoding="utf-8")
    ex = read_one(p)
    assert ex.title == "Kim Jong-un is now marching to the beat of a desperate man's drum"
    assert ex.text.startswith("Kim\nJong-un")


def test_cr_only_and_crlf_files(tmp_path):
    p = tmp_path / "mac.txt"
    p.write_bytes(b"Title line\r\rFirst paragraph line one\rline two.\r")
    ex = read_one(p)
    assert ex.title == "Title line" and ex.text == "First paragraph line one\nline two."
    q = tmp_path / "dos.txt"
    q.write_bytes(b"Title line\r\n\r\nBody text here.\r\n")
    assert read_one(q).text == "Body text here."


@pytest.mark.parametrize("bom,codec", [(codecs.BOM_UTF16_LE, "utf-16-le"),
                                       (codecs.BOM_UTF16_BE, "utf-16-be"), (b"", "utf-16-le")])
def test_utf16_files_import(tmp_path, bom, codec):
    p = tmp_path / "u16.txt"
    p.write_bytes(bom + ("Grüße aus Köln\n\n" + BODY).encode(codec))
    ex = read_one(p)
    assert ex.title == "Grüße aus Köln" and "special forces" in ex.text


def test_empty_file(tmp_path):
    p = tmp_path / "e.txt"
    p.write_bytes(b"")
    with pytest.raises(ImportFailure, match="^empty file$"):
        read_path(p)


def test_blank_file(tmp_path):
    p = tmp_path / "b.txt"
    p.write_bytes(b"  \n\n \t\n")
    with pytest.raises(ImportFailure, match="^no text: the file is blank$"):
        read_path(p)


def test_binary_file_with_txt_extension(tmp_path):
    p = tmp_path / "image.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    with pytest.raises(ImportFailure, match=r"^a PNG image, not text: binary data, not text \(NUL bytes at offset 8\)$"):
        read_path(p)


def test_invalid_utf8(tmp_path):
    import random
    rng = random.Random(1)
    p = tmp_path / "bad.txt"
    p.write_bytes(b"ok " + bytes(rng.choice([0x80, 0x81, 0x8d, 0x8f, 0x90, 0x9d, 0xc3, 0xff])
                                 for _ in range(400)))
    with pytest.raises(ImportFailure, match=r"^not valid UTF-8 \(invalid byte 0x.. at offset 3\)"
                                            r" and no other encoding fits$"):
        read_path(p)


def test_unsupported_extension_named_explicitly(tmp_path):
    p = tmp_path / "notes.odt"
    p.write_bytes(b"x")
    with pytest.raises(ImportFailure, match=r"^unsupported file type '\.odt' \(supported: "):
        read_path(p)
    ((path, exc),) = list(iter_files([p]))
    assert path == p and str(exc).startswith("unsupported file type '.odt'")


def test_extension_is_case_insensitive(tmp_path):
    p = tmp_path / "UPPER.TXT"
    p.write_text("Headline\n\nBody text.\n", encoding="utf-8")
    assert read_one(p).title == "Headline"
    assert list(iter_files([p])) == [p]


def test_iter_files_walks_folders_sorted_skipping_hidden_and_unsupported(tmp_path):
    for rel in ["b.txt", "A.md", "sub/c.html", "sub/d.PDF", ".hidden.txt", ".git/x.txt",
                "notes.odt", "sub/deeper/e.csv"]:
        f = tmp_path / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_bytes(b"x")
    got = [p.relative_to(tmp_path).as_posix() for p in iter_files([tmp_path])]
    assert got == ["A.md", "b.txt", "sub/c.html", "sub/d.PDF", "sub/deeper/e.csv"]
    assert got == [p.relative_to(tmp_path).as_posix() for p in iter_files([tmp_path])]


def test_missing_path(tmp_path):
    ((path, exc),) = list(iter_files([tmp_path / "gone.txt"]))
    assert str(exc) == "no such file"


def test_symlink_loop_file(tmp_path):
    loop = tmp_path / "loop.txt"
    os.symlink(loop, loop)
    ((path, exc),) = list(iter_files([loop]))
    assert path == loop and str(exc) == "symbolic link loop"
    with pytest.raises(ImportFailure, match="^symbolic link loop$"):
        list(read_path(loop))


def test_symlink_loop_in_folders_does_not_hang(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x.txt").write_text("Title\n\nBody.\n", encoding="utf-8")
    os.symlink(tmp_path / "a", tmp_path / "a" / "b" / "up")     # a/b/up -> a
    os.symlink(tmp_path / "a" / "b", tmp_path / "a" / "again")  # reaches b twice
    items = list(iter_files([tmp_path]))
    files = [i for i in items if not isinstance(i, tuple)]
    failures = [i for i in items if isinstance(i, tuple)]
    assert [f.name for f in files] == ["x.txt"]
    assert len(failures) == 1 and "symbolic link loop" in str(failures[0][1])


def test_broken_symlink(tmp_path):
    link = tmp_path / "dangling.txt"
    os.symlink(tmp_path / "nowhere.txt", link)
    ((path, exc),) = list(iter_files([link]))
    assert str(exc) == "broken symbolic link (its target does not exist)"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files whatever their mode")
def test_unreadable_file(tmp_path):
    p = tmp_path / "secret.txt"
    p.write_text("Title\n\nBody.\n", encoding="utf-8")
    p.chmod(0)
    try:
        ((path, exc),) = list(iter_files([p]))
        assert str(exc) == "permission denied"
        with pytest.raises(ImportFailure, match="^permission denied$"):
            list(read_path(p))
    finally:
        p.chmod(0o600)


def test_unreadable_path_even_as_root(tmp_path):
    # A directory named like a text file cannot be read as one, whoever we are.
    d = tmp_path / "folder.txt"
    d.mkdir()
    with pytest.raises(ImportFailure, match="^is a directory$"):
        list(read_path(d))


def test_supported_set():
    assert SUPPORTED == {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".pdf",
                         ".epub", ".docx", ".jsonl", ".ndjson", ".csv"}


def test_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    ((path, exc),) = list(iter_files([fifo]))
    assert str(exc) == "not a regular file (a device, pipe or socket)"
    with pytest.raises(ImportFailure, match=r"^not a regular file"):
        list(read_path(fifo))
