"""Which files a run checks: exclude and extend-exclude (gitignore syntax), git's ignore files,
--force-exclude for named files, and ``extend`` inheritance between configuration files."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import write

BLAME = "Il ritardo è colpa del corriere, ci scusiamo.\n"


def checked(cli, *args: str) -> list[str]:
    result = cli(*args, "--show-files")
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def names(paths: list[str], root: Path) -> list[str]:
    return [Path(p).resolve().relative_to(root.resolve()).as_posix() for p in paths]


def test_exclude_and_extend_exclude_use_gitignore_patterns(cli, tmp_path):
    for name in ("macros/a.txt", "macros/old/b.txt", "macros/keep.txt", "macros/sub/old/c.txt", "bozze/d.txt",
                 "node_modules/pkg/e.txt", ".hidden/f.txt"):
        write(tmp_path, name, BLAME)
    write(tmp_path, ".scusa-lint.toml", 'extend-exclude = ["old/", "/bozze", "*.txt", "!keep.txt", "!a.txt"]\n')
    assert names(checked(cli, str(tmp_path)), tmp_path) == ["macros/a.txt", "macros/keep.txt"]
    # exclude replaces the defaults: hidden folders and node_modules are walked again
    write(tmp_path, ".scusa-lint.toml", 'exclude = ["old/"]\n')
    assert names(checked(cli, str(tmp_path)), tmp_path) == [
        ".hidden/f.txt", "bozze/d.txt", "macros/a.txt", "macros/keep.txt", "node_modules/pkg/e.txt"]


def test_gitignore_is_respected_inside_a_work_tree(cli, tmp_path):
    (tmp_path / ".git" / "info").mkdir(parents=True)
    (tmp_path / ".git" / "info" / "exclude").write_text("privato.txt\n", encoding="utf-8")
    write(tmp_path, ".gitignore", "generate/\n*.bak.txt\n")
    write(tmp_path, "macros/.gitignore", "!ripristinata.bak.txt\nbozza-*.txt\n")
    for name in ("macros/a.txt", "macros/b.bak.txt", "macros/ripristinata.bak.txt", "macros/bozza-1.txt",
                 "generate/c.txt", "privato.txt"):
        write(tmp_path, name, BLAME)
    assert names(checked(cli, str(tmp_path)), tmp_path) == ["macros/a.txt", "macros/ripristinata.bak.txt"]
    assert names(checked(cli, str(tmp_path / "macros")), tmp_path) == ["macros/a.txt", "macros/ripristinata.bak.txt"]
    write(tmp_path, ".scusa-lint.toml", "respect-gitignore = false\n")
    assert len(checked(cli, str(tmp_path))) == 6


def test_gitignore_counts_only_in_a_work_tree(cli, tmp_path):
    write(tmp_path, ".gitignore", "*.txt\n")
    write(tmp_path, "a.txt", BLAME)
    assert names(checked(cli, str(tmp_path)), tmp_path) == ["a.txt"]  # no .git: not a repository


def test_named_files_are_checked_unless_force_exclude(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    write(tmp_path, ".gitignore", "generate/\n")
    write(tmp_path, ".scusa-lint.toml", 'extend-exclude = ["vecchie/"]\n')
    ignored = write(tmp_path, "generate/a.txt", BLAME)
    excluded = write(tmp_path, "vecchie/b.txt", BLAME)
    kept = write(tmp_path, "macros/c.txt", BLAME)
    files = ["generate/a.txt", "vecchie/b.txt", "macros/c.txt"]
    assert checked(cli, *files) == files
    assert checked(cli, *files, "--force-exclude") == ["macros/c.txt"]
    assert ignored.exists() and excluded.exists() and kept.exists()


def test_a_named_folder_is_walked_even_when_it_is_excluded(cli, tmp_path):
    write(tmp_path, ".helpdesk/macros/a.txt", BLAME)
    write(tmp_path, ".helpdesk/macros/.cache/b.txt", BLAME)
    assert names(checked(cli, str(tmp_path / ".helpdesk")), tmp_path) == [".helpdesk/macros/a.txt"]
    assert checked(cli, str(tmp_path)) == []  # a walk from above passes over the hidden folder


def test_stdin_filename_is_excluded_with_force_exclude(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, ".scusa-lint.toml", 'extend-exclude = ["vecchie/"]\n')
    result = cli("-", "--stdin-filename", "vecchie/a.txt", "--force-exclude", "--output-format", "json",
                 input=BLAME)
    assert json.loads(result.stdout)["summary"]["files"] == 0


# --- extend ------------------------------------------------------------------------------------

def test_extend_inherits_the_parent_and_adds_words_and_ignore(cli, tmp_path):
    write(tmp_path, "pyproject.toml",
          '[tool.scusa-lint]\nwords = ["Tracky"]\nignore = ["thanks-missing"]\nfail-on = "error"\n'
          'apology-paths = ["team/scuse/*.txt"]\n')
    write(tmp_path, "team/.scusa-lint.toml",
          'extend = "../pyproject.toml"\nwords = ["Spedirapido"]\nignore = ["vague-commitment"]\n')
    draft = write(tmp_path, "team/scuse/a.txt", "Il pacco Tracky arriverà con Spedirapido.\n")
    result = cli(str(draft), "--show-settings")
    lines = result.stdout.splitlines()
    assert f"# extends: {tmp_path / 'pyproject.toml'}" in lines
    assert 'words = ["Tracky", "Spedirapido"]' in lines
    assert 'ignore = ["thanks-missing", "vague-commitment"]' in lines
    assert 'fail-on = "error"' in lines
    assert f'apology-paths = ["{tmp_path.as_posix()}/team/scuse/*.txt"]' in lines  # still relative to the parent
    found = json.loads(cli(str(draft), "--output-format", "json").stdout)["findings"]
    rules = {f["rule"] for f in found}
    assert "spelling" not in rules  # both files' words
    assert "thanks-missing" not in rules and "vague-commitment" not in rules
    assert "fix-missing" in rules  # apology-paths of the parent: the required-content rules apply


def test_without_extend_the_nearest_file_replaces_the_parent(cli, tmp_path):
    write(tmp_path, ".scusa-lint.toml", 'words = ["Tracky"]\n')
    write(tmp_path, "team/.scusa-lint.toml", 'words = ["Spedirapido"]\n')
    draft = write(tmp_path, "team/a.txt", "x\n")
    assert 'words = ["Spedirapido"]' in cli(str(draft), "--show-settings").stdout.splitlines()


def test_extend_errors_name_the_file_and_the_cause(cli, tmp_path):
    draft = write(tmp_path, "a.txt", "Testo.\n")
    config = write(tmp_path, ".scusa-lint.toml", 'extend = "manca.toml"\n')
    result = cli(str(draft))
    assert result.exit_code == 2
    assert result.stderr == f"scusa-lint: {config}: key 'extend': {tmp_path / 'manca.toml'} does not exist\n"
    write(tmp_path, ".scusa-lint.toml", 'extend = "base.toml"\n')
    write(tmp_path, "base.toml", 'extend = ".scusa-lint.toml"\n')
    loop = cli(str(draft))
    assert loop.exit_code == 2
    assert "a loop of 'extend' keys" in loop.stderr and loop.stderr.count("\n") == 1


def test_cache_folder_is_the_platform_user_cache(monkeypatch, tmp_path):
    from scusa_lint.cache import cache_dir

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "scusa-lint"
