"""Markdown importer: front matter → metadata, Markdown syntax → readable plain text."""

import pytest

from reader.core.errors import ImportFailure
from reader.core.importers import read_path

POST = """---
title: "Diversity in Open Source, and Jekyll's role in it"
date: 2017-10-19 21:33:00 +0200
author: oe
categories: [community, open source]
tags:
  - diversity
  - jekyll
---

Open Source has a problem with diversity. GitHub recently conducted a
[survey](http://opensourcesurvey.org/2017) which revealed that 95% were male.

## Add a Code of Conduct, and enforce it

It's important to _read it for yourself_. Out of 397 pull requests, __204__ were docs!
Inconsistent —or worse, nonexistent— enforcement is *bad* and **worse**.

![a chart](/img/chart.png)

- [Issue #6437](https://github.com/jekyll/jekyll/issues/6437)
- [Issue #6438](https://github.com/jekyll/jekyll/issues/6438)

1. first step
2. second step

```python
def hello():
    return "*not emphasis*"
```

> A quoted line with `inline code` and a [ref link][1].

Setext heading
--------------

| Name | Votes |
|------|-------|
| A    | 3     |

[1]: https://example.com
<!-- a hidden comment -->
{% include footer.html %}
"""


def md(tmp_path, text, name="post.md"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    (ex,) = list(read_path(p))
    return ex


def test_front_matter_is_metadata_not_body(tmp_path):
    ex = md(tmp_path, POST)
    assert ex.title == "Diversity in Open Source, and Jekyll's role in it"
    assert ex.author == "oe"
    assert ex.date == "2017-10-19T21:33:00+02:00"
    assert ex.tags == ["community", "open source", "diversity", "jekyll"]
    assert "title:" not in ex.text and "---" not in ex.text and "categories" not in ex.text
    assert ex.reflow is False


def test_markdown_syntax_becomes_plain_text(tmp_path):
    paras = md(tmp_path, POST).text.split("\n\n")
    assert paras[0] == ("Open Source has a problem with diversity. GitHub recently conducted a "
                        "survey which revealed that 95% were male.")
    assert paras[1] == "Add a Code of Conduct, and enforce it"
    assert paras[2] == ("It's important to read it for yourself. Out of 397 pull requests, 204 "
                        "were docs! Inconsistent —or worse, nonexistent— enforcement is bad and "
                        "worse.")
    assert "- Issue #6437\n- Issue #6438" in paras
    assert "1. first step\n2. second step" in paras
    assert 'def hello():\n    return "*not emphasis*"' in paras
    assert "A quoted line with inline code and a ref link." in paras
    assert "Setext heading" in paras
    assert "Name | Votes\nA | 3" in paras
    text = "\n\n".join(paras)
    for junk in ("chart", "](", "**", "__", "<!--", "{%", "https://example.com", "```"):
        assert junk not in text


def test_first_h1_is_the_title_without_front_matter(tmp_path):
    ex = md(tmp_path, "# The Real Title\n\nSome *body* text.\n\n# Second H1\n\nMore.\n",
            name="x.markdown")
    assert ex.title == "The Real Title"
    assert ex.text == "Some body text.\n\nSecond H1\n\nMore."


def test_toml_front_matter(tmp_path):
    ex = md(tmp_path, '+++\ntitle = "Hugo post"\ndate = "2020-01-02"\ntags = ["a", "b"]\n+++\n'
                      "Body.\n")
    assert (ex.title, ex.date, ex.tags, ex.text) == ("Hugo post", "2020-01-02", ["a", "b"],
                                                     "Body.")


def test_only_front_matter_is_no_text(tmp_path):
    p = tmp_path / "empty.md"
    p.write_text("---\nlayout: post\n---\n\n<!-- nothing -->\n", encoding="utf-8")
    with pytest.raises(ImportFailure, match="no text"):
        list(read_path(p))


def test_empty_markdown_file(tmp_path):
    p = tmp_path / "e.md"
    p.write_bytes(b"")
    with pytest.raises(ImportFailure, match="^empty file$"):
        list(read_path(p))
