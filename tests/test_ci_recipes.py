"""The CI glue shipped in the repository: the composite GitHub action and the pre-commit manifest."""

from __future__ import annotations

import json
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


def test_action_keeps_the_jobs_python_and_caches_the_installation():
    steps = load("action.yml")["runs"]["steps"]
    setup = steps[0]
    assert setup["with"]["update-environment"] is False  # later steps of the job keep their Python
    cache = next(step for step in steps if step.get("uses", "").startswith("actions/cache@"))
    install = next(step for step in steps if "pip install" in step.get("run", ""))
    assert cache["with"]["path"] == install["env"]["SCUSA_LINT_HOME"]
    assert install["if"] == f"steps.{cache['id']}.outputs.cache-hit != 'true'"
    key = next(step for step in steps if step.get("id") == "key")
    assert key["env"]["PYTHON_VERSION"] == "${{ steps.python.outputs.python-version }}"
    assert cache["with"]["key"] == "${{ steps.key.outputs.key }}"


def test_action_uploads_sarif_only_when_asked_and_written():
    action = load("action.yml")
    upload = next(step for step in action["runs"]["steps"] if "upload-sarif" in step.get("uses", ""))
    assert upload["with"]["sarif_file"] == "${{ inputs.sarif-file }}"
    assert "steps.run.outputs.sarif-written == 'true'" in upload["if"] and "!cancelled()" in upload["if"]
    assert action["inputs"]["sarif-file"]["default"] == ""


def _run_step(project: Path, paths: str, args: str, **env: str) -> subprocess.CompletedProcess:
    executable = Path(sys.executable).parent / "scusa-lint"
    if not executable.exists() or not shutil.which("bash"):
        pytest.skip("needs bash and the installed scusa-lint script")
    step = next(s for s in load("action.yml")["runs"]["steps"] if s.get("id") == "run")
    variables = dict(os.environ, SCUSA_LINT_HOME=str(executable.parent.parent), SCUSA_LINT_PATHS=paths,
                     SCUSA_LINT_ARGS=args, SCUSA_LINT_SARIF="", SCUSA_LINT_SUMMARY="false", RUNNER_TEMP=str(project),
                     GITHUB_OUTPUT=str(project / "github-output"))
    variables.pop("SCUSA_LINT_OUTPUT_FORMAT", None)
    variables.pop("GITHUB_STEP_SUMMARY", None)
    variables.update(env)
    return subprocess.run(["bash", "-eo", "pipefail", "-c", step["run"]], cwd=project, env=variables,
                          capture_output=True, text=True, timeout=300)


def test_action_run_step_prints_annotations_writes_sarif_and_the_job_summary(tiny_config):
    (tiny_config / "bozze").mkdir()
    (tiny_config / "bozze" / "bozza.txt").write_text("Qual'è il problema?\n", encoding="utf-8")
    summary = tiny_config / "step-summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    result = _run_step(tiny_config, "bozze", "--select quale-apostrophe", SCUSA_LINT_SARIF="out.sarif",
                       SCUSA_LINT_SUMMARY="true", GITHUB_STEP_SUMMARY=str(summary))
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("::warning file=bozze/bozza.txt,line=1,col=1,endLine=1,endColumn=7,")
    assert json.loads((tiny_config / "out.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("earlier step\n## scusa-lint\n")  # appended, not replaced
    assert "| `quale-apostrophe` | avviso | 1 | 1 |" in written
    assert (tiny_config / "github-output").read_text(encoding="utf-8") == "sarif-written=true\n"


@pytest.mark.parametrize(("paths", "message"), [
    ("vuota", "::error title=scusa-lint::the paths input (vuota) names no file to check"),
    ("manca/", "scusa-lint: manca/: "),
    ("", "scusa-lint: no path given"),
])
def test_action_paths_that_match_nothing_fail_clearly(tiny_config, paths, message):
    (tiny_config / "vuota").mkdir()
    (tiny_config / "vuota" / "script.py").write_text("print()\n", encoding="utf-8")
    result = _run_step(tiny_config, paths, "")
    assert result.returncode == 2
    assert message in result.stdout + result.stderr
    assert not (tiny_config / "github-output").exists()


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
