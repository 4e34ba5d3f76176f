from typing import Literal, Union

from pydantic import Field

from .base_model import BaseModel
from .fragments import RunFields


class StartTraining(BaseModel):
    start_training: Union[
        "StartTrainingStartTrainingTrainingRunSuccess",
        "StartTrainingStartTrainingDatasetNotFoundError",
        "StartTrainingStartTrainingValidationError",
        "StartTrainingStartTrainingEmptyTrainingSetError",
        "StartTrainingStartTrainingTrainingSetNotFoundError",
    ] = Field(alias="startTraining", discriminator="typename__")


class StartTrainingStartTrainingTrainingRunSuccess(BaseModel):
    typename__: Literal["TrainingRunSuccess"] = Field(alias="__typename")
    run: "StartTrainingStartTrainingTrainingRunSuccessRun"


StartTrainingStartTrainingTrainingRunSuccessRun = RunFields


class StartTrainingStartTrainingDatasetNotFoundError(BaseModel):
    typename__: Literal["DatasetNotFoundError"] = Field(alias="__typename")
    message: str


class StartTrainingStartTrainingValidationError(BaseModel):
    typename__: Literal["ValidationError"] = Field(alias="__typename")
    message: str
    field_errors: list["StartTrainingStartTrainingValidationErrorFieldErrors"] = Field(
        alias="fieldErrors"
    )


class StartTrainingStartTrainingValidationErrorFieldErrors(BaseModel):
    field: str
    code: str
    message: str


class StartTrainingStartTrainingEmptyTrainingSetError(BaseModel):
    typename__: Literal["EmptyTrainingSetError"] = Field(alias="__typename")
    message: str


class StartTrainingStartTrainingTrainingSetNotFoundError(BaseModel):
    typename__: Literal["TrainingSetNotFoundError"] = Field(alias="__typename")
    message: str


StartTraining.model_rebuild()
StartTrainingStartTrainingTrainingRunSuccess.model_rebuild()
StartTrainingStartTrainingValidationError.model_rebuild()
