"""The language layer run on every parsed document: vocabulary classes, then clauses."""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from scusa_lint.language.clauses import ClauseAnalyser
from scusa_lint.language.vocabulary import Vocabulary, read_vocabularies, with_overrides


class LanguageLayer:
    """The vocabularies of the rule folders, compiled once per configuration that changes them."""

    def __init__(self, nlp: Language, folders: list[Path]) -> None:
        self.nlp = nlp
        self.classes = read_vocabularies(folders)
        self._annotators: dict[tuple, tuple[Vocabulary, ClauseAnalyser]] = {}

    @property
    def class_names(self) -> list[str]:
        return sorted({n for c in self.classes.values() for n in c.names})

    def members(self, name: str) -> set[str]:
        """The words and phrases of a class and its sub-classes, as the rule folders give them."""
        return {w for c in self.classes.values() if name in c.names for w in c.lemmas | c.phrases}

    def annotate(self, doc: Doc, settings=None) -> Doc:
        vocabulary, clauses = self._annotator(settings)
        vocabulary.tag(doc)
        clauses(doc)
        return doc

    def _annotator(self, settings) -> tuple[Vocabulary, ClauseAnalyser]:
        overrides = getattr(settings, "vocabulary", ())
        company = getattr(settings, "company", ())
        key = (overrides, company)
        if key not in self._annotators:
            where = str(settings.config_file) if getattr(settings, "config_file", None) else "configuration"
            classes = with_overrides(self.classes, overrides, where)
            self._annotators[key] = (Vocabulary(self.nlp, classes), ClauseAnalyser(company))
        return self._annotators[key]
