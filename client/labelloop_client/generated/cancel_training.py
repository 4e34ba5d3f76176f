from typing import Literal, Union

from pydantic import Field

from .base_model import BaseModel
from .fragments import RunFields


class CancelTraining(BaseModel):
    cancel_training: Union[
        "CancelTrainingCancelTrainingTrainingRunSuccess",
        "CancelTrainingCancelTrainingTrainingRunNotFoundError",
        "CancelTrainingCancelTrainingRunAlreadyFinishedError",
    ] = Field(alias="cancelTraining", discriminator="typename__")


class CancelTrainingCancelTrainingTrainingRunSuccess(BaseModel):
    typename__: Literal["TrainingRunSuccess"] = Field(alias="__typename")
    run: "CancelTrainingCancelTrainingTrainingRunSuccessRun"


CancelTrainingCancelTrainingTrainingRunSuccessRun = RunFields


class CancelTrainingCancelTrainingTrainingRunNotFoundError(BaseModel):
    typename__: Literal["TrainingRunNotFoundError"] = Field(alias="__typename")
    message: str


class CancelTrainingCancelTrainingRunAlreadyFinishedError(BaseModel):
    typename__: Literal["RunAlreadyFinishedError"] = Field(alias="__typename")
    message: str


CancelTraining.model_rebuild()
CancelTrainingCancelTrainingTrainingRunSuccess.model_rebuild()
