"""A CSV that changes encoding part-way is reported at the line where it does, though the
reader decodes in chunks of kilobytes (it said "after line 2924" for a break at 3002)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run
from tests.spending.helpers import REGION


def test_an_encoding_break_is_reported_at_its_line(tmp_path: Path) -> None:
    """UTF-8 for 3,000 lines (well past the sniffed head), then a CP949 row at 3,002."""
    lines = ["집행일자,특구,세부사업,재원,집행금액,적요"]
    lines += [f"2020-03-16,김해,판로개척,국비,1,적요 {n}" for n in range(3000)]
    data = ("\r\n".join(lines) + "\r\n").encode("utf-8")
    data += "2020-03-16,김해,판로개척,국비,1,한글\r\n".encode("cp949")
    data += "2020-03-16,김해,판로개척,국비,1,끝\r\n".encode()
    ledger = tmp_path / "a.csv"
    ledger.write_bytes(data)
    result = run("execution", str(ledger), "--budget", REGION)
    assert result.exit_code == 2, result.output
    assert "error[file-unreadable] the file changes encoding at line 3002 (read as utf-8)" in (
        result.stderr
    )
    assert "were not read" in result.stderr
