"""Read a YAML file into plain values *and* the line and column of every value.

One pass: bytes → text (UTF-8, or CP949 with a warning) → libyaml's C parser when PyYAML
has it → the event builder of :mod:`gangso_cli.core.yamlbuild`, which closes YAML's
traps (duplicate keys, tags, alias bombs, floats). This module owns what comes before
and around it: files that cannot be read, encodings, other formats passed by mistake,
and syntax errors said where the mistake is.
"""

from __future__ import annotations

import os

import yaml

from gangso_cli.core.diagnostics import Diagnostic, Severity, SourceLocation
from gangso_cli.core.yamlbuild import (
    MAX_ALIAS_NODES,
    MAX_DEPTH,
    YamlDocument,
    build_document,
    libyaml_available,
)

__all__ = [
    "MAX_ALIAS_NODES",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "NOT_YAML",
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

#: The check id of a file that cannot be read at all (missing, a directory, no permission):
#: the CLI exits 2 for it, as for a usage error, rather than 1 for bad data.
UNREADABLE = "file-unreadable"


def is_unreadable(diagnostics: list[Diagnostic]) -> bool:
    """True when a file could not be read at all (missing, a directory, permission)."""
    return any(d.check == UNREADABLE for d in diagnostics)


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


def _full_width_colon(
    file: str, text: str, at: tuple[int, int] | None, noticed: int
) -> Diagnostic | None:
    """A key written with a Korean IME's full-width colon (``zone： gimhae``): YAML reads
    the line as a key with no ':' and complains a line later (``noticed``, from 0; ``at``
    the key it was reading, when it says); point at the colon."""
    lines = text.split("\n")
    for number in (at[0],) if at is not None else (noticed, noticed - 1):
        line = lines[number] if 0 <= number < len(lines) else ""
        column = line.find("：")
        if column < 0 or ":" in line[:column]:
            continue
        key, value = line[:column].strip(), line[column + 1 :].strip()
        return Diagnostic(
            "yaml-syntax",
            "YAML syntax error: a full-width colon '：' where YAML needs ':' after a key",
            SourceLocation(file, number + 1, column + 1),
            hint=f"write the ASCII colon: {key}: {value}",
        )
    return None


def _syntax_error(file: str, exc: yaml.YAMLError, text: str = "") -> Diagnostic:
    mark = getattr(exc, "problem_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None) or ""
    context_mark = getattr(exc, "context_mark", None)
    opened = (context_mark.line, context_mark.column) if context_mark is not None else None
    opener = next((sign for name, sign in _OPENERS.items() if name in context), None)
    wide = _full_width_colon(file, text, opened, line - 1)
    if wide is not None:
        return wide
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
    try:
        build_document(doc, text)
    except yaml.YAMLError as exc:
        doc.diagnostics.append(_syntax_error(file, exc, text))
        doc.data = None
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
