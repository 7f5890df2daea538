"""A README that cannot drift from the tool: every output block it shows is what the tool
prints now, every option of every command's --help is in that command's section, every
problem id the code can emit has a row in a table, every example it runs ships.

When gangso's output changes on purpose: ``python -m tests.cli.readme_blocks --write``.
"""

from __future__ import annotations

import ast
import enum
import re
from pathlib import Path

import pytest
import typer

from gangso_cli.cli import app
from tests.cli.readme_blocks import Block, blocks, render
from tests.conftest import run

ROOT = Path(__file__).parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = typer.main.get_command(app).commands  # type: ignore[attr-defined]
BLOCKS = blocks(README)


# -- output blocks -------------------------------------------------------------------


@pytest.mark.parametrize("block", BLOCKS, ids=lambda b: f"{b.line}: {b.args}")
def test_every_checked_block_is_what_the_tool_prints(block: Block) -> None:
    """Each `<!-- check: gangso ARGS -->` block is, to the character, what `gangso ARGS`
    prints now (regenerate: python -m tests.cli.readme_blocks --write)."""
    assert render(block) == block.body, (
        f"README.md:{block.line}: `gangso {block.args}` prints something else; "
        "run python -m tests.cli.readme_blocks --write"
    )


def test_every_output_the_readme_shows_is_checked() -> None:
    """Every console session and every table the README shows is a checked block: none
    is left to drift (JSON blocks are abridged shapes, checked below)."""
    fences = re.finditer(
        r"(?P<before>[^\n]*)\n```(?P<lang>\w+)\n(?P<body>.*?)^```$", README, re.M | re.S
    )
    unchecked = [
        README.count("\n", 0, m.start("lang"))
        for m in fences
        if (m["lang"] == "console" or (m["lang"] == "text" and "━" in m["body"]))
        and not m["before"].startswith("<!-- check: gangso ")
    ]
    assert unchecked == [], f"README lines with an unchecked output block: {unchecked}"
    assert len(BLOCKS) >= 10


def test_the_json_shapes_shown_are_the_tools() -> None:
    """Every key the README's abridged JSON examples show is a key gangso writes."""
    import json

    written: set[str] = set()

    def keys(value: object) -> None:
        if isinstance(value, dict):
            written.update(value)
            for item in value.values():
                keys(item)
        elif isinstance(value, list):
            for item in value:
                keys(item)

    spent = ["examples/ledger-gimhae-2020.csv", "--budget", "examples/region-gimhae-2020.yaml",
             "--changes", "examples/changes-gimhae-2020.yaml"]  # fmt: skip
    for args in (
        ["validate", ROOT / "examples/region-mistakes.yaml", "-f", "json"],
        ["export", "--year", "2020", "-o", "-", "-f", "json", "--view", "zones"],
        ["envelopes", "2025", "-f", "json"],
        ["history", "-f", "json"],
        # as of the README's example: the approved move of 2020-07-15 applies
        [
            "execution",
            *[ROOT / a if a.startswith("examples") else a for a in spent],
            "-f",
            "json",
            "--as-of",
            "2020-07-31",
        ],
        # an --as-of before the last rows: diagnostics, with their keys
        [
            "execution",
            *[ROOT / a if a.startswith("examples") else a for a in spent],
            "-f",
            "json",
            "--as-of",
            "2020-05-31",
        ],
    ):
        result = run(*args)
        keys(json.loads(result.stdout))
    shown: set[str] = set()
    for m in re.finditer(r"```json\n(.*?)^```$", README, re.M | re.S):
        shown.update(re.findall(r'"([a-z_0-9]+)":', m[1]))
    assert shown - written - {"yaml.schemas"} == set()


# -- options ---------------------------------------------------------------------------


def _section(command: str) -> str:
    found = re.search(rf"^### `gangso {command}\b.*?(?=^##)", README, re.M | re.S)
    assert found, f"no README section for gangso {command}"
    return found.group(0)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_help_option_is_in_its_readme_section(command: str) -> None:
    """Every name of every option `gangso COMMAND --help` lists (long and short) is in
    that command's README section."""
    section = _section(command)
    names = [
        name
        for param in COMMANDS[command].params
        for name in [*param.opts, *param.secondary_opts]
        if name.startswith("-")
    ]
    missing = [n for n in names if not re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", section)]
    assert missing == []


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_choice_is_in_the_help(command: str) -> None:
    """Every value an option or argument accepts from a fixed list is named in --help."""
    import typing

    (callback,) = [
        i.callback
        for i in app.registered_commands
        if i.callback and (i.name or i.callback.__name__.replace("_", "-")) == command
    ]
    hints = typing.get_type_hints(callback)
    text = " ".join(run(command, "--help", columns=400).stdout.split())
    choices = [
        member.value
        for hint in hints.values()
        for kind in typing.get_args(hint) or (hint,)
        if isinstance(kind, type) and issubclass(kind, enum.Enum)
        for member in kind
    ]
    # close shares the report formats' list, and refuses xlsx and html with a usage error
    refused = {"xlsx", "html"} if command == "close" else set()
    assert [c for c in choices if str(c) not in text and c not in refused] == []


# -- problem ids -------------------------------------------------------------------------

_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
#: Calls that make a diagnostic or a check, and the position of the id among their
#: arguments (``check=`` counts too).
_MAKERS = {"Diagnostic": 0, "error": 0, "warning": 0, "problem": 0, "finding": 0,
           "Check": 0, "add": 0, "_Target": 1, "Target": 1}  # fmt: skip


def emitted_ids(package: Path = ROOT / "gangso_cli") -> set[str]:
    """Every problem id the source can emit: the literal (or a module constant, or one of
    the values a name is tested against, as in ``kind in ("amount", "rule")``) given to a
    call that makes a diagnostic or a check."""
    trees = [ast.parse(p.read_text(encoding="utf-8")) for p in sorted(package.rglob("*.py"))]
    constants = {
        target.id: node.value.value
        for tree in trees
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
        for target in node.targets
        if isinstance(target, ast.Name) and isinstance(node.value.value, str)
    }
    found: set[str] = set()
    for tree in trees:
        for scope in ast.walk(tree):
            if not isinstance(scope, ast.FunctionDef | ast.Module):
                continue
            tested: dict[str, set[object]] = {}
            for node in ast.walk(scope):
                if (isinstance(node, ast.Compare) and isinstance(node.left, ast.Name)
                        and isinstance(node.ops[0], ast.In)
                        and isinstance(node.comparators[0], ast.Tuple)):  # fmt: skip
                    values = {
                        e.value for e in node.comparators[0].elts if isinstance(e, ast.Constant)
                    }
                    tested.setdefault(node.left.id, set()).update(values)
            for node in ast.walk(scope):
                if isinstance(node, ast.Call):
                    found |= _ids_of(node, constants, tested)
    return found


def _ids_of(call: ast.Call, constants: dict[str, str], tested: dict[str, set[object]]) -> set[str]:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if name == "add" and getattr(getattr(func, "value", None), "id", None) != "report":
        return set()  # a reporter's add makes a diagnostic; a set's (given.add("memo")) not
    given = [k.value for k in call.keywords if k.arg == "check"]
    if name in _MAKERS and len(call.args) > _MAKERS[name]:
        given.append(call.args[_MAKERS[name]])
    values: set[object] = set()
    for arg in given:
        if isinstance(arg, ast.Constant):
            values.add(arg.value)
        elif isinstance(arg, ast.Name):
            values |= {constants[arg.id]} if arg.id in constants else tested.get(arg.id, set())
    return {v for v in values if isinstance(v, str) and _ID.match(v)}


#: Ids the scan finds that never reach the user, and why.
NOT_EMITTED = {
    # a ledger row's Target that marks the recipient's own funds (자부담): the row is
    # counted apart (spending/match.py), never reported as a problem
    "own-funds",
}


def _all_ids() -> list[str]:
    from gangso_cli.plan.checks.catalog import CHANGES_CHECK, CHECKS

    found = emitted_ids() | {c.id for c in CHECKS} | {CHANGES_CHECK.id}
    assert found >= NOT_EMITTED, "an id listed as not emitted is gone: take it off the list"
    return sorted(found - NOT_EMITTED)


def test_the_id_scanner_sees_every_way_an_id_is_given() -> None:
    """The scan finds ids given as literals, module constants and tested names, in every
    layer (so a README row cannot be missed because the scan went blind)."""
    found = emitted_ids()
    assert {"yaml-merge-key", "yaml-complex-key", "column-map"} <= found  # literals
    assert {"file-unreadable", "not-yaml"} <= found  # module constants
    assert {"amount", "rule", "share", "schema"} <= found  # `kind in (...)`, then literal
    assert {"ledger-program", "execution-pace", "change-overdraw", "carry-line"} <= found
    assert len(found) >= 60


@pytest.mark.parametrize("problem", _all_ids())
def test_every_problem_id_has_a_readme_row(problem: str) -> None:
    """Every id the code can emit has a row `| `id` |` in one of the README's tables."""
    assert f"| `{problem}` |" in README


# -- examples --------------------------------------------------------------------------


def test_every_file_the_readme_names_ships() -> None:
    """Every examples/, data/ or docs/ path the README uses is in the repository."""
    named = set(re.findall(r"\b((?:examples|data|docs|bench)/[\w.\-/]+\.\w+)", README))
    assert len(named) >= 8
    assert sorted(p for p in named if not (ROOT / p).is_file()) == []


def test_every_command_the_readme_runs_on_examples_works() -> None:
    """Every `gangso …` command line in the README that reads only shipped files runs
    without a usage error (exit 0 or 1, never 2)."""
    lines = set(
        re.findall(r"^(?:\$ )?gangso ([^\n#`]*examples/[^\n#`]*?)\s*(?:\\\\)?$", README, re.M)
    )
    assert lines
    for line in sorted(lines):
        if "\\" in line or "-o" in line.split():
            continue
        args = [ROOT / a if a.startswith(("examples/", "data/")) else a for a in line.split()]
        assert run(*args).exit_code in (0, 1), line
