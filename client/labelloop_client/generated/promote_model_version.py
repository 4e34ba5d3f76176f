from typing import Any, Literal, Union

from pydantic import Field

from .base_model import BaseModel
from .enums import JobKind, JobState


class PromoteModelVersion(BaseModel):
    promote_model_version: Union[
        "PromoteModelVersionPromoteModelVersionPromotionJobSuccess",
        "PromoteModelVersionPromoteModelVersionModelNotFoundError",
        "PromoteModelVersionPromoteModelVersionModelVersionNotFoundError",
        "PromoteModelVersionPromoteModelVersionNoPreviousVersionError",
        "PromoteModelVersionPromoteModelVersionValidationError",
    ] = Field(alias="promoteModelVersion", discriminator="typename__")


class PromoteModelVersionPromoteModelVersionPromotionJobSuccess(BaseModel):
    typename__: Literal["PromotionJobSuccess"] = Field(alias="__typename")
    job: "PromoteModelVersionPromoteModelVersionPromotionJobSuccessJob"


class PromoteModelVersionPromoteModelVersionPromotionJobSuccessJob(BaseModel):
    id: str
    kind: JobKind
    state: JobState
    message: str
    result: Any


class PromoteModelVersionPromoteModelVersionModelNotFoundError(BaseModel):
    typename__: Literal["ModelNotFoundError"] = Field(alias="__typename")
    message: str


class PromoteModelVersionPromoteModelVersionModelVersionNotFoundError(BaseModel):
    typename__: Literal["ModelVersionNotFoundError"] = Field(alias="__typename")
    message: str


class PromoteModelVersionPromoteModelVersionNoPreviousVersionError(BaseModel):
    typename__: Literal["NoPreviousVersionError"] = Field(alias="__typename")
    message: str


class PromoteModelVersionPromoteModelVersionValidationError(BaseModel):
    typename__: Literal["ValidationError"] = Field(alias="__typename")
    message: str
    field_errors: list[
        "PromoteModelVersionPromoteModelVersionValidationErrorFieldErrors"
    ] = Field(alias="fieldErrors")


class PromoteModelVersionPromoteModelVersionValidationErrorFieldErrors(BaseModel):
    field: str
    code: str
    message: str


PromoteModelVersion.model_rebuild()
PromoteModelVersionPromoteModelVersionPromotionJobSuccess.model_rebuild()
PromoteModelVersionPromoteModelVersionValidationError.model_rebuild()
