"""Value types shared by every file kind: amounts, split rules, rounding units, weights.

Each parses what people write (``60억``, ``40%``, ``rest``) into exact values: ``int`` won,
``Decimal`` shares. Pydantic calls them; they never see a float.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from gangso_cli.core.cells import CellError, parse_date
from gangso_cli.core.money import AmountError, format_won, parse_amount, parse_share

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


#: An amount of won, parsed from any notation :func:`gangso_cli.core.money.parse_amount` takes.
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
        if text.endswith(("%", "％")):
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


def _date(value: object) -> dt.date:
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


#: What became of a change request.
ChangeStatus = Literal["requested", "approved", "rejected"]


def _from_words(words: dict[str, str]) -> Any:
    """A validator that reads a code as the reports print it (국비, 승인) as the code: a
    change file is written by hand, by people who read those words in every report."""

    def convert(value: object) -> object:
        return words.get(value.strip(), value) if isinstance(value, str) else value

    return BeforeValidator(convert)


def _codes_or_words(words: dict[str, str], description: str) -> WithJsonSchema:
    return WithJsonSchema({"enum": [*words.values(), *words], "description": description})


_FUND_WORDS = {"국비": "national", "지방비": "local"}
_STATUS_WORDS = {"요청": "requested", "승인": "approved", "반려": "rejected"}

#: A change's fund: ``national`` or ``local``, or 국비 or 지방비 as the reports say.
ChangeFund = Annotated[
    Literal["national", "local"],
    _from_words(_FUND_WORDS),
    _codes_or_words(_FUND_WORDS, "national (국비) or local (지방비)."),
]

#: A change's status: a code, or 요청, 승인 or 반려 as the reports say.
ChangeStatusField = Annotated[
    ChangeStatus,
    _from_words(_STATUS_WORDS),
    _codes_or_words(_STATUS_WORDS, "requested (요청), approved (승인) or rejected (반려)."),
]


#: The kinds of carry-over 국가재정법 §48 allows.
CarryKind = Literal["명시이월", "사고이월"]
