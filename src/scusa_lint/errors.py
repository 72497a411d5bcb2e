"""Errors the user must see as one line (exit status 2), never as a traceback."""


def describe(exc: BaseException) -> str:
    """An exception as the cause part of a one-line message: lower-case OS wording, no newlines."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror[:1].lower() + exc.strerror[1:]
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."


class UserError(Exception):
    """A problem with the user's input, configuration or rules, described in one line."""

    def __init__(self, where: str, cause: str) -> None:
        super().__init__(f"{where}: {cause}")
        self.where = where
        self.cause = cause

    def __reduce__(self):  # errors cross process boundaries in parallel runs
        return self.__class__, (self.where, self.cause)


class InputError(UserError):
    """A file that cannot be read or parsed."""


class ConfigError(UserError):
    """A configuration file or command-line setting that is wrong."""


class RuleError(UserError):
    """A rule file that does not follow the rule schema."""


class BackendError(UserError):
    """A requested backend (spaCy model, LanguageTool server) that cannot be used."""


class InternalError(UserError):
    """An unexpected failure while checking one file: a bug, reported as that file's one line.

    ``details`` is the traceback, shown with ``--debug`` or ``SCUSA_LINT_DEBUG=1``."""

    def __init__(self, where: str, cause: str, details: str = "") -> None:
        super().__init__(where, cause)
        self.details = details

    def __reduce__(self):
        return self.__class__, (self.where, self.cause, self.details)


def file_failure(path: str, exc: BaseException) -> UserError:
    """The one-line error of a file whose reading, parsing or checking raised ``exc``."""
    import traceback

    if isinstance(exc, UserError):
        return exc
    if isinstance(exc, MemoryError):
        return InputError(path, "ran out of memory while checking this file (is it much larger than a draft?)")
    if isinstance(exc, RecursionError):
        return InputError(path, "nested too deeply to check")
    details = "".join(traceback.format_exception(exc))
    return InternalError(path, f"internal error ({type(exc).__name__}: {describe(exc)}): this is a bug in "
                               "scusa-lint, please report it with this file (--debug or SCUSA_LINT_DEBUG=1 shows "
                               "the traceback)", details)
