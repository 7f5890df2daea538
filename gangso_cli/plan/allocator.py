"""Split each zone's envelope into its budget lines, exactly, to the won.

Pure: a :class:`~gangso_cli.core.budget.Budget` in, an :class:`Allocation` out; no I/O.

For each zone and each fund (국비, 지방비) separately, the rules apply in a fixed order:

1. **fixed** amounts are placed as written;
2. **shares** ("30%") take their percentage of what the fixed amounts left (the pool);
3. **rest** takes whatever the shares left of the pool.

Shares and rest are then rounded to the budget's rounding unit by largest remainder
(:func:`gangso_cli.core.money.apportion`), so that the lines add up to the envelope exactly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from gangso_cli.core.budget import FUNDS, Budget, Fund, Stage
from gangso_cli.core.fields import Fixed, Rest, Rule, Share
from gangso_cli.core.money import apportion

__all__ = ["AllocatedLine", "Allocation", "ZoneAllocation", "allocate", "split_fund"]


@dataclass(frozen=True)
class AllocatedLine:
    """One fund's amount on one budget line, with the rule that produced it."""

    zone: str
    index: int
    stage: str
    program: str
    fund: Fund
    rule: Rule
    amount: int


@dataclass(frozen=True)
class ZoneAllocation:
    """A zone's envelopes and its allocated lines."""

    zone: str
    national: int
    local: int
    lines: tuple[AllocatedLine, ...]

    def envelope(self, fund: Fund) -> int:
        """The envelope of a fund, in won."""
        return self.national if fund == "national" else self.local

    def allocated(self, fund: Fund) -> int:
        """What the lines place from a fund, in won."""
        return sum(line.amount for line in self.lines if line.fund == fund)

    def by_stage(self, fund: Fund | None = None) -> dict[str, int]:
        """Won per stage id, for one fund or (None) both."""
        totals: dict[str, int] = {}
        for line in self.lines:
            if fund is None or line.fund == fund:
                totals[line.stage] = totals.get(line.stage, 0) + line.amount
        return totals


@dataclass(frozen=True)
class Allocation:
    """A whole year's allocation: every zone's lines."""

    year: int
    rounding_unit: int
    stages: tuple[Stage, ...]
    zones: tuple[ZoneAllocation, ...]

    def lines(self) -> Iterable[AllocatedLine]:
        """Every allocated line of every zone, in file order."""
        for zone in self.zones:
            yield from zone.lines

    def total(self, fund: Fund | None = None) -> int:
        """Won allocated from a fund, or (None) from both, over all zones."""
        return sum(line.amount for line in self.lines() if fund is None or line.fund == fund)

    def stage_total(self, stage: str, fund: Fund | None = None) -> int:
        """Won allocated to a stage over all zones."""
        return sum(
            line.amount
            for line in self.lines()
            if line.stage == stage and (fund is None or line.fund == fund)
        )


def _decimals(share: Share) -> int:
    exponent = share.percent.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def split_fund(
    envelope: int, rules: list[Rule], unit: int, keys: list[tuple[object, ...]] | None = None
) -> list[int]:
    """Split one fund's envelope by its rules; one amount in won per rule.

    The amounts add up to the envelope exactly whenever the rules are complete (a rest
    rule, or shares of 100%) and the fixed amounts fit. Incomplete or overfull rules
    still give an answer that never goes negative; the checks report the difference.

    Args:
        envelope: the fund's envelope, in won.
        rules: the rules, in any order.
        unit: round shares and rest to multiples of this many won.
        keys: one sortable key per rule for rounding ties (default: the rule's position).
    """
    keys = keys if keys is not None else [(i,) for i in range(len(rules))]
    amounts = [rule.amount if isinstance(rule, Fixed) else 0 for rule in rules]
    pool = max(envelope - sum(amounts), 0)
    flexible = [i for i, rule in enumerate(rules) if not isinstance(rule, Fixed)]
    if not flexible:
        return amounts
    # Exact amounts as integer numerators over one denominator: a share p% of the pool
    # is pool × p / 100, and p has at most `places` decimals. Several rest lines share
    # what is left equally (a check flags it), hence the factor len(rests).
    shares = {i: r for i in flexible if isinstance(r := rules[i], Share)}
    rests = [i for i in flexible if isinstance(rules[i], Rest)]
    places = max((_decimals(share) for share in shares.values()), default=0)
    per_rest = max(len(rests), 1)
    denominator = 100 * 10**places * per_rest
    numerators = {
        i: pool * int(share.percent.scaleb(places)) * per_rest for i, share in shares.items()
    }
    left = pool * denominator - sum(numerators.values())
    for i in rests:
        numerators[i] = max(left, 0) // per_rest
    if left >= 0 and (rests or left == 0):
        # Complete rules (a rest line, or shares of exactly 100%) place the whole pool,
        # to the won, even when fixed amounts leave it off the unit: the odd won go to
        # the line that rounding favours (largest remainder, then stage and program).
        target = pool
    else:  # shares that do not add up to 100%: round their sum half up to the unit
        step = denominator * unit
        target = (2 * sum(numerators.values()) + step) // (2 * step) * unit
    rounded = apportion(
        [numerators[i] for i in flexible], denominator, target, unit, [keys[i] for i in flexible]
    )
    for i, amount in zip(flexible, rounded, strict=True):
        amounts[i] = amount
    return amounts


def allocate(budget: Budget) -> Allocation:
    """Allocate every zone's envelope into its lines, fund by fund."""
    stage_order = {stage.id: i for i, stage in enumerate(budget.stages)}
    zones = []
    for zone_id, zone in budget.zones.items():
        lines: list[AllocatedLine] = []
        for fund in FUNDS:
            drawing = [(i, line) for i, line in enumerate(zone.lines) if line.rule(fund)]
            rules = [rule for _, line in drawing if (rule := line.rule(fund)) is not None]
            # Ties go by stage order then program name, never by position in the file,
            # so reordering lines cannot move a won.
            keys: list[tuple[object, ...]] = [
                (stage_order.get(line.stage, len(stage_order)), line.stage, line.program, i)
                for i, line in drawing
            ]
            amounts = split_fund(zone.envelope(fund), rules, budget.rounding_unit, keys)
            lines.extend(
                AllocatedLine(zone_id, i, line.stage, line.program, fund, rule, amount)
                for (i, line), rule, amount in zip(drawing, rules, amounts, strict=True)
            )
        lines.sort(key=lambda line: (line.index, FUNDS.index(line.fund)))
        zones.append(ZoneAllocation(zone_id, zone.envelope("national"), zone.local, tuple(lines)))
    return Allocation(budget.year, budget.rounding_unit, tuple(budget.stages), tuple(zones))
