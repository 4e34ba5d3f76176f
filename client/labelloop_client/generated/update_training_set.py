from typing import Literal, Union

from pydantic import Field

from .base_model import BaseModel
from .fragments import TrainingSetFields


class UpdateTrainingSet(BaseModel):
    update_training_set: Union[
        "UpdateTrainingSetUpdateTrainingSetTrainingSetSuccess",
        "UpdateTrainingSetUpdateTrainingSetDatasetNotFoundError",
        "UpdateTrainingSetUpdateTrainingSetTrainingSetNotFoundError",
        "UpdateTrainingSetUpdateTrainingSetValidationError",
    ] = Field(alias="updateTrainingSet", discriminator="typename__")


class UpdateTrainingSetUpdateTrainingSetTrainingSetSuccess(BaseModel):
    typename__: Literal["TrainingSetSuccess"] = Field(alias="__typename")
    training_set: "UpdateTrainingSetUpdateTrainingSetTrainingSetSuccessTrainingSet" = (
        Field(alias="trainingSet")
    )


UpdateTrainingSetUpdateTrainingSetTrainingSetSuccessTrainingSet = TrainingSetFields


class UpdateTrainingSetUpdateTrainingSetDatasetNotFoundError(BaseModel):
    typename__: Literal["DatasetNotFoundError"] = Field(alias="__typename")
    message: str


class UpdateTrainingSetUpdateTrainingSetTrainingSetNotFoundError(BaseModel):
    typename__: Literal["TrainingSetNotFoundError"] = Field(alias="__typename")
    message: str


class UpdateTrainingSetUpdateTrainingSetValidationError(BaseModel):
    typename__: Literal["ValidationError"] = Field(alias="__typename")
    message: str
    field_errors: list[
        "UpdateTrainingSetUpdateTrainingSetValidationErrorFieldErrors"
    ] = Field(alias="fieldErrors")


class UpdateTrainingSetUpdateTrainingSetValidationErrorFieldErrors(BaseModel):
    field: str
    code: str
    message: str


UpdateTrainingSet.model_rebuild()
UpdateTrainingSetUpdateTrainingSetTrainingSetSuccess.model_rebuild()
UpdateTrainingSetUpdateTrainingSetValidationError.model_rebuild()
