"""Which lines of a reply are the author's: quoted messages and signatures are not."""

from __future__ import annotations

import re

_QUOTED = re.compile(r"^\s*>")
# "Il giorno lun 3 mar 2025 alle ore 10:12 Mario Rossi <m@x.it> ha scritto:" (Gmail, Thunderbird,
# Apple Mail), possibly wrapped over two or three lines; the English form too.
_ATTRIBUTION_START = re.compile(r"^\s*(?:il giorno|in data|on)\b|^\s*\S.*\b(?:ha scritto|wrote)\s*:\s*$", re.I)
_ATTRIBUTION_END = re.compile(r"\b(?:ha scritto|wrote)\s*:\s*$", re.I)
_ORIGINAL_MESSAGE = re.compile(r"^\s*-{2,}\s*(?:messaggio originale|original message|messaggio inoltrato|"
                               r"forwarded message)\s*-{2,}\s*$", re.I)
_OUTLOOK_FIELD = re.compile(r"^\s*\*?(?:da|from|inviato|sent|data|date|a|to|cc|oggetto|subject)\*?\s*:", re.I)
_OUTLOOK_FROM = re.compile(r"^\s*\*?(?:da|from)\*?\s*:", re.I)
_SIGNATURE = re.compile(r"^-- ?$")
_SENT_FROM = re.compile(r"^\s*(?:inviato da(?:l mio)?|sent from my)\s+\S", re.I)


def author_lines(lines: list[str]) -> list[bool]:
    """For each line (without its line break), is it the author's own text?"""
    keep = [True] * len(lines)
    n = len(lines)
    i = 0
    while i < n:
        line = lines[i]
        if _SIGNATURE.match(line) or _ORIGINAL_MESSAGE.match(line) or _SENT_FROM.match(line) \
                or _outlook_header(lines, i):
            keep[i:] = [False] * (n - i)
            break
        end = _attribution_end(lines, i)
        if end is not None:
            keep[i:end + 1] = [False] * (end + 1 - i)
            following = next((j for j in range(end + 1, n) if lines[j].strip()), None)
            if following is not None and not _QUOTED.match(lines[following]):
                # A quoted message without "> " marks runs to the end.
                keep[end + 1:] = [False] * (n - end - 1)
                break
            i = end + 1
            continue
        if _QUOTED.match(line):
            keep[i] = False
        i += 1
    return keep


def _attribution_end(lines: list[str], i: int) -> int | None:
    if not _ATTRIBUTION_START.match(lines[i]):
        return None
    for j in range(i, min(i + 3, len(lines))):
        if _ATTRIBUTION_END.search(lines[j]):
            return j
        if j > i and not lines[j].strip():
            break
    return None


def _outlook_header(lines: list[str], i: int) -> bool:
    """A "Da: / Inviato: / A: / Oggetto:" block that introduces a forwarded or replied message."""
    if not _OUTLOOK_FROM.match(lines[i]):
        return False
    fields = 1
    for line in lines[i + 1:i + 6]:
        if not _OUTLOOK_FIELD.match(line):
            break
        fields += 1
    return fields >= 3
