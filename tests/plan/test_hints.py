"""Library hints speak of files; the command adds the option or command that fixes it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from gangso_cli.core.loader import load_registry
from gangso_cli.plan.checks.zones import FUNDED_ZONES_HINT, ZONE_IDS_HINT
from gangso_cli.plan.evaluate import evaluate
from tests.conftest import BUDGET, REGISTRY, WriteYaml, run

PACKAGE = Path(__file__).parents[2] / "gangso_cli"
#: A command-line option in a hint: --budget, -o.
OPTION = re.compile(r"(^|\s|`)--?[a-z]")
#: The library's modules whose hints are checked (core/yamlsource.py and spending/ are
#: other people's work in progress: they still name -o and --column).
LIBRARY = [
    *sorted((PACKAGE / "plan").rglob("*.py")),
    *sorted((PACKAGE / "programme").rglob("*.py")),
    PACKAGE / "core" / "loader.py",
    PACKAGE / "core" / "bundled.py",
]


def test_no_library_hint_names_an_option() -> None:
    """No literal in a ``hint=`` of plan/, programme/ or the loader names a CLI option."""
    found = []
    for path in LIBRARY:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == "hint":
                found += [
                    f"{path.name}:{sub.lineno}: {sub.value}"
                    for sub in ast.walk(node.value)
                    if isinstance(sub, ast.Constant)
                    and isinstance(sub.value, str)
                    and OPTION.search(sub.value)
                ]
    assert found == []


def test_the_registry_hints_become_commands_at_the_command_line(write_yaml: WriteYaml) -> None:
    """An unknown zone's hint says the registry lists the ids; allocate and validate say
    which command shows them."""
    budget = write_yaml(BUDGET.replace("zones:\n  alpha:", "zones:\n  omega:"))
    registry = write_yaml(REGISTRY, "zones.yaml")
    evaluation = evaluate(budget, registry=load_registry(registry))
    hints = {d.hint for d in evaluation.diagnostics if d.check == "zone-known"}
    assert hints == {ZONE_IDS_HINT}
    result = run("validate", budget, "--zones", registry)
    assert result.exit_code == 1
    assert "hint: see `gangso zones` for the ids" in result.stdout
    assert ZONE_IDS_HINT not in result.stdout


def test_a_zone_out_of_its_phases_points_at_the_zones_command(write_yaml: WriteYaml) -> None:
    """A zone with no funded phase in the year: the library points at the registry's
    phases, the command at `gangso zones --year`."""
    registry = write_yaml(
        REGISTRY.replace(
            "    designated: 2019-08\n",
            "    designated: 2019-08\n    phases:\n"
            "      - {phase: 1단계 기반조성, start: 2019, end: 2019}\n",
            1,
        ),
        "zones.yaml",
    )
    budget = write_yaml(BUDGET)
    evaluation = evaluate(budget, registry=load_registry(registry))
    (found,) = [d for d in evaluation.diagnostics if d.check == "zone-designated"]
    assert found.hint == FUNDED_ZONES_HINT
    result = run("allocate", budget, "--zones", registry)
    assert "see `gangso zones --year` for the zones a year funds" in result.stderr
