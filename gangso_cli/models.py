"""The data gangso reads: the zone registry, a year's budget, one region's budget file.

Models are frozen and forbid unknown keys, so a misspelt key is an error rather than a
value silently ignored. Amounts are ``int`` won; split rules are small frozen values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from gangso_cli.money import AmountError, format_won, parse_amount, parse_share

__all__ = [
    "BASIS_KO",
    "PHASES",
    "PLATFORM_STAGES",
    "Adjustment",
    "Amount",
    "BaseRule",
    "Basis",
    "Budget",
    "EnvelopeRules",
    "Fixed",
    "Incentive",
    "Line",
    "LineRef",
    "Phase",
    "Policy",
    "RegionBudget",
    "Registry",
    "Rest",
    "Rule",
    "Share",
    "Stage",
    "Totals",
    "Zone",
    "ZoneBudget",
]

_AMOUNT_PATTERN = r"^\s*-?[0-9조억만천백십,_.\s원eE+]+$"
_AMOUNT_JSON_SCHEMA: dict[str, Any] = {
    "description": "Won: an integer, '6,000,000,000', or Korean units such as '60억', "
    "'1억 2천만', '500백만원'.",
    "anyOf": [
        {"type": "integer", "minimum": 0},
        {"type": "string", "pattern": _AMOUNT_PATTERN},
    ],
}
_RULE_JSON_SCHEMA: dict[str, Any] = {
    "description": "A split rule: a fixed amount of won ('5억'), a share of the fund "
    "('30%'), or 'rest' (나머지) for what is left.",
    "anyOf": [
        {"type": "integer", "minimum": 0},
        {"type": "string", "pattern": r"^\s*[0-9.]+\s*%\s*$"},
        {"type": "string", "enum": ["rest", "나머지"]},
        {"type": "string", "pattern": _AMOUNT_PATTERN},
    ],
}
_SLUG = r"^[a-z][a-z0-9-]*$"
_REST_WORDS = {"rest", "나머지", "remainder"}


def _amount(value: object) -> int:
    try:
        return parse_amount(value)
    except AmountError as exc:
        raise PydanticCustomError("amount", str(exc)) from None


#: An amount of won, parsed from any notation :func:`gangso_cli.money.parse_amount` takes.
Amount = Annotated[int, PlainValidator(_amount), WithJsonSchema(_AMOUNT_JSON_SCHEMA)]


def _rounding_unit(value: object) -> int:
    unit = _amount(value)
    if unit < 1:  # every split divides by the unit
        raise PydanticCustomError(
            "amount",
            "the rounding unit must be at least 1원; write 천원 (1,000) to round lines to "
            "thousands of won, or 1 for no rounding",
        )
    return unit


#: The unit lines are rounded to: an amount of at least 1 won.
RoundingUnit = Annotated[int, PlainValidator(_rounding_unit), WithJsonSchema(_AMOUNT_JSON_SCHEMA)]


@dataclass(frozen=True)
class Fixed:
    """A fixed amount of won, placed before any share."""

    amount: int

    def __str__(self) -> str:
        return f"고정 {format_won(self.amount)}원"


@dataclass(frozen=True)
class Share:
    """A percentage of what is left of the fund after the fixed amounts."""

    percent: Decimal

    def __str__(self) -> str:
        return f"{self.percent}%"


@dataclass(frozen=True)
class Rest:
    """Whatever is left of the fund after fixed amounts and shares."""

    def __str__(self) -> str:
        return "나머지"


Rule = Fixed | Share | Rest


def _rule(value: object) -> Rule:
    if isinstance(value, Fixed | Share | Rest):
        return value
    if isinstance(value, str):
        text = value.strip()
        if text.lower() in _REST_WORDS:
            return Rest()
        if text.endswith("%"):
            try:
                return Share(parse_share(text))
            except AmountError as exc:
                raise PydanticCustomError("share", str(exc)) from None
    try:
        return Fixed(parse_amount(value))
    except AmountError as exc:
        raise PydanticCustomError(
            "rule",
            "{error}; a rule is an amount ('5억'), a share ('30%') or 'rest'",
            {"error": str(exc)},
        ) from None


#: A split rule as written in YAML: ``5억``, ``"30%"`` or ``rest``.
RuleField = Annotated[Rule, PlainValidator(_rule), WithJsonSchema(_RULE_JSON_SCHEMA)]


def _percent(value: object) -> Decimal:
    try:
        return parse_share(value)
    except AmountError as exc:
        raise PydanticCustomError("share", str(exc)) from None


Percent = Annotated[
    Decimal,
    PlainValidator(_percent),
    WithJsonSchema({"type": "string", "pattern": r"^\s*[0-9.]+\s*%\s*$"}),
]


def _signed_amount(value: object) -> int:
    if isinstance(value, str) and value.strip()[:1] in ("-", "−"):
        return -_amount(value.strip()[1:])
    if isinstance(value, int) and not isinstance(value, bool) and value < 0:
        return -_amount(-value)
    return _amount(value)


#: An amount of won that may be negative (a cut): ``-1억``, ``"−5천만"``.
SignedAmount = Annotated[
    int,
    PlainValidator(_signed_amount),
    WithJsonSchema(
        {
            "description": "Won, negative for a cut: '1억', '-5천만'.",
            "anyOf": [{"type": "integer"}, {"type": "string", "pattern": _AMOUNT_PATTERN}],
        }
    ),
]


def _weight(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal | float | str):
        raise PydanticCustomError("weight", "a weight is a number such as 1 or 0.5")
    try:
        weight = Decimal(str(value).strip().replace(",", ""))
    except ArithmeticError:
        raise PydanticCustomError(
            "weight", "a weight is a number such as 1 or 0.5, not {value!r}", {"value": value}
        ) from None
    if not weight.is_finite() or weight < 0 or weight > 1_000_000:
        raise PydanticCustomError("weight", "a weight is a number from 0 to 1,000,000")
    return weight


#: A grade's weight in an incentive pool: a number of 0 or more (1, 0.5, 2).
Weight = Annotated[
    Decimal,
    PlainValidator(_weight),
    WithJsonSchema({"type": "number", "minimum": 0}),
]


class _Model(BaseModel):
    # defer_build: a schema is built when a model first validates, so a run pays only for
    # the file kinds it reads (a national budget never builds RegionBudget).
    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=True, defer_build=True
    )


#: The programme's phases, in the order a zone goes through them (from 2025): 예비 강소특구
#: (six months) → 1단계 기반조성 (five years) → 2단계 특화발전 (five years); a 자립형
#: 강소특구 is funded by its local government alone.
PHASES = ("예비", "1단계 기반조성", "2단계 특화발전", "자립형")
PhaseName = Literal["예비", "1단계 기반조성", "2단계 특화발전", "자립형"]


class Phase(_Model):
    """A span of budget years a zone spends in one phase of the programme."""

    phase: PhaseName = Field(description="예비, 1단계 기반조성, 2단계 특화발전 or 자립형.")
    start: int = Field(strict=True, ge=2019, le=2100, description="First budget year.")
    end: int | None = Field(
        default=None, strict=True, ge=2019, le=2100, description="Last budget year (open: none)."
    )
    note: str | None = Field(default=None, description="Where the years come from.")

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


#: Where a figure comes from: a government release, press or local reporting, computed
#: here from reported figures (the note says from which), or a placeholder shaped like
#: the real thing.
Basis = Literal["official", "reported", "derived", "illustrative"]
BASIS_KO: dict[str, str] = {
    "official": "공식",
    "reported": "보도",
    "derived": "산출",
    "illustrative": "예시",
}
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
        "of that month, e.g. {6: '40%', 9: '70%'}; `gangso execution --as-of` warns below it.",
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
    """An evaluation incentive: a pool divided by grade weights, or an amount per grade."""

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
    grades: dict[str, str] = Field(
        default_factory=dict, description="Zone id → its evaluation grade, e.g. 최우수."
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

    @property
    def totals_basis(self) -> Basis | None:
        """The basis of the programme totals: their own, else the budget's."""
        return self.totals.basis or self.basis


def _date(value: object) -> dt.date:
    from gangso_cli.ledger import CellError, parse_date

    try:
        return parse_date(value)
    except CellError as exc:
        raise PydanticCustomError("date", str(exc)) from None


#: A date as people write it: 2020-07-15, 2020.7.15, 20200715.
DateField = Annotated[
    dt.date,
    PlainValidator(_date),
    WithJsonSchema({"type": "string", "description": "A date, e.g. 2020-07-15."}),
]


class LineRef(_Model):
    """A budget line, by its stage and program."""

    stage: str = Field(description="The line's stage id.")
    program: str = Field(min_length=1, description="The line's program, as in the budget.")


#: What became of a change request.
ChangeStatus = Literal["requested", "approved", "rejected"]
#: The kinds of carry-over 국가재정법 §48 allows.
CarryKind = Literal["명시이월", "사고이월"]


class Change(_Model):
    """One 사업비 변경: money moved from one line to another (``from``/``to``), or a
    line marked for carry-over at the year-end close (``line`` + ``carry``)."""

    model_config = ConfigDict(populate_by_name=True)

    date: DateField
    zone: str | None = Field(
        default=None, description="The zone's id (default: the file's or the region's)."
    )
    fund: Fund = Field(description="national (국비) or local (지방비).")
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
    status: ChangeStatus = Field(default="requested")

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
