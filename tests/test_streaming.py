"""Findings go to the report as each file is done: the streamed report is the same text as the
report rendered at the end, in file order, on one process or several."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import write
from scusa_lint.run import PARALLEL_MIN_FILES

DRAFTS = ["Gentile cliente,\nè colpa del corriere. Qual'è il problema?\n",
          "Gentile cliente,\nhanno perso pacco.\n",
          "Gentile cliente,\nci scusiamo per il ritardo.\n"]


@pytest.mark.parametrize("files", [3, PARALLEL_MIN_FILES + 5])
@pytest.mark.parametrize("output_format", ["text", "concise", "json"])
def test_streamed_report_equals_the_whole_report(cli, tiny_config, monkeypatch, files, output_format):
    for n in range(files):
        write(tiny_config, f"sub{n % 4}/d{n:03d}.txt", DRAFTS[n % 3] + f"Pratica numero {n}.\n")
    monkeypatch.chdir(tiny_config)
    whole = Path("whole.out")
    # --extra-output needs every finding at the end: that copy is rendered after the run
    streamed = cli("--output-format", output_format, "--extra-output", f"{output_format}:{whole}", ".")
    plain = cli("--output-format", output_format, ".")
    assert plain.exit_code == streamed.exit_code == 1
    assert plain.stdout == whole.read_text(encoding="utf-8")
    assert plain.stdout == streamed.stdout
    paths = [line.split(":")[0] for line in plain.stdout.splitlines() if line.startswith("./")]
    order = [str(p) for p in sorted(Path(".").rglob("d*.txt"))]
    assert list(dict.fromkeys(paths)) == ["./" + p for p in order if "./" + p in paths]
