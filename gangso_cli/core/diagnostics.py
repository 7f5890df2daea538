"""Problems found in input files, as values that carry where they are.

Nothing in gangso raises on bad input: loaders and checks return lists of
:class:`Diagnostic`, and the CLI formats them all at once and picks the exit code.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

__all__ = ["Diagnostic", "Path", "Severity", "SourceLocation", "close_matches", "has_errors"]

#: Where a value sits inside a document: mapping keys and list indices from the root.
Path = tuple[str | int, ...]


class Severity(enum.StrEnum):
    """How bad a problem is: errors fail a run (exit 1), warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class SourceLocation:
    """A place in a file; ``line`` and ``column`` count from 1, as editors do.

    A ledger row has no column (``ledger.csv:12``); a workbook's row names its sheet
    (``ledger.xlsx:집행내역:12``).
    """

    file: str
    line: int = 0
    column: int = 0
    sheet: str = ""

    def __str__(self) -> str:
        file = f"{self.file}:{self.sheet}" if self.sheet else self.file
        if self.line <= 0:
            return file
        return f"{file}:{self.line}:{self.column}" if self.column > 0 else f"{file}:{self.line}"


@dataclass(frozen=True)
class Diagnostic:
    """One problem: what is wrong, where, which check found it, and how to fix it.

    Attributes:
        check: a stable id (``zone-national-sum``, ``yaml-syntax``…), documented in the README.
        message: what is wrong, in one sentence.
        location: the file, line and column of the offending value.
        hint: how to fix it, when there is something useful to say.
        difference: for sum checks, the difference in won (actual minus expected).
        path: the value's path inside the document, for tools.
    """

    check: str
    message: str
    location: SourceLocation
    hint: str | None = None
    severity: Severity = Severity.ERROR
    difference: int | None = None
    path: Path = field(default=())

    def __str__(self) -> str:
        text = f"{self.location}: {self.severity}[{self.check}] {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    """True when any diagnostic is an error (warnings alone do not fail a run)."""
    return any(d.severity is Severity.ERROR for d in diagnostics)


def close_matches(word: str, choices: list[str], n: int = 1) -> list[str]:
    """Near matches for a did-you-mean hint; difflib loads only when a name is wrong (it
    is slow to import, and most runs never need it).

    Hangul is compared letter by letter (NFD: 김헤 is ㄱㅣㅁㅎㅔ), so one wrong vowel in a
    two-syllable name is as near as one wrong letter in an ASCII id."""
    import difflib
    import unicodedata

    decomposed = {unicodedata.normalize("NFD", choice): choice for choice in choices}
    found = difflib.get_close_matches(unicodedata.normalize("NFD", word), list(decomposed), n=n)
    return [decomposed[match] for match in found]
