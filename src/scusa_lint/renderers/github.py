"""GitHub Actions workflow commands: one annotation per finding on the pull request's diff.

``::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=T::message``; warnings become
``::warning`` and info findings ``::notice``. Values are escaped as the runner expects: ``%``,
CR and LF in the message; those and ``:`` and ``,`` in the properties.
"""

from __future__ import annotations

from typing import TextIO

from scusa_lint.renderers import advice, relative_path
from scusa_lint.report import Report

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def render_github(report: Report, out: TextIO, color: bool = False) -> None:
    for f in report.findings:
        properties = {}
        if f.path != "-":
            properties.update(file=relative_path(f.path), line=f.line, col=f.column, endLine=f.end_line,
                              endColumn=f.end_column)
        title = f"scusa-lint ({f.rule})" + (f" [{f.document}]" if f.document else "")
        properties["title"] = title
        props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
        out.write(f"::{COMMANDS[f.level]} {props}::{escape_data(advice(f))}\n")
