"""The spending pipeline as a library call (spending/run.py): an evaluated budget, ledger
paths and options in; one value with the execution and every diagnostic out."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from gangso_cli.plan.evaluate import Evaluation, evaluate
from gangso_cli.spending.ledger import UNIT_GIVEN_HINT
from gangso_cli.spending.match import AFTER_AS_OF_HINT
from gangso_cli.spending.run import Spending, SpendingOptions, run_spending
from tests.spending.helpers import CHANGES, LEDGER, REGION, rows, write_csv

#: Every option the CLI has for spending, as it would appear in a library message.
FLAGS = ("--column", "--amount-unit", "--zone", "--sheet", "--budget", "--carry", "--as-of")


@pytest.fixture(scope="module")
def evaluation() -> Evaluation:
    """The worked example's region, evaluated once for the module."""
    return evaluate(REGION)


def _run(evaluation: Evaluation, *ledgers: str | Path, **options: object) -> Spending:
    return run_spending(evaluation, list(ledgers), SpendingOptions(**options))  # type: ignore[arg-type]


def test_the_worked_example_runs_clean_and_adds_up(evaluation: Evaluation) -> None:
    """The example ledger reads with no diagnostic; the totals agree with the lines."""
    spending = _run(evaluation, LEDGER)
    assert spending.diagnostics == []
    assert not spending.unreadable
    result = spending.execution
    assert result is not None
    assert result.rows == 17
    totals = result.totals
    assert totals.total.both.spent == sum(a.spent for a in result.accounts.values())
    assert totals.total.both.current == 7_200_000_000
    line = next(a for a in totals.lines if a.program == "의생명 창업보육" and a.fund == "national")
    assert (line.spent, line.rate) == (170_000_000, Decimal("34.0"))
    assert [a.zone for a in totals.lines] == ["gimhae"] * len(result.accounts)
    group = totals.zones["gimhae"]
    assert group.cumulative[-1] == group.both.spent == totals.total.both.spent
    assert group.both.rate == totals.total.both.rate


def test_options_apply_changes_and_carry_before_any_row(evaluation: Evaluation) -> None:
    """An approved move changes 예산현액 before the rows are read, when it is dated up to
    the report's date (as_of, or the whole year for the close); later ones are left out."""
    for options in ({"as_of": dt.date(2020, 7, 15)}, {"whole_year": True}):
        moved = _run(evaluation, LEDGER, changes=(CHANGES,), **options).execution
        assert moved is not None
        source = next(a for a in moved.totals.lines if a.program == "의생명 창업보육")
        assert source.change == -50_000_000
        assert moved.totals.total.both.current == 7_200_000_000  # moved, not made
    early = _run(evaluation, LEDGER, changes=(CHANGES,), as_of=dt.date(2020, 6, 30))
    assert early.execution is not None
    assert early.execution.changes == []
    assert early.later_changes == 3


def test_without_as_of_the_report_is_as_of_its_last_row(evaluation: Evaluation) -> None:
    """No as_of: the ledgers' last row (2020-06-30) is the report's date, so the move of
    2020-07-15 is not applied nor listed, and the run says how many changes it left out."""
    spending = _run(evaluation, LEDGER, changes=(CHANGES,))
    result = spending.execution
    assert result is not None
    assert result.last_date == dt.date(2020, 6, 30)
    assert all(a.change == 0 for a in result.totals.lines)
    assert result.changes == []
    assert spending.later_changes == 3
    # spending is the same either way; only 예산현액 and the changes listed differ
    whole = _run(evaluation, LEDGER, changes=(CHANGES,), whole_year=True).execution
    assert whole is not None
    assert whole.totals.total.both.spent == result.totals.total.both.spent


def test_a_changes_file_that_cannot_be_read_stops_before_the_ledgers(
    evaluation: Evaluation, tmp_path: Path
) -> None:
    """An unreadable changes (or carry-over) file gives no execution; no ledger is opened."""
    for options in ({"changes": (tmp_path / "none.yaml",)}, {"carry": tmp_path / "none.yaml"}):
        spending = _run(evaluation, tmp_path / "never-opened.csv", **options)
        assert spending.execution is None
        assert spending.unreadable
        assert [str(d.location) for d in spending.diagnostics] == [str(tmp_path / "none.yaml")]


def test_an_unreadable_ledger_still_gives_the_others(
    evaluation: Evaluation, tmp_path: Path
) -> None:
    """A missing ledger marks the run unreadable; the ledgers that could be read still count."""
    spending = _run(evaluation, tmp_path / "missing.csv", LEDGER)
    assert spending.unreadable
    assert spending.execution is not None
    assert spending.execution.rows == 17
    assert [d.check for d in spending.diagnostics] == ["file-unreadable"]


def test_the_column_option_maps_a_header(evaluation: Evaluation, tmp_path: Path) -> None:
    """A header the aliases do not know is a ledger-header error until columns maps it."""
    table = rows()
    ledger = write_csv(tmp_path / "renamed.csv", [["지출일", *table[0][1:]], *table[1:]])
    unmapped = _run(evaluation, ledger)
    assert [d.check for d in unmapped.diagnostics] == ["ledger-header"]
    mapped = _run(evaluation, ledger, columns={"지출일": "date"})
    assert mapped.diagnostics == []


def test_library_diagnostics_name_no_option(evaluation: Evaluation, tmp_path: Path) -> None:
    """Messages and hints speak of the file: no CLI option is named (the command adds it)."""
    table = rows()
    header = [*table[0][:5], "집행금액(천원)", table[0][6], "내용"]
    thousands = [[*r[:5], str(int(r[5].replace(",", "")) // 1000), r[6], ""] for r in table[1:]]
    doubled = write_csv(tmp_path / "doubled.csv", [header, *thousands])
    missing = write_csv(tmp_path / "missing.csv", [["지출일", *table[0][1:]], *table[1:]])
    found = [
        *_run(evaluation, doubled, amount_unit="원").diagnostics,
        *_run(evaluation, missing).diagnostics,
        *_run(evaluation, LEDGER, as_of=dt.date(2020, 6, 29)).diagnostics,
    ]
    hints = {d.hint for d in found}
    assert {UNIT_GIVEN_HINT, AFTER_AS_OF_HINT} <= hints
    assert len({d.check for d in found}) == 2  # ledger-header and ledger-date
    for d in found:
        text = f"{d.message} {d.hint}"
        assert not [flag for flag in FLAGS if flag in text], text


def test_the_years_checks_run_only_when_rows_were_read(
    evaluation: Evaluation, tmp_path: Path
) -> None:
    """The local match on spending warns after rows are read, never on an empty ledger."""
    table = rows()
    national_only = write_csv(
        tmp_path / "n.csv", [table[0], *(r for r in table[1:] if r[3] == "국비")]
    )
    warned = _run(evaluation, national_only)
    assert [d.check for d in warned.diagnostics] == ["execution-local-match"]
    assert "is 0.0% of 국비 spent" in warned.diagnostics[0].message
    empty = write_csv(tmp_path / "empty.csv", [table[0]])
    assert _run(evaluation, empty).diagnostics == []


def test_the_budgets_own_diagnostics_come_first(tmp_path: Path) -> None:
    """A budget's warnings lead the run's diagnostics, before the ledgers'."""
    region = (
        Path(REGION)
        .read_text(encoding="utf-8")
        .replace("min_local_match: 20%", "min_local_match: 90%")
    )
    path = tmp_path / "region.yaml"
    path.write_text(region, encoding="utf-8")
    evaluation = evaluate(path)
    missing = tmp_path / "missing.csv"
    spending = run_spending(evaluation, [missing])
    assert evaluation.diagnostics
    assert spending.diagnostics[: len(evaluation.diagnostics)] == evaluation.diagnostics
    assert spending.diagnostics[-1].check == "file-unreadable"


def test_a_budget_that_cannot_allocate_is_refused(evaluation: Evaluation) -> None:
    """run_spending needs an allocated budget: without one it says so (a caller's mistake)."""
    unallocated = dataclasses.replace(evaluation, allocation=None)
    with pytest.raises(ValueError, match="could not be allocated"):
        run_spending(unallocated, [LEDGER])


def test_options_are_a_frozen_value() -> None:
    """SpendingOptions cannot be changed after it is made (a run cannot alter its caller's)."""
    options = SpendingOptions()
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.sheet = "집행내역"  # type: ignore[misc]
