"""Bounds on the work one input may cause: bytes read, time spent, size of what it expands to.

Every file is read through ``read_regular`` (a FIFO or a device is refused before it can block or
stream for ever, and the size limit counts bytes actually read, not what ``stat`` says). The
per-file time budget is a deadline that long loops check (``check_time``); regular expressions from
rule files run with the time that is left (``regex_timeout``). The same checks look, a few times a
second, at how much the process has grown since the file started: past the file's memory limit the
file is an input error, before the machine runs out of memory.
"""

from __future__ import annotations

import contextvars
import os
import stat
import time
from contextlib import contextmanager
from dataclasses import dataclass

from scusa_lint.errors import InputError, describe

TIME_LIMIT = 30.0  # default seconds one file may take to check (configuration key ``time-limit``)
MEMORY_LIMIT_MIB = 1024  # default growth one file may cause (configuration key ``memory-limit``)
MEMORY_PROBE_SECONDS = 0.05  # how often ``check_time`` looks at the memory in use
MAX_TOKEN_CHARS = 64  # longer "words" (hashes, base64, runs of letters) are not spell-checked
SPACY_PIECE_CHARS = 100_000  # texts are parsed in pieces of about this size (spaCy's max_length is 1e6)
TOKENIZER_RUN_CHARS = 1_000  # a run without spaces is cut for the tokenizer (its cost grows with the square)
YAML_MAX_DEPTH = 200  # nesting of JSON/YAML collections
YAML_MAX_NODES = 1_000_000  # values a YAML file may expand to through its aliases


class TimeLimitExceeded(InputError):
    """One file took longer than its time budget."""


class MemoryLimitExceeded(InputError):
    """One file made the process grow past its memory limit."""


@dataclass
class Budget:
    """What the file being checked may still use."""

    path: str
    deadline: float  # a time.monotonic() value
    seconds: float  # the time limit, for messages
    memory_mib: int | None = None  # growth allowed, MiB (None: not watched)
    memory_ceiling: int | None = None  # resident bytes past which the file is stopped
    next_probe: float = 0.0


_budget: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("budget", default=None)


def resident_bytes() -> int | None:
    """The memory the process holds now (None where the system does not say)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


@contextmanager
def time_budget(path: str, deadline: float, seconds: float, memory_mib: int | None = None,
                resident: int | None = None):
    """Give the work on ``path`` a deadline (a ``time.monotonic()`` value; ``seconds``: the limit)
    and, with ``memory_mib``, a bound on how much the process may grow past ``resident`` bytes
    (default: what it holds now) while it is checked."""
    budget = Budget(path, deadline, seconds)
    if memory_mib is not None:
        resident = resident if resident is not None else resident_bytes()
        if resident is not None:
            budget.memory_mib, budget.memory_ceiling = memory_mib, resident + memory_mib * 1024 * 1024
    token = _budget.set(budget)
    try:
        yield
    finally:
        _budget.reset(token)


def check_time() -> None:
    """Raise ``TimeLimitExceeded`` when the current file's budget is spent, and
    ``MemoryLimitExceeded`` when the process has grown past the file's memory limit."""
    budget = _budget.get()
    if budget is None:
        return
    now = time.monotonic()
    if now > budget.deadline:
        raise TimeLimitExceeded(budget.path, f"took longer than {budget.seconds:g} s to check (the time-limit "
                                             "setting): split the file, or raise time-limit in the configuration")
    if budget.memory_ceiling is not None and now >= budget.next_probe:
        budget.next_probe = now + MEMORY_PROBE_SECONDS
        resident = resident_bytes()
        if resident is not None and resident > budget.memory_ceiling:
            raise MemoryLimitExceeded(budget.path, f"needed more than {budget.memory_mib} MiB to check (the "
                                                   "memory-limit setting): split the file, or raise memory-limit "
                                                   "in the configuration")


def regex_timeout() -> float | None:
    """Seconds a regular expression may run now: what is left of the file's budget."""
    budget = _budget.get()
    return None if budget is None else max(budget.deadline - time.monotonic(), 0.001)


def regex_timed_out() -> None:
    """A regular expression ran out of the time left: the file's budget is spent."""
    budget = _budget.get()
    path, seconds = (budget.path, budget.seconds) if budget else ("<text>", 0.0)
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
