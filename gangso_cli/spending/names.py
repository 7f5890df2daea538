"""Line names as the systems spell them: 세부사업 matched without spaces or middle dots
(``의료기기 기술이전·사업화`` = ``의료기기기술이전 사업화``), and a small YAML map for the
names no spelling rule reaches (ledger name → the budget's line)."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable

from gangso_cli.core.diagnostics import Diagnostic, close_matches

__all__ = ["line_key", "read_lines_map"]

_DROP = str.maketrans("", "", "·ㆍ・‧•∙⋅ \t\u00a0\u3000")


def line_key(name: object) -> str:
    """A line's name as matching compares it: NFKC, no spaces, no middle dots, lowercase."""
    return unicodedata.normalize("NFKC", str(name or "")).translate(_DROP).lower()


def read_lines_map(
    path: str | os.PathLike[str], programs: Iterable[str]
) -> tuple[dict[str, str], list[Diagnostic]]:
    """A lines map: ``LEDGER NAME: BUDGET LINE`` lines, each budget line one of
    ``programs``; every other line is a located problem (with the nearest line named).

    Returns the map by :func:`line_key` of both sides, and the problems."""
    from gangso_cli.core.yamlsource import read_yaml_file

    doc = read_yaml_file(path)
    problems = list(doc.diagnostics)
    data = doc.data
    if problems:
        return {}, problems
    if not isinstance(data, dict):
        problems.append(doc.error("lines-map", "a lines map is LEDGER NAME: BUDGET LINE lines"))
        return {}, problems
    known = {line_key(p): p for p in programs}
    found: dict[str, str] = {}
    for ledger_name, line in data.items():
        if not isinstance(line, str) or not line.strip():
            problems.append(
                doc.error(
                    "lines-map", f"{ledger_name}: give the budget line as text", (str(ledger_name),)
                )
            )
            continue
        if line_key(line) not in known:
            close = close_matches(line, list(known.values()))
            problems.append(
                doc.error(
                    "lines-map",
                    f"{ledger_name}: {line!r} is not a line of the budget",
                    (str(ledger_name),),
                    hint=f"did you mean {close[0]!r}?"
                    if close
                    else "lines: " + ", ".join(sorted(known.values())),
                )
            )
            continue
        found[line_key(ledger_name)] = line_key(line)
    return found, problems
