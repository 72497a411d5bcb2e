"""``placeholder``: template gaps left in a text meant to be sent, and broken placeholder syntax.

Placeholders found by the readers are reported in drafts (a template may keep them); a broken
one (``{{nome}``) is reported everywhere. The rule's patterns add gaps written as plain text
("[Nome]", "XXX").
"""

from __future__ import annotations

from scusa_lint.checks.forbid import ForbidCheck
from scusa_lint.findings import Hit


class PlaceholderCheck(ForbidCheck):
    keys = {"patterns": list, "unless": list, "broken-message": str}

    def run(self, doc, parsed, ctx):
        hits = []
        broken_message = self.rule.options.get("broken-message", self.rule.message)
        for placeholder in doc.placeholders:
            if placeholder.broken:
                hits.append(Hit(placeholder.start, placeholder.end, broken_message.replace("{match}", placeholder.raw)))
            elif not doc.template:
                hits.append(Hit(placeholder.start, placeholder.end, self.message(placeholder.raw)))
        if not doc.template:
            hits.extend(super().run(doc, parsed, ctx))
        return sorted(hits, key=lambda h: h.start)
