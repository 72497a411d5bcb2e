"""A Markdown summary of a run: the counts by level and by rule, the files with most findings
and the files that could not be read. Written for a CI job summary (``$GITHUB_STEP_SUMMARY``), where
it carries the full counts even when the annotations on the pull request are cut short."""

from __future__ import annotations

from collections import Counter
from typing import TextIO

from scusa_lint.renderers import level_word, relative_path, summary_line
from scusa_lint.report import Report

# GitHub shows at most this many annotations of each level for one step.
ANNOTATIONS_PER_STEP = 10
TOP_FILES = 10
MAX_ERRORS_LISTED = 50


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_summary(report: Report, out: TextIO, color: bool = False) -> None:
    lines = ["## scusa-lint", "", summary_line(report), ""]
    levels = report.counts()
    if any(n > ANNOTATIONS_PER_STEP for n in levels.values()):
        lines += [f"Nella pull request GitHub mostra al massimo {ANNOTATIONS_PER_STEP} annotazioni per livello in "
                  "ciascuno step del job: i conteggi completi sono qui sotto.", ""]
    by_rule = Counter((f.rule, f.level) for f in report.findings)
    if by_rule:
        files_of: dict[tuple[str, str], set[str]] = {}
        for f in report.findings:
            files_of.setdefault((f.rule, f.level), set()).add(f.path)
        lines += ["| regola | livello | segnalazioni | file |", "|---|---|---:|---:|"]
        for (rule, level), n in sorted(by_rule.items(), key=lambda item: (-item[1], item[0])):
            lines.append(f"| `{rule}` | {level_word(level)} | {n} | {len(files_of[(rule, level)])} |")
        lines.append("")
        by_file = Counter(f.path for f in report.findings)
        title = "File con più segnalazioni" if len(by_file) > TOP_FILES else "Segnalazioni per file"
        lines += [f"**{title}**", "", "| file | segnalazioni |", "|---|---:|"]
        for path, n in sorted(by_file.items(), key=lambda item: (-item[1], item[0]))[:TOP_FILES]:
            lines.append(f"| {_cell(relative_path(path))} | {n} |")
        lines.append("")
    by_path = report.errors_by_path()
    others = by_path.pop(None, [])
    for title, errors in (("Non leggibili", [e for items in by_path.values() for e in items]),
                          ("Altri problemi", others)):
        if errors:
            lines += [f"**{title} ({len(errors)})**", ""]
            lines += [f"- {_cell(str(error))}" for error in errors[:MAX_ERRORS_LISTED]]
            if len(errors) > MAX_ERRORS_LISTED:
                lines.append(f"- … e altri {len(errors) - MAX_ERRORS_LISTED}")
            lines.append("")
    out.write("\n".join(lines))
