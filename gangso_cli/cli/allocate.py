"""`gangso allocate` and `gangso zones`: the allocation and the registry on screen."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gangso_cli.cli.app import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    Unit,
    UnitOption,
    ZonesOption,
    app,
    consoles,
    evaluated,
    fail_usage,
    print_diagnostics,
)


@app.command()
def allocate(
    budget: Annotated[
        Path | None,
        typer.Argument(
            help="Budget YAML, national or one region's. Default: bundled 2020 budget.",
            show_default=False,
        ),
    ] = None,
    zones: ZonesOption = None,
    zone: Annotated[
        list[str] | None,
        typer.Option(
            "--zone", "-z", help="Show only this zone id; repeat for more.", show_default=False
        ),
    ] = None,
    unit: UnitOption = Unit.baekman,
    chart: Annotated[
        bool, typer.Option("--chart", help="Also draw each zone's split across the stages.")
    ] = False,
) -> None:
    """Split each zone's budget across its stages and check every figure.

    Prints (1) zones × stages with national, local and total; (2) each zone's envelope
    and local match; (3) every check, pass or fail, with the difference in won. Exits 1
    when any check fails (the tables still print), 2 when a file cannot be read.

    Example: gangso allocate --zone gimhae --unit 천원
    """
    from dataclasses import replace

    from gangso_cli.diagnostics import has_errors
    from gangso_cli.money import parse_unit
    from gangso_cli.render.terminal import checks_table, stage_chart, view_table
    from gangso_cli.views import build_view

    evaluation, out, err = evaluated(budget, zones)
    allocation = evaluation.allocation
    assert allocation is not None
    assert evaluation.budget.model is not None
    registry = evaluation.registry.model
    known = registry.by_id() if registry else {}
    if zone:
        funded = [z.zone for z in allocation.zones]
        unknown = [z for z in zone if z not in funded]
        if unknown:
            fail_usage(
                f"--zone {', '.join(unknown)}: not in this budget; "
                f"choose from {', '.join(sorted(funded))}"
            )
        allocation = replace(allocation, zones=tuple(z for z in allocation.zones if z.zone in zone))
    display = parse_unit(unit.value)
    for name in ("stages", "zones"):
        out.print(view_table(build_view(name, evaluation.budget.model, allocation, known), display))
    if chart:
        out.print(stage_chart(allocation, known))
    out.print(checks_table(evaluation.results))
    print_diagnostics(evaluation.diagnostics, err)
    raise typer.Exit(EXIT_INVALID if has_errors(evaluation.diagnostics) else EXIT_OK)


@app.command("zones")
def zones_command(
    zones: ZonesOption = None,
    year: Annotated[
        int | None,
        typer.Option("--year", "-y", help="Mark the zones funded in this budget year."),
    ] = None,
) -> None:
    """List the zones of the registry: names, institutions, specialisation, designation.

    Example: gangso zones --year 2021
    """
    from gangso_cli.loader import load_registry
    from gangso_cli.render.terminal import zones_table
    from gangso_cli.yamlsource import is_unreadable

    out, err = consoles()
    loaded = load_registry(zones)
    print_diagnostics(loaded.diagnostics, err)
    if loaded.model is None:
        raise typer.Exit(EXIT_USAGE if is_unreadable(loaded.diagnostics) else EXIT_INVALID)
    out.print(zones_table(loaded.model, year))
