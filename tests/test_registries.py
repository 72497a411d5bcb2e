"""Readers and renderers are registered by name and imported on first use; the names stay true."""

from __future__ import annotations

from scusa_lint.readers import PRESET_NAMES, READERS, reader_for
from scusa_lint.readers.templates import PRESETS
from scusa_lint.renderers import RENDERERS, renderer


def test_every_reader_and_renderer_name_resolves():
    assert all(callable(reader_for(name)) for name in READERS)
    assert all(callable(renderer(name)) for name in RENDERERS)


def test_preset_names_match_the_presets():
    assert set(PRESET_NAMES) == set(PRESETS)
