"""The year-end close (결산): per line 불용, 이월 and 반납, and next year's carry-over file.

Only a line marked for carry-over by an approved change (``carry: 명시이월`` or
``사고이월``, 국가재정법 §48) carries its balance into next year, and money that was itself
carried in by 사고이월 is never carried by 사고이월 again. What a line neither spent nor
carried is 불용 (unspent); of that, 국비 is returned (반납).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from gangso_cli.core.budget import Budget, Fund
from gangso_cli.core.diagnostics import Diagnostic, Severity, SourceLocation
from gangso_cli.core.money import format_korean
from gangso_cli.core.schemas import schema_comment
from gangso_cli.spending.accounts import Execution
from gangso_cli.spending.totals import LineAccount

__all__ = ["ClosedLine", "ClosedTotal", "carry_file", "close_total", "close_year"]


@dataclass(frozen=True)
class ClosedLine:
    """One line's fund at the close."""

    account: LineAccount
    #: 명시이월 or 사고이월 when an approved change marks the line; else None.
    kind: str | None
    carried: int
    unspent: int

    @property
    def returned(self) -> int:
        """반납: the 국비 neither spent nor carried goes back to the treasury."""
        return self.unspent if self.account.fund == "national" else 0

    @property
    def overspent(self) -> int:
        """초과집행: what was spent past 예산현액 (0 for a line within it). The parts add
        up to the whole: 잔액 = 이월 + 불용 − 초과집행."""
        return max(-self.account.balance, 0)


@dataclass(frozen=True)
class ClosedTotal:
    """Closed lines together: 예산현액, 집행액, 잔액 (an overspent line's negative), 이월,
    불용, 반납 and 초과집행 (잔액 = 이월 + 불용 − 초과집행)."""

    current: int
    spent: int
    balance: int
    carried: int
    unspent: int
    returned: int
    overspent: int = 0


def close_total(closed: Sequence[ClosedLine]) -> ClosedTotal:
    """What the closed lines add up to."""
    return ClosedTotal(
        sum(c.account.current for c in closed), sum(c.account.spent for c in closed),
        sum(c.account.balance for c in closed), sum(c.carried for c in closed),
        sum(c.unspent for c in closed), sum(c.returned for c in closed),
        sum(c.overspent for c in closed),
    )  # fmt: skip


def close_year(result: Execution) -> tuple[list[ClosedLine], list[Diagnostic]]:
    """Every line's close, in budget order, and the problems with its carry marks."""
    marks: dict[tuple[str, int, Fund], tuple[str, int | None, SourceLocation | None]] = {}
    problems: list[Diagnostic] = []
    for resolved in result.changes:
        change = resolved.change
        if not change.is_carry or change.status != "approved" or resolved.source is None:
            continue
        key = (resolved.zone, resolved.source, change.fund)
        account = result.accounts.get(key)
        where = resolved.where or SourceLocation("")
        if change.carry == "사고이월" and account is not None and "사고이월" in account.carried_in:
            problems.append(
                Diagnostic(
                    "carry-twice",
                    f"{resolved.zone} {account.program}: carried in by 사고이월 last year, so it "
                    "cannot be carried by 사고이월 again (국가재정법 §48)",
                    where,
                    hint="spend it this year, or let it lapse (불용)",
                )
            )
            continue
        if key in marks:
            problems.append(
                Diagnostic(
                    "carry-twice",
                    "the line is already marked for carry-over",
                    where,
                    hint="keep one carry mark per line and fund",
                )
            )
            continue
        assert change.carry is not None
        marks[key] = (change.carry, change.amount, where)
    closed = []
    for key, account in result.accounts.items():
        # an overspent line carries and leaves nothing: its overspend is shown as such
        # (ClosedLine.overspent), and is an error of its own (line-overspent)
        balance = max(account.balance, 0)
        kind, limit, _ = marks.get(key, (None, None, None))
        carried = min(balance, limit if limit is not None else balance) if kind else 0
        closed.append(ClosedLine(account, kind, carried, balance - carried))
    return closed, [*problems, *_incomplete(result)]


#: Ledgers whose last row is before this month are taken for a part of the year.
_LAST_MONTH = 12


def _incomplete(result: Execution) -> list[Diagnostic]:
    """A warning when the ledgers stop before the year's last month: the close counts
    every won they do not hold as 불용 (and its 국비 as 반납), so a download of half the
    year would close as if the rest had lapsed (``close-incomplete``)."""
    last = result.last_date
    if last is not None and (last.year > result.year or last.month >= _LAST_MONTH):
        return []
    ends = f"end on {last.isoformat()}" if last is not None else "hold no dated row"
    return [
        Diagnostic(
            "close-incomplete",
            f"the ledgers {ends}: a close of {result.year} counts every won not in them "
            "as 불용, and its 국비 as 반납",
            SourceLocation(""),
            hint=f"close with the ledgers of the whole year (to {result.year}-12-31), "
            "downloaded again if the system's 조회기간 stopped earlier",
            severity=Severity.WARNING,
        )
    ]


def carry_file(budget: Budget, zone: str, closed: list[ClosedLine], source: str) -> str | None:
    """Next year's carry-over lines for ``zone`` as a region file that ``validate``
    accepts (None when the zone carries nothing): one line per carried line, its amounts
    fixed, its note saying how it was carried."""
    carried: dict[int, dict[str, ClosedLine]] = {}
    for line in closed:
        if line.account.zone == zone and line.carried > 0:
            carried.setdefault(line.account.index, {})[line.account.fund] = line
    if not carried:
        return None
    year = budget.year + 1
    national = sum(
        c.carried for funds in carried.values() for f, c in funds.items() if f == "national"
    )
    local = sum(c.carried for funds in carried.values() for f, c in funds.items() if f == "local")
    out = [
        schema_comment("carry"),  # completion and inline errors in the editor
        f"# {budget.year}년 이월 → {year} (carry-over), written by `gangso close` from {source}.",
        f"# Carried money keeps its purpose: each line is the same program as in {budget.year}.",
        f"# Use it in {year} with: gangso execution LEDGER --budget <{year} budget> "
        "--carry <this file>",
        "kind: region",
        f"year: {year}",
        f"zone: {zone}",
        "rounding_unit: 1        # carried amounts are exact won",
        "policy:",
        "  min_local_match: 0%   # carried money needs no new local match",
        "stages:",
    ]
    for stage in budget.stages:
        out += [f"  - id: {stage.id}", f"    name: {_quoted(stage.name)}"]
    out += [f"national: {national}", f"local: {local}", "lines:"]
    for index in sorted(carried):
        funds = carried[index]
        first = next(iter(funds.values()))
        out += [
            f"  - stage: {first.account.stage}",
            f"    program: {_quoted(first.account.program)}",
        ]
        for fund in ("national", "local"):
            if fund in funds:
                out.append(
                    f"    {fund}: {funds[fund].carried}  # {format_korean(funds[fund].carried)}"
                )
        kinds = sorted({c.kind for c in funds.values() if c.kind})
        out.append(f"    note: {_quoted(', '.join(kinds) + f' ({budget.year})')}")
    return "\n".join(out) + "\n"


def _quoted(text: str) -> str:
    """Text as a YAML scalar that reads back the same."""
    import json

    return json.dumps(text, ensure_ascii=False)
