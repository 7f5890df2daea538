"""The annual evaluations (연차평가, ``data/evaluations.yaml``): grades, ranks, and the
budget year each evaluation's incentives fund.

An evaluation of year Y is announced in Y+1 and its incentives are paid in the budget of
Y+2 (the 2023 evaluation, announced 2024-06-28, funded 2025). Envelope rules name an
evaluation (``envelopes.evaluation: 2023``) instead of retyping its grades.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pydantic import Field

from gangso_cli.core.diagnostics import Diagnostic, Severity
from gangso_cli.core.fields import DateField, _Model

__all__ = [
    "INCENTIVE_LAG",
    "Evaluation",
    "Evaluations",
    "LoadedEvaluations",
    "ZoneResult",
    "bundled_evaluations",
    "cited",
    "load_evaluations",
]

#: Budget years between an evaluation and the incentives it funds (2023 → 2025).
INCENTIVE_LAG = 2


class ZoneResult(_Model):
    """One zone's result in an evaluation: grade, and its rank where known."""

    grade: str | None = Field(default=None, description="e.g. 최우수, 우수; None: not found.")
    rank: int | None = Field(
        default=None, strict=True, ge=1, description="Its rank (1 = first), where published."
    )
    top: int | None = Field(
        default=None,
        strict=True,
        ge=1,
        description="Ranked within the first N, where only that is known (상위 4개 특구).",
    )
    assumed: bool = Field(
        default=False, description="True when the result is assumed, not reported."
    )
    source: str | None = Field(
        default=None, description="Its own source, when not the evaluation's."
    )
    note: str | None = None

    def within(self, n: int) -> bool:
        """Whether the zone is known (or assumed) to rank in the first ``n``."""
        if self.rank is not None:
            return self.rank <= n
        return self.top is not None and self.top <= n


class Evaluation(_Model):
    """One year's evaluation of the zones."""

    year: int = Field(strict=True, ge=2019, le=2100, description="The year evaluated.")
    announced: DateField = Field(description="The date the results were announced.")
    funds: int = Field(
        strict=True, ge=2019, le=2100, description="The budget year its incentives fund."
    )
    source: str = Field(min_length=1, description="The publications and date it follows.")
    confidence: Literal["H", "M", "L"] | None = None
    incentive_top: int | None = Field(
        default=None, strict=True, ge=1, description="How many zones get an incentive."
    )
    zones: dict[str, ZoneResult] = Field(default_factory=dict)
    note: str | None = None


def cited(evaluation: Evaluation, zone_id: str) -> str:
    """Where a zone's grade in ``evaluation`` comes from, as a note reads it: ``2023년
    연차평가 (발표 2024-06-28, 출처 zdnet, …)``, with the result's own source and its note
    (why it is assumed, that a standing is inferred) where it has them."""
    result = evaluation.zones.get(zone_id)
    source = (result.source if result is not None else None) or evaluation.source
    text = f"{evaluation.year}년 연차평가 (발표 {evaluation.announced}, 출처 {source})"
    # Brackets, not a dash: a CP949 CSV (Excel on Korean Windows) cannot hold "—".
    return f"{text} ({result.note})" if result is not None and result.note else text


class Evaluations(_Model):
    """Every evaluation on record, by the year evaluated."""

    evaluations: list[Evaluation] = Field(min_length=1)

    def get(self, year: int) -> Evaluation | None:
        """The evaluation of ``year``, or None."""
        return next((e for e in self.evaluations if e.year == year), None)

    @property
    def years(self) -> list[int]:
        """The years evaluated, oldest first."""
        return sorted(e.year for e in self.evaluations)


@dataclass
class LoadedEvaluations:
    """The evaluations file with its diagnostics."""

    model: Evaluations | None
    file: str
    diagnostics: list[Diagnostic]


def load_evaluations(path: str | os.PathLike[str] | None = None) -> LoadedEvaluations:
    """Load an evaluations file; the bundled ``evaluations.yaml`` when no path is given."""
    from gangso_cli.core.bundled import BUNDLED_PREFIX, bundled_data, display_path
    from gangso_cli.core.validation import validate_model
    from gangso_cli.core.yamlsource import read_yaml_file

    if path is None:
        name = BUNDLED_PREFIX + "evaluations.yaml"
        doc = read_yaml_file(bundled_data("evaluations.yaml"), display_name=name)
    else:
        doc = read_yaml_file(path, display_name=display_path(path))
    model = validate_model(Evaluations, doc)
    if model is not None:
        for i, evaluation in enumerate(model.evaluations):
            if evaluation.funds != evaluation.year + INCENTIVE_LAG:
                doc.diagnostics.append(
                    doc.error(
                        "evaluation-funds",
                        f"the {evaluation.year} evaluation funds {evaluation.funds}; "
                        f"incentives are paid {INCENTIVE_LAG} budget years after the year "
                        f"evaluated ({evaluation.year + INCENTIVE_LAG})",
                        ("evaluations", i, "funds"),
                        hint=f"funds: {evaluation.year + INCENTIVE_LAG}",
                        severity=Severity.WARNING,
                    )
                )
    return LoadedEvaluations(model, doc.file, list(doc.diagnostics))


@lru_cache(maxsize=1)
def bundled_evaluations() -> Evaluations | None:
    """The bundled evaluations (read once a run); None if the file does not load."""
    return load_evaluations().model
