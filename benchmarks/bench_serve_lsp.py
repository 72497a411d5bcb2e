"""Latency of the ways in for people: ``scusa-lint serve`` and ``scusa-lint lsp``, printed as figures.

    python benchmarks/bench_serve_lsp.py [--repeat 50]

- serve: warm latency of ``POST /v1/check`` on a one-page draft (about 400 words), after one
  warm-up request, through a real HTTP connection to ``scusa-lint serve``;
- lsp: time from starting ``scusa-lint lsp`` to the first diagnostics of an opened file (cold:
  process start, pipeline and rules included), then from a change to its diagnostics (warm; the
  server's 0.3 s debounce included).
"""

from __future__ import annotations

import argparse
import http.client
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from lspclient import LspClient  # noqa: E402  (the tests' editor side of the protocol)


def one_page() -> str:
    """About 400 words of drafts from the examples (good and bad ones, so that findings are made)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "examples").glob("*.txt"))]
    page, words = [], 0
    for text in texts:
        if words > 380:
            break
        page.append(text)
        words += len(text.split())
    return "\n".join(page)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_serve(draft: str, repeat: int) -> list[float]:
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "scusa_lint", "serve", "--isolated", "--port", str(port)],
                              stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                connection.request("GET", "/v1/rules")
                connection.getresponse().read()
                break
            except OSError:
                time.sleep(0.1)
        body = json.dumps({"text": draft})
        times = []
        for _ in range(repeat + 1):  # the first one warms up
            start = time.perf_counter()
            connection.request("POST", "/v1/check", body, {"Content-Type": "application/json"})
            response = connection.getresponse()
            response.read()
            times.append(time.perf_counter() - start)
            assert response.status == 200, response.status
        return times[1:]
    finally:
        server.terminate()
        server.wait()


def bench_lsp(draft: str, folder: Path) -> tuple[float, float]:
    path = folder / "bozza.txt"
    path.write_text(draft, encoding="utf-8")
    start = time.perf_counter()
    client = LspClient([sys.executable, "-m", "scusa_lint", "lsp"], cwd=str(folder))
    client.request("initialize", {"processId": None, "rootUri": folder.as_uri(), "capabilities": {}})
    client.send("initialized", {})
    client.send("textDocument/didOpen", {"textDocument": {"uri": path.as_uri(), "languageId": "plaintext",
                                                          "version": 1, "text": draft}})
    client.diagnostics(path.as_uri())
    cold = time.perf_counter() - start
    start = time.perf_counter()
    client.send("textDocument/didChange", {"textDocument": {"uri": path.as_uri(), "version": 2},
                                           "contentChanges": [{"text": draft + "\nGrazie.\n"}]})
    client.diagnostics(path.as_uri())
    warm = time.perf_counter() - start
    client.close()
    return cold, warm


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    draft = one_page()
    times = sorted(bench_serve(draft, args.repeat))
    print(f"serve: one-page draft ({len(draft.split())} words), {args.repeat} warm POST /v1/check: "
          f"median {statistics.median(times) * 1000:.1f} ms, p95 {times[int(len(times) * 0.95) - 1] * 1000:.1f} ms, "
          f"max {times[-1] * 1000:.1f} ms")
    with tempfile.TemporaryDirectory() as folder:
        cold, warm = bench_lsp(draft, Path(folder))
    print(f"lsp: start to first diagnostics {cold * 1000:.0f} ms (cold); change to diagnostics {warm * 1000:.0f} ms "
          "(debounce of 300 ms included)")


if __name__ == "__main__":
    main()
