"""The user's cache folder: data scusa-lint derives once and reuses across runs.

Everything here can be deleted at any time; a run that cannot read or write it only runs slower.
"""

from __future__ import annotations

import marshal
from pathlib import Path


def cache_dir() -> Path:
    """The platform's user cache folder for scusa-lint (``$XDG_CACHE_HOME/scusa-lint`` or
    ``~/.cache/scusa-lint`` on Linux, ``~/Library/Caches/scusa-lint`` on macOS, ``%LOCALAPPDATA%``
    on Windows)."""
    from platformdirs import user_cache_path

    return user_cache_path("scusa-lint", appauthor=False)


def read_marshal(path: Path):
    """The value stored at ``path``, or None when there is none (or it is unreadable)."""
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None


def write_marshal(path: Path, value) -> None:
    """Store ``value`` atomically; a cache that cannot be written is skipped."""
    from scusa_lint.atomic import write_atomic

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(str(path), marshal.dumps(value))
    except (OSError, ValueError):
        pass
