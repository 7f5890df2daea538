"""The programme across years: every bundled budget, evaluated once, side by side.

:func:`load_history` evaluates each year's bundled national budget and keeps what the
history report reads of it (:class:`HistoryYear`: plain figures, no models); the views in
:mod:`gangso_cli.programme.views` lay the years out, and :func:`stage_mix` is the one
place the platform-stage mix is added up. The multi-year ceilings of any
evaluation find their other years in :mod:`gangso_cli.programme.ceilings`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from gangso_cli.core.budget import PLATFORM_STAGES
from gangso_cli.core.bundled import budget_source, bundled_years
from gangso_cli.core.diagnostics import Diagnostic
from gangso_cli.core.loader import LoadedRegistry, load_budget
from gangso_cli.plan.evaluate import Evaluation, evaluate_loaded
from gangso_cli.programme.ceilings import bundled_other_years

__all__ = [
    "History",
    "HistoryYear",
    "StageMix",
    "ZoneYear",
    "history_range",
    "history_year",
    "load_history",
    "stage_mix",
]

#: The mix's key for won in a stage that maps onto no platform stage (미분류).
UNMAPPED = "unmapped"


@dataclass(frozen=True)
class ZoneYear:
    """One zone's year as the history reads it: envelope, phase, grade, basis, and the
    won it puts in each platform stage."""

    zone: str
    phase: str | None
    grade: str | None
    national: int
    local: int
    basis: str | None
    #: Won per platform stage (``discovery``, ``transfer``, ``growth``, ``unmapped``).
    platform: Mapping[str, int]

    @property
    def total(self) -> int:
        """국비 + 지방비."""
        return self.national + self.local


@dataclass(frozen=True)
class HistoryYear:
    """One year's national budget, evaluated, reduced to what the history shows."""

    year: int
    #: How reports name the file (``bundled: budget_2023.yaml``).
    source: str
    totals_basis: str | None
    #: True when a stage of the year maps onto no platform stage (a 미분류 column).
    unmapped: bool
    #: The zones the year funds, in the order of its file.
    zones: tuple[ZoneYear, ...]


def history_year(evaluation: Evaluation) -> HistoryYear:
    """What the history reads of one evaluated national budget (it must be usable)."""
    budget, envelopes = evaluation.budget.model, evaluation.envelopes
    allocation = evaluation.allocation
    assert budget is not None
    assert envelopes is not None
    assert allocation is not None
    platform = {s.id: s.platform_stage or UNMAPPED for s in budget.stages}
    won: dict[str, dict[str, int]] = {}
    for line in allocation.lines():
        per_zone = won.setdefault(line.zone, {})
        key = platform.get(line.stage, UNMAPPED)
        per_zone[key] = per_zone.get(key, 0) + line.amount
    zones = tuple(
        ZoneYear(
            row.zone,
            row.phase,
            row.grade,
            row.national,
            row.local,
            budget.zone_basis(row.zone),
            won.get(row.zone, {}),
        )
        for row in envelopes.zones
    )
    return HistoryYear(
        budget.year,
        evaluation.budget.doc.file,
        budget.totals_basis,
        any(s.platform_stage is None for s in budget.stages),
        zones,
    )


@dataclass(frozen=True)
class History:
    """The years asked for, those evaluated whole, and every problem found on the way."""

    years: tuple[int, ...]
    entries: tuple[HistoryYear, ...]
    #: The registry's problems, then each year's (a broken bundled year is reported).
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def missing(self) -> list[int]:
        """The years asked for that could not be evaluated whole."""
        done = {entry.year for entry in self.entries}
        return [year for year in self.years if year not in done]

    @property
    def funded(self) -> list[str]:
        """The ids of the zones funded in any of the years, sorted."""
        return sorted({zone.zone for entry in self.entries for zone in entry.zones})

    @property
    def span(self) -> str:
        """The years as a title says them: ``2020–2026``."""
        return f"{self.years[0]}–{self.years[-1]}" if self.years else ""

    @property
    def sources(self) -> dict[int, str]:
        """Each year's file, as reports name it."""
        return {entry.year: entry.source for entry in self.entries}


def history_range(first: int | None, last: int | None) -> tuple[int, int, list[int]]:
    """The bundled years from ``first`` to ``last`` (default: the first and the latest
    bundled), with the bounds used; the list is empty when none is bundled there."""
    available = bundled_years()
    first = first if first is not None else available[0]
    last = last if last is not None else available[-1]
    return first, last, [year for year in available if first <= year <= last]


def load_history(registry: LoadedRegistry, years: Sequence[int]) -> History:
    """Load and evaluate the bundled national budget of each year, once.

    A year that cannot be evaluated whole is left out of ``entries`` (see
    :attr:`History.missing`) and its diagnostics are kept, never hidden.
    """
    entries: list[HistoryYear] = []
    found: list[Diagnostic] = list(registry.diagnostics)
    for year in years:
        source = budget_source(str(year))
        if source is None:
            continue
        loaded = load_budget(source[0], display_name=source[1])
        evaluation = evaluate_loaded(loaded, registry, other_years=bundled_other_years)
        found.extend(evaluation.budget_diagnostics)
        if evaluation.usable:
            entries.append(history_year(evaluation))
    return History(tuple(years), tuple(entries), tuple(found))


@dataclass(frozen=True)
class StageMix:
    """The won in each platform stage per year, over the zones chosen."""

    #: The platform stages, then ``unmapped`` when some year has a stage outside them.
    keys: tuple[str, ...]
    #: Per year: the year, won per key (``unmapped`` always present), and the total.
    years: tuple[tuple[int, Mapping[str, int], int], ...]


def stage_mix(years: Sequence[HistoryYear], chosen: set[str] | None = None) -> StageMix:
    """The platform-stage mix (기술발굴, 기술이전·창업, 기업성장지원) of each year, over the
    zones in ``chosen`` (None: all), so that years with other sub-programmes compare."""
    unmapped = any(entry.unmapped for entry in years)
    keys = (*PLATFORM_STAGES, *((UNMAPPED,) if unmapped else ()))
    rows = []
    for entry in years:
        amounts = dict.fromkeys([*PLATFORM_STAGES, UNMAPPED], 0)
        for zone in entry.zones:
            if chosen is None or zone.zone in chosen:
                for key, won in zone.platform.items():
                    amounts[key] += won
        rows.append((entry.year, amounts, sum(amounts.values())))
    return StageMix(keys, tuple(rows))
