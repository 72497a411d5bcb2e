"""The results cache: a re-run on unchanged files gives the same report without checking them again;
a changed file, rule, configuration or version is checked again; --no-cache, a damaged cache and
concurrent runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import write
from scusa_lint.engine.linter import Linter

BAD = "Gentile cliente,\nè colpa del corriere se il pacco è in ritardo. Qual'è il problema?\n"
OTHER = "Gentile cliente,\nhanno perso pacco. Qual'è la data?\n"


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch) -> Path:
    """A user cache folder of this test alone, with the results cache on."""
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv("SCUSA_LINT_NO_CACHE")
    return home


@pytest.fixture
def linted(monkeypatch) -> list[str]:
    """The paths of the documents the linter actually checks."""
    seen: list[str] = []
    lint = Linter.lint

    def counting(self, items):
        def recorded():
            for doc, settings in items:
                seen.append(doc.path)
                yield doc, settings
        return lint(self, recorded())

    monkeypatch.setattr(Linter, "lint", counting)
    return seen


def project(tiny_config: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        write(tiny_config, name, text)
    return tiny_config


def json_report(cli, *args: str) -> dict:
    result = cli("--output-format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


def test_rerun_gives_the_same_report_without_checking_again(cli, tiny_config, cache_home, linted, monkeypatch):
    folder = project(tiny_config, {"a.txt": BAD, "b.txt": OTHER})
    monkeypatch.chdir(folder)
    first_text, first_json = cli("."), json_report(cli, ".")
    assert first_json["summary"]["findings"] >= 4
    linted.clear()
    again_text, again_json = cli("."), json_report(cli, ".")
    assert linted == []
    assert (again_text.output, again_text.exit_code) == (first_text.output, first_text.exit_code)
    assert again_json == first_json
    assert list((cache_home / "scusa-lint" / "results").glob("*.cache"))


def test_only_changed_files_are_checked_again_and_order_is_kept(cli, tiny_config, cache_home, linted, monkeypatch):
    names = [f"m{n:02d}.txt" for n in range(6)]
    folder = project(tiny_config, {name: BAD if n % 2 else OTHER for n, name in enumerate(names)})
    monkeypatch.chdir(folder)
    cli(".")
    write(folder, "m03.txt", "Gentile cliente,\nqual'è il motivo? È colpa del corriere.\n")
    linted.clear()
    cached = json_report(cli, ".")
    assert linted == ["./m03.txt"]
    assert cached == json_report(cli, "--no-cache", ".")
    assert [f["path"] for f in cached["findings"]] == sorted(f["path"] for f in cached["findings"])


def test_a_changed_configuration_or_rule_invalidates(cli, tiny_config, tiny_rules, cache_home, monkeypatch):
    folder = project(tiny_config, {"a.txt": BAD})
    monkeypatch.chdir(folder)
    assert "quale-apostrophe" in {f["rule"] for f in json_report(cli, "a.txt")["findings"]}
    config = folder / ".scusa-lint.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('"quale-apostrophe", ', ""), encoding="utf-8")
    assert "quale-apostrophe" not in {f["rule"] for f in json_report(cli, "a.txt")["findings"]}
    rule = tiny_rules / "courier-blame.yml"
    rule.write_text(rule.read_text(encoding="utf-8").replace("Non attribuisca", "Eviti di attribuire"),
                    encoding="utf-8")
    messages = [f["message"] for f in json_report(cli, "a.txt")["findings"] if f["rule"] == "courier-blame"]
    assert messages and all(m.startswith("Eviti di attribuire") for m in messages)


def test_a_new_version_checks_again(cli, tiny_config, cache_home, linted, monkeypatch):
    import scusa_lint

    folder = project(tiny_config, {"a.txt": BAD})
    monkeypatch.chdir(folder)
    first = json_report(cli, "a.txt")
    monkeypatch.setattr(scusa_lint, "__version__", scusa_lint.__version__ + ".post1")
    linted.clear()
    assert json_report(cli, "a.txt") == first
    assert linted == ["a.txt"]


def test_no_cache_neither_reads_nor_writes(cli, tiny_config, cache_home, linted, monkeypatch):
    folder = project(tiny_config, {"a.txt": BAD})
    monkeypatch.chdir(folder)
    first = json_report(cli, "--no-cache", "a.txt")
    assert not (cache_home / "scusa-lint" / "results").exists()
    cli("a.txt")
    linted.clear()
    assert json_report(cli, "--no-cache", "a.txt") == first
    assert linted == ["a.txt"]
    assert "--no-cache" in cli("check", "--help").output


@pytest.mark.parametrize("damage", [b"", b"\x00" * 7, b"garbage that is not a cache", "truncate", "flip"])
def test_a_damaged_cache_is_rebuilt(cli, tiny_config, cache_home, linted, monkeypatch, damage):
    folder = project(tiny_config, {"a.txt": BAD, "b.txt": OTHER})
    monkeypatch.chdir(folder)
    first = cli(".")
    [file] = (cache_home / "scusa-lint" / "results").glob("*.cache")
    data = file.read_bytes()
    if damage == "truncate":
        file.write_bytes(data[:len(data) // 2])
    elif damage == "flip":
        file.write_bytes(data[:40] + bytes([data[40] ^ 0xFF]) + data[41:])
    else:
        file.write_bytes(damage)
    linted.clear()
    rebuilt = cli(".")
    assert (rebuilt.output, rebuilt.exit_code) == (first.output, first.exit_code)
    assert sorted(linted) == ["./a.txt", "./b.txt"]
    linted.clear()
    assert cli(".").output == first.output
    assert linted == []


def test_concurrent_runs_share_the_cache_safely(tiny_config, cache_home, tmp_path):
    """Two processes writing the same cache at once: both reports are right, the cache stays usable."""
    folders = []
    for side in ("left", "right"):
        folder = tiny_config / side
        for n in range(6):
            write(folder, f"{side}-{n}.txt", (BAD if n % 2 else OTHER) + f"Pratica {side} {n}.\n")
        folders.append(folder)
    env = {**os.environ}
    command = [sys.executable, "-m", "scusa_lint", "check", "--output-format", "json"]
    expected = [subprocess.run([*command, "--no-cache", str(f)], cwd=tiny_config, env=env, capture_output=True,
                               text=True).stdout for f in folders]
    for _ in range(2):
        runs = [subprocess.Popen([*command, str(f)], cwd=tiny_config, env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True) for f in folders]
        outputs = [run.communicate() for run in runs]
        assert [out for out, _ in outputs] == expected
        assert all(err == "" for _, err in outputs)
    for folder, want in zip(folders, expected, strict=True):  # whatever the last writer kept is sound
        again = subprocess.run([*command, str(folder)], cwd=tiny_config, env=env, capture_output=True, text=True)
        assert (again.stdout, again.stderr) == (want, "")


def test_unreadable_files_are_reported_on_every_run(cli, tiny_config, cache_home, monkeypatch):
    folder = project(tiny_config, {"a.txt": BAD})
    write(folder, "broken.txt", b"caf\xe9 \x00\x00\x01 binary \x00")
    monkeypatch.chdir(folder)
    first = cli(".")
    again = cli(".")
    assert first.exit_code == again.exit_code == 2
    assert "broken.txt" in first.stderr and first.stderr == again.stderr
