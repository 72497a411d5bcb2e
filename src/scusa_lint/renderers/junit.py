"""JUnit XML for CI test reports: one testsuite per file, one testcase per rule run on it.

A testcase fails when its rule made a finding at or above the file's ``fail-on`` level (one
``<failure>`` listing all of them); findings below that level are listed in ``<system-out>`` and
the testcase passes. A file that could not be read is one testcase with an ``<error>``, and an
error that concerns no file (a rule that could not run) one more. So ``tests`` counts testcases and
``failures``/``errors`` count the testcases that failed, at every level of the XML. Built with
``xml.etree`` so the XML is always well-formed; characters XML 1.0 cannot hold are dropped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TextIO

from scusa_lint.findings import Finding
from scusa_lint.renderers import advice, counted, level_word
from scusa_lint.report import Report

_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
SUITE = "scusa-lint"
READ_CASE = "(lettura del file)"


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _line(f: Finding) -> str:
    line = f"{f.path}:{f.line}:{f.column}  {level_word(f.level)}  {f.rule}  {advice(f)}"
    return line + (f"  [{f.document}]" if f.document else "")


def render_junit(report: Report, out: TextIO, color: bool = False) -> None:
    by_path: dict[str, dict[str, list[Finding]]] = {
        path: {rule: [] for rule in report.selected.get(path, ())} for path in report.paths}
    for f in report.findings:
        by_path.setdefault(f.path, {}).setdefault(f.rule, []).append(f)
    errors_of = report.errors_by_path()
    run_errors = errors_of.pop(None, [])
    for path in errors_of:
        by_path.setdefault(path, {})

    root = ET.Element("testsuites", name=SUITE)
    for path, rules in by_path.items():
        suite = ET.SubElement(root, "testsuite", name=_clean(path))
        if path in errors_of:  # its rules did not run
            rules = {rule: findings for rule, findings in rules.items() if findings}
        for rule, findings in rules.items():
            case = ET.SubElement(suite, "testcase", name=rule, classname=_clean(path), file=_clean(path))
            failing = [f for f in findings if report.fails(f)]
            if failing:
                first = failing[0]
                message = f"{first.path}:{first.line}:{first.column} {rule}: {first.message}"
                if len(failing) > 1:
                    message += f" (e {counted(len(failing) - 1, 'altra segnalazione', 'altre segnalazioni')})"
                failure = ET.SubElement(case, "failure", type=rule, message=_clean(message))
                failure.text = _clean("\n".join(_line(f) for f in failing))
            below = [f for f in findings if not report.fails(f)]
            if below:
                ET.SubElement(case, "system-out").text = _clean("\n".join(_line(f) for f in below))
        for error in errors_of.get(path, []):
            _error_case(suite, path, error)
    if run_errors:
        suite = ET.SubElement(root, "testsuite", name=SUITE)
        for error in run_errors:
            _error_case(suite, SUITE, error, name=getattr(error, "where", SUITE))
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for suite in root:
        counts = {"tests": len(suite.findall("testcase")), "failures": len(suite.findall("testcase/failure")),
                  "errors": len(suite.findall("testcase/error"))}
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        suite.set("skipped", "0")
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")


def _error_case(suite: ET.Element, path: str, error, name: str = READ_CASE) -> None:
    case = ET.SubElement(suite, "testcase", name=_clean(name), classname=_clean(path), file=_clean(path))
    item = ET.SubElement(case, "error", type=type(error).__name__, message=_clean(str(error)))
    item.text = _clean(str(error))
