"""The spaCy pipeline: a trained Italian pipeline when one is installed, else the embedded default.

The embedded default needs nothing but ``pip install``: ``spacy.blank("it")``, a lookup lemmatizer
over spacy-lookups-data's Italian table, and a sentence splitter that also knows e-mail layout
(blank lines, a greeting line ending in a comma).
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import sqlite3
import zlib
from functools import lru_cache
from pathlib import Path

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Token

from scusa_lint.cache import cache_dir
from scusa_lint.errors import BackendError, describe

TRAINED_PIPELINES = ("it_core_news_lg", "it_core_news_md", "it_core_news_sm")
EMBEDDED = "blank:it"
_SENTENCE_END = {".", "!", "?", "…", "...", "!!", "??"}
_GREETING_LINE_MAX = 40  # a short line ending in "," is a salutation ("Gentile cliente,")


class LemmaStore:
    """spacy-lookups-data's Italian form -> lemma table, looked up word by word.

    Loading the whole table costs over a second; a run looks up a few thousand word types at most.
    The table is copied once into an indexed SQLite file in the user's cache, then each word type is
    read from it on first use.
    """

    SCHEMA = 2  # bump when the cache file's tables change

    def __init__(self) -> None:
        self._db: sqlite3.Connection | None = None
        self._table: dict[str, str] | None = None  # when no cache file can be written
        self._known: set[str] | None = None

    @staticmethod
    def _source() -> Path:
        import spacy_lookups_data

        return Path(spacy_lookups_data.__file__).parent / "data" / "it_lemma_lookup.json.gz"

    def _open(self) -> None:
        source = self._source()
        data = source.read_bytes()  # the name is by content: every venv's copy shares one cache file
        path = cache_dir() / f"it_lemma_lookup-v{self.SCHEMA}-{len(data)}-{zlib.crc32(data):08x}.sqlite3"
        for _attempt in range(2):
            try:
                if not path.exists():
                    self._build(source, path)
                db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
                db.execute("SELECT 1 FROM word LIMIT 1")  # a damaged or foreign file fails here
                self._db = db
                return
            except (OSError, sqlite3.Error):
                with contextlib.suppress(OSError):  # a damaged cache is rebuilt once
                    path.unlink()
        self._table = self._read(source)  # no usable cache: the whole table in memory

    @staticmethod
    def _read(source: Path) -> dict[str, str]:
        with gzip.open(source, "rt", encoding="utf-8") as handle:
            return json.load(handle)

    def _build(self, source: Path, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        try:
            db = sqlite3.connect(temporary)
            try:
                table = self._read(source)
                db.execute("CREATE TABLE lemma (form TEXT PRIMARY KEY, lemma TEXT NOT NULL) WITHOUT ROWID")
                db.executemany("INSERT OR REPLACE INTO lemma VALUES (?, ?)", table.items())
                # Base forms ("problema", "colpa") appear only as lemmas, never as keys.
                db.execute("CREATE TABLE word (word TEXT PRIMARY KEY) WITHOUT ROWID")
                db.executemany("INSERT OR IGNORE INTO word VALUES (?)", ((w,) for w in {*table, *table.values()}))
                db.commit()
            finally:
                db.close()
            os.replace(temporary, path)  # atomic: a concurrent run sees the whole file or none
        finally:
            for leftover in (temporary, temporary.with_name(temporary.name + "-journal")):
                with contextlib.suppress(OSError):
                    leftover.unlink()
        for stale in path.parent.glob("it_lemma_lookup-*.sqlite3"):  # tables of other versions
            if stale != path:
                with contextlib.suppress(OSError):
                    stale.unlink()

    def forget_connection(self) -> None:
        self._db = None

    @lru_cache(maxsize=200_000)  # noqa: B019 - one store per process
    def get(self, form: str) -> str | None:
        if self._db is None and self._table is None:
            self._open()
        if self._table is not None:
            return self._table.get(form)
        row = self._db.execute("SELECT lemma FROM lemma WHERE form = ?", (form,)).fetchone()
        return row[0] if row else None

    @lru_cache(maxsize=200_000)  # noqa: B019 - one store per process
    def is_word(self, word: str) -> bool:
        """Is ``word`` an Italian word form or lemma of the table?"""
        if self._db is None and self._table is None:
            self._open()
        if self._table is not None:
            if self._known is None:
                self._known = {*self._table, *self._table.values()}
            return word in self._known
        return self._db.execute("SELECT 1 FROM word WHERE word = ?", (word,)).fetchone() is not None


LEMMAS = LemmaStore()
# A SQLite connection must not cross a fork: a forked worker opens its own.
os.register_at_fork(after_in_child=LEMMAS.forget_connection)


@lru_cache(maxsize=200_000)
def lemma_of(text: str) -> str:
    lemma = LEMMAS.get(text)
    if lemma is None:
        lower = text.lower()
        lemma = LEMMAS.get(lower) or lower
    return lemma.lower()


def _known_word(token: Token) -> bool:
    return LEMMAS.is_word(token.lower_)


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
    if not len(doc):
        return doc
    starts = numpy.full((len(doc), 1), -1, dtype="int64")  # 1 starts a sentence, -1 does not
    start_next, after_final, line_length, previous = True, False, 0, ""
    for i, token in enumerate(doc):
        text = token.text
        if after_final:  # "!!" or "?!" runs end one sentence, not several
            start_next = not (token.is_punct and text[:1] in "!?.")
            after_final = False
        if token.is_space:  # white space never starts a sentence: the next word does
            if "\n" in text:
                start_next = start_next or text.count("\n") > 1 or previous in _SENTENCE_END or (
                    previous in (",", ":", ";") and line_length <= _GREETING_LINE_MAX)
                line_length = 0
            continue
        if start_next:
            starts[i, 0] = 1
            start_next = False
        line_length += len(text) + 1
        after_final = text in _SENTENCE_END or (token.is_punct and text[-1:] in "!?.")
        previous = text
    starts[0, 0] = 1
    doc.from_array([SENT_START], starts.astype("uint64"))  # spaCy stores attributes unsigned
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
        raise BackendError(f"spaCy model {model!r}", describe(exc)) from None
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
