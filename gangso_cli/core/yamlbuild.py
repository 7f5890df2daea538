"""Build plain values, and where each one stood, from YAML's event stream.

The builder is where YAML's traps are closed:

- duplicate keys are errors naming both lines (PyYAML silently keeps the last);
- only plain data tags are allowed: ``!!python/...`` and friends are refused, never run;
- aliases may not expand past a bound ("billion laughs"), nesting is bounded;
- numbers become ``int`` or ``Decimal`` from their source text, never ``float``;
- dates and times stay the strings that were written.

Reading files and explaining syntax errors is :mod:`gangso_cli.core.yamlsource`'s part.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

from gangso_cli.core.diagnostics import Diagnostic, Path, Severity, SourceLocation

__all__ = ["MAX_ALIAS_NODES", "MAX_DEPTH", "YamlDocument", "build_document", "libyaml_available"]

#: Deeper than any budget needs; keeps recursion far from Python's limit.
MAX_DEPTH = 64
#: Nodes that alias expansion may add; real files reuse a rule set a few times at most.
MAX_ALIAS_NODES = 100_000

_TAG = "tag:yaml.org,2002:"
_INT = re.compile(r"[-+]?[0-9][0-9_]*")
_FLOAT = re.compile(r"[-+]?(?:[0-9][0-9_]*)?\.?[0-9_]*(?:[eE][-+]?[0-9]+)?")
_TRUE = {"yes", "true", "on", "y"}

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: First characters of plain scalars that may resolve to something other than a string.
_IMPLICIT_FIRST = frozenset(key for key in _Loader.yaml_implicit_resolvers if key)


def libyaml_available() -> bool:
    """Whether PyYAML was built with libyaml, so parsing runs in C (about 15× faster)."""
    return _Loader is not yaml.SafeLoader


def _pack(line: int, column: int) -> int:
    """A position as one int (line and column from 1): a tuple per value would triple
    the memory that locations take on a 100k-line file."""
    return line << 20 | min(column, 0xFFFFF)


def _unpack(mark: int) -> tuple[int, int]:
    return mark >> 20, mark & 0xFFFFF


class _MapLoc:
    """Where a mapping starts, and for each key: where the key is, and its value's Loc."""

    __slots__ = ("entries", "mark")

    def __init__(self, mark: int) -> None:
        self.mark = mark
        self.entries: dict[str, tuple[int, Loc]] = {}


class _SeqLoc:
    """Where a sequence starts, and each item's Loc."""

    __slots__ = ("items", "mark")

    def __init__(self, mark: int) -> None:
        self.mark = mark
        self.items: list[Loc] = []


#: The locations of a document, as a tree that mirrors its data: a packed int for a
#: scalar, a _MapLoc or _SeqLoc for a collection.
Loc = int | _MapLoc | _SeqLoc


def _mark_of(loc: Loc) -> int:
    return loc if isinstance(loc, int) else loc.mark


@dataclass
class YamlDocument:
    """A parsed YAML file: its plain data and where each value and key stood.

    ``data`` is None when the file could not be parsed; ``diagnostics`` then says why.
    """

    file: str
    data: Any = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    _locs: Loc | None = field(default=None, repr=False)
    #: Lines with a ``PLACEHOLDER`` comment (``gangso init`` marks made-up envelopes so).
    placeholder_lines: frozenset[int] = frozenset()

    def written(self, path: Path) -> Any:
        """The value at ``path`` as the file wrote it (before any parsing), or None."""
        value = self.data
        for part in path:
            if isinstance(value, dict) and isinstance(part, str):
                value = value.get(part)
            elif isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
                value = value[part]
            else:
                return None
        return value

    def locate(self, path: Path, *, key: bool = False) -> SourceLocation:
        """Where the value at ``path`` is (or its key, with ``key=True``).

        A collection under a key is located at its key (a block starts on the next
        line; people look for the key). A path that is not in the file (a missing
        field) falls back to the nearest enclosing value that is, so every problem
        still points somewhere useful.
        """
        loc = self._locs
        if loc is None:
            return SourceLocation(self.file, 1, 1)
        best = _mark_of(loc)
        for part in path:
            if isinstance(loc, _MapLoc) and isinstance(part, str) and part in loc.entries:
                key_mark, loc = loc.entries[part]
                best = key_mark if key or not isinstance(loc, int) else loc
            elif isinstance(loc, _SeqLoc) and isinstance(part, int) and 0 <= part < len(loc.items):
                loc = loc.items[part]
                best = _mark_of(loc)
            else:
                break
        line, column = _unpack(best)
        return SourceLocation(self.file, line, column)

    def error(
        self,
        check: str,
        message: str,
        path: Path = (),
        *,
        hint: str | None = None,
        key: bool = False,
        severity: Severity = Severity.ERROR,
        difference: int | None = None,
    ) -> Diagnostic:
        """Make a diagnostic located at ``path`` in this document."""
        return Diagnostic(
            check=check,
            message=message,
            location=self.locate(path, key=key),
            hint=hint,
            severity=severity,
            difference=difference,
            path=path,
        )


class _Abort(Exception):
    """Stops the builder on input that must not be walked any further."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def _event_mark(event: Any) -> int:
    mark = event.start_mark  # _pack inlined: this runs once per value of the file
    line: int = mark.line + 1
    column: int = mark.column + 1
    return line << 20 | min(column, 0xFFFFF)


_MERGE = object()  # the value of a "<<" key, refused wherever it appears


class _Builder:
    """Builds plain values from libyaml's event stream, recording every location.

    Working from events rather than ``yaml.compose`` never holds a node graph: on a
    13 MB budget that graph alone took ~380 MB. Anchored values are shared, not copied;
    each alias adds its value's size to a budget, so that an alias bomb stops early.
    """

    def __init__(self, doc: YamlDocument, loader: Any) -> None:
        self.doc = doc
        self.loader = loader
        self.anchors: dict[str, tuple[Any, Loc, int]] = {}
        self.alias_nodes = 0
        self.path: list[str | int] = []  # where the builder is, for diagnostics' `path`

    def here(self, mark: int) -> SourceLocation:
        line, column = _unpack(mark)
        return SourceLocation(self.doc.file, line, column)

    def problem(self, check: str, message: str, mark: int, hint: str | None = None) -> None:
        self.doc.diagnostics.append(
            Diagnostic(check, message, self.here(mark), hint=hint, path=tuple(self.path))
        )

    def build(self, depth: int) -> tuple[Any, Loc, int]:
        """The next node's value, its locations and its size (nodes, aliases expanded)."""
        event = self.loader.get_event()
        mark = _event_mark(event)
        if depth > MAX_DEPTH:
            raise _Abort(
                Diagnostic(
                    "yaml-too-deep",
                    f"the document nests deeper than {MAX_DEPTH} levels",
                    self.here(mark),
                    hint="a budget file needs only a few levels; check the indentation",
                )
            )
        if isinstance(event, yaml.AliasEvent):
            # An anchor is registered only once its node is complete, so an alias inside
            # its own anchor (&a [*a]) lands here too: refuse, never recurse.
            if event.anchor not in self.anchors:
                raise _Abort(
                    Diagnostic(
                        "yaml-syntax",
                        f"alias *{event.anchor} refers to no anchor defined before it "
                        "(or to the value that contains it)",
                        self.here(mark),
                    )
                )
            value, loc, size = self.anchors[event.anchor]
            self.alias_nodes += size
            if self.alias_nodes > MAX_ALIAS_NODES:
                raise _Abort(
                    Diagnostic(
                        "yaml-alias-bomb",
                        f"anchors and aliases expand this document past {MAX_ALIAS_NODES:,} "
                        "values; refusing to expand it",
                        self.here(mark),
                        hint="write the values out, or reuse an anchor only a few times",
                    )
                )
            return value, loc, size
        if isinstance(event, yaml.ScalarEvent):
            result: tuple[Any, Loc, int] = (self.scalar(event, mark), mark, 1)
        elif isinstance(event, yaml.SequenceStartEvent):
            result = self.sequence(event, mark, depth)
        else:
            result = self.mapping(event, mark, depth)
        if event.anchor is not None:
            self.anchors[event.anchor] = result
        return result

    def sequence(self, event: Any, mark: int, depth: int) -> tuple[list[Any], Loc, int]:
        if event.tag not in (None, "!", _TAG + "seq"):
            self.bad_tag(event.tag, mark)
        loc, size = _SeqLoc(mark), 1
        items: list[Any] = []
        while not isinstance(self.loader.peek_event(), yaml.SequenceEndEvent):
            self.path.append(len(items))
            value, child, child_size = self.build(depth + 1)
            self.path.pop()
            items.append(value)
            loc.items.append(child)
            size += child_size
        self.loader.get_event()
        return items, loc, size

    def mapping(self, event: Any, mark: int, depth: int) -> tuple[dict[str, Any], Loc, int]:
        if event.tag not in (None, "!", _TAG + "map"):
            self.bad_tag(event.tag, mark)
        loc, result, size = _MapLoc(mark), {}, 1
        while not isinstance(self.loader.peek_event(), yaml.MappingEndEvent):
            key_event = self.loader.peek_event()
            key_mark = _event_mark(key_event)
            key_value, _, _ = self.build(depth + 1)
            self.path.append(str(key_value))
            value, child, child_size = self.build(depth + 1)
            self.path.pop()
            if not isinstance(key_event, yaml.ScalarEvent):
                self.problem(
                    "yaml-complex-key",
                    "a mapping key must be plain text, not a list or mapping",
                    key_mark,
                )
                continue
            if key_value is _MERGE:
                self.problem(
                    "yaml-merge-key",
                    "merge keys (<<) are not supported in budget files",
                    key_mark,
                    hint="write the keys out in full so every value has one place",
                )
                continue
            key = key_event.value
            if key in result:
                first_line = _unpack(loc.entries[key][0])[0]
                self.path.append(key)
                self.problem(
                    "duplicate-key",
                    f"key {key!r} appears twice in this mapping: first at line "
                    f"{first_line}, again at line {_unpack(key_mark)[0]}",
                    key_mark,
                    hint="YAML would silently keep only one of them; merge or rename them",
                )
                self.path.pop()
                continue
            result[key] = value
            loc.entries[key] = (key_mark, child)
            size += child_size
        self.loader.get_event()
        return result, loc, size

    def scalar(self, event: Any, mark: int) -> Any:
        text = event.value
        tag = event.tag
        if tag is None or tag == "!":
            plain = event.implicit[0]
            # Quoted text is a string, and so is plain text whose first character no
            # implicit type (number, bool, null, date) can start with: most of a budget
            # file (Korean names, ids). Skipping the resolver halves the time per value.
            if tag == "!" or not plain or (text and text[0] not in _IMPLICIT_FIRST):
                return text
            tag = self.loader.resolve(yaml.ScalarNode, text, event.implicit)
        if tag == _TAG + "str":
            return text
        # Python refuses int() of over 4,300 digits; such a number stays text and the
        # field's validator calls it out of range instead of crashing.
        if tag == _TAG + "int" and len(text) < 100 and _INT.fullmatch(text):
            return int(text.replace("_", ""))
        if tag == _TAG + "float" and _FLOAT.fullmatch(text):
            try:
                return Decimal(text.replace("_", ""))
            except InvalidOperation:
                return text
        if tag == _TAG + "bool":
            return text.lower() in _TRUE
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "merge":
            return _MERGE
        if tag in (_TAG + "int", _TAG + "float", _TAG + "timestamp"):
            # Octal, hex, sexagesimal, .inf, dates: keep the text as written; the field's
            # own validator then says what it expected instead of us guessing.
            return text
        self.bad_tag(tag, mark)
        return text

    def bad_tag(self, tag: str, mark: int) -> None:
        self.problem(
            "yaml-tag",
            f"the tag {tag.replace(_TAG, '!!')} is not allowed; budget files hold plain data only",
            mark,
            hint="remove the tag; gangso never constructs objects from YAML tags",
        )

    def document(self) -> None:
        """Build the single document of the stream into ``doc``."""
        self.loader.get_event()  # StreamStart
        if isinstance(self.loader.peek_event(), yaml.StreamEndEvent):
            self.problem(
                "empty-file",
                "the file is empty",
                _pack(1, 1),
                hint="start from `gangso init ZONE -o FILE` (a region file), or "
                "`gangso data YEAR -o FILE` (a national budget)",
            )
            return
        self.loader.get_event()  # DocumentStart
        data, locs, _ = self.build(0)
        self.loader.get_event()  # DocumentEnd
        following = self.loader.get_event()
        if not isinstance(following, yaml.StreamEndEvent):
            self.problem(
                "yaml-syntax",
                "the file holds more than one YAML document (---)",
                _event_mark(following),
                hint="keep one budget per file",
            )
            return
        if data is None:  # "~", "null" or a bare anchor: parsed, but holds nothing
            self.problem("empty-file", "the file holds no data (null)", _pack(1, 1))
            return
        self.doc.data, self.doc._locs = data, locs


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic collector: building ~10^6 small objects otherwise triggers it
    thousands of times for nothing (it tripled the load time of a 100k-line file)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def build_document(doc: YamlDocument, text: str) -> None:
    """Build ``text``'s single document into ``doc``: its data and locations, or
    diagnostics saying why there are none.

    Raises:
        yaml.YAMLError: the text is not valid YAML (the caller words the diagnostic, with
            the text at hand to find what was left open).
    """
    with _gc_paused():
        loader = _Loader(text)
        try:
            _Builder(doc, loader).document()
        except _Abort as abort:
            doc.diagnostics.append(abort.diagnostic)
            doc.data = None
        finally:
            loader.dispose()
