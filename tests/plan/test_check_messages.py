"""Check messages say exactly what is wrong, once: no knock-on errors, no rounding that
hides a shortfall."""

from __future__ import annotations

import pytest

from tests.conftest import BUDGET, WriteYaml, run


@pytest.mark.parametrize("envelope", ["-5억", "육십억", "60，000，000억"])
def test_broken_envelope_has_no_knock_on_errors(write_yaml: WriteYaml, envelope: str) -> None:
    """A broken envelope is one error: no `fixed-fits … ≠ 0원` after it."""
    path = write_yaml(BUDGET.replace("    national: 60억", f"    national: {envelope}"))
    result = run("validate", path)
    assert result.exit_code == 1
    assert "fixed-fits" not in result.stdout
    assert "≠ 0원" not in result.stdout


def test_local_match_shows_the_decimals_that_matter(write_yaml: WriteYaml) -> None:
    """19.98% under a 20% minimum never reads as 20.0%."""
    path = write_yaml(
        BUDGET.replace("  local: 12억\n", "  local: 11억 9880만\n").replace(
            "    local: 12억\n", "    local: 11억 9880만\n"
        )
    )
    result = run("validate", path)
    assert result.exit_code == 1
    assert "are 19.98% of national funds" in result.stdout
