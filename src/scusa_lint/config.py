"""Configuration: discovered, validated and merged with the command line in this one place.

Settings come from ``[tool.scusa-lint]`` in ``pyproject.toml`` or from ``.scusa-lint.toml``; the
nearest such file above each linted file applies (as Ruff does). ``--config`` names one file for
all; ``--isolated`` uses none. Command-line options then override the file's values.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path, PurePath

import pathspec

from scusa_lint.errors import ConfigError, describe
from scusa_lint.findings import LEVELS, level_rank
from scusa_lint.limits import MEMORY_LIMIT_MIB, TIME_LIMIT, read_regular

CONFIG_FILES = (".scusa-lint.toml", "pyproject.toml")
CONFIG_MAX_BYTES = 1_000_000

# Every key a configuration may hold: its type, and the Settings attribute it sets.
KEYS: dict[str, type | tuple[type, ...]] = {
    "select": list,
    "ignore": list,
    "fail-on": str,
    "extend-rules": list,
    "per-file-ignores": dict,
    "apology-paths": list,
    "words": list,
    "words-file": str,
    "model": str,
    "speller": str,
    "languagetool-url": str,
    "formats": dict,
    "template-paths": list,
    "max-file-size": int,
    "time-limit": (int, float),
    "memory-limit": int,
    "lint-inactive": bool,
    "collection": dict,
    "company": list,
    "vocabulary": dict,
    "min-level": str,
    "exclude": list,
    "extend-exclude": list,
    "respect-gitignore": bool,
    "extend": str,
}
# Keys of the ``collection`` table (custom template collections, format "collection").
COLLECTION_KEYS = {"items": str, "title": str, "fields": list, "html": list}
_PATH_KEYS = ("extend-rules", "words-file")
# Keys whose patterns are globs relative to the folder of the file that sets them.
_GLOB_KEYS = ("apology-paths", "template-paths", "exclude", "extend-exclude")
# With ``extend``, these add to the extended file's values (the rest replace them).
ADDITIVE_KEYS = ("ignore", "words", "extend-rules", "extend-exclude", "per-file-ignores", "apology-paths",
                 "template-paths", "formats", "company", "vocabulary")
# What a folder walk passes over unless ``exclude`` says otherwise: hidden files and folders (.git
# included) and folders of installed packages.
DEFAULT_EXCLUDE = (".*", "node_modules/", "__pycache__/", "venv/")

# A gitignore-style pattern and the folder it is relative to (None: the settings' ``root``).
Glob = tuple[Path | None, str]


@lru_cache(maxsize=512)
def _spec(patterns: tuple[str, ...]) -> pathspec.GitIgnoreSpec:
    return pathspec.GitIgnoreSpec.from_lines(patterns)


def relative_posix(path: str, base: Path) -> str | None:
    """``path`` relative to ``base`` with ``/`` ("" for ``base`` itself, None outside it)."""
    absolute = os.path.abspath(path)
    for candidate, folder in ((absolute, os.path.abspath(base)),
                              (os.path.realpath(absolute), os.path.realpath(base))):
        try:
            relative = os.path.relpath(candidate, folder)
        except ValueError:  # another drive (Windows)
            continue
        if relative == ".":
            return ""
        if not relative.startswith(".."):
            return PurePath(relative).as_posix()
    return None


@dataclass(frozen=True)
class Settings:
    """The merged settings that apply to one file."""

    root: Path = field(default_factory=Path.cwd)  # the folder of the config file; globs are relative to it
    config_file: Path | None = None
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    fail_on: str = "warning"
    extend_rules: tuple[Path, ...] = ()
    per_file_ignores: tuple[tuple[Glob, tuple[str, ...]], ...] = ()  # (glob, rule ids)
    apology_paths: tuple[Glob, ...] = ()
    words: tuple[str, ...] = ()
    words_file: Path | None = None
    model: str | None = None
    speller: str = "auto"
    languagetool_url: str | None = None
    formats: tuple[tuple[Glob, str], ...] = ()  # (glob, format name)
    template_paths: tuple[Glob, ...] = ()
    max_file_size: int = 5_000_000
    time_limit: float = TIME_LIMIT  # seconds one file may take to check
    memory_limit: int = MEMORY_LIMIT_MIB  # MiB the process may grow while one file is checked
    lint_inactive: bool = True  # Zendesk macros with "active": false are linted too
    collection: tuple[tuple[str, str | tuple[str, ...]], ...] = ()  # the ``collection`` table, as pairs
    company: tuple[str, ...] = ()  # the writer's company names: a clause they act in is the writer's
    vocabulary: tuple[tuple[str, tuple[str, ...]], ...] = ()  # class -> members added ("!x" removes)
    min_level: str = "info"  # findings below it are not reported (nor fail the run)
    exclude: tuple[Glob, ...] = tuple((None, pattern) for pattern in DEFAULT_EXCLUDE)
    extend_exclude: tuple[Glob, ...] = ()
    respect_gitignore: bool = True
    extends: tuple[Path, ...] = ()  # the files this one extends, nearest first

    def selects(self, rule_id: str, path: str) -> bool:
        """Is the rule on for this file (select, ignore, per-file-ignores)?"""
        if "ALL" not in self.select and rule_id not in self.select:
            return False
        if rule_id in self.ignore or "ALL" in self.ignore:
            return False
        for glob, ids in self.per_file_ignores:
            if self.matches(glob, path) and (rule_id in ids or "ALL" in ids):
                return False
        return True

    def shows(self, level: str) -> bool:
        """Is a finding of this level reported (``min-level``)?"""
        return level_rank(level) >= level_rank(self.min_level)

    def is_apology_path(self, path: str) -> bool:
        return any(self.matches(glob, path) for glob in self.apology_paths)

    def is_template_path(self, path: str) -> bool:
        return any(self.matches(glob, path) for glob in self.template_paths)

    def format_for(self, path: str) -> str | None:
        return next((name for glob, name in self.formats if self.matches(glob, path)), None)

    def is_excluded(self, path: str, *, is_dir: bool = False) -> bool:
        """Do ``exclude`` and ``extend-exclude`` leave this file or folder out of folder walks?

        Patterns follow .gitignore syntax; those of one file are read together, so ``!`` works.
        """
        globs = self.exclude + self.extend_exclude
        for base in dict.fromkeys(base for base, _ in globs):
            patterns = tuple(pattern for b, pattern in globs if b == base)
            relative = relative_posix(path, base or self.root)
            if relative is None:  # outside the folder: the entry's own name ("*.bak", ".*")
                relative = PurePath(path).name
            if relative and _spec(patterns).match_file(relative + ("/" if is_dir else "")):
                return True
        return False

    def matches(self, glob: Glob, path: str) -> bool:
        """A gitignore-style glob (relative to the folder of the file that set it) against ``path``."""
        base, pattern = glob
        relative = relative_posix(path, base or self.root)
        return _spec((pattern,)).match_file(PurePath(path).name if relative is None else relative)

    def describe(self) -> list[str]:
        """``--show-settings``: one ``key = value`` line per setting, in TOML syntax."""
        lines = [f"# configuration: {self.config_file or '(none: defaults)'}"]
        lines += [f"# extends: {path}" for path in self.extends]
        values = {
            "select": list(self.select), "ignore": list(self.ignore), "fail-on": self.fail_on,
            "min-level": self.min_level, "extend-rules": [str(p) for p in self.extend_rules],
            "per-file-ignores": {_shown(glob, self.root): list(ids) for glob, ids in self.per_file_ignores},
            "apology-paths": [_shown(glob, self.root) for glob in self.apology_paths],
            "template-paths": [_shown(glob, self.root) for glob in self.template_paths],
            "exclude": [_shown(glob, self.root) for glob in self.exclude],
            "extend-exclude": [_shown(glob, self.root) for glob in self.extend_exclude],
            "respect-gitignore": self.respect_gitignore, "words": list(self.words),
            "words-file": str(self.words_file) if self.words_file else None, "model": self.model,
            "speller": self.speller, "languagetool-url": self.languagetool_url,
            "formats": {_shown(glob, self.root): name for glob, name in self.formats},
            "max-file-size": self.max_file_size, "time-limit": self.time_limit,
            "memory-limit": self.memory_limit, "lint-inactive": self.lint_inactive,
            "collection": {name: list(value) if isinstance(value, tuple) else value for name, value in self.collection},
        }
        return lines + [f"{key} = {_toml(value)}" for key, value in values.items() if value is not None]


def _shown(glob: Glob, root: Path) -> str:
    """A glob as --show-settings prints it: relative to the folder it came from when that is not ``root``."""
    base, pattern = glob
    if base is None or base == root:
        return pattern
    return f"{base.as_posix()}/{pattern.lstrip('/')}"


def _toml(value) -> str:
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k, ensure_ascii=False)} = {_toml(v)}" for k, v in value.items()) + "}"
    return json.dumps(value, ensure_ascii=False)


def read_config_file(path: Path) -> dict | None:
    """The scusa-lint table of a config file (None for a pyproject.toml without one)."""
    data = read_regular(str(path), CONFIG_MAX_BYTES, ConfigError)
    try:
        data = tomllib.loads(data.decode("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), f"invalid TOML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(str(path), f"not valid UTF-8 at byte {exc.start}") from None
    tool = data.get("tool")
    if tool is not None and not isinstance(tool, dict):
        raise ConfigError(str(path), "key 'tool' must be a table")
    if path.name == "pyproject.toml":
        table = (tool or {}).get("scusa-lint")
    else:
        table = tool.get("scusa-lint", data) if tool is not None else data
    if table is not None and not isinstance(table, dict):
        raise ConfigError(str(path), "key 'tool.scusa-lint' must be a table ([tool.scusa-lint]), not "
                                     f"{_type_name(type(table))}")
    return table


def settings_from_table(table: dict, path: Path | None, base: Settings | None = None,
                        _chain: tuple[Path, ...] = ()) -> Settings:
    """Validate a config table and turn it into Settings (on top of ``base``, or of the file that
    its ``extend`` key names)."""
    where = str(path) if path else "configuration"
    values: dict = {}
    for key, value in table.items():
        if key not in KEYS:
            raise ConfigError(where, f"unknown key {key!r} (known: {', '.join(KEYS)})")
        expected = KEYS[key]
        if not isinstance(value, expected) or isinstance(value, bool) and expected in (int, (int, float)):
            raise ConfigError(where, f"key {key!r} must be a {_type_name(expected)}")
        if key in ("max-file-size", "time-limit", "memory-limit") and value <= 0:
            raise ConfigError(where, f"key {key!r} must be above 0")
        values[key] = value
    extended = values.pop("extend", None)
    if extended is not None:
        base = _extended(extended, path, where, _chain)
    return _apply(base or Settings(), values, path, where, additive=extended is not None)


def _extended(name: str, path: Path | None, where: str, chain: tuple[Path, ...]) -> Settings:
    """The settings of the file an ``extend`` key names (relative to the extending file)."""
    target = ((path.parent if path else Path.cwd()) / name).resolve()
    if path is not None and (target == path.resolve() or target in chain):
        raise ConfigError(where, f"key 'extend': {target} extends itself (a loop of 'extend' keys)")
    if not target.is_file():
        raise ConfigError(where, f"key 'extend': {target} {'is not a file' if target.exists() else 'does not exist'}")
    table = read_config_file(target)
    if table is None:
        raise ConfigError(where, f"key 'extend': {target} has no [tool.scusa-lint] table")
    parent = settings_from_table(table, target, _chain=(*chain, *((path.resolve(),) if path else ())))
    return replace(parent, extends=(target, *parent.extends))


def _apply(base: Settings, values: dict, path: Path | None, where: str, *, additive: bool) -> Settings:
    """``base`` with a file's validated values; with ``additive`` (an ``extend``), the
    ``ADDITIVE_KEYS`` add to ``base``'s values instead of replacing them."""
    root = path.parent if path else None  # globs of a path-less table follow the settings' root
    changes: dict = {"root": root, "config_file": path} if path else {}
    for key, value in values.items():
        attr = key.replace("-", "_")
        if isinstance(value, list):
            if not all(isinstance(item, str) for item in value):
                raise ConfigError(where, f"key {key!r} must be a list of strings")
            value = tuple(value)
        if key in ("select", "ignore"):
            value = tuple(split_ids(value))
            if key == "select" and not value:
                raise ConfigError(where, "key 'select' names no rule: it would turn every rule off "
                                         "(to check nothing, do not run scusa-lint; for every rule: [\"ALL\"])")
        elif key in ("fail-on", "min-level") and value not in LEVELS:
            raise ConfigError(where, f"key {key!r} must be one of {', '.join(LEVELS)}, not {value!r}")
        elif key == "speller" and value not in ("auto", "embedded", "languagetool"):
            raise ConfigError(where, f"key 'speller' must be auto, embedded or languagetool, not {value!r}")
        elif key in _PATH_KEYS:
            folder = root or Path.cwd()
            try:
                paths = tuple((folder / p).resolve() for p in (value if isinstance(value, tuple) else (value,)))
            except (RuntimeError, OSError) as exc:  # a loop of symbolic links
                raise ConfigError(where, f"key {key!r}: {describe(exc)}") from None
            value = paths if isinstance(value, tuple) else paths[0]
            if key == "words-file" and not value.is_file():  # checked now, whatever rules run
                cause = "is not a file" if value.exists() else "does not exist"
                raise ConfigError(where, f"key 'words-file': {value} {cause}")
        elif key in _GLOB_KEYS:
            value = tuple((root, pattern) for pattern in value)
        elif key == "per-file-ignores":
            value = tuple(((root, glob), tuple(split_ids(_string_list(ids, where, key))))
                          for glob, ids in value.items())
        elif key == "collection":
            value = _collection(value, where)
        elif key == "vocabulary":
            value = tuple((name, tuple(_words(words, where))) for name, words in value.items())
        elif key == "formats":
            value = tuple(((root, glob), _string(name, where, key)) for glob, name in value.items())
        if additive and key in ADDITIVE_KEYS:
            # the extending file's entries come first: for ``formats``, its globs win
            value = value + getattr(base, attr) if key == "formats" else getattr(base, attr) + value
        changes[attr] = value
    return replace(base, **changes)


def split_ids(values) -> list[str]:
    """Rule ids from repeated and comma-separated values."""
    if isinstance(values, str):
        values = [values]
    parts = [part.strip() for value in values for part in value.split(",") if part.strip()]
    return ["ALL" if part.lower() == "all" else part for part in parts]


def _string_list(value, where: str, key: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    raise ConfigError(where, f"key {key!r}: values must be rule ids")


def _words(value, where: str) -> list[str]:
    if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
        return value
    raise ConfigError(where, "key 'vocabulary': each class takes a list of words or phrases")


def _string(value, where: str, key: str) -> str:
    if not isinstance(value, str):
        raise ConfigError(where, f"key {key!r}: values must be strings")
    return value


def _collection(table: dict, where: str) -> tuple:
    for name, value in table.items():
        if name not in COLLECTION_KEYS:
            raise ConfigError(where, f"key 'collection': unknown key {name!r} (known: {', '.join(COLLECTION_KEYS)})")
        expected = COLLECTION_KEYS[name]
        if not isinstance(value, expected) or expected is list and not all(isinstance(v, str) for v in value):
            kind = "list of strings" if expected is list else "string"
            raise ConfigError(where, f"key 'collection.{name}' must be a {kind}")
    if not table.get("fields"):
        raise ConfigError(where, "key 'collection' needs 'fields' (the keys that hold the text)")
    return tuple((name, tuple(value) if isinstance(value, list) else value) for name, value in table.items())


def _type_name(expected) -> str:
    return {list: "list", dict: "table", str: "string", int: "whole number", bool: "boolean",
            float: "number", (int, float): "number"}.get(expected, getattr(expected, "__name__", str(expected)))


class ConfigResolver:
    """Finds the settings for each file: discovery, then the command line's overrides."""

    def __init__(self, *, config_file: Path | None = None, isolated: bool = False,
                 overrides: dict | None = None) -> None:
        self.overrides = {k: v for k, v in (overrides or {}).items() if v not in (None, (), [])}
        self.isolated = isolated
        self._by_dir: dict[Path, Settings] = {}
        self._fixed: Settings | None = None
        if config_file is not None:
            table = read_config_file(config_file)
            if table is None:
                raise ConfigError(str(config_file), "has no [tool.scusa-lint] table")
            self._fixed = self._finish(settings_from_table(table, config_file))
        elif isolated:
            self._fixed = self._finish(Settings())

    def for_path(self, path: str) -> Settings:
        if self._fixed is not None:
            return self._fixed
        folder = Path(os.path.abspath(path if path != "-" else "."))
        if path != "-" and not folder.is_dir():
            folder = folder.parent
        return self._for_dir(folder)

    def _for_dir(self, folder: Path) -> Settings:
        if folder in self._by_dir:
            return self._by_dir[folder]
        settings = None
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file():
                table = read_config_file(candidate)
                if table is not None:
                    settings = self._finish(settings_from_table(table, candidate))
                    break
        if settings is None:
            settings = self._for_dir(folder.parent) if folder.parent != folder else self._finish(Settings())
        self._by_dir[folder] = settings
        return settings

    def _finish(self, settings: Settings) -> Settings:
        """Apply the command line on top of a file's settings (--select replaces, --ignore adds)."""
        changes = dict(self.overrides)
        if "ignore" in changes:
            changes["ignore"] = settings.ignore + tuple(changes["ignore"])
        return replace(settings, **changes)

    def command_line_ids(self) -> tuple[str, ...]:
        return (*self.overrides.get("select", ()), *self.overrides.get("ignore", ()))
