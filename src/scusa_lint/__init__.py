"""scusa-lint: a linter for Italian customer-apology e-mails and support reply templates."""

__version__ = "0.1.0"
