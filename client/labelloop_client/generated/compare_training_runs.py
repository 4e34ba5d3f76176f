from pydantic import Field

from .base_model import BaseModel
from .fragments import RunFields


class CompareTrainingRuns(BaseModel):
    compare_training_runs: list["CompareTrainingRunsCompareTrainingRuns"] = Field(
        alias="compareTrainingRuns"
    )


CompareTrainingRunsCompareTrainingRuns = RunFields
CompareTrainingRuns.model_rebuild()
