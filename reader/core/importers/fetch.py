"""Web pages by address: download one with urllib3, then read its body with the importer of a
saved file of its kind, so that a fetched page is extracted exactly as a saved one.

The download is bounded: ``FetchLimits`` sets the connect and read timeouts, a deadline for the
whole download, the most bytes read (the body is streamed and dropped beyond it, counted after
decompression, so a gzip bomb stops there too) and the most redirects followed. Only http and
https are fetched, redirects included. Every failure is an ImportFailure whose message says what
went wrong (cannot resolve the host, connection refused, timed out, HTTP 404, not an article,
too large, …).

The kind of the body comes from what its first bytes are (``safety.sniff``), then the
Content-Type, then the address's own suffix: HTML goes to ``html.extract_html`` with the
address (a date in the address counts; the host names the source when the page does not),
PDF, EPUB, DOCX, text and Markdown through a temporary file to ``read_path``. An image, an
archive, a feed or an HTML page without main text is "not an article".

urllib3 is imported when a page is fetched, never by ``reader search``.
"""

from __future__ import annotations

import errno
import re
import socket
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import date
from http import HTTPStatus
from pathlib import Path
from typing import Iterator
from urllib.parse import urljoin, urlsplit, urlunsplit

from reader.core.errors import ImportFailure
from reader.core.model import Extracted

from .safety import MiB, human_limit, human_size, sniff

CHUNK = 64 * 1024
_REDIRECTS = (301, 302, 303, 307, 308)
_AGENT = "Reader/0.1 (desktop news reader; one page at a time)"
_ACCEPT = ("text/html,application/xhtml+xml,application/pdf;q=0.9,text/plain;q=0.8,"
           "application/epub+zip;q=0.8,*/*;q=0.5")
# media type → the suffix of a saved file of that kind
_KINDS = {
    "text/html": ".html", "application/xhtml+xml": ".xhtml", "text/plain": ".txt",
    "text/markdown": ".md", "text/x-markdown": ".md", "application/pdf": ".pdf",
    "application/x-pdf": ".pdf", "application/epub+zip": ".epub",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}
_UNSPECIFIC = {"", "application/octet-stream", "binary/octet-stream", "application/unknown",
               "application/download", "application/force-download", "application/x-download"}
_ARTICLE_SUFFIXES = set(_KINDS.values()) | {".htm", ".text", ".markdown"}
# what sniff() may say of an article's first bytes (anything else it names is refused)
_READABLE = {"a PDF document", "a zip archive", "an HTML page", "an XML file", "plain text"}
_NAMES = {"application/json": "JSON data", "text/css": "a style sheet",
          "text/javascript": "a script", "application/javascript": "a script",
          "text/csv": "a CSV table", "application/rss+xml": "a news feed (RSS)",
          "application/atom+xml": "a news feed (Atom)", "application/zip": "a zip archive"}
_ADDRESS = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+://")
_HINTS = {401: "the page needs a login", 403: "the server refuses to give this page",
          404: "the server has no page at this address", 410: "the page was removed",
          429: "the server asks to wait before trying again"}


@dataclass(frozen=True)
class FetchLimits:
    """Bounds of one download (seconds and bytes). Tests set small ones."""

    connect_timeout: float = 10.0     # to open the connection
    read_timeout: float = 30.0        # the most the server may stay silent
    max_seconds: float = 300.0        # the whole download (a server that trickles)
    max_bytes: int = 20 * MiB         # the body, after decompression
    max_redirects: int = 5


DEFAULT_FETCH = FetchLimits()


def is_web_address(text: str) -> bool:
    """Whether an argument names a web address ("https://…", "ftp://…") rather than a file
    (a scheme other than http and https is refused, with its reason, when it is imported)."""
    return bool(_ADDRESS.match(str(text)))


@dataclass
class Page:
    """What a download brought back."""

    url: str            # the address it ended at, after redirects
    media_type: str     # from Content-Type, lower case, without parameters ("" when none)
    body: bytes


@dataclass
class WebPage:
    """A web address to import, as ``ingest.ImportJob`` takes it beside files: ``fetch()``
    downloads and extracts it, then ``read()`` gives the article like a file's importer."""

    url: str                            # as the person gave it (reports name it)
    limits: FetchLimits = DEFAULT_FETCH
    fixed_id: str | None = None         # as ``ingest.Source``'s: an id of the caller's choosing
    origin: str = ""                    # the final address once fetched: names the document
    article: Extracted | None = None
    undated: bool = False               # the page states no date: it gets the day it was fetched

    @property
    def path(self) -> str:
        return self.url

    def fetch(self, cancel: threading.Event | None = None) -> bool:
        """Download and extract; False when cancelled on the way. Raises ImportFailure."""
        page = fetch(self.url, self.limits, cancel)
        if page is None:
            return False
        article = extract(page)
        self.undated = not article.date
        article.date = article.date or date.today().isoformat()
        article.url = page.url
        self.origin, self.article = page.url, article
        return True

    def read(self) -> Iterator[Extracted]:
        return iter([self.article])


def check_address(url: str) -> str:
    """The address to request (without its #fragment), or ImportFailure saying why not."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
        parts.port                      # noqa: B018 - raises on a port that is no number
    except ValueError as exc:
        raise ImportFailure(f"not a valid web address ({exc})") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise ImportFailure(f"not a web page: only http and https addresses can be imported "
                            f"({parts.scheme}://)")
    if not host:
        raise ImportFailure("not a valid web address (no host name)")
    # RFC 6761: a name under .invalid never resolves; it is refused without asking the network
    if host.rstrip(".").lower().endswith(".invalid") or host.rstrip(".").lower() == "invalid":
        raise ImportFailure(f"cannot resolve host {host}: no such host")
    return urlunsplit(parts._replace(fragment=""))


def fetch(url: str, limits: FetchLimits = DEFAULT_FETCH,
          cancel: threading.Event | None = None) -> Page | None:
    """GET ``url``, following at most ``limits.max_redirects`` redirects to http(s) addresses;
    None when ``cancel`` is set, at once even while the server is silent: the download runs in
    a thread of its own, left to end by itself (it stops at its next chunk, or its timeout)."""
    outcome: list = []

    def run() -> None:
        try:
            outcome.append(_download(url, limits, cancel))
        except BaseException as exc:     # noqa: BLE001 - raised again in the caller's thread
            outcome.append(exc)

    worker = threading.Thread(target=run, name="reader-fetch", daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.1)
        if cancel is not None and cancel.is_set():
            return None
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


def _download(url: str, limits: FetchLimits, cancel: threading.Event | None) -> Page | None:
    import urllib3

    current = check_address(url)
    timeout = urllib3.Timeout(connect=limits.connect_timeout, read=limits.read_timeout)
    headers = urllib3.make_headers(accept_encoding=True, user_agent=_AGENT)
    headers["Accept"] = _ACCEPT
    with urllib3.PoolManager(num_pools=2, timeout=timeout, retries=False) as http:
        for _hop in range(limits.max_redirects + 1):
            resp = _open(http, current, headers, limits)
            try:
                if resp.status in _REDIRECTS and resp.headers.get("Location"):
                    current = _redirect(current, resp.headers["Location"])
                    continue
                _check_status(resp.status)
                body = _read_body(resp, current, limits, cancel)
                if body is None:
                    return None
                media = resp.headers.get("Content-Type", "").split(";")[0].strip().lower()
                return Page(current, media, body)
            finally:
                resp.close()        # a body left unread (too large, timed out) too
    raise ImportFailure(f"too many redirects (more than {limits.max_redirects})")


def _open(http, url: str, headers: dict, limits: FetchLimits):
    """The response (headers read, body not yet), or ImportFailure saying why there is none."""
    from urllib3 import exceptions as ex

    host = urlsplit(url).hostname or url
    try:
        return http.request("GET", url, headers=headers, redirect=False,
                            preload_content=False)
    except ex.NameResolutionError as exc:
        gai = exc.__cause__
        if getattr(gai, "errno", None) == socket.EAI_AGAIN:
            raise ImportFailure(f"cannot resolve host {host}: no network, or no name server "
                                "answered") from None
        raise ImportFailure(f"cannot resolve host {host}: no such host") from None
    except ex.NewConnectionError as exc:
        raise ImportFailure(_connect_reason(exc.__cause__, url)) from None
    except ex.ConnectTimeoutError:
        raise ImportFailure(f"timed out connecting to {host} (no answer in "
                            f"{limits.connect_timeout:g} s)") from None
    except ex.ReadTimeoutError:
        raise ImportFailure(f"timed out: {host} sent nothing for {limits.read_timeout:g} s") \
            from None
    except ex.SSLError as exc:
        raise ImportFailure(f"secure connection to {host} failed ({_first_line(exc)})") \
            from None
    except (ex.HTTPError, OSError) as exc:
        raise ImportFailure(f"the connection to {host} failed ({_first_line(exc)})") from None


def _connect_reason(cause: BaseException | None, url: str) -> str:
    parts = urlsplit(url)
    where = f"{parts.hostname}:{parts.port or (443 if parts.scheme == 'https' else 80)}"
    code = getattr(cause, "errno", None)
    if code == errno.ECONNREFUSED:
        return f"connection refused by {where} (no server is listening there)"
    if code in (errno.ENETUNREACH, errno.ENETDOWN):
        return f"no network: {where} cannot be reached (network is unreachable)"
    if code == errno.EHOSTUNREACH:
        return f"no route to {where} (host unreachable)"
    return f"cannot connect to {where} ({_first_line(cause) if cause else 'unknown error'})"


def _redirect(current: str, location: str) -> str:
    target = urljoin(current, location.strip())
    if urlsplit(target).scheme.lower() not in ("http", "https"):
        raise ImportFailure(f"redirected to an address that is not a web page: {target[:200]}")
    return check_address(target)


def _check_status(status: int) -> None:
    if 200 <= status < 300:
        return
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "error"
    hint = _HINTS.get(status) or ("the server failed" if status >= 500 else "")
    raise ImportFailure(f"HTTP {status} {phrase}" + (f": {hint}" if hint else ""))


def _read_body(resp, url: str, limits: FetchLimits,
               cancel: threading.Event | None) -> bytes | None:
    from urllib3 import exceptions as ex

    host = urlsplit(url).hostname or url
    declared = resp.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise _too_large(limits, int(declared))
    chunks, got, deadline = [], 0, time.monotonic() + limits.max_seconds
    try:
        while True:
            chunk = resp.read1(CHUNK)
            if not chunk:
                break
            if cancel is not None and cancel.is_set():
                return None
            got += len(chunk)
            if got > limits.max_bytes:
                raise _too_large(limits)
            if time.monotonic() > deadline:
                raise ImportFailure(f"timed out: the download from {host} took more than "
                                    f"{limits.max_seconds:g} s")
            chunks.append(chunk)
    except ex.ReadTimeoutError:
        raise ImportFailure(f"timed out: {host} sent nothing for {limits.read_timeout:g} s") \
            from None
    except ex.DecodeError:
        raise ImportFailure(f"{host} sent a damaged compressed page") from None
    except (ex.HTTPError, OSError) as exc:
        raise ImportFailure(f"the connection to {host} broke off ({_first_line(exc)})") \
            from None
    if not got:
        raise ImportFailure("empty page: the server sent nothing")
    return b"".join(chunks)


def _too_large(limits: FetchLimits, size: int | None = None) -> ImportFailure:
    what = f"{human_size(size)}, " if size else ""
    return ImportFailure(f"too large: {what}over the {human_limit(limits.max_bytes)} limit for "
                         "a download")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:200]


def kind_of(page: Page) -> str:
    """The suffix of a saved file of the body's kind (".html", ".pdf", …), or ImportFailure
    "not an article" naming what it is."""
    what = sniff(page.body[:8192])
    if what and what not in _READABLE:
        raise ImportFailure(f"not an article: the address gives {what}")
    if what == "a PDF document":
        return ".pdf"
    if what == "an HTML page" and page.media_type != "application/xhtml+xml":
        return ".html"
    if page.media_type in _KINDS:
        return _KINDS[page.media_type]
    suffix = Path(urlsplit(page.url).path).suffix.lower()
    if page.media_type in _UNSPECIFIC and suffix in _ARTICLE_SUFFIXES:
        return suffix
    if page.media_type in _UNSPECIFIC and what == "plain text":
        return ".txt"
    raise ImportFailure(f"not an article: the address gives {_name(page.media_type, what)}")


def _name(media: str, what: str) -> str:
    """What a body is, for people: by its declared type when it has one, else by its bytes."""
    if media in _UNSPECIFIC:
        return what or "content of no known type"
    major = media.partition("/")[0]
    kinds = {"image": "an image", "audio": "audio", "video": "a video", "font": "a font"}
    if major in kinds:
        return f"{kinds[major]} ({media})"
    return _NAMES.get(media, f"content of type {media}")


def extract(page: Page) -> Extracted:
    """The article in a downloaded body, read by the importer of a saved file of its kind."""
    from . import read_path, run_reader

    suffix = kind_of(page)
    if suffix in (".html", ".htm", ".xhtml"):
        from .html import NO_TEXT, extract_html
        try:
            article = run_reader(lambda: extract_html(page.body, url=page.url), "HTML")
        except ImportFailure as exc:
            if str(exc) == NO_TEXT:
                raise ImportFailure("not an article: no main text found in the page") from None
            raise
    else:
        with tempfile.TemporaryDirectory(prefix="reader-fetch-") as folder:
            path = Path(folder) / f"page{suffix}"
            path.write_bytes(page.body)
            (article,) = list(read_path(path))
    article.source = article.source or _site(page.url)
    return article


def _site(url: str) -> str:
    """The host without its "www." ("www.bbc.co.uk" → "bbc.co.uk"): the outlet when the page
    does not name itself."""
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host
