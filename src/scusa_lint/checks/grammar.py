"""``grammar``: LanguageTool's grammar, style and typography matches.

Only a LanguageTool backend finds these (see ``scusa_lint.spelling.service``); with the embedded
speller the rule is silent. LanguageTool's spelling matches go to the ``spelling`` rule instead.
The message names LanguageTool's rule id and category (the name the server gave, in Italian for
an Italian text; its id when the server sent no name), since the JSON output has no field for
them; ``extra`` also carries them for the renderers that use it.
"""

from __future__ import annotations

from scusa_lint.checks.spelling import SpellerBackedCheck
from scusa_lint.findings import Hit


class GrammarCheck(SpellerBackedCheck):
    def run(self, doc, parsed, ctx):
        for match in self.service(ctx).grammar(doc):
            matched = doc.text[match.start:match.end]
            category = match.category_name or match.category
            yield Hit(match.start, match.end,
                      self.message(matched, detail=match.message.rstrip("."), rule=match.rule_id,
                                   category=category),
                      suggestions=match.replacements[:3],
                      extra={"languagetool_rule": match.rule_id, "languagetool_category": match.category,
                             "languagetool_category_name": category})
