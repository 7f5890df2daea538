"""gangso: allocate and check the budgets of Korea's Gangso R&D Special Zones.

The library core (no terminal): load files, allocate, check.

    >>> from gangso_cli import evaluate
    >>> result = evaluate()          # the bundled 2020 budget and registry
    >>> result.ok, result.allocation.total("national")
    (True, 36000000000)

Names are imported lazily so that ``gangso --help`` does not pay for pydantic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Allocation",
    "Budget",
    "Diagnostic",
    "Evaluation",
    "Registry",
    "__version__",
    "allocate",
    "evaluate",
    "load_budget",
    "load_registry",
    "parse_amount",
]

_LAZY = {
    "Allocation": "gangso_cli.allocator",
    "allocate": "gangso_cli.allocator",
    "Budget": "gangso_cli.models",
    "Registry": "gangso_cli.models",
    "Diagnostic": "gangso_cli.diagnostics",
    "Evaluation": "gangso_cli.evaluate",
    "evaluate": "gangso_cli.evaluate",
    "load_budget": "gangso_cli.loader",
    "load_registry": "gangso_cli.loader",
    "parse_amount": "gangso_cli.money",
}

if TYPE_CHECKING:
    from gangso_cli.allocator import Allocation, allocate
    from gangso_cli.diagnostics import Diagnostic
    from gangso_cli.evaluate import Evaluation, evaluate
    from gangso_cli.loader import load_budget, load_registry
    from gangso_cli.models import Budget, Registry
    from gangso_cli.money import parse_amount


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'gangso_cli' has no attribute {name!r}")
