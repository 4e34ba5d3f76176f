from pydantic import Field

from .base_model import BaseModel
from .fragments import RunFields


class TrainingRuns(BaseModel):
    training_runs: "TrainingRunsTrainingRuns" = Field(alias="trainingRuns")


class TrainingRunsTrainingRuns(BaseModel):
    total_count: int = Field(alias="totalCount")
    runs: list["TrainingRunsTrainingRunsRuns"]


TrainingRunsTrainingRunsRuns = RunFields
TrainingRuns.model_rebuild()
TrainingRunsTrainingRuns.model_rebuild()
