"""Configuration: discovered, validated and merged with the command line in this one place.

Settings come from ``[tool.scusa-lint]`` in ``pyproject.toml`` or from ``.scusa-lint.toml``; the
nearest such file above each linted file applies (as Ruff does). ``--config`` names one file for
all; ``--isolated`` uses none. Command-line options then override the file's values.
"""

from __future__ import annotations

import fnmatch
import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from scusa_lint.errors import ConfigError, describe
from scusa_lint.findings import LEVELS

CONFIG_FILES = (".scusa-lint.toml", "pyproject.toml")

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
    "lint-inactive": bool,
    "collection": dict,
    "company": list,
    "vocabulary": dict,
}
# Keys of the ``collection`` table (custom template collections, format "collection").
COLLECTION_KEYS = {"items": str, "title": str, "fields": list, "html": list}
_PATH_KEYS = ("extend-rules", "words-file")


@dataclass(frozen=True)
class Settings:
    """The merged settings that apply to one file."""

    root: Path = field(default_factory=Path.cwd)  # the folder of the config file; globs are relative to it
    config_file: Path | None = None
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    fail_on: str = "warning"
    extend_rules: tuple[Path, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    apology_paths: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    words_file: Path | None = None
    model: str | None = None
    speller: str = "auto"
    languagetool_url: str | None = None
    formats: tuple[tuple[str, str], ...] = ()
    template_paths: tuple[str, ...] = ()
    max_file_size: int = 5_000_000
    lint_inactive: bool = True  # Zendesk macros with "active": false are linted too
    collection: tuple[tuple[str, str | tuple[str, ...]], ...] = ()  # the ``collection`` table, as pairs
    company: tuple[str, ...] = ()  # the writer's company names: a clause they act in is the writer's
    vocabulary: tuple[tuple[str, tuple[str, ...]], ...] = ()  # class -> members added ("!x" removes)

    def selects(self, rule_id: str, path: str) -> bool:
        """Is the rule on for this file (select, ignore, per-file-ignores)?"""
        if "ALL" not in self.select and rule_id not in self.select:
            return False
        if rule_id in self.ignore or "ALL" in self.ignore:
            return False
        for pattern, ids in self.per_file_ignores:
            if self.matches(pattern, path) and (rule_id in ids or "ALL" in ids):
                return False
        return True

    def is_apology_path(self, path: str) -> bool:
        return any(self.matches(pattern, path) for pattern in self.apology_paths)

    def is_template_path(self, path: str) -> bool:
        return any(self.matches(pattern, path) for pattern in self.template_paths)

    def format_for(self, path: str) -> str | None:
        return next((name for pattern, name in self.formats if self.matches(pattern, path)), None)

    def matches(self, pattern: str, path: str) -> bool:
        """Glob ``pattern`` (relative to the config's folder, ``**`` allowed) against ``path``."""
        try:
            relative = Path(os.path.abspath(path)).relative_to(self.root.resolve())
        except ValueError:
            relative = Path(path)
        posix = PurePosixPath(relative.as_posix())
        if fnmatch.fnmatch(posix.as_posix(), pattern) or fnmatch.fnmatch(posix.name, pattern):
            return True
        return pattern.startswith("**/") and fnmatch.fnmatch(posix.as_posix(), pattern[3:])


def read_config_file(path: Path) -> dict | None:
    """The scusa-lint table of a config file (None for a pyproject.toml without one)."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(str(path), describe(exc)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), f"invalid TOML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(str(path), f"not valid UTF-8 at byte {exc.start}") from None
    if path.name == "pyproject.toml":
        return data.get("tool", {}).get("scusa-lint")
    return data.get("tool", {}).get("scusa-lint", data) if "tool" in data else data


def settings_from_table(table: dict, path: Path | None, base: Settings | None = None) -> Settings:
    """Validate a config table and turn it into Settings (on top of ``base``)."""
    where = str(path) if path else "configuration"
    values: dict = {}
    root = path.parent if path else Path.cwd()
    for key, value in table.items():
        if key not in KEYS:
            raise ConfigError(where, f"unknown key {key!r} (known: {', '.join(KEYS)})")
        expected = KEYS[key]
        if not isinstance(value, expected) or isinstance(value, bool) and expected is int:
            raise ConfigError(where, f"key {key!r} must be a {_type_name(expected)}")
        values[key] = value
    return _apply(base or Settings(), values, root, where, path)


def _apply(base: Settings, values: dict, root: Path, where: str, path: Path | None) -> Settings:
    changes: dict = {"root": root, "config_file": path} if path else {}
    for key, value in values.items():
        attr = key.replace("-", "_")
        if isinstance(value, list):
            if not all(isinstance(item, str) for item in value):
                raise ConfigError(where, f"key {key!r} must be a list of strings")
            value = tuple(value)
        if key in ("select", "ignore"):
            value = tuple(split_ids(value))
        elif key == "fail-on" and value not in LEVELS:
            raise ConfigError(where, f"key 'fail-on' must be one of {', '.join(LEVELS)}, not {value!r}")
        elif key == "speller" and value not in ("auto", "embedded", "languagetool"):
            raise ConfigError(where, f"key 'speller' must be auto, embedded or languagetool, not {value!r}")
        elif key in _PATH_KEYS:
            paths = tuple((root / p).resolve() for p in (value if isinstance(value, tuple) else (value,)))
            value = paths if isinstance(value, tuple) else paths[0]
            if key == "words-file" and not value.is_file():  # checked now, whatever rules run
                cause = "is not a file" if value.exists() else "does not exist"
                raise ConfigError(where, f"key 'words-file': {value} {cause}")
        elif key == "per-file-ignores":
            value = tuple((glob, tuple(split_ids(_string_list(ids, where, key)))) for glob, ids in value.items())
        elif key == "collection":
            value = _collection(value, where)
        elif key == "vocabulary":
            value = tuple((name, tuple(_words(words, where))) for name, words in value.items())
        elif key == "formats":
            value = tuple((glob, _string(name, where, key)) for glob, name in value.items())
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
    return {list: "list", dict: "table", str: "string", int: "whole number", bool: "boolean"}.get(
        expected, str(expected))


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
