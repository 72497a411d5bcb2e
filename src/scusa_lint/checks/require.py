"""``require``: one finding per text that lacks every match of the rule's patterns.

Only texts that a detector accepts are held to it: by default the shared ``problem`` detector
(or the configuration's ``apology-paths``), or the detector named by ``applies-to``, unless the rule
says ``applies-to: always``.
"""

from __future__ import annotations

from scusa_lint.checks.base import Check
from scusa_lint.engine.patterns import surviving
from scusa_lint.findings import Hit


class RequireCheck(Check):
    keys = {"patterns": list, "unless": list, "applies-to": str}
    required = ("patterns",)

    def __init__(self, rule, env) -> None:
        super().__init__(rule, env)
        self.patterns = self.compile(env, "patterns")
        self.unless = self.compile(env, "unless")
        self.applies_to = rule.options.get("applies-to", "problem")

    def detectors_needed(self) -> tuple[str, ...]:
        return () if self.applies_to == "always" else (self.applies_to,)

    def run(self, doc, parsed, ctx):
        if not doc.text.strip():
            return
        if self.applies_to != "always" and not ctx.detected(self.applies_to):
            return
        if surviving(self.patterns.spans(ctx.matches), self.unless.spans(ctx.matches)):
            return
        start, end = first_line(doc.text)
        yield Hit(start, end, self.message())


def first_line(text: str) -> tuple[int, int]:
    """The span of the first non-blank line: where a finding about the whole text points."""
    start = len(text) - len(text.lstrip())
    end = text.find("\n", start)
    return start, end if end != -1 else len(text.rstrip())
