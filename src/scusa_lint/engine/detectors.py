"""Detectors: shared, tested decisions about a whole text (e.g. "does it answer a problem?")."""

from __future__ import annotations

from pathlib import Path

from scusa_lint.engine.patterns import MatchIndex, PatternCompiler, surviving
from scusa_lint.engine.rules import parse_examples, read_yaml
from scusa_lint.errors import RuleError

DETECTOR_KEYS = {"id", "kind", "description", "patterns", "unless", "also", "examples"}


class Detector:
    def __init__(self, path: Path, compiler: PatternCompiler) -> None:
        data = read_yaml(path)
        where = f"{path}: detector {data.get('id')!r}"
        unknown = set(data) - DETECTOR_KEYS
        if unknown:
            raise RuleError(where, f"unknown key {sorted(unknown)[0]!r}")
        if data.get("kind") != "detector" or not isinstance(data.get("id"), str):
            raise RuleError(where, "a detector needs an 'id' and 'kind: detector'")
        self.id = data["id"]
        self.path = path
        self.description = str(data.get("description", ""))
        self.examples = parse_examples(data.get("examples") or {}, where)
        self.patterns = compiler.compile(data.get("patterns"), f"{where}: key 'patterns'")
        self.unless = compiler.compile(data.get("unless"), f"{where}: key 'unless'")
        if not self.patterns:
            raise RuleError(where, "missing key 'patterns'")
        self.also_ids = data.get("also") or []
        if not isinstance(self.also_ids, list) or not all(isinstance(i, str) for i in self.also_ids):
            raise RuleError(where, "key 'also': must be a list of rule ids")
        self.also: list = []  # the checks of those rules, set by the linter once every rule is compiled
        self.where = where

    def connect(self, checks: dict) -> None:
        """Take the checks of the rules named by ``also`` (their findings count as evidence)."""
        missing = [i for i in self.also_ids if i not in checks]
        if missing:
            raise RuleError(self.where, f"key 'also': unknown rule id {missing[0]!r}")
        unusable = [i for i in self.also_ids if not hasattr(checks[i], "fires")]
        if unusable:  # a required-content rule depends on the detector: it cannot be its evidence
            raise RuleError(self.where, f"key 'also': rule {unusable[0]!r} cannot serve as evidence "
                                        "(only forbid rules can)")
        self.also = [checks[i] for i in self.also_ids]

    def detect(self, matches: MatchIndex) -> bool:
        if surviving(self.patterns.spans(matches), self.unless.spans(matches)):
            return True
        return any(check.fires(matches) for check in self.also)


def load_detectors(folder: Path, compiler: PatternCompiler) -> dict[str, Detector]:
    detectors_dir = folder / "detectors"
    if not detectors_dir.is_dir():
        return {}
    found = {}
    for path in sorted(detectors_dir.glob("*.y*ml")):
        detector = Detector(path, compiler)
        found[detector.id] = detector
    return found
