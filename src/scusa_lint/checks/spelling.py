"""``spelling``: words the Italian speller does not know, with suggestions.

The backend (the embedded Hunspell speller, or LanguageTool when one is set up) is one shared
service of the run, built on first use: a run that ignores this rule never loads a dictionary.
Placeholders, e-mail addresses, URLs, codes, numbers, acronyms, support loanwords and the user's
own words (config ``words`` and ``words-file``) are never misspelled.

A dictionary cannot see a real word in the wrong place ("cosi" for "così", "ha" for "a" before an
infinitive): the rule's ``slips`` map each correction to the patterns that find such a word, and
``slip-message`` says so to the author.
"""

from __future__ import annotations

from scusa_lint.checks.base import Check
from scusa_lint.checks.forbid import same_case
from scusa_lint.engine.patterns import longest_first
from scusa_lint.errors import RuleError
from scusa_lint.findings import Hit

SERVICE = "speller"


def speller_service(env_services, settings):
    """The run's shared spelling service for these settings (built on first use)."""
    from scusa_lint.spelling.service import create_service, service_key

    env_services.register(SERVICE, create_service)
    return env_services.get(SERVICE, settings, key=service_key(settings))


class SpellerBackedCheck(Check):
    """A kind whose findings come from the run's spelling service."""

    keys = {}

    def __init__(self, rule, env) -> None:
        super().__init__(rule, env)
        self.services = env.services

    def service(self, ctx):
        return speller_service(self.services, ctx.settings)


class SpellingCheck(SpellerBackedCheck):
    keys = {"slips": dict, "slip-message": str}

    def __init__(self, rule, env) -> None:
        super().__init__(rule, env)
        slips = rule.options.get("slips") or {}
        if slips and "slip-message" not in rule.options:
            raise RuleError(self.where, "key 'slips' needs a 'slip-message'")
        for fix in slips:
            if not isinstance(fix, str) or not fix.strip():
                raise RuleError(self.where, f"key 'slips': {fix!r} is not a correction (a non-empty string)")
        self.slips = {fix: self.compile(env, f"slips.{fix}", entries or []) for fix, entries in slips.items()}

    def run(self, doc, parsed, ctx):
        service = self.service(ctx)
        misses = service.spelling(doc, ctx.settings)
        for miss in misses:
            yield Hit(miss.start, miss.end, self.message(miss.word), suggestions=miss.suggestions,
                      replacement=miss.replacement,
                      extra={"speller": service.backend.name})
        yield from self._slips(doc, ctx, misses)

    def _slips(self, doc, ctx, misses):
        spans = [(span, fix) for fix, compiled in self.slips.items() for span in compiled.spans(ctx.matches)]
        kept = longest_first([span for span, _ in spans])
        for span, fix in spans:
            if span not in kept or any(m.start < span.end and span.start < m.end for m in misses):
                continue
            matched = doc.text[span.start:span.end]
            replacement = same_case(matched, fix)
            yield Hit(span.start, span.end,
                      self.rule.options["slip-message"].replace("{match}", matched).replace("{fix}", replacement),
                      suggestions=(replacement,), replacement=replacement)
