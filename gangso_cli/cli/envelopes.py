"""`gangso envelopes`: each zone's 국비 and how the national pool gives it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from gangso_cli.cli.allocate import BudgetArgument
from gangso_cli.cli.app import (
    ForceOption,
    StrictOption,
    Unit,
    UnitOption,
    YearOption,
    ZonesOption,
    app,
    budget_or_year,
    evaluated,
    exit_code_for,
)
from gangso_cli.cli.output import print_diagnostics, set_exit_code, show
from gangso_cli.cli.reports import (
    Encoding,
    EncodingOption,
    FormatOption,
    ReportOutputOption,
    chosen_format,
    write_report,
)

if TYPE_CHECKING:
    from gangso_cli.core.budget import Budget


def rules_text(budget: Budget) -> str:
    """The year's envelope rules in one line, as people say them."""
    from gangso_cli.core.money import format_korean

    rules = budget.envelopes
    if rules is None:
        return "배정액: 예산 파일에 특구별로 기재 (envelopes written zone by zone)"
    base = rules.base
    parts = []
    if base.by_phase is not None:
        parts.append(
            "기본 (단계별) "
            + ", ".join(f"{phase} {format_korean(won)}" for phase, won in base.by_phase.items())
        )
    elif base.equal is not None:
        parts.append(f"기본 (균등) {format_korean(base.equal)}")
    incentive = rules.incentive
    if incentive is not None and incentive.top is not None:
        price = (
            f"각 {format_korean(incentive.each)}"
            if incentive.each is not None
            else f"재원 {format_korean(incentive.pool or 0)} 균분"
        )
        parts.append(f"인센티브 (평가 상위 {incentive.top}개 특구) {price}")
    elif incentive is not None and incentive.amounts is not None:
        parts.append(
            "인센티브 (등급별 금액) "
            + ", ".join(f"{g} {format_korean(won)}" for g, won in incentive.amounts.items())
        )
    elif incentive is not None and incentive.weights is not None:
        pool = format_korean(incentive.pool) if incentive.pool is not None else "?"
        parts.append(
            f"인센티브 재원 {pool} (등급별 가중치 "
            + ", ".join(f"{g} {w}" for g, w in incentive.weights.items())
            + ")"
        )
    if rules.adjustments:
        parts.append(f"조정 {len(rules.adjustments)}건")
    text = "국비 = " + " + ".join(parts)
    if rules.evaluation is not None:
        text += f" — {rules.evaluation}년 연차평가 기준 (evaluation {rules.evaluation})"
    return text


@app.command()
def envelopes(
    budget: BudgetArgument = None,
    output: ReportOutputOption = None,
    output_format: FormatOption = None,
    unit: UnitOption = Unit.baekman,
    encoding: EncodingOption = Encoding.utf8,
    force: ForceOption = False,
    zones: ZonesOption = None,
    year: YearOption = None,
    strict: StrictOption = False,
) -> None:
    """Show how each zone's 국비 follows from the national pool: base, evaluation
    incentive, adjustments; with 지방비, the match and the basis of each figure.

    A year whose budget writes each envelope shows them as written. Exits 1 when a check
    fails (the table still prints), 2 on usage errors.

    Example: gangso envelopes 2025 --format json
    """
    from gangso_cli.core.money import parse_unit
    from gangso_cli.plan.views import checks_view, envelopes_view

    fmt = chosen_format(output, output_format, encoding, None, unit.value)
    evaluation, out, err = evaluated(budget_or_year(budget, year), zones)
    model, derived = evaluation.budget.model, evaluation.envelopes
    assert model is not None
    assert derived is not None
    registry = evaluation.registry.model
    known = registry.by_id() if registry else {}
    view = envelopes_view(derived, model, known)
    display = parse_unit(unit.value)
    code = exit_code_for(evaluation.diagnostics, strict)
    set_exit_code(code)
    if fmt == "text":
        from rich.text import Text

        from gangso_cli.render.terminal import checks_table, short_names, view_table

        # wrapped at spaces to the terminal (a pipe's console is endless: one line)
        out.print(Text(rules_text(model)))
        show(out, err, view_table(short_names(view), display))
        show(out, err, checks_table(evaluation.results))
        print_diagnostics(evaluation.diagnostics, err)
        raise typer.Exit(code)

    checks = checks_view(evaluation.results)
    source = evaluation.budget.doc.file

    def as_json() -> str:
        from gangso_cli.render.json_export import envelopes_json

        return envelopes_json(view, model.year, source, derived.derived, checks)

    def as_html() -> str:
        from gangso_cli.core.labels import marked_title
        from gangso_cli.render.html import envelopes_report

        title = marked_title(f"{model.year}년 강소특구 국비 산정", model.envelopes_illustrative)
        return envelopes_report(title, source, view, rules_text(model), checks, display)

    write_report(
        fmt, output, force=force, sheets=[view, checks], csv_view=view, encoding=encoding,
        json=as_json, html=as_html, unit=display, source=source,
    )  # fmt: skip
    print_diagnostics(evaluation.diagnostics, err)
    raise typer.Exit(code)
