"""The fuzz harness (tests/fuzzing.py), one seeded round of every class, in the normal run.

Each case is a real ``scusa-lint check`` process: exit 0, 1 or 2 only, no traceback, within its
bound, no file changed, the control files' findings kept, and every bad input named. The longer
run is ``python tests/fuzzing.py --rounds 20``.
"""

from __future__ import annotations

import pytest

import fuzzing

CASES = fuzzing.cases_for(seed=11)


@pytest.mark.skipif(not fuzzing.loopback_ok(), reason="no loopback network for the LanguageTool stand-ins")
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_fuzz_case(case, tmp_path):
    result = fuzzing.run_case(case, tmp_path)
    assert result.problems == [], f"{case.name}: {result.problems}\n{result.stderr[-2000:]}"
