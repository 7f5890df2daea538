"""Hostile and broken input: a clear located error, exit 1 or 2, never a traceback or a hang."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gangso_cli.core.loader import load_budget, load_budget_text, load_document
from gangso_cli.core.yamlsource import MAX_FILE_BYTES, parse_yaml
from tests.conftest import BUDGET, WriteYaml, run

BILLION_LAUGHS = "\n".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        *(f"{chr(98 + i)}: &{chr(98 + i)} [{','.join([f'*{chr(97 + i)}'] * 9)}]" for i in range(8)),
    ]
)


def _checks(path: Path) -> list[str]:
    return [d.check for d in load_document(path).diagnostics]


@pytest.mark.parametrize(
    ("content", "check", "line"),
    [
        ("", "empty-file", 1),
        ("# only a comment\n", "empty-file", 1),
        ("~\n", "empty-file", 1),
        ("&0", "empty-file", 1),
        ("- a\n- b\n", "not-a-mapping", 1),
        ("just text\n", "not-a-mapping", 1),
        ("year: 2020\nzones: [\n", "yaml-syntax", 2),  # where the [ opened
        ("year: 2020\n\tzones: {}\n", "yaml-syntax", 2),
        ("year: [1, 2\n", "yaml-syntax", 1),
        ("a: [1,\n  2\nb: 3\n", "yaml-syntax", 1),
        ('year: 2020\ntitle: "abc\nx: 1\n', "yaml-syntax", 2),  # where the quote opened
        ("a: !!python/object/apply:os.system ['echo pwned']\n", "yaml-tag", 1),
        ("a: !!binary aGVsbG8=\n", "yaml-tag", 1),
        ("a: !custom x\n", "yaml-tag", 1),
        ("base: &b {x: 1}\nother:\n  <<: *b\n", "yaml-merge-key", 3),
        ("? [a, b]\n: c\n", "yaml-complex-key", 1),
        ("a: 1\nb: 2\na: 3\n", "duplicate-key", 3),
    ],
)
def test_broken_yaml_gives_a_located_error(
    write_yaml: WriteYaml, content: str, check: str, line: int
) -> None:
    """Each broken file names the problem and its line."""
    path = write_yaml(content)
    diagnostics = load_document(path).diagnostics
    found = [d for d in diagnostics if d.check == check]
    assert found, [str(d) for d in diagnostics]
    assert found[0].location.line == line
    assert found[0].location.file.endswith("budget.yaml")


def test_tab_indentation_hint(write_yaml: WriteYaml) -> None:
    """A tab in the indentation says that YAML wants spaces."""
    (found,) = load_document(write_yaml("year: 2020\n\tzones: {}\n")).diagnostics
    assert found.hint == "YAML indentation must use spaces, not tabs"


def test_duplicate_key_names_both_lines_and_keeps_nothing_silently(write_yaml: WriteYaml) -> None:
    """A line repeated under the same key would vanish in PyYAML; here it is an error."""
    budget = BUDGET.replace("        local: rest\n", "        local: rest\n        national: 10%\n")
    loaded = load_budget(write_yaml(budget))
    (dup,) = [d for d in loaded.diagnostics if d.check == "duplicate-key"]
    assert "first at line 24, again at line 26" in dup.message
    assert dup.location.line == 26
    assert dup.path == ("zones", "alpha", "lines", 1, "national")


def test_unsafe_tag_is_never_executed(write_yaml: WriteYaml, tmp_path: Path) -> None:
    """A !!python tag that would create a file does nothing at all."""
    marker = tmp_path / "pwned"
    path = write_yaml(f"a: !!python/object/apply:os.system ['touch {marker}']\n")
    assert "yaml-tag" in _checks(path)
    assert not marker.exists()


def test_billion_laughs_is_refused_quickly(write_yaml: WriteYaml) -> None:
    """Nine levels of nine aliases (~387 million values) are refused in well under a second."""
    path = write_yaml(BILLION_LAUGHS)
    start = time.perf_counter()
    checks = _checks(path)
    elapsed = time.perf_counter() - start
    assert "yaml-alias-bomb" in checks
    assert elapsed < 1.0, elapsed


def test_a_few_aliases_are_fine() -> None:
    """Reusing an anchor a few times is ordinary YAML and allowed."""
    doc = parse_yaml("a: &x {k: 1}\nb: *x\nc: *x\n", "t.yaml")
    assert doc.diagnostics == []
    assert doc.data == {"a": {"k": 1}, "b": {"k": 1}, "c": {"k": 1}}


@pytest.mark.parametrize(
    "content",
    [
        "a: " + "[" * 5000 + "]" * 5000,
        "".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "v\n",
        "a: &a [*a]\n",
    ],
    ids=["flow", "block", "recursive-alias"],
)
def test_deep_nesting_is_an_error_not_a_recursion_error(
    write_yaml: WriteYaml, content: str
) -> None:
    """Deep or self-referencing structures end in a clean error."""
    checks = _checks(write_yaml(content))
    assert checks
    assert set(checks) <= {"yaml-syntax", "yaml-too-deep", "yaml-alias-bomb"}


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("yes", "boolean"),
        ("'lots'", "not an amount"),
        ("0.000000005억원", "not a whole number"),
        ("1.5", "not a whole number"),
        ("-60억", "negative"),
        ("'-6,000,000,000'", "negative"),
        ("1" * 5000, "beyond any real budget"),
        ("9e99", "beyond any real budget"),
        (".inf", "not an amount"),
        ("0x10", "not an amount"),
        ("[1, 2]", "got list"),
    ],
)
def test_bad_amounts_are_located(value: str, fragment: str) -> None:
    """A bad envelope is an `amount` error at its own line and column."""
    text = BUDGET.replace("    national: 60억\n", f"    national: {value}\n")
    loaded = load_budget_text(text, "b.yaml")
    found = [d for d in loaded.diagnostics if d.check == "amount"]
    assert found, [str(d) for d in loaded.diagnostics]
    assert fragment in found[0].message
    assert found[0].location.line == 15  # the envelope's line
    assert found[0].location.column == (5 if value.startswith("[") else 15)  # value, or key


@pytest.mark.parametrize("written", ["    national: null\n", "    national: ~\n", ""])
def test_a_zone_without_national_funds_is_located(written: str) -> None:
    """A zone with an empty or missing 국비 (and no envelope rules) is an error at the zone,
    and the budget is good only for further checks."""
    text = BUDGET.replace("    national: 60억\n", written)
    loaded = load_budget_text(text, "b.yaml")
    (found,) = [d for d in loaded.diagnostics if d.check == "missing-key"]
    assert ("empty" if written else "missing") in found.message
    assert "envelopes section" in (found.hint or "")
    assert found.location.line == (15 if written else 14)
    assert loaded.salvaged


def test_cp949_file_is_decoded_with_a_warning(tmp_path: Path) -> None:
    """A file saved by Korean Windows (CP949) is read, and the warning says how to convert."""
    path = tmp_path / "budget.yaml"
    path.write_bytes(BUDGET.encode("cp949"))
    loaded = load_budget(path)
    assert loaded.model is not None
    (warning,) = loaded.diagnostics
    assert warning.check == "encoding"
    assert warning.severity == "warning"
    assert "CP949" in warning.message
    assert "iconv -f cp949 -t utf-8" in (warning.hint or "")


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    """A BOM from Notepad or Excel is not part of the text."""
    path = tmp_path / "budget.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + BUDGET.encode())
    loaded = load_budget(path)
    assert loaded.model is not None
    assert loaded.diagnostics == []


def test_undecodable_bytes_are_located(tmp_path: Path) -> None:
    """Bytes that are neither UTF-8 nor CP949 are an error with their line."""
    path = tmp_path / "budget.yaml"
    path.write_bytes(b"year: 2020\ntitle: \xff\xfe\xfd\n")
    (found,) = load_document(path).diagnostics
    assert found.check == "encoding"
    assert found.location.line == 2


def test_binary_garbage(tmp_path: Path) -> None:
    """Random bytes are called binary data, not parsed."""
    path = tmp_path / "budget.yaml"
    path.write_bytes(os.urandom(2048) + b"\x00")
    checks = _checks(path)
    assert checks
    assert set(checks) <= {"encoding", "yaml-syntax"}


@pytest.mark.slow
def test_a_50_mb_file_is_refused_in_bounded_time(tmp_path: Path) -> None:
    """A file over the size limit is refused from its size alone, without being read."""
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: costs no disk
    start = time.perf_counter()
    (found,) = load_document(path).diagnostics
    assert found.check == "file-too-large"
    assert time.perf_counter() - start < 0.5
    assert MAX_FILE_BYTES < 50 * 1024 * 1024


@pytest.mark.parametrize("kind", ["missing", "directory"])
def test_unreadable_files(tmp_path: Path, kind: str) -> None:
    """A missing file or a directory is `file-unreadable` (exit 2 in the CLI)."""
    path = tmp_path / "x.yaml"
    if kind == "directory":
        path.mkdir()
    (found,) = load_document(path).diagnostics
    assert found.check == "file-unreadable"


def test_unreadable_permission(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file without read permission is `file-unreadable` (simulated: CI runs as root)."""
    path = tmp_path / "x.yaml"
    path.write_text("a: 1")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("gangso_cli.core.yamlsource.open", refuse, raising=False)
    (found,) = load_document(path).diagnostics
    assert found.check == "file-unreadable"
    assert "Permission denied" in found.message


# --- fuzz: whatever the bytes, only clean diagnostics come out -------------------------

_yamlish = st.text(
    alphabet=st.sampled_from(list("abyz:-[]{},&*!%|>'\"#\n\t 0123456789.억만원%")), max_size=300
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_yamlish, st.binary(max_size=300).map(lambda b: b.decode("latin-1"))))
def test_fuzz_the_loader_only_clean_errors(text: str) -> None:
    """Random YAML-ish text never raises: it loads, or it yields located diagnostics."""
    loaded = load_budget_text(text, "fuzz.yaml")
    assert loaded.model is not None or loaded.diagnostics
    for diagnostic in loaded.diagnostics:
        assert diagnostic.location.file == "fuzz.yaml"
        assert diagnostic.message


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_fuzz_mutated_budgets(data: st.DataObject) -> None:
    """The valid budget with random characters replaced still never raises."""
    chars = list(BUDGET)
    for _ in range(data.draw(st.integers(1, 8))):
        i = data.draw(st.integers(0, len(chars) - 1))
        chars[i] = data.draw(st.sampled_from(list(":-[]{}&*!\n\t 0%억yes")))
    loaded = load_budget_text("".join(chars), "fuzz.yaml")
    assert loaded.model is not None or loaded.diagnostics


@pytest.mark.parametrize(
    ("content", "line", "column", "fixed"),
    [
        ("kind: region\nyear: 2020\nzone： gimhae\n", 3, 5, "zone: gimhae"),
        ("year: 2020\nlines:\n  - stage： growth\n    program: x\n", 3, 10, "- stage: growth"),
    ],
)
def test_a_full_width_colon_is_pointed_at(
    write_yaml: WriteYaml, content: str, line: int, column: int, fixed: str
) -> None:
    """A key typed with a Korean IME's '：' is an error at that colon, with the line as
    it should read (validate, end to end); a '：' inside a value is left alone."""
    path = write_yaml(content, "region.yaml")
    result = run("validate", path)
    assert result.exit_code == 1
    assert f"region.yaml:{line}:{column}: error[yaml-syntax] YAML syntax error: a full-width" in (
        result.stdout
    ), result.stdout
    assert f"hint: write the ASCII colon: {fixed}\n" in result.stdout
    value = write_yaml("year: 2020\nnote: 기간：2020\n: x\n", "value.yaml")
    assert "full-width" not in run("validate", value).stdout


def test_a_full_width_percent_is_named(write_yaml: WriteYaml) -> None:
    """'30％' (full-width, as a Korean IME types it) is refused saying so, with the fix,
    not as an amount that looks like '30%'."""
    region = (Path(__file__).parents[2] / "examples" / "region-gimhae-2020.yaml").read_text(
        encoding="utf-8"
    )
    assert "min_local_match: 20%" in region
    path = write_yaml(region.replace("min_local_match: 20%", "min_local_match: 20％"), "r.yaml")
    result = run("validate", path)
    assert result.exit_code == 1
    assert "error[share] policy.min_local_match: '20％' has a full-width ％;" in result.stdout
    assert "write the ASCII % sign: '20%'" in result.stdout


def test_a_change_dated_off_the_calendar_says_why(write_yaml: WriteYaml) -> None:
    """A change's date that is no day of the calendar is said so, with how to write it,
    not as a value that 'is not valid here'."""
    path = write_yaml(
        """\
        kind: changes
        year: 2020
        zone: gimhae
        changes:
          - date: 2020-13-03
            fund: national
            line: {stage: growth, program: 판로개척}
            carry: 사고이월
            reason: 해외 전시회 연기
            status: approved
        """,
        "changes.yaml",
    )
    result = run("validate", path)
    assert result.exit_code == 1
    assert (
        "changes.yaml:5:11: error[schema] changes[0].date: '2020-13-03' is not a date of the "
        "calendar\n  hint: write the date as 2020-07-15 (or 2020.7.15)\n"
    ) in result.stdout, result.stdout
    assert "not valid here" not in result.stdout
