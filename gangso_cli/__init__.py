"""gangso: allocate and check the budgets of Korea's Gangso R&D Special Zones.

The library core (no terminal): load files, allocate, check.

    >>> from gangso_cli import bundled_data, evaluate
    >>> result = evaluate(bundled_data("budget_2020.yaml"))  # with the bundled registry
    >>> result.ok, result.allocation.total("national"), result.allocation.total("local")
    (True, 36000000000, 7200000000)

``evaluate()`` with no file reads the latest bundled year instead. Names are imported
lazily so that ``gangso --help`` does not pay for pydantic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gangso_cli.core.version import __version__

__all__ = [
    "Allocation",
    "Budget",
    "Diagnostic",
    "Evaluation",
    "Registry",
    "__version__",
    "allocate",
    "bundled_data",
    "evaluate",
    "load_budget",
    "load_budget_text",
    "load_registry",
    "parse_amount",
]

#: Where each public name is defined. A public name must never also be the name of a
#: module directly under gangso_cli/: importing that module would replace the function
#: on the package (tests/test_public_api.py guards this).
_LAZY = {
    "Allocation": "gangso_cli.plan.allocator",
    "allocate": "gangso_cli.plan.allocator",
    "Budget": "gangso_cli.core.budget",
    "bundled_data": "gangso_cli.core.bundled",
    "Registry": "gangso_cli.core.registry",
    "Diagnostic": "gangso_cli.core.diagnostics",
    "Evaluation": "gangso_cli.plan.evaluate",
    "evaluate": "gangso_cli.plan.evaluate",
    "load_budget": "gangso_cli.core.loader",
    "load_budget_text": "gangso_cli.core.loader",
    "load_registry": "gangso_cli.core.loader",
    "parse_amount": "gangso_cli.core.money",
}

if TYPE_CHECKING:
    from gangso_cli.core.budget import Budget
    from gangso_cli.core.bundled import bundled_data
    from gangso_cli.core.diagnostics import Diagnostic
    from gangso_cli.core.loader import load_budget, load_budget_text, load_registry
    from gangso_cli.core.money import parse_amount
    from gangso_cli.core.registry import Registry
    from gangso_cli.plan.allocator import Allocation, allocate
    from gangso_cli.plan.evaluate import Evaluation, evaluate


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'gangso_cli' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
