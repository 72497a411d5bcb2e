"""The results cache: a file's findings, kept from one run to the next while nothing they depend on
changes (as Ruff does).

A file's entry is keyed by its path and bytes and by its settings; the cache file holding the
entries is named by everything else the findings depend on: the scusa-lint version and code, the
rule files, the spaCy pipeline and the speller's environment. Changing any of them starts a new
cache file, so a stale finding is never shown. The cache lives in the user cache folder
(``cache_dir() / "results"``); ``--no-cache`` neither reads nor writes it.

Concurrent runs each write the whole file atomically (the last one wins, losing at worst the
entries of the other); a damaged file fails its checksum and is rebuilt; a cache that cannot be
read or written only makes the run slower.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import time
from pathlib import Path

from scusa_lint.cache import code_stamp, tree_digest
from scusa_lint.errors import InputError
from scusa_lint.findings import Finding, Fix
from scusa_lint.limits import read_regular

_FORMAT = 1
_STALE_SECONDS = 7 * 24 * 3600  # cache files of other versions or rule sets unused for a week go


class FileResult:
    """What checking one file gave: the kept findings, its source when they quote it, notices for the
    person running the check, and whether its format can be rewritten by ``--fix``."""

    __slots__ = ("path", "findings", "source", "notices", "fixable")

    def __init__(self, path: str, findings: list[Finding], source: str | None, notices: list[str],
                 fixable: bool) -> None:
        self.path, self.findings, self.source, self.notices, self.fixable = path, findings, source, notices, fixable


def _stored(result: FileResult) -> tuple:
    findings = [(f.path, f.line, f.column, f.end_line, f.end_column, f.rule, f.level, f.message, f.suggestions,
                 f.source, f.document, f.offset, f.end_offset,
                 None if f.fix is None else (f.fix.start, f.fix.end, f.fix.replacement), f.extra)
                for f in result.findings]
    return findings, result.source, result.notices, result.fixable


def _restored(path: str, entry: tuple) -> FileResult:
    findings, source, notices, fixable = entry
    restored = []
    for *fields, fix, extra in findings:
        restored.append(Finding(*fields, fix=None if fix is None else Fix(*fix), extra=extra))
    if any(f.path != path for f in restored) or not isinstance(source, str | None):
        raise ValueError("entry of another file")
    return FileResult(path, restored, source, list(notices), bool(fixable))


def run_fingerprint(linter, rule_folders: list[Path]) -> str:
    """What every finding of a run depends on besides the file and its settings."""
    import spacy

    from scusa_lint import __version__

    digest = hashlib.sha256(f"{_FORMAT}\0{__version__}\0{spacy.__version__}".encode())
    digest.update(code_stamp().encode())
    for folder in rule_folders:
        digest.update(str(folder).encode())
        tree_digest(digest, folder, contents=True)
    meta = linter.nlp.meta
    digest.update(f"{meta.get('name')}\0{meta.get('version')}\0{linter.nlp.pipe_names}".encode())
    for variable in ("LANGUAGETOOL_URL", "LTP_PATH"):
        digest.update(f"\0{os.environ.get(variable, '')}".encode())
    return digest.hexdigest()[:32]


def settings_digest(settings) -> bytes:
    digest = hashlib.sha256(repr(settings).encode())
    if settings.words_file is not None:
        try:
            digest.update(Path(settings.words_file).read_bytes())
        except OSError:
            digest.update(b"\0unreadable")
    return digest.digest()


class ResultsCache:
    """Entries of one run's cache file: read at the start, written back once at the end."""

    def __init__(self, folder: Path, fingerprint: str) -> None:
        self.folder = folder
        self.file = folder / f"{fingerprint}.cache"
        self.entries: dict[bytes, tuple] = _read(self.file)
        self.fresh: dict[bytes, tuple] = {}
        self._settings: dict[int, bytes] = {}
        self._keys: dict[str, bytes] = {}

    def key(self, path: str, settings) -> bytes | None:
        """The entry key of a file as it is now (None when it cannot be read: the run reports it).
        Read as the readers read it: a FIFO or a device met in a walk is refused, never waited on."""
        try:
            content = read_regular(path, settings.max_file_size)
        except InputError:
            return None
        ident = id(settings)
        if ident not in self._settings:
            self._settings[ident] = settings_digest(settings)
        digest = hashlib.sha256(self._settings[ident])
        digest.update(os.fsencode(path) + b"\0")
        digest.update(content)
        self._keys[path] = key = digest.digest()
        return key

    def get(self, path: str, settings) -> FileResult | None:
        key = self.key(path, settings)
        entry = self.entries.get(key) if key is not None else None
        if entry is None:
            return None
        try:
            result = _restored(path, entry)
        except (TypeError, ValueError):  # an entry of another shape: check the file again
            return None
        self.fresh[key] = entry
        return result

    def put(self, result: FileResult) -> None:
        key = self._keys.get(result.path)
        if key is not None:
            self.fresh[key] = _stored(result)

    def save(self) -> None:
        """Write this run's entries with those another run wrote meanwhile; drop stale cache files."""
        if not self.fresh or all(self.entries.get(key) == entry for key, entry in self.fresh.items()):
            return
        entries = {**_read(self.file), **self.fresh}
        try:
            payload = marshal.dumps(entries)
        except ValueError:  # a finding carries a value marshal cannot store: no cache this time
            return
        from scusa_lint.atomic import write_atomic

        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomic(str(self.file), hashlib.sha256(payload).digest() + payload)
            for other in self.folder.glob("*.cache"):
                if other != self.file and time.time() - other.stat().st_mtime > _STALE_SECONDS:
                    other.unlink()
        except OSError:
            pass


def _read(file: Path) -> dict:
    """A cache file's entries; a missing, unreadable or damaged file is an empty cache."""
    try:
        data = file.read_bytes()
    except OSError:
        return {}
    checksum, payload = data[:32], data[32:]
    if hashlib.sha256(payload).digest() != checksum:
        return {}
    try:
        entries = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return {}
    return entries if isinstance(entries, dict) else {}


def open_cache(linter, settings: list) -> ResultsCache:
    from scusa_lint.cache import cache_dir
    from scusa_lint.engine.rules import builtin_rules_dir

    folders = list(dict.fromkeys([builtin_rules_dir().resolve(),
                                  *(Path(f).resolve() for s in settings for f in s.extend_rules)]))
    return ResultsCache(cache_dir() / "results", run_fingerprint(linter, folders))
