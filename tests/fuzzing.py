"""A seeded fuzz harness: bad and odd inputs for every reader, the configuration and rule loaders,
the caches and the LanguageTool client, each run through the real command line.

Every case is a batch: a good control file first and last, the bad input between (or a bad
configuration, rule folder, cache or LanguageTool stand-in on loopback). A run must end within its
bound with exit status 0, 1 or 2, print no traceback, change no file, and keep the findings of
the control files; an input that is wrong must be reported (exit 2, a line naming it).

``tests/test_fuzz.py`` runs one round of every class in the normal ``pytest`` run; a longer run
is one command::

    python tests/fuzzing.py --rounds 20 [--seed 7] [--only CLASS] [--no-cache]

It prints one line per failing case and a table of counts by class.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import socket
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ltfake import LANGUAGES, QuietServer, check_response  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CONTROL = (REPO / "examples" / "bad-courier-blame.txt").read_text(encoding="utf-8")
CONTROL_RULE = "blame-others"
RUN_BOUND = 90.0  # seconds a batch may take (the per-file time limit, plus start-up)
SENTENCE = "Ci scusiamo per il ritardo del Suo ordine: lo spediremo domani. "


@dataclass
class Case:
    """One batch: files to write (name -> text or bytes), the arguments after ``check``."""

    name: str
    files: dict[str, str | bytes] = field(default_factory=dict)
    args: list[str] = field(default_factory=list)
    stdin: bytes | None = None
    env: dict[str, str] = field(default_factory=dict)
    bad: list[str] = field(default_factory=list)  # inputs that must be reported (exit 2, named)
    controls: bool = True  # a good control file first and last (they must keep their findings)
    server: Callable[[], StandIn] | None = None  # a LanguageTool stand-in, started for the run
    setup: Callable[[Path], None] | None = None  # filesystem faults (FIFOs, links, modes)
    stdout: str = "pipe"  # "closed", "full"
    bound: float = RUN_BOUND


# -- LanguageTool stand-ins ---------------------------------------------------------------------

class StandIn:
    """A misbehaving LanguageTool on 127.0.0.1: ``mode`` says how."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.checks = 0
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status: int, body: bytes, trickle: bool = False) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                for i in range(0, len(body), 1 if trickle else len(body) or 1):
                    self.wfile.write(body[i:i + (1 if trickle else len(body))])
                    self.wfile.flush()
                    if trickle:
                        time.sleep(1.0)

            def do_GET(self):
                if self.path.startswith("/v2/healthcheck"):
                    self._send(200, b"OK")
                elif owner.mode == "bad-languages":
                    self._send(200, b'{"languages": "none"}')
                else:
                    self._send(200, json.dumps(LANGUAGES).encode())

            def do_POST(self):
                size = int(self.headers.get("Content-Length", 0))
                import urllib.parse

                form = {k: v[0] for k, v in urllib.parse.parse_qs(self.rfile.read(size).decode()).items()}
                owner.checks += 1
                body = json.dumps(check_response(form.get("text", ""))).encode()
                if owner.mode == "trickle":
                    self._send(200, body, trickle=True)
                elif owner.mode == "slow-after-first" and owner.checks > 1:
                    time.sleep(60)
                    self._send(200, body)
                elif owner.mode == "garbage":
                    self._send(200, b'{"matches": [{"offset": "x"}]}')
                elif owner.mode == "html":
                    self._send(500, b"<html>Internal Server Error</html>")
                else:
                    self._send(200, body)

        self.httpd = QuietServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> StandIn:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


# -- generators: one per class of the issue's table ----------------------------------------------

def _macros(title, text) -> str:
    return json.dumps({"macros": [{"title": title, "actions": [{"field": "comment_value", "value": text}]}]})


def long_text(rng: random.Random) -> list[Case]:
    size = 1_000_000 + rng.randrange(1, 400_000)
    text = (SENTENCE * (size // len(SENTENCE) + 1))[:size]
    return [Case("long-text", {"long.txt": text})]


def yaml_nonprintable(rng: random.Random) -> list[Case]:
    char = rng.choice(["\x1f", "\x01", "\x7f", "\ufffe"])
    utf32 = "macros:\n  - title: Ritardo\n".encode("utf-32")
    return [Case("yaml-nonprintable", {"m.yml": f"macros:\n  - title: Rit{char}ardo\n", "n.yml": utf32},
                 bad=["m.yml", "n.yml"])]


def yaml_tags(rng: random.Random) -> list[Case]:
    tag = rng.choice(["!!bool maybe", "!!timestamp foo", "!!int abc", "!!float x1", "!unknown 3",
                      "!!python/name:os.system"])
    value = f"macros:\n  - title: {tag}\n    actions:\n      - field: comment_value\n        value: Ci scusiamo.\n"
    key = f"macros:\n  - {tag}: 1\n    actions:\n      - field: comment_value\n        value: Ci scusiamo.\n"
    return [Case("yaml-tags", {"v.yml": value, "k.yml": key}, bad=["v.yml", "k.yml"]),
            Case("yaml-tags-walk", {"walk/v.yml": value, "walk/k.yml": key}, args=["walk"],
                 bad=["walk/v.yml", "walk/k.yml"])]


def yaml_deep(rng: random.Random) -> list[Case]:
    depth = rng.randrange(500, 3000)
    flow = "macros: " + "[" * depth + "]" * depth + "\n"
    block = "macros:\n" + "".join("  " * i + "-\n" for i in range(depth // 4))
    return [Case("yaml-deep", {"flow.yml": flow, "block.yml": block, "deep.json": "[" * depth + "]" * depth},
                 bad=["flow.yml", "block.yml", "deep.json"])]


def surrogates(rng: random.Random) -> list[Case]:
    escape = rng.choice(["\\ud800", "\\udfff", "\\ud83d"])
    cases = []
    for fmt in ("text", "json", "sarif", "concise", "github", "junit", "gitlab", "summary"):
        files = {"s.json": _macros(f"Tito{escape}lo", f"Ci scusiamo{escape} per il ritardo, è colpa del corriere."),
                 "s.yml": f'macros:\n  - title: "T{escape}"\n    actions:\n      - field: comment_value\n'
                          f'        value: "Il ritardo è dovuto al corriere {escape}."\n'}
        cases.append(Case(f"surrogates-{fmt}", files, args=["--output-format", fmt]))
    return cases


def shapes(rng: random.Random) -> list[Case]:
    actions = rng.choice(["5", '"testo"', '{"field": "comment_value"}', "true"])
    text = rng.choice(['{"it": "Ci scusiamo"}', "[1, 2]", "42"])
    return [Case("shapes", {"a.json": '{"macros": [{"title": "x", "actions": ' + actions + '}]}',
                            "b.json": '{"macros": [{"title": "x", "actions": [{"field": "comment_value", '
                                      '"value": ' + text + '}]}]}',
                            "c.json": '{"macros": 3}'},
                 bad=["a.json", "b.json", "c.json"])]


def yaml_bombs(rng: random.Random) -> list[Case]:
    levels = rng.randrange(9, 12)
    laughs = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    laughs += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels)]
    merge = ["m0: &m0 {k: v}"] + [f"m{i}: &m{i} {{<<: [" + ", ".join([f"*m{i - 1}"] * 9) + f"], x{i}: 1}}"
                                  for i in range(1, levels)]
    return [Case("yaml-bombs", {"laughs.yml": "\n".join(laughs) + f"\nmacros: *a{levels - 1}\n",
                                "merge.yml": "\n".join(merge) + f"\nmacros: [*m{levels - 1}]\n"},
                 bad=["laughs.yml", "merge.yml"])]


def speller_load(rng: random.Random) -> list[Case]:
    letters = "bcdfghlmnpqrstvz"
    words = " ".join("".join(rng.choice(letters + "aeiou") for _ in range(rng.randrange(6, 12))) for _ in range(300))
    mojibake = "".join(rng.choice(["Ã¨", "Ã©", "Ã", "â€™", "Â", "Ã²"]) + rng.choice(["ri", "tar", "do", " "])
                       for _ in range(5000))[:20000]
    return [Case("speller-load", {"nonwords.txt": words, "mojibake.txt": mojibake})]


def long_tokens(rng: random.Random) -> list[Case]:
    files = {f"t{n}.txt": "Ci scusiamo " + "".join(rng.choice("abcdefghilmnoprstuvz") for _ in range(n)) + " davvero."
             for n in (3000, 6000, 20000)}
    files["subject.eml"] = ("Subject: " + "a" * 100_000 + "\nContent-Type: text/plain; charset=utf-8\n\n"
                            "Ci scusiamo per il ritardo.\n")
    return [Case("long-tokens", files)]


def punctuation_runs(rng: random.Random) -> list[Case]:
    run = rng.choice("!?.,;:-*")
    # two files of 200,000 tokens: each may take its time-limit (tokenizing included), plus start-up
    return [Case("punctuation-runs", {"p.txt": "Ci scusiamo" + run * rng.randrange(20000, 40000),
                                      "amp.html": "<p>Ci scusiamo " + "&amp;" * 200_000 + "</p>"},
                 bound=2 * RUN_BOUND)]


def markdown_quadratic(rng: random.Random) -> list[Case]:
    spaces = " " * rng.randrange(20000, 30000) + "-x\n"
    deep = "".join("  " * i + "- voce\n" for i in range(2000))
    return [Case("markdown-quadratic", {"spaces.md": spaces, "list.md": deep})]


def user_regex(rng: random.Random) -> list[Case]:
    rule = ("id: catastrophic\nkind: forbid\nlevel: error\nmessage: m\nhint: h\nsource: s\n"
            "patterns:\n  - regex: '(a|aa)+$'\n"
            "examples:\n  bad: [a, b, c, d]\n  good: [a, b, c, d]\n")
    return [Case("user-regex", {"rules/catastrophic.yml": rule, ".scusa-lint.toml": 'extend-rules = ["rules"]\n',
                                "a.txt": "a" * rng.randrange(40, 60) + "b"})]


def fifos(rng: random.Random) -> list[Case]:
    def fifo_in_walk(folder: Path) -> None:
        (folder / "walk").mkdir()
        os.mkfifo(folder / "walk" / "pipe.txt")

    def fifo_config(folder: Path) -> None:
        os.mkfifo(folder / "conf.toml")

    return [Case("fifo-walk", args=["walk"], setup=fifo_in_walk, bad=["walk/pipe.txt"]),
            Case("fifo-named", args=["pipe.txt"], setup=lambda f: os.mkfifo(f / "pipe.txt"), bad=["pipe.txt"]),
            Case("fifo-config", {"d.txt": CONTROL}, args=["--config", "conf.toml", "d.txt"], setup=fifo_config,
                 controls=False, bad=["conf.toml"])]


def devices(rng: random.Random) -> list[Case]:
    def zero_in_walk(folder: Path) -> None:
        (folder / "walk").mkdir()
        (folder / "walk" / "zero.txt").symlink_to("/dev/zero")

    return [Case("device-walk", args=["walk"], setup=zero_in_walk, bad=["walk/zero.txt"]),
            Case("device-stdin", args=["-"], controls=False, stdin=None, env={"STDIN": "/dev/zero"}, bad=["-"])]


def languagetool(rng: random.Random) -> list[Case]:
    cases = []
    for mode in ("trickle", "slow-after-first", "bad-languages", "garbage", "html"):
        files = {f"d{i}.txt": SENTENCE + "Gentile cliente , il rimborso è pronto." for i in range(3)}
        cases.append(Case(f"languagetool-{mode}", files, args=["--speller", "auto"],
                          server=lambda mode=mode: StandIn(mode)))
    return cases


def config_types(rng: random.Random) -> list[Case]:
    variants = ["tool = 1\n", '[tool]\nscusa-lint = "x"\n', "[[tool.scusa-lint]]\nselect = ['ALL']\n",
                "[tool.scusa-lint]\nselect = 3\n", "[tool.scusa-lint]\nselect = []\n",
                '[tool.scusa-lint]\nselect = [""]\n', "[tool.scusa-lint]\nper-file-ignores = 1\n",
                "[tool.scusa-lint]\nper-file-ignores = {'*.txt' = 3}\n", "[tool.scusa-lint]\nvocabulary = {x = 1}\n",
                "[tool.scusa-lint]\ncollection = 1\n", "[tool.scusa-lint]\nformats = {'*.txt' = 1}\n",
                "[tool.scusa-lint]\nmax-file-size = -1\n", "[tool.scusa-lint]\nwords = [1]\n"]
    return [Case(f"config-types-{n}", {"pyproject.toml": text, "d.txt": CONTROL}, controls=False,
                 bad=["pyproject.toml"])
            for n, text in enumerate(rng.sample(variants, len(variants)))]


_RULE_HEAD = "id: {id}\nkind: forbid\nlevel: error\nmessage: m\nhint: h\nsource: s\n"
_EXAMPLES = "examples:\n  bad: [a, b, c, d]\n  good: [e, f, g, h]\n"


def rule_files(rng: random.Random) -> list[Case]:
    pattern = "patterns:\n  - regex: 'x'\n"
    variants = {
        "kind-list": "id: r\nkind: [forbid]\nlevel: error\nmessage: m\nhint: h\nsource: s\n" + pattern + _EXAMPLES,
        "level-tag": "id: r\nkind: forbid\nlevel: !!bool maybe\nmessage: m\nhint: h\nsource: s\n" + pattern + _EXAMPLES,
        "int-example-keys": _RULE_HEAD.format(id="r") + pattern + "examples:\n  1: [a]\n  bad: [a]\n",
        "lookbehind": _RULE_HEAD.format(id="r") + "patterns:\n  - regex: '(?<=a+)b'\n" + _EXAMPLES,
        "huge-repeat": _RULE_HEAD.format(id="r") + "patterns:\n  - regex: 'a{1,4294967296}'\n" + _EXAMPLES,
        "in-number": _RULE_HEAD.format(id="r") + "patterns:\n  - tokens: [{LOWER: {IN: 5}}]\n" + _EXAMPLES,
        "token-regex": _RULE_HEAD.format(id="r") + "patterns:\n  - tokens: [{TEXT: {REGEX: '('}}]\n" + _EXAMPLES,
        "extension": _RULE_HEAD.format(id="r") + "patterns:\n  - tokens: [{_: {nope: 1}}]\n" + _EXAMPLES,
        "dangling": "",
    }
    cases = []
    for name in rng.sample(list(variants), len(variants)):
        files = {".scusa-lint.toml": 'extend-rules = ["rules"]\n', "d.txt": CONTROL}
        setup = None
        if name == "dangling":
            def setup(folder: Path) -> None:
                (folder / "rules").mkdir(exist_ok=True)
                (folder / "rules" / "gone.yml").symlink_to(folder / "nowhere.yml")
        else:
            files["rules/r.yml"] = variants[name]
        cases.append(Case(f"rule-files-{name}", files, setup=setup, controls=False, bad=["rules"]))
    def loop(folder: Path) -> None:
        (folder / "loop").symlink_to(folder / "loop")

    cases.append(Case("rule-files-symlink-loop", {".scusa-lint.toml": 'extend-rules = ["loop"]\n', "d.txt": CONTROL},
                      setup=loop, controls=False, bad=["loop"]))
    return cases


def stdout_faults(rng: random.Random) -> list[Case]:
    return [Case("stdout-closed", stdout="closed"), Case("stdout-full", stdout="full")]


def unreadable(rng: random.Random) -> list[Case]:
    def subfolder(folder: Path) -> None:
        (folder / "walk" / "locked").mkdir(parents=True)
        (folder / "walk" / "locked" / "x.txt").write_text(SENTENCE)
        (folder / "walk" / "locked").chmod(0)

    bad_json = '{"macros": [{"title": "x", "actions": [{"field": "comment_value", "value": "Ci scus'
    unreadable = [Case("unreadable-subfolder", args=["walk"], setup=subfolder, bad=["walk/locked"])]
    return [*(unreadable if os.geteuid() else []),  # root reads every folder
            Case("walk-broken-exports", {"walk/truncated.json": bad_json[:rng.randrange(20, len(bad_json))],
                                         "walk/latin1.yml": "macros:\n  - title: perch\xe8\n".encode("latin-1"),
                                         "walk/ok.txt": CONTROL},
                 args=["walk"], bad=["walk/truncated.json", "walk/latin1.yml"])]


def caches(rng: random.Random) -> list[Case]:
    """Caches primed by a normal run, then replaced by data of the wrong type or a database without
    its table."""
    def prime(folder: Path) -> Path:
        cache = folder / "cache"
        (folder / "prime.txt").write_text(CONTROL, encoding="utf-8")
        subprocess.run([sys.executable, "-m", "scusa_lint", "check", "prime.txt"], cwd=folder, capture_output=True,
                       env={**os.environ, "XDG_CACHE_HOME": str(cache)}, timeout=RUN_BOUND)
        return cache

    def wrong_types(folder: Path) -> None:
        import marshal

        value = rng.choice([[1, 2], "x", {1: None}, 3.5, {"a": [1]}, (None,)])
        for path in prime(folder).rglob("*.marshal"):
            path.write_bytes(marshal.dumps(value))

    def no_table(folder: Path) -> None:
        import sqlite3

        for path in prime(folder).rglob("*.sqlite3"):
            db = sqlite3.connect(path)
            for (name,) in db.execute("select name from sqlite_master where type = 'table'").fetchall():
                db.execute(f"drop table {name}")
            db.commit()
            db.close()

    return [Case("cache-wrong-types", setup=wrong_types, env={"XDG_CACHE_HOME": "cache"}),
            Case("cache-sqlite", setup=no_table, env={"XDG_CACHE_HOME": "cache"})]


def fixes(rng: random.Random) -> list[Case]:
    def hard_link(folder: Path) -> None:
        (folder / "fix.txt").write_text("Qual'è il problema? Gentile cliente , ci scusiamo.\n")
        os.link(folder / "fix.txt", folder / "other-link.txt")

    return [Case("fix-hard-link", args=["--fix", "fix.txt"], setup=hard_link, bad=["fix.txt"])]


GENERATORS: dict[str, Callable[[random.Random], list[Case]]] = {
    "long-text": long_text, "yaml-nonprintable": yaml_nonprintable, "yaml-tags": yaml_tags,
    "yaml-deep": yaml_deep, "surrogates": surrogates, "shapes": shapes, "yaml-bombs": yaml_bombs,
    "speller-load": speller_load, "long-tokens": long_tokens, "punctuation-runs": punctuation_runs,
    "markdown-quadratic": markdown_quadratic, "user-regex": user_regex, "fifo": fifos, "devices": devices,
    "languagetool": languagetool, "config-types": config_types, "rule-files": rule_files,
    "stdout": stdout_faults, "unreadable": unreadable, "caches": caches, "fix": fixes,
}


# -- running a case ---------------------------------------------------------------------------

@dataclass
class Result:
    case: Case
    problems: list[str]
    status: int | None
    seconds: float
    stderr: str


def _digest(folder: Path) -> dict[str, str]:
    sums = {}
    for path in folder.rglob("*"):
        if "cache" in path.relative_to(folder).parts[:1]:  # caches are rewritten at will
            continue
        try:
            mode = path.lstat().st_mode
            if stat.S_ISREG(mode):
                sums[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            continue
    return sums


def run_case(case: Case, folder: Path, python: str = sys.executable, pythonpath: str | None = None,
             cache: bool = True) -> Result:
    """Run one case; ``cache``: with the results cache on, as a user's run is (off: ``--no-cache``)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in case.files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", errors="surrogatepass")
    if case.setup:
        case.setup(folder)
    named = list(case.args) or sorted(case.files)
    if case.controls:
        (folder / "0-control.txt").write_text(CONTROL, encoding="utf-8")
        (folder / "zz-control.txt").write_text(CONTROL, encoding="utf-8")
        named = ["0-control.txt", *named, "zz-control.txt"]
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("LANGUAGETOOL_URL", None)
    env.pop("LTP_PATH", None)
    env.pop("SCUSA_LINT_NO_CACHE", None)
    if not cache:
        env["SCUSA_LINT_NO_CACHE"] = "1"
    env["XDG_CACHE_HOME"] = str(folder / case.env["XDG_CACHE_HOME"]) if "XDG_CACHE_HOME" in case.env \
        else env.get("XDG_CACHE_HOME", str(folder / ".cache"))
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    fmt = [] if "--output-format" in named or case.stdout != "pipe" else ["--output-format", "json"]
    before = _digest(folder)
    server = case.server() if case.server else None
    if server:
        server.__enter__()
        named = ["--languagetool-url", server.url, *named]
    argv = [python, "-m", "scusa_lint", "check", *fmt, *named]
    stdin = subprocess.DEVNULL
    if "STDIN" in case.env:
        stdin = open(case.env["STDIN"], "rb")  # noqa: SIM115
    stdout = subprocess.PIPE
    if case.stdout == "full":
        stdout = open("/dev/full", "w")  # noqa: SIM115
    started = time.monotonic()
    problems: list[str] = []
    try:
        process = subprocess.run(argv, cwd=folder, env=env, stdin=stdin, stdout=stdout if case.stdout != "closed"
                                 else None, stderr=subprocess.PIPE, timeout=case.bound,
                                 **({"pass_fds": ()} if case.stdout != "closed" else {"preexec_fn": _close_stdout}))
        status, out, err = process.returncode, process.stdout or b"", process.stderr
    except subprocess.TimeoutExpired as exc:
        status, out, err = None, b"", exc.stderr or b""
        problems.append("hang")
    finally:
        if server:
            server.__exit__(None, None, None)
        for handle in (stdin, stdout):
            if hasattr(handle, "close"):
                handle.close()
    seconds = time.monotonic() - started
    text = err.decode("utf-8", "replace")
    if "Traceback" in text:
        problems.append("traceback")
    if status is not None and status not in (0, 1, 2):
        problems.append(f"exit {status}")
    if case.stdout != "pipe":
        if status != 2 or len([line for line in text.splitlines() if line.strip()]) > 3:
            problems.append("stdout fault not one line and exit 2")
    elif status is not None and case.controls and case.args[:1] != ["--fix"]:
        problems += _controls_kept(out, fmt)
    if case.bad and status is not None:
        if status != 2:
            problems.append("bad input accepted")
        else:
            for name in case.bad:
                if name not in text and os.path.basename(name) not in text:
                    problems.append(f"{name} not named")
    after = _digest(folder)
    if any(after.get(path) != digest for path, digest in before.items()):
        problems.append("file changed")
    return Result(case, problems, status, seconds, text)


def _close_stdout() -> None:
    os.close(1)


def _controls_kept(out: bytes, fmt: list[str]) -> list[str]:
    if not fmt:  # another format: both control files are named in the report (the summary names none)
        text = out.decode("utf-8", "replace")
        kept = "0-control.txt" in text and "zz-control.txt" in text or text.startswith("#")
        return [] if kept else ["control findings lost"]
    try:
        findings = json.loads(out)["findings"]
    except (ValueError, KeyError, TypeError):
        return ["control findings lost"]
    kept = {f["path"] for f in findings if f["rule"] == CONTROL_RULE and f["path"].endswith("control.txt")}
    return [] if len(kept) == 2 else ["control findings lost"]


def cases_for(seed: int, only: list[str] | None = None) -> list[Case]:
    rng = random.Random(seed)
    found = []
    for name, generator in GENERATORS.items():
        if only and name not in only:
            continue
        found.extend(generator(rng))
    return found


def loopback_ok() -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", 0))
        except OSError:
            return False
    return True


def main(argv: list[str]) -> int:
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", action="append")
    parser.add_argument("--pythonpath", help="run another checkout's source (before/after tables)")
    parser.add_argument("--bound", type=float, default=RUN_BOUND, help="seconds a batch may take")
    parser.add_argument("--no-cache", action="store_true", help="run every case with the results cache off")
    options = parser.parse_args(argv)
    table: dict[str, list[int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for round_ in range(options.rounds):
            for number, case in enumerate(cases_for(options.seed + round_, options.only)):
                case.bound = max(case.bound, options.bound)
                result = run_case(case, Path(tmp) / f"{round_}-{number}", pythonpath=options.pythonpath,
                                  cache=not options.no_cache)
                cls = case.name.split("-")[0] if case.name.startswith(("config", "rule", "surrogates", "languagetool"))\
                    else case.name
                counts = table.setdefault(cls, [0, 0])
                counts[0] += 1
                if result.problems:
                    counts[1] += 1
                    last = (result.stderr.strip().splitlines() or [""])[-1][:160]
                    print(f"FAIL {case.name} ({result.seconds:.0f} s, exit {result.status}): "
                          f"{', '.join(result.problems)} | {last}", flush=True)
    print(f"{'class':<24} {'cases':>5} {'failing':>7}")
    for name, (total, failing) in table.items():
        print(f"{name:<24} {total:>5} {failing:>7}")
    return 1 if any(failing for _, failing in table.values()) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
