from typing import Optional

from pydantic import Field

from .base_model import BaseModel
from .enums import DatasetKind


class Dataset(BaseModel):
    dataset: Optional["DatasetDataset"]


class DatasetDataset(BaseModel):
    id: str
    name: str
    kind: DatasetKind
    labels: list["DatasetDatasetLabels"]
    feature_names: list[str] = Field(alias="featureNames")
    item_count: int = Field(alias="itemCount")


class DatasetDatasetLabels(BaseModel):
    name: str


Dataset.model_rebuild()
DatasetDataset.model_rebuild()
