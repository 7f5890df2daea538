"""Spending against the plan (집행): ledger rows matched to budget lines and added up.

Pure apart from reading the ledgers it is given: an allocation and ledgers in, an
:class:`Execution` out, with every problem as a located diagnostic. Rows stream through:
memory grows with the budget's lines, never with the ledger's length.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence

from gangso_cli.core.budget import Budget, Fund
from gangso_cli.core.diagnostics import Diagnostic, SourceLocation
from gangso_cli.core.registry import Registry
from gangso_cli.core.yamlsource import UNREADABLE
from gangso_cli.plan.allocator import Allocation
from gangso_cli.plan.changes import LoadedChanges
from gangso_cli.spending.accounts import CarryIn, Execution
from gangso_cli.spending.checks import _balance_problems, _crossings
from gangso_cli.spending.ledger import Ledger
from gangso_cli.spending.match import _read
from gangso_cli.spending.sheets import LedgerUnreadable
from gangso_cli.spending.targets import Matcher
from gangso_cli.spending.totals import LineAccount, add_up


def execute(
    budget: Budget,
    allocation: Allocation,
    registry: Registry | None,
    ledgers: Iterable[Ledger],
    *,
    as_of: dt.date | None = None,
    changes: Sequence[LoadedChanges] = (),
    carry: CarryIn | None = None,
    progress: Callable[[Ledger], None] | None = None,
    lines_map: dict[str, str] | None = None,
) -> Execution:
    """Apply the approved budget changes, then read the ledgers row by row against the
    allocation; every problem is located.

    Args:
        budget: the budget spent against (national, or one region's as a budget).
        allocation: its allocation: each line's 본예산.
        registry: for zones written by Korean name (None: ids only).
        ledgers: open ledgers, read in order; a line crossed its budget at the row where
            the running total (in this order) went over.
        as_of: rows dated after it are errors; the pace check looks at it.
        changes: budget changes (a changes file, a region file's section): approved
            moves change the lines' 예산현액 before any row is read.
        carry: money carried in from last year, by line (:func:`load_carry`).
        progress: called with the ledger every 65,536 rows and at its end.
        lines_map: ledger line names → the budget's, both as
            :func:`gangso_cli.spending.names.line_key` has them.
    """
    accounts: dict[tuple[str, int, Fund], LineAccount] = {}
    for line in allocation.lines():
        accounts[(line.zone, line.index, line.fund)] = LineAccount(
            line.zone, line.index, line.stage, line.program, line.fund, original=line.amount
        )
    monthly: dict[tuple[str, Fund], list[int]] = {}
    result = Execution(budget.year, accounts, monthly, as_of=as_of)
    for key, (amount, kind) in (carry or {}).items():
        if key not in accounts:  # carried money for a fund the line has no budget of
            planned = budget.zones[key[0]].lines[key[1]]
            accounts[key] = LineAccount(key[0], key[1], planned.stage, planned.program, key[2])
        accounts[key].carry += amount
        accounts[key].carried_in.add(kind)
    for loaded in changes:
        _apply_changes(result, budget, loaded)
    balance_at = len(result.diagnostics)  # the guard's findings go before the ledgers'
    matcher = Matcher(budget, allocation, registry, lines_map)
    for ledger in ledgers:
        result.diagnostics.extend(ledger.diagnostics)
        result.notes.extend(ledger.notes)
        if any(d.check in ("ledger-header", UNREADABLE) for d in ledger.diagnostics):
            result.rejected.files.append(ledger.file)
            ledger.close()
            continue
        try:
            _read(ledger, result, matcher, progress)
        except LedgerUnreadable as exc:
            result.diagnostics.append(
                Diagnostic(UNREADABLE, str(exc), SourceLocation(ledger.file, sheet=ledger.sheet))
            )
        finally:
            ledger.close()
    result.totals = add_up(accounts.values(), monthly, list(budget.zones))
    result.diagnostics[balance_at:balance_at] = _balance_problems(result.totals, allocation)
    _crossings(result)
    return result


def _apply_changes(result: Execution, budget: Budget, loaded: LoadedChanges) -> None:
    """Approved moves into the accounts' 변경; every change kept for the report."""
    from gangso_cli.plan.changes import resolve_changes

    accounts = result.accounts

    def current(zone: str, index: int, fund: Fund) -> int | None:
        account = accounts.get((zone, index, fund))
        return account.current if account is not None else None

    resolution = resolve_changes(loaded, budget, current, until=result.as_of)
    result.diagnostics.extend(resolution.diagnostics)
    for resolved in resolution.changes:
        result.changes.append(resolved)
        if not resolved.moves:
            continue
        amount, fund = resolved.change.amount or 0, resolved.change.fund
        assert resolved.source is not None
        assert resolved.target is not None
        accounts[(resolved.zone, resolved.source, fund)].change -= amount
        key = (resolved.zone, resolved.target, fund)
        if key not in accounts:  # money moved into a line that had none of this fund
            line = budget.zones[resolved.zone].lines[resolved.target]
            accounts[key] = LineAccount(
                resolved.zone, resolved.target, line.stage, line.program, fund
            )
        accounts[key].change += amount
