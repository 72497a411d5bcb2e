"""Per-rule precision and recall of scusa-lint on a held-out folder of annotated texts.

    python benchmarks/eval_rules.py [FOLDER ...] [--details] [--select IDS]

Each FOLDER (default: tests/fixtures/heldout) holds plain-text drafts and an ``expected.yml``
mapping each file name to the rule ids a careful human reviewer would flag. An id ending in
``?`` marks a debatable call: it is counted neither as a false positive when the tool reports it
nor as a false negative when the tool misses it. Scoring is per file and rule (a rule either
fires on a file or not), which is what the annotation can state; `grammar` is not scored unless
``--with-grammar`` is given (it needs a LanguageTool server).

The tool runs once over all files (every rule selected, ``--fail-on info``). A folder may hold a
``.scusa-lint.toml`` that states facts about its files (``template-paths``: which files are helpdesk
macros whose ``{{...}}`` placeholders the helpdesk fills in); it must not select or ignore rules.
Set ``SCUSA_LINT_CMD`` (e.g. ``"python -m scusa_lint"`` with another ``PYTHONPATH``) to score another build.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEFAULT = REPO / "tests" / "fixtures" / "heldout"


def load_expected(folder: Path) -> dict[str, tuple[set[str], set[str]]]:
    data = yaml.safe_load((folder / "expected.yml").read_text(encoding="utf-8")) or {}
    out = {}
    for name, ids in data.items():
        sure = {i for i in ids or [] if not i.endswith("?")}
        maybe = {i[:-1] for i in ids or [] if i.endswith("?")}
        out[name] = (sure, maybe)
    missing = [p.name for p in folder.glob("*.txt") if p.name not in out]
    if missing:
        sys.exit(f"{folder}/expected.yml: no annotation for {', '.join(sorted(missing))}")
    return out


def run_tool(files: list[Path], select: str) -> dict[Path, dict[str, list[str]]]:
    exe = BIN / "scusa-lint"
    base = shlex.split(os.environ["SCUSA_LINT_CMD"]) if os.environ.get("SCUSA_LINT_CMD") else \
        [str(exe) if exe.exists() else "scusa-lint"]
    cmd = [*base, "--output-format", "json",
           "--fail-on", "info", "--quiet", "--select", select, *map(str, files)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    if proc.returncode not in (0, 1):
        sys.exit(f"scusa-lint failed ({proc.returncode}): {proc.stderr.strip()}")
    found: dict[Path, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for f in json.loads(proc.stdout)["findings"]:
        path = Path(f["path"])
        path = path if path.is_absolute() else (REPO / path)
        found[path.resolve()][f["rule"]].append(f"{f['line']}:{f['column']} {f.get('message', '')[:60]}")
    return found


def fmt(x: float | None) -> str:
    return "  -  " if x is None else f"{x:5.2f}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*", type=Path, default=[DEFAULT])
    ap.add_argument("--details", action="store_true", help="list every false positive and false negative")
    ap.add_argument("--select", default="ALL", help="rules to run (default ALL)")
    ap.add_argument("--with-grammar", action="store_true", help="also score the grammar rule")
    args = ap.parse_args()

    expected: dict[Path, tuple[set[str], set[str]]] = {}
    for folder in args.folders:
        for name, ann in load_expected(folder).items():
            expected[(folder / name).resolve()] = ann
    files = sorted(expected)
    found = run_tool(files, args.select)

    skip = set() if args.with_grammar else {"grammar"}
    tp: dict[str, int] = defaultdict(int)
    fp: dict[str, list[str]] = defaultdict(list)
    fn: dict[str, list[str]] = defaultdict(list)
    clean_total = clean_ok = 0
    for path in files:
        sure, maybe = expected[path]
        got = {r for r in found.get(path, {}) if r not in skip}
        for rule in got & sure:
            tp[rule] += 1
        for rule in got - sure - maybe:
            fp[rule].append(f"{path.name}  ({'; '.join(found[path][rule][:2])})")
        for rule in sure - got - skip:
            fn[rule].append(path.name)
        if not sure:
            clean_total += 1
            clean_ok += not (got - maybe)

    rules = sorted(set(tp) | set(fp) | set(fn))
    print(f"{len(files)} files; per file-and-rule scoring\n")
    print(f"{'rule':24} {'TP':>3} {'FP':>3} {'FN':>3}  {'prec':>5}  {'rec':>5}")
    kinds = {"forbid": [0, 0, 0], "require": [0, 0, 0]}
    for rule in rules:
        t, p, n = tp[rule], len(fp[rule]), len(fn[rule])
        prec = t / (t + p) if t + p else None
        rec = t / (t + n) if t + n else None
        print(f"{rule:24} {t:3} {p:3} {n:3}  {fmt(prec)}  {fmt(rec)}")
        k = kinds["require" if rule.endswith("-missing") else "forbid"]
        k[0] += t
        k[1] += p
        k[2] += n
    T = sum(tp.values())
    P = sum(len(v) for v in fp.values())
    N = sum(len(v) for v in fn.values())
    print()
    for label, (t, p, n) in [("content rules", kinds["forbid"]), ("required-content", kinds["require"]),
                             ("overall (micro)", (T, P, N))]:
        prec = t / (t + p) if t + p else None
        rec = t / (t + n) if t + n else None
        f1 = 2 * prec * rec / (prec + rec) if prec and rec else None
        print(f"{label:24} {t:3} {p:3} {n:3}  {fmt(prec)}  {fmt(rec)}  F1 {fmt(f1)}")
    print(f"\nexpected-clean files reported clean: {clean_ok}/{clean_total}")

    if args.details:
        print("\nFalse positives:")
        for rule in rules:
            for item in fp[rule]:
                print(f"  {rule:24} {item}")
        print("\nFalse negatives:")
        for rule in rules:
            for item in fn[rule]:
                print(f"  {rule:24} {item}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
