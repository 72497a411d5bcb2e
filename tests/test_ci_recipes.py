"""The CI glue shipped in the repository: the composite GitHub action and the pre-commit manifest."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent


def load(name: str):
    return yaml.safe_load((REPO / name).read_text(encoding="utf-8"))


def test_action_is_a_composite_that_installs_itself_and_runs_the_github_format():
    action = load("action.yml")
    assert action["name"] and action["description"]
    assert set(action["inputs"]) >= {"paths", "args"}
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    assert steps[0]["uses"].startswith("actions/setup-python@")
    install = next(step for step in steps if "pip install" in step.get("run", ""))
    assert '"$GITHUB_ACTION_PATH"' in install["run"]
    run = next(step for step in steps if "scusa-lint check" in step.get("run", ""))
    assert "--output-format github" in run["run"]
    assert run["env"]["SCUSA_LINT_PATHS"] == "${{ inputs.paths }}"
    assert all(step.get("shell") == "bash" for step in steps if "run" in step)
    assert not any("${{" in step.get("run", "") for step in steps)  # inputs never pasted into a script


def test_action_run_step_calls_the_cli_and_prints_annotations(tiny_config):
    executable = Path(sys.executable).parent / "scusa-lint"
    if not executable.exists() or not shutil.which("bash"):
        pytest.skip("needs bash and the installed scusa-lint script")
    (tiny_config / "bozze").mkdir()
    (tiny_config / "bozze" / "bozza.txt").write_text("Qual'è il problema?\n", encoding="utf-8")
    script = next(s["run"] for s in load("action.yml")["runs"]["steps"] if "scusa-lint check" in s.get("run", ""))
    env = dict(os.environ, PATH=f"{executable.parent}{os.pathsep}{os.environ['PATH']}",
               SCUSA_LINT_PATHS="bozze", SCUSA_LINT_ARGS="--select quale-apostrophe")
    env.pop("SCUSA_LINT_OUTPUT_FORMAT", None)
    result = subprocess.run(["bash", "-c", script], cwd=tiny_config, env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("::warning file=bozze/bozza.txt,line=1,col=1,endLine=1,endColumn=7,")


def test_pre_commit_manifest_is_valid_and_picks_the_template_formats():
    clientlib = pytest.importorskip("pre_commit.clientlib")
    hooks = clientlib.load_manifest(str(REPO / ".pre-commit-hooks.yaml"))
    hook = next(h for h in hooks if h["id"] == "scusa-lint")
    assert hook["language"] == "python"
    assert hook["entry"].split()[0] == "scusa-lint"
    files, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])

    def picked(path: str) -> bool:
        return bool(files.search(path)) and not exclude.search(path)

    for path in ("macro/scuse.txt", "README.md", "t/risposta.HTML", "t/a.htm", "posta/r.eml", "export/zendesk.json",
                 "macro/rimborso.yml", "macro/rimborso.yaml"):
        assert picked(path), path
    for path in (".pre-commit-config.yaml", ".github/workflows/ci.yml", ".gitlab-ci.yml", "src/app.py", "logo.png"):
        assert not picked(path), path
