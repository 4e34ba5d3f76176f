from typing import Literal, Union

from pydantic import Field

from .base_model import BaseModel
from .fragments import PromotionEventFields


class PromoteModelVersion(BaseModel):
    promote_model_version: Union[
        "PromoteModelVersionPromoteModelVersionPromotionSuccess",
        "PromoteModelVersionPromoteModelVersionModelNotFoundError",
        "PromoteModelVersionPromoteModelVersionModelVersionNotFoundError",
        "PromoteModelVersionPromoteModelVersionNoPreviousVersionError",
        "PromoteModelVersionPromoteModelVersionValidationError",
    ] = Field(alias="promoteModelVersion", discriminator="typename__")


class PromoteModelVersionPromoteModelVersionPromotionSuccess(BaseModel):
    typename__: Literal["PromotionSuccess"] = Field(alias="__typename")
    event: "PromoteModelVersionPromoteModelVersionPromotionSuccessEvent"


PromoteModelVersionPromoteModelVersionPromotionSuccessEvent = PromotionEventFields


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
PromoteModelVersionPromoteModelVersionPromotionSuccess.model_rebuild()
PromoteModelVersionPromoteModelVersionValidationError.model_rebuild()
