"""spacy-lookups-data's Italian tables, looked up word by word from a SQLite copy in the user's cache.

Two kinds of table ship offline: the general form -> lemma table, and one table per part of speech
(``it_lemma_lookup_verb``, ``..._noun`` ...). Loading them costs seconds; a run looks up a few thousand
word types at most. They are copied once into one indexed SQLite file, then read on first use.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import sqlite3
import zlib
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from scusa_lint.cache import cache_dir

# The part-of-speech tables and the UD tag each stands for.
POS_TABLES = {"verb": "VERB", "aux": "AUX", "noun": "NOUN", "adj": "ADJ", "adv": "ADV", "det": "DET",
              "pron": "PRON", "adp": "ADP", "num": "NUM"}


def _data_dir() -> Path:
    import spacy_lookups_data

    return Path(spacy_lookups_data.__file__).parent / "data"


def _read(path: Path) -> dict[str, str]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def _repair(form: str) -> str:
    """The verb table stores some accented forms as UTF-8 read as Latin-1 ("rimborserÃ²")."""
    if "Ã" not in form:
        return form
    try:
        return form.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return form


class Lexicon:
    """Form -> lemma, known words, and form -> (part of speech, lemma) readings."""

    SCHEMA = 3  # bump when the cache file's tables change

    def __init__(self) -> None:
        self._db: sqlite3.Connection | None = None
        self._memory: dict[str, dict] | None = None  # when no cache file can be written

    @staticmethod
    def _sources() -> list[Path]:
        data = _data_dir()
        return [data / "it_lemma_lookup.json.gz", *(data / f"it_lemma_lookup_{t}.json.gz" for t in POS_TABLES)]

    def _open(self) -> None:
        sources = self._sources()
        sizes = "-".join(f"{zlib.crc32(p.read_bytes()) & 0xFFFF:04x}" for p in sources[:2])
        path = cache_dir() / f"it_lexicon-v{self.SCHEMA}-{sizes}.sqlite3"
        for _attempt in range(2):
            try:
                if not path.exists():
                    self._build(path)
                db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
                db.execute("SELECT 1 FROM word LIMIT 1")  # a damaged or foreign file fails here
                db.execute("SELECT 1 FROM reading LIMIT 1")
                self._db = db
                return
            except (OSError, sqlite3.Error):
                with contextlib.suppress(OSError):  # a damaged cache is rebuilt once
                    path.unlink()
        self._memory = self._tables()

    def _tables(self) -> dict[str, dict]:
        sources = self._sources()
        lemmas = _read(sources[0])
        readings: dict[str, dict[str, str]] = {}
        for table, pos in POS_TABLES.items():
            for form, lemma in _read(_data_dir() / f"it_lemma_lookup_{table}.json.gz").items():
                readings.setdefault(_repair(form), {}).setdefault(pos, _repair(lemma))
        words = {*lemmas, *lemmas.values()}
        pairs = {(lemma, pos) for by_pos in readings.values() for pos, lemma in by_pos.items()}
        return {"lemma": lemmas, "word": words, "reading": readings, "lemma_pos": pairs}

    def _rows(self, tables: dict[str, dict]) -> Iterator[tuple[str, str, str]]:
        for form, by_pos in tables["reading"].items():
            for pos, lemma in by_pos.items():
                yield form, pos, lemma

    def _build(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        try:
            tables = self._tables()
            db = sqlite3.connect(temporary)
            try:
                db.execute("CREATE TABLE lemma (form TEXT PRIMARY KEY, lemma TEXT NOT NULL) WITHOUT ROWID")
                db.executemany("INSERT OR REPLACE INTO lemma VALUES (?, ?)", tables["lemma"].items())
                # Base forms ("problema", "colpa") appear only as lemmas, never as keys.
                db.execute("CREATE TABLE word (word TEXT PRIMARY KEY) WITHOUT ROWID")
                db.executemany("INSERT OR IGNORE INTO word VALUES (?)", ((w,) for w in tables["word"]))
                db.execute("CREATE TABLE reading (form TEXT, pos TEXT, lemma TEXT, PRIMARY KEY (form, pos))"
                           " WITHOUT ROWID")
                db.executemany("INSERT OR IGNORE INTO reading VALUES (?, ?, ?)", self._rows(tables))
                db.execute("CREATE INDEX reading_lemma ON reading (lemma, pos)")
                db.commit()
            finally:
                db.close()
            os.replace(temporary, path)  # atomic: a concurrent run sees the whole file or none
        finally:
            for leftover in (temporary, temporary.with_name(temporary.name + "-journal")):
                with contextlib.suppress(OSError):
                    leftover.unlink()
        for stale in path.parent.glob("it_l*.sqlite3"):  # tables of other versions
            if stale != path:
                with contextlib.suppress(OSError):
                    stale.unlink()

    def forget_connection(self) -> None:
        self._db = None

    def _query(self, sql: str, *values: str) -> list[tuple]:
        if self._db is None and self._memory is None:
            self._open()
        if self._db is None:
            return []
        return self._db.execute(sql, values).fetchall()

    @lru_cache(maxsize=200_000)  # noqa: B019 - one lexicon per process
    def get(self, form: str) -> str | None:
        """The general table's lemma of ``form``."""
        if self._memory is None:
            rows = self._query("SELECT lemma FROM lemma WHERE form = ?", form)
            if self._memory is None:
                return rows[0][0] if rows else None
        return self._memory["lemma"].get(form)

    @lru_cache(maxsize=200_000)  # noqa: B019 - one lexicon per process
    def is_word(self, word: str) -> bool:
        """Is ``word`` an Italian word form or lemma of the table?"""
        if self._memory is None:
            rows = self._query("SELECT 1 FROM word WHERE word = ?", word)
            if self._memory is None:
                return bool(rows)
        return word in self._memory["word"]

    @lru_cache(maxsize=200_000)  # noqa: B019 - one lexicon per process
    def readings(self, form: str) -> dict[str, str]:
        """Part of speech -> lemma, for every part-of-speech table that lists ``form``."""
        if self._memory is None:
            rows = self._query("SELECT pos, lemma FROM reading WHERE form = ?", form)
            if self._memory is None:
                return dict(rows)
        return dict(self._memory["reading"].get(form, {}))

    @lru_cache(maxsize=200_000)  # noqa: B019 - one lexicon per process
    def is_lemma(self, lemma: str, pos: str) -> bool:
        """Is ``lemma`` a lemma of the ``pos`` table (is "provvedere" a verb)?"""
        if self._memory is None:
            rows = self._query("SELECT 1 FROM reading WHERE lemma = ? AND pos = ? LIMIT 1", lemma, pos)
            if self._memory is None:
                return bool(rows)
        return (lemma, pos) in self._memory["lemma_pos"]


LEXICON = Lexicon()
# A SQLite connection must not cross a fork: a forked worker opens its own.
os.register_at_fork(after_in_child=LEXICON.forget_connection)
