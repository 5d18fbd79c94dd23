"""The numbers that decide claims and links: one frozen dataclass, checked when built, and the
engine version derived from them (a changed threshold recomputes the links; nothing else does)."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import fields, replace

import pytest

from reader.core.library import Library
from reader.core.xref.engine import CrossReferencer
from reader.core.xref.thresholds import DEFAULT, RULES, Thresholds, engine_version


def test_every_threshold_is_checked_when_built():
    with pytest.raises(ValueError, match="agree_score"):
        Thresholds(agree_score=1.2)
    with pytest.raises(ValueError, match="neighbours"):
        Thresholds(neighbours=-1)
    with pytest.raises(ValueError, match="strong_story"):
        Thresholds(same_story=0.7, strong_story=0.6)
    with pytest.raises(AttributeError):
        DEFAULT.agree_score = 0.5                    # frozen


def test_the_version_follows_every_value_and_the_rules():
    base = engine_version()
    assert base.startswith(f"{RULES}.")
    for f in fields(DEFAULT):
        value = getattr(DEFAULT, f.name)
        other = value + 1 if isinstance(value, int) else (value + 0.01 if value < 0.99 else 0.5)
        assert engine_version(replace(DEFAULT, **{f.name: other})) != base, f.name
    code = "from reader.core.xref.thresholds import engine_version; print(engine_version())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == base                                # the same in every process


def test_links_stay_while_nothing_changed_and_follow_other_thresholds(tmp_path):
    with Library(tmp_path / "lib") as lib:
        lib.seed_if_new()
        for _ in lib.cross_reference():
            pass
        links = lib.links()
        assert links and lib.engine.pending() == []
    with Library(tmp_path / "lib") as lib:           # reopened: nothing to recompute
        assert lib.engine.pending() == [] and lib.links() == links
        strict = CrossReferencer(lib, thresholds=replace(DEFAULT, agree_score=0.99,
                                                         restatement=0.99, story_bonus=0.0))
        assert sorted(strict.pending()) == sorted(d.id for d in lib.documents())
        for _ in strict.run():
            pass
        agrees = [r for r in lib.links() if r.relation == "agrees"]
        assert len(agrees) < len([r for r in links if r.relation == "agrees"])
        assert lib.engine.pending() != []            # the default engine sees them as stale
