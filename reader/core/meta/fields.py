"""What an edit of a document's metadata may say: each field as one clean line (as the
importers keep them), a title that is not empty, a date read into the ISO form the store keeps
(``YYYY-MM-DD``, or a timestamp), a url that is a web address. An empty value clears a field."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..errors import InvalidArgument
from ..importers.decode import iso_date
from ..index import parse_date
from ..text.normalize import clean_field

FIELDS = ("title", "source", "author", "date", "url")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def validate(changes: dict[str, str | None]) -> dict[str, str]:
    """The given fields (None: not given) as they will be stored; raises InvalidArgument,
    naming the field, for the first value that cannot be."""
    unknown = sorted(set(changes) - set(FIELDS))
    if unknown:
        raise InvalidArgument(f"no metadata field {unknown[0]!r}: the fields are "
                              f"{', '.join(FIELDS)}")
    out = {}
    for name in FIELDS:
        value = changes.get(name)
        if value is None:
            continue
        value = clean_field(value)
        if name == "title" and not value:
            raise InvalidArgument("the title cannot be empty (only source, author, date and "
                                  "url can be cleared)")
        if name == "date" and value:
            value = _date(value)
        if name == "url" and value:
            _check_url(value)
        out[name] = value
    return out


def _date(value: str) -> str:
    """The ISO form of a date written as people write it ("2024-10-23", "23 October 2024",
    "Oct 23, 2024", "2024-10-23T14:05:00+02:00"); a day is needed: the library sorts and
    searches by it."""
    iso = iso_date(value)
    if not _DAY.match(iso) or parse_date(iso) is None:
        raise InvalidArgument(f"the date {value!r} cannot be read: write it as YYYY-MM-DD "
                              "(e.g. 2024-10-23), with a time if you like")
    return iso


def _check_url(value: str) -> None:
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in value:
        raise InvalidArgument(f"the url {value!r} is not a web address: it starts with "
                              "http:// or https:// and names a site")
