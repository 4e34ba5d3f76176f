from typing import Literal, Union

from pydantic import Field

from .base_model import BaseModel
from .fragments import DatasetFields


class CreateDataset(BaseModel):
    create_dataset: Union[
        "CreateDatasetCreateDatasetDatasetSuccess",
        "CreateDatasetCreateDatasetValidationError",
    ] = Field(alias="createDataset", discriminator="typename__")


class CreateDatasetCreateDatasetDatasetSuccess(BaseModel):
    typename__: Literal["DatasetSuccess"] = Field(alias="__typename")
    dataset: "CreateDatasetCreateDatasetDatasetSuccessDataset"


CreateDatasetCreateDatasetDatasetSuccessDataset = DatasetFields


class CreateDatasetCreateDatasetValidationError(BaseModel):
    typename__: Literal["ValidationError"] = Field(alias="__typename")
    message: str
    field_errors: list["CreateDatasetCreateDatasetValidationErrorFieldErrors"] = Field(
        alias="fieldErrors"
    )


class CreateDatasetCreateDatasetValidationErrorFieldErrors(BaseModel):
    field: str
    code: str
    message: str


CreateDataset.model_rebuild()
CreateDatasetCreateDatasetDatasetSuccess.model_rebuild()
CreateDatasetCreateDatasetValidationError.model_rebuild()
