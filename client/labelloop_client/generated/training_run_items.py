from typing import Optional

from pydantic import Field

from .base_model import BaseModel


class TrainingRunItems(BaseModel):
    training_run_items: Optional["TrainingRunItemsTrainingRunItems"] = Field(
        alias="trainingRunItems"
    )


class TrainingRunItemsTrainingRunItems(BaseModel):
    total_count: int = Field(alias="totalCount")
    page_info: "TrainingRunItemsTrainingRunItemsPageInfo" = Field(alias="pageInfo")
    nodes: list["TrainingRunItemsTrainingRunItemsNodes"]


class TrainingRunItemsTrainingRunItemsPageInfo(BaseModel):
    has_next_page: bool = Field(alias="hasNextPage")
    end_cursor: Optional[str] = Field(alias="endCursor")


class TrainingRunItemsTrainingRunItemsNodes(BaseModel):
    item_id: str = Field(alias="itemId")
    label: str
    content_sha_256: str = Field(alias="contentSha256")


TrainingRunItems.model_rebuild()
TrainingRunItemsTrainingRunItems.model_rebuild()
