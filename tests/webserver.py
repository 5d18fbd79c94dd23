"""A real web server for the tests of importing by address: http.server on 127.0.0.1 at a port
the system picks, in a daemon thread. Nothing in these tests reaches the internet."""

from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARTICLE_HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>Troops Reach the Border - Valley Herald</title>
<meta property="og:site_name" content="Valley Herald">
<meta property="article:published_time" content="2024-11-05T08:00:00Z">
<meta name="author" content="Ada Roe">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Troops Reach the Border</h1>
<p>North Korea has sent troops to Russia, officials in Seoul said on Monday, in a move that
analysts described as a marked escalation of the two countries' military cooperation.</p>
<p>The deployment of 1,500 special forces marks an escalation. Analysts in the U.S. expect
more to follow in the coming weeks, according to people familiar with the matter.</p>
<p>Mr. Kim met the Russian delegation in Pyongyang on Jan. 5, according to state media, which
said the talks had covered trade, energy and what it called regional security.</p>
</article>
<footer>Copyright Valley Herald. All rights reserved.</footer>
</body></html>
"""

UNDATED_HTML = ARTICLE_HTML.replace(
    '<meta property="article:published_time" content="2024-11-05T08:00:00Z">\n', "").replace(
    "Troops Reach the Border", "Farmers Bring In the Harvest").replace(
    "North Korea has sent troops to Russia", "Farmers in the valley brought in a record harvest")

NO_TEXT_HTML = ("<!DOCTYPE html><html><head><title>Photos</title></head><body>"
                "<img src='/image.png' alt=''><script>var gallery = 1;</script></body></html>")

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")

BIG = 50_000       # bytes of /big and /big-stream (tests set a smaller limit)


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"

    def log_message(self, *args) -> None:     # quiet
        pass

    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        route = getattr(self, "_" + self.path.strip("/").replace("-", "_").replace(".", "_"),
                        None)
        if route is None:
            self._send(404, "text/html", b"<html><body>Not here</body></html>")
        else:
            route()

    def _send(self, status: int, media: str, body: bytes, length: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, to: str) -> None:
        self.send_response(302)
        self.send_header("Location", to)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _article_html(self) -> None:
        self._send(200, "text/html; charset=utf-8", ARTICLE_HTML.encode())

    def _undated_html(self) -> None:
        self._send(200, "text/html; charset=utf-8", UNDATED_HTML.encode())

    def _changing_html(self) -> None:
        html = ARTICLE_HTML.replace("1,500", self.server.troops)
        self._send(200, "text/html; charset=utf-8", html.encode())

    def _photos_html(self) -> None:
        self._send(200, "text/html", NO_TEXT_HTML.encode())

    def _story(self) -> None:                 # a redirect, as a link shortener gives
        self._redirect("/article.html")

    def _loop(self) -> None:
        self._redirect("/loop")

    def _to_ftp(self) -> None:
        self._redirect("ftp://127.0.0.1/article.txt")

    def _image_png(self) -> None:
        self._send(200, "image/png", PNG)

    def _report_pdf(self) -> None:
        from tests.core.test_importers_pdf import make_pdf
        pdf = make_pdf([["Harvest Report", "", "Farmers in the valley brought in a record "
                         "wheat harvest this year, the council said."]],
                       info={"Title": "Harvest Report"})
        self._send(200, "application/octet-stream", pdf)

    def _notes_txt(self) -> None:
        self._send(200, "text/plain; charset=utf-8",
                   b"Notes From the Valley\n\nFarmers in the valley brought in a record wheat "
                   b"harvest this year, the regional council said on Tuesday.\n")

    def _big(self) -> None:
        self._send(200, "text/html", b"<p>" + b"x" * BIG + b"</p>")

    def _big_stream(self) -> None:            # no Content-Length: only counting can stop it
        self._send(200, "text/html", b"<p>" + b"x" * BIG + b"</p>", length=False)

    def _slow(self) -> None:                  # silent for 3 s before it answers
        time.sleep(3)
        self._article_html()

    def _trickle(self) -> None:               # a byte every 50 ms, for up to 5 s
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        for _ in range(100):
            try:
                self.wfile.write(b"x")
                self.wfile.flush()
            except OSError:
                return
            time.sleep(0.05)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[str] = []
        self.troops = "1,500"

    def handle_error(self, request, client_address) -> None:
        """A client that hung up (timed out, too large, cancelled) is what these tests do."""


class WebServer:
    """``with WebServer() as web: web.url("/article.html")``; ``web.requests`` lists the paths
    asked for."""

    def __enter__(self) -> "WebServer":
        self._server = _Server()
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def requests(self) -> list[str]:
        return self._server.requests

    def set_troops(self, value: str) -> None:
        """What /changing.html says the deployment numbers."""
        self._server.troops = value

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}{path}"


def closed_port_url() -> str:
    """An address on 127.0.0.1 where nothing listens: a port the system gave and took back."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/article.html"
