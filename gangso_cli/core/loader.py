"""YAML files → validated models, with every problem located at file:line:column.

Loaders never raise on bad input: they return the model (or None) together with all the
diagnostics found, so one run reports everything that is wrong.
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass, field
from typing import Any, Generic

from pydantic import ValidationError

from gangso_cli.core.budget import Budget, RegionBudget
from gangso_cli.core.bundled import BUNDLED_PREFIX, budget_source, bundled_data, display_path
from gangso_cli.core.diagnostics import Diagnostic, Path, Severity, SourceLocation
from gangso_cli.core.registry import PHASES, Phase, Registry
from gangso_cli.core.validation import InvalidBudget, M, validate_model
from gangso_cli.core.yamlsource import YamlDocument, parse_yaml, read_yaml_file


@dataclass
class _Loaded(Generic[M]):
    model: M | None
    doc: YamlDocument

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Every problem found while reading, parsing and validating the file."""
        return self.doc.diagnostics


class LoadedRegistry(_Loaded[Registry]):
    """A registry file with its diagnostics."""


@dataclass
class LoadedBudget(_Loaded[Budget]):
    """A budget file — national, or one region's own — with its diagnostics.

    ``model`` is always a national-shaped :class:`Budget` (a region file becomes a
    one-zone budget) so that one allocator and one set of checks serve both; ``region``
    keeps the region file itself, and :meth:`locate` maps paths back into it.

    It stays as the file wrote it: a budget whose 국비 comes from envelope rules has none
    here; :func:`gangso_cli.plan.envelopes.derive_budget` returns a copy with it filled in.
    """

    region: RegionBudget | None = None
    #: True when the file had errors and ``model`` holds only what could be salvaged:
    #: good enough for more checks, never for tables or exports.
    salvaged: bool = False
    #: Zones whose lines or envelopes were taken out by the salvage; sum checks skip them.
    partial: frozenset[str] = frozenset()
    #: Zones dropped whole by the salvage; they still count as present.
    broken: frozenset[str] = frozenset()
    #: Zones whose broken lines the salvage dropped: original index of each kept line.
    kept_lines: dict[str, list[int]] = field(default_factory=dict)

    def source_path(self, path: Path) -> Path:
        """Where a path of the national-shaped budget stands in the file itself."""
        if (
            len(path) >= 4
            and path[0] == "zones"
            and path[2] == "lines"
            and isinstance(path[3], int)
            and str(path[1]) in self.kept_lines
        ):
            path = (*path[:3], self.kept_lines[str(path[1])][path[3]], *path[4:])
        if self.region is None:
            return path
        if path[:1] == ("zones",):
            return path[2:]
        if path[:1] == ("totals",):
            return path[1:]
        return path

    def locate(self, path: Path) -> SourceLocation:
        """The file, line and column of the value at a budget path."""
        return self.doc.locate(self.source_path(path))

    def finding(
        self,
        check: str,
        message: str,
        path: Path,
        *,
        hint: str | None = None,
        difference: int | None = None,
        severity: Severity = Severity.ERROR,
    ) -> Diagnostic:
        """A diagnostic located at a budget path of this file."""
        return self.doc.error(
            check,
            message,
            self.source_path(path),
            hint=hint,
            difference=difference,
            severity=severity,
        )

    def written(self, path: Path) -> object:
        """The value at a budget path as the file wrote it, or None."""
        return self.doc.written(self.source_path(path))


def _check_phases(registry: Registry, doc: YamlDocument) -> None:
    """Each zone's phases run forward: in the programme's order, without overlap, none
    before its designation, only the last one open-ended."""
    for i, zone in enumerate(registry.zones):
        previous: Phase | None = None
        for j, phase in enumerate(zone.phases):
            path: Path = ("zones", i, "phases", j)
            problem = None
            if phase.end is not None and phase.end < phase.start:
                problem = f"{zone.id}: {phase.phase} ends ({phase.end}) before it starts"
            elif phase.start < zone.designated_year:
                problem = (
                    f"{zone.id}: {phase.phase} starts in {phase.start}, before the zone was "
                    f"designated ({zone.designated})"
                )
            elif previous is not None and (previous.end is None or phase.start <= previous.end):
                problem = (
                    f"{zone.id}: {phase.phase} starts in {phase.start}, while "
                    f"{previous.phase} still runs"
                    + (f" (to {previous.end})" if previous.end else " (it has no end)")
                )
            elif previous is not None and PHASES.index(phase.phase) <= PHASES.index(previous.phase):
                problem = f"{zone.id}: {phase.phase} cannot follow {previous.phase}"
            elif phase.start_month and int(phase.start_month[:4]) != phase.start:
                problem = (
                    f"{zone.id}: {phase.phase} starts in {phase.start_month}, not in its "
                    f"first budget year {phase.start}"
                )
            if problem:
                doc.diagnostics.append(
                    doc.error(
                        "zone-phases",
                        problem,
                        (*path, "start"),
                        hint="list phases in order (" + " → ".join(PHASES) + "), each "
                        "starting after the one before ends",
                    )
                )
            previous = phase


def _check_registry(registry: Registry, doc: YamlDocument) -> None:
    _check_phases(registry, doc)
    seen: dict[str, int] = {}
    for i, zone in enumerate(registry.zones):
        if zone.id in seen:
            doc.diagnostics.append(
                doc.error(
                    "duplicate-zone",
                    f"zone id {zone.id!r} appears twice (zones[{seen[zone.id]}] and zones[{i}])",
                    ("zones", i, "id"),
                )
            )
        seen.setdefault(zone.id, i)


def load_registry(path: str | os.PathLike[str] | None = None) -> LoadedRegistry:
    """Load the zone registry; the bundled ``zones.yaml`` when no path is given."""
    if path is None:
        doc = read_yaml_file(bundled_data("zones.yaml"), display_name=BUNDLED_PREFIX + "zones.yaml")
    else:
        doc = read_yaml_file(path, display_name=display_path(path))
    registry = validate_model(Registry, doc)
    if registry is not None:
        _check_registry(registry, doc)
    return LoadedRegistry(registry, doc)


@dataclass
class _Salvage:
    """A budget's raw data with the broken values taken out, and which zones it touched."""

    data: dict[str, Any]
    partial: set[str] = field(default_factory=set)
    broken: set[str] = field(default_factory=set)
    #: For zones that lost lines: the original index of each line that was kept.
    kept_lines: dict[str, list[int]] = field(default_factory=dict)


def _salvage(data: dict[str, Any], errors: list[Any], region: bool) -> _Salvage | None:
    """Take out what failed validation so the checks can still run on the rest.

    A broken line is dropped, a broken envelope set to 0, an unknown key removed; the
    zones touched are marked partial so that sum checks skip them. Returns None when a
    broken value is structural (a missing total, a bad year): then nothing is checked.
    """
    salvage = _Salvage(copy.deepcopy(data))
    drop: dict[str, set[int]] = {}
    for error in errors:
        loc: Path = tuple(error["loc"])
        if region:
            zone, rest = str(salvage.data.get("zone")), loc
            target = salvage.data
        elif (
            loc[:1] == ("zones",) and len(loc) >= 2 and isinstance(salvage.data.get("zones"), dict)
        ):
            zone, rest = str(loc[1]), loc[2:]
            target = salvage.data["zones"].get(zone)
        else:
            zone, rest, target = "", loc, salvage.data
        if zone and not isinstance(target, dict):
            salvage.broken.add(zone)
            continue
        if len(rest) >= 2 and rest[0] == "lines" and isinstance(rest[1], int):
            drop.setdefault(zone, set()).add(rest[1])
        elif zone and rest in (("national",), ("local",)):
            target[str(rest[0])] = 0
        elif len(rest) == 1 and error["type"] == "extra_forbidden":
            target.pop(str(rest[0]), None)
        elif zone and not region:
            salvage.broken.add(zone)
            continue
        else:
            return None
        if zone:
            salvage.partial.add(zone)
    for zone, indices in drop.items():
        target = salvage.data if region else salvage.data["zones"].get(zone)
        if isinstance(target, dict) and isinstance(target.get("lines"), list):
            kept = [i for i in range(len(target["lines"])) if i not in indices]
            target["lines"] = [target["lines"][i] for i in kept]
            salvage.kept_lines[zone] = kept
            if not target["lines"] and not region:
                salvage.broken.add(zone)
    if not region:
        for zone in salvage.broken:
            salvage.data["zones"].pop(zone, None)
        if not salvage.data["zones"]:
            return None
    elif not salvage.data.get("lines"):
        return None
    return salvage


def _budget_from_doc(doc: YamlDocument) -> LoadedBudget:
    is_region = isinstance(doc.data, dict) and (
        doc.data.get("kind") == "region" or ("zone" in doc.data and "zones" not in doc.data)
    )
    model: type[Budget] | type[RegionBudget] = RegionBudget if is_region else Budget
    try:
        validated = validate_model(model, doc)
    except InvalidBudget as invalid:
        salvage = _salvage(doc.data, invalid.errors, is_region)
        if salvage is None:
            return LoadedBudget(None, doc)
        try:
            validated = model.model_validate(salvage.data)
        except ValidationError:
            return LoadedBudget(None, doc)
        loaded = _loaded_budget(validated, doc)
        partial = frozenset(salvage.partial | salvage.broken | loaded.partial)
        loaded.salvaged, loaded.partial, loaded.broken = True, partial, frozenset(salvage.broken)
        loaded.kept_lines = salvage.kept_lines
        return loaded
    return _loaded_budget(validated, doc)


def _loaded_budget(validated: Budget | RegionBudget | None, doc: YamlDocument) -> LoadedBudget:
    if isinstance(validated, RegionBudget):
        return LoadedBudget(validated.as_budget(), doc, validated)
    loaded = LoadedBudget(validated, doc)
    if validated is not None and validated.envelopes is None:
        # Without envelope rules every zone writes its 국비; one that does not is salvaged.
        missing = [zone_id for zone_id, zone in validated.zones.items() if zone.national is None]
        for zone_id in missing:
            written = isinstance(doc.data, dict) and "national" in (
                doc.data.get("zones", {}).get(zone_id) or {}
            )
            doc.diagnostics.append(
                doc.error(
                    "missing-key",
                    f"zones.{zone_id}.national is " + ("empty" if written else "missing"),
                    ("zones", zone_id, "national") if written else ("zones", zone_id),
                    hint="write the zone's 국비 (national: 60억), or derive every zone's 국비 "
                    "in an envelopes section",
                )
            )
        if missing:
            loaded.salvaged, loaded.partial = True, frozenset(missing)
    return loaded


def load_budget(
    path: str | os.PathLike[str] | None = None, *, display_name: str | None = None
) -> LoadedBudget:
    """Load a budget file, national or regional; the latest bundled budget by default.

    Args:
        path: the file; None for the latest bundled national budget.
        display_name: how reports name the file (default: the path as given).
    """
    if path is None:
        source = budget_source(None)
        assert source is not None, "the package ships at least one budget"
        path, display_name = source
    name = display_name or display_path(path)
    return _budget_from_doc(read_yaml_file(path, display_name=name))


def load_document(path: str | os.PathLike[str]) -> LoadedRegistry | LoadedBudget:
    """Load any gangso file, telling its kind by its shape: a registry (a list of
    zones), one region's file (a ``zone`` key) or a national budget (a map of zones)."""
    doc = read_yaml_file(path, display_name=display_path(path))
    data = doc.data
    if isinstance(data, dict) and isinstance(data.get("zones"), list):
        registry = validate_model(Registry, doc)
        if registry is not None:
            _check_registry(registry, doc)
        return LoadedRegistry(registry, doc)
    return _budget_from_doc(doc)


def load_budget_text(text: str, file: str = "<string>") -> LoadedBudget:
    """Load a budget from YAML text (tests, stdin, editors)."""
    return _budget_from_doc(parse_yaml(text, file))
