"""Each zone's 국비 envelope, from the national pool: base + incentive + adjustments.

Pure: a :class:`~gangso_cli.core.budget.Budget` and the registry in, :class:`Envelopes` out.

A budget either writes every zone's 국비 (``national:``) or has an ``envelopes`` section:

1. **base**: one amount for every zone (``equal``) or an amount per phase
   (``by_phase``, the phase the registry gives the zone in the budget year);
2. **incentive** by evaluation grade (``grades: {zone: grade}``, or the grades of the
   evaluation named by ``evaluation: 2023``): either an amount per grade (``amounts``),
   or a ``pool`` divided in proportion to the grades' ``weights``; or by rank
   (``top: 4``): the zones ranked in the first N get ``each``, or an equal share of
   ``pool``.
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

from gangso_cli.core.budget import Budget, EnvelopeRules
from gangso_cli.core.evaluations import Evaluation, Evaluations
from gangso_cli.core.loader import LoadedBudget
from gangso_cli.core.money import apportion
from gangso_cli.core.registry import Registry

__all__ = [
    "Envelopes",
    "ZoneEnvelope",
    "derive_budget",
    "derive_envelopes",
    "incentive_shares",
    "top_zones",
]


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
    #: The evaluation year the grade and rank come from (None: none, or written grades).
    evaluation_year: int | None = None
    #: The zone's rank in that evaluation, where published (or written under ranks).
    rank: int | None = None
    #: Where the grade comes from, as a note reads it (the evaluation, its announcement
    #: date and source; or the budget file's ``grades``); empty when there is no grade.
    grade_source: str = ""
    #: True when the zone's result in that evaluation is assumed, not reported.
    assumed: bool = False

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
    #: The evaluation the rules name (None: none named).
    evaluation: int | None = None
    #: False when the rules name an evaluation that is not on record.
    evaluation_found: bool = True

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


def derive_envelopes(
    budget: Budget, registry: Registry | None, evaluations: Evaluations | None = None
) -> Envelopes:
    """Each zone's envelope: as written, or derived from the budget's envelope rules.

    ``evaluations`` are where a named evaluation is looked up (None: the bundled ones).
    """
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
    named = _named_evaluation(rules, evaluations)
    grades, ranks = _standing(rules, named)
    incentive = _incentives(budget, grades, named)
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
        from_evaluation = named is not None and zone_id in named.zones
        rows.append(
            ZoneEnvelope(
                zone_id,
                phase,
                grades.get(zone_id),
                base,
                bonus,
                adjustment,
                national,
                zone.local,
                zone.national,
                rules.evaluation if from_evaluation or zone_id in rules.grades else None,
                ranks.get(zone_id),
                _grade_source(zone_id, rules, named),
                _assumed(zone_id, rules, named),
            )
        )
    found = rules.evaluation is None or named is not None
    return Envelopes(budget.year, True, tuple(rows), rules.evaluation, found)


def _grade_source(zone_id: str, rules: EnvelopeRules, named: Evaluation | None) -> str:
    """Where a zone's grade comes from: the file's ``grades`` (which win), else the named
    evaluation; empty when it has none."""
    from gangso_cli.core.evaluations import cited

    if zone_id in rules.grades:
        return "예산 파일 envelopes.grades에 기재"
    if named is not None and zone_id in named.zones and named.zones[zone_id].grade:
        return cited(named, zone_id)
    return ""


def _assumed(zone_id: str, rules: EnvelopeRules, named: Evaluation | None) -> bool:
    """Whether the zone's standing is the named evaluation's assumed one (not overridden
    by a grade or rank the file writes)."""
    if named is None or zone_id not in named.zones:
        return False
    written = zone_id in rules.grades or zone_id in rules.ranks
    return named.zones[zone_id].assumed and not written


def _named_evaluation(rules: EnvelopeRules, evaluations: Evaluations | None) -> Evaluation | None:
    """The evaluation the rules name, from ``evaluations`` or the bundled ones."""
    if rules.evaluation is None:
        return None
    if evaluations is None:
        from gangso_cli.core.evaluations import bundled_evaluations

        evaluations = bundled_evaluations()
    return evaluations.get(rules.evaluation) if evaluations is not None else None


def _standing(
    rules: EnvelopeRules, named: Evaluation | None
) -> tuple[dict[str, str], dict[str, int]]:
    """Zone id → grade and zone id → rank: the named evaluation's, then what the file
    writes under ``grades`` and ``ranks`` (a written value wins)."""
    grades: dict[str, str] = {}
    ranks: dict[str, int] = {}
    if named is not None:
        for zone_id, result in named.zones.items():
            if result.grade is not None:
                grades[zone_id] = result.grade
            if result.rank is not None:
                ranks[zone_id] = result.rank
    return {**grades, **rules.grades}, {**ranks, **rules.ranks}


def top_zones(rules: EnvelopeRules, named: Evaluation | None, zones: list[str]) -> list[str]:
    """The zones of ``zones`` ranked in the first ``incentive.top``: by a written rank,
    else by the evaluation's rank or its "in the first N" (``top``)."""
    incentive = rules.incentive
    if incentive is None or incentive.top is None:
        return []
    n = incentive.top
    chosen = []
    for zone_id in zones:
        if zone_id in rules.ranks:
            if rules.ranks[zone_id] <= n:
                chosen.append(zone_id)
        elif named is not None and zone_id in named.zones and named.zones[zone_id].within(n):
            chosen.append(zone_id)
    return chosen


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


def _incentives(
    budget: Budget, grades: dict[str, str] | None = None, named: Evaluation | None = None
) -> dict[str, int]:
    """Zone id → its incentive, for the zones of the budget that have a grade (or, by
    rank, that are in the top N). ``grades`` default to those the file writes."""
    rules = budget.envelopes
    if rules is None or rules.incentive is None:
        return {}
    if grades is None:
        grades = dict(rules.grades)
    if rules.incentive.top is not None:
        return _top_incentives(budget, rules, named)
    graded = {zone: grade for zone, grade in grades.items() if zone in budget.zones}
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


def _top_incentives(
    budget: Budget, rules: EnvelopeRules, named: Evaluation | None
) -> dict[str, int]:
    """By rank: each of the top N gets ``each``, or an equal share of ``pool`` (the
    same division as a pool by weights, every weight 1)."""
    incentive = rules.incentive
    assert incentive is not None
    chosen = top_zones(rules, named, list(budget.zones))
    if incentive.each is not None:
        return dict.fromkeys(chosen, incentive.each)
    if incentive.pool is not None:
        return incentive_shares(
            incentive.pool, dict.fromkeys(chosen, Decimal(1)), budget.rounding_unit
        )
    return {}
