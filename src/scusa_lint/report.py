"""The report of a run: what the checks found, handed to fixes and renderers."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from scusa_lint.errors import InputError
from scusa_lint.findings import LEVELS, Finding, level_rank


@dataclass
class Report:
    """What a run found, for the renderers."""

    findings: list[Finding]
    files: int
    sources: dict[str, str] = field(default_factory=dict)  # path -> decoded text, for excerpts and fixes
    rules: list = field(default_factory=list)  # the Rule objects of the run (SARIF, help texts)
    show_summary: bool = True
    paths: list[str] = field(default_factory=list)  # every file checked, in order (JUnit: one testcase each)
    errors: list = field(default_factory=list)  # UserErrors of files that could not be checked
    unfixable: set[str] = field(default_factory=set)  # paths whose format cannot be rewritten (.eml, exports)
    fail_on: dict[str, str] = field(default_factory=dict)  # path -> the lowest level that fails it
    selected: dict[str, tuple[str, ...]] = field(default_factory=dict)  # path -> ids of the rules run on it
    stdin_path: str | None = None  # the path standard input is reported under ("-" or --stdin-filename)
    streamed: Counter | None = None  # findings by level, when they went to the renderer file by file
    streamed_failing: bool = False  # whether one of them is at or above its file's fail-on

    def tally(self, findings: list[Finding]) -> None:
        """Count findings rendered as their file finished, without keeping them."""
        if self.streamed is None:
            self.streamed = Counter()
        self.streamed.update(f.level for f in findings)
        self.streamed_failing = self.streamed_failing or any(self.fails(f) for f in findings)

    @property
    def total(self) -> int:
        """How many findings the run reports."""
        return len(self.findings) + sum((self.streamed or {}).values())

    @property
    def failing(self) -> bool:
        return self.streamed_failing or any(self.fails(f) for f in self.findings)

    def fails(self, finding: Finding) -> bool:
        """Is the finding at or above its file's ``fail-on`` level?"""
        return level_rank(finding.level) >= level_rank(self.fail_on.get(finding.path, "warning"))

    def errors_by_path(self) -> dict[str | None, list]:
        """The errors by the file they concern (an error may name a line: ``a.json:3:5``; a named
        file that does not exist counts); None collects the others (a rule that could not run)."""
        paths = set(self.paths)
        found: dict[str | None, list] = {}
        for error in self.errors:
            where = getattr(error, "where", str(error))
            prefixes = [where, *(where.rsplit(":", n)[0] for n in (1, 2) if where.count(":") >= n)]
            path = next((p for p in prefixes if p in paths), where if isinstance(error, InputError) else None)
            found.setdefault(path, []).append(error)
        return found

    def counts(self) -> dict[str, int]:
        counted = Counter(f.level for f in self.findings) + (self.streamed or Counter())
        return {level: counted.get(level, 0) for level in reversed(LEVELS)}
