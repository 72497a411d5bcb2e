"""spacy-lookups-data's Italian tables, looked up word by word from a SQLite copy in the user's cache.

Two kinds of table ship offline: the general form -> lemma table, and one table per part of speech
(``it_lemma_lookup_verb``, ``..._noun`` ...). Loading them costs seconds; a run looks up a few thousand
word types at most. They are copied once into one indexed SQLite file (by SQLite itself, in a
thread that ``prepare`` starts while the first run loads), then read on first use.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import sqlite3
import threading
import time
import zlib
from functools import lru_cache
from pathlib import Path

from scusa_lint.cache import cache_dir

STALE_BUILD_SECONDS = 600  # a temporary build file this old belongs to a process that died

# The part-of-speech tables and the UD tag each stands for.
POS_TABLES = {"verb": "VERB", "aux": "AUX", "noun": "NOUN", "adj": "ADJ", "adv": "ADV", "det": "DET",
              "pron": "PRON", "adp": "ADP", "num": "NUM"}


def _data_dir() -> Path:
    import spacy_lookups_data

    return Path(spacy_lookups_data.__file__).parent / "data"


def _insert_json(db: sqlite3.Connection, sql: str, fallback: str, source: Path) -> None:
    """Insert the pairs of a gzipped JSON object with ``sql`` (SQLite's json_each), or with
    ``fallback`` row by row where SQLite lacks its JSON functions."""
    text = gzip.decompress(source.read_bytes()).decode("utf-8")
    try:
        db.execute(sql, (text,))
    except sqlite3.OperationalError:
        db.executemany(fallback, sorted(json.loads(text).items()))


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

    SCHEMA = 4  # bump when the cache file's tables change

    def __init__(self) -> None:
        self._db: sqlite3.Connection | None = None
        self._builder: threading.Thread | None = None
        self._stamp: str | None = None

    @staticmethod
    def _sources() -> list[Path]:
        data = _data_dir()
        return [data / "it_lemma_lookup.json.gz", *(data / f"it_lemma_lookup_{t}.json.gz" for t in POS_TABLES)]

    def stamp(self) -> str:
        """Which tables these are (a new spacy-lookups-data gives another stamp)."""
        if self._stamp is None:
            self._stamp = "-".join(f"{zlib.crc32(p.read_bytes()) & 0xFFFF:04x}" for p in self._sources()[:2])
        return self._stamp

    def _path(self) -> Path:
        return cache_dir() / f"it_lexicon-v{self.SCHEMA}-{self.stamp()}.sqlite3"

    def prepare(self) -> None:
        """Start building the cache file in a thread if there is none yet. SQLite fills its tables
        without holding the GIL, so a first run's build overlaps its imports and rule loading."""
        if self._db is not None or self._builder is not None:
            return
        try:
            path = self._path()
            if path.exists():
                return
        except OSError:
            return  # reported, or worked around, when the lexicon is first read
        self._builder = threading.Thread(target=self._build_quietly, args=(path,), daemon=True,
                                         name="scusa-lint lexicon")
        self._builder.start()

    def _build_quietly(self, path: Path) -> None:
        with contextlib.suppress(OSError, sqlite3.Error):  # the first lookup tries again, or builds in memory
            self._build(path)

    def wait(self) -> None:
        """Let a build started by ``prepare`` finish (before reading, and before a fork)."""
        if self._builder is not None:
            self._builder.join()
            self._builder = None

    def _open(self) -> None:
        self.wait()
        path = self._path()
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
        db = sqlite3.connect(":memory:", check_same_thread=False)  # no cache file can be written
        self._fill(db)
        self._db = db

    def _fill(self, db: sqlite3.Connection) -> None:
        """Copy the tables into ``db``. SQLite reads the JSON itself (json_each), in key order, so
        the B-trees grow at their end; only the few mis-encoded verb forms pass through Python."""
        sources = self._sources()
        db.execute("CREATE TABLE lemma (form TEXT PRIMARY KEY, lemma TEXT NOT NULL) WITHOUT ROWID")
        _insert_json(db, "INSERT OR REPLACE INTO lemma SELECT key, value FROM json_each(?) ORDER BY key",
                     "INSERT OR REPLACE INTO lemma VALUES (?, ?)", sources[0])
        # Base forms ("problema", "colpa") appear only as lemmas, never as keys.
        db.execute("CREATE TABLE word (word TEXT PRIMARY KEY) WITHOUT ROWID")
        db.execute("INSERT OR IGNORE INTO word SELECT form FROM lemma UNION SELECT lemma FROM lemma ORDER BY 1")
        db.execute("CREATE TABLE reading (form TEXT, pos TEXT, lemma TEXT, PRIMARY KEY (form, pos)) WITHOUT ROWID")
        for source, pos in zip(sources[1:], POS_TABLES.values(), strict=True):
            _insert_json(db, f"INSERT OR IGNORE INTO reading SELECT key, '{pos}', value FROM json_each(?) ORDER BY key",
                         f"INSERT OR IGNORE INTO reading VALUES (?, '{pos}', ?)", source)
        garbled = db.execute("SELECT form, pos, lemma FROM reading WHERE form LIKE '%Ã%' OR lemma LIKE '%Ã%'")\
            .fetchall()
        db.executemany("DELETE FROM reading WHERE form = ? AND pos = ?", [(form, pos) for form, pos, _ in garbled])
        db.executemany("INSERT OR IGNORE INTO reading VALUES (?, ?, ?)",
                       [(_repair(form), pos, _repair(lemma)) for form, pos, lemma in garbled])
        db.execute("CREATE INDEX reading_lemma ON reading (lemma, pos)")
        db.commit()

    def _build(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}-{threading.get_ident()}.tmp")
        try:
            db = sqlite3.connect(temporary)
            try:
                db.execute("PRAGMA journal_mode = OFF")  # a half-built file is never renamed into place
                db.execute("PRAGMA synchronous = OFF")
                self._fill(db)
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
        for left in path.parent.glob("it_l*.tmp"):  # builds a killed process left half-written
            with contextlib.suppress(OSError):
                if time.time() - left.stat().st_mtime > STALE_BUILD_SECONDS:
                    left.unlink()

    def forget_connection(self) -> None:
        self._db = None

    def _query(self, sql: str, *values: str) -> list[tuple]:
        if self._db is None:
            self._open()
        return self._db.execute(sql, values).fetchall()

    @lru_cache(maxsize=200_000)  # noqa: B019 - one lexicon per process
    def get(self, form: str) -> str | None:
        """The general table's lemma of ``form``."""
        rows = self._query("SELECT lemma FROM lemma WHERE form = ?", form)
        return rows[0][0] if rows else None

    @lru_cache(maxsize=200_000)  # noqa: B019 - one lexicon per process
    def is_word(self, word: str) -> bool:
        """Is ``word`` an Italian word form or lemma of the table?"""
        return bool(self._query("SELECT 1 FROM word WHERE word = ?", word))

    @lru_cache(maxsize=200_000)  # noqa: B019 - one lexicon per process
    def readings(self, form: str) -> dict[str, str]:
        """Part of speech -> lemma, for every part-of-speech table that lists ``form``."""
        return dict(self._query("SELECT pos, lemma FROM reading WHERE form = ?", form))

    @lru_cache(maxsize=200_000)  # noqa: B019 - one lexicon per process
    def is_lemma(self, lemma: str, pos: str) -> bool:
        """Is ``lemma`` a lemma of the ``pos`` table (is "provvedere" a verb)?"""
        return bool(self._query("SELECT 1 FROM reading WHERE lemma = ? AND pos = ? LIMIT 1", lemma, pos))


LEXICON = Lexicon()
# A SQLite connection must not cross a fork: a forked worker opens its own, once the build is done.
os.register_at_fork(before=LEXICON.wait, after_in_child=LEXICON.forget_connection)
