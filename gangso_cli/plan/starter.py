"""Starter files: a commented region budget file for one zone that validates as written."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from gangso_cli.core.budget import Budget, Line, Stage
from gangso_cli.core.fields import Fixed, Rest, Rule, Share
from gangso_cli.core.money import format_korean
from gangso_cli.core.registry import Zone
from gangso_cli.core.schemas import schema_comment
from gangso_cli.core.yamlsource import PLACEHOLDER

__all__ = ["region_starter"]

_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^:#]*[^\s:]|[^\s\-?:,\[\]{}#&*!|>'\"%@`]")


def _scalar(text: str) -> str:
    """A YAML scalar: plain when that is safe, double-quoted otherwise."""
    if _PLAIN.fullmatch(text) and text.lower() not in {"yes", "no", "true", "false", "null"}:
        return text
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _rule(rule: Rule) -> str:
    if isinstance(rule, Fixed):
        return format_korean(rule.amount)
    if isinstance(rule, Share):
        return f"{rule.percent}%"
    assert isinstance(rule, Rest)
    return "rest"


def _even_lines(stages: Sequence[Stage]) -> list[Line]:
    """One line per stage: equal whole-percent shares, the last stage takes the rest."""
    share = 100 // len(stages)
    lines = []
    for i, stage in enumerate(stages):
        rule: Rule = Rest() if i == len(stages) - 1 else Share(percent=Decimal(share))
        lines.append(
            Line(stage=stage.id, program=f"{stage.name} 프로그램", national=rule, local=rule)
        )
    return lines


def region_starter(
    zone: Zone, year: int, reference: Budget, check_against: str | None = None
) -> str:
    """A commented region file for ``zone`` in ``year`` that passes ``gangso validate``.

    Args:
        zone: the zone, from the registry.
        year: the budget year.
        reference: a national budget to take the stages, policy, rounding unit and, when
            it funds the zone in that year, the envelope and lines from.
        check_against: what the comment tells to pass to ``--budget`` (default: the
            year, which names the bundled budget).
    """
    check_against = check_against or str(year)
    funded = reference.zones.get(zone.id) if reference.year == year else None
    envelope_note = (
        f"as the national {year} budget gives {zone.id}"
        if funded
        else f"{PLACEHOLDER}: replace with the envelope MSIT notified"
    )
    local_note = "" if funded else f" ({PLACEHOLDER})"
    national = funded.envelope("national") if funded else 6_000_000_000
    local = funded.local if funded else 1_200_000_000
    lines = list(funded.lines) if funded else _even_lines(reference.stages)
    stages_note = f"the stages of {reference.year}" + (
        "" if reference.year == year else f"; check them against the {year} call"
    )
    out = [
        schema_comment("region"),  # completion and inline errors in the editor
        f"# {zone.name} — {year}년 지역 예산 (region budget file)",
        f"# Made by `gangso init {zone.id} --year {year}`. Check it with:",
        f"#   gangso validate <this file> --budget {check_against}",
        "#",
        "# Each line splits the zone's envelope for one program of one stage. Per fund",
        "# (national = 국비, local = 지방비) a rule is a fixed amount (5억, '1억 2천만'),",
        "# a share of what the fixed amounts leave (30%), or `rest` for what is left.",
        "kind: region",
        f"year: {year}",
        f"zone: {zone.id}",
        f"rounding_unit: {format_korean(reference.rounding_unit)}",
        "policy:",
        f"  min_local_match: {reference.policy.min_local_match}%",
        f"stages:  # {stages_note}",
    ]
    for stage in reference.stages:
        out += [f"  - id: {stage.id}", f"    name: {_scalar(stage.name)}"]
    out += [
        f"national: {format_korean(national)}  # 국비 envelope: {envelope_note}",
        f"local: {format_korean(local)}  # 지방비 envelope{local_note}",
        "lines:",
    ]
    for line in lines:
        out += [f"  - stage: {line.stage}", f"    program: {_scalar(line.program)}"]
        for fund, rule in (("national", line.national), ("local", line.local)):
            if rule is not None:
                out.append(f"    {fund}: {_rule(rule)}")
    return "\n".join(out) + "\n"
