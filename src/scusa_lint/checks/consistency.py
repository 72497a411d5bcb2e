"""``consistency``: groups of expressions that must not meet in one text (e.g. Lei and tu).

The group used most sets the text's choice; each match of another group is a finding.
"""

from __future__ import annotations

from scusa_lint.checks.base import Check
from scusa_lint.engine.patterns import longest_first, surviving
from scusa_lint.errors import RuleError
from scusa_lint.findings import Hit


class ConsistencyCheck(Check):
    keys = {"groups": dict, "unless": list}
    required = ("groups",)

    def __init__(self, rule, env) -> None:
        super().__init__(rule, env)
        groups = rule.options["groups"]
        if len(groups) < 2:
            raise RuleError(self.where, "key 'groups': at least two groups are needed")
        self.groups = {name: self.compile(env, f"groups.{name}", entries or []) for name, entries in groups.items()}
        self.unless = self.compile(env, "unless")

    def run(self, doc, parsed, ctx):
        exceptions = self.unless.spans(ctx.matches)
        found = {name: longest_first(surviving(group.spans(ctx.matches), exceptions))
                 for name, group in self.groups.items()}
        used = [name for name, spans in found.items() if spans]
        if len(used) < 2:
            return
        # Most matches wins; on a tie, the group that appears first.
        main = max(used, key=lambda name: (len(found[name]), -found[name][0].start))
        for name in used:
            if name == main:
                continue
            for span in found[name]:
                yield Hit(span.start, span.end,
                          self.message(doc.text[span.start:span.end], group=name, main=main))
