"""Each zone's 국비 envelope, from the national pool: base + incentive + adjustments.

Pure: a :class:`~gangso_cli.core.budget.Budget` and the registry in, :class:`Envelopes` out.

A budget either writes every zone's 국비 (``national:``) or has an ``envelopes`` section:

1. **base**: one amount for every zone (``equal``) or an amount per phase
   (``by_phase``, the phase the registry gives the zone in the budget year);
2. **incentive** by evaluation grade (``grades: {zone: grade}``): either an amount per
   grade (``amounts``), or a ``pool`` divided in proportion to the grades' ``weights``.
   A pool is divided by the same largest-remainder rounding as the lines
   (:func:`gangso_cli.core.money.apportion`, to the budget's rounding unit), so the zones'
   incentives add up to the pool to the won. Zones of equal grade get equal shares; when
   the pool does not divide evenly the odd units go, one each, to the zones first in
   code-point order of their ids;
3. **adjustments**: fixed amounts (negative for a cut) added to named zones.

The checks (``envelope-*`` in :mod:`gangso_cli.plan.checks`) say what is wrong with the rules;
this module only computes, treating a missing value as 0.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from gangso_cli.core.budget import Budget
from gangso_cli.core.loader import LoadedBudget
from gangso_cli.core.money import apportion
from gangso_cli.core.registry import Registry

__all__ = ["Envelopes", "ZoneEnvelope", "derive_budget", "derive_envelopes", "incentive_shares"]


@dataclass(frozen=True)
class ZoneEnvelope:
    """One zone's 국비 and 지방비 for the year, and how the 국비 came about.

    ``base``, ``incentive`` and ``adjustment`` are None when the budget writes the
    envelope directly; ``written`` is the 국비 the file wrote (None when left out).
    """

    zone: str
    phase: str | None
    grade: str | None
    base: int | None
    incentive: int | None
    adjustment: int | None
    national: int
    local: int
    written: int | None

    @property
    def total(self) -> int:
        """국비 + 지방비."""
        return self.national + self.local


@dataclass(frozen=True)
class Envelopes:
    """Every zone's envelope for a budget year, in the order of the budget file."""

    year: int
    derived: bool
    zones: tuple[ZoneEnvelope, ...]

    def national(self) -> dict[str, int]:
        """Zone id → 국비 envelope."""
        return {zone.zone: zone.national for zone in self.zones}


def _scaled(weights: list[Decimal]) -> list[int]:
    """Decimal weights as integers in the same proportion (0.5, 1 → 5, 10)."""
    # Weights are finite (the model refuses NaN and infinities): exponents are ints.
    places = max((-int(w.as_tuple().exponent) for w in weights if w), default=0)
    scale = 10 ** max(places, 0)
    return [int(w * scale) for w in weights]


def incentive_shares(pool: int, weights: dict[str, Decimal], unit: int) -> dict[str, int]:
    """Divide ``pool`` among zones in proportion to their weights, exactly to the won.

    Args:
        pool: the incentive pool in won.
        weights: zone id → its grade's weight.
        unit: the rounding unit in won.

    Returns all zeros when no weight is positive (the pool cannot be divided; the
    ``envelope-pool`` check says so).
    """
    ids = sorted(weights)
    scaled = _scaled([weights[zone] for zone in ids])
    if sum(scaled) == 0:
        return dict.fromkeys(ids, 0)
    shares = apportion([pool * w for w in scaled], sum(scaled), pool, unit, ids)
    return dict(zip(ids, shares, strict=True))


def derive_envelopes(budget: Budget, registry: Registry | None) -> Envelopes:
    """Each zone's envelope: as written, or derived from the budget's envelope rules."""
    known = registry.by_id() if registry is not None else {}
    phases: dict[str, str | None] = {}
    for zone_id in budget.zones:
        current = known[zone_id].phase_in(budget.year) if zone_id in known else None
        phases[zone_id] = current.phase if current is not None else None
    rules = budget.envelopes
    if rules is None:
        return Envelopes(
            budget.year,
            False,
            tuple(
                ZoneEnvelope(
                    zone_id,
                    phases[zone_id],
                    None,
                    None,
                    None,
                    None,
                    zone.envelope("national"),
                    zone.local,
                    zone.national,
                )
                for zone_id, zone in budget.zones.items()
            ),
        )
    incentive = _incentives(budget)
    adjustments: dict[str, int] = {}
    for change in rules.adjustments:
        adjustments[change.zone] = adjustments.get(change.zone, 0) + change.amount
    rows = []
    for zone_id, zone in budget.zones.items():
        phase = phases[zone_id]
        if rules.base.by_phase is not None:
            by_phase: dict[str, int] = {str(k): v for k, v in rules.base.by_phase.items()}
            base = by_phase.get(phase, 0) if phase else 0
        else:
            base = rules.base.equal or 0
        bonus = incentive.get(zone_id, 0)
        adjustment = adjustments.get(zone_id, 0)
        national = max(base + bonus + adjustment, 0)  # a negative total is a check's error
        rows.append(
            ZoneEnvelope(
                zone_id,
                phase,
                rules.grades.get(zone_id),
                base,
                bonus,
                adjustment,
                national,
                zone.local,
                zone.national,
            )
        )
    return Envelopes(budget.year, True, tuple(rows))


def derive_budget(
    loaded: LoadedBudget, registry: Registry | None
) -> tuple[LoadedBudget, Envelopes | None]:
    """The budget with its derived 국비 filled in, and the envelopes it derived.

    A new value: ``loaded`` stays as it was loaded. A budget that writes every 국비 comes
    back as it is; one that did not load gives (``loaded``, None).
    """
    if loaded.model is None:
        return loaded, None
    envelopes = derive_envelopes(loaded.model, registry)
    if not envelopes.derived:
        return loaded, envelopes
    return replace(loaded, model=loaded.model.with_national(envelopes.national())), envelopes


def _incentives(budget: Budget) -> dict[str, int]:
    """Zone id → its incentive, for the zones of the budget that have a grade."""
    rules = budget.envelopes
    if rules is None or rules.incentive is None:
        return {}
    graded = {zone: grade for zone, grade in rules.grades.items() if zone in budget.zones}
    if rules.incentive.amounts is not None:
        amounts = rules.incentive.amounts
        return {zone: amounts.get(grade, 0) for zone, grade in graded.items()}
    if rules.incentive.weights is not None and rules.incentive.pool is not None:
        weights = rules.incentive.weights
        return incentive_shares(
            rules.incentive.pool,
            {zone: weights.get(grade, Decimal(0)) for zone, grade in graded.items()},
            budget.rounding_unit,
        )
    return {}
