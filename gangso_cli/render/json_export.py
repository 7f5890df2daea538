"""The JSON export: a stable, documented shape with amounts as integers of won."""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from gangso_cli.views import Cell, ViewTable

__all__ = ["EXPORT_SCHEMA", "export_json"]

EXPORT_SCHEMA = "gangso-export/1"


def _value(value: Cell) -> Any:
    # Percentages are ratios, not money: a JSON number with one decimal is exact enough
    # and what tools expect. Money is always an int.
    return float(value) if isinstance(value, Decimal) else value


def _view(view: ViewTable) -> dict[str, Any]:
    keys = [c.key for c in view.columns]
    data: dict[str, Any] = {
        "title": view.title,
        "columns": [{"key": c.key, "header": c.header, "kind": c.kind} for c in view.columns],
        "rows": [dict(zip(keys, map(_value, row), strict=True)) for row in view.rows],
    }
    if view.total is not None:
        data["total"] = dict(zip(keys, map(_value, view.total), strict=True))
    return data


def export_json(year: int, source: str, views: Sequence[ViewTable], checks: ViewTable) -> str:
    """The export document: metadata, each view's rows as objects, and the checks."""
    document = {
        "schema": EXPORT_SCHEMA,
        "year": year,
        "source": source,
        "unit": "원",
        "views": {view.name: _view(view) for view in views},
        "checks": _view(checks)["rows"],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
