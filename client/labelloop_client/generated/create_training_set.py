from typing import Literal, Union

from pydantic import Field

from .base_model import BaseModel
from .fragments import TrainingSetFields


class CreateTrainingSet(BaseModel):
    create_training_set: Union[
        "CreateTrainingSetCreateTrainingSetTrainingSetSuccess",
        "CreateTrainingSetCreateTrainingSetDatasetNotFoundError",
        "CreateTrainingSetCreateTrainingSetTrainingSetNotFoundError",
        "CreateTrainingSetCreateTrainingSetValidationError",
    ] = Field(alias="createTrainingSet", discriminator="typename__")


class CreateTrainingSetCreateTrainingSetTrainingSetSuccess(BaseModel):
    typename__: Literal["TrainingSetSuccess"] = Field(alias="__typename")
    training_set: "CreateTrainingSetCreateTrainingSetTrainingSetSuccessTrainingSet" = (
        Field(alias="trainingSet")
    )


CreateTrainingSetCreateTrainingSetTrainingSetSuccessTrainingSet = TrainingSetFields


class CreateTrainingSetCreateTrainingSetDatasetNotFoundError(BaseModel):
    typename__: Literal["DatasetNotFoundError"] = Field(alias="__typename")
    message: str


class CreateTrainingSetCreateTrainingSetTrainingSetNotFoundError(BaseModel):
    typename__: Literal["TrainingSetNotFoundError"] = Field(alias="__typename")
    message: str


class CreateTrainingSetCreateTrainingSetValidationError(BaseModel):
    typename__: Literal["ValidationError"] = Field(alias="__typename")
    message: str
    field_errors: list[
        "CreateTrainingSetCreateTrainingSetValidationErrorFieldErrors"
    ] = Field(alias="fieldErrors")


class CreateTrainingSetCreateTrainingSetValidationErrorFieldErrors(BaseModel):
    field: str
    code: str
    message: str


CreateTrainingSet.model_rebuild()
CreateTrainingSetCreateTrainingSetTrainingSetSuccess.model_rebuild()
CreateTrainingSetCreateTrainingSetValidationError.model_rebuild()
