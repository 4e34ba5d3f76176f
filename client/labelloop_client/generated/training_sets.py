from typing import Optional

from pydantic import Field

from .base_model import BaseModel
from .fragments import TrainingSetFields


class TrainingSets(BaseModel):
    training_sets: "TrainingSetsTrainingSets" = Field(alias="trainingSets")


class TrainingSetsTrainingSets(BaseModel):
    total_count: int = Field(alias="totalCount")
    page_info: "TrainingSetsTrainingSetsPageInfo" = Field(alias="pageInfo")
    nodes: list["TrainingSetsTrainingSetsNodes"]


class TrainingSetsTrainingSetsPageInfo(BaseModel):
    has_next_page: bool = Field(alias="hasNextPage")
    end_cursor: Optional[str] = Field(alias="endCursor")


TrainingSetsTrainingSetsNodes = TrainingSetFields
TrainingSets.model_rebuild()
TrainingSetsTrainingSets.model_rebuild()
