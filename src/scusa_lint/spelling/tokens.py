"""What counts as a word to spell-check in a document's prose.

The reader has already masked template placeholders (a value placeholder reads as the word
"Nome"; its span is in ``Document.placeholders``) and turned typographic apostrophes into ``'``.
This module blanks out what is not prose at all (placeholders, e-mail addresses, URLs, domain
names) and yields the remaining words, leaving out numbers, dates, codes with digits, acronyms
and one-letter words. Which of these words are spelled right is the speller's business.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

# Not prose: blanked (one space per character, so offsets stay valid) before words are read. Each
# alternative starts only where its run of characters starts (the look-behinds), so a long run
# without spaces costs its length, not its length squared.
_NOT_PROSE = re.compile(
    r"""
      (?<![\w.+\-'])[\w.+\-']+@[\w\-]+(?:\.[\w\-]+)+   # e-mail address
    | (?:https?|ftp)://\S+                         # URL with scheme
    | www\.\S+                                     # URL without scheme
    | (?<![\w\-.])[\w\-]+(?:\.[\w\-]+)*\.(?:it|com|net|org|eu|info|biz|shop|store|io|co|uk|de|fr|es|ch|at|
        app|online|site|me|tv|us)\b(?:/\S*)?        # bare domain name, e.g. negozio.it/resi
    | (?<!\S)\S*[/\\]\S*[/\\]\S*                     # paths such as /account/ordini
    | (?<![\w\-])[\w\-]+\.(?:php|html?|aspx?|jsp|cgi|pdf|docx?|xlsx?|csv|txt|zip|png|jpe?g|gif)\b  # file names
    | <\s*/?\s*[a-z]+\s*/?\s*>                       # an HTML tag left in the text: "< br />"
    """,
    re.VERBOSE | re.IGNORECASE,
)

# A run of non-space characters; chunks holding a digit are numbers, dates, times, prices or
# order/ticket codes ("12/05/2024", "ORD-2024-118", "A7X9", "24h", "2°"), never words.
_CHUNK = re.compile(r"\S+")
_DIGIT = re.compile(r"\d")
_SENTENCE_END = set(".!?…")
_CLOSERS = "\"')]»”’*_"
# Abbreviations whose dot does not end a sentence ("il Sig. Rossi").
_ABBREVIATIONS = frozenset((
    "sig", "sig.ra", "sig.na", "sigg", "dott", "dott.ssa", "ing", "avv", "prof", "prof.ssa", "geom", "rag",
    "arch", "spett", "spett.le", "gent", "gent.mo", "gent.ma", "gent.mi", "egr", "egr.io", "ill", "ill.mo",
    "pag", "pagg", "tel", "cell", "nr", "n", "art", "cfr", "rif", "c.a", "p.es", "es", "s.p.a", "s.r.l",
    "spa", "srl", "ca", "vs",
))

# A word: letters, joined by apostrophes or hyphens, possibly ending in an apostrophe
# (elision or truncation: "po'", "dell'", "E'").
_LETTERS = r"[^\W\d_]"
WORD = re.compile(rf"{_LETTERS}+(?:['\-]{_LETTERS}+)*'?")


def blank_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with each ``[start, end)`` span replaced by as many spaces."""
    parts = []
    pos = 0
    for start, end in sorted(spans):
        start = max(start, pos)
        if end <= start:
            continue
        parts.append(text[pos:start])
        parts.append(" " * (end - start))
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def prose_only(text: str, skip: Iterable[tuple[int, int]] = ()) -> str:
    """The text with placeholder spans (``skip``), e-mail addresses, URLs and paths blanked."""
    text = blank_spans(text, skip)
    return _NOT_PROSE.sub(lambda m: " " * len(m.group()), text)


def iter_words(text: str, skip: Iterable[tuple[int, int]] = ()) -> Iterator[tuple[int, int, str, bool]]:
    """``(start, end, word, initial)`` for every word of ``text`` worth spell-checking.

    ``initial`` is true for the first word of a sentence or of a line, where a capital letter
    says nothing about the word being a name.

    ``skip`` holds spans that are not prose (the document's placeholders). Words of one letter,
    and acronyms in capitals ("IVA", "DDT", "FAQ") are left out; so is every chunk that holds a
    digit, and every e-mail address, URL, domain name or path.
    """
    masked = prose_only(text, skip)
    initial = True
    prev_end = 0
    for chunk in _CHUNK.finditer(masked):
        value = chunk.group()
        base = chunk.start()
        if not initial:
            # A new line starts anew (a greeting, a closing formula, a list item).
            gap = text[prev_end:base]
            initial = "\n" in gap or "\r" in gap
        prev_end = chunk.end()
        first_word = initial
        closed = value.rstrip(_CLOSERS)
        initial = closed[-1:] in _SENTENCE_END and closed.rstrip(".").lower() not in _ABBREVIATIONS
        if _DIGIT.search(value):
            continue
        for match in WORD.finditer(value):
            word = match.group()
            start = base + match.start()
            if word.startswith("'"):
                word = word[1:]
                start += 1
            # A closing quote, not a truncation: 'parola' -> parola.
            if word.endswith("'") and match.start() > 0 and value[match.start() - 1] == "'":
                word = word[:-1]
            if len(word) < 2 or (word.isupper() and len(word.rstrip("'")) > 1):
                continue
            yield start, start + len(word), word, first_word
            first_word = False
