"""JUnit XML for CI test reports: one testcase per file checked, one failure per finding.

A file that could not be read gets an ``<error>`` instead. Built with ``xml.etree`` so the XML is
always well-formed; characters XML 1.0 cannot hold are dropped from the texts.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TextIO

from scusa_lint.renderers import advice
from scusa_lint.report import Report

_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
SUITE = "scusa-lint"


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def render_junit(report: Report, out: TextIO, color: bool = False) -> None:
    by_path: dict[str, list] = {path: [] for path in report.paths}
    for f in report.findings:
        by_path.setdefault(f.path, []).append(f)
    errors_of: dict[str, list] = {}
    for error in report.errors:
        where = getattr(error, "where", str(error))
        path = next((p for p in by_path if where == p or where.startswith(p + ":")), where)
        by_path.setdefault(path, [])
        errors_of.setdefault(path, []).append(error)

    failures = len(report.findings)
    errors = sum(len(items) for items in errors_of.values())
    root = ET.Element("testsuites", name=SUITE, tests=str(len(by_path)), failures=str(failures), errors=str(errors))
    suite = ET.SubElement(root, "testsuite", name=SUITE, tests=str(len(by_path)), failures=str(failures),
                          errors=str(errors), skipped="0")
    for path, findings in by_path.items():
        case = ET.SubElement(suite, "testcase", name=_clean(path), classname=SUITE, file=_clean(path))
        for f in findings:
            where = f"{f.path}:{f.line}:{f.column}"
            failure = ET.SubElement(case, "failure", type=f.rule, message=_clean(f"{where} {f.rule}: {f.message}"))
            body = f"{where}  {f.level}  {f.rule}  {advice(f)}"
            if f.document:
                body += f"  [{f.document}]"
            failure.text = _clean(body)
        for error in errors_of.get(path, []):
            item = ET.SubElement(case, "error", type=type(error).__name__, message=_clean(str(error)))
            item.text = _clean(str(error))
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
