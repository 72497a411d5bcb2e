"""Bounds on the work one input may cause: bytes read, time spent, size of what it expands to.

Every file is read through ``read_regular`` (a FIFO or a device is refused before it can block or
stream for ever, and the size limit counts bytes actually read, not what ``stat`` says). The
per-file time budget is a deadline that long loops check (``check_time``); regular expressions from
rule files run with the time that is left (``regex_timeout``).
"""

from __future__ import annotations

import contextvars
import os
import stat
import time
from contextlib import contextmanager

from scusa_lint.errors import InputError, describe

TIME_LIMIT = 30.0  # default seconds one file may take to check (configuration key ``time-limit``)
MAX_TOKEN_CHARS = 64  # longer "words" (hashes, base64, runs of letters) are not spell-checked
SPACY_PIECE_CHARS = 100_000  # texts are parsed in pieces of about this size (spaCy's max_length is 1e6)
TOKENIZER_RUN_CHARS = 1_000  # a run without spaces is cut for the tokenizer (its cost grows with the square)
YAML_MAX_DEPTH = 200  # nesting of JSON/YAML collections
YAML_MAX_NODES = 1_000_000  # values a YAML file may expand to through its aliases


class TimeLimitExceeded(InputError):
    """One file took longer than its time budget."""


_deadline: contextvars.ContextVar[tuple[str, float, float] | None] = contextvars.ContextVar("deadline", default=None)


@contextmanager
def time_budget(path: str, deadline: float, seconds: float):
    """Give the work on ``path`` a deadline (a ``time.monotonic()`` value; ``seconds``: the limit)."""
    token = _deadline.set((path, deadline, seconds))
    try:
        yield
    finally:
        _deadline.reset(token)


def check_time() -> None:
    """Raise ``TimeLimitExceeded`` when the current file's budget is spent."""
    current = _deadline.get()
    if current is not None and time.monotonic() > current[1]:
        path, _, seconds = current
        raise TimeLimitExceeded(path, f"took longer than {seconds:g} s to check (the time-limit setting): "
                                      "split the file, or raise time-limit in the configuration")


def regex_timeout() -> float | None:
    """Seconds a regular expression may run now: what is left of the file's budget."""
    current = _deadline.get()
    return None if current is None else max(current[1] - time.monotonic(), 0.001)


def regex_timed_out() -> None:
    """A regular expression ran out of the time left: the file's budget is spent."""
    current = _deadline.get()
    path, seconds = (current[0], current[2]) if current else ("<text>", 0.0)
    raise TimeLimitExceeded(path, f"a regular expression of a rule took longer than the {seconds:g} s time-limit "
                                  "(a rule file's regex that backtracks: simplify it)")


def file_kind(mode: int) -> str | None:
    """What a non-regular file is, in words (None for a regular file)."""
    for test, name in ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory")):
        if test(mode):
            return name
    return None if stat.S_ISREG(mode) else "not a regular file"


def read_regular(path: str, limit: int, error=InputError) -> bytes:
    """The bytes of a regular file, at most ``limit`` of them (more is an error). Opened without
    blocking, so a FIFO is refused rather than waited on; ``error`` is the error class to raise."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except IsADirectoryError:
        raise error(path, "is a directory") from None
    except OSError as exc:
        raise error(path, describe(exc)) from None
    with os.fdopen(descriptor, "rb") as handle:
        kind = file_kind(os.fstat(descriptor).st_mode)
        if kind is not None:
            raise error(path, f"is {kind}, not a file: not read" if kind.startswith("a ") else f"{kind}: not read")
        os.set_blocking(descriptor, True)
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise error(path, describe(exc)) from None
    if len(data) > limit:
        raise error(path, f"file too large (more than the max-file-size of {limit} bytes)")
    return data


def read_stream(stream, name: str, limit: int) -> bytes:
    """At most ``limit`` bytes of a stream (standard input); more is an error, not a hang or a
    ``MemoryError``."""
    chunks, size = [], 0
    while size <= limit:
        chunk = stream.read(min(1 << 20, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > limit:
        raise InputError(name, f"input too large (more than the max-file-size of {limit} bytes)")
    return b"".join(chunks)
