"""Pattern entries of rule files, compiled once per run and matched once per document.

An entry is one of ``{tokens: [...]}`` (a spaCy Matcher pattern), ``{phrases: [...], attr: LOWER|LEMMA}``
(a PhraseMatcher list) or ``{regex: "..."}``; any entry may carry ``scope: sentence`` when used as an
exception. Phrase entries of all rules share one PhraseMatcher per attribute; token patterns and
regexes run only on documents that can match them (see ``prefilter``).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property

import numpy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from scusa_lint.engine.prefilter import Clause, DocWords, Requirements, has_upper_literal, required_literals
from scusa_lint.errors import RuleError, describe

ENTRY_FORMS = ("tokens", "phrases", "regex")
_ENTRY_OPTIONS = {"attr", "scope", "case-sensitive"}
_PHRASE_ATTRS = ("LOWER", "LEMMA", "TEXT")
_SCOPES = ("match", "sentence")
# Token attributes that only a trained pipeline sets, and what spaCy calls the annotation.
_TRAINED_ATTRS = {"TAG": "token.tag", "POS": "token.pos", "MORPH": "token.morph", "DEP": "token.dep"}


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
    literals: list[Clause]  # every match contains one string of each clause

    @cached_property
    def regex(self) -> re.Pattern[str]:
        """Compiled on first use: most regexes of a short run never meet their literals."""
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
            if not index.present.has_literals(entry.literals):
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
            flags, on_lower, literals = self._regex(value, entry.get("case-sensitive", False), where)
            group.regexes.append(RegexEntry(value, flags, scope, on_lower, literals))
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
                raise RuleError(where, "invalid token pattern: " + describe(exc)) from None
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
    def _regex(value: object, case_sensitive: object, where: str) -> tuple[int, bool, list[Clause]]:
        """The regex's flags, whether it runs on the lower-cased text, and its required literals.

        A bad regex is an error now; compiling waits for the first document that needs it."""
        if not isinstance(value, str) or not value:
            raise RuleError(where, "regex must be a non-empty string")
        on_lower = case_sensitive is not True and not has_upper_literal(value)
        flags = 0 if case_sensitive is True or on_lower else re.IGNORECASE
        try:
            literals = required_literals(value, flags)
        except re.error as exc:
            raise RuleError(where, f"invalid regex: {exc}") from None
        return flags, on_lower, literals

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
        self._by_key: dict[str, list[tuple[int, int]]] = {}
        self.present = present = DocWords(parsed, self.lower_text)
        # Token offsets of the sentence starts (spaCy marks them 1), and their character offsets.
        starts = numpy.flatnonzero(present.table[:, 3] == 1) if len(parsed) else numpy.zeros(0, dtype=int)
        self._sentence_tokens = starts if len(starts) and starts[0] == 0 else numpy.concatenate(([0], starts))
        self._sentence_starts = present.table[self._sentence_tokens, 4].tolist() if len(parsed) else [0]

        matches = list(compiler.matcher(parsed)) if len(compiler.matcher) else []
        for matcher, needs in compiler.wordless:
            if needs.met_by(present):
                matches.extend(matcher(parsed))
        candidates = {id(pair[0]): pair for word in present.words & compiler.by_word.keys()
                      for pair in compiler.by_word[word]}
        for matcher, needs in candidates.values():
            if needs.met_by(present):
                matches.extend(self._match_sentences(parsed, matcher, needs))
        for matcher in compiler.phrase_matchers.values():
            if len(matcher):
                matches.extend(matcher(parsed))
        strings = parsed.vocab.strings
        for match_id, start, end in matches:
            span = parsed[start:end]
            self._by_key.setdefault(strings[match_id], []).append((span.start_char, span.end_char))

    def _match_sentences(self, parsed: Doc, matcher: Matcher, needs: Requirements) -> list[tuple[int, int, int]]:
        """Run an anchored pattern only on the sentences that hold its index words: a match
        holds one of them, and a Matcher call costs by the tokens it walks."""
        table = self.present.table
        where = numpy.isin(table[:, 0], needs.index_array) | numpy.isin(table[:, 1], needs.index_array)
        sentences = numpy.unique(numpy.searchsorted(self._sentence_tokens, numpy.flatnonzero(where), "right") - 1)
        found = []
        for number in sentences.tolist():
            start = int(self._sentence_tokens[number])
            end = int(self._sentence_tokens[number + 1]) if number + 1 < len(self._sentence_tokens) else len(parsed)
            found.extend((match_id, start + s, start + e) for match_id, s, e in matcher(parsed[start:end]))
        return found

    def spans(self, key: str) -> list[tuple[int, int]]:
        return self._by_key.get(key, [])

    def sentence_of(self, char: int) -> int:
        return bisect.bisect_right(self._sentence_starts, char) - 1


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
