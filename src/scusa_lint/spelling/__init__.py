"""Spelling for scusa-lint: an embedded offline Italian speller and a LanguageTool backend.

- ``tokens``: which words of a document's prose are checked at all;
- ``embedded``: Hunspell (chunspell) with the LibreOffice it_IT dictionary, common English words
  and prefixed compounds accepted unless they are a typical slip of a commoner Italian word,
  frequency-ranked suggestions (loaded on first use; importing this package does not import Hunspell);
- ``languagetool``: a LanguageTool HTTP server through language-tool-python, with bounded requests;
- ``service``: the backend chosen from the settings, shared by the ``spelling`` and ``grammar`` checks.
"""
