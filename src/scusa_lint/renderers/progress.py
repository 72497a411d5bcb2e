"""A progress bar on standard error for long runs, and the decision of when to show one.

Shown only when a person is watching: standard error is a terminal, the run is not in CI (the
``CI`` variable that CI services set), and more than ``MIN_FILES`` files are checked. The bar is
transient: it disappears before the report is printed.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TextIO

MIN_FILES = 5

Tick = Callable[[int], None]  # called with the number of files done so far


def wants_progress(files: int, stream: TextIO, environ: Mapping[str, str]) -> bool:
    if files <= MIN_FILES:
        return False
    if environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        return False
    if environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


@contextmanager
def progress_bar(files: int, stream: TextIO | None = None,
                 environ: Mapping[str, str] | None = None) -> Iterator[Tick]:
    """Yield a function that advances the bar; a no-op when no bar is wanted."""
    stream = stream if stream is not None else sys.stderr
    if not wants_progress(files, stream, os.environ if environ is None else environ):
        yield lambda done: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(file=stream, stderr=True)
    columns = (TextColumn("Controllo"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True, redirect_stdout=False) as progress:
        task = progress.add_task("check", total=files)
        yield lambda done: progress.update(task, completed=done)
