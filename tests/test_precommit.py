"""The pre-commit hook for real: ``pre-commit try-repo`` against this checkout, in a template repo.

``try-repo`` takes a repository's HEAD plus its tracked changes, so the test first snapshots the
working tree as it is (untracked files included, ignored ones left out) into a throwaway
repository and points ``try-repo`` at that. ``try-repo`` always builds the hook's virtualenv in a
fresh temporary store (``pip install`` of this project, spaCy included): that is what makes the
test slow, and why it runs once with both templates and once with the good one only.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import TINY_RULES, write_rules

REPO = Path(__file__).resolve().parent.parent
SKIP_DIRS = {".git", ".venv", "venv", "__pycache__", ".pytest_cache", ".ruff_cache", "build", "dist"}



def git(*args: str, cwd: Path) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="test", GIT_AUTHOR_EMAIL="test@example.invalid",
               GIT_COMMITTER_NAME="test", GIT_COMMITTER_EMAIL="test@example.invalid")
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def snapshot_checkout(target: Path) -> Path:
    """This checkout's working tree, committed as it is in a new repository."""
    if (REPO / ".git").exists():
        listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=REPO).split("\0")
        for name in filter(None, listed):
            source = REPO / name
            if source.is_file():
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target / name)
    else:
        shutil.copytree(REPO, target, ignore=lambda _dir, names: [n for n in names if n in SKIP_DIRS])
    git("init", "-q", cwd=target)
    git("add", "-A", cwd=target)
    git("commit", "-q", "-m", "snapshot", cwd=target)
    return target


def template_repo(folder: Path) -> Path:
    write_rules(folder / "lint-rules", {"quale-apostrophe.yml": TINY_RULES["quale-apostrophe.yml"]})
    (folder / ".scusa-lint.toml").write_text('extend-rules = ["lint-rules"]\nselect = ["quale-apostrophe"]\n',
                                             encoding="utf-8")
    (folder / "cattiva.txt").write_text("Gentile cliente,\nqual'è il numero dell'ordine?\n", encoding="utf-8")
    (folder / "buona.txt").write_text("Gentile cliente,\nqual è il numero dell'ordine?\n", encoding="utf-8")
    (folder / "package.json").write_text('{"name": "sito", "version": "1.0.0"}\n', encoding="utf-8")
    git("init", "-q", cwd=folder)
    git("add", "-A", cwd=folder)
    git("commit", "-q", "-m", "templates", cwd=folder)
    return folder


@pytest.mark.slow
def test_pre_commit_hook_fails_on_a_bad_template_and_passes_a_good_one(tmp_path):
    pre_commit = Path(sys.executable).parent / "pre-commit"
    if not pre_commit.exists():
        pre_commit = shutil.which("pre-commit")
    if not pre_commit or not shutil.which("git"):
        pytest.skip("needs git and pre-commit (pip install pre-commit)")
    checkout = snapshot_checkout(tmp_path / "scusa-lint")
    templates = template_repo(tmp_path / "templates")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SCUSA_LINT_", "PRE_COMMIT", "GIT_"))}
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")  # isolation: try-repo never reuses a store
    env["PRE_COMMIT_COLOR"] = "never"

    def try_repo(*files: str) -> subprocess.CompletedProcess:
        command = [str(pre_commit), "try-repo", str(checkout), "scusa-lint", "--verbose", "--files", *files]
        return subprocess.run(command, cwd=templates, env=env, capture_output=True, text=True, timeout=1800)

    both = try_repo("cattiva.txt", "buona.txt")
    assert both.returncode == 1, both.stdout + both.stderr
    assert "scusa-lint" in both.stdout and "Failed" in both.stdout
    assert "cattiva.txt:2:1  avviso  quale-apostrophe" in both.stdout
    assert "buona.txt:" not in both.stdout

    good = try_repo("buona.txt", "package.json")  # JSON that holds no templates is passed over
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout
