"""Git's ignore files, as folder walks respect them (``respect-gitignore``, on by default).

Inside a git work tree (a folder with a ``.git`` entry above the path), the ``.gitignore`` of
every folder from the work tree's root down to the path applies, the deepest one that has a
matching pattern deciding; ``.git/info/exclude`` counts as the root's lowest-priority file. The
user's global excludes file is not read, so a run gives the same files on every machine.
Pattern syntax and matching are pathspec's, which follows git's own rules.
"""

from __future__ import annotations

import os
from pathlib import Path

import pathspec

from scusa_lint.config import relative_posix


class GitIgnore:
    """Reads each ignore file once per run."""

    def __init__(self) -> None:
        self._specs: dict[Path, pathspec.GitIgnoreSpec | None] = {}
        self._roots: dict[Path, Path | None] = {}

    def ignored(self, path: str, *, is_dir: bool = False, floor: str | None = None) -> bool:
        """Does git ignore ``path``? Only ignore files at or below ``floor`` count, when given."""
        absolute = Path(os.path.abspath(path))
        root = self.work_tree(absolute.parent)
        if root is None:
            return False
        lowest = Path(os.path.abspath(floor)) if floor is not None else root
        if root not in (lowest, *lowest.parents):
            lowest = root
        folder = absolute.parent
        while True:
            spec = self._spec(folder, folder == root)
            if spec is not None:
                result = spec.check_file((relative_posix(str(absolute), folder) or "") + ("/" if is_dir else ""))
                if result.include is not None:
                    return bool(result.include)
            if folder in (lowest, root) or folder.parent == folder:
                return False
            folder = folder.parent

    def ignored_anywhere(self, path: str) -> bool:
        """Is ``path`` or a folder above it (inside the work tree) ignored? For named files."""
        absolute = Path(os.path.abspath(path))
        root = self.work_tree(absolute.parent)
        if root is None:
            return False
        folders = [folder for folder in reversed(absolute.parents) if root in folder.parents]
        return any(self.ignored(str(folder), is_dir=True) for folder in folders) or self.ignored(str(absolute))

    def work_tree(self, folder: Path) -> Path | None:
        if folder not in self._roots:
            if (folder / ".git").exists():
                self._roots[folder] = folder
            else:
                self._roots[folder] = None if folder.parent == folder else self.work_tree(folder.parent)
        return self._roots[folder]

    def _spec(self, folder: Path, is_root: bool) -> pathspec.GitIgnoreSpec | None:
        if folder not in self._specs:
            lines: list[str] = []
            names = [folder / ".git" / "info" / "exclude"] if is_root else []
            for name in (*names, folder / ".gitignore"):
                try:
                    lines += name.read_text(encoding="utf-8", errors="replace").splitlines()
                except OSError:  # none here (or unreadable): git itself passes over it
                    continue
            self._specs[folder] = pathspec.GitIgnoreSpec.from_lines(lines) if lines else None
        return self._specs[folder]
