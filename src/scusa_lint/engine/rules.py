"""Rule files: YAML loaded and validated against the rule schema, with errors naming file, rule and key."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from scusa_lint.errors import RuleError, describe
from scusa_lint.findings import LEVELS
from scusa_lint.safe_yaml import load_data

RULE_SUFFIXES = (".yml", ".yaml")
ID_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")

# Keys every rule has, with their type and whether they are required.
COMMON_KEYS: dict[str, tuple[type | tuple[type, ...], bool]] = {
    "id": (str, True),
    "kind": (str, True),
    "level": (str, True),
    "message": (str, True),
    "hint": (str, True),
    "source": (str, True),
    "description": (str, False),
    "examples": (dict, True),
    "requires": (str, False),  # a backend the rule needs to run its examples, e.g. "languagetool"
}
MIN_EXAMPLES = 4


@dataclass
class Rule:
    id: str
    kind: str
    level: str
    message: str
    hint: str
    source: str
    path: Path
    description: str = ""
    examples: dict[str, list[str]] = field(default_factory=dict)
    requires: str | None = None
    options: dict = field(default_factory=dict)  # the kind-specific keys

    @property
    def origin(self) -> Path:
        return self.path.parent


def builtin_rules_dir() -> Path:
    """The rules shipped with the package (a source checkout keeps them at the repository root)."""
    packaged = Path(__file__).resolve().parent.parent / "rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "rules"


def rule_files(folder: Path) -> list[Path]:
    """The rule files of a folder; detector files live in its ``detectors`` subfolder."""
    if not folder.is_dir():
        raise RuleError(str(folder), "rule folder not found")
    files = sorted(p for p in folder.iterdir() if p.suffix in RULE_SUFFIXES)
    for path in files:
        if not path.is_file():  # a dangling link, a folder named like a rule file: never a silent pass
            raise RuleError(str(path), "broken symbolic link" if path.is_symlink() and not path.exists()
                            else "not a regular file")
    return files


def read_yaml(path: Path) -> dict:
    try:
        data = load_data(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RuleError(str(path), describe(exc)) from None
    except UnicodeDecodeError as exc:
        raise RuleError(str(path), f"not valid UTF-8 at byte {exc.start}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        cause = getattr(exc, "problem", None) or " ".join(str(exc).split())
        raise RuleError(where, f"invalid YAML: {cause}") from None
    if not isinstance(data, dict):
        raise RuleError(str(path), "a rule file must be a YAML mapping")
    return data


def load_rule(path: Path, kinds: dict) -> Rule:
    """Read and validate one rule file; ``kinds`` maps kind names to Check classes."""
    data = read_yaml(path)
    rule_id = data.get("id")
    where = f"{path}: rule {rule_id!r}" if isinstance(rule_id, str) else str(path)
    kind = data.get("kind")
    if not isinstance(kind, str) or kind not in kinds:
        raise RuleError(where, f"key 'kind': unknown kind {kind!r} (known: {', '.join(sorted(kinds))})")
    check_class = kinds[kind]
    allowed = {**{k: t for k, (t, _) in COMMON_KEYS.items()}, **check_class.keys}
    for key in data:
        if key not in allowed:
            raise RuleError(where, f"unknown key {key!r} for kind {kind!r}")
    required = [k for k, (_, req) in COMMON_KEYS.items() if req] + list(check_class.required)
    for key in required:
        if key not in data:
            raise RuleError(where, f"missing key {key!r}")
    for key, value in data.items():
        if not isinstance(value, allowed[key]):
            raise RuleError(where, f"key {key!r} has the wrong type ({type(value).__name__})")
    if not ID_RE.match(rule_id):
        raise RuleError(where, "key 'id': ids are lower-case words joined by '-'")
    if data["level"] not in LEVELS:
        raise RuleError(where, f"key 'level': must be one of {', '.join(LEVELS)}, not {data['level']!r}")
    examples = parse_examples(data["examples"], where)
    return Rule(
        id=rule_id, kind=kind, level=data["level"], message=data["message"].strip(), hint=data["hint"].strip(),
        source=data["source"], path=path, description=data.get("description", "").strip(), examples=examples,
        requires=data.get("requires"),
        options={k: v for k, v in data.items() if k not in COMMON_KEYS},
    )


def parse_examples(examples: dict, where: str) -> dict[str, list[str]]:
    unknown = set(examples) - {"bad", "good"}
    if unknown:
        raise RuleError(where, f"key 'examples': unknown key {sorted(unknown, key=str)[0]!r}")
    result = {}
    for side in ("bad", "good"):
        items = examples.get(side)
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise RuleError(where, f"key 'examples.{side}': must be a list of texts")
        if len(items) < MIN_EXAMPLES:
            raise RuleError(where, f"key 'examples.{side}': at least {MIN_EXAMPLES} examples are needed")
        result[side] = items
    return result


def load_rules(folders: list[Path], kinds: dict) -> list[Rule]:
    """Every rule of the folders, in folder order; a duplicate id is an error."""
    rules: dict[str, Rule] = {}
    for folder in folders:
        for path in rule_files(folder.resolve()):
            rule = load_rule(path, kinds)
            if rule.id in rules:
                raise RuleError(str(path), f"rule {rule.id!r} is already defined in {rules[rule.id].path}")
            rules[rule.id] = rule
    return list(rules.values())
