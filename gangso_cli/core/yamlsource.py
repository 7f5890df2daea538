"""Read a YAML file into plain values *and* the line and column of every value.

One pass: bytes → text (UTF-8, or CP949 with a warning) → ``yaml.compose`` with
libyaml's C parser when PyYAML has it → our own node builder. The builder is where
YAML's traps are closed:

- duplicate keys are errors naming both lines (PyYAML silently keeps the last);
- only plain data tags are allowed: ``!!python/...`` and friends are refused, never run;
- aliases may not expand past a bound ("billion laughs"), nesting is bounded;
- numbers become ``int`` or ``Decimal`` from their source text, never ``float``;
- dates and times stay the strings that were written.
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

from gangso_cli.core.diagnostics import Diagnostic, Path, Severity, SourceLocation

__all__ = [
    "MAX_ALIAS_NODES",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "PLACEHOLDER",
    "UNREADABLE",
    "YamlDocument",
    "is_unreadable",
    "libyaml_available",
    "parse_yaml",
    "read_yaml_file",
]

#: Files larger than this are refused before they are read (a 100k-line budget is 13 MB).
MAX_FILE_BYTES = 32 * 1024 * 1024
#: Deeper than any budget needs; keeps recursion far from Python's limit.
MAX_DEPTH = 64
#: Nodes that alias expansion may add; real files reuse a rule set a few times at most.
MAX_ALIAS_NODES = 100_000

#: The check id of a file that cannot be read at all (missing, a directory, no permission):
#: the CLI exits 2 for it, as for a usage error, rather than 1 for bad data.
UNREADABLE = "file-unreadable"


def is_unreadable(diagnostics: list[Diagnostic]) -> bool:
    """True when a file could not be read at all (missing, a directory, permission)."""
    return any(d.check == UNREADABLE for d in diagnostics)


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


#: What a parser context left open, in the words of the file.
_OPENERS = {"flow sequence": "[", "flow mapping": "{", "quoted scalar": "quote"}
_CLOSERS = {"[": "]", "{": "}", "quote": "closing quote"}


def _last_unclosed(text: str) -> tuple[str, int, int] | None:
    """The last [ or { of ``text`` left open (quotes and comments skipped): its sign, and
    its line and column from 0."""
    stack: list[tuple[str, int, int]] = []
    quote: str | None = None
    for number, line in enumerate(text.split("\n")):
        for column, char in enumerate(line):
            if quote is not None:
                if char == quote:
                    quote = None
            elif char in "'\"":
                quote = char
            elif char == "#" and (column == 0 or line[column - 1] in " \t"):
                break
            elif char in "[{":
                stack.append((char, number, column))
            elif char in "]}" and stack:
                stack.pop()
    return stack[-1] if stack else None


def _syntax_error(file: str, exc: yaml.YAMLError, text: str = "") -> Diagnostic:
    mark = getattr(exc, "problem_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None) or ""
    context_mark = getattr(exc, "context_mark", None)
    opened = (context_mark.line, context_mark.column) if context_mark is not None else None
    opener = next((sign for name, sign in _OPENERS.items() if name in context), None)
    if "flow node" in context and mark is not None:
        # "zones: [" at the end of a file: libyaml names no opener, so find it.
        lines = text.split("\n")[: mark.line + 1]
        lines[-1] = lines[-1][: mark.column] if lines else ""
        found = _last_unclosed("\n".join(lines))
        if found is not None:
            opener, opened = found[0], (found[1], found[2])
    if opener is not None and opened is not None:
        # The parser notices an unclosed [ { or quote only where the file ends or the
        # next key starts; the mistake is where it was opened, so point there.
        noticed = f"line {line}" if line else "the end of the file"
        return Diagnostic(
            "yaml-syntax",
            f"YAML syntax error: this {opener} is never closed (the parser noticed at "
            f"{noticed}: {problem})",
            SourceLocation(file, opened[0] + 1, opened[1] + 1),
            hint=f"add the {_CLOSERS[opener]}, and check the commas and quotes inside",
        )
    message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    hint = None
    if "tab" in problem or "\t" in problem:
        hint = "YAML indentation must use spaces, not tabs"
    elif isinstance(exc, yaml.reader.ReaderError):
        hint = "the file holds control characters or binary data, not YAML text"
    return Diagnostic("yaml-syntax", message, SourceLocation(file, line, col), hint=hint)


#: The check id of a file in another format (a workbook, a CSV export).
NOT_YAML = "not-yaml"

#: The marker `gangso init` writes beside an envelope it had to make up.
PLACEHOLDER = "PLACEHOLDER"


def parse_yaml(text: str, file: str) -> YamlDocument:
    """Parse YAML text into a :class:`YamlDocument`; problems become diagnostics."""
    doc = YamlDocument(file)
    if PLACEHOLDER in text:  # comments are not in the event stream: find the marks here
        doc.placeholder_lines = frozenset(
            number
            for number, line in enumerate(text.splitlines(), start=1)
            if "#" in line and PLACEHOLDER in line.partition("#")[2]
        )
    with _gc_paused():
        loader = _Loader(text)
        try:
            _Builder(doc, loader).document()
        except yaml.YAMLError as exc:
            doc.diagnostics.append(_syntax_error(file, exc, text))
            doc.data = None
        except _Abort as abort:
            doc.diagnostics.append(abort.diagnostic)
            doc.data = None
        finally:
            loader.dispose()
    return doc


def _decode(raw: bytes, file: str, doc: YamlDocument) -> str | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # Excel and Notepad add a BOM; it is not part of the text
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
        else:
            doc.diagnostics.append(
                Diagnostic(
                    "encoding",
                    "the file is UTF-16; read it as such",
                    SourceLocation(file, 1, 1),
                    hint="save it as UTF-8 so every tool reads it the same way",
                    severity=Severity.WARNING,
                )
            )
            return text
    if b"\x00" in raw:
        offset = raw.index(b"\x00")
        line = raw.count(b"\n", 0, offset) + 1
        doc.diagnostics.append(
            Diagnostic(
                "encoding",
                "the file holds binary data (a NUL byte), not YAML text",
                SourceLocation(file, line, 1),
                hint="check that this is the budget file you meant",
            )
        )
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            text = raw.decode("cp949")
        except UnicodeDecodeError:
            line = raw.count(b"\n", 0, utf8_error.start) + 1
            col = utf8_error.start - (raw.rfind(b"\n", 0, utf8_error.start) + 1) + 1
            doc.diagnostics.append(
                Diagnostic(
                    "encoding",
                    f"the file is not UTF-8 (byte 0x{raw[utf8_error.start]:02x} cannot be "
                    "decoded), nor CP949/EUC-KR",
                    SourceLocation(file, line, col),
                    hint="save the file as UTF-8",
                )
            )
            return None
        doc.diagnostics.append(
            Diagnostic(
                "encoding",
                "the file is CP949/EUC-KR (Korean Windows), not UTF-8; read it as CP949",
                SourceLocation(file, 1, 1),
                hint=f"convert it once: iconv -f cp949 -t utf-8 {file} > utf8.yaml",
                severity=Severity.WARNING,
            )
        )
        return text


def _other_format(raw: bytes, text: str | None, file: str) -> tuple[str, str] | None:
    """What people pass by mistake instead of YAML, as (message, hint): a workbook, or a
    CSV export (named .csv, or first lines that are rows of the same two or more commas
    with no YAML key in the header)."""
    if raw.startswith(b"PK\x03\x04"):
        return (
            "this is an Excel workbook (or another zip file), not a YAML budget file",
            "gangso reads budgets as YAML text; `gangso export` writes workbooks",
        )
    if text is None:
        return None
    lines = text.splitlines()[:2]
    commas = lines[0].count(",") if lines else 0
    rows = len(lines) == 2 and ":" not in lines[0] and commas >= 2
    if file.lower().endswith(".csv") or (rows and lines[1].count(",") == commas):
        return (
            "this looks like CSV (comma-separated values), not a YAML budget file",
            "budgets are YAML: start one with `gangso init ZONE -o FILE`",
        )
    return None


def read_yaml_file(
    path: str | os.PathLike[str], *, display_name: str | None = None
) -> YamlDocument:
    """Read and parse a YAML file; every problem, down to a missing file, is a diagnostic."""
    file = display_name or os.fspath(path)
    doc = YamlDocument(file)
    try:
        size = os.stat(path).st_size
        if os.path.isdir(path):
            raise IsADirectoryError(path)
        if size > MAX_FILE_BYTES:
            doc.diagnostics.append(
                Diagnostic(
                    "file-too-large",
                    f"the file is {size / 2**20:.1f} MiB; gangso reads budget files of up to "
                    f"{MAX_FILE_BYTES // 2**20} MiB",
                    SourceLocation(file),
                    hint="split it into one file per region and validate them together",
                )
            )
            return doc
        with open(path, "rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        doc.diagnostics.append(
            Diagnostic(UNREADABLE, "no such file", SourceLocation(file), hint="check the path")
        )
        return doc
    except IsADirectoryError:
        doc.diagnostics.append(
            Diagnostic(UNREADABLE, "this is a directory, not a file", SourceLocation(file))
        )
        return doc
    except OSError as exc:
        doc.diagnostics.append(
            Diagnostic(UNREADABLE, f"cannot read the file: {exc.strerror}", SourceLocation(file))
        )
        return doc
    text = None if raw.startswith(b"PK\x03\x04") else _decode(raw, file, doc)
    foreign = _other_format(raw, text, file)
    if foreign is not None:
        doc.diagnostics.append(
            Diagnostic(NOT_YAML, foreign[0], SourceLocation(file, 1, 1), hint=foreign[1])
        )
        return doc
    if text is None:
        return doc
    parsed = parse_yaml(text, file)
    parsed.diagnostics[:0] = doc.diagnostics  # encoding warnings first
    return parsed
