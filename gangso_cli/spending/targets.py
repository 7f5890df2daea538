"""A ledger row's (zone, line, stage, fund) → the budget line's fund it is spent from,
or why it cannot be: decided once per distinct combination (a ledger repeats a few
hundred of them), so the reading loop pays a dictionary look-up per row.

Line names are compared as :func:`gangso_cli.spending.names.line_key` has them (no
spaces, no middle dots), through the lines map where one is given; a row with several
line columns (사업명, 세부사업명) is matched by the most specific that names a line.
"""

from __future__ import annotations

from dataclasses import dataclass

from gangso_cli.core.budget import Budget, Fund
from gangso_cli.core.cells import CellError, cell_text
from gangso_cli.core.diagnostics import close_matches
from gangso_cli.core.labels import FUND_KO
from gangso_cli.core.registry import Registry
from gangso_cli.plan.allocator import Allocation
from gangso_cli.spending.funds import OWN, parse_fund
from gangso_cli.spending.names import line_key

__all__ = ["MAP_LINE_HINT", "OWN_FUNDS", "Matcher", "Target"]

#: The check of a target that is the recipient's own funds (자부담): counted apart.
OWN_FUNDS = "own-funds"
#: How a ledger's own name for a line is taken as the budget's: the CLI adds its option.
MAP_LINE_HINT = "or map the ledger's name to a line"


@dataclass(frozen=True)
class Target:
    """Where a (zone, program, stage, fund) of a ledger goes, or why it cannot."""

    key: tuple[str, int, Fund] | None
    check: str = ""
    message: str = ""
    hint: str | None = None
    column: str | None = None


class Matcher:
    """Resolves a ledger's zone, program, stage and fund cells to a budget line's fund."""

    def __init__(
        self,
        budget: Budget,
        allocation: Allocation,
        registry: Registry | None,
        lines_map: dict[str, str] | None = None,
    ) -> None:
        self.budget, self.registry = budget, registry
        self.lines_map = lines_map or {}
        self.stage_names = {s.id: s.name for s in budget.stages}
        #: zone → line key → [(line index, stage, the name as the budget writes it)]
        self.lines: dict[str, dict[str, list[tuple[int, str, str]]]] = {}
        self.funded: set[tuple[str, int, Fund]] = set()
        for allocated in allocation.lines():
            self.funded.add((allocated.zone, allocated.index, allocated.fund))
        for zone_id, zone in budget.zones.items():
            programs: dict[str, list[tuple[int, str, str]]] = {}
            for i, line in enumerate(zone.lines):
                name = cell_text(line.program)
                programs.setdefault(line_key(name), []).append((i, line.stage, name))
            self.lines[zone_id] = programs
        self.cache: dict[tuple[object, object, object, object], Target] = {}

    def zone(self, written: str) -> str | None:
        """The zone id a 특구 cell names (an id or a Korean name), or None."""
        if written in self.budget.zones:
            return written
        found = self.registry.find(written) if self.registry is not None else None
        return found.id if found is not None and found.id in self.budget.zones else None

    def target(self, zone_cell: object, program_cell: object, stage_cell: object,
               fund_cell: object) -> Target:  # fmt: skip
        """Where a row's cells go (cached per distinct combination)."""
        key = (zone_cell, program_cell, stage_cell, fund_cell)
        found = self.cache.get(key)
        if found is None:
            found = self.cache[key] = self._resolve(*key)
        return found

    def _zone_problem(self, written_zone: str) -> Target:
        ids = list(self.budget.zones)
        # near an id, or near a Korean name (김헤 → 김해 → gimhae)
        names = {zone_id: zone_id for zone_id in ids}
        known = self.registry.by_id() if self.registry is not None else {}
        for zone_id in ids:
            if zone_id in known:
                names[known[zone_id].city] = names[known[zone_id].name] = zone_id
        close = close_matches(written_zone, list(names))
        return Target(
            None,
            "ledger-zone",
            f"특구 {written_zone!r} is not a zone of this budget",
            f"did you mean {names[close[0]]}?" if close else "zones: " + ", ".join(ids),
            "zone",
        )

    def _candidates(
        self, zone: str, program_cell: object
    ) -> tuple[str, list[tuple[int, str, str]]]:
        """The lines a row's line cells name: the most specific cell that names one (the
        first cell's text and no line when none does)."""
        cells = program_cell if isinstance(program_cell, tuple) else (program_cell,)
        written = [cell_text(c) for c in cells if cell_text(c)]
        lines = self.lines[zone]
        for text in written:
            key = line_key(text)
            key = self.lines_map.get(key, key)
            if key in lines:
                return text, lines[key]
        return (written[0] if written else ""), []

    def _resolve(self, zone_cell: object, program_cell: object, stage_cell: object,
                 fund_cell: object) -> Target:  # fmt: skip
        written_zone = cell_text(zone_cell)
        zone = self.zone(written_zone)
        if zone is None:
            return self._zone_problem(written_zone)
        program, candidates = self._candidates(zone, program_cell)
        stage = cell_text(stage_cell)
        if stage:
            by_name = {v: k for k, v in self.stage_names.items()}
            stage = by_name.get(stage, stage)
            candidates = [c for c in candidates if c[1] == stage]
        if not candidates:
            programs = sorted({c[2] for found in self.lines[zone].values() for c in found})
            close = close_matches(program, programs)
            where = f"{zone}" + (f", stage {stage}" if stage else "")
            return Target(
                None,
                "ledger-program",
                f"세부사업 {program!r} is not a line of {where} in the budget",
                f"did you mean {close[0]!r}? {MAP_LINE_HINT}"
                if close
                else "lines: " + ", ".join(programs) + f"; {MAP_LINE_HINT}",
                "program",
            )
        if len(candidates) > 1:
            stages = ", ".join(c[1] for c in candidates)
            return Target(
                None,
                "ledger-program",
                f"세부사업 {program!r} is a line of {zone} in several stages ({stages})",
                "add a 단계 column saying which stage each row belongs to",
                "program",
            )
        try:
            fund = parse_fund(str(fund_cell or ""))
        except CellError as exc:
            return Target(None, "ledger-fund", str(exc), None, "fund")
        index = candidates[0][0]
        if fund == OWN:
            return Target((zone, index, "national"), OWN_FUNDS)
        if fund == "local" or fund == "national":
            return self._funded(zone, index, program, fund)
        raise AssertionError(fund)  # pragma: no cover - parse_fund gives these three

    def _funded(self, zone: str, index: int, program: str, fund: Fund) -> Target:
        """The line's fund, when the line has a budget of it."""
        if (zone, index, fund) not in self.funded:
            ko = FUND_KO[fund]
            return Target(
                None,
                "line-unbudgeted",
                f"{zone} {program}: spending from {ko}, which this line has no budget of",
                f"book it to a line funded by {ko}, or give this line a {fund} rule",
                "fund",
            )
        return Target((zone, index, fund))
