"""`gangso allocate` and `gangso zones`: the allocation and the registry on screen."""

from __future__ import annotations

from typing import Annotated

import typer

from gangso_cli.cli.app import (
    EXIT_INVALID,
    EXIT_USAGE,
    BudgetOption,
    StrictOption,
    Unit,
    UnitOption,
    YearOption,
    ZoneOption,
    ZonesOption,
    app,
    budget_or_year,
    evaluated,
    exit_code_for,
    resolve_zones,
)
from gangso_cli.cli.output import (
    consoles,
    print_diagnostics,
    set_exit_code,
    show,
)

BudgetArgument = Annotated[
    str | None,
    typer.Argument(
        metavar="BUDGET",
        help="A budget file, national or one region's, or a year for the bundled national "
        "budget. Default: the latest bundled budget.",
        show_default=False,
    ),
]


@app.command()
def allocate(
    budget: BudgetArgument = None,
    zones: ZonesOption = None,
    zone: ZoneOption = None,
    unit: UnitOption = Unit.baekman,
    year: YearOption = None,
    national: BudgetOption = None,
    chart: Annotated[
        bool, typer.Option("--chart", help="Also draw each zone's split across the stages.")
    ] = False,
    strict: StrictOption = False,
) -> None:
    """Split each zone's budget across its stages and check every figure.

    Prints (1) zones × stages with national, local and total; (2) each zone's envelope
    and local match; (3) every check, pass, warning or fail, with the difference in won.
    Exits 1 when any check fails (the tables still print), 2 when a file cannot be read.

    Example: gangso allocate region-gimhae.yaml --budget 2020 --unit 천원
    """
    from dataclasses import replace

    from gangso_cli.core.money import parse_unit
    from gangso_cli.plan.views import build_view
    from gangso_cli.render.terminal import checks_table, stage_chart, view_table

    evaluation, out, err = evaluated(budget_or_year(budget, year), zones, national)
    allocation = evaluation.allocation
    assert allocation is not None
    assert evaluation.budget.model is not None
    registry = evaluation.registry.model
    known = registry.by_id() if registry else {}
    chosen = resolve_zones(zone, evaluation)
    if chosen is not None:
        allocation = replace(
            allocation, zones=tuple(z for z in allocation.zones if z.zone in chosen)
        )
    code = exit_code_for(evaluation.diagnostics, strict)
    set_exit_code(code)
    display = parse_unit(unit.value)
    for name in ("stages", "zones"):
        show(
            out,
            err,
            view_table(build_view(name, evaluation.budget.model, allocation, known), display),
        )
    if chart:
        from gangso_cli.plan.mix import stage_mix

        show(out, err, stage_chart(stage_mix(allocation), known))
    show(out, err, checks_table(evaluation.results))
    print_diagnostics(evaluation.diagnostics, err)
    raise typer.Exit(code)


@app.command("zones")
def zones_command(
    zones: ZonesOption = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year", "-y", metavar="YEAR", help="Mark the zones funded in this budget year."
        ),
    ] = None,
) -> None:
    """List the zones of the registry: names, institutions, specialisation, designation.

    Example: gangso zones --year 2021
    """
    from gangso_cli.core.loader import load_registry
    from gangso_cli.core.yamlsource import is_unreadable
    from gangso_cli.render.terminal import ZONE_COLUMNS_DROP_ORDER, min_width, zones_table

    out, err = consoles()
    loaded = load_registry(zones)
    print_diagnostics(loaded.diagnostics, err)
    if loaded.model is None:
        raise typer.Exit(EXIT_USAGE if is_unreadable(loaded.diagnostics) else EXIT_INVALID)
    # A narrow terminal loses whole text columns, never the ends of ids and names.
    omit: list[str] = []
    table = zones_table(loaded.model, year)
    for name in ZONE_COLUMNS_DROP_ORDER:
        if min_width(out, table) <= out.width:
            break
        omit.append(name)
        table = zones_table(loaded.model, year, omit)
    if omit:
        err.print(
            f"note: {out.width} columns leave out {', '.join(omit)}; widen the terminal "
            "to see them",
            soft_wrap=True,
            markup=False,
            emoji=False,
        )
    show(out, err, table)
