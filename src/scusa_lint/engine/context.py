"""What checks see besides the document: the run's shared services and the per-document context."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scusa_lint.config import Settings
    from scusa_lint.document import Document
    from scusa_lint.engine.detectors import Detector
    from scusa_lint.engine.patterns import MatchIndex, PatternCompiler


class Services:
    """Backends shared by the checks of one run, each built on first use (a run that never
    needs the speller never loads it)."""

    def __init__(self) -> None:
        self._factories: dict[str, Callable[[Settings], Any]] = {}
        self._built: dict[tuple[str, Any], Any] = {}

    def register(self, name: str, factory: Callable[[Settings], Any]) -> None:
        self._factories.setdefault(name, factory)

    def get(self, name: str, settings: Settings, key: Any = None) -> Any:
        """The service ``name`` for these settings; ``key`` tells which settings make it differ."""
        cache_key = (name, key)
        if cache_key not in self._built:
            self._built[cache_key] = self._factories[name](settings)
        return self._built[cache_key]

    def close(self) -> None:
        for service in self._built.values():
            close = getattr(service, "close", None)
            if close:
                close()
        self._built.clear()


@dataclass
class CheckEnv:
    """Given to every check when it is compiled."""

    compiler: PatternCompiler
    services: Services = field(default_factory=Services)


@dataclass
class DocContext:
    """Given to every check for each document."""

    settings: Settings
    matches: MatchIndex
    detectors: dict[str, Detector]
    document: Document

    @property
    def config(self) -> Settings:
        return self.settings

    verdicts: dict[str, bool] = field(default_factory=dict)

    def detected(self, detector_id: str) -> bool:
        """Does the detector accept the text? Every detector accepts files under ``apology-paths``:
        they are apologies, held to every required-content rule."""
        if detector_id not in self.verdicts:
            self.verdicts[detector_id] = self.settings.is_apology_path(self.document.path) or \
                self.detectors[detector_id].detect(self.matches)
        return self.verdicts[detector_id]
