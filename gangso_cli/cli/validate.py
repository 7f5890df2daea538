"""`gangso validate`, `init` and `schema`: budget files checked, started and described."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from gangso_cli.cli.app import (
    EXIT_USAGE,
    BudgetOption,
    ForceOption,
    OutputOption,
    StrictOption,
    ZonesOption,
    app,
    cli_hints,
    fail_usage,
    other_years_from_bundle,
    resolve_budget,
    write_file,
)
from gangso_cli.cli.output import (
    consoles,
    emit,
    print_diagnostics,
    say,
    set_exit_code,
)


class OutputFormat(enum.StrEnum):
    """Output formats of ``gangso validate``."""

    text = "text"
    json = "json"
    github = "github"


@app.command()
def validate(
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE...",
            readable=False,
            help="Budget, region or registry YAML files to check.",
            show_default=False,
        ),
    ],
    zones: ZonesOption = None,
    budget: BudgetOption = None,
    output_format: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="text for people, json for tools, github for PRs.",
        ),
    ] = OutputFormat.text,
    strict: StrictOption = False,
) -> None:
    """Check budget files, reporting every problem in every file at file:line:column.

    Each file's kind is told from its shape: a national budget, one region's own file
    (with `zone:`), or a zone registry. The report goes to stdout. Exits 0 when every
    file is valid (warnings allowed; --strict fails on them), 1 when any has a problem,
    2 when a file cannot be read at all (or on a usage error).

    Example: gangso validate region-gimhae.yaml --budget 2020 --format github
    """
    from gangso_cli.plan.validate import validate_files

    budget_path, budget_name = resolve_budget(budget, "--budget") if budget else (None, None)
    verdict = validate_files(
        files,
        zones,
        budget_path,
        budget_name=budget_name,
        strict=strict,
        other_years=other_years_from_bundle,
    )
    for report in verdict.files:
        report.diagnostics = cli_hints(report.diagnostics, report.year)
    set_exit_code(verdict.exit_code)
    if output_format is OutputFormat.json:
        from gangso_cli.render.report import report_json

        emit(report_json(verdict) + "\n")
    elif output_format is OutputFormat.github:
        from gangso_cli.render.report import github_annotations

        annotations = github_annotations(verdict)
        if annotations:
            emit(annotations + "\n")
    else:
        from gangso_cli.render.report import summary_line

        out, _ = consoles()
        print_diagnostics(verdict.diagnostics, out)
        for file_report in verdict.files:
            if file_report.valid and not file_report.reference:
                say(out, "✓", f"{file_report.file} ({file_report.kind})", "green")
        out.print(summary_line(verdict), soft_wrap=True, markup=False, emoji=False)
    raise typer.Exit(verdict.exit_code)


@app.command()
def init(
    zone: Annotated[
        str,
        typer.Argument(metavar="ZONE", help="The zone: an id (gimhae) or its Korean name (김해)."),
    ],
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            "-y",
            metavar="YEAR",
            help="Budget year. Default: the latest bundled budget's year, or the zone's "
            "first year if later.",
            show_default=False,
        ),
    ] = None,
    output: OutputOption = None,
    force: ForceOption = False,
    zones: ZonesOption = None,
) -> None:
    """Write a commented starter region file for a zone; it validates as written.

    The stages, policy and (when the bundled budget of that year funds the zone) the
    envelope and lines come from the bundled national budget; a made-up envelope is
    marked PLACEHOLDER, and validate warns until it is replaced.

    Example: gangso init 김해 --year 2020 -o region-gimhae-2020.yaml
    """
    from gangso_cli.core.bundled import budget_source, bundled_years
    from gangso_cli.core.loader import load_budget, load_registry
    from gangso_cli.plan.envelopes import derive_budget
    from gangso_cli.plan.starter import region_starter

    registry = load_registry(zones)
    if registry.model is None:
        _, err = consoles()
        print_diagnostics(registry.diagnostics, err)
        raise typer.Exit(EXIT_USAGE)
    chosen = registry.model.find(zone)
    if chosen is None:
        from gangso_cli.core.diagnostics import close_matches

        ids = [z.id for z in registry.model.zones]
        close = close_matches(zone, ids)
        fail_usage(
            f"unknown zone {zone!r}",
            hint=f"did you mean {close[0]}?" if close else f"zones: {', '.join(ids)}",
        )
    if chosen.id != zone:
        _, err = consoles()
        err.print(f"{zone}: {chosen.id} ({chosen.name})", markup=False, emoji=False)
    years = bundled_years()
    if year is None:
        year = max(years[-1], chosen.first_year)
    if not chosen.fundable_in(year):
        fail_usage(
            f"{chosen.id} ({chosen.name}) has no nationally funded phase in {year}; its "
            f"first budget year is {chosen.first_year}",
            hint=f"use --year {chosen.first_year}",
        )
    source = budget_source(str(year) if year in years else None)
    assert source is not None
    # A year whose 국비 comes from envelope rules: the starter writes the derived one.
    reference, _ = derive_budget(load_budget(source[0], display_name=source[1]), registry.model)
    if reference.model is None:
        _, err = consoles()
        print_diagnostics(reference.diagnostics, err)
        raise typer.Exit(EXIT_USAGE)
    against = str(year) if year in years else f"budget_{year}.yaml"
    text = region_starter(chosen, year, reference.model, against)
    if output is None:
        emit(text)
        return
    write_file(output, text.encode("utf-8"), force=force)


@app.command("data")
def data_command(
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="NAME",
            help="zones, evaluations, or a year (2020) for that year's national budget. "
            "Default: list them.",
            show_default=False,
        ),
    ] = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """List the bundled data files, or write one out to read or edit.

    Every command reads these when no file is named; after `pip install` this is how to
    get a copy: the national budget of a year, the zone registry, or the evaluations.

    Example: gangso data 2020 -o budget_2020.yaml
    """
    from gangso_cli.core.bundled import bundled_data, bundled_years

    years = bundled_years()
    if name is None:
        out, _ = consoles()
        listed = [
            ("zones", "the zone registry (zones.yaml)"),
            ("evaluations", "the annual evaluations: grades, ranks, the year each funds "
             "(evaluations.yaml)"),
            *((str(y), f"the national budget of {y} (budget_{y}.yaml)") for y in years),
        ]  # fmt: skip
        for key, what in listed:  # the names in one column, the descriptions in the next
            out.print(f"{key:<13}{what}", markup=False, emoji=False)
        return
    key = name.removesuffix(".yaml").removeprefix("budget_")
    if key in ("zones", "evaluations"):
        file = f"{key}.yaml"
    elif key.isascii() and key.isdigit() and len(key) == 4 and int(key) in years:  # not ²
        file = f"budget_{key}.yaml"
    else:
        fail_usage(
            f"no bundled file {name!r}",
            hint="choose from: zones, evaluations, " + ", ".join(str(y) for y in years),
        )
    data = bundled_data(file).read_bytes()
    if output is None:
        emit(data)
        return
    write_file(output, data, force=force)


class SchemaKind(enum.StrEnum):
    """Files gangso has a JSON Schema for."""

    budget = "budget"
    region = "region"
    zones = "zones"
    changes = "changes"
    carry = "carry"
    columns = "columns"
    lines = "lines"
    evaluations = "evaluations"


@app.command()
def schema(
    kind: Annotated[
        SchemaKind,
        typer.Argument(
            metavar="KIND",
            help="budget, region, zones, changes (kind: changes), carry (what `close -o` "
            "writes), columns (a ledger's --column map), lines (a ledger's --lines map) "
            "or evaluations (the bundled annual evaluations).",
        ),
    ] = SchemaKind.budget,
) -> None:
    """Print the JSON Schema of a file format, for editors and other tools.

    Point yaml-language-server (VS Code's YAML extension) at it for completion and
    inline errors while typing; see the README.

    Example: gangso schema region > region.schema.json
    """
    import json

    if kind is SchemaKind.columns:
        from gangso_cli.core.schemas import column_map_schema
        from gangso_cli.spending.ledger import FIELDS

        document = column_map_schema(FIELDS)
    elif kind is SchemaKind.lines:
        from gangso_cli.core.schemas import lines_map_schema

        document = lines_map_schema()
    else:
        from gangso_cli.core.schemas import model_schema

        document = model_schema(kind.value)
    emit(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
