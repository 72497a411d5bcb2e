"""``forbid``: a finding at each match of the rule's patterns that no exception cancels."""

from __future__ import annotations

from scusa_lint.checks.base import Check
from scusa_lint.engine.patterns import longest_first, surviving
from scusa_lint.findings import Hit


class ForbidCheck(Check):
    keys = {"patterns": list, "unless": list, "fix": str}
    required = ("patterns",)

    def __init__(self, rule, env) -> None:
        super().__init__(rule, env)
        self.patterns = self.compile(env, "patterns")
        self.unless = self.compile(env, "unless")
        self.fix = rule.options.get("fix")

    def spans(self, matches):
        return surviving(self.patterns.spans(matches), self.unless.spans(matches))

    def fires(self, matches) -> bool:
        """Would the rule report anything on this document?"""
        return bool(self.spans(matches))

    def run(self, doc, parsed, ctx):
        spans = self.spans(ctx.matches)
        for span in longest_first(spans):
            matched = doc.text[span.start:span.end]
            replacement = same_case(matched, self.fix) if self.fix is not None else None
            yield Hit(span.start, span.end, self.message(matched),
                      suggestions=(replacement,) if replacement is not None else (), replacement=replacement)


def same_case(matched: str, replacement: str) -> str:
    if matched[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement
