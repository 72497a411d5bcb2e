"""The interface every rule kind implements."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from scusa_lint.document import Document
    from scusa_lint.engine.context import CheckEnv, DocContext
    from scusa_lint.engine.rules import Rule
    from scusa_lint.findings import Hit


_WHITE_SPACE = re.compile(r"\s+")


class Check:
    """One compiled rule. Subclasses declare the YAML keys of their kind and how to run it."""

    #: Kind-specific YAML keys and the Python type of their value.
    keys: ClassVar[dict[str, type | tuple[type, ...]]] = {}
    #: Kind-specific keys a rule of this kind must have.
    required: ClassVar[tuple[str, ...]] = ()

    def __init__(self, rule: Rule, env: CheckEnv) -> None:
        self.rule = rule

    def run(self, doc: Document, parsed: Doc, ctx: DocContext) -> Iterable[Hit]:
        raise NotImplementedError

    def detectors_needed(self) -> tuple[str, ...]:
        """Ids of the detectors whose verdict the check asks for (checked when the rules load)."""
        return ()

    @property
    def where(self) -> str:
        """How errors name this rule: its file and id."""
        return f"{self.rule.path}: rule {self.rule.id!r}"

    def compile(self, env: CheckEnv, key: str, entries: object = None):
        """Compile the pattern entries of a rule key (``entries`` when given, else the key's value)."""
        value = self.rule.options.get(key) if entries is None else entries
        return env.compiler.compile(value, f"{self.where}: key {key!r}")

    def message(self, match: str = "", **values: str) -> str:
        """The rule's message with «{match}» (white space folded) and other named slots filled in."""
        text = self.rule.message.replace("{match}", _WHITE_SPACE.sub(" ", match))
        for name, value in values.items():
            text = text.replace("{" + name + "}", value)
        return text
