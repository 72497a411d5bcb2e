"""The report of a run: what the checks found, handed to fixes and renderers."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from scusa_lint.findings import LEVELS, Finding


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

    def counts(self) -> dict[str, int]:
        counted = Counter(f.level for f in self.findings)
        return {level: counted.get(level, 0) for level in reversed(LEVELS)}
