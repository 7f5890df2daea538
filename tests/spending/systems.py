"""The worked example's ledger as each grant system downloads it (e나라도움, 보탬e, RCMS,
이지바로): title rows, the systems' own column names, funds as they write them, a 합계
row, and as a CP949 CSV, an .xlsx with merged cells (a two-row header where the system
has one) and an .xls. Column names from ../shared/domain.md ("What the systems'
downloads look like")."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.spending.helpers import rows as example_rows

Cell = str | int | dt.date


@dataclass
class Download:
    """A download as a grid of cells, and its merged ranges (row, col, last row, last col)."""

    grid: list[list[Cell]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    sheet: str = "Sheet1"


_SUB = {"연구활동비": "전문가활용비", "인건비": "내부인건비", "연구재료비": "재료비",
        "연구시설·장비비": "장비구입비"}  # fmt: skip
PARENT = "강소연구개발특구 육성사업"


def _examples() -> list[tuple[dt.date, str, str, str, int, str]]:
    """(date, 세부사업, 재원 국비/지방비, 비목, amount, 적요) of the worked example."""
    out = []
    for r in example_rows()[1:]:
        out.append(
            (dt.date.fromisoformat(r[0]), r[2], r[3], r[4], int(r[5].replace(",", "")), r[6])
        )
    return out


def _split(amount: int) -> tuple[int, int, int]:
    """공급가액, 부가세 and 집행취소 of an amount (a refund is a 집행취소)."""
    if amount < 0:
        return 0, 0, -amount
    supply = amount * 10 // 11
    return supply, amount - supply, 0


def _two_rows(upper: list[Cell], lower: list[Cell], top: int) -> list[tuple[int, int, int, int]]:
    """Merges of a two-row header: an upper cell alone merges down, a group merges across."""
    merges = []
    i = 0
    while i < len(upper):
        if lower[i] == "":
            merges.append((top, i, top + 1, i))
            i += 1
            continue
        j = i
        while j + 1 < len(upper) and upper[j + 1] == "" and lower[j + 1] != "":
            j += 1
        if j > i:
            merges.append((top, i, top, j))
        i = j + 1
    return merges


def enaradoum(two_row: bool = False) -> Download:
    """e나라도움: 집행실행일자 … 공급가액(A), 부가세(B), 집행취소(C), 집행금액(A+B)-C, 재원구분
    as 국고보조금 / 지자체부담금 / 자부담, dates yyyymmdd, a 합계 row."""
    names: list[Cell] = ["집행실행일자", "증빙구분", "집행용도", "사업명", "세부사업명", "재원구분",
                         "비목명", "세목명", "거래처명", "예금주명"]  # fmt: skip
    money: list[Cell] = ["공급가액(A)", "부가세(B)", "집행취소(C)", "집행금액(A+B)-C"]
    grid: list[list[Cell]] = [
        ["집행내역 조회"],
        ["조회기간 : 20200101 ~ 20200630"],
        ["총 18 건"],
        [],
    ]
    merges = [(0, 0, 0, 8)]
    top = len(grid)
    if two_row:
        upper = [*names, "금액", "", "", "", "취소사유"]
        lower = [*([""] * len(names)), *money, ""]
        grid += [upper, lower]
        merges += _two_rows(upper, lower, top)
    else:
        grid.append([*names, *money, "취소사유"])
    fund_ko = {"국비": "국고보조금", "지방비": "지자체부담금"}
    entries = [(d, p, fund_ko[f], c, a, m) for d, p, f, c, a, m in _examples()]
    entries.insert(
        3, (dt.date(2020, 3, 31), "의생명 창업보육", "자부담", "인건비", 5_000_000, "자부담분")
    )
    totals = [0, 0, 0, 0]
    for day, program, fund, category, amount, memo in entries:
        supply, vat, cancel = _split(amount)
        parts = [supply, vat, cancel, amount]
        totals = [t + p for t, p in zip(totals, parts, strict=True)]
        grid.append([
            day.strftime("%Y%m%d"), "세금계산서", memo, PARENT, program, fund, category,
            _SUB[category], "(주)거래처", "(주)거래처", *parts, "전시회 취소" if cancel else "",
        ])  # fmt: skip
    grid.append(["합계", "", "", "", "", "", "", "", "", "", *totals, ""])
    return Download(grid, merges, "집행내역")


def botame(two_row: bool = False) -> Download:
    """보탬e: funds as amount columns of one row (국비, 지방비 and 자부담 집행금액), 보조세목
    (통계목), amounts with commas, a 합계 row."""
    names: list[Cell] = ["순번", "집행실행일자", "집행방식", "집행목적(용도)", "검증검토 진행상태",
                         "세부사업명", "보조세목(통계목)"]  # fmt: skip
    funds: list[Cell] = ["국비 집행금액", "지방비 집행금액", "자부담 집행금액"]
    tail: list[Cell] = ["불인정금액", "거래처명"]
    grid: list[list[Cell]] = [["보조금 집행내역"], ["사업기간 : 2020-01-01 ~ 2020-12-31"], []]
    merges = [(0, 0, 0, 6)]
    top = len(grid)
    if two_row:
        upper = [*names, "집행금액", "", "", *tail]
        lower = [*([""] * len(names)), "국비", "지방비", "자부담", "", ""]
        grid += [upper, lower]
        merges += _two_rows(upper, lower, top)
    else:
        grid.append([*names, *funds, *tail])
    examples = _examples()
    merged: list[tuple[dt.date, str, str, str, dict[str, int]]] = []
    for day, program, fund, category, amount, memo in examples:
        last = merged[-1] if merged else None
        if last and last[0] == day and last[1] == program and fund not in last[4]:
            last[4][fund] = amount
        else:
            merged.append((day, program, category, memo, {fund: amount}))
    sums = [0, 0, 0]
    for n, (day, program, category, memo, by_fund) in enumerate(merged, start=1):
        figures = [by_fund.get("국비", 0), by_fund.get("지방비", 0), 0]
        sums = [s + f for s, f in zip(sums, figures, strict=True)]
        grid.append([
            str(n), day.isoformat(), "계좌이체", memo, "검토완료", program, _SUB[category],
            *(f"{f:,}" for f in figures), "0", "(주)거래처",
        ])  # fmt: skip
    grid.append(["합계", "", "", "", "", "", "", *(f"{s:,}" for s in sums), "0", ""])
    return Download(grid, merges, "집행내역")


def rcms(two_row: bool = False) -> Download:
    """RCMS: 사용일자, 세세목, 품목명, 증빙구분, 거래처, 용도, 사용금액, 공급금액,
    부가가치세액 (the identity checked), dates 2020.03.16, a 합계 footer."""
    del two_row  # RCMS's download has one header row
    grid: list[list[Cell]] = [
        ["연구비 사용내역"],
        ["과제번호 : 2020-GS-001", "", "기관 : 김해"],
        [],
    ]
    grid.append(["사용일자", "세부사업명", "재원", "세세목", "품목명", "증빙구분", "거래처", "용도",
                 "사용금액", "공급금액", "부가가치세액"])  # fmt: skip
    fund_ko = {"국비": "국비", "지방비": "시비"}
    total = 0
    for day, program, fund, category, amount, memo in _examples():
        supply, vat, cancel = _split(amount)
        supply -= cancel
        total += amount
        grid.append([
            day.strftime("%Y.%m.%d"), program.replace("·", " "), fund_ko[fund], _SUB[category],
            "품목", "카드", "(주)거래처", memo, f"{amount:,}", f"{supply:,}", f"{vat:,}",
        ])  # fmt: skip
    grid.append(["합계", "", "", "", "", "", "", "", f"{total:,}", "", ""])
    return Download(grid, [(0, 0, 0, 5)], "사용내역")


def ezbaro(two_row: bool = False) -> Download:
    """이지바로: 결의순번, 결의제목, 비목, 세목, 집행방법, 공급금액 (the amount), 연구비이체금액,
    재원 as 국고 / 시·도비."""
    del two_row
    grid: list[list[Cell]] = [["연구비 집행 결의 목록"], []]
    grid.append(["결의순번", "결의일자", "결의제목", "사업명", "세부사업명", "재원", "비목", "세목",
                 "집행방법", "공급금액", "연구비이체금액"])  # fmt: skip
    fund_ko = {"국비": "국고", "지방비": "시·도비"}
    for n, (day, program, fund, category, amount, memo) in enumerate(_examples(), start=1):
        grid.append([
            f"{n:04d}", day.strftime("%Y/%m/%d"), memo, PARENT, program, fund_ko[fund], category,
            _SUB[category], "계좌이체", f"{amount:,}", f"{amount:,}",
        ])  # fmt: skip
    return Download(grid, [(0, 0, 0, 4)], "결의내역")


SYSTEMS: dict[str, Callable[..., Download]] = {
    "enaradoum": enaradoum, "botame": botame, "rcms": rcms, "ezbaro": ezbaro,
}  # fmt: skip


def write_csv(download: Download, path: Path, encoding: str = "cp949", sep: str = ",") -> Path:
    """As a CSV (CP949 by default, as the systems' CSV downloads are), merges as their
    first cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", delimiter=sep)
    for row in download.grid:
        writer.writerow([c.isoformat() if isinstance(c, dt.date) else c for c in row])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(download: Download, path: Path, numbers: bool = True) -> Path:
    """As an .xlsx: merged cells merged, plain figures as number cells, dates as date cells."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet(download.sheet)
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    merged = {(r, c): (r2, c2) for r, c, r2, c2 in download.merges}
    covered = {(rr, cc) for r, c, r2, c2 in download.merges
               for rr in range(r, r2 + 1) for cc in range(c, c2 + 1)}  # fmt: skip
    for r, row in enumerate(download.grid):
        for c, cell in enumerate(row):
            value = _typed(cell) if numbers else cell
            if (r, c) in merged:
                r2, c2 = merged[(r, c)]
                sheet.merge_range(r, c, r2, c2, "" if isinstance(value, dt.date) else value)
            elif (r, c) in covered:
                continue
            elif isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), dates)
            else:
                sheet.write(r, c, value)
    book.close()
    return path


def write_xls(download: Download, path: Path) -> Path:
    """As a legacy .xls (BIFF8, by xlwt: a test-only writer), merges merged."""
    import xlwt  # type: ignore[import-untyped]

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet(download.sheet)
    merged = {(r, c): (r2, c2) for r, c, r2, c2 in download.merges}
    covered = {(rr, cc) for r, c, r2, c2 in download.merges
               for rr in range(r, r2 + 1) for cc in range(c, c2 + 1)}  # fmt: skip
    for r, row in enumerate(download.grid):
        for c, cell in enumerate(row):
            value = _typed(cell)
            if isinstance(value, dt.date):
                value = value.isoformat()
            if (r, c) in merged:
                r2, c2 = merged[(r, c)]
                sheet.write_merge(r, r2, c, c2, value)
            elif (r, c) not in covered:
                sheet.write(r, c, value)
    book.save(str(path))
    return path


_ODS_CONTENT = (
    '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    '<office:body><office:spreadsheet><table:table table:name="{name}">{rows}</table:table>'
    "</office:spreadsheet></office:body></office:document-content>"
)


_ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def write_ods(download: Download, path: Path) -> Path:
    """As an OpenDocument spreadsheet (.ods), written by hand: the zip's mimetype first,
    one table of string and float cells (a merged range as its first cell, the rest empty,
    which is how a reader sees it)."""
    import html
    import zipfile

    def cell(value: Cell) -> str:
        value = _typed(value)
        if isinstance(value, int):
            return (f'<table:table-cell office:value-type="float" office:value="{value}">'
                    f"<text:p>{value}</text:p></table:table-cell>")  # fmt: skip
        text = html.escape(value.isoformat() if isinstance(value, dt.date) else value)
        return (f'<table:table-cell office:value-type="string"><text:p>{text}</text:p>'
                "</table:table-cell>")  # fmt: skip

    rows = "".join(
        "<table:table-row>" + ("".join(cell(c) for c in row) or "<table:table-cell/>")
        + "</table:table-row>"
        for row in download.grid
    )  # fmt: skip
    with zipfile.ZipFile(path, "w") as book:
        book.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        book.writestr("META-INF/manifest.xml", _ODS_MANIFEST, zipfile.ZIP_DEFLATED)
        book.writestr(
            "content.xml", _ODS_CONTENT.format(name=download.sheet, rows=rows), zipfile.ZIP_DEFLATED
        )
    return path


def _typed(cell: Cell) -> Cell:
    """A figure written with commas as the number it is (a workbook's number cell)."""
    if isinstance(cell, str) and cell.replace(",", "").lstrip("-").isdigit() and "," in cell:
        return int(cell.replace(",", ""))
    return cell


#: The examples/ ledgers: one per system, each in a format the system downloads.
EXAMPLES = {
    "enaradoum": ("examples/ledger-enaradoum-gimhae-2020.xlsx", write_xlsx),
    "botame": ("examples/ledger-botame-gimhae-2020.xls", write_xls),
    "rcms": ("examples/ledger-rcms-gimhae-2020.csv", write_csv),
    "ezbaro": ("examples/ledger-ezbaro-gimhae-2020.xlsx", write_xlsx),
}


if __name__ == "__main__":  # python -m tests.spending.systems: rewrite the examples
    for name, (target, writer) in EXAMPLES.items():
        writer(SYSTEMS[name](two_row=writer is not write_csv), Path(target))
        print("wrote", target)
