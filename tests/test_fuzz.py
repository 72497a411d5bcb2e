"""The fuzz harness (tests/fuzzing.py), two seeded rounds of every class (results cache on, and off),
in the normal run.

Each case is a real ``scusa-lint check`` process: exit 0, 1 or 2 only, no traceback, within its
bound, no file changed, the control files' findings kept, and every bad input named. The longer
run is ``python tests/fuzzing.py --rounds 20``.
"""

from __future__ import annotations

import pytest

import fuzzing

# Two seeded rounds: one as a user runs (the results cache on), one with --no-cache; a fault may
# hide in either path (a FIFO once hung only the cached one).
CASES = [(case, True) for case in fuzzing.cases_for(seed=11)] + [(case, False) for case in fuzzing.cases_for(seed=12)]


@pytest.mark.skipif(not fuzzing.loopback_ok(), reason="no loopback network for the LanguageTool stand-ins")
@pytest.mark.parametrize(("case", "cache"), CASES,
                         ids=[f"{case.name}-{'cache' if cache else 'no-cache'}" for case, cache in CASES])
def test_fuzz_case(case, cache, tmp_path):
    result = fuzzing.run_case(case, tmp_path, cache=cache)
    assert result.problems == [], f"{case.name}: {result.problems}\n{result.stderr[-2000:]}"
