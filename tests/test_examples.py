"""The shipped example drafts and exports, with the exact findings each must produce.

Each line is ``line:column rule [document]``. Reviewed by hand: good drafts and the
non-apology macros are clean; each bad draft shows the faults it was written to show. A rule
change that moves these must be a change someone meant.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import REPO

EXPECTED = {
    'bad-blame-customer-informal.txt': [
        '1:1 apology-missing',
        '1:1 prevention-missing',
        '1:1 responsibility-missing',
        '1:1 thanks-missing',
        '3:22 blame-customer',
        '3:160 blame-customer',
        '5:28 shipping-charge',
        '5:60 register-mix',
        '5:60 reply-demand',
        '5:91 register-mix',
    ],
    'bad-coupon-and-charges.txt': [
        '1:1 prevention-missing',
        '1:1 responsibility-missing',
        '1:1 thanks-missing',
        '3:96 business-complaint',
        '3:128 business-complaint',
        '5:76 shipping-charge',
        '5:122 coupon-deadline',
        '5:178 data-sharing',
    ],
    'bad-courier-blame.txt': [
        '1:1 prevention-missing',
        '1:1 responsibility-missing',
        '1:1 thanks-missing',
        '3:4 conditional-apology',
        '3:63 blame-others',
        '3:119 blame-others',
        '3:170 blame-others',
        '5:60 vague-commitment',
    ],
    'bad-defensive-denial.txt': [
        '1:1 apology-missing',
        '1:1 fix-missing',
        '1:1 prevention-missing',
        '1:1 responsibility-missing',
        '1:1 thanks-missing',
        '3:1 defensive-tone',
        '3:51 denial',
        '3:125 denial',
        '5:1 blame-customer',
        '5:1 defensive-tone',
        '5:91 defensive-tone',
        '5:117 shouting',
        '5:155 denial',
        '5:167 shouting',
        '7:7 reply-demand',
    ],
    'bad-register-mix.txt': [
        '3:1 register-mix',
        '3:189 vague-commitment',
    ],
    'bad-technical-excuse.txt': [
        '1:1 prevention-missing',
        '1:1 responsibility-missing',
        '1:1 thanks-missing',
        '3:1 conditional-apology',
        '3:51 technical-excuse',
        '3:89 technical-excuse',
        '3:202 deadline-downplayed',
        '5:1 register-mix',
        '5:10 register-mix',
        '5:69 vague-commitment',
        '5:93 politics-religion',
    ],
    'bad-unfilled-placeholder.txt': [
        '1:9 placeholder-unfilled',
        '3:61 placeholder-unfilled',
        '5:39 placeholder-unfilled',
        '10:1 placeholder-unfilled',
    ],
    'email-reply.eml': [
        '12:9 placeholder-unfilled',
    ],
    'freshdesk.json': [
        '7:27 prevention-missing [Rimborso in ritardo]',
        '7:27 thanks-missing [Rimborso in ritardo]',
        '18:17 prevention-missing [Fattura da correggere]',
        '18:17 responsibility-missing [Fattura da correggere]',
        '18:17 thanks-missing [Fattura da correggere]',
    ],
    'front-templates.json': [
        '9:19 prevention-missing [Appuntamento spostato]',
        '9:19 responsibility-missing [Appuntamento spostato]',
        '9:19 thanks-missing [Appuntamento spostato]',
    ],
    'good-damaged-item.txt': [],
    'good-double-charge.txt': [],
    'good-late-delivery.txt': [],
    'good-reply-with-quote.txt': [],
    'good-wrong-size-informal.txt': [],
    'gorgias-macros.json': [
        '14:27 prevention-missing [Pacco smarrito]',
        '14:27 responsibility-missing [Pacco smarrito]',
        '14:27 thanks-missing [Pacco smarrito]',
    ],
    'helpscout.json': [
        '5:17 prevention-missing [Abbonamento addebitato due volte]',
        '5:17 thanks-missing [Abbonamento addebitato due volte]',
    ],
    'macro-password-reset.txt': [],
    'macro-shipping-confirmation.txt': [],
    'macros-gitlab/account-cambio-email.yml': [
        '10:64 conditional-apology [Account::Cambio indirizzo e-mail]',
    ],
    'macros-gitlab/resi-prodotto-danneggiato.yml': [
        '8:5 thanks-missing [Resi::Prodotto arrivato danneggiato]',
    ],
    'macros-gitlab/spedizioni-ritardo.yml': [
        '9:11 prevention-missing [Spedizioni::Ritardo nella consegna]',
        '9:11 thanks-missing [Spedizioni::Ritardo nella consegna]',
    ],
    'reply.html': [
        '11:6 prevention-missing',
        '11:6 thanks-missing',
        '11:14 placeholder-unfilled',
    ],
    'reply.md': [
        '6:3 prevention-missing',
        '6:3 thanks-missing',
        '8:9 placeholder-unfilled',
    ],
    'zendesk-macros.json': [
        '16:21 thanks-missing [Spedizioni::Consegna in ritardo]',
        '45:14 prevention-missing [Resi::Rimborso approvato]',
        '45:14 responsibility-missing [Resi::Rimborso approvato]',
        '45:22 placeholder-unfilled [Resi::Rimborso approvato]',
    ],
}


@pytest.fixture(scope="module")
def findings_by_file() -> dict[str, list[str]]:
    from click.testing import CliRunner

    from scusa_lint.cli import main

    result = CliRunner().invoke(main, [str(REPO / "examples"), "--output-format", "json", "--isolated"])
    assert result.exit_code == 1, result.output
    found: dict[str, list[str]] = {}
    for f in json.loads(result.stdout)["findings"]:
        document = f" [{f['document']}]" if f["document"] else ""
        name = str(Path(f["path"]).relative_to(REPO / "examples"))
        found.setdefault(name, []).append(f"{f['line']}:{f['column']} {f['rule']}{document}")
    return found


def test_every_example_is_pinned():
    on_disk = {str(p.relative_to(REPO / "examples")) for p in (REPO / "examples").rglob("*") if p.is_file()}
    assert on_disk == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_findings(findings_by_file, name):
    assert findings_by_file.get(name, []) == EXPECTED[name]
