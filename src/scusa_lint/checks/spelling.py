"""``spelling``: words the Italian speller does not know, with suggestions.

The backend (the embedded Hunspell speller, or LanguageTool when one is set up) is one shared
service of the run, built on first use: a run that ignores this rule never loads a dictionary.
Placeholders, e-mail addresses, URLs, codes, numbers, acronyms, support loanwords and the user's
own words (config ``words`` and ``words-file``) are never misspelled.
"""

from __future__ import annotations

from scusa_lint.checks.base import Check
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
    def run(self, doc, parsed, ctx):
        service = self.service(ctx)
        for miss in service.spelling(doc, ctx.settings):
            yield Hit(miss.start, miss.end, self.message(miss.word), suggestions=miss.suggestions,
                      replacement=miss.replacement,
                      extra={"speller": service.backend.name})
