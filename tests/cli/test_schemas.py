"""`gangso schema KIND` describes every file gangso reads or writes, as an editor uses it:
every shipped file passes its schema, a misspelt key fails it, and the files gangso
writes name their schema on their first line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from tests.conftest import run

ROOT = Path(__file__).parents[2]
EXAMPLES = ROOT / "examples"
KINDS = ("budget", "region", "zones", "changes", "carry", "columns", "lines", "evaluations")


class _EditorLoader(yaml.SafeLoader):
    """YAML as yaml-language-server reads it (YAML 1.2): a date is a string."""


_EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _load(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_EditorLoader)


def _validator(kind: str) -> Draft202012Validator:
    result = run("schema", kind)
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _kind_of(data: dict[str, Any]) -> str:
    """A file's kind as gangso tells it: its `kind:`, else its shape."""
    if "kind" in data:
        return str(data["kind"])
    if isinstance(data.get("zones"), list):
        return "zones"
    if isinstance(data.get("evaluations"), list):
        return "evaluations"
    return "region" if "zone" in data else "budget"


def _errors(kind: str, data: Any) -> list[str]:
    return sorted(
        f"{'/'.join(str(p) for p in e.absolute_path)}: {e.message}"
        for e in _validator(kind).iter_errors(data)
    )


#: Shipped files that are wrong on purpose, and the mistakes a schema can see in them.
MISTAKES = {
    "region-mistakes.yaml": [
        "lines/0: Additional properties are not allowed ('natonal' was unexpected)",
        "local: True is not valid under any of the given schemas",
    ],
}
SHIPPED = sorted(EXAMPLES.glob("*.yaml")) + sorted((ROOT / "data").glob("*.yaml"))


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_has_a_valid_json_schema(kind: str) -> None:
    """`gangso schema KIND` prints a draft 2020-12 JSON Schema that says what it is."""
    result = run("schema", kind)
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    assert schema["title"]
    # the library describes files, never the CLI's flags (--carry FILE, --as-of)
    assert " --" not in json.dumps(schema, ensure_ascii=False)
    assert "`--" not in json.dumps(schema, ensure_ascii=False)


def test_the_kinds_are_the_ones_help_names() -> None:
    """`gangso schema --help` names every kind, and an unknown one is refused."""
    text = run("schema", "--help").stdout
    assert all(kind in text for kind in KINDS)
    assert run("schema", "ledger").exit_code == 2


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_shipped_file_passes_its_schema(path: Path) -> None:
    """Each example and bundled file passes the schema of its kind (or shows exactly the
    mistakes it was written to show)."""
    data = _load(path)
    assert _errors(_kind_of(data), data) == MISTAKES.get(path.name, [])


def test_every_example_kind_is_covered() -> None:
    """The examples include a file of each kind a user writes by hand."""
    kinds = {_kind_of(_load(p)) for p in EXAMPLES.glob("*.yaml")}
    assert kinds >= {"budget", "region", "changes"}


#: A key misspelt where each kind's schema can see it.
MISSPELT = {
    "budget": ("data/budget_2020.yaml", lambda d: d["zones"]["gimhae"].update(natonal="1억")),
    "region": ("examples/region-gimhae-2020.yaml", lambda d: d.update(rounding_unt="천원")),
    "zones": ("data/zones.yaml", lambda d: d["zones"][0].update(specialisaton="x")),
    "changes": ("examples/changes-gimhae-2020.yaml", lambda d: d["changes"][0].update(reson="x")),
    "carry": ("examples/region-gimhae-2020.yaml", lambda d: d["lines"][0].update(nte="명시이월")),
}


@pytest.mark.parametrize("kind", sorted(MISSPELT))
def test_a_misspelt_key_is_rejected(kind: str) -> None:
    """A misspelt key fails the schema, naming the key."""
    source, misspell = MISSPELT[kind]
    data = _load(ROOT / source)
    assert _errors(kind, data) == []
    misspell(data)
    (error,) = _errors(kind, data)
    assert "Additional properties are not allowed" in error


def test_a_column_map_names_fields_only() -> None:
    """A column map passes with field names and fails on a misspelt one, or when empty."""
    assert _errors("columns", {"지출일": "date", "사업": "program"}) == []
    (error,) = _errors("columns", {"지출일": "dat"})
    assert error.startswith("지출일: 'dat' is not one of")
    assert _errors("columns", {}) != []


def test_a_change_file_is_not_a_region_file() -> None:
    """The changes schema is the one for a change file: the region schema refuses it."""
    data = _load(EXAMPLES / "changes-gimhae-2020.yaml")
    assert _errors("changes", data) == []
    assert _errors("region", data) != []


def test_init_writes_the_region_schema_line(tmp_path: Path) -> None:
    """`init -o` starts its file with the schema line for a region file, and the file
    passes that schema."""
    target = tmp_path / "region-gimhae.yaml"
    assert run("init", "gimhae", "--year", "2020", "-o", target).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=./region.schema.json"
    assert _errors("region", _load(target)) == []


def test_close_writes_the_carry_schema_line(tmp_path: Path) -> None:
    """`close -o` starts its carry-over file with the schema line for its kind, and the
    file passes that schema."""
    target = tmp_path / "carry-2021.yaml"
    result = run(
        "close", EXAMPLES / "ledger-gimhae-2020.csv",
        "--budget", EXAMPLES / "region-gimhae-2020.yaml",
        "--changes", EXAMPLES / "changes-gimhae-2020.yaml",
        "-o", target,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=./carry.schema.json"
    assert _errors("carry", _load(target)) == []


def test_a_lines_map_schema_takes_names_and_refuses_a_number() -> None:
    """`gangso schema lines`: ledger names to budget lines, each line given as text."""
    validator = _validator("lines")
    assert not list(validator.iter_errors({"판로 개척 지원": "판로개척"}))
    assert list(validator.iter_errors({"판로 개척 지원": 3}))
    assert list(validator.iter_errors({}))


def test_the_changes_schema_takes_the_reports_words() -> None:
    """An editor accepts `fund: 국비` and `status: 승인`, as gangso does, and still flags
    a word gangso refuses."""
    validator = _validator("changes")
    change = {
        "date": "2020-07-15", "fund": "국비", "from": {"stage": "transfer", "program": "a"},
        "to": {"stage": "transfer", "program": "b"}, "amount": "5천만", "reason": "r",
        "status": "승인",
    }  # fmt: skip
    document = {"kind": "changes", "year": 2020, "zone": "gimhae", "changes": [change]}
    assert not list(validator.iter_errors(document))
    assert list(validator.iter_errors({**document, "changes": [{**change, "fund": "국고"}]}))
