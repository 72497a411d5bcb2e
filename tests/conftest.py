"""Shared fixtures: a CLI runner, and a tiny rule folder whose wording the engine tests control."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from scusa_lint.cli import main

REPO = Path(__file__).resolve().parent.parent

TINY_RULES = {
    "courier-blame.yml": """
        id: courier-blame
        kind: forbid
        level: error
        message: "Non attribuisca la colpa al corriere («{match}»)."
        hint: "Si assuma la responsabilità del ritardo."
        source: "003 #7"
        description: "Blaming the courier. Test rule."
        patterns:
          - tokens: [{LOWER: {IN: [colpa, causa]}}, {LOWER: {IN: [del, dello]}}, {LOWER: corriere}]
          - tokens: [{LEMMA: perdere}, {LOWER: il, OP: "?"}, {LOWER: pacco}]
        unless:
          - regex: "abbiamo perso il pacco"
        examples:
          bad: ["È colpa del corriere.", "A causa del corriere.", "Il corriere ha perso il pacco.", "Hanno perso pacco"]
          good: ["Il corriere consegna domani.", "Grazie.", "Abbiamo perso il pacco, ci scusiamo.", "Va bene."]
    """,
    "quale-apostrophe.yml": """
        id: quale-apostrophe
        kind: forbid
        level: warning
        message: "«{match}» si scrive senza apostrofo."
        hint: "Scriva «qual è»."
        source: "003 #8"
        patterns:
          - regex: "\\\\bqual'è\\\\b"
        fix: "qual è"
        examples:
          bad: ["Qual'è il problema?", "qual'è", "Non so qual'è.", "Ecco qual'è la data."]
          good: ["Qual è il problema?", "quale", "qual era", "Qual buon vento."]
    """,
    "apology-required.yml": """
        id: apology-required
        kind: require
        level: error
        message: "Manca una scusa esplicita."
        hint: "Scriva «Ci scusiamo per il ritardo»."
        source: "003 #3"
        applies-to: problem
        patterns:
          - tokens: [{LEMMA: scusare}]
        examples:
          bad: ["Il suo ordine è in ritardo.", "Un errore nel pacco.", "Ritardo.", "C'è stato un errore."]
          good: ["Ci scusiamo per il ritardo.", "Come reimpostare la password.", "Ci scusiamo.", "Orari."]
    """,
    "detectors/problem.yml": """
        id: problem
        kind: detector
        patterns:
          - tokens: [{LOWER: {IN: [ritardo, ritardi, errore, errori]}}]
        examples:
          bad: ["ritardo", "errore", "ritardi", "errori"]
          good: ["ciao", "password", "orari", "grazie"]
    """,
}


def write(folder: Path, name: str, text: str | bytes) -> Path:
    """Write a test file (text as UTF-8, or bytes as they are), creating its folders."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def write_rules(folder: Path, rules: dict[str, str]) -> Path:
    for name, text in rules.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return folder


@pytest.fixture
def tiny_rules(tmp_path: Path) -> Path:
    return write_rules(tmp_path / "tiny-rules", TINY_RULES)


@pytest.fixture
def tiny_config(tmp_path: Path, tiny_rules: Path) -> Path:
    """A project folder whose config adds the tiny rules and selects only them."""
    project = tmp_path / "project"
    project.mkdir()
    (project / ".scusa-lint.toml").write_text(
        f'extend-rules = ["{tiny_rules.as_posix()}"]\n'
        'select = ["courier-blame", "quale-apostrophe", "apology-required"]\n', encoding="utf-8")
    return project


class Cli:
    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | bytes | None = None):
        return self.runner.invoke(main, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def cli() -> Cli:
    return Cli()


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory):
    """Tests keep their derived caches (lemma table, spelling verdicts) out of the user's."""
    import os

    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    # Tests that change the linter's behaviour in place (a fake speller, a patched rule) must not be
    # served an earlier test's results: the results cache is on only in its own tests.
    os.environ["SCUSA_LINT_NO_CACHE"] = "1"
