"""GitLab Code Quality report (``artifacts:reports:codequality``): a JSON array of issues."""

from __future__ import annotations

import json
from typing import TextIO

from scusa_lint.renderers import advice, relative_path
from scusa_lint.renderers.fingerprint import fingerprints
from scusa_lint.report import Report

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def render_gitlab(report: Report, out: TextIO, color: bool = False) -> None:
    issues = []
    for f, fingerprint in zip(report.findings, fingerprints(report), strict=True):
        issues.append({
            "description": advice(f) + (f" [{f.document}]" if f.document else ""),
            "check_name": f.rule,
            "fingerprint": fingerprint,
            "severity": SEVERITIES[f.level],
            "location": {"path": relative_path(f.path), "lines": {"begin": f.line, "end": f.end_line}},
        })
    json.dump(issues, out, ensure_ascii=False, indent=2)
    out.write("\n")
