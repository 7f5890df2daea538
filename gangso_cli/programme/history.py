"""The programme across years: every bundled budget, evaluated once, side by side.

:func:`load_history` evaluates each year's bundled national budget and keeps what the
history report reads of it (:class:`HistoryYear`: plain figures, no models); the views in
:mod:`gangso_cli.programme.views` lay the years out, and :func:`stage_mix` is the one
place the platform-stage mix is added up. The multi-year ceilings of any
evaluation find their other years in :mod:`gangso_cli.programme.ceilings`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from gangso_cli.core.budget import PLATFORM_STAGES
from gangso_cli.core.bundled import budget_source, bundled_years
from gangso_cli.core.cache import content_key, read_cached, write_cached
from gangso_cli.core.diagnostics import Diagnostic
from gangso_cli.core.loader import LoadedRegistry

if TYPE_CHECKING:
    from gangso_cli.plan.evaluate import Evaluation

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
    #: The publication and date the envelope follows ("" when none is recorded).
    source: str = ""
    #: The evaluation its grade comes from, and its rank there (None: none, unknown).
    evaluation_year: int | None = None
    rank: int | None = None
    #: How a programme year of its phase runs when not January–December (3월~익년 2월).
    programme_year: str | None = None
    #: How the envelope was arrived at: from what it is derived, why it is illustrative.
    basis_note: str = ""
    #: The basis of the 지방비 when not the envelope's (None: the envelope's, ``basis``).
    local_basis: str | None = None
    #: True when its incentive rests on an assumed evaluation result (shown 가정).
    assumed: bool = False

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
    #: The publication and date the programme totals follow ("" when none is recorded).
    totals_source: str = ""
    #: True when the year's lines (their split, or the envelopes they divide) are partly
    #: illustrative: the stage mix says so in its title.
    illustrative: bool = False
    #: How the programme totals were arrived at ("" when the file gives no note).
    totals_basis_note: str = ""


def history_year(
    evaluation: Evaluation, phases: Mapping[str, str | None] | None = None
) -> HistoryYear:
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
            budget.zone_source(row.zone),
            row.evaluation_year,
            row.rank,
            (phases or {}).get(row.zone),
            budget.zone_basis_note(row.zone),
            budget.zone_local_basis(row.zone),
            row.assumed and bool(row.incentive),
        )
        for row in envelopes.zones
    )
    return HistoryYear(
        budget.year,
        evaluation.budget.doc.file,
        budget.totals_basis,
        any(s.platform_stage is None for s in budget.stages),
        zones,
        budget.totals_source,
        budget.lines_illustrative,
        budget.totals_basis_note,
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


def load_history(registry: LoadedRegistry, years: Sequence[int], *, cache: bool = False) -> History:
    """Load and evaluate the bundled national budget of each year, once.

    A year that cannot be evaluated whole is left out of ``entries`` (see
    :attr:`History.missing`) and its diagnostics are kept, never hidden.

    With ``cache``, the years come from the user's cache (:mod:`gangso_cli.core.cache`)
    when the registry, every bundled budget and this gangso are those they were
    evaluated with; a cache is written only of years that all passed every check.
    """
    if not cache or registry.diagnostics:
        return _evaluate_years(registry, years)
    key = _history_key(registry)
    stored = _years_from_json(read_cached(_CACHE_NAME, key))
    if stored is not None and all(year in stored for year in years):
        return History(tuple(years), tuple(stored[year] for year in years))
    every = _evaluate_years(registry, bundled_years())
    if every.missing or every.diagnostics:
        return _evaluate_years(registry, years)  # as without a cache: its problems told
    write_cached(_CACHE_NAME, key, [asdict(entry) for entry in every.entries])
    kept = {entry.year: entry for entry in every.entries}
    return History(tuple(years), tuple(kept[year] for year in years if year in kept))


def _evaluate_years(registry: LoadedRegistry, years: Sequence[int]) -> History:
    from gangso_cli.core.loader import load_budget
    from gangso_cli.plan.evaluate import evaluate_loaded
    from gangso_cli.programme.ceilings import bundled_other_years

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
            entries.append(history_year(evaluation, _programme_years(registry, year)))
    return History(tuple(years), tuple(entries), tuple(found))


def _programme_years(registry: LoadedRegistry, year: int) -> dict[str, str | None]:
    """Zone id → how a programme year of its phase in ``year`` runs, where reported."""
    if registry.model is None:
        return {}
    result: dict[str, str | None] = {}
    for zone in registry.model.zones:
        phase = zone.phase_in(year)
        result[zone.id] = phase.programme_year if phase is not None else None
    return result


#: The cache entry of the evaluated bundled years; bump the number when HistoryYear
#: (or what it is computed from) changes shape.
_CACHE_NAME = "history-5"


def _history_key(registry: LoadedRegistry) -> str:
    """What the bundled years' history is computed from: the registry's data and every
    bundled budget's bytes (a phase ceiling may add any other year)."""
    parts = [json.dumps(registry.doc.data, sort_keys=True, default=str, ensure_ascii=False)]
    for year in bundled_years():
        source = budget_source(str(year))
        if source is not None:
            parts += [str(year), source[1]]
            try:
                parts.append(source[0].read_bytes().decode("latin-1"))
            except OSError:
                parts.append("unreadable")
    return content_key(*parts)


def _years_from_json(value: Any) -> dict[int, HistoryYear] | None:
    """The years a cache entry holds, checked field by field; None if it is not that."""
    if not isinstance(value, list):
        return None
    try:
        years = [
            HistoryYear(
                int(entry["year"]),
                str(entry["source"]),
                _text(entry["totals_basis"]),
                bool(entry["unmapped"]),
                tuple(
                    ZoneYear(
                        str(zone["zone"]),
                        _text(zone["phase"]),
                        _text(zone["grade"]),
                        _won(zone["national"]),
                        _won(zone["local"]),
                        _text(zone["basis"]),
                        {str(k): _won(v) for k, v in zone["platform"].items()},
                        str(zone["source"]),
                        _year(zone["evaluation_year"]),
                        _year(zone["rank"]),
                        _text(zone["programme_year"]),
                        str(zone["basis_note"]),
                        _text(zone["local_basis"]),
                        bool(zone["assumed"]),
                    )
                    for zone in entry["zones"]
                ),
                str(entry["totals_source"]),
                bool(entry["illustrative"]),
                str(entry["totals_basis_note"]),
            )
            for entry in value
        ]
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    return {entry.year: entry for entry in years}


def _text(value: object) -> str | None:
    if value is not None and not isinstance(value, str):
        raise TypeError(value)
    return value


def _year(value: object) -> int | None:
    return None if value is None else _won(value)


def _won(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(value)
    return value


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
