"""What every check shares: the context it reads, the finding it yields, its result."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from gangso_cli.core.budget import Budget
from gangso_cli.core.diagnostics import Diagnostic, Path, Severity
from gangso_cli.core.loader import LoadedBudget
from gangso_cli.core.money import format_korean, format_won
from gangso_cli.core.registry import Registry
from gangso_cli.plan.allocator import Allocation

if TYPE_CHECKING:
    from gangso_cli.plan.envelopes import Envelopes


@dataclass(frozen=True)
class Finding:
    """One failure of a check, at a path of the (national-shaped) budget."""

    message: str
    path: Path
    hint: str | None = None
    difference: int | None = None
    severity: Severity = Severity.ERROR


@dataclass(frozen=True)
class CheckContext:
    """What a check may look at. ``registry`` is None when it failed to load."""

    budget: Budget
    allocation: Allocation
    registry: Registry | None
    scope: Literal["national", "region"] = "national"
    #: Zones a salvaged file had broken values in: checks of sums and shares skip them.
    partial: frozenset[str] = frozenset()
    #: Zones a salvaged file could not read at all: present, but not checkable.
    broken: frozenset[str] = frozenset()
    #: The file itself, for what it wrote (notation, comments) beside what it means.
    source: LoadedBudget | None = None
    #: The national budget a region file is checked against, its 국비 derived, if any.
    national: Budget | None = None
    #: Other years' 국비 per zone (year → zone id → won), for multi-year ceilings.
    other_years: Mapping[int, Mapping[str, int]] = field(default_factory=dict)
    #: Each zone's envelope and how it came about (derived from the rules or written).
    envelopes: Envelopes | None = None

    def written(self, path: Path) -> object:
        """The value at a budget path as the file wrote it (None when unknown)."""
        return self.source.written(path) if self.source is not None else None

    def notation(self, path: Path, amount: int) -> str:
        """An amount as the user wrote it at ``path`` when it was text, else in 억/만."""
        written = self.written(path)
        return written.strip() if isinstance(written, str) else format_korean(amount)


CheckFn = Callable[[CheckContext], Iterator[Finding]]


@dataclass(frozen=True)
class Check:
    """A check: stable id, one-line Korean title, and the function that runs it."""

    id: str
    title: str
    run: CheckFn
    scopes: tuple[str, ...] = ("national", "region")
    #: Only meaningful when a region file is checked against a national budget.
    needs_national: bool = False
    #: Whether the check applies to this file at all (None: always); a check that does
    #: not apply is left out of the results rather than shown as passed.
    applies: Callable[[CheckContext], bool] | None = None


@dataclass(frozen=True)
class CheckResult:
    """A check and what it found (nothing: it passed)."""

    check: Check
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """True when the check found no error (warnings allowed)."""
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)

    @property
    def status(self) -> str:
        """통과 (nothing found), 경고 (warnings only) or 실패 (an error), as tables show it."""
        if not self.diagnostics:
            return "통과"
        return "실패" if not self.passed else "경고"

    @property
    def difference(self) -> int | None:
        """The total difference in won over its findings, for sum checks."""
        diffs = [d.difference for d in self.diagnostics if d.difference is not None]
        return sum(diffs) if diffs else None


def _won(amount: int) -> str:
    return f"{format_won(amount)}원"


def _difference(actual: int, expected: int) -> str:
    return f"{_won(actual)} ≠ {_won(expected)} (difference {actual - expected:+,}원)"


def _line_path(zone: str, index: int, key: str | None = None) -> Path:
    path: Path = ("zones", zone, "lines", index)
    return (*path, key) if key else path
