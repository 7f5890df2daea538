"""YAML files → validated models, with every problem located at file:line:column.

Loaders never raise on bad input: they return the model (or None) together with all the
diagnostics found, so one run reports everything that is wrong.
"""

from __future__ import annotations

import difflib
import os
import types
import typing
from dataclasses import dataclass
from importlib import resources
from pathlib import Path as FsPath
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from gangso_cli.diagnostics import Diagnostic, Path, SourceLocation
from gangso_cli.models import Budget, RegionBudget, Registry
from gangso_cli.yamlsource import YamlDocument, parse_yaml, read_yaml_file

__all__ = [
    "LoadedBudget",
    "LoadedRegistry",
    "bundled_data",
    "load_budget",
    "load_budget_text",
    "load_registry",
]

M = TypeVar("M", bound=BaseModel)


def bundled_data(name: str) -> FsPath:
    """The path of a bundled data file (``zones.yaml``, ``budget_2020.yaml``).

    Installed wheels carry the data inside the package; a source checkout (and an
    editable install) reads it from the repository's ``data/`` folder.
    """
    packaged = FsPath(str(resources.files("gangso_cli"))) / "data" / name
    if packaged.exists():
        return packaged
    return FsPath(__file__).resolve().parent.parent / "data" / name


def _display_path(path: str | os.PathLike[str]) -> str:
    """A path as people want to see it: relative when under the working directory."""
    given = os.fspath(path)
    try:
        relative = os.path.relpath(given)
    except ValueError:  # another drive on Windows
        return given
    return given if relative.startswith("..") else relative


def _dotted(loc: Path) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(document)"


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
            close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
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
            found.append(doc.error("schema", f"{where}: {error['msg']}", loc))
    return found


def _validate(model: type[M], doc: YamlDocument) -> M | None:
    if doc.data is None:
        return None
    if not isinstance(doc.data, dict):
        doc.diagnostics.append(
            doc.error(
                "not-a-mapping",
                f"the document is a {type(doc.data).__name__}, not a mapping of keys",
                hint=f"a {model.__name__.lower()} file starts with keys such as "
                + ", ".join(list(model.model_fields)[:3]),
            )
        )
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        doc.diagnostics.extend(_validation_diagnostics(exc, model, doc))
        return None


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
    """

    region: RegionBudget | None = None

    def source_path(self, path: Path) -> Path:
        """Where a path of the national-shaped budget stands in the file itself."""
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
    ) -> Diagnostic:
        """A diagnostic located at a budget path of this file."""
        source = self.source_path(path)
        return Diagnostic(
            check=check,
            message=message,
            location=self.doc.locate(source),
            hint=hint,
            difference=difference,
            path=source,
        )


def _check_registry(registry: Registry, doc: YamlDocument) -> None:
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
    path = path if path is not None else bundled_data("zones.yaml")
    doc = read_yaml_file(path, display_name=_display_path(path))
    registry = _validate(Registry, doc)
    if registry is not None:
        _check_registry(registry, doc)
    return LoadedRegistry(registry, doc)


def _budget_from_doc(doc: YamlDocument) -> LoadedBudget:
    is_region = isinstance(doc.data, dict) and (
        doc.data.get("kind") == "region" or ("zone" in doc.data and "zones" not in doc.data)
    )
    if is_region:
        region = _validate(RegionBudget, doc)
        return LoadedBudget(region.as_budget() if region else None, doc, region)
    return LoadedBudget(_validate(Budget, doc), doc)


def load_budget(path: str | os.PathLike[str] | None = None) -> LoadedBudget:
    """Load a budget file, national or regional; the bundled 2020 budget by default."""
    path = path if path is not None else bundled_data("budget_2020.yaml")
    return _budget_from_doc(read_yaml_file(path, display_name=_display_path(path)))


def load_budget_text(text: str, file: str = "<string>") -> LoadedBudget:
    """Load a budget from YAML text (tests, stdin, editors)."""
    return _budget_from_doc(parse_yaml(text, file))
