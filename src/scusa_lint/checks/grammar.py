"""``grammar``: LanguageTool's grammar, style and typography matches.

Only a LanguageTool backend finds these (see ``scusa_lint.spelling.service``); with the embedded
speller the rule is silent. LanguageTool's spelling matches go to the ``spelling`` rule instead.
Each finding carries LanguageTool's rule id and category in ``extra``.
"""

from __future__ import annotations

from scusa_lint.checks.spelling import SpellerBackedCheck
from scusa_lint.findings import Hit


class GrammarCheck(SpellerBackedCheck):
    def run(self, doc, parsed, ctx):
        for match in self.service(ctx).grammar(doc):
            matched = doc.text[match.start:match.end]
            yield Hit(match.start, match.end,
                      self.message(matched, detail=match.message.rstrip("."), rule=match.rule_id),
                      suggestions=match.replacements[:3],
                      extra={"languagetool_rule": match.rule_id, "languagetool_category": match.category})
