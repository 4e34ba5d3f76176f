from typing import Optional

from pydantic import Field

from .base_model import BaseModel
from .fragments import (  # noqa: F401
    MetricPointFields,
    RunFields,
    RunFieldsClassReport,
    RunFieldsMetrics,
)


class TrainingRun(BaseModel):
    training_run: Optional["TrainingRunTrainingRun"] = Field(alias="trainingRun")


class TrainingRunTrainingRun(RunFields):
    curves: list["TrainingRunTrainingRunCurves"]


TrainingRunTrainingRunCurves = MetricPointFields
TrainingRun.model_rebuild()
TrainingRunTrainingRun.model_rebuild()
