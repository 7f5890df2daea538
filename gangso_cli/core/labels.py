"""Every Korean label gangso shows, defined once: funds, bases, statuses, stages.

Views, checks and writers read these; none spells a label of its own, so 국비 is written
the same way in a table header, a diagnostic and a workbook.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

#: The two funds of every budget line.
FUND_KO: dict[str, str] = {"national": "국비", "local": "지방비"}

#: The label of a total row or column.
TOTAL_KO = "합계"

#: Where a figure comes from (see ``Basis`` in :mod:`gangso_cli.core.budget`).
BASIS_KO: dict[str, str] = {
    "official": "공식",
    "reported": "보도",
    "derived": "산출",
    "illustrative": "예시",
}

#: A figure resting on an assumed result (the fourth 2025 incentive zone): 가정, not 예시.
ASSUMED_KO = "가정"

#: How a budget line changed between two versions of a budget (``gangso diff``).
LINE_STATUS_KO: dict[str, str] = {"added": "신규", "removed": "삭제", "changed": "변경"}

#: A budget change's class under the year's policy (경미한 변경 or not).
CHANGE_CLASS_KO: dict[str, str] = {"minor": "경미", "approval": "승인 필요", "unclassed": "미분류"}

#: What became of a change request.
CHANGE_STATUS_KO: dict[str, str] = {"requested": "요청", "approved": "승인", "rejected": "반려"}

#: The commercialisation platform's three stages, in full and short (column headers).
PLATFORM_KO: dict[str, str] = {
    "discovery": "기술발굴",
    "transfer": "기술이전·창업",
    "growth": "기업성장지원",
}
PLATFORM_SHORT_KO: dict[str, str] = {"discovery": "발굴", "transfer": "이전·창업", "growth": "성장"}


#: What a table's title says when some of its figures are illustrative (예시).
ILLUSTRATIVE_MARK = "예시 포함"


def marked_title(title: str, illustrative: bool) -> str:
    """A title that says so when the table's figures are all or partly illustrative:
    ``2026년 특구별·단계별 배분 (예시 포함)``."""
    return f"{title} ({ILLUSTRATIVE_MARK})" if illustrative else title


def basis_name(basis: str | None) -> str:
    """The Korean name of a basis (``reported`` → 보도); empty when none is given."""
    return BASIS_KO[basis] if basis else ""


class _Named(Protocol):
    @property
    def name(self) -> str: ...


def zone_name(zones: Mapping[str, _Named], zone_id: str) -> str:
    """A zone's Korean name, or its id when the registry does not know it."""
    zone = zones.get(zone_id)
    return zone.name if zone else zone_id
