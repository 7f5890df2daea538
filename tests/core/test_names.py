"""Korean names are understood wherever ids are asked for (zones, stages, units), and a
mix-up of --zone and --zones gets a hint."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import WriteYaml, line_of, run

REGION = (Path(__file__).parents[2] / "examples" / "region-gimhae-2020.yaml").read_text(
    encoding="utf-8"
)


def test_korean_zone_name_in_a_file_names_the_id(write_yaml: WriteYaml) -> None:
    """`zone: 김해` is not an id; the error says which id is meant."""
    path = write_yaml(REGION.replace("zone: gimhae", "zone: 김해"), "region.yaml")
    result = run("validate", path)
    assert result.exit_code == 1
    assert f"region.yaml:{line_of(REGION, 'zone: gimhae')}:" in result.stdout
    assert "did you mean gimhae (김해 강소특구)?" in result.stdout


def test_korean_stage_name_names_the_id(write_yaml: WriteYaml) -> None:
    """`stage: 기술발굴` gets `write stage: discovery`."""
    path = write_yaml(REGION.replace("stage: discovery", "stage: 기술발굴", 1), "region.yaml")
    result = run("validate", path)
    assert result.exit_code == 1
    assert "write `stage: discovery`" in result.stdout


@pytest.mark.parametrize("name", ["김해", "김해 강소특구", "gimhae"])
def test_zone_option_and_init_take_korean_names(name: str, tmp_path: Path) -> None:
    """-z 김해 and init 김해 resolve to gimhae, and say so on stderr."""
    result = run("allocate", "--year", "2020", "-z", name)
    assert result.exit_code == 0, result.output
    assert "김해 강소특구" in result.stdout
    assert "진주" not in result.stdout
    init = run("init", name)
    assert init.exit_code == 0
    assert "zone: gimhae" in init.stdout
    if name != "gimhae":
        assert "gimhae (김해 강소특구)" in init.stderr


def test_export_zone_option(tmp_path: Path) -> None:
    """export --zone (repeatable, Korean names too) exports only those zones."""
    target = tmp_path / "lines.json"
    result = run("export", "--year", "2020", "-o", target, "--zone", "pohang", "--zone", "진주")
    assert result.exit_code == 0, result.output
    rows = json.loads(target.read_text(encoding="utf-8"))["views"]["lines"]["rows"]
    assert {row["zone_id"] for row in rows} == {"pohang", "jinju"}


def test_man_won_unit() -> None:
    """--unit 만원 shows 60억 as 600,000 (만원)."""
    result = run("allocate", "--year", "2020", "-u", "만원", "-z", "gimhae")
    assert result.exit_code == 0
    assert "600,000" in result.stdout
    assert "(단위: 만원)" in result.stdout


def test_zone_and_zones_mix_ups_get_a_hint() -> None:
    """--zones gimhae means --zone gimhae; --zone a.yaml means --zones a.yaml."""
    result = run("allocate", "--zones", "gimhae")
    assert result.exit_code == 2
    assert "--zone gimhae" in result.stderr
    result = run("allocate", "--zone", "zones.yaml")
    assert result.exit_code == 2
    assert "--zones zones.yaml" in result.stderr
