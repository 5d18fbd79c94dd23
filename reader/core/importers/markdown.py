"""Markdown articles (.md, .markdown) → plain readable text plus front-matter metadata.

No third-party Markdown library: the goal is readable text, not HTML. Rules:

* YAML-like front matter (``---`` … ``---``, or TOML ``+++`` … ``+++``) gives title, author,
  date (ISO), categories/tags/keywords → tags, source and url; it never enters the body.
* Headings (``# x`` and setext underlines) become their own paragraph; the first level-1
  heading is the title when the front matter has none (and is dropped from the body when it
  opens the document).
* Soft-wrapped paragraph lines are joined here (Markdown semantics), so ``reflow=False``.
* Emphasis markers, inline-code backticks, HTML tags/comments and Liquid tags are removed;
  links become their text; images are dropped; list bullets stay as "- item" lines; code
  fences are kept as text (without the fence lines); tables become "a | b" lines.
"""

from __future__ import annotations

import re
from pathlib import Path

from reader.core.errors import ImportFailure
from reader.core.model import Extracted

from .decode import decode_bytes, iso_date
from .safety import DEFAULT_LIMITS, Limits, check_file, read_file
from .text import unify_newlines

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_ITEM = re.compile(r"^(\s*)([-*+]|\d{1,9}[.)])[ \t]+(.*)$")
_REFDEF = re.compile(r"^ {0,3}\[[^\]^]+\]:\s*\S+")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_LIQUID = re.compile(r"\{%.*?%\}", re.S)

_INLINE = (
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),                          # images
    (re.compile(r"!\[[^\]]*\]\[[^\]]*\]"), ""),
    (re.compile(r"\[\^[^\]]+\]"), ""),                                  # footnote refs
    (re.compile(r"\[([^\]]*)\]\((?:[^()\s]|\([^)]*\))*(?:\s+\"[^\"]*\")?\)"), r"\1"),  # links
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),                     # reference links
    (re.compile(r"<((?:https?|mailto|ftp):[^>\s]+)>"), r"\1"),          # autolinks
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"), ""),     # inline HTML tags
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),              # strong
    (re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])"), r"\1"),  # *em*
    (re.compile(r"(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])"), r"\1"),    # _em_
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),                     # strikethrough
)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<])")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)


def inline(text: str) -> str:
    """Markdown inline syntax → plain text."""
    codes: list[str] = []

    def keep_code(m: re.Match[str]) -> str:
        codes.append(m.group(2).strip())
        return f"\x00{len(codes) - 1}\x00"

    text = _CODE_SPAN.sub(keep_code, text)
    text = _ESCAPE.sub(lambda m: f"\x01{ord(m.group(1))}\x01", text)
    for _ in range(2):  # nested emphasis/links
        for pattern, repl in _INLINE:
            text = pattern.sub(repl, text)
    text = re.sub("\x01(\\d+)\x01", lambda m: chr(int(m.group(1))), text)
    text = re.sub("\x00(\\d+)\x00", lambda m: codes[int(m.group(1))], text)
    return text


# -------------------------------------------------------------------------------------------
# Front matter

def _scalar(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        inner = value[1:-1]
        return inner.replace("''", "'") if value[0] == "'" else inner.replace('\\"', '"')
    return re.sub(r"\s+#.*$", "", value)


def _value(raw: str) -> str | list[str]:
    raw = raw.strip()
    if raw.startswith("[") and raw.endswith("]"):
        return [_scalar(v) for v in re.findall(r'"[^"]*"|\'[^\']*\'|[^,\s][^,]*', raw[1:-1])]
    return _scalar(raw)


def parse_front_matter(lines: list[str]) -> dict[str, str | list[str]]:
    """Key/value pairs of YAML-like (``key: value``) or TOML (``key = value``) lines."""
    meta: dict[str, str | list[str]] = {}
    key = None
    folded = False
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = re.match(r"^([A-Za-z_][\w-]*)\s*[:=]\s*(.*)$", line)
        if m and not line[0].isspace():
            key, raw = m.group(1).lower(), m.group(2)
            folded = raw.strip() in ("|", ">", "|-", ">-", "")
            meta[key] = "" if folded else _value(raw)
            continue
        if key is None:
            continue
        item = re.match(r"^\s*-\s+(.*)$", line)
        sub = re.match(r"^\s+(name|title)\s*:\s*(.*)$", line)
        current = meta.get(key)
        if item:
            sub_item = re.match(r"(name|title)\s*:\s*(.*)$", item.group(1))
            value = _scalar(sub_item.group(2) if sub_item else item.group(1))
            meta[key] = (current if isinstance(current, list) else []) + [value]
        elif sub and not current:
            meta[key] = _scalar(sub.group(2))
        elif folded and isinstance(current, str):
            meta[key] = (current + " " + line.strip()).strip()
    return meta


def _first(meta: dict, *keys: str) -> str:
    for key in keys:
        value = meta.get(key)
        if isinstance(value, list):
            value = ", ".join(v for v in value if v)
        if value:
            return str(value).strip()
    return ""


def _tags(meta: dict) -> list[str]:
    tags: list[str] = []
    for key in ("categories", "category", "tags", "tag", "keywords"):
        value = meta.get(key)
        if isinstance(value, str):
            value = value.split(",") if "," in value else value.split()
        for tag in value or []:
            tag = tag.strip()
            if tag and tag not in tags:
                tags.append(tag)
    return tags


def split_front_matter(text: str) -> tuple[dict, str]:
    lines = text.split("\n")
    if lines and lines[0].strip() in ("---", "+++"):
        marker = lines[0].strip()
        ends = ("---", "...") if marker == "---" else ("+++",)
        for i in range(1, min(len(lines), 500)):
            if lines[i].strip() in ends:
                return parse_front_matter(lines[1:i]), "\n".join(lines[i + 1:])
    return {}, text


# -------------------------------------------------------------------------------------------
# Blocks

def markdown_blocks(body: str) -> list[tuple[str, str]]:
    """(kind, text) blocks: kind is "h1".."h6", "p", "list", "code" or "table"."""
    body = re.sub(r"<!--.*?-->", "", body, flags=re.S)
    blocks: list[tuple[str, str]] = []
    para: list[str] = []
    items: list[str] = []
    fence: str | None = None
    code: list[str] = []

    def flush() -> None:
        if para:
            text = inline(" ".join(s.strip() for s in para)).strip()
            if text:
                blocks.append(("p", text))
            para.clear()
        if items:
            blocks.append(("list", "\n".join(items)))
            items.clear()

    lines = body.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        i += 1
        if fence is not None:
            if re.match(r"^ {0,3}" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}\s*$", line):
                blocks.append(("code", "\n".join(code).strip("\n")))
                fence, code = None, []
            else:
                code.append(line)
            continue
        m = _FENCE.match(line)
        if m:
            flush()
            fence = m.group(1)
            continue
        stripped = re.sub(r"^\s{0,3}(>\s?)+", "", line)  # blockquote markers
        if _LIQUID.fullmatch(stripped.strip()) or not stripped.strip():
            flush()
            continue
        if _REFDEF.match(stripped):
            flush()
            continue
        if para and _SETEXT.match(stripped) and not items:
            level = "h1" if stripped.strip()[0] == "=" else "h2"
            text = inline(" ".join(s.strip() for s in para)).strip()
            para.clear()
            if text:
                blocks.append((level, text))
            continue
        if _RULE.match(stripped):
            flush()
            continue
        m = _ATX.match(stripped)
        if m:
            flush()
            text = inline(m.group(2) or "").strip()
            if text:
                blocks.append((f"h{len(m.group(1))}", text))
            continue
        if "|" in stripped and i < len(lines) and _TABLE_SEP.match(lines[i]) and not para:
            flush()
            rows = [stripped]
            i += 1
            while i < len(lines) and "|" in lines[i] and lines[i].strip():
                rows.append(lines[i])
                i += 1
            cells = [[inline(c.strip()) for c in r.strip().strip("|").split("|")] for r in rows]
            blocks.append(("table", "\n".join(" | ".join(c for c in row) for row in cells)))
            continue
        m = _ITEM.match(stripped)
        if m and not (para and m.group(2)[0].isdigit() and not items):
            if para:
                flush()
            bullet = "-" if m.group(2) in "-*+" else m.group(2)
            indent = "  " * min(len(m.group(1).expandtabs(4)) // 2, 3)
            items.append(f"{indent}{bullet} {inline(m.group(3)).strip()}")
            continue
        if items and (line[:1].isspace()):
            items[-1] += " " + inline(stripped.strip())
            continue
        if items:
            flush()
        if line.endswith("\\") or lines[i - 1].endswith("  "):  # hard line break
            para.append(stripped.rstrip("\\").strip())
            flush()
            continue
        para.append(_LIQUID.sub("", stripped))
    if fence is not None and code:
        blocks.append(("code", "\n".join(code)))
    flush()
    return blocks


def extract_markdown(text: str) -> Extracted:
    text = unify_newlines(text)
    meta, body = split_front_matter(text)
    blocks = markdown_blocks(body)
    title = _scalar(_first(meta, "title", "headline"))
    if not title:
        first_h1 = next((i for i, (k, _t) in enumerate(blocks) if k == "h1"), None)
        if first_h1 is not None:
            title = blocks[first_h1][1]
            if first_h1 == 0:
                blocks = blocks[1:]
    out = "\n\n".join(t for _k, t in blocks if t.strip())
    if not out.strip():
        if title:
            out = title
        else:
            raise ImportFailure("no text: the Markdown file has no body text")
    author = _first(meta, "author", "authors", "creator", "by")
    url = _first(meta, "canonical_url", "canonical", "url", "link", "source_url")
    return Extracted(
        text=out,
        title=" ".join(title.split()),
        source=_first(meta, "source", "publisher", "sitename", "site", "outlet"),
        author=author,
        date=iso_date(_first(meta, "date", "published", "pubdate", "publication_date",
                             "created"), keep=True),
        url=url if url.startswith(("http://", "https://")) else "",
        reflow=False,
        tags=_tags(meta),
    )


def read_markdown(path: Path, limits: Limits = DEFAULT_LIMITS) -> Extracted:
    check_file(path, limits.text_bytes, "text files")
    data = read_file(path, limits.text_bytes)
    text, _encoding = decode_bytes(data)
    return extract_markdown(text)
