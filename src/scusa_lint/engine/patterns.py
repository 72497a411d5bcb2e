"""Pattern entries of rule files, compiled once per run and matched once per document.

An entry is one of ``{pattern: "..."}`` (the token pattern language of ``tokens.py``, matched within
a clause unless ``within: sentence``, with ``clause:`` conditions on who acts, negation, time,
hypothesis and reported speech), ``{tokens: [...]}`` (a raw spaCy Matcher pattern),
``{phrases: [...], attr: LOWER|LEMMA}`` (a PhraseMatcher list) or ``{regex: "..."}`` (for what is
not language: placeholders, codes, URLs); any entry may carry ``scope: clause|sentence`` when used
as an exception. All rules' ``pattern`` entries share one Matcher, run once per document; phrase
entries share one PhraseMatcher per attribute; raw token patterns and regexes run only on documents
that can match them (see ``prefilter``).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

import numpy
import regex
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Token

from scusa_lint.engine.prefilter import Clause, DocWords, Requirements, has_upper_literal, required_literals
from scusa_lint.engine.tokens import PatternSyntaxError, compile_pattern
from scusa_lint.errors import RuleError, describe
from scusa_lint.language.clauses import AGENTS, TIMES
from scusa_lint.limits import check_time, regex_timed_out, regex_timeout

ENTRY_FORMS = ("pattern", "tokens", "phrases", "regex")
MATCH_PIECE_TOKENS = 20_000  # a longer text is matched sentence by sentence in pieces of about this size
_ENTRY_OPTIONS = {"attr", "scope", "case-sensitive", "clause", "within"}
_PHRASE_ATTRS = ("LOWER", "LEMMA", "TEXT")
_SCOPES = ("match", "clause", "sentence")
_WITHIN = ("clause", "sentence")
# Conditions on the clause of a match: the allowed values (a leading "!" excludes one).
CLAUSE_CONDITIONS = {"agent": AGENTS, "time": TIMES, "negated": bool, "hypothetical": bool, "reported": bool}
# Token attributes that only a trained pipeline sets, and what spaCy calls the annotation.
_TRAINED_ATTRS = {"TAG": "token.tag", "POS": "token.pos", "MORPH": "token.morph", "DEP": "token.dep"}


@dataclass(frozen=True)
class Span:
    start: int  # prose character offsets
    end: int
    sentence: int  # index of the sentence the span starts in
    scope: str = "match"
    clause: int = -1  # index of the clause the span starts in

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def cancelled_by(self, exception: Span) -> bool:
        if exception.scope == "sentence":
            return exception.sentence == self.sentence
        if exception.scope == "clause":
            return exception.clause == self.clause
        return exception.overlaps(self)


@dataclass
class RegexEntry:
    regex: regex.Pattern  # the ``regex`` module's: it can stop a search that backtracks for ever
    scope: str
    on_lower: bool  # matched against the lower-cased text, without IGNORECASE
    literals: list[Clause]  # every match contains one string of each clause

    def finditer(self, text: str):
        try:
            yield from self.regex.finditer(text, timeout=regex_timeout())
        except TimeoutError:
            regex_timed_out()


@dataclass
class PatternGroup:
    """The compiled entries of one rule key (its ``patterns``, its ``unless``, one consistency group)."""

    keys: list[tuple[str, str]] = field(default_factory=list)  # (matcher key, scope)
    regexes: list[RegexEntry] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.keys or self.regexes)

    def spans(self, index: MatchIndex) -> list[Span]:
        found = [index.span(s, e, scope) for key, scope in self.keys for s, e in index.spans(key)]
        for entry in self.regexes:
            if not index.present.has_literals(entry.literals):
                continue
            text = index.lower_text if entry.on_lower else index.text
            found.extend(index.span(m.start(), m.end(), entry.scope)
                         for m in entry.finditer(text) if m.end() > m.start())
        found.sort(key=lambda s: (s.start, -s.end))
        return found


@dataclass
class LanguageEntry:
    tokens: list[dict]
    marked: tuple[int, int] | None  # pattern indices of the underlined part
    same_clause: bool
    conditions: dict[str, tuple[bool, frozenset]]  # name -> (wanted, values)

    def accepts(self, clause) -> bool:
        for name, (wanted, values) in self.conditions.items():
            if clause is None:
                return False
            if (getattr(clause, name) in values) != wanted:
                return False
        return True


def _clause_conditions(value: object, where: str) -> dict[str, tuple[bool, frozenset]]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise RuleError(where, "key 'clause': must be a mapping of conditions (" + ", ".join(CLAUSE_CONDITIONS) + ")")
    conditions = {}
    for name, wanted in value.items():
        allowed = CLAUSE_CONDITIONS.get(name)
        if allowed is None:
            raise RuleError(where, f"key 'clause': unknown condition {name!r} (known: {', '.join(CLAUSE_CONDITIONS)})")
        if allowed is bool:
            if not isinstance(wanted, bool):
                raise RuleError(where, f"key 'clause.{name}': must be true or false")
            conditions[name] = (True, frozenset({wanted}))
            continue
        items = [wanted] if isinstance(wanted, str) else wanted
        if not isinstance(items, list) or not items or not all(isinstance(i, str) for i in items):
            raise RuleError(where, f"key 'clause.{name}': must be one of {', '.join(allowed)} or a list of them")
        negated = all(i.startswith("!") for i in items)
        names = [i.lstrip("!") for i in items]
        unknown = [n for n in names if n not in allowed]
        if unknown or (not negated and any(i.startswith("!") for i in items)):
            problem = f"unknown value {unknown[0]!r}" if unknown else "mix of '!' and plain values"
            raise RuleError(where, f"key 'clause.{name}': {problem} (known: {', '.join(allowed)})")
        conditions[name] = (not negated, frozenset(names))
    return conditions


class PatternCompiler:
    """Owns the shared matchers; rules ask it to compile their entries."""

    def __init__(self, nlp: Language, class_names: list[str] | None = None) -> None:
        self.nlp = nlp
        self.class_names = class_names or []  # the vocabulary classes ``pattern`` entries may name
        self.language_matcher = Matcher(nlp.vocab, validate=True)  # every ``pattern`` entry, run once
        self.language_entries: dict[str, LanguageEntry] = {}
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
        if form != "pattern" and ("clause" in entry or "within" in entry):
            raise RuleError(where, "'clause' and 'within' apply to 'pattern' entries only")
        if form == "pattern":
            self._count += 1
            key = f"p{self._count}"
            self.language_entries[key] = self._language_entry(entry, where)
            self.language_matcher.add(key, [self.language_entries[key].tokens])
            group.keys.append((key, scope))
            return
        if form == "regex":
            compiled, on_lower, literals = self._regex(value, entry.get("case-sensitive", False), where)
            group.regexes.append(RegexEntry(compiled, scope, on_lower, literals))
            return
        self._count += 1
        key = f"p{self._count}"
        if form == "tokens":
            if not isinstance(value, list) or not value or not all(isinstance(t, dict) for t in value):
                raise RuleError(where, "tokens must be a non-empty list of token mappings")
            for attr, annotation in _TRAINED_ATTRS.items():
                if any(attr in token for token in value) and annotation not in self._assigned:
                    raise RuleError(where, f"{attr} needs a trained pipeline that sets it (see --model)")
            unknown = [name for token in value for name in (token.get("_") or {}) if not Token.has_extension(name)]
            if unknown or not all(isinstance(token.get("_", {}), dict) for token in value):
                raise RuleError(where, f"invalid token pattern: unknown token extension {(unknown or ['_'])[0]!r}")
            try:
                matcher = Matcher(self.nlp.vocab, validate=True)
                matcher.add(key, [value])  # spaCy validates the pattern first
                needs = Requirements.of(value, self.nlp.vocab.strings)
            except Exception as exc:  # spaCy reports invalid patterns with several exception types
                raise RuleError(where, "invalid token pattern: " + describe(exc)) from None
            if not needs:
                matcher = self.matcher
                matcher.add(key, [value])
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

    def _language_entry(self, entry: dict, where: str) -> LanguageEntry:
        try:
            compiled = compile_pattern(entry["pattern"], self.class_names)
        except PatternSyntaxError as exc:
            raise RuleError(where, f"key 'pattern': {exc}") from None
        within = entry.get("within", "clause")
        if within not in _WITHIN:
            raise RuleError(where, f"key 'within': must be one of {', '.join(_WITHIN)}, not {within!r}")
        return LanguageEntry(compiled.tokens, compiled.marked, within == "clause",
                             _clause_conditions(entry.get("clause"), where))

    @staticmethod
    def _regex(value: object, case_sensitive: object, where: str) -> tuple[regex.Pattern, bool, list[Clause]]:
        """The compiled regex, whether it runs on the lower-cased text, and its required literals.

        Compiled now, so that a bad regex is an error when the rules load, not at some document."""
        if not isinstance(value, str) or not value:
            raise RuleError(where, "regex must be a non-empty string")
        on_lower = case_sensitive is not True and not has_upper_literal(value)
        flags = 0 if case_sensitive is True or on_lower else re.IGNORECASE
        try:
            literals = required_literals(value, flags)
            compiled = regex.compile(value, flags)
        except (re.error, regex.error, OverflowError, RecursionError, ValueError) as exc:
            raise RuleError(where, f"invalid regex: {describe(exc)}") from None
        return compiled, on_lower, literals

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
        self._token_starts = present.table[:, 4].tolist() if len(parsed) else []
        self._clause_of_token = [t._.clause for t in parsed]
        self.clauses = parsed._.clauses

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
        if len(compiler.language_matcher):
            self._language(parsed, compiler)

    def _language(self, parsed: Doc, compiler: PatternCompiler) -> None:
        """Matches of ``pattern`` entries: within one clause, meeting the clause conditions, and
        reduced to the marked tokens."""
        strings = parsed.vocab.strings
        for match_id, start, end, alignment in self._language_matches(parsed, compiler):
            key = strings[match_id]
            entry = compiler.language_entries[key]
            words = [i for i in range(start, end) if not parsed[i].is_space and not parsed[i].is_punct]
            if entry.same_clause and words and self._clause_of_token[words[0]] != self._clause_of_token[words[-1]]:
                continue
            if not entry.same_clause and words and self._sentence_of_token(words[0]) != self._sentence_of_token(
                    words[-1]):
                continue  # "within: sentence" is the widest a pattern reaches (a clause never crosses one)
            if entry.marked is not None:
                first, last = entry.marked
                marked = [start + i for i, step in enumerate(alignment) if first <= step <= last]
                if marked:
                    start, end = marked[0], marked[-1] + 1
            clause_index = self._clause_of_token[start]
            clause = self.clauses[clause_index] if 0 <= clause_index < len(self.clauses) else None
            if not entry.accepts(clause):
                continue
            span = parsed[start:end]
            self._by_key.setdefault(key, []).append((span.start_char, span.end_char))

    def _sentence_of_token(self, i: int) -> int:
        return int(numpy.searchsorted(self._sentence_tokens, i, "right")) - 1

    def _language_matches(self, parsed: Doc, compiler: PatternCompiler):
        """The language matcher's matches, run on pieces of whole sentences of a huge text, so that
        its time budget is checked between pieces (no match crosses a sentence)."""
        if len(parsed) <= MATCH_PIECE_TOKENS:
            yield from compiler.language_matcher(parsed, with_alignments=True)
            return
        starts = [*self._sentence_tokens.tolist(), len(parsed)]
        piece_start = 0
        for number, boundary in enumerate(starts[1:], 1):
            if boundary - piece_start < MATCH_PIECE_TOKENS and number < len(starts) - 1:
                continue
            check_time()
            piece = parsed[piece_start:boundary]
            for match_id, start, end, alignment in compiler.language_matcher(piece, with_alignments=True):
                yield match_id, piece_start + start, piece_start + end, alignment
            piece_start = boundary

    def span(self, start: int, end: int, scope: str = "match") -> Span:
        return Span(start, end, self.sentence_of(start), scope, self.clause_of(start))

    def clause_of(self, char: int) -> int:
        token = bisect.bisect_right(self._token_starts, char) - 1
        return self._clause_of_token[token] if 0 <= token < len(self._clause_of_token) else -1

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
    """``spans`` that no exception cancels (overlap, or same clause or sentence for scoped ones)."""
    return [span for span in spans if not any(span.cancelled_by(e) for e in exceptions)]


def longest_first(spans: list[Span]) -> list[Span]:
    """Drop spans that overlap an earlier, longer one (one finding per place)."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if not any(k.overlaps(span) for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)
