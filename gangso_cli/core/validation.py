"""Pydantic's validation errors in the user's words, located at file:line:column."""

from __future__ import annotations

import types
import typing
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from gangso_cli.core.budget import Budget, RegionBudget
from gangso_cli.core.diagnostics import Diagnostic, Path, close_matches
from gangso_cli.core.yamlsource import YamlDocument

if TYPE_CHECKING:
    pass

M = TypeVar("M", bound=BaseModel)


def _dotted(loc: Path) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "the top level"


def _unwrap(annotation: Any) -> Any:
    """Strip Optional/Annotated so we can walk a model's field types."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _model_at(root: type[BaseModel], loc: Path) -> type[BaseModel] | None:
    """The model class that validates the mapping at ``loc``, if there is one."""
    current: Any = root
    for part in loc:
        current = _unwrap(current)
        origin = typing.get_origin(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                return None
            current = field.annotation
        elif origin is list:
            current = typing.get_args(current)[0]
        elif origin is dict:
            current = typing.get_args(current)[1]
        else:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _validation_diagnostics(
    exc: ValidationError, model: type[BaseModel], doc: YamlDocument
) -> list[Diagnostic]:
    found = []
    for error in exc.errors(include_url=False):
        loc: Path = tuple(error["loc"])
        kind = error["type"]
        where = _dotted(loc)
        if kind == "extra_forbidden":
            parent = _model_at(model, loc[:-1])
            allowed = list(parent.model_fields) if parent else []
            close = close_matches(str(loc[-1]), allowed, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            hint += f"allowed keys here: {', '.join(allowed)}" if allowed else ""
            found.append(
                doc.error(
                    "unknown-key",
                    f"unknown key {loc[-1]!r} in {_dotted(loc[:-1])}",
                    loc,
                    hint=hint or None,
                    key=True,
                )
            )
        elif kind == "missing":
            found.append(
                doc.error(
                    "missing-key", f"{where} is missing", loc, hint=f"add the key {loc[-1]!r}"
                )
            )
        elif kind in ("amount", "rule", "share"):
            found.append(doc.error(kind, f"{where}: {error['msg']}", loc))
        else:
            message, advice = _plain_words(error, loc)
            joiner = " " if message.startswith("is ") else ": "
            found.append(doc.error("schema", where + joiner + message, loc, hint=advice))
    return found


_SHAPES = {
    "list_type": "a list (each item on its own line starting with '- ')",
    "dict_type": "a mapping of keys",
    "model_type": "a mapping of keys",
    "model_attributes_type": "a mapping of keys",
    "string_type": "text",
}


def _shape(value: object) -> str:
    """What a YAML value is, in the file's terms."""
    if isinstance(value, bool):
        return "yes/no (a boolean)"
    if isinstance(value, int | float) or type(value).__name__ == "Decimal":
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "nothing (an empty value)"
    return f"{value!r}"


def _plain_words(error: Any, loc: Path) -> tuple[str, str | None]:
    """A validation error said in the file's terms, never in the validator's."""
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    field_name = next((str(p) for p in reversed(loc) if isinstance(p, str)), "")
    if field_name == "year" and kind.startswith("int"):
        digits = "".join(ch for ch in str(value) if ch.isdigit())
        example = digits if len(digits) == 4 else "2020"
        return f"{_shape(value)} is not a year", f"write the year as a number: {example}"
    if kind in ("greater_than_equal", "less_than_equal"):
        low, high = ctx.get("ge"), ctx.get("le")
        if field_name == "year":
            return f"{value} is outside the programme's years", "write a year from 2019 to 2100"
        bound = f"at least {low}" if low is not None else f"at most {high}"
        return f"{value} is out of range", f"write a value of {bound}"
    if kind == "string_pattern_mismatch":
        if field_name == "designated":
            return (
                f"{value!r} is not a date",
                "write the designation month as 2019-08 (or 2019-08-13)",
            )
        return (
            f"{value!r} is not an id",
            "ids are lower-case ASCII letters, digits and hyphens, starting with a letter "
            "(e.g. gimhae, cheonan-asan); Korean names go in `name:`",
        )
    if kind == "date":  # parse_date's own words say what is wrong with it
        said = str(error["msg"])
        return said, None if "write" in said else "write the date as 2020-07-15 (or 2020.7.15)"
    if kind == "string_too_short":
        return "is empty", f"write the {field_name or 'value'}"
    if kind == "too_short":
        return "is empty", "add at least one entry"
    if kind in _SHAPES:
        return f"expected {_SHAPES[kind]}, got {_shape(value)}", None
    if kind == "literal_error":
        from gangso_cli.core.labels import CHANGE_STATUS_KO, FUND_KO

        expected = str(ctx.get("expected", ""))
        # a change's fund and status are read in the words the reports print, too
        words = [
            ko for code, ko in {**FUND_KO, **CHANGE_STATUS_KO}.items() if f"'{code}'" in expected
        ]
        also = f" (or {', '.join(words)})" if words else ""
        return f"{_shape(value)} is not allowed here", f"write one of: {expected}{also}"
    if kind.startswith(("decimal", "float", "int")):
        return f"expected a number, got {_shape(value)}", None
    if kind.startswith("bool"):
        return f"expected yes or no, got {_shape(value)}", None
    return f"{_shape(value)} is not valid here", None


_START_HINT = {
    "Budget": "a budget file is a mapping with year, totals, policy, stages and zones",
    "RegionBudget": "a region file is a mapping with year, zone, national, local and lines",
    "Registry": "a registry file is a mapping with a list of zones",
}


class InvalidBudget(Exception):
    """A budget failed validation; its errors (already reported) drive the salvage."""

    def __init__(self, errors: list[Any]) -> None:
        super().__init__("invalid budget")
        self.errors = errors


def validate_model(model: type[M], doc: YamlDocument) -> M | None:
    if doc.data is None:
        return None
    if not isinstance(doc.data, dict):
        doc.diagnostics.append(
            doc.error(
                "not-a-mapping",
                f"the document is {_shape(doc.data)}, not a mapping of keys",
                hint=_START_HINT.get(model.__name__),
            )
        )
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        doc.diagnostics.extend(_validation_diagnostics(exc, model, doc))
        if model in (Budget, RegionBudget):
            raise InvalidBudget(exc.errors(include_url=False)) from None
        return None


def validate_as(model: type[M], doc: YamlDocument) -> M | None:
    """Validate a parsed document as ``model`` (a changes file, say); every problem goes
    to ``doc.diagnostics``, said in the file's terms. None when it does not validate."""
    return validate_model(model, doc)
