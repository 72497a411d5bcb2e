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
# "Inviato da iPhone", "Inviato dal mio smartphone Samsung", "Sent from my iPhone": a short line of its
# own, capitalised; a wrapped sentence that goes on "inviato da Milano il 3 marzo" is not one.
_SENT_FROM = re.compile(
    r"^\s*(?:Inviato (?:da|dal mio|dalla mia)|Sent from(?: my)?|Scarica|Get) \S[^.!?:;]{0,60}\.?\s*$")
_DEVICE = re.compile(r"\b(?:iPhone|iPad|Android|Outlook|Samsung|Galaxy|Huawei|Xiaomi|BlackBerry|Windows|Mail|Posta|"
                     r"dispositivo|cellulare|smartphone|telefono|tablet|mobile)\b", re.I)
# Outlook puts a line of underscores above the "Da: / Inviato:" block of the message replied to.
_OUTLOOK_RULE = re.compile(r"^\s*_{10,}\s*$")


def author_lines(lines: list[str]) -> list[bool]:
    """For each line (without its line break), is it the author's own text?"""
    keep = [True] * len(lines)
    n = len(lines)
    i = 0
    while i < n:
        line = lines[i]
        if _SIGNATURE.match(line) or _ORIGINAL_MESSAGE.match(line) or _sent_from(lines, i) \
                or _outlook_header(lines, i) or _OUTLOOK_RULE.match(line) and _next_is_outlook_header(lines, i):
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


def _sent_from(lines: list[str], i: int) -> bool:
    """A mobile client's "Inviato da iPhone" line: names a device, or nothing of the author's follows."""
    if not _SENT_FROM.match(lines[i]):
        return False
    if _DEVICE.search(lines[i]):
        return True
    following = next((line for line in lines[i + 1:] if line.strip()), None)
    return following is None or bool(_QUOTED.match(following) or _SIGNATURE.match(following)
                                     or _ORIGINAL_MESSAGE.match(following) or _ATTRIBUTION_START.match(following))


def _next_is_outlook_header(lines: list[str], i: int) -> bool:
    following = next((j for j in range(i + 1, min(i + 3, len(lines))) if lines[j].strip()), None)
    return following is not None and _outlook_header(lines, following)


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
