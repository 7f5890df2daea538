"""How each zone splits its budget across the stages, added up once: the terminal's
``allocate --chart`` and the HTML report's chart both draw this value."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from gangso_cli.core.money import percent_of
from gangso_cli.plan.allocator import Allocation

__all__ = ["StageMix", "StageShare", "ZoneMix", "stage_mix"]


@dataclass(frozen=True)
class StageShare:
    """One stage's part of a zone's budget (국비 + 지방비)."""

    stage: str
    name: str
    amount: int
    #: Of the zone's total, one decimal (0.0 for a zone with nothing allocated).
    percent: Decimal


@dataclass(frozen=True)
class ZoneMix:
    """A zone's budget per stage, in the order of the budget's stages."""

    zone: str
    total: int
    shares: tuple[StageShare, ...]


@dataclass(frozen=True)
class StageMix:
    """The stages (id, name) of the year, and each zone's split across them."""

    stages: tuple[tuple[str, str], ...]
    zones: tuple[ZoneMix, ...]


def stage_mix(allocation: Allocation) -> StageMix:
    """Each zone's won per stage of the year and its share of the zone's total."""
    zones = []
    for zone in allocation.zones:
        per_stage = zone.by_stage()
        total = sum(per_stage.values())
        shares = []
        for stage in allocation.stages:
            amount = per_stage.get(stage.id, 0)
            percent = percent_of(amount, total or 1)
            assert percent is not None
            shares.append(StageShare(stage.id, stage.name, amount, percent))
        zones.append(ZoneMix(zone.zone, total, tuple(shares)))
    return StageMix(tuple((s.id, s.name) for s in allocation.stages), tuple(zones))
