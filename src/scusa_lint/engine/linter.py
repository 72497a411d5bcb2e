"""The linter: rules and pipeline loaded once, documents streamed through ``nlp.pipe``."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language

from scusa_lint.checks import KINDS
from scusa_lint.checks.base import Check
from scusa_lint.config import Settings
from scusa_lint.document import Document, DocumentBuilder
from scusa_lint.engine.context import CheckEnv, DocContext, Services
from scusa_lint.engine.detectors import Detector, load_detectors
from scusa_lint.engine.patterns import PatternCompiler
from scusa_lint.engine.prefilter import save_literals
from scusa_lint.engine.rules import Rule, builtin_rules_dir, load_rules
from scusa_lint.errors import ConfigError, RuleError
from scusa_lint.findings import Finding, Fix, Hit
from scusa_lint.language.layer import LanguageLayer
from scusa_lint.limits import check_time, resident_bytes, time_budget
from scusa_lint.pieces import make_doc

BATCH_SIZE = 64


@dataclass
class Checked:
    """One document and its findings, before inline suppressions and level filtering."""

    document: Document
    settings: Settings
    findings: list[Finding]


class Linter:
    def __init__(self, nlp: Language, rule_folders: list[Path] | None = None,
                 services: Services | None = None) -> None:
        self.nlp = nlp
        folders = [f.resolve() for f in (rule_folders if rule_folders is not None else [builtin_rules_dir()])]
        self.rules: list[Rule] = load_rules(folders, KINDS)
        self.builtin = {r.id for r in self.rules if r.origin == folders[0]}
        self.language = LanguageLayer(nlp, folders)
        self.env = CheckEnv(PatternCompiler(nlp, self.language.class_names, self.language.members),
                           services or Services())
        self.detectors: dict[str, Detector] = {}
        for folder in folders:
            for detector in load_detectors(folder, self.env.compiler).values():
                if detector.id in self.detectors:  # a silent replacement would change every rule using it
                    raise RuleError(str(detector.path), f"detector {detector.id!r} is already defined in "
                                                        f"{self.detectors[detector.id].path}")
                self.detectors[detector.id] = detector
        self.checks: dict[str, Check] = {rule.id: KINDS[rule.kind](rule, self.env) for rule in self.rules}
        for detector in self.detectors.values():
            detector.connect(self.checks)
        for check in self.checks.values():
            unknown = [d for d in check.detectors_needed() if d not in self.detectors]
            if unknown:
                raise RuleError(check.where, f"key 'applies-to': no detector {unknown[0]!r} (detectors: "
                                             f"{', '.join(sorted(self.detectors))}; or 'always')")
        save_literals()
        self._offered: dict[tuple[Path, ...], list[Rule]] = {}  # rules a config's folders offer

    @property
    def rule_ids(self) -> list[str]:
        return [rule.id for rule in self.rules]

    def validate_ids(self, ids, where: str) -> None:
        """Rule ids named by a configuration or the command line must exist."""
        known = set(self.rule_ids) | {"ALL"}
        for rule_id in ids:
            if rule_id not in known:
                raise ConfigError(where, f"unknown rule id {rule_id!r}")

    def validate_settings(self, settings: Settings) -> None:
        named = [*settings.select, *settings.ignore, *(i for _, ids in settings.per_file_ignores for i in ids)]
        self.validate_ids(named, str(settings.config_file) if settings.config_file else "configuration")

    def active(self, settings: Settings, path: str) -> list[Check]:
        """The checks that run on a file: its settings' rule folders, then select and ignore."""
        folders = settings.extend_rules
        if folders not in self._offered:
            origins = {r.origin for r in self.rules if r.id in self.builtin} | set(folders)
            self._offered[folders] = [r for r in self.rules if r.origin in origins]
        return [self.checks[r.id] for r in self._offered[folders] if settings.selects(r.id, path)]

    def lint(self, items: Iterable[tuple[Document, Settings]]) -> Iterator[Checked]:
        """Lint documents in one stream; findings come out in input order.

        A file's time and memory budget covers all its work, tokenizing included. The embedded
        pipeline tags document by document inside that budget; a trained one tags in batches
        (much faster), so there only tokenizing and checking are bounded.
        """
        batched = any(getattr(component, "model", None) is not None for _, component in self.nlp.pipeline)

        def tokenized():
            for doc, settings in items:
                resident, began = resident_bytes(), time.monotonic()
                with time_budget(doc.path, began + settings.time_limit, settings.time_limit, settings.memory_limit,
                                 resident):
                    tokens = make_doc(self.nlp, doc.text)
                yield tokens, (doc, settings, time.monotonic() - began, resident)

        stream = self.nlp.pipe(tokenized(), as_tuples=True, batch_size=BATCH_SIZE) if batched else tokenized()
        path, started, baseline = None, 0.0, None
        for parsed, (doc, settings, tokenizing, resident) in stream:
            if doc.path != path:  # the budget is per file, whatever its number of documents
                path, started, baseline = doc.path, time.monotonic(), resident
            started -= tokenizing
            with time_budget(doc.path, started + settings.time_limit, settings.time_limit, settings.memory_limit,
                             baseline):
                if not batched:
                    for _name, component in self.nlp.pipeline:
                        parsed = component(parsed)
                self.language.annotate(parsed, settings)
                check_time()
                ctx = DocContext(settings, self.env.compiler.index(parsed), self.detectors, doc)
                findings = []
                for check in self.active(settings, doc.path):
                    check_time()
                    findings.extend(to_finding(doc, check.rule, hit) for hit in check.run(doc, parsed, ctx))
            findings.sort(key=Finding.sort_key)
            yield Checked(doc, settings, findings)

    def lint_text(self, text: str, settings: Settings | None = None) -> list[Finding]:
        """Findings on a bare text (rule examples, tests)."""
        return next(self.lint([(plain_document(text), settings or Settings())])).findings

    def detect(self, detector_id: str, text: str) -> bool:
        """The detector's decision on a bare text."""
        parsed = self.parse(text)
        return self.detectors[detector_id].detect(self.env.compiler.index(parsed))


    def parse(self, text: str, settings: Settings | None = None):
        """The document as rules see it: tagged, with vocabulary classes and clauses."""
        return self.language.annotate(self.nlp(make_doc(self.nlp, plain_document(text).text)), settings or Settings())


def plain_document(text: str, path: str = "<text>") -> Document:
    builder = DocumentBuilder(path, text)
    builder.add(text, 0)
    return builder.build()


def to_finding(doc: Document, rule: Rule, hit: Hit) -> Finding:
    start, end = doc.source_span(hit.start, hit.end)
    line, column = doc.line_col(start)
    end_line, end_column = doc.line_col(end)
    fix = Fix(start, end, hit.replacement) if hit.replacement is not None and doc.fixable else None
    return Finding(
        path=doc.path, line=line, column=column, end_line=end_line, end_column=end_column, rule=rule.id,
        level=rule.level, message=hit.message, suggestions=hit.suggestions or ((rule.hint,) if rule.hint else ()),
        source=rule.source, document=doc.title, offset=start, end_offset=end, fix=fix, extra=hit.extra,
    )
