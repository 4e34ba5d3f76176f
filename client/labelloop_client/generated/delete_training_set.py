from typing import Literal, Union

from pydantic import Field

from .base_model import BaseModel


class DeleteTrainingSet(BaseModel):
    delete_training_set: Union[
        "DeleteTrainingSetDeleteTrainingSetDeleteTrainingSetSuccess",
        "DeleteTrainingSetDeleteTrainingSetTrainingSetNotFoundError",
    ] = Field(alias="deleteTrainingSet", discriminator="typename__")


class DeleteTrainingSetDeleteTrainingSetDeleteTrainingSetSuccess(BaseModel):
    typename__: Literal["DeleteTrainingSetSuccess"] = Field(alias="__typename")
    id: str


class DeleteTrainingSetDeleteTrainingSetTrainingSetNotFoundError(BaseModel):
    typename__: Literal["TrainingSetNotFoundError"] = Field(alias="__typename")
    message: str


DeleteTrainingSet.model_rebuild()
