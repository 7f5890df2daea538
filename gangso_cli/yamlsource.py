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

from gangso_cli.diagnostics import Diagnostic, Path, Severity, SourceLocation

__all__ = [
    "MAX_ALIAS_NODES",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "UNREADABLE",
    "YamlDocument",
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

_TAG = "tag:yaml.org,2002:"
_INT = re.compile(r"[-+]?[0-9][0-9_]*")
_FLOAT = re.compile(r"[-+]?(?:[0-9][0-9_]*)?\.?[0-9_]*(?:[eE][-+]?[0-9]+)?")
_TRUE = {"yes", "true", "on", "y"}

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def libyaml_available() -> bool:
    """Whether PyYAML was built with libyaml, so parsing runs in C (about 15× faster)."""
    return _Loader is not yaml.SafeLoader


@dataclass
class YamlDocument:
    """A parsed YAML file: its plain data and where each value and key stood.

    ``data`` is None when the file could not be parsed; ``diagnostics`` then says why.
    """

    file: str
    data: Any = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    _values: dict[Path, tuple[int, int]] = field(default_factory=dict, repr=False)
    _keys: dict[Path, tuple[int, int]] = field(default_factory=dict, repr=False)

    def locate(self, path: Path, *, key: bool = False) -> SourceLocation:
        """Where the value at ``path`` is (or its key, with ``key=True``).

        A path that is not in the file (a missing field) falls back to the nearest
        enclosing value that is, so every problem still points somewhere useful.
        """
        marks = self._keys if key else self._values
        if path in marks:
            line, col = marks[path]
            return SourceLocation(self.file, line, col)
        if key and path in self._values:
            return self.locate(path)
        while path:
            path = path[:-1]
            if path in self._values:
                line, col = self._values[path]
                return SourceLocation(self.file, line, col)
        return SourceLocation(self.file, 1, 1)

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


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    """Turns a composed node graph into plain values, recording every location."""

    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc
        self.seen: set[int] = set()
        self.alias_depth = 0
        self.alias_nodes = 0

    def here(self, node: yaml.Node) -> SourceLocation:
        line, col = _mark(node)
        return SourceLocation(self.doc.file, line, col)

    def build(self, node: yaml.Node, path: Path, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise _Abort(
                Diagnostic(
                    "yaml-too-deep",
                    f"the document nests deeper than {MAX_DEPTH} levels",
                    self.here(node),
                    hint="a budget file needs only a few levels; check the indentation",
                )
            )
        self.doc._values[path] = _mark(node)
        # A node met a second time is an alias: count what its expansion adds.
        is_alias = id(node) in self.seen
        self.seen.add(id(node))
        if is_alias:
            self.alias_depth += 1
        if self.alias_depth:
            self.alias_nodes += 1
            if self.alias_nodes > MAX_ALIAS_NODES:
                raise _Abort(
                    Diagnostic(
                        "yaml-alias-bomb",
                        f"anchors and aliases expand this document past {MAX_ALIAS_NODES:,} "
                        "values; refusing to expand it",
                        self.here(node),
                        hint="write the values out, or reuse an anchor only a few times",
                    )
                )
        try:
            if isinstance(node, yaml.MappingNode):
                return self.mapping(node, path, depth)
            if isinstance(node, yaml.SequenceNode):
                if node.tag != _TAG + "seq":
                    self.bad_tag(node, path)
                return [
                    self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)
                ]
            assert isinstance(node, yaml.ScalarNode)
            return self.scalar(node, path)
        finally:
            if is_alias:
                self.alias_depth -= 1

    def mapping(self, node: yaml.MappingNode, path: Path, depth: int) -> dict[str, Any]:
        if node.tag != _TAG + "map":
            self.bad_tag(node, path)
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                self.doc.diagnostics.append(
                    Diagnostic(
                        "yaml-merge-key",
                        "merge keys (<<) are not supported in budget files",
                        self.here(key_node),
                        hint="write the keys out in full so every value has one place",
                    )
                )
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.doc.diagnostics.append(
                    Diagnostic(
                        "yaml-complex-key",
                        "a mapping key must be plain text, not a list or mapping",
                        self.here(key_node),
                    )
                )
                continue
            key = str(key_node.value)
            key_path = (*path, key)
            if key in result:
                self.doc.diagnostics.append(
                    Diagnostic(
                        "duplicate-key",
                        f"key {key!r} appears twice in this mapping: first at line "
                        f"{first_line[key]}, again at line {_mark(key_node)[0]}",
                        self.here(key_node),
                        hint="YAML would silently keep only one of them; merge or rename them",
                        path=key_path,
                    )
                )
                continue
            first_line[key] = _mark(key_node)[0]
            self.doc._keys[key_path] = _mark(key_node)
            result[key] = self.build(value_node, key_path, depth + 1)
            if not isinstance(value_node, yaml.ScalarNode):
                # A block under a key starts on the next line; people look for the key.
                self.doc._values[key_path] = self.doc._keys[key_path]
        return result

    def scalar(self, node: yaml.ScalarNode, path: Path) -> Any:
        tag, text = node.tag, node.value
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
        if tag in (_TAG + "int", _TAG + "float", _TAG + "timestamp"):
            # Octal, hex, sexagesimal, .inf, dates: keep the text as written; the field's
            # own validator then says what it expected instead of us guessing.
            return text
        self.bad_tag(node, path)
        return text

    def bad_tag(self, node: yaml.Node, path: Path) -> None:
        tag = node.tag.replace(_TAG, "!!")
        self.doc.diagnostics.append(
            Diagnostic(
                "yaml-tag",
                f"the tag {tag} is not allowed; budget files hold plain data only",
                self.here(node),
                hint="remove the tag; gangso never constructs objects from YAML tags",
                path=path,
            )
        )


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


def _syntax_error(file: str, exc: yaml.YAMLError) -> Diagnostic:
    mark = getattr(exc, "problem_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    hint = None
    if "tab" in problem or "\t" in problem:
        hint = "YAML indentation must use spaces, not tabs"
    elif isinstance(exc, yaml.reader.ReaderError):
        hint = "the file holds control characters or binary data, not YAML text"
    return Diagnostic("yaml-syntax", message, SourceLocation(file, line, col), hint=hint)


def parse_yaml(text: str, file: str) -> YamlDocument:
    """Parse YAML text into a :class:`YamlDocument`; problems become diagnostics."""
    doc = YamlDocument(file)
    with _gc_paused():
        try:
            node = yaml.compose(text, Loader=_Loader)
        except yaml.YAMLError as exc:
            doc.diagnostics.append(_syntax_error(file, exc))
            return doc
        except RecursionError:  # pragma: no cover - libyaml bounds nesting itself
            doc.diagnostics.append(
                Diagnostic("yaml-too-deep", "the document nests too deeply", SourceLocation(file))
            )
            return doc
        if node is None:
            doc.diagnostics.append(
                Diagnostic(
                    "empty-file",
                    "the file is empty",
                    SourceLocation(file, 1, 1),
                    hint="start from `gangso init ZONE` or the bundled data/budget_2020.yaml",
                )
            )
            return doc
        try:
            doc.data = _Builder(doc).build(node, (), 0)
        except _Abort as abort:
            doc.diagnostics.append(abort.diagnostic)
            doc.data = None
        else:
            if doc.data is None:  # "~", "null" or a bare anchor: parsed, but holds nothing
                doc.diagnostics.append(
                    Diagnostic(
                        "empty-file", "the file holds no data (null)", SourceLocation(file, 1, 1)
                    )
                )
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
    text = _decode(raw, file, doc)
    if text is None:
        return doc
    parsed = parse_yaml(text, file)
    parsed.diagnostics[:0] = doc.diagnostics  # encoding warnings first
    return parsed
