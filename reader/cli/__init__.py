"""The ``reader`` command line. It never imports PySide6 (only ``reader`` with no command opens
the window), so that ``reader search ...`` starts fast.

Contract (stable; scripts depend on it): ``--json`` output is UTF-8 JSON on stdout in the shapes
documented in README.md; errors go to stderr; offsets are Python str indices into the document's
normalised text, end exclusive. Exit status: 0 success, 1 partly failed (some files, some ids),
2 usage error, 3 the library is busy or cannot be opened.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from typing import Sequence

from . import documents, highlights, links, meta, story
from .common import EXIT_LIBRARY, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, err


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--library", metavar="DIR", default=argparse.SUPPRESS,
                        help="library directory (default: $READER_LIBRARY or the per-user "
                             "data directory)")
    p = argparse.ArgumentParser(
        prog="reader", parents=[common],
        description="Read several sources on the same story: import, search, cross-reference.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    documents.add_parsers(sub, common)      # import, list, show, search, remove, xref, match,
    highlights.add_parsers(sub, common)     # compare; highlight ..., export
    meta.add_parsers(sub, common)           # meta
    links.add_parsers(sub, common)          # link ...
    story.add_parsers(sub, common)          # story
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command is None:
        return _open_window(args)
    if args.command == "compare":          # needs no library
        return documents.cmd_compare(args)
    from ..core.errors import InvalidArgument, NotFound, ReaderError
    try:
        lib = _open_library(getattr(args, "library", None))
    except ReaderError as exc:
        err(f"reader: {exc}")
        return EXIT_LIBRARY
    except (sqlite3.Error, OSError) as exc:
        err(f"reader: cannot open the library: {_reason(exc)}")
        return EXIT_LIBRARY
    try:
        return COMMANDS[args.command](lib, args)
    except NotFound as exc:
        err(f"reader: {exc}")
        return EXIT_PARTIAL
    except InvalidArgument as exc:
        err(f"reader: {exc}")
        return EXIT_USAGE
    except ReaderError as exc:
        err(f"reader: {exc}")
        return EXIT_LIBRARY
    except BrokenPipeError:   # e.g. `reader list | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except (sqlite3.Error, OSError) as exc:     # a full disk, an I/O error: rolled back
        err(f"reader: the library at {lib.root} failed: {_reason(exc)}; what was written "
            "before this is kept")
        return EXIT_LIBRARY
    finally:
        lib.close()


def _open_library(cli_value: str | None):
    from ..core.library import Library
    from ..core.paths import resolve_library_dir
    root, is_default = resolve_library_dir(cli_value)
    lib = Library(root)
    if is_default:
        lib.seed_if_new()
    return lib


def _open_window(args) -> int:
    """`reader` with no command: the desktop window (the only path that imports Qt). Without
    a display, one line and exit 2 (Qt would abort the process with a core dump)."""
    if not _has_display():
        err("reader: the window needs a display (no DISPLAY or WAYLAND_DISPLAY is set); every "
            "other command works without one: reader --help")
        return EXIT_USAGE
    from ..app import main as app_main
    from ..core.paths import resolve_library_dir
    root, is_default = resolve_library_dir(getattr(args, "library", None))
    return app_main(root, is_default=is_default)


def _reason(exc: BaseException) -> str:
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return text.splitlines()[0]


def _has_display() -> bool:
    """Can Qt open a window here? A display server, a platform that needs none (offscreen,
    a framebuffer: QT_QPA_PLATFORM), or a system that is not X11/Wayland (Windows, macOS)."""
    env = os.environ
    if not sys.platform.startswith("linux") and "bsd" not in sys.platform:
        return True
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith(("xcb", "wayland")):
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


# command → function(library, args); `compare` needs no library and `reader` alone opens the window
COMMANDS = {"import": documents.cmd_import, "list": documents.cmd_list,
            "show": documents.cmd_show, "search": documents.cmd_search,
            "remove": documents.cmd_remove, "xref": documents.cmd_xref,
            "match": documents.cmd_match,
            "highlight": highlights.cmd_highlight, "export": highlights.cmd_export,
            "meta": meta.cmd_meta, "link": links.cmd_link, "story": story.cmd_story}
