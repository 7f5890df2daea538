"""Hostile ledgers end in located errors, never a traceback: amounts past the ceiling,
non-finite and non-integral number cells, damaged workbooks (at open or part-way), the
fourteen shapes a crash-fuzz campaign found, and a seeded fuzz over CSV and XLSX."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from gangso_cli.core.cells import CellError, parse_date
from gangso_cli.spending.amounts import parse_ledger_amount
from tests.conftest import run
from tests.spending import systems
from tests.spending.helpers import CHANGES, REGION, write_csv
from tests.spending.helpers import rows as example_rows


def _xlsx_bytes() -> bytes:
    """The worked example as an .xlsx with number cells."""
    table = example_rows()
    grid: list[list[systems.Cell]] = [list(table[0])]
    grid += [[*r[:5], int(r[5].replace(",", "")), r[6]] for r in table[1:]]
    buffer = io.BytesIO()
    import xlsxwriter

    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("집행내역")
    for r, row in enumerate(grid):
        sheet.write_row(r, 0, row)
    book.close()
    return buffer.getvalue()


def _with_sheet(data: bytes, change: bytes, to: bytes) -> bytes:
    """The workbook with its sheet's XML changed (the first ``change`` → ``to``)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                assert change in content, change
                content = content.replace(change, to, 1)
            target.writestr(name, content)
    return out.getvalue()


def _no_traceback(result: object) -> None:
    exception = getattr(result, "exception", None)
    assert exception is None or isinstance(exception, SystemExit), repr(exception)


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("9" * 34, "is beyond any real budget (1,000조 원 or more)"),
        ("9" * 4400, "is beyond any real budget (1,000조 원 or more)"),
        ("1,000,000,000,000,000", "is beyond any real budget"),
        ("1_000", "'1_000' is not an amount"),
    ],
)
def test_amounts_past_the_ceiling_or_odd_are_refused_at_their_row(
    tmp_path: Path, cell: str, message: str
) -> None:
    """An amount of 1,000조 or more (any length), or written with an underscore, is a
    ledger-amount error at its cell, as a budget file's would be."""
    table = example_rows()
    table[2][5] = cell
    result = run("execution", write_csv(tmp_path / "a.csv", table), "--budget", REGION)
    _no_traceback(result)
    assert result.exit_code == 1
    assert "a.csv:3:6: error[ledger-amount] 집행금액 " in result.stderr
    assert message in result.stderr


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("²", "'²' is not a date; write it as YYYY-MM-DD"),
        ("²²²²²²²²", "is not a date; write it as YYYY-MM-DD"),
        ("١٢٣٤٥", "is not a date; write it as YYYY-MM-DD"),
        ("1" * 5000, "'11111111111111111111…' is not a date (5,000 characters)"),
    ],
)
def test_dates_of_odd_digits_or_any_length_are_refused_at_their_row(
    tmp_path: Path, cell: str, message: str
) -> None:
    """A date of digits int() refuses (², ①) or of thousands of digits is a ledger-date error
    at its cell that quotes the cell cut short, never a traceback."""
    table = example_rows()
    table[2][0] = cell
    result = run("execution", write_csv(tmp_path / "a.csv", table), "--budget", REGION)
    _no_traceback(result)
    assert result.exit_code == 1
    assert "a.csv:3:1: error[ledger-date] 집행일자 " in result.stderr
    assert message in result.stderr
    assert "1" * 100 not in result.stderr
    with pytest.raises(CellError, match="is not a date"):
        parse_date(cell)


def test_a_change_dated_in_odd_digits_is_a_located_schema_error(tmp_path: Path) -> None:
    """``gangso validate`` of a changes file with such a date says what is wrong at its line."""
    text = Path(CHANGES).read_text(encoding="utf-8")
    text = text.replace("date: 2020-07-15", 'date: "²"').replace(
        "date: 2020-08-03", f'date: "{"1" * 5000}"'
    )
    changes = tmp_path / "c.yaml"
    changes.write_text(text, encoding="utf-8")
    result = run("validate", changes, "--budget", REGION)
    _no_traceback(result)
    assert result.exit_code == 1
    assert "c.yaml:14:11: error[schema] changes[0].date: '²' is not a date;" in result.output
    assert "changes[1].date: '11111111111111111111…' is not a date (5,000" in result.output


def test_refunds_in_parentheses_take_a_unit_inside_or_out() -> None:
    """(603,556원), (603천원) and (603)천원 are refunds, as -603,556원 and △603천원 are."""
    assert parse_ledger_amount("(603,556원)", 1) == -603_556
    assert parse_ledger_amount("(603천원)", 1) == -603_000
    assert parse_ledger_amount("(603)천원", 1) == -603_000
    assert parse_ledger_amount("△603천원", 1) == -603_000
    with pytest.raises(CellError):
        parse_ledger_amount(float("nan"), 1)


@pytest.mark.parametrize(
    ("change", "to", "where"),
    [
        (b"<v>120000000</v>", b"<v>1e999</v>", ":집행내역:2:6: error[ledger-amount]"),
        (b"<v>120000000</v>", b"<v>inf</v>", ":집행내역:2:6: error[ledger-amount]"),
        (b"<v>120000000</v>", b"<v>0x10</v>", ":집행내역:2:6: error[ledger-amount]"),
        (b"<v>120000000</v>", b"<v>12.5</v>", ":집행내역:2:6: error[ledger-amount]"),
        (b'r="A2"', b'r="ZZZZ2"', ":집행내역:2:1: error[ledger-date]"),
        (b'<row r="3"', b'<row r="x"', ": error[file-unreadable]"),
        (b"</sheetData>", b"<row", ": error[file-unreadable]"),
        (b'<c r="F2"', b'<c t="d" r="F2"', ""),
    ],
)
def test_a_damaged_workbook_is_the_files_problem(
    tmp_path: Path, change: bytes, to: bytes, where: str
) -> None:
    """A cell that is no finite whole number is refused at its cell; XML or references the
    reader cannot take make the file unreadable (exit 2); never a traceback."""
    path = tmp_path / "w.xlsx"
    path.write_bytes(_with_sheet(_xlsx_bytes(), change, to))
    result = run("execution", path, "--budget", REGION)
    _no_traceback(result)
    assert result.exit_code in (0, 1, 2)
    if where:  # a date-typed cell holding a number is read as the number it holds
        assert f"w.xlsx{where}" in result.stderr


@pytest.mark.parametrize("damage", ["truncated", "flipped", "zip-version", "empty-zip"])
def test_a_workbook_that_cannot_be_opened_exits_2(tmp_path: Path, damage: str) -> None:
    """A truncated or bit-flipped workbook or a zip with no workbook in it is
    file-unreadable (exit 2), in the file's terms; a zip that names an unknown version
    (Python's zipfile refused it) is read or refused, never a traceback."""
    data = _xlsx_bytes()
    if damage == "truncated":
        data = data[: len(data) // 2]
    elif damage == "flipped":
        flipped = bytearray(data)
        for i in range(100, len(flipped), 89):
            flipped[i] ^= 0x5A
        data = bytes(flipped)
    elif damage == "zip-version":
        data = data.replace(b"PK\x03\x04\x14\x00", b"PK\x03\x04\xc9\x00").replace(
            b"PK\x01\x02\x14\x00\x14\x00", b"PK\x01\x02\x14\x00\xc9\x00"
        )
    else:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as empty:
            empty.writestr("hello.txt", "no workbook")
        data = buffer.getvalue()
    path = tmp_path / "d.xlsx"
    path.write_bytes(data)
    result = run("execution", path, "--budget", REGION)
    _no_traceback(result)
    if damage != "zip-version":  # the reader reads past a version it does not know
        assert result.exit_code == 2
        assert "d.xlsx" in result.stderr
        assert "error[file-unreadable]" in result.stderr
        assert "Cannot detect file format" not in result.stderr  # the reader's words
    if damage in ("truncated", "empty-zip"):
        assert "not a readable workbook: it is damaged, or its content is not" in result.stderr


def test_separators_and_an_html_table_saved_as_xls(tmp_path: Path) -> None:
    """Tab- and semicolon-separated ledgers are told from their lines (Excel's UTF-16
    "Unicode text" too); an HTML table saved with an .xls name is read as the table it
    is."""
    table = example_rows()
    for sep, name in (("\t", "t.tsv"), (";", "s.csv")):
        ledger = systems.write_csv(systems.Download(table), tmp_path / name, "utf-8", sep)  # type: ignore[arg-type]
        result = run("execution", ledger, "--budget", REGION)
        assert result.exit_code == 0, result.stderr
        assert "17 ledger rows read: 0 errors" in result.stderr
    unicode_text = systems.write_csv(systems.Download(table), tmp_path / "u.txt", "utf-16", "\t")  # type: ignore[arg-type]
    result = run("execution", unicode_text, "--budget", REGION)
    assert result.exit_code == 0, result.stderr
    assert "17 ledger rows read: 0 errors" in result.stderr
    cells = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in table)
    page = tmp_path / "page.xls"
    page.write_text(f"<html><body><table>{cells}</table></body></html>", encoding="utf-8")
    result = run("execution", page, "--budget", REGION)
    assert result.exit_code == 0, result.stderr
    assert "17 ledger rows read: 0 errors" in result.stderr


@pytest.mark.parametrize("span", ["²", "1" * 5000, "-3", "99999"])
def test_an_html_tables_odd_colspan_is_one_column(tmp_path: Path, span: str) -> None:
    """A colspan int() refuses (², 5,000 digits) or out of bounds spans one column, so the
    header is read and its missing columns reported; never a traceback."""
    page = tmp_path / "t.xls"
    page.write_text(
        f'<table><tr><td colspan="{span}">집행일자</td><td>특구</td></tr></table>',
        encoding="utf-8",
    )
    result = run("execution", page, "--budget", REGION)
    _no_traceback(result)
    assert result.exit_code == 1
    assert "t.xls:1: error[ledger-header] no column for" in result.stderr
    assert "the header row has: '집행일자', '특구'" in result.stderr


def test_an_html_parser_failure_is_the_files_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever the HTML parser raises on a page saved as .xls is file-unreadable (exit 2)."""
    from gangso_cli.spending import htmltable

    def broken(text: str) -> list[list[str]]:
        raise AssertionError("unknown status keyword")

    monkeypatch.setattr(htmltable, "html_rows", broken)
    page = tmp_path / "t.xls"
    page.write_text("<table><tr><td>집행일자</td></tr></table>", encoding="utf-8")
    result = run("execution", page, "--budget", REGION)
    _no_traceback(result)
    assert result.exit_code == 2
    assert "t.xls: error[file-unreadable] not a readable HTML table:" in result.stderr


_CSV = "\r\n".join(",".join(f'"{c}"' for c in row) for row in example_rows()).encode("utf-8")
_BYTES = st.binary(min_size=1, max_size=12)
_EDITS = st.lists(st.tuples(st.floats(0, 1), _BYTES, st.booleans()), min_size=1, max_size=6)


def _mutate(data: bytes, edits: list[tuple[float, bytes, bool]]) -> bytes:
    """Bytes replaced or inserted at places spread over the data."""
    out = bytearray(data)
    for where, chunk, replace in edits:
        at = int(where * (len(out) - 1))
        out[at : at + (len(chunk) if replace else 0)] = chunk
    return bytes(out)


_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _enaradoum_csv() -> bytes:
    """The e나라도움 download as CP949 CSV: title rows, parts of the amount, 합계 (the
    shaped reading path)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(
        [[str(c) for c in row] for row in systems.enaradoum().grid]
    )
    return buffer.getvalue().encode("cp949")


_BASES = st.sampled_from([_CSV, _enaradoum_csv()])


@seed(15)
@_SETTINGS
@given(base=_BASES, edits=_EDITS)
def test_fuzzed_csv_ledgers_never_crash(
    tmp_path: Path, base: bytes, edits: list[tuple[float, bytes, bool]]
) -> None:
    """Mutated CSV ledgers (a plain one, and a system's download with title rows, amount
    parts and a 합계) end in a report or located errors, never a traceback."""
    path = tmp_path / "f.csv"
    path.write_bytes(_mutate(base, edits))
    result = run("execution", path, "--budget", REGION, "--format", "json")
    _no_traceback(result)
    assert result.exit_code in (0, 1, 2)


_XML_EDITS = st.lists(
    st.tuples(
        st.floats(0, 1),
        st.sampled_from([b"1e999", b"-", b"<", b'"', b"x", b"99999999999999999999", b"<v>", b""]),
        st.booleans(),
    ),
    min_size=1,
    max_size=4,
)


@seed(15)
@_SETTINGS
@given(edits=_XML_EDITS)
def test_fuzzed_xlsx_ledgers_never_crash(
    tmp_path: Path, edits: list[tuple[float, bytes, bool]]
) -> None:
    """XLSX ledgers whose sheet XML is mutated end in a report or located errors, never a
    traceback."""
    data = _xlsx_bytes()
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                content = _mutate(content, edits)
            target.writestr(name, content)
    path = tmp_path / "f.xlsx"
    path.write_bytes(out.getvalue())
    result = run("execution", path, "--budget", REGION, "--format", "json")
    _no_traceback(result)
    assert result.exit_code in (0, 1, 2)


def test_a_big_xlsx_is_streamed_to_the_same_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An .xlsx over the streaming threshold is read row by row (flat memory) to the same
    figures; a damaged one is still the file's problem, never a traceback."""
    from gangso_cli.spending import sheets
    from tests.spending.helpers import LEDGER, execution_json, spent

    monkeypatch.setattr(sheets, "STREAM_BYTES", 0)
    ledger = systems.write_xlsx(systems.enaradoum(two_row=True), tmp_path / "big.xlsx")
    assert spent(execution_json(ledger)) == spent(execution_json(LEDGER))
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(_with_sheet(_xlsx_bytes(), b"</sheetData>", b"<row"))
    result = run("execution", broken, "--budget", REGION)
    _no_traceback(result)
    assert result.exit_code == 2
    assert "broken.xlsx:집행내역: error[file-unreadable]" in result.stderr
