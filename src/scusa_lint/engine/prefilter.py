"""Cheap tests that tell, before matching, that a pattern cannot match a document.

Every rule runs on every document, so most of the work is patterns that find nothing. A pattern
runs only on documents that contain what any match of it must contain:

- a token pattern: for each of its required tokens one of its words or lemmas
  (``{LOWER: {IN: [...]}}``, ``{LEMMA: ...}``), the literal letters of its ``REGEX``, a word in
  capitals for ``IS_UPPER``;
- a regex: its required literal strings, found by reading the parsed regex (as RE2's prefilter
  does): ``\\b(?:ci|mi)\\s+dispiace`` needs "dispiace"; ``colp[ae]\\s+(?:del|dello)`` needs "colp".

Case-insensitive regexes written in lower case run without IGNORECASE on the lower-cased text,
which also lets Python's regex engine skip ahead to possible first characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, IS_UPPER, LEMMA, LOWER, SENT_START
from spacy.tokens import Doc

_ANCHOR_ATTRS = ("LOWER", "NORM", "ORTH", "TEXT", "LEMMA")
_OPTIONAL_OPS = ("?", "*", "!")
MIN_LITERAL = 3  # shorter literals are in every text
_KEPT_CLAUSES = 2  # a regex is tested for its most selective clauses only

try:  # the parser behind re.compile; without it (another Python) regexes are simply not filtered
    from re import _constants as _sre
    from re import _parser as _sre_parser
except ImportError:  # pragma: no cover
    _sre = _sre_parser = None

Clause = frozenset[str]  # one of these strings must occur


@dataclass
class Requirements:
    """What a token pattern needs a document to contain, checkable before running the pattern."""

    words: list[set[int]] = field(default_factory=list)  # hashes; one of each set must occur
    literals: list[Clause] = field(default_factory=list)  # in the lower-cased text
    capitals: bool = False  # some word is in capitals
    index_words: set[int] = field(default_factory=set)  # the set to find the pattern by

    def __bool__(self) -> bool:
        return bool(self.words or self.literals or self.capitals)

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
            regex = _token_regex(token)
            if regex is not None:
                needs.literals += required_literals(regex)
            needs.capitals |= token.get("IS_UPPER") is True
        return needs

    def met_by(self, present: DocWords) -> bool:
        return (all(not words.isdisjoint(present.words) for words in self.words)
                and present.has_literals(self.literals)
                and (not self.capitals or present.capitals))


class DocWords:
    """What a document contains, as the requirements ask about it."""

    def __init__(self, parsed: Doc, lower_text: str) -> None:
        self.lower_text = lower_text
        # One row per token: LOWER, LEMMA, IS_UPPER, SENT_START, IDX, IS_PUNCT, IS_SPACE (what
        # matching asks of tokens).
        self.table = parsed.to_array([LOWER, LEMMA, IS_UPPER, SENT_START, IDX, IS_PUNCT, IS_SPACE]) \
            if len(parsed) else None
        if not len(parsed):
            self.positions, self.words, self.capitals = {}, set(), False
            self.words_mask = numpy.zeros(0, dtype=bool)
            return
        self.words_mask = (self.table[:, 5] == 0) & (self.table[:, 6] == 0)  # tokens that are words
        self.positions: dict[int, list[int]] = {}  # hash of a LOWER or LEMMA -> the tokens that have it
        for i, forms in enumerate(zip(self.table[:, 0].tolist(), self.table[:, 1].tolist(), strict=True)):
            for form in set(forms):
                self.positions.setdefault(form, []).append(i)
        self.words = self.positions.keys()
        self.capitals = bool(self.table[:, 2].any())

    def has_literals(self, clauses: list[Clause]) -> bool:
        return all(any(literal in self.lower_text for literal in clause) for clause in clauses)


def _required_words(token: dict) -> set[str]:
    """Lower-cased words or lemmas one of which a token spec requires (empty: none required)."""
    for attr in _ANCHOR_ATTRS:
        value = token.get(attr)
        if isinstance(value, str):
            return {value.lower()}
        if isinstance(value, dict) and set(value) == {"IN"} and all(isinstance(v, str) for v in value["IN"]):
            return {v.lower() for v in value["IN"]}
    return set()


def _token_regex(token: dict) -> str | None:
    value = token.get("LOWER") or token.get("NORM")
    if isinstance(value, dict) and isinstance(value.get("REGEX"), str):
        return value["REGEX"]
    return None


def required_literals(pattern: str, flags: int = 0) -> list[Clause]:
    """Clauses of literal strings that every match of ``pattern`` contains (one string per clause).

    Lower-cased and looked for in the lower-cased text: right whether the regex, or a part of it
    (``(?i:...)``), is case-sensitive or not. Empty when nothing is certain. A bad regex raises
    re.error (parsing is a third of compiling, so this also validates it cheaply). Answers are
    kept across runs: rule files change rarely, and parsing them all is a good part of start-up.
    """
    key = f"{flags}:{pattern}"
    known = _LITERALS.answers.get(key)
    if known is not None:
        return [frozenset(clause) for clause in known]
    if _sre_parser is None:
        re.compile(pattern, flags)
        return []
    parsed = _sre_parser.parse(pattern, flags)
    clauses = [frozenset(literal.lower() for literal in clause) for clause in _sequence(list(parsed))]
    clauses.sort(key=lambda clause: (-min(map(len, clause)), sorted(clause)))
    clauses = clauses[:_KEPT_CLAUSES]
    _LITERALS.remember(key, [tuple(sorted(clause)) for clause in clauses])
    return clauses


class _LiteralsCache:
    """required_literals' answers, stored in the user's cache folder."""

    VERSION = 1

    def __init__(self) -> None:
        self._answers: dict[str, list[tuple[str, ...]]] | None = None
        self._new = 0

    @property
    def path(self):
        from scusa_lint.cache import cache_dir

        return cache_dir() / f"regex-literals-v{self.VERSION}-min{MIN_LITERAL}-keep{_KEPT_CLAUSES}.marshal"

    @property
    def answers(self) -> dict[str, list[tuple[str, ...]]]:
        if self._answers is None:
            from scusa_lint.cache import is_table_of, read_marshal

            stored = read_marshal(self.path, lambda value: is_table_of(value, str, lambda clauses: isinstance(
                clauses, list) and all(isinstance(c, tuple) and all(isinstance(s, str) for s in c) for c in clauses)))
            self._answers = stored or {}
        return self._answers

    def remember(self, key: str, clauses: list[tuple[str, ...]]) -> None:
        self.answers[key] = clauses
        self._new += 1

    def save(self) -> None:
        if self._new:
            from scusa_lint.cache import write_marshal

            write_marshal(self.path, self.answers)
            self._new = 0


_LITERALS = _LiteralsCache()
save_literals = _LITERALS.save


def _sequence(items: list) -> list[Clause]:
    """The clauses a sequence of parsed regex items requires."""
    clauses: list[Clause] = []
    run: list[str] = []

    def end_run() -> None:
        if len(run) >= MIN_LITERAL:
            clauses.append(frozenset({"".join(run)}))
        run.clear()

    for op, value in items:
        if op is _sre.LITERAL:
            run.append(chr(value))
            continue
        end_run()
        if op is _sre.SUBPATTERN:
            clauses += _sequence(list(value[-1]))
        elif op is _sre.ATOMIC_GROUP:
            clauses += _sequence(list(value))
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT) and value[0] >= 1:
            clauses += _sequence(list(value[2]))
        elif op is _sre.BRANCH:
            options: list[Clause] = []
            for alternative in value[1]:
                best = _most_selective(_sequence(list(alternative)))
                if best is None:  # this branch needs nothing: neither does the alternation
                    options = []
                    break
                options.append(best)
            if options:
                clauses.append(frozenset().union(*options))
    end_run()
    return clauses


def _most_selective(clauses: list[Clause]) -> Clause | None:
    return max(clauses, key=lambda clause: min(map(len, clause)), default=None)


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
