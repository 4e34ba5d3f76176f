from datetime import datetime
from typing import Optional

from pydantic import Field

from .base_model import BaseModel


class ChallengerComparison(BaseModel):
    challenger_comparison: "ChallengerComparisonChallengerComparison" = Field(
        alias="challengerComparison"
    )


class ChallengerComparisonChallengerComparison(BaseModel):
    model: str
    since: datetime
    paired: int
    agreements: int
    agreement_rate: Optional[float] = Field(alias="agreementRate")
    champion_mean_confidence: Optional[float] = Field(alias="championMeanConfidence")
    challenger_mean_confidence: Optional[float] = Field(
        alias="challengerMeanConfidence"
    )
    labels: list["ChallengerComparisonChallengerComparisonLabels"]
    versions: list["ChallengerComparisonChallengerComparisonVersions"]


class ChallengerComparisonChallengerComparisonLabels(BaseModel):
    label: str
    paired: int
    agreements: int
    rate: Optional[float]


class ChallengerComparisonChallengerComparisonVersions(BaseModel):
    champion_version: str = Field(alias="championVersion")
    challenger_version: str = Field(alias="challengerVersion")
    paired: int


ChallengerComparison.model_rebuild()
ChallengerComparisonChallengerComparison.model_rebuild()
