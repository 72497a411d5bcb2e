"""Accuracy of the language layer on the hand-labelled tables in ``tests/fixtures``.

    python benchmarks/eval_language.py [--model blank:it|it_core_news_sm] [--errors]

- ``morphology.yml``: a sentence with one ``[word]`` marked, its expected lemma, coarse part of
  speech, a subset of morphological features and, for verbs with enclitics, the clitic pronouns.
  A field is right when it equals the expectation (features: every listed one present with that
  value); an entry is right when all its fields are.
- ``clauses.yml``: a sentence with one ``[[clause]]`` marked and its expected agent, negation,
  time, hypothesis and reported speech (``company`` names the writer's company, as the
  configuration key would). The clause scored is the analysed clause that overlaps the marked
  one most; its boundaries are scored separately (same first and last word, punctuation aside).

``tests/test_language_accuracy.py`` holds the floors these figures must stay above.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
CLAUSE_FEATURES = ("agent", "negated", "time", "hypothetical", "reported")


@dataclass
class Score:
    """Right answers per field, and the entries that were wrong (for ``--errors``)."""

    total: int = 0
    right: dict[str, int] = field(default_factory=dict)
    counted: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def add(self, name: str, ok: bool) -> None:
        self.counted[name] = self.counted.get(name, 0) + 1
        self.right[name] = self.right.get(name, 0) + int(ok)

    def accuracy(self, name: str) -> float:
        return self.right.get(name, 0) / self.counted[name] if self.counted.get(name) else 1.0


def _marked(text: str, opening: str, closing: str) -> tuple[str, int, int]:
    """The text without its markers, and the character span they enclosed."""
    start = text.index(opening)
    end = text.index(closing, start)
    plain = text[:start] + text[start + len(opening):end] + text[end + len(closing):]
    return plain, start, end - len(opening)


def _feature(value) -> str:
    """A feature value as UD writes it (YAML reads an unquoted ``Yes`` as true)."""
    return {True: "Yes", False: "No"}.get(value, str(value)) if isinstance(value, bool) else str(value)


def score_morphology(nlp, entries: list[dict]) -> Score:
    score = Score()
    for entry in entries:
        plain, start, end = _marked(entry["text"], "[", "]")
        doc = nlp(plain)
        token = next((t for t in doc if t.idx <= start < t.idx + len(t)), None)
        got = {} if token is None else {
            "lemma": token.lemma_.lower(), "pos": token.pos_,
            "morph": token.morph.to_dict(), "clitics": [c.lower() for c in token._.clitics],
        }
        checks = {
            "lemma": got.get("lemma") == entry["lemma"].lower(),
            "pos": got.get("pos") == entry["pos"],
            "morph": all(got.get("morph", {}).get(k) == _feature(v) for k, v in (entry.get("morph") or {}).items()),
        }
        if "clitics" in entry:
            checks["clitics"] = got.get("clitics") == [c.lower() for c in entry["clitics"]]
        for name, ok in checks.items():
            score.add(name, ok)
        score.total += 1
        score.add("entry", all(checks.values()))
        if not all(checks.values()):
            wrong = ", ".join(n for n, ok in checks.items() if not ok)
            expected = {k: entry.get(k) for k in checks}
            seen = {k: got.get(k) for k in checks}
            score.errors.append(f"{entry['text']}\n    wrong {wrong}: expected {expected}\n    got {seen}")
    return score


def score_clauses(nlp, layer, entries: list[dict]) -> Score:
    from types import SimpleNamespace

    score = Score()
    for entry in entries:
        plain, start, end = _marked(entry["text"], "[[", "]]")
        settings = SimpleNamespace(company=(entry["company"],) if entry.get("company") else (), vocabulary=())
        doc = layer.annotate(nlp(plain), settings)
        words = [t for t in doc if start <= t.idx < end and not t.is_punct]

        clause = max(doc._.clauses, key=lambda c, marked=words: sum(c.start <= t.i < c.end for t in marked),
                     default=None)
        got = clause.as_dict(doc) if clause is not None else {}
        checks = {name: got.get(name) == entry[name] for name in CLAUSE_FEATURES}
        own = [t for t in doc[clause.start:clause.end] if not t.is_punct] if clause is not None else []
        bounds = bool(own) and bool(words) and own[0].i == words[0].i and own[-1].i == words[-1].i
        for name, ok in checks.items():
            score.add(name, ok)
        score.add("boundaries", bounds)
        score.total += 1
        score.add("entry", all(checks.values()))
        if not all(checks.values()):
            wrong = ", ".join(n for n, ok in checks.items() if not ok)
            found = doc[clause.start:clause.end].text if clause is not None else ""
            score.errors.append(f"{entry['text']}\n    wrong {wrong}: clause «{found}» {got}")
    return score


def load(name: str) -> list[dict]:
    return yaml.safe_load((FIXTURES / name).read_text(encoding="utf-8"))


def pipeline(model: str):
    from scusa_lint.engine.linter import Linter
    from scusa_lint.nlp import load_pipeline

    nlp, _ = load_pipeline(model)
    return nlp, Linter(nlp).language


def report(title: str, score: Score, fields: tuple[str, ...]) -> str:
    lines = [f"{title}: {score.total} entries"]
    for name in (*fields, "entry"):
        if score.counted.get(name):
            lines.append(f"  {name:<13} {score.right[name]:>4}/{score.counted[name]:<4} {score.accuracy(name):.3f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="blank:it")
    parser.add_argument("--errors", action="store_true", help="print every entry that is wrong")
    args = parser.parse_args(argv)
    nlp, layer = pipeline(args.model)
    morphology = score_morphology(nlp, load("morphology.yml"))
    clauses = score_clauses(nlp, layer, load("clauses.yml"))
    print(report("morphology", morphology, ("lemma", "pos", "morph", "clitics")))
    print(report("clauses", clauses, (*CLAUSE_FEATURES, "boundaries")))
    if args.errors:
        for line in morphology.errors + clauses.errors:
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
