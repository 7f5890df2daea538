"""`gangso diff`: what changed between two budgets."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from gangso_cli.cli.app import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    Unit,
    UnitOption,
    ZonesOption,
    app,
    evaluate_file,
    registry_or_exit,
    resolve_budget,
)
from gangso_cli.cli.output import (
    consoles,
    emit,
    print_diagnostics,
    say,
    set_exit_code,
    show,
)

if TYPE_CHECKING:
    from gangso_cli.core.diagnostics import Diagnostic
    from gangso_cli.core.registry import Zone
    from gangso_cli.core.table import ViewTable
    from gangso_cli.plan.evaluate import Evaluation


class DiffFormat(enum.StrEnum):
    """Output formats of ``gangso diff``."""

    text = "text"
    json = "json"
    csv = "csv"


@app.command()
def diff(
    old: Annotated[
        str, typer.Argument(metavar="OLD", help="The earlier budget: a file, or a year (bundled).")
    ],
    new: Annotated[
        str, typer.Argument(metavar="NEW", help="The revised budget: a file, or a year (bundled).")
    ],
    zones: ZonesOption = None,
    output_format: Annotated[
        DiffFormat,
        typer.Option("--format", "-f", metavar="FORMAT", help="text, json or csv (to stdout)."),
    ] = DiffFormat.text,
    unit: UnitOption = Unit.baekman,
    changes: Annotated[
        list[Path] | None,
        typer.Option(
            "--changes",
            metavar="FILE",
            readable=False,
            help="Also list these budget changes (and NEW's own changes: section) with "
            "their class and status.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Show what changed between two budgets, line by line and fund by fund, in won.

    Allocates both and lists every line whose amount changed (added, removed, changed),
    the envelopes and year settings that changed, and the totals. Like diff(1): exits 0
    when the allocations are identical, 1 when they differ, 2 on errors.

    Example: gangso diff 2020 budget_2020_revised.yaml
    """
    from gangso_cli.core.diagnostics import has_errors
    from gangso_cli.core.yamlsource import is_unreadable
    from gangso_cli.plan.diff import diff_budgets

    out, err = consoles()
    registry = registry_or_exit(zones)
    sources = [resolve_budget(ref, name) for ref, name in ((old, "OLD"), (new, "NEW"))]
    evaluations = [evaluate_file(path, name, registry) for path, name in sources]
    for evaluation in evaluations:
        if not evaluation.usable:
            print_diagnostics(evaluation.diagnostics, err)
            say(err, f"{evaluation.budget.doc.file}:", "cannot compare; fix the errors above")
            raise typer.Exit(EXIT_USAGE)
    for evaluation in evaluations:
        failed = [r.check.id for r in evaluation.results if not r.passed]
        if failed:
            file = evaluation.budget.doc.file
            say(err, "warning:", f"{file} fails checks: {', '.join(failed)}", "yellow")
    (a, b) = evaluations
    assert a.budget.model is not None
    assert b.budget.model is not None
    assert a.allocation is not None
    assert b.allocation is not None
    result = diff_budgets(a.budget.model, a.allocation, b.budget.model, b.allocation)
    known = registry.model.by_id() if registry.model else {}
    listed = _changes(b, changes or [], known)
    code = EXIT_OK if result.identical and not has_errors(listed[1]) else EXIT_INVALID
    if is_unreadable(listed[1]):  # a --changes file that cannot be read: diff(1)'s 2
        code = EXIT_USAGE
    set_exit_code(code)
    if output_format is DiffFormat.json:
        from gangso_cli.render.diff_report import diff_json

        emit(diff_json(result, a.budget.doc.file, b.budget.doc.file, listed[0]))
    elif output_format is DiffFormat.csv:
        from gangso_cli.render.diff_report import diff_csv

        emit(diff_csv(result, known))
    else:
        from gangso_cli.core.money import parse_unit
        from gangso_cli.render.diff_tables import diff_tables

        display = parse_unit(unit.value)
        if result.identical and not result.settings:
            out.print("the allocations are identical")
        else:
            for table in diff_tables(result, display, known):
                show(out, err, table)
        if listed[0] is not None:
            from gangso_cli.render.terminal import short_names, view_table

            show(out, err, view_table(short_names(listed[0]), display))
    print_diagnostics(listed[1], err)
    raise typer.Exit(code)


def _changes(
    new: Evaluation, paths: list[Path], known: dict[str, Zone]
) -> tuple[ViewTable | None, list[Diagnostic]]:
    """NEW's budget changes (its own section and --changes files), as a table, and the
    problems found in them."""
    from gangso_cli.plan.changes import change_sources, resolve_planned
    from gangso_cli.plan.views import changes_view

    assert new.allocation is not None
    assert new.budget.model is not None
    sources, problems = change_sources(new.budget, paths)
    resolution = resolve_planned(new.budget.model, new.allocation, sources)
    problems.extend(resolution.diagnostics)
    if not resolution.changes:
        return None, problems
    return changes_view(resolution.changes, new.budget.model, known), problems
