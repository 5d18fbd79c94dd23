"""Where the library lives: ``--library DIR``, else ``$READER_LIBRARY``, else the per-user
data directory (platformdirs). Only the last one is "the default library", which is seeded with
the bundled sample articles on first start."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "READER_LIBRARY"


def default_library_dir() -> Path:
    from platformdirs import user_data_path
    return user_data_path("reader", appauthor=False) / "library"


def resolve_library_dir(cli_value: str | None) -> tuple[Path, bool]:
    """(directory, is_default)."""
    if cli_value:
        return Path(cli_value).expanduser(), False
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser(), False
    return default_library_dir(), True
