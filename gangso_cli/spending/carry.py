"""Carry-over (이월) in: last year's close, read into this year's 이월 column."""

from __future__ import annotations

import os

from gangso_cli.core.budget import FUNDS, Budget
from gangso_cli.core.cells import cell_text
from gangso_cli.core.diagnostics import Diagnostic
from gangso_cli.core.fields import Fixed
from gangso_cli.spending.accounts import CarryIn

CARRY_KINDS = ("명시이월", "사고이월")


def load_carry(path: str | os.PathLike[str], budget: Budget) -> tuple[CarryIn, list[Diagnostic]]:
    """Read the carry-over file ``gangso close`` wrote last year (a region file of this
    year whose lines are fixed amounts, each noting 명시이월 or 사고이월) and match its
    lines to this budget's: carried money keeps its purpose, so each must be a line here."""
    from gangso_cli.core.loader import load_budget

    loaded = load_budget(path)
    found = list(loaded.diagnostics)
    carried: CarryIn = {}
    region = loaded.region
    if region is None:
        if loaded.model is not None:
            message = "a carry-over file is one region's file, as gangso close writes it"
            found.append(loaded.doc.error("carry-line", message))
        return carried, found
    if region.year != budget.year or region.zone not in budget.zones:
        found.append(
            loaded.doc.error(
                "carry-line",
                f"carries into {region.zone} in {region.year}, which this {budget.year} "
                "budget does not fund",
                ("year",) if region.year != budget.year else ("zone",),
            )
        )
        return carried, found
    lines = budget.zones[region.zone].lines
    for i, line in enumerate(region.lines):
        index = next(
            (j for j, mine in enumerate(lines)
             if (mine.stage, cell_text(mine.program)) == (line.stage, cell_text(line.program))),
            None,
        )  # fmt: skip
        kind = next((k for k in CARRY_KINDS if k in (line.note or "")), "명시이월")
        if index is None:
            found.append(
                loaded.doc.error(
                    "carry-line",
                    f"{line.program!r} ({line.stage}) is not a line of {region.zone} in the "
                    f"{budget.year} budget; carried money keeps its purpose",
                    ("lines", i, "program"),
                    hint="add the line to this year's budget, or correct its name",
                )
            )
            continue
        for fund in FUNDS:
            rule = line.rule(fund)
            if isinstance(rule, Fixed) and rule.amount:
                before = carried.get((region.zone, index, fund), (0, kind))[0]
                carried[(region.zone, index, fund)] = (before + rule.amount, kind)
    return carried, found
