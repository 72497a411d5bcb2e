"""The rules as a book: listing, explanations, and each rule file's own examples run as tests."""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass, replace
from pathlib import Path

from scusa_lint.checks import KINDS
from scusa_lint.engine.rules import Rule, builtin_rules_dir, load_rules


def load_builtin_rules() -> list[Rule]:
    return load_rules([builtin_rules_dir()], KINDS)


def load_rules_in_use(settings) -> list[Rule]:
    """The rules a check with these settings offers: the built-in ones, then its ``extend-rules``."""
    return load_rules([builtin_rules_dir(), *settings.extend_rules], KINDS)


def summary_of(rule: Rule) -> str:
    """The first sentence of the rule's description."""
    text = " ".join(rule.description.split())
    end = text.find(". ")
    return text if end == -1 else text[: end + 1]


def render_rule_list(rules: list[Rule], output_format: str) -> str:
    if output_format == "json":
        payload = [{"id": r.id, "kind": r.kind, "level": r.level, "source": r.source, "summary": summary_of(r)}
                   for r in rules]
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    if output_format == "markdown":
        lines = ["| id | kind | level | source | checks |", "|---|---|---|---|---|"]
        lines += [f"| `{r.id}` | {r.kind} | {r.level} | {r.source} | {summary_of(r).replace('|', '/')} |"
                  for r in rules]
        return "\n".join(lines) + "\n"
    width = max(len(r.id) for r in rules)
    return "".join(f"{r.id:<{width}}  {r.kind:<11}  {r.level:<7}  {r.source}\n" for r in rules)


def explain_rule(rule: Rule) -> str:
    """``explain``: the rule in Italian for the person writing (message, advice, examples), then the
    rule author's description (English, as every rule file's ``description``)."""
    from scusa_lint.renderers import level_word

    wrap = textwrap.TextWrapper(width=88, initial_indent="  ", subsequent_indent="  ")
    parts = [
        f"{rule.id} ({rule.kind}, {level_word(rule.level)}) - fonte: {rule.source}",
        "",
        "Messaggio:",
        wrap.fill(re.sub(r"\{[a-z_]+\}", "...", rule.message)),
        "Che cosa scrivere invece:",
        wrap.fill(rule.hint),
        "",
        "Esempio da evitare:",
        wrap.fill(rule.examples["bad"][0]),
        "Esempio corretto:",
        wrap.fill(rule.examples["good"][0]),
        "",
        "Che cosa controlla e perché (descrizione per chi scrive le regole, in inglese):",
        wrap.fill(rule.description or "(nessuna descrizione)"),
    ]
    return "\n".join(parts)


@dataclass
class ExampleResult:
    rule_id: str
    side: str  # "bad" or "good"
    text: str
    passed: bool
    problem: str = ""
    skipped: str = ""


def run_rule_examples(folder: Path | None = None, model: str | None = None, *,
                      languagetool_url: str | None = None) -> list[ExampleResult]:
    """Run every example of every rule (and detector) of ``folder`` (default: the built-in rules).

    A rule that needs LanguageTool runs against the configured server and is skipped, with the
    reason, when there is none; ``languagetool_url`` names the server to use for such rules
    instead (the test suite passes its recorded-format stand-in; the CLI never does)."""
    from scusa_lint.backends import unavailable_requirement
    from scusa_lint.config import Settings
    from scusa_lint.engine.linter import Linter
    from scusa_lint.nlp import load_pipeline

    # A user's folder extends the built-in rules, as with ``extend-rules``: its rules may use the
    # built-in vocabularies and the problem detector; only its own rules and detectors are run.
    builtin = builtin_rules_dir().resolve()
    own = builtin if folder is None else folder.resolve()
    folders = [builtin] if own == builtin else [builtin, own]
    nlp, _ = load_pipeline(model)
    linter = Linter(nlp, folders)
    results: list[ExampleResult] = []
    extend = () if own == builtin else (own,)
    for rule in (r for r in linter.rules if r.origin == own):
        settings = Settings(select=(rule.id,), extend_rules=extend)
        if rule.requires == "languagetool" and languagetool_url:
            settings = replace(settings, speller="languagetool", languagetool_url=languagetool_url)
        else:
            missing = unavailable_requirement(rule.requires)
            if missing:
                results.append(ExampleResult(rule.id, "all", "", False, skipped=missing))
                continue
        for side in ("bad", "good"):
            for text in rule.examples[side]:
                found = [f for f in linter.lint_text(text, settings) if f.rule == rule.id]
                passed = bool(found) if side == "bad" else not found
                problem = "" if passed else (
                    "no finding" if side == "bad" else "unexpected: " + "; ".join(
                        f"col {f.column} {text[f.offset:f.end_offset]!r}" for f in found))
                results.append(ExampleResult(rule.id, side, text, passed, problem))
    for detector in (d for d in linter.detectors.values() if d.path.parent.parent.resolve() == own):
        for side, expected in (("bad", True), ("good", False)):
            for text in detector.examples[side]:
                passed = linter.detect(detector.id, text) == expected
                problem = "" if passed else ("not detected" if expected else "detected")
                results.append(ExampleResult(f"detector:{detector.id}", side, text, passed, problem))
    return results
