"""사업비 변경: budget changes, read from a changes file (``kind: changes``) or the
``changes:`` section of a region file, classed by the year's policy and applied.

An approved move takes money from one line's fund and gives it to another line's same
fund: nothing is created or lost, so each zone's lines still add up to its envelope. A
carry mark (``carry: 명시이월`` or ``사고이월``) says which line's balance the year-end
close may carry into next year.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from gangso_cli.core.budget import Budget, Change, Changes, Fund, LineRef
from gangso_cli.core.cells import cell_text
from gangso_cli.core.diagnostics import Diagnostic, Path, SourceLocation, close_matches
from gangso_cli.core.labels import FUND_KO
from gangso_cli.core.money import format_korean
from gangso_cli.core.yamlsource import YamlDocument
from gangso_cli.plan.allocator import Allocation

if TYPE_CHECKING:
    from gangso_cli.core.loader import LoadedBudget

__all__ = [
    "LoadedChanges",
    "ResolvedChange",
    "change_sources",
    "load_changes",
    "resolve_changes",
    "resolve_planned",
]

#: How a change is classed: 경미 (minor, self-approved), 승인 필요 (needs approval), or
#: 미분류 when the year's policy sets no threshold.


@dataclass
class LoadedChanges:
    """Changes with where they were written, so that problems point into the file."""

    changes: list[Change]
    doc: YamlDocument | None
    #: The path of the list inside its document: ("changes",) in both kinds of file.
    base: Path = ("changes",)
    zone: str | None = None
    year: int | None = None

    def error(self, check: str, message: str, index: int, key: str | None = None,
              hint: str | None = None) -> Diagnostic:  # fmt: skip
        """A diagnostic at change ``index`` (and one of its keys)."""
        path: Path = (*self.base, index, *([key] if key else []))
        assert self.doc is not None
        return self.doc.error(check, message, path, hint=hint)


def load_changes(path: str | os.PathLike[str]) -> tuple[LoadedChanges | None, list[Diagnostic]]:
    """Read a changes file; every problem is located (None when nothing could be read)."""
    from gangso_cli.core.bundled import display_path
    from gangso_cli.core.validation import validate_as
    from gangso_cli.core.yamlsource import read_yaml_file

    doc = read_yaml_file(path, display_name=display_path(path))
    model = validate_as(Changes, doc)
    if model is None:
        return None, list(doc.diagnostics)
    return LoadedChanges(model.changes, doc, zone=model.zone, year=model.year), list(
        doc.diagnostics
    )


@dataclass(frozen=True)
class ResolvedChange:
    """A change matched to the budget's lines: line indices, its class, and whether it
    moves money (only an approved move does)."""

    index: int
    change: Change
    zone: str
    source: int | None
    target: int | None
    klass: str
    #: Where the change is written, for problems found later (at the close).
    where: SourceLocation | None = None

    @property
    def moves(self) -> bool:
        """True for an approved move between lines."""
        return self.change.status == "approved" and not self.change.is_carry


@dataclass
class Resolution:
    """Every change resolved, and the problems found."""

    changes: list[ResolvedChange] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _line_index(budget: Budget, zone: str, ref: LineRef) -> int | None:
    zone_budget = budget.zones.get(zone)
    if zone_budget is None:
        return None
    for i, line in enumerate(zone_budget.lines):
        if line.stage == ref.stage and cell_text(line.program) == cell_text(ref.program):
            return i
    return None


#: A line's running 예산현액 for a fund while changes are applied: (zone, line, fund).
_Key = tuple[str, int, Fund]


def resolve_changes(
    loaded: LoadedChanges,
    budget: Budget,
    current: Callable[[str, int, Fund], int | None],
    until: dt.date | None = None,
) -> Resolution:
    """Match each change to the budget's lines, class it by the policy, and check it.

    Args:
        loaded: the changes and where they were written.
        budget: the budget they change.
        current: a line's 예산현액 for a fund (None: the line has no budget of it), as it
            stands; approved moves are applied to it in date order by the caller.
        until: changes dated after it are left out (a report as of that date).
    """
    found = Resolution()
    if loaded.year is not None and loaded.year != budget.year:
        assert loaded.doc is not None
        found.diagnostics.append(
            loaded.doc.error(
                "change-year",
                f"the changes are for {loaded.year}, the budget for {budget.year}",
                ("year",),
            )
        )
        return found
    balance: dict[_Key, int] = {}
    order = sorted(
        (i for i, c in enumerate(loaded.changes) if until is None or c.date <= until),
        key=lambda i: loaded.changes[i].date,
    )
    for i in order:
        resolved, problem = _resolve_one(loaded, i, budget, current, balance)
        if problem is not None:
            found.diagnostics.append(problem)
        elif resolved is not None:
            found.changes.append(resolved)
    found.changes.sort(key=lambda r: (r.change.date, r.index))
    return found


def _resolve_one(
    loaded: LoadedChanges,
    i: int,
    budget: Budget,
    current: Callable[[str, int, Fund], int | None],
    balance: dict[_Key, int],
) -> tuple[ResolvedChange | None, Diagnostic | None]:
    """One change, in date order: where it stands, what it draws on, its class; an
    approved move is applied to ``balance``. A change refused says why instead."""
    change = loaded.changes[i]
    zone, refused = _zone_of(loaded, i, budget)
    if refused is not None or zone is None:
        return None, refused
    lines, refused = _lines_of(loaded, i, budget, zone)
    if refused is not None:
        return None, refused
    source, target = lines.get("from", lines.get("line")), lines.get("to")
    assert source is not None
    line_key: _Key = (zone, source, change.fund)
    available = balance[line_key] if line_key in balance else current(*line_key)
    if available is None:
        program = budget.zones[zone].lines[source].program
        return None, loaded.error(
            "change-fund",
            f"{zone} {program} has no {FUND_KO[change.fund]} budget to move or carry",
            i,
            "fund",
        )
    klass = _class_of(change, available, budget.policy.minor_change_percent)
    if change.status == "approved" and not change.is_carry:
        assert change.amount is not None
        assert target is not None
        if change.amount > available:
            return None, loaded.error(
                "change-overdraw",
                f"moves {change.amount:,}원 from a line with {available:,}원 of "
                f"{FUND_KO[change.fund]} left to move",
                i,
                "amount",
                hint=f"move at most {format_korean(max(available, 0))}",
            )
        target_key: _Key = (zone, target, change.fund)
        balance[line_key] = available - change.amount
        balance[target_key] = balance.get(target_key, current(*target_key) or 0) + change.amount
    where = loaded.doc.locate((*loaded.base, i)) if loaded.doc is not None else None
    return ResolvedChange(i, change, zone, source, target, klass, where), None


def _zone_of(loaded: LoadedChanges, i: int, budget: Budget) -> tuple[str | None, Diagnostic | None]:
    """The zone a change is for (its own, the file's, or the budget's only zone), once
    its date is in the budget's year and its shape is a move or a carry mark."""
    change = loaded.changes[i]
    zone = (
        change.zone or loaded.zone or (next(iter(budget.zones)) if len(budget.zones) == 1 else None)
    )
    if change.date.year != budget.year:
        message = f"{change.date.isoformat()} is not in {budget.year}"
        return None, loaded.error("change-year", message, i, "date")
    if zone is None or zone not in budget.zones:
        return None, loaded.error(
            "change-line",
            f"zone {zone!r} has no envelope in this budget" if zone else "the change names no zone",
            i,
            "zone" if zone else None,
            hint="zones: " + ", ".join(budget.zones),
        )
    shape = _shape_problem(change)
    if shape:
        return None, loaded.error("change-shape", shape, i)
    return zone, None


def _lines_of(
    loaded: LoadedChanges, i: int, budget: Budget, zone: str
) -> tuple[dict[str, int], Diagnostic | None]:
    """The indices of the lines a change names (``from``/``to``, or a carry's ``line``)."""
    change = loaded.changes[i]
    refs = [("line", change.line)] if change.is_carry else [
        ("from", change.from_line), ("to", change.to_line)
    ]  # fmt: skip
    indices: dict[str, int] = {}
    for name, ref in refs:
        assert ref is not None
        index = _line_index(budget, zone, ref)
        if index is None:
            programs = [line.program for line in budget.zones[zone].lines]
            close = close_matches(ref.program, programs)
            return indices, loaded.error(
                "change-line",
                f"{zone} has no line {ref.program!r} in stage {ref.stage!r}",
                i,
                name,
                hint=f"did you mean {close[0]!r}?" if close else "lines: " + ", ".join(programs),
            )
        indices[name] = index
    return indices, None


def _class_of(change: Change, available: int, threshold: Decimal | None) -> str:
    """경미 (minor) or 승인 필요 (approval) for a move by the policy's threshold, exactly:
    20.04% of the line is over a 20% threshold, though it rounds to 20.0; unclassed
    without a threshold, and for a carry mark."""
    if change.is_carry or threshold is None:
        return "unclassed"
    assert change.amount is not None
    assert change.from_line is not None
    assert change.to_line is not None
    same_stage = change.from_line.stage == change.to_line.stage
    minor = same_stage and available > 0 and change.amount * 100 <= threshold * available
    return "minor" if minor else "approval"


def _shape_problem(change: Change) -> str | None:
    """What is missing for the change to be a move or a carry mark, if anything."""
    if change.is_carry:
        if change.line is None:
            return "a carry mark names its line: line: {stage: …, program: …}"
        if change.from_line or change.to_line:
            return "a carry mark names one line (line:), not from/to"
        return None
    if change.line is not None:
        return "a move names from: and to:; line: is for a carry mark (with carry: 명시이월)"
    if change.from_line is None or change.to_line is None:
        return "a move names both lines: from: {stage, program} and to: {stage, program}"
    if change.amount is None or change.amount <= 0:
        return "a move says how much: amount: 5천만"
    return None


def change_sources(
    loaded: LoadedBudget, paths: Sequence[str | os.PathLike[str]] = ()
) -> tuple[list[LoadedChanges], list[Diagnostic]]:
    """A budget's changes: a region file's own ``changes:`` section, then each changes
    file; and the problems found reading the files."""
    region = loaded.region
    sources: list[LoadedChanges] = []
    problems: list[Diagnostic] = []
    if region is not None and region.changes:
        sources.append(LoadedChanges(region.changes, loaded.doc, zone=region.zone,
                                     year=region.year))  # fmt: skip
    for path in paths:
        read, found = load_changes(path)
        problems.extend(found)
        if read is not None:
            sources.append(read)
    return sources, problems


def resolve_planned(
    budget: Budget, allocation: Allocation, sources: Sequence[LoadedChanges]
) -> Resolution:
    """Changes resolved against the budget as planned (본예산), for validate and diff."""
    planned = {(a.zone, a.index, a.fund): a.amount for a in allocation.lines()}
    found = Resolution()
    for source in sources:
        part = resolve_changes(source, budget, lambda *key: planned.get(key))
        found.changes.extend(part.changes)
        found.diagnostics.extend(part.diagnostics)
    return found
