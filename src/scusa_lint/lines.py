"""Line arithmetic shared by documents, suppressions and fixes."""

from __future__ import annotations

import re

LINE_BREAK = re.compile(r"\r\n|\r|\n")


def line_starts(text: str) -> list[int]:
    """Offsets at which the lines of ``text`` start."""
    return [0, *(m.end() for m in LINE_BREAK.finditer(text))]
