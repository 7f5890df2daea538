"""The spending pipeline, whole: the budget's changes and last year's carry-over read, the
ledgers opened and their rows matched and added up, then the year's checks, with every
problem collected on the way.

A command calls :func:`run_spending` once and renders what it returns; nothing here knows
of options, consoles or exit codes.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from gangso_cli.core.diagnostics import Diagnostic
from gangso_cli.core.yamlsource import is_unreadable
from gangso_cli.plan.evaluate import Evaluation
from gangso_cli.spending.accounts import Execution
from gangso_cli.spending.ledger import AmountUnit, Ledger

__all__ = ["Spending", "SpendingOptions", "run_spending"]

StrPath = str | os.PathLike[str]


@dataclass(frozen=True)
class SpendingOptions:
    """How to read the ledgers, and what to apply before their rows: each may be left out."""

    #: Report as of this day: later rows are errors, the policy's pace is checked at it.
    as_of: dt.date | None = None
    #: 원 or 천원, for ledgers whose amount header does not say (default 원).
    amount_unit: AmountUnit | None = None
    #: Header → field, for columns the aliases do not know (``{"지출일": "date"}``).
    columns: Mapping[str, str] = field(default_factory=dict)
    #: The sheet of an XLSX ledger (default: the first).
    sheet: str | None = None
    #: Changes files, applied after the budget's own ``changes:`` section.
    changes: Sequence[StrPath] = ()
    #: Last year's carry-over file (the region file a close wrote).
    carry: StrPath | None = None
    #: The zone of a ledger with no 특구 column (default: the budget's only zone).
    zone: str | None = None
    #: A lines map: ledger line names → the budget's lines (YAML).
    lines: StrPath | None = None


@dataclass(frozen=True)
class Spending:
    """What a run found: the year's execution and every diagnostic, the budget's first."""

    #: None when a changes or carry-over file could not be read (no ledger was opened).
    execution: Execution | None
    diagnostics: list[Diagnostic]

    @property
    def unreadable(self) -> bool:
        """True when a file could not be read at all: the report would be incomplete."""
        return is_unreadable(self.diagnostics)


def run_spending(
    evaluation: Evaluation,
    ledgers: Sequence[StrPath],
    options: SpendingOptions | None = None,
    *,
    progress: Callable[[Ledger], None] | None = None,
) -> Spending:
    """Read a year's spending against an evaluated budget.

    Args:
        evaluation: the budget, allocated (:func:`gangso_cli.plan.evaluate.evaluate`).
        ledgers: the ledger files, read in this order (a line crosses its budget at the
            row where the running total, in this order, goes over).
        options: how to read them and what to apply first.
        progress: called with each ledger every 65,536 rows and at its end.

    Returns:
        The execution and every diagnostic: the budget's, the changes' and carry-over's,
        the ledgers', and the year's checks (when any row was read).
    """
    from gangso_cli.plan.changes import change_sources
    from gangso_cli.spending.carry import load_carry
    from gangso_cli.spending.checks import execution_checks
    from gangso_cli.spending.execution import execute
    from gangso_cli.spending.ledger import open_ledger

    options = options or SpendingOptions()
    budget, allocation = evaluation.budget.model, evaluation.allocation
    if budget is None or allocation is None:
        raise ValueError("the budget could not be allocated: see evaluation.diagnostics")
    diagnostics = list(evaluation.diagnostics)
    sources, found = change_sources(evaluation.budget, options.changes)
    diagnostics += found
    if is_unreadable(found):
        return Spending(None, diagnostics)
    carried = None
    if options.carry is not None:
        carried, found = load_carry(options.carry, budget)
        diagnostics += found
        if is_unreadable(found):
            return Spending(None, diagnostics)
    lines_map: dict[str, str] = {}
    if options.lines is not None:
        from gangso_cli.spending.names import read_lines_map

        programs = [line.program for zone in budget.zones.values() for line in zone.lines]
        lines_map, found = read_lines_map(options.lines, programs)
        diagnostics += found
        if is_unreadable(found):
            return Spending(None, diagnostics)
    zone, why = _context_zone(evaluation, options.zone)
    mapping = dict(options.columns)
    opened = (
        open_ledger(
            path,
            amount_unit=options.amount_unit,
            mapping=mapping,
            sheet=options.sheet,
            zone=zone,
            zone_reason=why,
        )
        for path in ledgers
    )  # opened one at a time, as execute reads them
    result = execute(
        budget, allocation, evaluation.registry.model, opened, as_of=options.as_of,
        changes=sources, carry=carried, progress=progress, lines_map=lines_map,
    )  # fmt: skip
    diagnostics += result.diagnostics
    if result.rows:
        diagnostics += execution_checks(result, evaluation.budget)
    return Spending(result, diagnostics)


def _context_zone(evaluation: Evaluation, given: str | None) -> tuple[str | None, str]:
    """The zone of a ledger with no 특구 column, and why: the zone given, else the
    budget's only zone (a region file's); none when the budget has several."""
    budget, registry = evaluation.budget.model, evaluation.registry.model
    assert budget is not None
    if given is not None:
        if given in budget.zones:
            return given, "the zone given"
        found = registry.find(given) if registry is not None else None
        if found is not None and found.id in budget.zones:
            return found.id, "the zone given"
        return None, ""
    if len(budget.zones) == 1:
        return next(iter(budget.zones)), "the budget's only zone"
    return None, ""
