"""The JSON export: a stable, documented shape with amounts as integers of won."""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from gangso_cli.core.table import Cell, ViewTable

if TYPE_CHECKING:
    from gangso_cli.core.diagnostics import Diagnostic
    from gangso_cli.spending.accounts import Execution, Rejected

__all__ = [
    "CLOSE_SCHEMA",
    "ENVELOPES_SCHEMA",
    "EXECUTION_SCHEMA",
    "EXPORT_SCHEMA",
    "HISTORY_SCHEMA",
    "close_json",
    "envelopes_json",
    "execution_json",
    "export_json",
    "history_json",
]

EXPORT_SCHEMA = "gangso-export/1"
ENVELOPES_SCHEMA = "gangso-envelopes/1"
HISTORY_SCHEMA = "gangso-history/1"
EXECUTION_SCHEMA = "gangso-execution/1"
CLOSE_SCHEMA = "gangso-close/1"


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


def _diagnostics(diagnostics: Sequence[Diagnostic]) -> list[dict[str, Any]]:
    """Diagnostics as in ``validate --format json``, with the sheet of a workbook row."""
    from gangso_cli.render.report import diagnostic_dict

    return [{**diagnostic_dict(d), "sheet": d.location.sheet or None} for d in diagnostics]


def _rows(view: ViewTable) -> list[dict[str, Any]]:
    return _view(view)["rows"]  # type: ignore[no-any-return]


def envelopes_json(
    view: ViewTable, year: int, source: str, derived: bool, checks: ViewTable
) -> str:
    """``gangso-envelopes/1``: each zone's envelope and its derivation, in won."""
    shown = _view(view)
    document = {
        "schema": ENVELOPES_SCHEMA,
        "title": view.title,
        "year": year,
        "source": source,
        "derived": derived,
        "unit": "원",
        "rows": shown["rows"],
        "total": shown.get("total"),
        "checks": _rows(checks),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def history_json(views: Sequence[ViewTable], sources: dict[int, str]) -> str:
    """``gangso-history/1``: per zone per year in ``rows``; per-zone totals, per-year
    programme totals and the stage mix beside them; amounts in won."""
    by_name = {view.name: view for view in views}
    years = sorted(sources)
    document = {
        "schema": HISTORY_SCHEMA,
        "titles": {view.name: view.title for view in views},
        "from": years[0] if years else None,
        "to": years[-1] if years else None,
        "unit": "원",
        "sources": {str(year): sources[year] for year in years},
        "rows": _rows(by_name["years"]),
        "zones": _rows(by_name["zones"]),
        "zones_total": _view(by_name["zones"]).get("total"),
        "programme": _rows(by_name["programme"]),
        "stages": _rows(by_name["stages"]),
        "evaluations": _rows(by_name["evaluations"]) if "evaluations" in by_name else [],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def execution_json(
    views: Sequence[ViewTable],
    result: Execution,
    source: str,
    ledgers: list[str],
    diagnostics: Sequence[Diagnostic],
) -> str:
    """``gangso-execution/1``: per line and fund in ``rows`` (``budget_won`` is 예산현액),
    per zone, cumulative by month, per 비목, and every problem found; amounts in won."""
    by_name = {view.name: view for view in views}
    lines = _view(by_name["lines"])
    as_of = result.report_date
    document = {
        "schema": EXECUTION_SCHEMA,
        "year": result.year,
        "as_of": as_of.isoformat() if as_of else None,
        "budget": source,
        "ledgers": ledgers,
        "rows_read": result.rows,
        "unit": "원",
        "rows": lines["rows"],
        "total": lines.get("total"),
        "zones": _rows(by_name["zones"]),
        "months": _rows(by_name["months"]),
        "categories": _rows(by_name["categories"]) if "categories" in by_name else [],
        "changes": _rows(by_name["changes"]) if "changes" in by_name else [],
        "rejected": rejected_json(result.rejected),
        # the recipient's own funds (자부담): read, never counted as 국비 or 지방비
        "own_funds": {
            "entries": result.own_rows,
            "amount_won": sum(result.own_funds.values()),
            "zones": [
                {"zone_id": z, "amount_won": won, "entries": result.own_entries.get(z, 0)}
                for z, won in result.own_funds.items()
            ],
        },
        "diagnostics": _diagnostics(diagnostics),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def rejected_json(rejected: Rejected) -> dict[str, Any]:
    """Ledger rows not counted: how many and their won (zero when every row was), the
    rows whose amount could not be read either, ledgers not read at all, and the first
    rows each at its place."""
    return {
        "rows": rejected.rows,
        "amount_won": rejected.amount,
        "rows_without_amount": rejected.unpriced,
        "files": list(rejected.files),
        "listed": [
            {
                "file": row.location.file,
                "sheet": row.location.sheet or None,
                "row": row.location.line,
                "check": row.check,
                "reason": row.reason,
                "amount_won": row.amount,
            }
            for row in rejected.listed
        ],
    }


def close_json(
    view: ViewTable,
    year: int,
    source: str,
    diagnostics: Sequence[Diagnostic],
    rejected: Rejected | None = None,
) -> str:
    """``gangso-close/1``: per line and fund 예산현액, 집행액, 잔액, 이월, 불용, 반납, and
    the ledger rows not counted."""
    shown = _view(view)
    document = {
        "schema": CLOSE_SCHEMA,
        "year": year,
        "budget": source,
        "unit": "원",
        "rows": shown["rows"],
        "total": shown.get("total"),
        "diagnostics": _diagnostics(diagnostics),
    }
    if rejected is not None:
        document["rejected"] = rejected_json(rejected)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
