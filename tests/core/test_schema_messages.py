"""Schema problems are said in the file's terms, never in the validator's."""

from __future__ import annotations

import pytest

from tests.conftest import BUDGET, WriteYaml, run

#: What a validator's internals look like; none of it may reach a user.
INTERNALS = ("Input should", "pattern", "greater than", "less than", "valid integer",
             "instance of", "Traceback", "pydantic")  # fmt: skip


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("year: 2020", "year: 2020년", "write the year as a number: 2020"),
        ("year: 2020", "year: 1999", "write a year from 2019 to 2100"),
        ("  - id: growth", "  - id: Growth", "ids are lower-case ASCII letters"),
        ("    name: 기업성장지원", "    name: ''", "is empty"),
        ("stages:\n", "stages: 3\nx:\n", "expected a list"),
        ("program: 판로개척", "program: [a, b]", "expected text, got a list"),
        ("min_local_match: 20%", "min_local_match: 20", "did you mean '20%'?"),
    ],
)
def test_no_validator_internals(write_yaml: WriteYaml, old: str, new: str, fragment: str) -> None:
    """Schema problems are said in the file's terms, never in pydantic's."""
    assert old in BUDGET
    result = run("validate", write_yaml(BUDGET.replace(old, new, 1)))
    assert result.exit_code == 1
    assert fragment in result.stdout
    for internal in INTERNALS:
        assert internal not in result.output, internal
