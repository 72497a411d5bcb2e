"""Per-rule precision and recall of scusa-lint on folders of labelled texts.

    python benchmarks/eval_rules.py [FOLDER ...] [--templates] [--details] [--select IDS] [--json]

A FOLDER is in one of two formats:

- a labelled corpus (``labels.yaml``, as in ``../shared/corpus/*/``): each text id maps every rule
  id to ``{label: yes|no|unsure}``; ``unsure`` is not scored. The text is ``ID.txt`` (or
  ``ID.html`` when there is no ``.txt``);
- a held-out set (``expected.yml``): each file name maps to the rule ids a reviewer would flag;
  an id ending in ``?`` is debatable and not scored; every other rule is ``no``.

Scoring is per document and rule: a rule fires on a text when it reports at least one finding
there. ``grammar`` is not scored unless ``--with-grammar`` (it needs a LanguageTool server).
``--templates`` checks every file as a helpdesk template (its placeholders are expected).
The tool runs once over all files (every rule selected, ``--fail-on info``). Set
``SCUSA_LINT_CMD`` (e.g. ``"python -m scusa_lint"`` with another ``PYTHONPATH``) to score another build.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEFAULT = REPO.parent / "shared" / "corpus" / "real"
SKIPPED = {"grammar"}


@dataclass
class Labels:
    """What a text should get: rules that must fire, rules that must not, the others unscored."""

    yes: set[str] = field(default_factory=set)
    no: set[str] = field(default_factory=set)
    unsure: set[str] = field(default_factory=set)
    everything_else_no: bool = False  # held-out sets name only the yes rules

    def expected(self, rule: str) -> bool | None:
        if rule in self.yes:
            return True
        if rule in self.no or (self.everything_else_no and rule not in self.unsure):
            return False
        return None


def _label(value) -> str:
    """``yes``/``no`` are booleans to a YAML 1.1 loader."""
    raw = value.get("label") if isinstance(value, dict) else value
    return {True: "yes", False: "no"}.get(raw, str(raw))


def load_folder(folder: Path) -> dict[Path, Labels]:
    if (folder / "labels.yaml").is_file():
        data = yaml.safe_load((folder / "labels.yaml").read_text(encoding="utf-8")) or {}
        out = {}
        for text_id, rules in data.items():
            path = folder / f"{text_id}.txt"
            if not path.is_file():
                path = folder / f"{text_id}.html"
            labels = Labels()
            for rule, value in (rules or {}).items():
                {"yes": labels.yes, "no": labels.no}.get(_label(value), labels.unsure).add(rule)
            out[path.resolve()] = labels
        return out
    if (folder / "expected.yml").is_file():
        data = yaml.safe_load((folder / "expected.yml").read_text(encoding="utf-8")) or {}
        out = {}
        for name, ids in data.items():
            ids = ids or []
            out[(folder / name).resolve()] = Labels(
                yes={i for i in ids if not i.endswith("?")}, unsure={i[:-1] for i in ids if i.endswith("?")},
                everything_else_no=True)
        return out
    sys.exit(f"{folder}: neither labels.yaml nor expected.yml")


def run_tool(files: list[Path], select: str, templates: bool) -> dict[Path, dict[str, list[str]]]:
    exe = BIN / "scusa-lint"
    base = shlex.split(os.environ["SCUSA_LINT_CMD"]) if os.environ.get("SCUSA_LINT_CMD") else \
        [str(exe) if exe.exists() else "scusa-lint"]
    with tempfile.TemporaryDirectory() as scratch:
        config = []
        if templates:  # a fixed configuration: every file is a template, nothing else changes
            path = Path(scratch) / "templates.toml"
            path.write_text('template-paths = ["**/*", "*"]\n', encoding="utf-8")
            config = ["--config", str(path)]
        cmd = [*base, "--output-format", "json", "--fail-on", "info", "--quiet", "--select", select,
               *config, *map(str, files)]
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    if proc.returncode not in (0, 1):
        sys.exit(f"scusa-lint failed ({proc.returncode}): {proc.stderr.strip()}")
    found: dict[Path, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for f in json.loads(proc.stdout)["findings"]:
        path = Path(f["path"])
        path = path if path.is_absolute() else (REPO / path)
        found[path.resolve()][f["rule"]].append(f"{f['line']}:{f['column']} {f.get('message', '')[:70]}")
    return found


@dataclass
class Score:
    tp: list[str] = field(default_factory=list)
    fp: list[str] = field(default_factory=list)
    fn: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        fired = len(self.tp) + len(self.fp)
        return len(self.tp) / fired if fired else None

    @property
    def recall(self) -> float | None:
        wanted = len(self.tp) + len(self.fn)
        return len(self.tp) / wanted if wanted else None


def score(labels: dict[Path, Labels], found: dict[Path, dict[str, list[str]]],
          skip: set[str]) -> tuple[dict[str, Score], int, int]:
    """Per-rule scores, and how many all-``no`` texts there are and how many came out clean."""
    scores: dict[str, Score] = defaultdict(Score)
    clean_total = clean_ok = 0
    for path, label in labels.items():
        got = {r for r in found.get(path, {}) if r not in skip}
        rules = (label.yes | label.no | label.unsure | got) - skip
        for rule in rules:
            want = label.expected(rule)
            if want is None:
                continue
            fired = rule in got
            where = path.stem + (f"  ({'; '.join(found[path][rule][:2])})" if fired else "")
            if fired and want:
                scores[rule].tp.append(where)
            elif fired:
                scores[rule].fp.append(where)
            elif want:
                scores[rule].fn.append(where)
        if not (label.yes - skip) and not (label.unsure - skip):
            clean_total += 1
            clean_ok += not got
    return scores, clean_total, clean_ok


def fmt(x: float | None) -> str:
    return "  -  " if x is None else f"{x:5.2f}"


def micro(scores: dict[str, Score], rules) -> Score:
    total = Score()
    for rule in rules:
        total.tp += scores[rule].tp
        total.fp += scores[rule].fp
        total.fn += scores[rule].fn
    return total


def evaluate(folders: list[Path], *, templates: bool = False, select: str = "ALL",
             with_grammar: bool = False) -> dict:
    """Score the folders; the figures as a dict (also what ``--json`` prints)."""
    labels: dict[Path, Labels] = {}
    for folder in folders:
        labels.update(load_folder(folder))
    found = run_tool(sorted(labels), select, templates)
    skip = set() if with_grammar else SKIPPED
    scores, clean_total, clean_ok = score(labels, found, skip)
    chosen = None if select == "ALL" else set(select.split(","))
    rules = sorted(r for r in scores if chosen is None or r in chosen)
    total = micro(scores, rules)
    return {
        "files": len(labels),
        "rules": {r: {"tp": len(s.tp), "fp": len(s.fp), "fn": len(s.fn), "precision": s.precision,
                      "recall": s.recall, "false_positives": s.fp, "false_negatives": s.fn}
                  for r, s in ((r, scores[r]) for r in rules)},
        "micro": {"tp": len(total.tp), "fp": len(total.fp), "fn": len(total.fn),
                  "precision": total.precision, "recall": total.recall},
        "clean": {"total": clean_total, "reported_clean": clean_ok},
    }


def print_table(result: dict, details: bool) -> None:
    print(f"{result['files']} files; scored per document and rule\n")
    print(f"{'rule':24} {'TP':>3} {'FP':>3} {'FN':>3}  {'prec':>5}  {'rec':>5}")
    for rule, s in result["rules"].items():
        print(f"{rule:24} {s['tp']:3} {s['fp']:3} {s['fn']:3}  {fmt(s['precision'])}  {fmt(s['recall'])}")
    m = result["micro"]
    print(f"\n{'micro':24} {m['tp']:3} {m['fp']:3} {m['fn']:3}  {fmt(m['precision'])}  {fmt(m['recall'])}")
    c = result["clean"]
    print(f"texts labelled all 'no' reported clean: {c['reported_clean']}/{c['total']}")
    if details:
        for side, key in (("False positives", "false_positives"), ("False negatives", "false_negatives")):
            print(f"\n{side}:")
            for rule, s in result["rules"].items():
                for item in s[key]:
                    print(f"  {rule:24} {item}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*", type=Path, default=[DEFAULT])
    ap.add_argument("--templates", action="store_true", help="check every file as a helpdesk template")
    ap.add_argument("--details", action="store_true", help="list every false positive and false negative")
    ap.add_argument("--select", default="ALL", help="rules to run (default ALL)")
    ap.add_argument("--with-grammar", action="store_true", help="also score the grammar rule")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()
    result = evaluate(args.folders, templates=args.templates, select=args.select, with_grammar=args.with_grammar)
    if args.json:
        print(json.dumps(result, indent=1, ensure_ascii=False))
    else:
        print_table(result, args.details)
    return 0


if __name__ == "__main__":
    sys.exit(main())
