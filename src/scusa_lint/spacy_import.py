"""spaCy without its command line on the import path.

``import spacy`` runs ``from .cli.info import info`` (for ``spacy.info``), which imports the whole
spaCy CLI (typer, weasel, httpx, jinja2...): about a third of spaCy's import time, for commands
scusa-lint never runs. Until then ``spacy.cli`` and ``spacy.cli.info`` are placeholders that load
the real modules on first use, so ``spacy.info()`` and ``import spacy.cli`` keep working.
"""

from __future__ import annotations

import importlib
import sys
import types

_DEFERRED = ("spacy.cli.info", "spacy.cli")


class _Placeholder(types.ModuleType):
    def __getattr__(self, name: str):
        if self.__name__ == "spacy.cli.info" and name == "info" and "spacy" in sys.modules:
            sys.modules["spacy"].cli = sys.modules["spacy.cli"]  # spaCy's own import: keep spacy.cli reachable
            return _info
        if name.startswith("__") and (name != "__path__" or self.__name__ != "spacy.cli"):
            raise AttributeError(name)  # the import system asks whether spacy.cli.info is a package
        return getattr(_real(self.__name__), name)


def _real(name: str) -> types.ModuleType:
    for module in _DEFERRED:
        if isinstance(sys.modules.get(module), _Placeholder):
            del sys.modules[module]
    return importlib.import_module(name)


def _info(*args, **kwargs):
    return _real("spacy.cli.info").info(*args, **kwargs)


def defer_spacy_cli() -> None:
    """Put the placeholders in place, unless spaCy (or its CLI) is already imported."""
    if "spacy" in sys.modules or any(module in sys.modules for module in _DEFERRED):
        return
    sys.modules.update({module: _Placeholder(module) for module in _DEFERRED})
