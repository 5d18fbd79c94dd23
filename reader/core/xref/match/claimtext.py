"""Claims as people paste them (tweets above all) turned into plain prose: URLs and
``pic.twitter.com`` links removed, the "— Name (@handle) date" signature of a quoted tweet cut
off (its author kept apart), hashtags and @mentions turned into words with CamelCase split."""

from __future__ import annotations

import re

MAX_CLAIM_CHARS = 4000       # longer input is cut (a claim is a passage, not a document)

_URL = re.compile(r"(?:https?://|www\.)\S+|pic\.twitter\.com/\S*|\bt\.co/\S*", re.I)
_SIGNATURE = re.compile(
    r"\s*[—–]\s*([^—–\n]{0,100}?)\s*\(@(\w{1,30})\)\s*"
    r"(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4})?\s*$")
_RT = re.compile(r"^\s*RT\s+@\w+:?\s*")
_TAG = re.compile(r"(?<![\w@#])([#@])(\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)"
                    r"|(?<=\d)(?=[A-Za-z])|_+")
_SPACES = re.compile(r"\s+")


def split_camel(word: str) -> str:
    return _CAMEL.sub(" ", word).strip()


def clean_claim(text: str) -> str:
    """The claim as plain prose: tweet furniture removed, hashtags and mentions as words."""
    return split_claim(text)[0]


def split_claim(text: str) -> tuple[str, str]:
    """(claim as plain prose, the author named in a quoted tweet's signature or "")."""
    text = (text or "")[:MAX_CLAIM_CHARS * 2]
    author = ""
    text = text.replace("&amp;", "&").replace("&quot;", '"').replace("&#39;", "'")
    text = _URL.sub(" ", text)
    sig = _SIGNATURE.search(text)
    if sig:
        author = f"{sig.group(1)} {split_camel(sig.group(2))}"
        text = text[:sig.start()]
    text = _RT.sub("", text)
    text = _TAG.sub(lambda m: " " + split_camel(m.group(2)) + " ", text)
    text = _SPACES.sub(" ", text).strip()
    return text[:MAX_CLAIM_CHARS], author
