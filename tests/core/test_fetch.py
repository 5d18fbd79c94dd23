"""Importing a web page by its address, from a real web server on 127.0.0.1 (tests/webserver.py):
the page is extracted as a saved one, keeps its address and a date, and every way a download
fails is reported with its own reason while the library stays as it was."""

from __future__ import annotations

import socket
import threading
import time
from datetime import date

import pytest

from reader.core.importers import read_path
from reader.core.importers.fetch import FetchLimits, WebPage, is_web_address
from reader.core.library import Library
from reader.core.locking import WriterLock

from tests.helpers import ARTICLE, write
from tests.webserver import ARTICLE_HTML, WebServer, closed_port_url


@pytest.fixture(scope="module")
def web():
    with WebServer() as server:
        yield server


@pytest.fixture
def lib(tmp_path):
    with Library(tmp_path / "lib") as library:
        yield library


def test_an_article_is_extracted_as_the_saved_page_is_and_keeps_its_address(
        web, lib, tmp_path):
    url = web.url("/article.html")
    before = len(web.requests)
    report = lib.import_paths([url]).run()
    assert report.failed == [] and len(report.imported) == 1
    assert report.imported[0]["path"] == url
    doc = lib.get(report.imported[0]["id"])
    saved = next(read_path(write(tmp_path / "saved.html", ARTICLE_HTML)))
    assert doc.text.startswith("North Korea has sent troops to Russia")
    assert "Copyright" not in doc.text and "Sport" not in doc.text
    assert doc.text == lib.get(lib.import_paths([tmp_path / "saved.html"]).run()
                               .duplicates[0]["id"]).text
    assert (doc.title, doc.source, doc.author) == (saved.title, saved.source, saved.author)
    assert (doc.url, doc.date, doc.path) == (url, "2024-11-05", url)
    assert web.requests[before:] == ["/article.html"]        # fetched once, by us only
    assert lib.search("escalation", limit=5).hits[0].id == doc.id


def test_a_redirect_is_followed_and_the_final_address_kept(web, lib):
    report = lib.import_paths([web.url("/story")]).run()
    doc = lib.get(report.imported[0]["id"])
    assert doc.url == web.url("/article.html")
    assert doc.path == report.imported[0]["path"] == web.url("/story")


def test_importing_an_address_again_is_unchanged_and_a_changed_page_is_updated(web, lib):
    first = lib.import_paths([web.url("/changing.html")]).run().imported[0]
    again = lib.import_paths([web.url("/changing.html")]).run()
    assert again.imported == [] and again.unchanged == [first]
    try:
        web.set_troops("2,000")
        changed = lib.import_paths([web.url("/changing.html")]).run()
    finally:
        web.set_troops("1,500")
    assert [d["id"] for d in changed.imported] == [first["id"]]       # the same document
    assert "2,000 special forces" in lib.get(first["id"]).text
    assert lib.store.count() == 1


def test_the_same_page_by_another_address_is_unchanged(web, lib):
    first = lib.import_paths([web.url("/article.html")]).run().imported[0]
    via = lib.import_paths([web.url("/story")]).run()
    assert via.imported == [] and [d["id"] for d in via.unchanged] == [first["id"]]


def test_an_undated_page_gets_the_day_it_was_first_fetched(web, lib):
    doc_id = lib.import_paths([web.url("/undated.html")]).run().imported[0]["id"]
    assert lib.get(doc_id).date == date.today().isoformat()
    with lib.lock.hold(), lib.store.transaction():       # as if fetched on an earlier day
        lib.store.execute("UPDATE documents SET date = '2024-01-02' WHERE id = ?", (doc_id,))
    again = lib.import_paths([web.url("/undated.html")]).run()
    assert [d["id"] for d in again.unchanged] == [doc_id]
    assert lib.get(doc_id).date == "2024-01-02"


def test_a_pdf_and_a_text_page_go_through_their_importers(web, lib):
    report = lib.import_paths([web.url("/report.pdf"), web.url("/notes.txt")]).run()
    assert report.failed == []
    pdf, txt = (lib.get(d["id"]) for d in report.imported)
    assert pdf.title == "Harvest Report" and "record wheat harvest" in pdf.text
    assert txt.title == "Notes From the Valley" and txt.url == web.url("/notes.txt")
    assert pdf.source == txt.source == "127.0.0.1"       # the host, when the page names none


SMALL = FetchLimits(max_bytes=10_000, read_timeout=0.5, max_seconds=0.5)


@pytest.mark.parametrize("path, reason", [
    ("/missing", "HTTP 404 Not Found: the server has no page at this address"),
    ("/image.png", "not an article: the address gives a PNG image"),
    ("/photos.html", "not an article: no main text found in the page"),
    ("/big", "too large: 50.0 kB, over the 9.8 KiB limit for a download"),
    ("/big-stream", "too large: over the 9.8 KiB limit for a download"),
    ("/slow", "timed out: 127.0.0.1 sent nothing for 0.5 s"),
    ("/trickle", "timed out: the download from 127.0.0.1 took more than 0.5 s"),
    ("/loop", "too many redirects (more than 5)"),
    ("/to-ftp", "redirected to an address that is not a web page: ftp://127.0.0.1/article.txt"),
])
def test_each_failure_has_its_reason_and_changes_nothing(web, lib, path, reason):
    started = time.monotonic()
    report = lib.import_sources([WebPage(web.url(path), SMALL)]).run()
    assert report.failed == [{"path": web.url(path), "error": reason}]
    if path in ("/slow", "/trickle"):                  # cut at their limit (the server: 3-5 s)
        assert time.monotonic() - started < 2.5
    assert lib.store.count() == 0 and lib.index.doc_count() == 0


def test_a_closed_port_is_connection_refused(lib):
    url = closed_port_url()
    (failed,) = lib.import_paths([url]).run().failed
    port = url.split(":")[2].split("/")[0]
    assert failed == {"path": url, "error": f"connection refused by 127.0.0.1:{port} "
                                            "(no server is listening there)"}


def test_a_reserved_invalid_name_fails_at_once_without_asking_the_network(lib, monkeypatch):
    asked = []
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: asked.append(a) or 1 / 0)
    started = time.monotonic()
    report = lib.import_paths(["https://news.example.invalid/story"]).run()
    assert report.failed == [{"path": "https://news.example.invalid/story",
                              "error": "cannot resolve host news.example.invalid: no such host"}]
    assert asked == [] and time.monotonic() - started < 1


def test_only_web_addresses_are_fetched(lib, tmp_path):
    assert is_web_address("https://example.com/a") and is_web_address("ftp://example.com/a")
    assert not is_web_address(str(tmp_path / "a.txt")) and not is_web_address("C:\\a.txt")
    report = lib.import_paths(["ftp://127.0.0.1/article.txt", "http://:80/x"]).run()
    assert [f["error"] for f in report.failed] == [
        "not a web page: only http and https addresses can be imported (ftp://)",
        "not a valid web address (no host name)"]


def test_files_and_addresses_mixed_keep_their_order(web, lib, tmp_path):
    one = write(tmp_path / "one.txt", "First article\n\n" + ARTICLE)
    two = write(tmp_path / "two.txt", "Second article\n\nFarmers in the valley brought in a "
                                      "record wheat harvest, the council said on Tuesday.")
    report = lib.import_paths([one, web.url("/article.html"), web.url("/missing"), two]).run()
    assert [d["path"] for d in report.imported] == [str(one), web.url("/article.html"), str(two)]
    assert [f["path"] for f in report.failed] == [web.url("/missing")]


def test_the_download_comes_first_and_never_holds_the_library(web, lib):
    job = lib.import_paths([web.url("/article.html")])
    steps = iter(job)
    first = next(steps)
    assert (first.phase, first.current) == ("fetch", web.url("/article.html"))
    with WriterLock(lib.root / "write.lock").hold(timeout=0.0):   # another process could write
        pass
    for _ in steps:
        pass
    assert len(job.report.imported) == 1


@pytest.mark.parametrize("path", ["/slow", "/trickle"])
def test_cancel_stops_a_download_at_once_even_from_a_silent_server(web, lib, path):
    cancel = threading.Event()
    job = lib.import_sources([WebPage(web.url(path), FetchLimits(max_seconds=30))],
                             cancel=cancel)
    done = threading.Event()
    threading.Thread(target=lambda: (job.run(), done.set()), daemon=True).start()
    time.sleep(0.3)
    cancel.set()
    assert done.wait(2.0)
    assert job.report.cancelled and job.report.failed == [] and job.report.imported == []


def test_no_network_and_an_unreachable_host_say_so():
    """What the connect step says when the machine has no route out (not reproducible on a
    test machine without taking its network down: the reason is read from the OS error)."""
    import errno

    from reader.core.importers.fetch import _connect_reason
    url = "https://news.example.org/story"
    assert _connect_reason(OSError(errno.ENETUNREACH, "Network is unreachable"), url) == \
        "no network: news.example.org:443 cannot be reached (network is unreachable)"
    assert _connect_reason(OSError(errno.EHOSTUNREACH, "No route to host"), url) == \
        "no route to news.example.org:443 (host unreachable)"
