"""Validation reports for machines: JSON for tools, GitHub Actions annotations for PRs.

The JSON shape is a documented contract (README, "validate --format json"); bump
``SCHEMA`` on any incompatible change.
"""

from __future__ import annotations

import json
from typing import Any

from gangso_cli.core.diagnostics import Diagnostic, Severity
from gangso_cli.plan.validate import ValidationReport

__all__ = [
    "SCHEMA",
    "count_of",
    "diagnostic_dict",
    "github_annotations",
    "report_json",
    "summary_line",
]

SCHEMA = "gangso-validate/1"


def diagnostic_dict(diagnostic: Diagnostic) -> dict[str, Any]:
    """A diagnostic as plain JSON-ready data."""
    return {
        "file": diagnostic.location.file,
        "line": diagnostic.location.line,
        "column": diagnostic.location.column,
        "severity": str(diagnostic.severity),
        "check": diagnostic.check,
        "message": diagnostic.message,
        "hint": diagnostic.hint,
        "difference": diagnostic.difference,
        "path": list(diagnostic.path),
    }


def report_json(report: ValidationReport) -> str:
    """The whole report as indented JSON (UTF-8 text, Korean kept as is)."""
    errors = sum(f.errors for f in report.files)
    warnings = sum(f.warnings for f in report.files)
    data = {
        "schema": SCHEMA,
        "valid": report.exit_code == 0,
        "exit_code": report.exit_code,
        "strict": report.strict,
        "summary": {
            "files": len(report.files),
            "checked": len(report.checked),
            "errors": errors,
            "warnings": warnings,
        },
        "files": [
            {
                "file": f.file,
                "kind": f.kind,
                "valid": f.valid,
                "loaded": f.loaded,
                "reference": f.reference,
                "errors": f.errors,
                "warnings": f.warnings,
                "diagnostics": [diagnostic_dict(d) for d in f.diagnostics],
            }
            for f in report.files
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def count_of(number: int, word: str, plural: str | None = None) -> str:
    """``1 error``, ``2 errors``: a count with its noun in the right number."""
    return f"{number:,} {word if number == 1 else plural or word + 's'}"


def summary_line(report: ValidationReport) -> str:
    """One line for people: files checked, errors and warnings, and the verdict."""
    checked = len(report.checked)
    named = sum(not f.reference for f in report.files)
    errors = sum(f.errors for f in report.files)
    warnings = sum(f.warnings for f in report.files)
    text = f"{count_of(checked, 'file')} checked"
    if named > checked:
        text += f", {named - checked} could not be loaded"
    text += f": {count_of(errors, 'error')}, {count_of(warnings, 'warning')}"
    bad = sum(not f.valid for f in report.files)
    if bad:
        text += f" in {count_of(bad, 'file')}"
    if report.strict and warnings and not errors:
        text += " (--strict: warnings fail)"
    return text


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotations(report: ValidationReport) -> str:
    """One ``::error file=F,line=L,col=C,title=…::message`` line per diagnostic.

    GitHub Actions turns these into annotations on the pull request's changed lines.
    """
    lines = []
    for d in report.diagnostics:
        level = "error" if d.severity is Severity.ERROR else "warning"
        props = [f"file={_escape_property(d.location.file)}"]
        if d.location.line > 0:
            props += [f"line={d.location.line}", f"col={d.location.column}"]
        props.append(f"title={_escape_property(f'gangso {d.check}')}")
        message = d.message + (f" (hint: {d.hint})" if d.hint else "")
        lines.append(f"::{level} {','.join(props)}::{_escape_data(message)}")
    return "\n".join(lines)
