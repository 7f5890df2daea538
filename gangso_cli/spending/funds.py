"""재원 as the systems write it: 국고보조금 and 국고 are 국비; 지자체부담금 and every level
of local government's money (시비, 도비, 군비, 구비, 시·도비) are 지방비; 자부담, 자기부담
and 민간부담 are the recipient's own funds, which a budget of 국비 and 지방비 does not
hold: they are counted on their own, never as either fund, and are never an error."""

from __future__ import annotations

from typing import Final, Literal

from gangso_cli.core.cells import CellError

__all__ = ["OWN", "LedgerFund", "fund_key", "parse_fund"]

#: The recipient's own funds (자부담): counted apart from the budget's two funds.
OWN: Final = "own"

LedgerFund = Literal["national", "local", "own"]

_FUNDS: dict[str, LedgerFund] = {
    "국비": "national",
    "국고": "national",
    "국고보조금": "national",
    "국고보조": "national",
    "국비보조금": "national",
    "national": "national",
    "지방비": "local",
    "지자체부담금": "local",
    "지자체부담": "local",
    "지방비부담금": "local",
    "지방보조금": "local",
    "local": "local",
    "도비": "local",
    "시비": "local",
    "군비": "local",
    "구비": "local",
    "시도비": "local",
    "시군비": "local",
    "시군구비": "local",
    "자부담": OWN,
    "자부담금": OWN,
    "자기부담": OWN,
    "자기부담금": OWN,
    "민간부담": OWN,
    "민간부담금": OWN,
    "기업부담금": OWN,
    "own": OWN,
}

_DOTS = str.maketrans("", "", "·ㆍ・‧•.,/ \t")


def fund_key(text: str) -> LedgerFund | None:
    """The fund a 재원 cell (or the start of a header) names, or None."""
    return _FUNDS.get(str(text).translate(_DOTS).lower())


def parse_fund(text: str) -> LedgerFund:
    """국비 (국고보조금, 국고) → ``national``; 지방비 (지자체부담금, 시비, 도비, 군비, 구비,
    시·도비) → ``local``; 자부담 (자기부담, 민간부담) → ``own``."""
    found = fund_key(text)
    if found is None:
        raise CellError(
            f"재원 {text!r} is not a fund gangso knows; write 국비 (or 국고보조금), 지방비 "
            "(or 지자체부담금, 시비, 도비, 군비, 구비) or 자부담 for the recipient's own funds"
        )
    return found
