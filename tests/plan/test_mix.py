"""The stage mix: each zone's split across the stages, added up once for every chart."""

from __future__ import annotations

import io
from decimal import Decimal

from rich.console import Console

from gangso_cli.core.bundled import bundled_data
from gangso_cli.plan.evaluate import evaluate
from gangso_cli.plan.mix import stage_mix
from gangso_cli.render.terminal import stage_chart


def _mix_2023():  # type: ignore[no-untyped-def]
    evaluation = evaluate(bundled_data("budget_2023.yaml"))
    assert evaluation.allocation is not None
    return evaluation.allocation, stage_mix(evaluation.allocation)


def test_each_zone_splits_its_whole_budget_in_stage_order() -> None:
    """Every zone has a share per stage of the year, in order, adding up to its 국비 +
    지방비; the percentages are of that total, one decimal."""
    allocation, mix = _mix_2023()
    assert [stage for stage, _ in mix.stages] == [s.id for s in allocation.stages]
    assert [z.zone for z in mix.zones] == [z.zone for z in allocation.zones]
    for zone, allocated in zip(mix.zones, allocation.zones, strict=True):
        assert zone.total == allocated.national + allocated.local
        assert sum(share.amount for share in zone.shares) == zone.total
        assert [share.stage for share in zone.shares] == [s.id for s in allocation.stages]
        assert abs(sum(share.percent for share in zone.shares) - 100) <= Decimal("0.3")


def test_the_terminal_chart_draws_the_mix() -> None:
    """allocate --chart shows each share's percentage as the mix has it."""
    _, mix = _mix_2023()
    console = Console(file=io.StringIO(), width=120, color_system=None)
    console.print(stage_chart(mix, {}))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    first = mix.zones[0]
    assert first.zone in text
    for share in first.shares:
        assert f"{share.percent}%" in text
