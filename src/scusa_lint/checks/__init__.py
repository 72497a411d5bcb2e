"""Rule kinds: one module each, registered here by the name rule files use in ``kind``."""

from scusa_lint.checks.consistency import ConsistencyCheck
from scusa_lint.checks.forbid import ForbidCheck
from scusa_lint.checks.grammar import GrammarCheck
from scusa_lint.checks.placeholder import PlaceholderCheck
from scusa_lint.checks.require import RequireCheck
from scusa_lint.checks.spelling import SpellingCheck

KINDS = {
    "forbid": ForbidCheck,
    "require": RequireCheck,
    "consistency": ConsistencyCheck,
    "placeholder": PlaceholderCheck,
    "spelling": SpellingCheck,
    "grammar": GrammarCheck,
}
