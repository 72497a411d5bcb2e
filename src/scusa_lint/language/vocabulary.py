"""Vocabularies: named word classes, by lemma and by multi-word phrase, shared by every rule.

A vocabulary file (``rules/vocabularies/*.yml``) maps class names to members::

    third-party.carrier:
      description: couriers and shipping companies
      lemmas: [corriere, vettore, spedizioniere]
      phrases: [poste italiane, ufficio postale]

A dotted name belongs to its parents too: ``@third-party`` matches a carrier. Lemmas match a
token's lemma or its lower-cased text; phrases match lower-cased text or lemmas, token by token, and
tag every token they cover. The configuration adds members (``[tool.scusa-lint.vocabulary]``,
``third-party.carrier = ["Speedy"]``) and removes them with a leading ``!``, from the class named
and its sub-classes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token

from scusa_lint.cache import cache_dir, code_stamp, is_table_of, read_marshal, write_marshal
from scusa_lint.errors import ConfigError, RuleError
from scusa_lint.language.lexicon import LEXICON

if not Token.has_extension("vc"):
    Token.set_extension("vc", default=())  # the vocabulary classes of a token, parents included

CLASS_KEYS = {"description", "lemmas", "phrases"}


@dataclass
class WordClass:
    name: str
    description: str = ""
    lemmas: set[str] = field(default_factory=set)
    phrases: set[str] = field(default_factory=set)

    @property
    def names(self) -> tuple[str, ...]:
        """The class and its parents: "a.b.c" -> ("a", "a.b", "a.b.c")."""
        parts = self.name.split(".")
        return tuple(".".join(parts[: i + 1]) for i in range(len(parts)))


def read_vocabularies(folders: Iterable[Path]) -> dict[str, WordClass]:
    """Every class of the ``vocabularies`` subfolder of each rule folder."""
    from scusa_lint.engine.rules import read_yaml

    classes: dict[str, WordClass] = {}
    for folder in folders:
        for path in sorted((folder / "vocabularies").glob("*.y*ml")):
            for name, body in read_yaml(path).items():
                where = f"{path}: class {name!r}"
                if not isinstance(name, str):  # YAML reads an unquoted false, no, 12 as a boolean or number
                    raise RuleError(where, "a class name must be a string: put it in quotes")
                if not isinstance(body, dict) or set(body) - CLASS_KEYS:
                    unknown = sorted(set(body) - CLASS_KEYS) if isinstance(body, dict) else []
                    cause = f"unknown key {unknown[0]!r}" if unknown else "a class must be a mapping"
                    raise RuleError(where, f"{cause} (keys: {', '.join(sorted(CLASS_KEYS))})")
                word_class = classes.setdefault(name, WordClass(name))
                word_class.description = str(body.get("description", word_class.description))
                for key in ("lemmas", "phrases"):
                    members = body.get(key, [])
                    if not isinstance(members, list) or not all(isinstance(m, str) and m.strip() for m in members):
                        raise RuleError(where, f"key {key!r} must be a list of words")
                    target = word_class.lemmas if key == "lemmas" else word_class.phrases
                    target.update(m.strip().lower() for m in members)
    return classes


def with_overrides(classes: dict[str, WordClass], overrides: tuple[tuple[str, tuple[str, ...]], ...],
                   where: str) -> dict[str, WordClass]:
    """The classes with a configuration's additions and ``!`` removals."""
    if not overrides:
        return classes
    result = {name: WordClass(c.name, c.description, set(c.lemmas), set(c.phrases)) for name, c in classes.items()}
    for name, members in overrides:
        if name not in result:
            raise ConfigError(where, f"key 'vocabulary': unknown class {name!r} (known: {', '.join(sorted(result))})")
        # a removal reaches the sub-classes too: "!corriere" under third-party drops the carrier
        family = [c for n, c in result.items() if n == name or n.startswith(name + ".")]
        for member in members:
            word = member.lstrip("!").strip().lower()
            kind = "phrases" if " " in word else "lemmas"
            if member.startswith("!"):
                for word_class in family:
                    getattr(word_class, kind).discard(word)
            else:
                getattr(result[name], kind).add(word)
    return result


def _lemmatised(nlp: Language, phrases: set[str]) -> dict[str, Doc]:
    """The phrases as parsed Docs (their lemmas are what a LEMMA phrase matches). Parsing them all
    costs a quarter of a second at every start; their tokens and lemmas are kept in the user's
    cache, per pipeline, scusa-lint code and lexicon, and Docs are rebuilt from those."""
    stamp = hashlib.sha256(f"{code_stamp()}\0{spacy.__version__}\0{nlp.meta.get('name')}\0"
                           f"{nlp.meta.get('version')}\0{nlp.pipe_names}\0{LEXICON.stamp()}".encode()).hexdigest()
    path = cache_dir() / f"phrase-lemmas-{stamp[:16]}.marshal"
    stored = read_marshal(path, lambda value: is_table_of(value, str, _is_parse)) or {}
    missing = sorted(phrases - stored.keys())
    for phrase, doc in zip(missing, nlp.pipe(missing), strict=True):
        stored[phrase] = (tuple(t.text for t in doc), tuple(bool(t.whitespace_) for t in doc),
                          tuple(t.lemma_ for t in doc) if doc.has_annotation("LEMMA") else None)
    if missing:
        write_marshal(path, stored)
    return {phrase: Doc(nlp.vocab, words=list(words), spaces=list(spaces), lemmas=None if lemmas is None else
                        list(lemmas)) for phrase, (words, spaces, lemmas) in ((p, stored[p]) for p in phrases)}


def _is_parse(value) -> bool:
    return isinstance(value, tuple) and len(value) == 3 and all(
        isinstance(part, tuple) and all(isinstance(x, str | bool) for x in part) for part in value if part is not None)


class Vocabulary:
    """The classes compiled for tagging: one dictionary lookup per token, one phrase pass per document."""

    def __init__(self, nlp: Language, classes: dict[str, WordClass]) -> None:
        self.classes = classes
        self.names = sorted({n for c in classes.values() for n in c.names})
        self._by_word: dict[str, tuple[str, ...]] = {}
        for word_class in classes.values():
            for lemma in word_class.lemmas:
                self._by_word[lemma] = tuple(sorted({*self._by_word.get(lemma, ()), *word_class.names}))
        self._phrases = {attr: PhraseMatcher(nlp.vocab, attr=attr) for attr in ("LOWER", "LEMMA")}
        lemmatised = _lemmatised(nlp, {p for c in classes.values() for p in c.phrases})
        for word_class in classes.values():
            if word_class.phrases:
                phrases = sorted(word_class.phrases)
                self._phrases["LOWER"].add(word_class.name, [nlp.make_doc(p) for p in phrases])
                docs = [lemmatised[p] for p in phrases]
                if all(d.has_annotation("LEMMA") for d in docs):
                    self._phrases["LEMMA"].add(word_class.name, docs)

    def tag(self, doc: Doc) -> None:
        for token in doc:
            # the lemma's classes and the form's: "mancante" is a damage word whatever its lemma says
            by_lemma = self._by_word.get(token.lemma_.lower(), ())
            by_form = self._by_word.get(token.lower_, ())
            found = by_lemma if by_form in ((), by_lemma) else by_form if not by_lemma else tuple(
                sorted({*by_lemma, *by_form}))
            if not found and token.pos_ in ("VERB", "ADJ"):  # "oberati" is a form of the adjective "oberato"
                adjective = LEXICON.readings(token.lower_).get("ADJ")
                found = self._by_word.get(adjective) if adjective else None
            if not found and token.morph.get("VerbForm") == ["Part"] and token.lower_[-1:] in "aie":
                found = self._by_word.get(token.lower_[:-1] + "o")  # "scadute" is a form of "scaduto"
            if found:
                token._.vc = found
        strings = doc.vocab.strings
        for matcher in self._phrases.values():
            for match_id, start, end in matcher(doc):
                names = self.classes[strings[match_id]].names
                for token in doc[start:end]:
                    token._.vc = tuple(sorted({*token._.vc, *names}))

    def members(self, name: str) -> set[str]:
        return {w for c in self.classes.values() if name in c.names for w in c.lemmas | c.phrases}
