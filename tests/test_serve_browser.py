"""The page of ``scusa-lint serve`` used as an agent uses it, in a real headless Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

CHROMIUM = os.environ.get("SCUSA_LINT_CHROMIUM", "/usr/bin/chromium")
BAD_DRAFT = "Gentile cliente,\nmi dica qual'è il problema: è colpa del corriere.\nCordiali saluti\n"

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
if not os.path.exists(CHROMIUM):
    pytest.skip(f"no Chromium at {CHROMIUM}: install it with 'apt-get install -y chromium' (.ci/run does)",
                allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(tiny_config):
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "scusa_lint", "serve", "--port", str(port)],
                               cwd=tiny_config, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(url + "v1/rules", timeout=2).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"scusa-lint serve did not start: {process.stderr.read().decode()}")
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=30)
    process.stderr.close()


@pytest.fixture
def page(server):
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--headless"])
        page = browser.new_page(viewport={"width": 1366, "height": 768}, bypass_csp=True)  # waits use eval
        requests = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(server)
        yield page
        assert all(url.startswith(server) for url in requests), requests  # nothing from the network
        browser.close()


def test_pasted_draft_is_highlighted_with_messages_and_a_fix_applies(page):
    page.fill("#draft", BAD_DRAFT)
    page.click("#check")
    page.wait_for_selector("#findings li")
    marks = {m.inner_text(): m.get_attribute("class") for m in page.query_selector_all("#preview mark")}
    assert marks == {"qual'è": "warning", "colpa del corriere": "error"}
    assert page.inner_text("#preview").strip() == BAD_DRAFT.strip()
    items = page.query_selector_all("#findings li")
    texts = [item.inner_text() for item in items]
    assert any("Non attribuisca la colpa al corriere" in t and "Si assuma la responsabilità" in t for t in texts)
    assert page.inner_text("#summary") == "2 segnalazioni: 1 errore, 1 avviso."

    page.click("#findings li.warning button.apply")
    page.wait_for_function("document.querySelectorAll('#findings li').length === 1")
    assert page.input_value("#draft") == BAD_DRAFT.replace("qual'è", "qual è")
    assert [m.inner_text() for m in page.query_selector_all("#preview mark")] == ["colpa del corriere"]


def test_keyboard_only(page):
    page.focus("#draft")
    page.keyboard.insert_text("Va bene, qual'è il numero?")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#preview mark")
    page.focus("#preview mark")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "finding-0"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the focused "apply" button
    page.wait_for_function("document.getElementById('summary').textContent.startsWith('Nessuna')")
    assert page.input_value("#draft") == "Va bene, qual è il numero?"
