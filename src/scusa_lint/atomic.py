"""Atomic file writes: a temporary file in the same folder, then ``os.replace``.

A reader of the file sees the old content or the new one, never half of it; a crash leaves the
old file in place. The file keeps its permissions and, where the process may set it, its owner; a
symlink keeps pointing at the rewritten file. A file with several hard links is refused: replacing
it would leave the other names with the old content.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile


def write_atomic(path: str, data: bytes) -> None:
    """Replace ``path`` with ``data``; a read-only file is refused (os.replace alone would not)."""
    target = os.path.realpath(path)
    existing = os.stat(target) if os.path.exists(target) else None
    if existing is not None and (not os.access(target, os.W_OK) or not existing.st_mode & 0o222):
        raise PermissionError(errno.EACCES, "Permission denied: read-only file", path)
    if existing is not None and existing.st_nlink > 1:
        raise OSError(errno.EMLINK, f"the file has {existing.st_nlink} hard links, and rewriting it would leave the "
                                    "others unchanged: edit it by hand", path)
    folder = os.path.dirname(target)
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(target)}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if existing is not None:
            shutil.copymode(target, temporary)
            if (existing.st_uid, existing.st_gid) != (os.getuid(), os.getgid()):
                with contextlib.suppress(OSError):  # only root may give a file to another user
                    os.chown(temporary, existing.st_uid, existing.st_gid)
        else:  # a new file gets the usual permissions, not mkstemp's private 0600
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
