"""A built and installed package carries its rules: `pip install .` then run from anywhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import REPO
from test_catalog import CATALOG


def test_installed_package_finds_every_rule_from_another_folder(tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(REPO)],
                   check=True, capture_output=True)
    probe = ("import json, scusa_lint.engine.rules as r, scusa_lint.rulebook as b;"
             "print(json.dumps([r.builtin_rules_dir().as_posix(), [x.id for x in b.load_builtin_rules()]]))")
    env = {**os.environ, "PYTHONPATH": str(target)}
    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True,
                         check=True)
    folder, ids = json.loads(out.stdout)
    assert folder == (target / "scusa_lint" / "rules").as_posix()
    assert sorted(ids) == sorted(CATALOG)
    assert (target / "scusa_lint" / "rules" / "detectors" / "problem.yml").is_file()
    assert (target / "scusa_lint" / "web" / "index.html").is_file()  # the page of `scusa-lint serve`
