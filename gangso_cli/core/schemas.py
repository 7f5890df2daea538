"""JSON Schemas of the files gangso reads and writes, from the same Pydantic models it
validates them with: for editors (yaml-language-server) and other tools."""

from __future__ import annotations

from typing import Any

#: The kinds of file a schema is given for: a year's national budget, one region's own
#: file, the zone registry, a file of budget changes, and the carry-over file that
#: ``gangso close -o`` writes (a region file of next year). The ledger column map is
#: described by :func:`gangso_cli.spending.ledger.column_map_schema`.
MODEL_KINDS = ("budget", "region", "zones", "changes", "carry", "evaluations")

_DRAFT = "https://json-schema.org/draft/2020-12/schema"


def schema_comment(kind: str) -> str:
    """The first line of a file that points yaml-language-server at its schema, saved
    beside it as ``gangso schema KIND > KIND.schema.json`` (the README's way)."""
    return f"# yaml-language-server: $schema=./{kind}.schema.json"


def model_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a file of one of :data:`MODEL_KINDS`."""
    from pydantic import BaseModel

    from gangso_cli.core.budget import Budget, Changes, RegionBudget
    from gangso_cli.core.evaluations import Evaluations
    from gangso_cli.core.registry import Registry

    models: dict[str, type[BaseModel]] = {
        "budget": Budget,
        "region": RegionBudget,
        "zones": Registry,
        "changes": Changes,
        "carry": RegionBudget,
        "evaluations": Evaluations,
    }
    document: dict[str, Any] = {"$schema": _DRAFT, **models[kind].model_json_schema()}
    if kind == "carry":
        # A carry-over file is a region file of next year; its own title says what it is.
        document["title"] = "CarryOver"
        document["description"] = (
            "Money carried into next year: the carry-over file `gangso close` writes, "
            "read back by `gangso execution` and `gangso close` of next year; one region's "
            "file whose lines are fixed amounts, each noting 명시이월 or 사고이월."
        )
    return document


def column_map_schema(fields: tuple[str, ...]) -> dict[str, Any]:
    """The JSON Schema of a ledger column map (``HEADER: FIELD`` lines) over ``fields``."""
    return {
        "$schema": _DRAFT,
        "title": "ColumnMap",
        "description": "A ledger's column map, read by `gangso execution` and `gangso "
        "close`: each line maps a header of the ledger (지출일) to the field it holds (date).",
        "type": "object",
        "minProperties": 1,
        "additionalProperties": {"enum": list(fields)},
    }


def lines_map_schema() -> dict[str, Any]:
    """The JSON Schema of a lines map (``LEDGER NAME: BUDGET LINE`` lines)."""
    return {
        "$schema": _DRAFT,
        "title": "LinesMap",
        "description": "A ledger's lines map, read by `gangso execution` and `gangso close`: "
        "ledger line names → the budget's lines (spacing and middle dots are ignored without "
        "one).",
        "type": "object",
        "minProperties": 1,
        "additionalProperties": {"type": "string", "minLength": 1},
    }
