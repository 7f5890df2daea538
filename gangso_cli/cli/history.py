"""`gangso history`: the programme over the bundled years, per zone and in total."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Annotated

import typer

from gangso_cli.cli.app import (
    EXIT_INVALID,
    EXIT_USAGE,
    ForceOption,
    StrictOption,
    Unit,
    UnitOption,
    ZoneOption,
    ZonesOption,
    app,
    cli_hints,
    exit_code_for,
    fail_usage,
    pick_zones,
)
from gangso_cli.cli.output import consoles, print_diagnostics, set_exit_code, show
from gangso_cli.cli.reports import (
    Encoding,
    EncodingOption,
    FormatOption,
    ReportOutputOption,
    chosen_format,
    write_report,
)

if TYPE_CHECKING:
    from gangso_cli.core.registry import Registry
    from gangso_cli.programme.history import History


class HistoryView(enum.StrEnum):
    """Views of ``gangso history``."""

    years = "years"
    zones = "zones"
    programme = "programme"
    stages = "stages"
    evaluations = "evaluations"


@app.command()
def history(
    zone: ZoneOption = None,
    from_year: Annotated[
        int | None,
        typer.Option("--from", metavar="YEAR", help="First year. Default: the first bundled."),
    ] = None,
    to_year: Annotated[
        int | None,
        typer.Option("--to", metavar="YEAR", help="Last year. Default: the latest bundled."),
    ] = None,
    view: Annotated[
        HistoryView | None,
        typer.Option(
            "--view",
            metavar="VIEW",
            help="years (per zone per year), zones (totals and per phase), programme "
            "(per year), stages (the platform-stage mix) or evaluations (the annual "
            "evaluations: grades, ranks, the year each funds). Default: all; csv takes "
            "one (years).",
            show_default=False,
        ),
    ] = None,
    output: ReportOutputOption = None,
    output_format: FormatOption = None,
    unit: UnitOption = Unit.baekman,
    encoding: EncodingOption = Encoding.utf8,
    force: ForceOption = False,
    zones: ZonesOption = None,
    strict: StrictOption = False,
) -> None:
    """Show the programme over the bundled years: per zone per year 국비, 지방비, match,
    year-on-year change and running total with the basis of each figure; per-zone and
    per-phase totals; the programme per year; and the mix of platform stages.

    Exits 1 when a bundled year fails its checks, 2 on usage errors.

    Example: gangso history --zone 진주 --from 2023 -o 추이.xlsx
    """
    from gangso_cli.core.loader import load_registry
    from gangso_cli.programme.history import history_range, load_history

    fmt = chosen_format(output, output_format, encoding, view, unit.value)
    first, last, years = history_range(from_year, to_year)
    if not years:
        fail_usage(
            f"no bundled budget from {first} to {last}; bundled years: "
            + ", ".join(str(y) for y in history_range(None, None)[2]),
        )
    _, err = consoles()
    registry = load_registry(zones)
    if registry.model is None:
        print_diagnostics(registry.diagnostics, err)
        raise typer.Exit(EXIT_USAGE)
    found = load_history(registry, years, cache=True)
    diagnostics = cli_hints(found.diagnostics, None)
    if found.missing:
        print_diagnostics(diagnostics, err)
        missing = ", ".join(str(y) for y in found.missing)
        err.print(
            f"error: the bundled budget of {missing} cannot be read", markup=False, emoji=False
        )
        raise typer.Exit(EXIT_INVALID)
    chosen = pick_zones(zone, found.funded, registry.model, found.span) if zone else None
    code = exit_code_for(diagnostics, strict)
    set_exit_code(code)
    _report(found, registry.model, chosen, fmt, view, unit, output, encoding, force)
    print_diagnostics(diagnostics, err)
    raise typer.Exit(code)


def _report(
    found: History,
    registry: Registry,
    chosen: set[str] | None,
    fmt: str,
    view: HistoryView | None,
    unit: Unit,
    output: str | None,
    encoding: Encoding,
    force: bool,
) -> None:
    """Show the history's views on the terminal, or write them in the chosen format."""
    from gangso_cli.core.evaluations import bundled_evaluations
    from gangso_cli.core.money import parse_unit
    from gangso_cli.programme.views import evaluations_view, history_views

    known = registry.by_id()
    views = [
        *history_views(found.entries, known, chosen),
        evaluations_view(bundled_evaluations(), known),
    ]
    display = parse_unit(unit.value)
    if fmt == "text":
        from gangso_cli.render.terminal import short_names, view_table

        out, err = consoles()
        for table in views:
            if view is None or table.name == view.value:
                show(out, err, view_table(short_names(table), display))
        return
    listed = ", ".join(found.sources.values())

    def as_json() -> str:
        from gangso_cli.render.json_export import history_json

        return history_json(views, found.sources)

    def as_html() -> str:
        from gangso_cli.render.html import history_report

        # A zone by its name less 강소특구 (서울 홍릉): fourteen fit the legend whole.
        labels = {z: zone.name.removesuffix(" 강소특구") for z, zone in known.items()}
        from gangso_cli.core.labels import marked_title

        marked = any("예시" in table.title for table in views)
        title = marked_title(f"강소특구 예산 추이 {found.span}", marked)
        return history_report(title, listed, views, display, labels)

    csv_view = next(t for t in views if t.name == (view or "years"))
    write_report(
        fmt, output, force=force, sheets=views, csv_view=csv_view, encoding=encoding,
        json=as_json, html=as_html, unit=display, source=listed,
    )  # fmt: skip
