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
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter

import numpy
import regex
from spacy.attrs import LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from scusa_lint.engine.prefilter import Clause, DocWords, Requirements, has_upper_literal, required_literals
from scusa_lint.engine.tokens import PatternSyntaxError, compile_pattern
from scusa_lint.errors import RuleError, describe
from scusa_lint.language.clauses import AGENTS, TIMES
from scusa_lint.limits import check_time, regex_timed_out, regex_timeout

ENTRY_FORMS = ("pattern", "tokens", "phrases", "regex")
_CLASS_IN_REGEX = re.compile(r"\{@([a-z][a-z.-]*)\}")
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
    needs: Requirements = field(default_factory=Requirements)  # words a matching document contains
    classes: list[frozenset[str]] = field(default_factory=list)  # one class of each is in such a document
    matcher: Matcher | None = None  # this entry alone: it runs only on documents that meet its needs

    def possible(self, present: DocWords, classes: set[str]) -> bool:
        return self.needs.met_by(present) and all(not names.isdisjoint(classes) for names in self.classes)

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

    def __init__(self, nlp: Language, class_names: list[str] | None = None,
                 members: Callable[[str], set[str]] | None = None) -> None:
        self.nlp = nlp
        self.class_names = class_names or []  # the vocabulary classes ``pattern`` entries may name
        self.members = members or (lambda name: set())  # a class's words, for ``{@class}`` in a regex
        self.language_entries: dict[str, LanguageEntry] = {}  # every ``pattern`` entry, by matcher key
        self.language_by_word: dict[int, list[str]] = {}  # hash of a word -> entries that need it
        self.language_unindexed: list[str] = []  # entries that need no word
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
            language = self.language_entries[key] = self._language_entry(entry, where)
            language.matcher = Matcher(self.nlp.vocab, validate=True)
            language.matcher.add(key, _native_first_token(language.tokens))
            _answer_by_value(language.matcher)
            for word in language.needs.index_words or ():
                self.language_by_word.setdefault(word, []).append(key)
            if not language.needs.index_words:
                self.language_unindexed.append(key)
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
        required = [token for token in compiled.tokens if _required(token)]
        classes = [frozenset(token["_"]["vc"]["INTERSECTS"]) for token in required
                   if "INTERSECTS" in token.get("_", {}).get("vc", {})]
        return LanguageEntry(compiled.tokens, compiled.marked, within == "clause",
                             _clause_conditions(entry.get("clause"), where),
                             Requirements.of(required, self.nlp.vocab.strings), classes)

    def _regex(self, value: object, case_sensitive: object, where: str) -> tuple[regex.Pattern, bool, list[Clause]]:
        """The compiled regex, whether it runs on the lower-cased text, and its required literals.
        ``{@class}`` stands for the words of a vocabulary class, so a rule's regex holds syntax and the
        vocabulary holds the words.

        Compiled now, so that a bad regex is an error when the rules load, not at some document."""
        if not isinstance(value, str) or not value:
            raise RuleError(where, "regex must be a non-empty string")
        value = _CLASS_IN_REGEX.sub(lambda m: self._class_alternation(m.group(1), where), value)
        on_lower = case_sensitive is not True and not has_upper_literal(value)
        flags = 0 if case_sensitive is True or on_lower else re.IGNORECASE
        try:
            literals = required_literals(value, flags)
            compiled = regex.compile(value, flags)
        except (re.error, regex.error, OverflowError, RecursionError, ValueError) as exc:
            raise RuleError(where, f"invalid regex: {describe(exc)}") from None
        return compiled, on_lower, literals

    def _class_alternation(self, name: str, where: str) -> str:
        if name not in self.class_names:
            raise RuleError(where, f"regex: no vocabulary class {name!r} for {{@{name}}}")
        words = sorted(self.members(name), key=lambda w: (-len(w), w))  # longest first: "tuo nome" before "nome"
        if not words:
            raise RuleError(where, f"regex: the vocabulary class {name!r} has no words for {{@{name}}}")
        return "(?:" + "|".join(r"\s+".join(regex.escape(part) for part in w.split()) for w in words) + ")"

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
        self._length = len(parsed)
        self._word = present.words_mask.tolist()
        self._sentence_of_tokens = (numpy.searchsorted(self._sentence_tokens, numpy.arange(len(parsed)), "right")
                                    - 1).tolist()
        self._reaches: dict[int, tuple[int, int]] = {}
        self._pieces = self._piece_ends()

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
        if compiler.language_entries:
            self._language(parsed, compiler)

    def _language(self, parsed: Doc, compiler: PatternCompiler) -> None:
        """Matches of ``pattern`` entries: within one clause, meeting the clause conditions, and
        reduced to the marked tokens."""
        token_classes = [token._.vc for token in parsed]
        classes = set().union(*token_classes)
        none: frozenset[int] = frozenset()
        parsed.user_data[_CLASS_IDS] = [frozenset(map(get_string_id, names)) if names else none
                                        for names in token_classes]
        positions = self.present.positions
        keys = {key for word in positions.keys() & compiler.language_by_word.keys()
                for key in compiler.language_by_word[word]}
        for key in [*keys, *compiler.language_unindexed]:
            entry = compiler.language_entries[key]
            if not entry.possible(self.present, classes):
                continue
            if entry.needs.index_words:
                anchors = [i for word in entry.needs.index_words for i in positions.get(word, ())]
            elif entry.classes:
                anchors = [i for i, names in enumerate(token_classes) if not entry.classes[0].isdisjoint(names)]
            else:
                anchors = None
            for start, end in self._windows(anchors):
                self._language_matches(parsed, key, entry, start, end)
        del parsed.user_data[_CLASS_IDS]

    def _windows(self, anchors: numpy.ndarray | None) -> list[tuple[int, int]]:
        """Token ranges holding every match that may be kept, given the tokens one of which each
        match holds (None: any). A kept match has its words (not punctuation, not space) in one
        sentence; so when the anchors are words, it lies in an anchor's sentence widened by the
        punctuation and spaces around it. Matching a range finds the same matches in it."""
        if anchors is None or not all(self._word[i] for i in anchors):
            windows = [(0, self._length)]
        else:
            windows = []
            for number in sorted({self._sentence_of_tokens[i] for i in anchors}):
                start, end = self._reach(number)
                if windows and start <= windows[-1][1]:
                    windows[-1] = (windows[-1][0], end)
                else:
                    windows.append((start, end))
        if len(self._pieces) == 1:
            return windows
        cut = []
        for start, end in windows:
            for boundary in self._pieces:
                if start < boundary < end:
                    cut.append((start, boundary))
                    start = boundary
            cut.append((start, end))
        return cut

    def _reach(self, sentence: int) -> tuple[int, int]:
        """The sentence's tokens with the punctuation and spaces before and after it."""
        if sentence not in self._reaches:
            start = int(self._sentence_tokens[sentence])
            end = int(self._sentence_tokens[sentence + 1]) if sentence + 1 < len(self._sentence_tokens) \
                else self._length
            while start > 0 and not self._word[start - 1]:
                start -= 1
            while end < self._length and not self._word[end]:
                end += 1
            self._reaches[sentence] = (start, end)
        return self._reaches[sentence]

    def _language_matches(self, parsed: Doc, key: str, entry: LanguageEntry, offset: int, stop: int) -> None:
        check_time()
        doclike = parsed if (offset, stop) == (0, len(parsed)) else parsed[offset:stop]
        for _, start, end, alignment in entry.matcher(doclike, with_alignments=True):
            start, end = start + offset, end + offset
            words = [i for i in range(start, end) if self._word[i]]
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

    def _piece_ends(self) -> list[int]:
        """Where the pieces of whole sentences of a huge text end: matching stops at them, so that
        its time budget is checked between pieces (a kept match never crosses a sentence)."""
        if self._length <= MATCH_PIECE_TOKENS:
            return [self._length]
        starts = [*self._sentence_tokens.tolist(), self._length]
        ends, piece_start = [], 0
        for number, boundary in enumerate(starts[1:], 1):
            if boundary - piece_start < MATCH_PIECE_TOKENS and number < len(starts) - 1:
                continue
            ends.append(boundary)
            piece_start = boundary
        return ends

    def span(self, start: int, end: int, scope: str = "match") -> Span:
        return Span(start, end, self.sentence_of(start), scope, self.clause_of(start))

    def clause_of(self, char: int) -> int:
        token = bisect.bisect_right(self._token_starts, char) - 1
        return self._clause_of_token[token] if 0 <= token < len(self._clause_of_token) else -1

    def _match_sentences(self, parsed: Doc, matcher: Matcher, needs: Requirements) -> list[tuple[int, int, int]]:
        """Run an anchored pattern only on the sentences that hold its index words: a match
        holds one of them, and a Matcher call costs by the tokens it walks."""
        positions = self.present.positions
        sentences = {self._sentence_of_tokens[i] for word in needs.index_words for i in positions.get(word, ())}
        found = []
        for number in sorted(sentences):
            start = int(self._sentence_tokens[number])
            end = int(self._sentence_tokens[number + 1]) if number + 1 < len(self._sentence_tokens) else len(parsed)
            found.extend((match_id, start + s, start + e) for match_id, s, e in matcher(parsed[start:end]))
        return found

    def spans(self, key: str) -> list[tuple[int, int]]:
        return self._by_key.get(key, [])

    def sentence_of(self, char: int) -> int:
        return bisect.bisect_right(self._sentence_starts, char) - 1


_CLASS_IDS = "scusa_lint.class_ids"  # doc.user_data: each token's vocabulary classes, as string ids
_ATTR_VALUES = {ORTH: attrgetter("orth"), LOWER: attrgetter("lower"), LEMMA: attrgetter("lemma"),
                POS: attrgetter("pos"), TAG: attrgetter("tag"), MORPH: attrgetter("morph.key")}


class _ClassPredicate:
    """spaCy's set predicate on ``token._.vc``, read from the document's table of class ids
    instead of through ``token._`` (the largest cost of matching, before)."""

    def __init__(self, original) -> None:
        self.ids = frozenset(original.value)
        self.subset = original.predicate == "IS_SUBSET"

    def __call__(self, token) -> bool:
        classes = token.doc.user_data[_CLASS_IDS][token.i]
        return classes <= self.ids if self.subset else not self.ids.isdisjoint(classes)


class _ValuePredicate:
    """spaCy's set predicate on a token attribute, answered once per value of the attribute."""

    def __init__(self, original) -> None:
        self.original = original
        self.value_of = _ATTR_VALUES[original.attr]
        self.answers: dict[int, bool] = {}

    def __call__(self, token) -> bool:
        value = self.value_of(token)
        answer = self.answers.get(value)
        if answer is None:
            answer = self.answers[value] = self.original(token)
        return answer


def _answer_by_value(matcher: Matcher) -> None:
    """Swap the matcher's Python set predicates (IN, INTERSECTS...) for ones that give the same
    answers from a table; any other predicate is kept."""
    predicates = matcher._extra_predicates
    for number, predicate in enumerate(predicates):
        if type(predicate).__name__ != "_SetPredicate" or predicate.regex or predicate.fuzzy is not None:
            continue
        if predicate.is_extension and predicate.attr == "vc" and predicate.predicate in ("INTERSECTS", "IS_SUBSET"):
            predicates[number] = _ClassPredicate(predicate)
        elif not predicate.is_extension and predicate.attr in _ATTR_VALUES:
            predicates[number] = _ValuePredicate(predicate)


def _required(token: dict) -> bool:
    """Does every match hold a token for this spec (its quantifier asks for at least one)?"""
    op = token.get("OP")
    if op is None or op in ("+", "1"):
        return True
    minimum = re.fullmatch(r"\{(\d+)(?:,\d*)?\}", op) if op.startswith("{") else None
    return bool(minimum and int(minimum.group(1)) >= 1)


def _native_first_token(tokens: list[dict]) -> list[list[dict]]:
    """The pattern as patterns whose first token spaCy checks natively: one per word of a
    ``{LOWER|LEMMA|ORTH: {IN: [...]}}`` first token (one token has one form). A set predicate is
    Python work at every token of the document; an equal attribute is not. Same matches."""
    first = tokens[0]
    if first.get("OP") is None:
        for attr in ("ORTH", "LOWER", "LEMMA"):
            value = first.get(attr)
            if isinstance(value, dict) and set(value) == {"IN"}:
                return [[{**first, attr: word}, *tokens[1:]] for word in dict.fromkeys(value["IN"])]
    return [tokens]


def surviving(spans: list[Span], exceptions: list[Span]) -> list[Span]:
    """``spans`` that no exception cancels (overlap, or same clause or sentence for scoped ones)."""
    if not exceptions or not spans:
        return list(spans)
    # Indexed, so a long text with many matches costs n log n, not n * m.
    sentences = {e.sentence for e in exceptions if e.scope == "sentence"}
    clauses = {e.clause for e in exceptions if e.scope == "clause"}
    overlapping = sorted((e for e in exceptions if e.scope not in _WITHIN), key=attrgetter("start"))
    starts = [e.start for e in overlapping]
    reach = list(itertools.accumulate((e.end for e in overlapping), max))  # furthest end so far

    def cancelled(span: Span) -> bool:
        if span.sentence in sentences or span.clause in clauses:
            return True
        before = bisect.bisect_left(starts, span.end)  # exceptions starting before the span ends
        return before > 0 and reach[before - 1] > span.start

    return [span for span in spans if not cancelled(span)]


def longest_first(spans: list[Span]) -> list[Span]:
    """Drop spans that overlap an earlier, longer one (one finding per place)."""
    starts: list[int] = []  # the kept spans never overlap, so sorted by start they are sorted by end
    ends: list[int] = []
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        at = bisect.bisect_left(starts, span.end)  # kept spans starting before this one ends
        if at and ends[at - 1] > span.start:
            continue
        starts.insert(at, span.start)
        ends.insert(at, span.end)
        kept.insert(at, span)
    return kept
