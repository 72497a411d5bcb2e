"""Pattern entries of rule files, compiled once per run and matched once per document.

An entry is one of ``{tokens: [...]}`` (a spaCy Matcher pattern), ``{phrases: [...], attr: LOWER|LEMMA}``
(a PhraseMatcher list) or ``{regex: "..."}``; any entry may carry ``scope: sentence`` when used as an
exception.

Speed matters because every rule runs on every document. Phrase entries of all rules share one
PhraseMatcher per attribute. A token pattern runs only on documents that meet what its tokens
require and a document can tell at once: one of some words or lemmas, a word starting with some
letters (``REGEX: "^scus"``), a word in capitals. Case-insensitive
regexes written in lower case run without IGNORECASE on the lower-cased text, which lets Python's
regex engine skip ahead to possible first characters.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property

from spacy.attrs import IDX, IS_UPPER, LEMMA, LOWER, SENT_START
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from scusa_lint.errors import RuleError

ENTRY_FORMS = ("tokens", "phrases", "regex")
_ENTRY_OPTIONS = {"attr", "scope", "case-sensitive"}
_PHRASE_ATTRS = ("LOWER", "LEMMA", "TEXT")
_SCOPES = ("match", "sentence")
# Token attributes that only a trained pipeline sets, and what spaCy calls the annotation.
_TRAINED_ATTRS = {"TAG": "token.tag", "POS": "token.pos", "MORPH": "token.morph", "DEP": "token.dep"}
_ANCHOR_ATTRS = ("LOWER", "NORM", "ORTH", "TEXT", "LEMMA")
_OPTIONAL_OPS = ("?", "*", "!")
_WORD = re.compile(r"\w+")
PREFIX = 3  # regexes are filtered by the first letters of the words they can start at
_META = set("\\()[]{}.*+?^$|")


@dataclass(frozen=True)
class Span:
    start: int  # prose character offsets
    end: int
    sentence: int  # index of the sentence the span starts in
    scope: str = "match"

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass
class RegexEntry:
    pattern: str
    flags: int
    scope: str
    on_lower: bool  # matched against the lower-cased text, without IGNORECASE
    prefixes: frozenset[str] | None  # a match starts a word beginning with one of these (None: unknown)

    @cached_property
    def regex(self) -> re.Pattern[str]:
        """Compiled on first use: most regexes of a short run never meet their word prefixes."""
        return re.compile(self.pattern, self.flags)


@dataclass
class PatternGroup:
    """The compiled entries of one rule key (its ``patterns``, its ``unless``, one consistency group)."""

    keys: list[tuple[str, str]] = field(default_factory=list)  # (matcher key, scope)
    regexes: list[RegexEntry] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.keys or self.regexes)

    def spans(self, index: MatchIndex) -> list[Span]:
        found = [Span(s, e, index.sentence_of(s), scope) for key, scope in self.keys for s, e in index.spans(key)]
        for entry in self.regexes:
            if entry.prefixes is not None and entry.prefixes.isdisjoint(index.word_prefixes):
                continue
            text = index.lower_text if entry.on_lower else index.text
            found.extend(Span(m.start(), m.end(), index.sentence_of(m.start()), entry.scope)
                         for m in entry.regex.finditer(text) if m.end() > m.start())
        found.sort(key=lambda s: (s.start, -s.end))
        return found


class PatternCompiler:
    """Owns the shared matchers; rules ask it to compile their entries."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.matcher = Matcher(nlp.vocab, validate=True)  # the token patterns that require nothing
        # hash of the rarest required word -> (matcher, its requirements); and those with no word
        self.by_word: dict[int, list[tuple[Matcher, Requirements]]] = {}
        self.wordless: list[tuple[Matcher, Requirements]] = []
        self.phrase_matchers = {attr: PhraseMatcher(nlp.vocab, attr=attr) for attr in _PHRASE_ATTRS}
        self._count = 0
        self._assigned = {a for name in nlp.pipe_names for a in nlp.get_pipe_meta(name).assigns}

    def compile(self, entries: object, where: str) -> PatternGroup:
        """Compile a list of entries; ``where`` names the file, rule and key for error messages."""
        group = PatternGroup()
        if entries is None:
            return group
        if not isinstance(entries, list):
            raise RuleError(where, "must be a list of pattern entries")
        for number, entry in enumerate(entries, 1):
            self._compile_entry(entry, f"{where}[{number}]", group)
        return group

    def _compile_entry(self, entry: object, where: str, group: PatternGroup) -> None:
        if not isinstance(entry, dict):
            raise RuleError(where, "a pattern entry must be a mapping with one of " + ", ".join(ENTRY_FORMS))
        forms = [f for f in ENTRY_FORMS if f in entry]
        unknown = set(entry) - set(ENTRY_FORMS) - _ENTRY_OPTIONS
        if unknown:
            raise RuleError(where, f"unknown key {sorted(unknown)[0]!r} in pattern entry")
        if len(forms) != 1:
            raise RuleError(where, "a pattern entry needs exactly one of " + ", ".join(ENTRY_FORMS))
        scope = entry.get("scope", "match")
        if scope not in _SCOPES:
            raise RuleError(where, f"scope must be one of {', '.join(_SCOPES)}, not {scope!r}")
        form = forms[0]
        value = entry[form]
        if form == "regex":
            flags, on_lower = self._regex(value, entry.get("case-sensitive", False), where)
            prefixes = word_prefixes_of(value) if flags & re.IGNORECASE or on_lower else None
            group.regexes.append(RegexEntry(value, flags, scope, on_lower, prefixes))
            return
        self._count += 1
        key = f"p{self._count}"
        if form == "tokens":
            if not isinstance(value, list) or not value or not all(isinstance(t, dict) for t in value):
                raise RuleError(where, "tokens must be a non-empty list of token mappings")
            for attr, annotation in _TRAINED_ATTRS.items():
                if any(attr in token for token in value) and annotation not in self._assigned:
                    raise RuleError(where, f"{attr} needs a trained pipeline that sets it (see --model)")
            needs = Requirements.of(value, self.nlp.vocab.strings)
            matcher = Matcher(self.nlp.vocab, validate=True) if needs else self.matcher
            try:
                matcher.add(key, [value])
            except Exception as exc:  # spaCy reports invalid patterns with several exception types
                raise RuleError(where, "invalid token pattern: " + _first_line(exc)) from None
            if needs.words:
                for word in needs.index_words:
                    self.by_word.setdefault(word, []).append((matcher, needs))
            elif needs:
                self.wordless.append((matcher, needs))
        else:
            attr = entry.get("attr", "LOWER")
            if attr not in _PHRASE_ATTRS:
                raise RuleError(where, f"attr must be one of {', '.join(_PHRASE_ATTRS)}, not {attr!r}")
            if not isinstance(value, list) or not value or not all(isinstance(p, str) and p.strip() for p in value):
                raise RuleError(where, "phrases must be a non-empty list of strings")
            make = self.nlp if attr == "LEMMA" else self.nlp.make_doc
            self.phrase_matchers[attr].add(key, [make(p) for p in value])
        group.keys.append((key, scope))

    @staticmethod
    def _regex(value: object, case_sensitive: object, where: str) -> tuple[int, bool]:
        """The regex's flags, and whether it runs on the lower-cased text; a bad regex is an error."""
        if not isinstance(value, str) or not value:
            raise RuleError(where, "regex must be a non-empty string")
        on_lower = case_sensitive is not True and not _has_upper_literal(value)
        flags = 0 if case_sensitive is True or on_lower else re.IGNORECASE
        try:
            _validate_regex(value, flags)
        except re.error as exc:
            raise RuleError(where, f"invalid regex: {exc}") from None
        return flags, on_lower

    def index(self, parsed: Doc) -> MatchIndex:
        return MatchIndex(self, parsed)


class MatchIndex:
    """All token and phrase matches of one document, found in one pass and grouped by key."""

    def __init__(self, compiler: PatternCompiler, parsed: Doc) -> None:
        self.text = parsed.text
        lower = parsed.text.lower()
        # A few characters lower-case to two (e.g. "İ"); then keep them so offsets stay valid.
        self.lower_text = lower if len(lower) == len(self.text) else "".join(
            c.lower() if len(c.lower()) == 1 else c for c in self.text)
        self.word_prefixes = {word[:n] for word in _WORD.findall(self.lower_text) for n in (PREFIX, PREFIX - 1)}
        self._by_key: dict[str, list[tuple[int, int]]] = {}
        strings = parsed.vocab.strings
        matches = list(compiler.matcher(parsed)) if len(compiler.matcher) else []
        present = DocWords(parsed)
        candidates = [pair for word in present.words & compiler.by_word.keys() for pair in compiler.by_word[word]]
        triggered = {id(matcher): matcher for matcher, needs in candidates + compiler.wordless if needs.met_by(present)}
        for matcher in triggered.values():
            matches.extend(matcher(parsed))
        for matcher in compiler.phrase_matchers.values():
            if len(matcher):
                matches.extend(matcher(parsed))
        for match_id, start, end in matches:
            span = parsed[start:end]
            self._by_key.setdefault(strings[match_id], []).append((span.start_char, span.end_char))
        if len(parsed) and parsed.has_annotation("SENT_START"):
            marks = parsed.to_array([SENT_START, IDX])
            self._sentence_starts = marks[marks[:, 0] == 1, 1].tolist() or [0]
        else:
            self._sentence_starts = [0]

    def spans(self, key: str) -> list[tuple[int, int]]:
        return self._by_key.get(key, [])

    def sentence_of(self, char: int) -> int:
        return bisect.bisect_right(self._sentence_starts, char) - 1


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

    def __init__(self, parsed: Doc) -> None:
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


def _validate_regex(pattern: str, flags: int) -> None:
    """Raise re.error for a bad regex; parsing is a third of compiling, and compiling waits for use."""
    parser = getattr(re, "_parser", None)
    if parser is None:  # a Python without the parser module: compile (and let re cache it)
        re.compile(pattern, flags)
    else:
        parser.parse(pattern, flags)


def _has_upper_literal(pattern: str) -> bool:
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


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def surviving(spans: list[Span], exceptions: list[Span]) -> list[Span]:
    """``spans`` that no exception cancels (overlap, or same sentence for sentence-scoped ones)."""
    kept = []
    for span in spans:
        if any(e.overlaps(span) if e.scope == "match" else e.sentence == span.sentence for e in exceptions):
            continue
        kept.append(span)
    return kept


def longest_first(spans: list[Span]) -> list[Span]:
    """Drop spans that overlap an earlier, longer one (one finding per place)."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if not any(k.overlaps(span) for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)
