"""Cheap tests that tell, before matching, that a pattern cannot match a document.

Every rule runs on every document, so most of the work is patterns that find nothing. A token
pattern runs only on documents that meet what its tokens require and a document can tell at once:
one of some words or lemmas, a word starting with some letters (``REGEX: "^scus"``), a word in
capitals. A regex that starts at a word boundary with literal words (``\\b(?:corrier|fornitor)``)
runs only on documents with a word that starts so. Case-insensitive regexes written in lower case
run without IGNORECASE on the lower-cased text, which lets Python's regex engine skip ahead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.attrs import IS_UPPER, LEMMA, LOWER
from spacy.tokens import Doc

_ANCHOR_ATTRS = ("LOWER", "NORM", "ORTH", "TEXT", "LEMMA")
_OPTIONAL_OPS = ("?", "*", "!")
_WORD = re.compile(r"\w+")
PREFIX = 3  # regexes are filtered by the first letters of the words they can start at
_META = set("\\()[]{}.*+?^$|")


@dataclass
class Requirements:
    """What a token pattern needs a document to contain, checkable before running the pattern."""

    words: list[set[int]] = field(default_factory=list)  # hashes; one of each set must occur
    prefixes: list[frozenset[str]] = field(default_factory=list)  # a lower-cased word starts so
    capitals: bool = False  # some word is in capitals
    index_words: set[int] = field(default_factory=set)  # the set to find the pattern by

    def __bool__(self) -> bool:
        return bool(self.words or self.prefixes or self.capitals)

    @classmethod
    def of(cls, pattern: list[dict], strings) -> Requirements:
        needs = cls()
        shortest_indexed = 0
        for token in pattern:
            if token.get("OP") in _OPTIONAL_OPS:
                continue
            words = _required_words(token)
            if words:
                needs.words.append({strings.add(word) for word in words})
                # Function words are short and everywhere: index by the set whose shortest word is longest.
                if min(map(len, words)) > shortest_indexed:
                    shortest_indexed, needs.index_words = min(map(len, words)), needs.words[-1]
            prefixes = _required_prefixes(token)
            if prefixes:
                needs.prefixes.append(prefixes)
            needs.capitals |= token.get("IS_UPPER") is True
        return needs

    def met_by(self, present: DocWords) -> bool:
        return (all(not words.isdisjoint(present.words) for words in self.words)
                and all(not prefixes.isdisjoint(present.prefixes) for prefixes in self.prefixes)
                and (not self.capitals or present.capitals))


class DocWords:
    """The words of a document as the requirements ask about them."""

    def __init__(self, parsed: Doc, lower_text: str) -> None:
        # Regexes see the text's \w+ words; token patterns see spaCy's tokens.
        self.text_prefixes = {word[:n] for word in _WORD.findall(lower_text) for n in (PREFIX, PREFIX - 1)}
        if not len(parsed):
            self.words, self.prefixes, self.capitals = set(), set(), False
            return
        table = parsed.to_array([LOWER, LEMMA, IS_UPPER])
        lowers = set(table[:, 0].tolist())
        self.words = lowers | set(table[:, 1].tolist())
        strings = parsed.vocab.strings
        self.prefixes = {strings[h][:n] for h in lowers for n in (PREFIX, PREFIX - 1)}
        self.capitals = bool(table[:, 2].any())


def _required_words(token: dict) -> set[str]:
    """Lower-cased words or lemmas one of which a token spec requires (empty: none required)."""
    for attr in _ANCHOR_ATTRS:
        value = token.get(attr)
        if isinstance(value, str):
            return {value.lower()}
        if isinstance(value, dict) and set(value) == {"IN"} and all(isinstance(v, str) for v in value["IN"]):
            return {v.lower() for v in value["IN"]}
    return set()


def _required_prefixes(token: dict) -> frozenset[str] | None:
    """First letters one of which a ``LOWER: {REGEX: "^..."}`` spec requires."""
    value = token.get("LOWER") or token.get("NORM")
    if isinstance(value, dict) and isinstance(value.get("REGEX"), str):
        return word_prefixes_of(value["REGEX"], boundary="^")
    return None


def word_prefixes_of(pattern: str, boundary: str = "\\b") -> frozenset[str] | None:
    """First letters (lower-cased, PREFIX or PREFIX-1 long) of the words a regex can start at.

    Only for the plain shapes ``\\b(?:word...|word...)rest`` and ``\\bword...``, or alternatives of
    them: every match then starts at the beginning of a word that begins with one of the literal
    prefixes. None when unsure.
    """
    branches = _top_level_split(pattern)
    if len(branches) > 1:
        found = [word_prefixes_of(branch, boundary) for branch in branches]
        return None if None in found else frozenset().union(*found)
    if not pattern.startswith(boundary):
        return None
    body = pattern[len(boundary):]
    alternatives = [body]
    if body.startswith("(?:"):
        end = _closing_paren(body)
        if end is None or body[end + 1:end + 2] in ("?", "*", "{"):
            return None
        alternatives = _top_level_split(body[3:end])
    prefixes = [_leading_word(alternative) for alternative in alternatives]
    size = min(PREFIX, min(map(len, prefixes)))
    if size < PREFIX - 1:
        return None
    return frozenset(prefix[:size].lower() for prefix in prefixes)


def _leading_word(fragment: str) -> str:
    """The literal word characters a regex fragment must start with."""
    word = ""
    for i, char in enumerate(fragment):
        following = fragment[i + 1:i + 2]
        if char in _META or not (char.isalnum() or char == "_") or following in ("?", "*", "{"):
            break
        word += char
        if following == "+":
            break
    return word


def _closing_paren(text: str) -> int | None:
    """Index of the parenthesis closing the one at ``text[0]``."""
    depth, i, in_class = 0, 0, False
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return None


def _top_level_split(text: str) -> list[str]:
    """Split a regex on the ``|`` that are not inside a group or a character class."""
    parts, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(text[start:i])
            start = i + 1
        i += 1
    parts.append(text[start:])
    return parts


def has_upper_literal(pattern: str) -> bool:
    """Does a regex spell an upper-case letter itself (not an escape such as \\W)?"""
    i = 0
    while i < len(pattern):
        if pattern[i] == "\\":
            i += 2
            continue
        if pattern[i].isupper():
            return True
        i += 1
    return False
