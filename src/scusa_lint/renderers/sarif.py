"""SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, IDE viewers).

The driver lists every rule of the run with its help text and default level; each result points
at its rule by id and index, at the file by a URI relative to the working directory (``%SRCROOT%``)
and at the span by a region in Unicode code points; safe fixes become SARIF ``fixes``.
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import TextIO
from urllib.parse import quote

from scusa_lint import __version__
from scusa_lint.findings import Finding
from scusa_lint.lines import line_col, line_starts
from scusa_lint.renderers import advice, relative_path
from scusa_lint.renderers.fingerprint import fingerprints
from scusa_lint.report import Report

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
SRCROOT = "%SRCROOT%"
_SLOT = re.compile(r"\{[a-z_]+\}")


def render_sarif(report: Report, out: TextIO, color: bool = False) -> None:
    descriptors = [rule_descriptor(rule) for rule in report.rules]
    index = {d["id"]: number for number, d in enumerate(descriptors)}
    results = []
    for f, fingerprint in zip(report.findings, fingerprints(report), strict=True):
        if f.rule not in index:  # a finding of a rule the run does not list: describe it briefly
            index[f.rule] = len(descriptors)
            descriptors.append({"id": f.rule, "defaultConfiguration": {"level": SARIF_LEVELS[f.level]}})
        results.append(_result(f, index[f.rule], fingerprint, report.sources.get(f.path)))
    driver = {"name": "scusa-lint", "version": __version__, "semanticVersion": __version__}
    uri = information_uri()
    if uri:
        driver["informationUri"] = uri
    driver["rules"] = descriptors
    run = {
        "tool": {"driver": driver},
        "invocations": [_invocation(report)],
        "originalUriBaseIds": {SRCROOT: {"uri": Path.cwd().as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    json.dump({"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}, out, ensure_ascii=False, indent=2)
    out.write("\n")


def rule_descriptor(rule) -> dict:
    short = _SLOT.sub("…", rule.message).strip()
    full = rule.description or short
    help_text = f"{rule.hint}\n\nFonte: {rule.source}"
    help_markdown = f"{rule.hint}\n\nFonte: {rule.source}"
    examples = rule.examples or {}
    if examples.get("bad") and examples.get("good"):
        help_text += f"\n\nDa evitare: {examples['bad'][0]}\nMeglio: {examples['good'][0]}"
        help_markdown += f"\n\n**Da evitare:** {examples['bad'][0]}\n\n**Meglio:** {examples['good'][0]}"
    return {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.id.split("-")),
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "help": {"text": help_text, "markdown": help_markdown},
        "defaultConfiguration": {"level": SARIF_LEVELS[rule.level]},
        "properties": {"tags": ["scusa-lint", rule.kind], "kind": rule.kind, "source": rule.source},
    }


def information_uri() -> str | None:
    """The project's home page, from the installed package's metadata (``[project.urls]``)."""
    try:
        meta = metadata.metadata("scusa-lint")
    except metadata.PackageNotFoundError:
        return None
    urls = [entry.split(",", 1) for entry in meta.get_all("Project-URL") or [] if "," in entry]
    for label, url in urls:
        if label.strip().lower() in ("homepage", "home", "source", "repository"):
            return url.strip()
    return meta.get("Home-page") or None


def artifact_location(path: str) -> dict:
    if path == "-":
        return {"uri": "-"}
    relative = relative_path(path)
    if os.path.isabs(relative):
        return {"uri": Path(relative).as_uri()}
    return {"uri": quote(relative, safe="/"), "uriBaseId": SRCROOT}


def _region(line: int, column: int, end_line: int, end_column: int, snippet: str | None = None) -> dict:
    region = {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}
    if snippet:
        region["snippet"] = {"text": snippet}
    return region


def _result(f: Finding, rule_index: int, fingerprint: str, source: str | None) -> dict:
    location = {"physicalLocation": {
        "artifactLocation": artifact_location(f.path),
        "region": _region(f.line, f.column, f.end_line, f.end_column,
                          source[f.offset:f.end_offset] if source is not None else None),
    }}
    if f.document:
        location["logicalLocations"] = [{"name": f.document, "kind": "member"}]
    result = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": SARIF_LEVELS[f.level],
        "message": {"text": advice(f)},
        "locations": [location],
        "partialFingerprints": {"scusaLint/v1": fingerprint},
    }
    if f.fix is not None and source is not None:
        result["fixes"] = [_fix(f, source)]
    return result


def _fix(f: Finding, source: str) -> dict:
    fix = f.fix
    starts = _line_starts(source)

    deleted = _region(*line_col(starts, fix.start), *line_col(starts, fix.end))
    return {
        "description": {"text": f"«{source[fix.start:fix.end]}» → «{fix.replacement}»"},
        "artifactChanges": [{
            "artifactLocation": artifact_location(f.path),
            "replacements": [{"deletedRegion": deleted, "insertedContent": {"text": fix.replacement}}],
        }],
    }


@lru_cache(maxsize=8)
def _line_starts(source: str) -> list[int]:
    return line_starts(source)


def _invocation(report: Report) -> dict:
    invocation: dict = {"executionSuccessful": not report.errors}
    if report.errors:
        invocation["toolExecutionNotifications"] = [
            {"level": "error", "message": {"text": str(error)}} for error in report.errors]
    return invocation
