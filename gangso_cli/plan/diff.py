"""What changed between two budgets: every line, envelope and setting, in won.

Pure: two budgets and their allocations in, a :class:`BudgetDiff` out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from gangso_cli.core.budget import FUNDS, Budget, Fund
from gangso_cli.plan.allocator import Allocation

__all__ = ["BudgetDiff", "EnvelopeChange", "LineChange", "SettingChange", "diff_budgets"]

Status = Literal["added", "removed", "changed"]
LineKey = tuple[str, str, str, Fund]


class _Delta:
    """An amount before and after; None where there was (or is) none."""

    old: int | None
    new: int | None

    @property
    def change(self) -> int:
        """New minus old, in won (a line or zone that is gone counts as zero)."""
        return (self.new or 0) - (self.old or 0)


@dataclass(frozen=True)
class LineChange(_Delta):
    """One (zone, stage, program, fund) whose allocated amount differs."""

    zone: str
    stage: str
    program: str
    fund: Fund
    old: int | None
    new: int | None

    @property
    def status(self) -> Status:
        """Whether the line was added, removed or changed."""
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "changed"


@dataclass(frozen=True)
class EnvelopeChange(_Delta):
    """A zone's envelope of one fund, before and after (None: not funded)."""

    zone: str
    fund: Fund
    old: int | None
    new: int | None


@dataclass(frozen=True)
class SettingChange:
    """A year-level value that changed: totals, policy, rounding unit, stages."""

    name: str
    old: str
    new: str


@dataclass
class BudgetDiff:
    """Everything that differs between two budgets."""

    lines: list[LineChange] = field(default_factory=list)
    envelopes: list[EnvelopeChange] = field(default_factory=list)
    settings: list[SettingChange] = field(default_factory=list)
    totals: dict[Fund, tuple[int, int]] = field(default_factory=dict)
    #: Stage names by id, from both budgets (the new one wins), for display.
    stage_names: dict[str, str] = field(default_factory=dict)

    @property
    def identical(self) -> bool:
        """True when the allocations are the same to the won (settings may still differ)."""
        return not self.lines and not self.envelopes


def _amounts(allocation: Allocation) -> dict[LineKey, int]:
    amounts: dict[LineKey, int] = {}
    for line in allocation.lines():
        key = (line.zone, line.stage, line.program, line.fund)
        amounts[key] = amounts.get(key, 0) + line.amount  # duplicates are a check failure
    return amounts


def _settings(old: Budget, new: Budget) -> list[SettingChange]:
    def stages(budget: Budget) -> str:
        return ", ".join(f"{s.id} ({s.name})" for s in budget.stages)

    pairs = [
        ("year", str(old.year), str(new.year)),
        ("totals.national", f"{old.totals.national:,}", f"{new.totals.national:,}"),
        ("totals.local", f"{old.totals.local:,}", f"{new.totals.local:,}"),
        ("policy.min_local_match", f"{old.policy.min_local_match}%",
         f"{new.policy.min_local_match}%"),
        ("rounding_unit", f"{old.rounding_unit:,}", f"{new.rounding_unit:,}"),
        ("stages", stages(old), stages(new)),
    ]  # fmt: skip
    return [SettingChange(name, a, b) for name, a, b in pairs if a != b]


def diff_budgets(
    old: Budget, old_allocation: Allocation, new: Budget, new_allocation: Allocation
) -> BudgetDiff:
    """Compare two budgets and their allocations line by line, fund by fund."""
    before, after = _amounts(old_allocation), _amounts(new_allocation)
    stage_order = {s.id: i for i, s in enumerate(new.stages)}
    zone_order = {z: i for i, z in enumerate([*new.zones, *old.zones])}
    keys = sorted(
        before.keys() | after.keys(),
        key=lambda k: (zone_order.get(k[0], 0), stage_order.get(k[1], 99), k[2], FUNDS.index(k[3])),
    )
    result = BudgetDiff(
        settings=_settings(old, new),
        stage_names={s.id: s.name for s in (*old.stages, *new.stages)},
    )
    for key in keys:
        if before.get(key) != after.get(key):
            result.lines.append(LineChange(*key, before.get(key), after.get(key)))
    for zone in sorted(old.zones.keys() | new.zones.keys(), key=lambda z: zone_order.get(z, 0)):
        for fund in FUNDS:
            a = old.zones[zone].envelope(fund) if zone in old.zones else None
            b = new.zones[zone].envelope(fund) if zone in new.zones else None
            if a != b:
                result.envelopes.append(EnvelopeChange(zone, fund, a, b))
    for fund in FUNDS:
        result.totals[fund] = (old_allocation.total(fund), new_allocation.total(fund))
    return result
