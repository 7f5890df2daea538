"""A year's budget files: the national budget, one region's file and budget changes.

Models are frozen and forbid unknown keys, so a misspelt key is an error rather than a
value silently ignored. Amounts are ``int`` won; split rules are small frozen values.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from gangso_cli.core.fields import (
    _SLUG,
    Amount,
    CarryKind,
    ChangeFund,
    ChangeStatusField,
    DateField,
    Percent,
    RoundingUnit,
    Rule,
    RuleField,
    SignedAmount,
    Weight,
    _Model,
)
from gangso_cli.core.registry import PhaseName

#: Where a figure comes from: a government release, press or local reporting, computed
#: here from reported figures (the note says from which), or a placeholder shaped like
#: the real thing.
Basis = Literal["official", "reported", "derived", "illustrative"]


#: The commercialisation platform's three stages, which every year's stages map onto.
PLATFORM_STAGES = ("discovery", "transfer", "growth")


PlatformStage = Literal["discovery", "transfer", "growth"]


class Stage(_Model):
    """One stage (or programme area) of a budget year, e.g. ``discovery: 기술발굴``."""

    id: str = Field(pattern=_SLUG)
    name: str = Field(min_length=1)
    platform: PlatformStage | None = Field(
        default=None,
        description="The platform stage it belongs to (discovery 기술발굴, transfer "
        "기술이전·창업, growth 기업성장지원), so years compare like with like.",
    )

    @property
    def platform_stage(self) -> str | None:
        """Its platform stage: as written, or its own id when that is one."""
        if self.platform is not None:
            return self.platform
        return self.id if self.id in PLATFORM_STAGES else None


class Policy(_Model):
    """The programme's policy values for a year; values of the file, never constants."""

    min_local_match: Percent = Field(
        description="Minimum local funds (지방비) as a share of national funds (국비)."
    )
    spending_pace: dict[Annotated[int, Field(ge=1, le=12)], Percent] | None = Field(
        default=None,
        description="Month → the share of 예산현액 each zone should have spent by the end "
        "of that month, e.g. {6: '40%', 9: '70%'}; `gangso execution` warns when a zone has "
        "spent less by the report's date (기준일).",
    )
    minor_change_percent: Percent | None = Field(
        default=None,
        description="사업비 변경: a move within one stage of at most this share of the "
        "from-line's 예산현액 is 경미 (self-approved); larger moves, or moves across "
        "stages, need approval. None: changes are not classed.",
    )
    phase_national_cap: dict[PhaseName, Amount] | None = Field(
        default=None,
        description="A ceiling on one zone's 국비 over all the years of a phase, e.g. "
        "{'2단계 특화발전': '100억'}; checked against the bundled years.",
    )


class Totals(_Model):
    """The programme's national and local totals for the year."""

    national: Amount
    local: Amount
    basis: Basis | None = Field(default=None, description="Default: the budget's basis.")
    basis_note: str | None = Field(default=None, description="Where the totals come from.")
    source: str | None = Field(
        default=None,
        description="The publication and date the totals follow, e.g. '연합뉴스 2020-12-24'.",
    )


class Line(_Model):
    """One budget line: a program in a stage, with a rule for each fund it draws on."""

    stage: str = Field(description="A stage id of the year, e.g. 'discovery'.")
    program: str = Field(min_length=1, description="세부 프로그램, e.g. '판로개척'.")
    national: RuleField | None = Field(default=None, description="Rule for 국비.")
    local: RuleField | None = Field(default=None, description="Rule for 지방비.")
    note: str | None = None

    def rule(self, fund: Fund) -> Rule | None:
        """This line's rule for a fund, or None when it draws nothing from it."""
        return self.national if fund == "national" else self.local


Fund = Literal["national", "local"]


FUNDS: tuple[Fund, Fund] = ("national", "local")


class ZoneBudget(_Model):
    """One zone's envelope for the year and the rules that split it into lines."""

    national: Amount | None = Field(
        default=None,
        description="국비 envelope; may be left out when the budget's envelopes section "
        "derives it (written anyway, it is checked against the derivation).",
    )
    local: Amount = Field(description="지방비 envelope.")
    lines: list[Line] = Field(min_length=1)
    note: str | None = None
    basis: Basis | None = Field(default=None, description="Default: the budget's basis.")
    basis_note: str | None = Field(default=None, description="Where the envelope comes from.")
    local_basis: Basis | None = Field(
        default=None,
        description="The basis of the 지방비 envelope when not the zone's (a report that "
        "gives only 국비: `basis: reported`, `local_basis: illustrative`).",
    )
    source: str | None = Field(
        default=None,
        description="The publication and date a reported envelope follows, e.g. "
        "'연합뉴스 2020-12-24'.",
    )

    def envelope(self, fund: Fund) -> int:
        """The envelope of a fund, in won (국비 not yet derived counts as 0)."""
        return (self.national or 0) if fund == "national" else self.local


class BaseRule(_Model):
    """Every funded zone's base 국비: one amount for all, or an amount per phase."""

    equal: Amount | None = Field(default=None, description="The same base for every zone.")
    by_phase: dict[PhaseName, Amount] | None = Field(
        default=None, description="A base per phase, e.g. {'2단계 특화발전': '18억'}."
    )


class Incentive(_Model):
    """An evaluation incentive: a pool divided by grade weights, an amount per grade, or
    (``top``) the zones ranked in the first N, each the same amount or an equal share."""

    pool: Amount | None = Field(
        default=None, description="The incentive pool; required with weights."
    )
    weights: dict[str, Weight] | None = Field(
        default=None,
        description="Grade → weight: the pool is divided in proportion to the weights of "
        "the zones' grades (equal grades share equally).",
    )
    amounts: dict[str, Amount] | None = Field(
        default=None, description="Grade → the incentive each zone of that grade gets."
    )
    top: int | None = Field(
        default=None,
        strict=True,
        ge=1,
        description="By rank instead of grade: the zones ranked in the first N of the "
        "evaluation get the incentive (`each`, or an equal share of `pool`).",
    )
    each: Amount | None = Field(
        default=None, description="With top: the incentive each of the top N zones gets."
    )


class Adjustment(_Model):
    """A fixed change to one zone's 국비 after base and incentive."""

    zone: str = Field(min_length=1, description="The zone's id.")
    amount: SignedAmount = Field(description="Won; negative for a cut.")
    note: str | None = Field(default=None, description="Why.")


class EnvelopeRules(_Model):
    """How the zones' 국비 envelopes follow from the national pool: base + incentive by
    evaluation grade + fixed adjustments."""

    base: BaseRule
    incentive: Incentive | None = None
    evaluation: int | None = Field(
        default=None,
        strict=True,
        ge=2019,
        le=2100,
        description="The evaluation year whose grades and ranks the incentive uses (the "
        "bundled evaluations.yaml); its incentives fund the budget two years on.",
    )
    grades: dict[str, str] = Field(
        default_factory=dict,
        description="Zone id → its evaluation grade, e.g. 최우수 (with `evaluation`: "
        "overrides that zone's grade there).",
    )
    ranks: dict[str, int] = Field(
        default_factory=dict,
        description="Zone id → its rank in the evaluation (1 = first), for `incentive.top`.",
    )
    adjustments: list[Adjustment] = Field(default_factory=list)
    note: str | None = None


_ROUNDING_DESCRIPTION = "Round lines to this many won (default 천원 = 1,000)."


class _YearFile(_Model):
    year: int = Field(strict=True, ge=2019, le=2100)
    title: str | None = None
    note: str | None = None
    rounding_unit: RoundingUnit = Field(default=1000, description=_ROUNDING_DESCRIPTION)
    basis: Basis | None = Field(
        default=None,
        description="Where the envelopes and totals come from, unless they say otherwise: "
        "official, reported, derived or illustrative.",
    )
    source: str | None = Field(default=None, description="The release or report it follows.")
    lines_basis: Basis | None = Field(
        default=None,
        description="Where the zones' splits into lines come from, when not the budget's "
        "basis: no release publishes a zone's split, so the bundled years' are illustrative.",
    )
    policy: Policy
    stages: list[Stage] = Field(min_length=1)


class Budget(_YearFile):
    """A year's national budget file (``data/budget_2020.yaml``)."""

    kind: Literal["budget"] = "budget"
    totals: Totals
    envelopes: EnvelopeRules | None = Field(
        default=None, description="Rules that derive the zones' 국비 envelopes."
    )
    zones: dict[str, ZoneBudget] = Field(min_length=1)

    def with_national(self, national: dict[str, int]) -> Budget:
        """The same budget with these zones' 국비 envelopes filled in."""
        zones = {
            zone_id: zone.model_copy(update={"national": national[zone_id]})
            if zone_id in national
            else zone
            for zone_id, zone in self.zones.items()
        }
        return self.model_copy(update={"zones": zones})

    def zone_basis(self, zone_id: str) -> Basis | None:
        """The basis of a zone's envelope: its own, else the budget's."""
        zone = self.zones.get(zone_id)
        return zone.basis if zone is not None and zone.basis else self.basis

    def zone_local_basis(self, zone_id: str) -> Basis | None:
        """The basis of a zone's 지방비: its ``local_basis``, else the envelope's."""
        zone = self.zones.get(zone_id)
        own = zone.local_basis if zone is not None else None
        return own or self.zone_basis(zone_id)

    @property
    def totals_basis(self) -> Basis | None:
        """The basis of the programme totals: their own, else the budget's."""
        return self.totals.basis or self.basis

    @property
    def envelopes_illustrative(self) -> bool:
        """True when the totals or some zone's envelope is illustrative."""
        return self.totals_basis == "illustrative" or any(
            "illustrative" in (self.zone_basis(zone_id), self.zone_local_basis(zone_id))
            for zone_id in self.zones
        )

    @property
    def lines_illustrative(self) -> bool:
        """True when the lines' amounts are (partly) illustrative: their split, or the
        envelopes they divide."""
        split = self.lines_basis or self.basis
        return split == "illustrative" or self.envelopes_illustrative

    def zone_source(self, zone_id: str) -> str:
        """Where a zone's envelope comes from (publication and date): its own source,
        else the budget's when the zone takes the budget's basis; empty when unknown."""
        zone = self.zones.get(zone_id)
        if zone is not None and zone.source:
            return zone.source
        if zone is not None and zone.basis:
            return ""
        return (self.source or "") if self.basis in ("official", "reported") else ""

    def zone_basis_note(self, zone_id: str) -> str:
        """How a zone's envelope was arrived at (from what it is derived, why it is
        illustrative): its own note; empty when the file gives none."""
        zone = self.zones.get(zone_id)
        return (zone.basis_note or "") if zone is not None else ""

    @property
    def totals_basis_note(self) -> str:
        """How the programme totals were arrived at; empty when the file gives none."""
        return self.totals.basis_note or ""

    @property
    def totals_source(self) -> str:
        """Where the programme totals come from: their own source, else the budget's when
        they take the budget's basis; empty when unknown."""
        if self.totals.source:
            return self.totals.source
        if self.totals.basis:
            return ""
        return (self.source or "") if self.basis in ("official", "reported") else ""


class LineRef(_Model):
    """A budget line, by its stage and program."""

    stage: str = Field(description="The line's stage id.")
    program: str = Field(min_length=1, description="The line's program, as in the budget.")


class Change(_Model):
    """One 사업비 변경: money moved from one line to another (``from``/``to``), or a
    line marked for carry-over at the year-end close (``line`` + ``carry``)."""

    model_config = ConfigDict(populate_by_name=True)

    date: DateField
    zone: str | None = Field(
        default=None, description="The zone's id (default: the file's or the region's)."
    )
    fund: ChangeFund
    amount: Amount | None = Field(
        default=None,
        description="Won moved; for a carry mark, at most this much (default: "
        "the line's balance at the close).",
    )
    from_line: LineRef | None = Field(default=None, alias="from")
    to_line: LineRef | None = Field(default=None, alias="to")
    line: LineRef | None = Field(default=None, description="The line a carry mark is on.")
    carry: CarryKind | None = Field(default=None, description="명시이월 or 사고이월.")
    reason: str = Field(min_length=1, description="Why (사유).")
    status: ChangeStatusField = "requested"

    @property
    def is_carry(self) -> bool:
        """A carry-over mark rather than a move."""
        return self.carry is not None


class Changes(_Model):
    """A file of budget changes for one year (``kind: changes``)."""

    kind: Literal["changes"] = "changes"
    year: int = Field(strict=True, ge=2019, le=2100)
    zone: str | None = Field(default=None, description="The zone of every change that "
                             "names none.")  # fmt: skip
    changes: list[Change] = Field(default_factory=list)


class RegionBudget(_YearFile):
    """One region's own file: its zone's envelope and split rules for a year."""

    kind: Literal["region"] = "region"
    # Any text: a Korean name here gets a did-you-mean from the zone-known check.
    zone: str = Field(min_length=1, description="The zone's registry id, e.g. 'gimhae'.")
    national: Amount
    local: Amount
    lines: list[Line] = Field(min_length=1)
    changes: list[Change] = Field(
        default_factory=list, description="The year's budget changes (사업비 변경)."
    )

    def as_budget(self) -> Budget:
        """The same content as a one-zone national budget, so one allocator serves both."""
        return Budget(
            year=self.year,
            title=self.title,
            rounding_unit=self.rounding_unit,
            basis=self.basis,
            source=self.source,
            policy=self.policy,
            stages=self.stages,
            totals=Totals(national=self.national, local=self.local),
            zones={
                self.zone: ZoneBudget(national=self.national, local=self.local, lines=self.lines)
            },
        )
