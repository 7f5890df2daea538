"""The zone registry (``data/zones.yaml``): zones, their designation and phases."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from gangso_cli.core.fields import _SLUG, _Model

#: The programme's phases, in the order a zone goes through them (from 2025): 예비 강소특구
#: (six months) → 1단계 기반조성 (five years) → 2단계 특화발전 (five years); a 자립형
#: 강소특구 is funded by its local government alone.
PHASES = ("예비", "1단계 기반조성", "2단계 특화발전", "자립형")


PhaseName = Literal["예비", "1단계 기반조성", "2단계 특화발전", "자립형"]


_MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"


class Phase(_Model):
    """A span of budget years a zone spends in one phase of the programme."""

    phase: PhaseName = Field(description="예비, 1단계 기반조성, 2단계 특화발전 or 자립형.")
    start: int = Field(strict=True, ge=2019, le=2100, description="First budget year.")
    end: int | None = Field(
        default=None, strict=True, ge=2019, le=2100, description="Last budget year (open: none)."
    )
    start_month: str | None = Field(
        default=None,
        pattern=_MONTH,
        description="The month the phase starts, 'YYYY-MM', where reported (구미 1단계: "
        "2021-03): its programme years then run from that month, not January.",
    )
    end_month: str | None = Field(
        default=None, pattern=_MONTH, description="The month the phase ends, 'YYYY-MM'."
    )
    note: str | None = Field(default=None, description="Where the years come from.")
    source: str | None = Field(
        default=None, description="The report the years follow (publication and date)."
    )

    @property
    def span(self) -> str:
        """The phase's time as people say it: ``2021-03 ~ 2026-02`` when its months are
        reported, else ``2021–2025`` (budget years)."""
        if self.start_month and self.end_month:
            return f"{self.start_month} ~ {self.end_month}"
        return f"{self.start}–{self.end or '…'}"

    @property
    def programme_year(self) -> str | None:
        """How one programme year of the phase runs when it is not the calendar year:
        ``3월~익년 2월``; None for January to December or when not reported."""
        if not self.start_month or self.start_month.endswith("-01"):
            return None
        first = int(self.start_month[5:])
        last = 12 if first == 1 else first - 1
        return f"{first}월~익년 {last}월"

    def covers(self, year: int) -> bool:
        """True when ``year`` is one of the phase's budget years."""
        return self.start <= year and (self.end is None or year <= self.end)

    @property
    def nationally_funded(self) -> bool:
        """A 자립형 zone is funded by its local government alone: no 국비 envelope."""
        return self.phase != "자립형"


class Zone(_Model):
    """One zone of the registry, with its names in Korean as in official documents."""

    id: str = Field(pattern=_SLUG, description="Stable ASCII id, e.g. 'gimhae'.")
    name: str = Field(min_length=1, description="e.g. '김해 강소특구'.")
    province: str = Field(min_length=1, description="광역 지자체, e.g. '경남'.")
    city: str = Field(min_length=1, description="기초 지자체, e.g. '김해'.")
    core_institutions: list[str] = Field(min_length=1, description="기술핵심기관.")
    specialisation: str = Field(min_length=1, description="특화분야.")
    designated: str = Field(
        pattern=r"^\d{4}-(0[1-9]|1[0-2])(-\d{2})?$",
        description="Designation date, 'YYYY-MM' or 'YYYY-MM-DD'.",
    )
    strategy: str | None = Field(default=None, description="전략방향 (strategy group).")
    regional_capability: str | None = Field(default=None, description="지역역량연계전략.")
    area_km2: Decimal | None = Field(default=None, ge=0, description="Area in ㎢.")
    confidence: Literal["H", "M"] | None = Field(
        default=None, description="H: government release or several reports; M: one report."
    )
    source: str | None = None
    phases: list[Phase] = Field(
        default_factory=list,
        description="Its phases by budget year, in order; none: funded every year after "
        "designation.",
    )

    @property
    def designated_year(self) -> int:
        """The year of designation."""
        return int(self.designated[:4])

    def phase_in(self, year: int) -> Phase | None:
        """The phase the zone is in during budget year ``year``, if the registry says."""
        return next((phase for phase in self.phases if phase.covers(year)), None)

    def fundable_in(self, year: int) -> bool:
        """Whether the programme's national funds may go to the zone in ``year``: within a
        nationally funded phase when the registry lists phases, else from the first
        budget year after designation."""
        if self.phases:
            phase = self.phase_in(year)
            return phase is not None and phase.nationally_funded
        return self.designated_year < year

    @property
    def first_year(self) -> int:
        """The first budget year the zone may be funded."""
        funded = [p.start for p in self.phases if p.nationally_funded]
        return min(funded) if funded else self.designated_year + 1


class Registry(_Model):
    """All zones of the programme (``data/zones.yaml``)."""

    zones: list[Zone] = Field(min_length=1)

    def by_id(self) -> dict[str, Zone]:
        """The zones keyed by id."""
        return {zone.id: zone for zone in self.zones}

    def find(self, written: str) -> Zone | None:
        """The zone people mean by an id or a Korean name: ``gimhae``, ``김해``,
        ``김해 강소특구``, ``홍릉``, ``천안``; None when no zone (or more than one) fits."""
        text = written.strip()
        compact = "".join(text.split())
        for suffix in ("강소연구개발특구", "강소특구", "특구"):
            compact = compact.removesuffix(suffix)
        found = [zone for zone in self.zones if text == zone.id or compact in _aliases(zone)]
        return found[0] if len(found) == 1 else None


def _aliases(zone: Zone) -> set[str]:
    """The Korean names a zone goes by: 서울 홍릉 강소특구 → 서울홍릉, 홍릉; 천안·아산 →
    천안·아산, 천안, 아산."""
    words = zone.name.removesuffix("강소특구").split()
    city = zone.city.split("(")[0].strip()
    names = {"".join(words), *words[-1:], "".join(city.split()), *city.split("·")}
    return {name for name in names if name}
