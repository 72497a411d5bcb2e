"""JSON output: a stable shape that tools depend on (``version`` 1; ``fix`` was added within it)."""

from __future__ import annotations

import json
from typing import TextIO

from scusa_lint.report import Report


def render_json(report: Report, out: TextIO, color: bool = False) -> None:
    payload = {
        "version": 1,
        "findings": [
            {
                "path": f.path, "line": f.line, "column": f.column, "end_line": f.end_line,
                "end_column": f.end_column, "rule": f.rule, "level": f.level, "message": f.message,
                "suggestions": list(f.suggestions), "source": f.source, "document": f.document,
                "fix": f.fix.replacement if f.fix is not None else None,
            }
            for f in report.findings
        ],
        "summary": {"files": report.files, "findings": len(report.findings), **report.counts()},
    }
    json.dump(payload, out, ensure_ascii=False, indent=2)
    out.write("\n")
