from typing import Any, Literal, Union

from pydantic import Field

from .base_model import BaseModel
from .enums import JobKind, JobState


class RollbackModel(BaseModel):
    rollback_model: Union[
        "RollbackModelRollbackModelPromotionJobSuccess",
        "RollbackModelRollbackModelModelNotFoundError",
        "RollbackModelRollbackModelModelVersionNotFoundError",
        "RollbackModelRollbackModelNoPreviousVersionError",
        "RollbackModelRollbackModelValidationError",
    ] = Field(alias="rollbackModel", discriminator="typename__")


class RollbackModelRollbackModelPromotionJobSuccess(BaseModel):
    typename__: Literal["PromotionJobSuccess"] = Field(alias="__typename")
    job: "RollbackModelRollbackModelPromotionJobSuccessJob"


class RollbackModelRollbackModelPromotionJobSuccessJob(BaseModel):
    id: str
    kind: JobKind
    state: JobState
    message: str
    result: Any


class RollbackModelRollbackModelModelNotFoundError(BaseModel):
    typename__: Literal["ModelNotFoundError"] = Field(alias="__typename")
    message: str


class RollbackModelRollbackModelModelVersionNotFoundError(BaseModel):
    typename__: Literal["ModelVersionNotFoundError"] = Field(alias="__typename")
    message: str


class RollbackModelRollbackModelNoPreviousVersionError(BaseModel):
    typename__: Literal["NoPreviousVersionError"] = Field(alias="__typename")
    message: str


class RollbackModelRollbackModelValidationError(BaseModel):
    typename__: Literal["ValidationError"] = Field(alias="__typename")
    message: str
    field_errors: list["RollbackModelRollbackModelValidationErrorFieldErrors"] = Field(
        alias="fieldErrors"
    )


class RollbackModelRollbackModelValidationErrorFieldErrors(BaseModel):
    field: str
    code: str
    message: str


RollbackModel.model_rebuild()
RollbackModelRollbackModelPromotionJobSuccess.model_rebuild()
RollbackModelRollbackModelValidationError.model_rebuild()
