"""The user's cache folder: data scusa-lint derives once and reuses across runs.

Everything here can be deleted at any time; a run that cannot read or write it only runs slower.
"""

from __future__ import annotations

import hashlib
import marshal
from functools import lru_cache
from pathlib import Path


def cache_dir() -> Path:
    """The platform's user cache folder for scusa-lint (``$XDG_CACHE_HOME/scusa-lint`` or
    ``~/.cache/scusa-lint`` on Linux, ``~/Library/Caches/scusa-lint`` on macOS, ``%LOCALAPPDATA%``
    on Windows)."""
    from platformdirs import user_cache_path

    return user_cache_path("scusa-lint", appauthor=False)


def read_marshal(path: Path, valid=None):
    """The value stored at ``path``, or None when there is none, it is unreadable, or ``valid(value)``
    says it is not what this cache holds (another version's file, a damaged one)."""
    try:
        value = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return value if valid is None or valid(value) else None


def is_table_of(value, key_type: type, check_value) -> bool:
    """Is ``value`` a dict of ``key_type`` keys whose values pass ``check_value``?"""
    return isinstance(value, dict) and all(isinstance(k, key_type) and check_value(v) for k, v in value.items())


def write_marshal(path: Path, value) -> None:
    """Store ``value`` atomically; a cache that cannot be written is skipped."""
    from scusa_lint.atomic import write_atomic

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(str(path), marshal.dumps(value))
    except (OSError, ValueError):
        pass


def tree_digest(digest, folder: Path, contents: bool) -> None:
    """Feed the files under ``folder`` to ``digest``: their bytes, or (``contents`` false, for the
    package's own code) their size and modification time."""
    for file in sorted(folder.rglob("*")):
        if "__pycache__" in file.parts or not file.is_file():
            continue
        digest.update(str(file.relative_to(folder)).encode())
        if contents:
            digest.update(file.read_bytes())
        else:
            stat = file.stat()
            digest.update(f"{stat.st_size}:{stat.st_mtime_ns}".encode())


@lru_cache(maxsize=1)
def code_stamp() -> str:
    """A digest of scusa-lint's own files: what is derived from the code is derived again when it changes."""
    digest = hashlib.sha256()
    tree_digest(digest, Path(__file__).resolve().parent, contents=False)
    return digest.hexdigest()[:16]
