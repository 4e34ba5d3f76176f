from typing import Literal, Union

from pydantic import Field

from .base_model import BaseModel
from .enums import JobKind, JobState


class CancelJob(BaseModel):
    cancel_job: Union[
        "CancelJobCancelJobCancelJobSuccess",
        "CancelJobCancelJobJobNotFoundError",
        "CancelJobCancelJobJobAlreadyFinishedError",
    ] = Field(alias="cancelJob", discriminator="typename__")


class CancelJobCancelJobCancelJobSuccess(BaseModel):
    typename__: Literal["CancelJobSuccess"] = Field(alias="__typename")
    job: "CancelJobCancelJobCancelJobSuccessJob"


class CancelJobCancelJobCancelJobSuccessJob(BaseModel):
    id: str
    kind: JobKind
    state: JobState
    message: str
    cancel_requested: bool = Field(alias="cancelRequested")


class CancelJobCancelJobJobNotFoundError(BaseModel):
    typename__: Literal["JobNotFoundError"] = Field(alias="__typename")
    message: str


class CancelJobCancelJobJobAlreadyFinishedError(BaseModel):
    typename__: Literal["JobAlreadyFinishedError"] = Field(alias="__typename")
    message: str


CancelJob.model_rebuild()
CancelJobCancelJobCancelJobSuccess.model_rebuild()
