"""The spaCy pipeline: a trained Italian pipeline when one is installed, else the embedded default.

The embedded default needs nothing but ``pip install``: ``spacy.blank("it")``, a lookup lemmatizer
over spacy-lookups-data's Italian table, and a sentence splitter that also knows e-mail layout
(blank lines, a greeting line ending in a comma).
"""

from __future__ import annotations

import gzip
import json
import os
import sqlite3
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token

from scusa_lint.errors import BackendError

TRAINED_PIPELINES = ("it_core_news_lg", "it_core_news_md", "it_core_news_sm")
EMBEDDED = "blank:it"
_SENTENCE_END = {".", "!", "?", "…", "...", "!!", "??"}
_GREETING_LINE_MAX = 40  # a short line ending in "," is a salutation ("Gentile cliente,")


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "scusa-lint"


class LemmaStore:
    """spacy-lookups-data's Italian form -> lemma table, looked up word by word.

    Loading the whole table costs over a second; a run looks up a few thousand word types at most.
    The table is copied once into an indexed SQLite file in the user's cache, then each word type is
    read from it on first use.
    """

    def __init__(self) -> None:
        self._db: sqlite3.Connection | None = None
        self._table: dict[str, str] | None = None  # when no cache file can be written

    @staticmethod
    def _source() -> Path:
        import spacy_lookups_data

        return Path(spacy_lookups_data.__file__).parent / "data" / "it_lemma_lookup.json.gz"

    def _open(self) -> None:
        source = self._source()
        stat = source.stat()
        path = cache_dir() / f"it_lemma_lookup-{stat.st_size}-{int(stat.st_mtime)}.sqlite3"
        if not path.exists():
            try:
                self._build(source, path)
            except OSError:
                self._table = self._read(source)
                return
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)

    @staticmethod
    def _read(source: Path) -> dict[str, str]:
        with gzip.open(source, "rt", encoding="utf-8") as handle:
            return json.load(handle)

    def _build(self, source: Path, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        db = sqlite3.connect(temporary)
        try:
            db.execute("CREATE TABLE lemma (form TEXT PRIMARY KEY, lemma TEXT NOT NULL) WITHOUT ROWID")
            db.executemany("INSERT OR REPLACE INTO lemma VALUES (?, ?)", self._read(source).items())
            db.commit()
        finally:
            db.close()
        os.replace(temporary, path)  # atomic: a concurrent run sees the whole file or none

    @lru_cache(maxsize=200_000)  # noqa: B019 - one store per process
    def get(self, form: str) -> str | None:
        if self._db is None and self._table is None:
            self._open()
        if self._table is not None:
            return self._table.get(form)
        row = self._db.execute("SELECT lemma FROM lemma WHERE form = ?", (form,)).fetchone()
        return row[0] if row else None


LEMMAS = LemmaStore()


@lru_cache(maxsize=200_000)
def lemma_of(text: str) -> str:
    lemma = LEMMAS.get(text)
    if lemma is None:
        lower = text.lower()
        lemma = LEMMAS.get(lower) or lower
    return lemma.lower()


def _known_word(token: Token) -> bool:
    return LEMMAS.get(token.lower_) is not None


if not Token.has_extension("known_word"):
    # Patterns use {"_": {"known_word": true}}: the lower-cased token is an Italian word form.
    Token.set_extension("known_word", getter=_known_word)


@Language.component("scusa_lint_lemmas")
def lookup_lemmas(doc: Doc) -> Doc:
    for token in doc:
        if not token.is_space:
            token.lemma_ = lemma_of(token.text)
    return doc


@Language.component("scusa_lint_sentences")
def split_sentences(doc: Doc) -> Doc:
    """Sentence starts after final punctuation, a blank line, or a salutation line."""
    start_next = True
    line_length = 0
    for token in doc:
        token.is_sent_start = start_next
        start_next = False
        if token.is_space and "\n" in token.text:
            start_next = token.text.count("\n") > 1 or (
                token.i > 0 and doc[token.i - 1].text in (",", ":", ";") and line_length <= _GREETING_LINE_MAX)
            if not start_next and token.i > 0:
                start_next = doc[token.i - 1].text in _SENTENCE_END
            line_length = 0
            continue
        line_length += len(token.text_with_ws)
        if token.text in _SENTENCE_END or (token.is_punct and token.text[-1:] in "!?."):
            following = doc[token.i + 1] if token.i + 1 < len(doc) else None
            start_next = following is not None and not (following.is_punct and following.text[:1] in "!?.")
    return doc


def load_pipeline(model: str | None = None) -> tuple[Language, str]:
    """The pipeline to use and a short description of it (for ``--version``)."""
    if model and model != EMBEDDED:
        nlp = _load_trained(model)
        name = model
    else:
        installed = None if model == EMBEDDED else next(
            (name for name in TRAINED_PIPELINES if spacy.util.is_package(name)), None)
        nlp = _load_trained(installed) if installed else spacy.blank("it")
        name = installed or EMBEDDED
    return complete_pipeline(nlp), name


def _load_trained(model: str) -> Language:
    try:
        nlp = spacy.load(model, exclude=["ner"])
    except (OSError, ValueError, ImportError) as exc:
        raise BackendError(f"spaCy model {model!r}", _short(exc)) from None
    if nlp.lang != "it":
        raise BackendError(f"spaCy model {model!r}", f"is a {nlp.lang!r} pipeline, not Italian")
    return nlp


def complete_pipeline(nlp: Language) -> Language:
    """Add what the rules need and the pipeline lacks: lemmas and sentence boundaries."""
    if "lemmatizer" not in nlp.pipe_names:
        nlp.add_pipe("scusa_lint_lemmas")
    if not any(name in nlp.pipe_names for name in ("parser", "senter", "sentencizer")):
        nlp.add_pipe("scusa_lint_sentences")
    return nlp


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:200]
