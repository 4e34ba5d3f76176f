from typing import Optional

from .base_model import BaseModel
from .fragments import DatasetFields


class Dataset(BaseModel):
    dataset: Optional["DatasetDataset"]


DatasetDataset = DatasetFields
Dataset.model_rebuild()
