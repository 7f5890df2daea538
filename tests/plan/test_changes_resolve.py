"""resolve_changes, decision by decision: the year, the zone, the shape, the lines, the
fund, the class by the policy's threshold, and an approved move applied in date order."""

from __future__ import annotations

from pathlib import Path

import pytest

from gangso_cli.core.loader import load_budget
from gangso_cli.plan.allocator import allocate
from gangso_cli.plan.changes import Resolution, load_changes, resolve_changes, resolve_planned
from tests.conftest import WriteYaml

REGION = Path(__file__).parents[2] / "examples" / "region-gimhae-2020.yaml"
MOVE = (
    "  - date: {date}\n    fund: {fund}\n"
    "    from: {{stage: transfer, program: 의생명 창업보육}}\n"
    "    to: {{stage: {to_stage}, program: {to}}}\n"
    "    amount: {amount}\n    reason: 시험\n    status: {status}\n"
)


def _move(
    *,
    date: str = "2020-07-01",
    fund: str = "national",
    to_stage: str = "transfer",
    to: str = "의료기기 기술이전·사업화",
    amount: str = "5천만",
    status: str = "approved",
) -> str:
    return MOVE.format(date=date, fund=fund, to_stage=to_stage, to=to, amount=amount, status=status)


def _resolve(write_yaml: WriteYaml, *changes: str, head: str = "year: 2020\n") -> Resolution:
    loaded = load_budget(REGION)
    assert loaded.model is not None
    path = write_yaml("kind: changes\n" + head + "changes:\n" + "".join(changes), "c.yaml")
    read, problems = load_changes(path)
    assert problems == []
    assert read is not None
    return resolve_planned(loaded.model, allocate(loaded.model), [read])


@pytest.mark.parametrize(
    ("change", "check"),
    [
        (_move(date="2021-01-05"), "change-year"),
        (_move().replace("    fund:", "    zone: jinju\n    fund:"), "change-line"),
        (_move().replace("    amount: 5천만\n", ""), "change-shape"),
        (_move(to="없는 사업"), "change-line"),
        (_move(fund="local"), "change-fund"),
        (_move(amount="6억"), "change-overdraw"),
    ],
)
def test_a_change_is_refused_with_the_decision_that_failed(
    write_yaml: WriteYaml, change: str, check: str
) -> None:
    """Each way a change can be wrong is its own diagnostic, at the change, and the
    change is left out."""
    found = _resolve(write_yaml, change)
    assert [d.check for d in found.diagnostics] == [check]
    assert found.changes == []
    assert found.diagnostics[0].location.file.endswith("c.yaml")


def test_a_file_for_another_year_is_refused_whole(write_yaml: WriteYaml) -> None:
    """A changes file whose year is not the budget's is one change-year, at its year."""
    found = _resolve(write_yaml, _move(), head="year: 2021\n")
    assert [d.check for d in found.diagnostics] == ["change-year"]
    assert found.diagnostics[0].location.line == 2


def test_moves_are_classed_by_the_threshold_exactly(write_yaml: WriteYaml) -> None:
    """Within a stage, 20% of the line (5억) is minor and a won more is not; across
    stages a move needs approval whatever its size."""
    found = _resolve(
        write_yaml,
        _move(amount="1억", status="requested"),
        _move(amount="100000001", status="requested"),
        _move(amount="1000", to_stage="growth", to="판로개척", status="requested"),
    )
    assert found.diagnostics == []
    assert [c.klass for c in found.changes] == ["minor", "approval", "approval"]


def test_approved_moves_draw_on_what_the_line_has_left(write_yaml: WriteYaml) -> None:
    """Moves are applied in date order: after 4억 has gone, a 2억 move overdraws (written
    first in the file, but dated later)."""
    found = _resolve(write_yaml, _move(date="2020-09-01", amount="2억"), _move(amount="4억"))
    assert [d.check for d in found.diagnostics] == ["change-overdraw"]
    assert "with 100,000,000원 of 국비 left" in found.diagnostics[0].message
    assert [(c.change.amount, c.source, c.target) for c in found.changes] == [(400_000_000, 2, 1)]


def test_changes_after_the_date_are_left_out(write_yaml: WriteYaml) -> None:
    """A report as of a date leaves out the changes dated after it."""
    import datetime as dt

    loaded = load_budget(REGION)
    assert loaded.model is not None
    path = write_yaml(
        "kind: changes\nyear: 2020\nchanges:\n" + _move() + _move(date="2020-10-01"), "c.yaml"
    )
    read, _ = load_changes(path)
    assert read is not None
    planned = {(a.zone, a.index, a.fund): a.amount for a in allocate(loaded.model).lines()}
    found = resolve_changes(read, loaded.model, lambda *k: planned.get(k), dt.date(2020, 8, 1))
    assert [c.change.date.month for c in found.changes] == [7]
