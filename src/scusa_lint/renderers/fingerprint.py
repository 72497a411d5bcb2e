"""Fingerprints that identify a finding across runs (GitLab Code Quality, SARIF).

A fingerprint hashes the file's path, the rule, the flagged text and which occurrence of that
same text and rule in the file it is, never the line number: inserting a line above a finding
leaves its fingerprint unchanged, so a merge request shows it as old, not as new.
"""

from __future__ import annotations

import hashlib
from collections import Counter

from scusa_lint.renderers import relative_path
from scusa_lint.report import Report


def fingerprints(report: Report) -> list[str]:
    """One fingerprint per finding of ``report.findings``, in the same order."""
    seen: Counter[tuple[str, str, str]] = Counter()
    result = []
    for f in report.findings:
        source = report.sources.get(f.path)
        flagged = source[f.offset:f.end_offset] if source is not None else ""
        key = (relative_path(f.path), f.rule, " ".join(flagged.split()))
        occurrence = seen[key]
        seen[key] += 1
        text = "\0".join((*key, str(occurrence)))
        result.append(hashlib.sha256(text.encode("utf-8")).hexdigest()[:32])
    return result
