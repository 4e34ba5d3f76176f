from datetime import datetime
from typing import Optional

from pydantic import Field

from .base_model import BaseModel
from .enums import JobEventKind, JobState
from .fragments import MetricPointFields


class FollowTrainingRun(BaseModel):
    training_run: "FollowTrainingRunTrainingRun" = Field(alias="trainingRun")


class FollowTrainingRunTrainingRun(BaseModel):
    cursor: str
    seq: int
    at: datetime
    kind: JobEventKind
    state: Optional[JobState]
    message: Optional[str]
    level: Optional[str]
    progress: Optional[float]
    metric: Optional["FollowTrainingRunTrainingRunMetric"]


FollowTrainingRunTrainingRunMetric = MetricPointFields
FollowTrainingRun.model_rebuild()
FollowTrainingRunTrainingRun.model_rebuild()
