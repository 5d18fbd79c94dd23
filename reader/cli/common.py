"""What every command shares: the exit statuses of the contract, output to stdout and stderr
(UTF-8 whatever the terminal says), JSON lines, aligned tables, matched words made visible, the
report of a removal, the mark of a link the user made or relabelled, and cross-referencing with
progress on a terminal."""

from __future__ import annotations

import json
import os
import re
import sys

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_LIBRARY = 0, 1, 2, 3


# What a terminal would act on: control characters (ESC starts the sequences that clear the
# screen, set the window title or plant hidden links), C1 controls, bidirectional overrides. The
# only escape sequences written are our own colours (SGR: ESC [ numbers m).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_BUT_CRLF = re.compile("\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e"
                              "\u2066-\u2069]")
_OUR_COLOURS = re.compile("(\x1b\\[1;33m|\x1b\\[0m)")   # mark()'s, and no other


def inert(text: str, crlf: bool = False) -> str:
    """``text`` with nothing a terminal would act on, but our colour codes (and, with ``crlf``,
    the CR of CR LF line ends: an exported CSV file)."""
    unsafe = _UNSAFE_BUT_CRLF if crlf else _UNSAFE
    parts = _OUR_COLOURS.split(text)
    return "".join(p if k % 2 else unsafe.sub("", p) for k, p in enumerate(parts))


def out(text: str, crlf: bool = False) -> None:
    sys.stdout.buffer.write(inert(text, crlf).encode("utf-8", "surrogateescape"))
    sys.stdout.buffer.flush()


def out_file(text: str, crlf: bool = False) -> None:
    """A file's content on stdout (an export): as it is when stdout is a file or a pipe (the
    same bytes ``--out`` writes), made inert when it is a terminal."""
    if sys.stdout.isatty():
        out(text, crlf)
        return
    sys.stdout.buffer.write(text.encode("utf-8", "surrogateescape"))
    sys.stdout.buffer.flush()


def err(text: str) -> None:
    sys.stderr.buffer.write((inert(text) + "\n").encode("utf-8", "replace"))
    sys.stderr.buffer.flush()


def json_out(obj) -> None:
    """One JSON value on a line; characters a terminal would act on stay as \\u escapes (the
    same data, inert on a terminal)."""
    text = json.dumps(obj, ensure_ascii=False, indent=None)
    text = _UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
    sys.stdout.buffer.write((text + "\n").encode("utf-8", "surrogateescape"))
    sys.stdout.buffer.flush()


def use_colour() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def mark(text: str, offset: int, matches: list[tuple[int, int]]) -> str:
    """Make the matched words visible: bold in a terminal, [brackets] otherwise."""
    on, off = ("\033[1;33m", "\033[0m") if use_colour() else ("[", "]")
    merged: list[list[int]] = []          # "[special forces]", not "[special] [forces]"
    for a, b in matches:
        if merged and not text[merged[-1][1] - offset:a - offset].strip():
            merged[-1][1] = b
        else:
            merged.append([a, b])
    out, pos = [], 0
    for a, b in merged:
        a, b = a - offset, b - offset
        out += [text[pos:a], on, text[a:b], off]
        pos = b
    out.append(text[pos:])
    return "".join(out)


def table(rows: list[list[str]], widths: list[int]) -> str:
    lines = []
    for r in rows:   # every column but the last has a width
        cells = [(c if len(c) <= w else c[:max(w - 1, 0)] + "…").ljust(w)
                 for c, w in zip(r[:-1], widths)] + [r[-1]]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + ("\n" if lines else "")


def run_xref(lib, doc_ids=None, quiet=False) -> None:
    if lib.read_only:
        if lib.engine.pending():
            err("reader: the library is read-only: the links are shown as last computed")
        return
    show = not quiet and sys.stderr.isatty()
    for p in lib.cross_reference(doc_ids):
        if show:
            sys.stderr.write(f"\rcross-referencing: {p.phase} {p.done}/{p.total}\033[K")
            sys.stderr.flush()
    if show:
        sys.stderr.write("\r\033[K")


def by_whom(r) -> str:
    """What a line of people's output adds for a link (links.LinkRow) the user had a part in."""
    if r.by == "user":
        return "  (yours" + (f": {' '.join(r.note.split())})" if r.note else ")")
    return f"  (relabelled by you; Reader found {r.relabelled})" if r.relabelled else ""


def report_removed(removed: list, missing: list, as_json: bool, *, what: str,
                   done: str) -> int:
    """The outcome of a removal: the ids not found on stderr, the rest as JSON or lines."""
    for m in missing:
        err(f"{m}: no {what} with this id")
    if as_json:
        json_out({"removed": removed, "missing": missing})
    else:
        for r in removed:
            out(f"{done} {r}\n")
    return EXIT_PARTIAL if missing else EXIT_OK


def whole_number(value: str, name: str) -> int:
    """A command-line number (START, END, an id), or an InvalidArgument naming it."""
    from ..core.errors import InvalidArgument
    try:
        return int(value)
    except ValueError:
        raise InvalidArgument(f"{name} must be a whole number, not {value!r}") from None


def run_action(lib, args, command: str, actions: dict) -> int:
    """Run ``reader COMMAND ACTION``: the action's function, or exit 2 with one line when it
    is missing, the arguments are invalid or a document is unknown."""
    from ..core.errors import InvalidArgument, NotFound
    if args.action is None:
        names = list(actions)
        err(f"reader: {command} needs an action: {', '.join(names[:-1])} or {names[-1]}")
        return EXIT_USAGE
    try:
        return actions[args.action](lib, args)
    except (InvalidArgument, NotFound) as exc:
        err(f"reader: {exc}")
        return EXIT_USAGE
