"""``scusa-lint serve``: the HTTP API and its bad inputs (the page itself: test_serve_browser.py)."""

from __future__ import annotations

import json

import pytest
from starlette.testclient import TestClient

import scusa_lint
from scusa_lint.serve import create_app

DRAFT = "Gentile cliente,\nqual'è il problema? È colpa del corriere.\n"


@pytest.fixture
def client(tiny_config, monkeypatch):
    monkeypatch.chdir(tiny_config)
    with TestClient(create_app(scusa_lint.Linter(), max_request_bytes=10_000)) as client:
        yield client


def test_check_answers_with_the_cli_json_report(client, cli):
    response = client.post("/v1/check", json={"text": DRAFT})
    assert response.status_code == 200
    from_cli = cli("--output-format", "json", "-", input=DRAFT).output
    assert response.text == from_cli
    assert {f["rule"] for f in response.json()["findings"]} == {"courier-blame", "quale-apostrophe"}


def test_rule_selection_and_format(client):
    only = client.post("/v1/check", json={"text": DRAFT, "select": ["quale-apostrophe"]}).json()
    assert [f["rule"] for f in only["findings"]] == ["quale-apostrophe"]
    assert only["findings"][0]["fix"] == "qual è"
    html = client.post("/v1/check", json={"text": "<p>È colpa del <b>corriere</b>.</p>", "format": "html"}).json()
    assert [f["rule"] for f in html["findings"]] == ["courier-blame"]


def test_rules_are_listed(client):
    rules = client.get("/v1/rules").json()
    assert {"courier-blame", "quale-apostrophe"} <= {rule["id"] for rule in rules}
    assert all(set(rule) == {"id", "kind", "level", "source", "summary"} for rule in rules)


@pytest.mark.parametrize(("body", "status", "error"), [
    (b"{not json", 400, "malformed JSON"),
    (b"[1, 2]", 400, "JSON object"),
    (json.dumps({"text": 3}).encode(), 400, '"text" must be a string'),
    (json.dumps({"text": "x", "format": "docx"}).encode(), 400, "unknown format 'docx'"),
    (json.dumps({"text": "x", "select": "nessuna"}).encode(), 400, "unknown rule id 'nessuna'"),
    (json.dumps({"text": "x", "ignore": [1]}).encode(), 400, '"ignore" must be'),
    (json.dumps({"text": "x" * 20_000}).encode(), 413, "too large"),
    (json.dumps({"text": "", "format": "zendesk"}).encode(), 422, ""),
])
def test_bad_requests_get_one_clear_message_and_the_server_keeps_serving(client, body, status, error):
    response = client.post("/v1/check", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == status
    assert set(response.json()) == {"error"} and error in response.json()["error"]
    assert client.post("/v1/check", json={"text": DRAFT}).status_code == 200


def test_a_request_cannot_name_a_server_file(client, tiny_config):
    """A path in the request is only a name: nothing is read from it, nothing is written."""
    secret = tiny_config / "segreto.txt"
    secret.write_text("È colpa del corriere.\n", encoding="utf-8")
    before = sorted(p.name for p in tiny_config.iterdir())
    report = client.post("/v1/check", json={"text": "Va bene.", "path": str(secret)}).json()
    assert report["findings"] == [] and all(f["path"] == "-" for f in report["findings"])
    assert sorted(p.name for p in tiny_config.iterdir()) == before


def test_the_page_is_served_without_external_resources(client):
    page = client.get("/")
    assert page.status_code == 200 and '<html lang="it">' in page.text
    assert "http://" not in page.text and "https://" not in page.text and "//cdn" not in page.text


def test_binding_beyond_loopback_warns(monkeypatch, cli):
    from scusa_lint import serve

    calls = []
    monkeypatch.setattr(serve, "run", lambda *args: calls.append(args))
    result = cli("serve", "--host", "0.0.0.0", "--isolated")
    assert "warning: listening on 0.0.0.0" in result.stderr and calls
    assert "warning" not in cli("serve", "--isolated").stderr
