"""scusa-lint: a linter for Italian customer-apology e-mails and support reply templates.

The library API (imported on first use, so that ``import scusa_lint`` stays cheap)::

    from scusa_lint import Linter
    with Linter() as linter:
        report = linter.check_text("GENTILE CLIENTE, ...", format="text")
        for finding in report.findings:
            print(finding.line, finding.column, finding.rule, finding.message)
"""

from scusa_lint.spacy_import import defer_spacy_cli

__version__ = "0.1.0"

defer_spacy_cli()

# public name -> module that defines it
_API = {
    "Linter": "scusa_lint.api",
    "lint_text": "scusa_lint.api",
    "lint_file": "scusa_lint.api",
    "render": "scusa_lint.api",
    "FORMATS": "scusa_lint.api",
    "Report": "scusa_lint.report",
    "Finding": "scusa_lint.findings",
    "Fix": "scusa_lint.findings",
    "UserError": "scusa_lint.errors",
}
__all__ = ["__version__", *_API]


def __getattr__(name: str):
    if name not in _API:
        raise AttributeError(f"module 'scusa_lint' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(_API[name]), name)
