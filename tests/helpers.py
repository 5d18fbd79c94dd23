"""Small builders shared by the tests: real files in a temporary folder, never mocks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"

ARTICLE = (
    "North Korea has sent troops to Russia, officials in Seoul said on Monday.\n\n"
    "The deployment of 1,500 special forces marks an escalation. Analysts in the U.S. "
    "expect more to follow.\n\n"
    "Mr. Kim met the Russian delegation in Pyongyang on Jan. 5, according to state media."
)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def synthetic_records(n: int, words: int = 300, seed: int = 7) -> list[dict]:
    """n distinct articles of about ``words`` words each, drawn from a large made-up vocabulary
    (so that, like real articles on different stories, they share few words)."""
    import random
    rng = random.Random(seed)
    syllables = "ba ko ri tu me sa lo ne vi da pu ge mo ta li ru ke so na fi".split()
    vocab = sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
                    for _ in range(3000)})
    common = "the a of to and in on for with said".split()
    out = []
    for i in range(n):
        sents = []
        while sum(len(s.split()) for s in sents) < words:
            k = rng.randint(8, 20)
            ws = [rng.choice(common) if rng.random() < 0.3 else rng.choice(vocab)
                  for _ in range(k)]
            sents.append(" ".join(ws).capitalize() + ".")
        out.append({"id": f"rec-{i:05d}", "title": f"Report number {i}",
                    "text": " ".join(sents), "source": "Synthetic Wire",
                    "date": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"})
    return out


def run_cli(*args: str, library: Path | None = None, env: dict | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess:
    """Run `python -m reader ...` as a separate process, as a user's script would."""
    e = dict(os.environ)
    e.pop("READER_LIBRARY", None)
    if env:
        e.update(env)
    cmd = [sys.executable, "-m", "reader"]
    if library is not None:
        cmd += ["--library", str(library)]
    return subprocess.run(cmd + list(args), capture_output=True, env=e, timeout=timeout,
                          cwd=str(REPO))
