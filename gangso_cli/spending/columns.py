"""Column roles, not column names: which column of a ledger's header holds the date, the
line, the fund, the amount (or its parts: 공급가액 + 부가세 − 집행취소), the 비목 and 세목,
and which columns hold one fund's amount each (보탬e's ``지방비 집행금액``).

Every system names its columns its own way, and most export more of them than gangso
needs: 사업명 beside 세부사업명, 비목 beside 세목, 적요 beside 집행용도. Each header gets a
role and a rank (how specific it is); per role the best-ranked column is taken and the
others left alone. Only two columns of one rank for a role gangso cannot do without are a
problem. A column named in a column map takes its role first (and ``-`` ignores it).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from gangso_cli.core.diagnostics import Diagnostic, SourceLocation
from gangso_cli.spending.funds import fund_key

__all__ = ["FIELDS", "HEADER_ALIASES", "IGNORE", "REQUIRED", "Layout", "assign", "role_of"]

#: What a ledger column can hold; ``-`` in a column map ignores a column.
FIELDS = (
    "date", "zone", "program", "fund", "amount", "memo", "category", "subcategory", "stage",
    "supply", "vat", "cancel", "national_amount", "local_amount", "own_amount",
)  # fmt: skip
REQUIRED = ("date", "zone", "program", "fund", "amount")
IGNORE = "-"

#: Headers per role, the most telling first (compared without spaces, and without a
#: bracketed part: ``집행금액(A+B)-C`` is 집행금액, ``공급가액(A)`` is 공급가액).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "date": (
        "집행일자", "집행실행일자", "사용일자", "지출일자", "지급일자", "거래일자", "결의일자",
        "집행일", "일자", "date",
    ),
    "zone": ("특구", "특구명", "특구id", "zone", "zone_id"),
    # the most specific level of the programme's tree is the budget's line
    "program": (
        "내역사업명", "내역사업", "세부사업명", "세부사업", "보조사업명", "사업명", "프로그램",
        "program",
    ),
    "fund": ("재원", "재원구분", "재원명", "재원유형", "fund"),
    "amount": (
        "집행금액", "사용금액", "집행액", "사용실행금액", "집행실행금액", "지출금액", "지급금액",
        "금액", "amount", "amount_won",
    ),
    "memo": (
        "적요", "집행용도", "집행목적", "용도", "결의제목", "품목명", "내용", "비고", "memo",
    ),
    "category": ("비목", "비목명", "category"),
    "subcategory": ("세목", "세목명", "세세목", "세부비목", "보조세목", "통계목", "subcategory"),
    "stage": ("단계", "단계id", "stage", "stage_id"),
    "supply": ("공급가액", "공급금액", "공급가", "supply"),
    "vat": ("부가세", "부가가치세", "부가가치세액", "부가세액", "vat"),
    "cancel": ("집행취소", "집행취소금액", "취소금액", "cancel"),
}  # fmt: skip
_RANK = {
    alias.lower(): (role, rank)
    for role, aliases in HEADER_ALIASES.items()
    for rank, alias in enumerate(aliases)
}
_UNIT_IN_HEADER = re.compile(r"[(\[（［]\s*(천원|원|백만원)\s*[)\]）］]$")
_BRACKETED = re.compile(r"[(\[（［][^)\]）］]*[)\]）］]")
_AMOUNT_WORDS = ("", "집행금액", "금액", "집행액", "사용금액", "집행")
_FUND_ROLE = {"national": "national_amount", "local": "local_amount", "own": "own_amount"}


def normal(header: object) -> str:
    """A header as roles compare it: NFKC, no spaces or BOM."""
    text = unicodedata.normalize("NFKC", str(header or "")).lstrip("\ufeff")
    return "".join(text.split())


def role_of(header: object) -> tuple[str, int, str | None] | None:
    """The role a header names, its rank (0 = the most telling) and the unit it states
    (``집행금액(천원)``), or None for a column gangso does not read."""
    text = normal(header)
    unit = None
    found = _UNIT_IN_HEADER.search(text)
    if found:
        unit, text = found.group(1), text[: found.start()]
    bare = _BRACKETED.sub("", text)
    bare = re.sub(r"[-+][A-Za-z]+$", "", bare).strip("-_:")
    for key in (text.lower(), bare.lower()):
        if key in _RANK:
            role, rank = _RANK[key]
            return role, rank, unit
    # one fund's amount: 국비, 지방비 집행금액, 자부담 집행금액
    for cut in range(len(bare), 1, -1):
        fund = fund_key(bare[:cut])
        if fund is not None and bare[cut:] in _AMOUNT_WORDS:
            return _FUND_ROLE[fund], 0, unit
    return None


@dataclass
class Layout:
    """Where each role's column is (0-based), as the header gives it."""

    columns: dict[str, int] = field(default_factory=dict)
    #: The line's columns, the most specific first (세부사업명 before 사업명).
    programs: list[int] = field(default_factory=list)
    #: Funds as amount columns: fund → its columns (보탬e: 지방비, 자부담 집행금액).
    funds: dict[str, list[int]] = field(default_factory=dict)
    #: The unit the amount's header states (``집행금액(천원)``).
    unit: str | None = None
    #: The column whose header states it (0-based).
    unit_column: int | None = None
    #: The line of every row, from a title row (``세부사업명 : 판로개척``), when no column
    #: names one.
    line: str | None = None

    @property
    def simple(self) -> bool:
        """One column per field the reading loop needs: no row needs shaping first."""
        columns = self.columns
        return (
            all(name in columns for name in REQUIRED)
            and len(self.programs) <= 1
            and "subcategory" not in columns
            and not ({"supply", "vat", "cancel"} & columns.keys())
        )


def assign(
    headers: Sequence[object],
    mapping: dict[str, str],
    where: SourceLocation,
) -> tuple[Layout, list[Diagnostic]]:
    """Give each header its role: a mapped header first (``-`` ignores it), then by name;
    per role the best-ranked column. Two columns of one rank for a role that has no room
    for two are a ``ledger-header`` problem; a missing role is for the caller to judge."""
    mapped = {normal(k): v for k, v in mapping.items()}
    candidates: dict[str, list[tuple[int, int, int]]] = {}  # role → (explicit, rank, column)
    units: dict[int, str] = {}
    for i, header in enumerate(headers):
        key = normal(header)
        if not key:
            continue
        if key in mapped:
            if mapped[key] != IGNORE:
                candidates.setdefault(mapped[key], []).append((0, 0, i))
            continue
        found = role_of(header)
        if found is not None:
            role, rank, unit = found
            candidates.setdefault(role, []).append((1, rank, i))
            if unit:
                units[i] = unit
    layout, problems = Layout(), list[Diagnostic]()
    for role, options in candidates.items():
        options.sort()
        if role.endswith("_amount"):
            layout.funds[role.removesuffix("_amount")] = [i for _, _, i in options]
            continue
        if role == "program":
            layout.programs = [i for _, _, i in options]
        best = options[0]
        twin = next((c for c in options[1:] if c[:2] == best[:2]), None)
        if twin is not None and role in (*REQUIRED, "supply", "vat", "cancel"):
            first, second = str(headers[best[2]]).strip(), str(headers[twin[2]]).strip()
            problems.append(
                Diagnostic(
                    "ledger-header",
                    f"two columns hold {role}: {first!r} and {second!r}",
                    SourceLocation(where.file, where.line, twin[2] + 1, sheet=where.sheet),
                    hint=f"ignore one of them ('{second}=-'), or map it to another field",
                )
            )
        layout.columns[role] = best[2]
    if "category" not in layout.columns and "subcategory" in layout.columns:
        # a 세목 alone (RCMS's 세세목) is the only 비목 the ledger gives
        layout.columns["category"] = layout.columns.pop("subcategory")
    problems += _units(layout, units, headers, where)
    return layout, problems


def _units(
    layout: Layout, units: dict[int, str], headers: Sequence[object], where: SourceLocation
) -> list[Diagnostic]:
    """The unit the amount columns state (집행금액, its parts, each fund's): one, or a
    ``ledger-header`` problem where they disagree (a unit is never guessed)."""
    cols = layout.columns
    read = [cols.get(role) for role in ("amount", "supply", "vat", "cancel")]
    read += [i for columns in layout.funds.values() for i in columns]
    stated = [(i, units[i]) for i in read if i is not None and i in units]
    if not stated:
        return []
    first, unit = stated[0]
    layout.unit, layout.unit_column = unit, first
    other = next(((i, u) for i, u in stated if u != unit), None)
    if other is None:
        return []
    return [
        Diagnostic(
            "ledger-header",
            f"the amount columns state two units: {str(headers[first]).strip()!r} says {unit}, "
            f"{str(headers[other[0]]).strip()!r} says {other[1]}",
            SourceLocation(where.file, where.line, other[0] + 1, sheet=where.sheet),
            hint="write one unit in every amount column's header",
        )
    ]
