from typing import Optional

from pydantic import Field

from .base_model import BaseModel
from .fragments import RunFields


class TrainingRuns(BaseModel):
    training_runs: "TrainingRunsTrainingRuns" = Field(alias="trainingRuns")


class TrainingRunsTrainingRuns(BaseModel):
    total_count: int = Field(alias="totalCount")
    page_info: "TrainingRunsTrainingRunsPageInfo" = Field(alias="pageInfo")
    nodes: list["TrainingRunsTrainingRunsNodes"]


class TrainingRunsTrainingRunsPageInfo(BaseModel):
    has_next_page: bool = Field(alias="hasNextPage")
    end_cursor: Optional[str] = Field(alias="endCursor")


TrainingRunsTrainingRunsNodes = RunFields
TrainingRuns.model_rebuild()
TrainingRunsTrainingRuns.model_rebuild()
