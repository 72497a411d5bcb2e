"""JSON output: a stable shape that tools depend on (``version`` 1; ``fix`` was added within it).

``JsonStream`` writes the findings of each file as soon as its file is done; the text is the same
as ``json.dump`` of the whole report with ``indent=2``.
"""

from __future__ import annotations

import json
from typing import TextIO

from scusa_lint.findings import Finding
from scusa_lint.report import Report


class JsonStream:
    def __init__(self, out: TextIO, color: bool = False) -> None:
        self.out = out
        self.count = 0
        self.started = False

    def _start(self) -> None:
        if not self.started:  # not before the run: a run that fails prints no half report
            self.out.write('{\n  "version": 1,\n  "findings": [')
            self.started = True

    def file(self, findings: list[Finding], source: str | None = None) -> None:
        self._start()
        for f in findings:
            item = {
                "path": f.path, "line": f.line, "column": f.column, "end_line": f.end_line,
                "end_column": f.end_column, "rule": f.rule, "level": f.level, "message": f.message,
                "suggestions": list(f.suggestions), "source": f.source, "document": f.document,
                "fix": f.fix.replacement if f.fix is not None else None,
            }
            text = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n    ")
            self.out.write(("," if self.count else "") + "\n    " + text)
            self.count += 1

    def end(self, report: Report) -> None:
        self._start()
        summary = {"files": report.files, "findings": report.total, **report.counts()}
        self.out.write(("\n  ]" if self.count else "]") + ',\n  "summary": '
                       + json.dumps(summary, ensure_ascii=False, indent=2).replace("\n", "\n  ") + "\n}\n")


def render_json(report: Report, out: TextIO, color: bool = False) -> None:
    stream = JsonStream(out)
    stream.file(report.findings)
    stream.end(report)
