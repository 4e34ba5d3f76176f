from typing import Literal, Union

from pydantic import Field

from .base_model import BaseModel
from .fragments import PromotionEventFields


class RollbackModel(BaseModel):
    rollback_model: Union[
        "RollbackModelRollbackModelPromotionSuccess",
        "RollbackModelRollbackModelModelNotFoundError",
        "RollbackModelRollbackModelModelVersionNotFoundError",
        "RollbackModelRollbackModelNoPreviousVersionError",
        "RollbackModelRollbackModelValidationError",
    ] = Field(alias="rollbackModel", discriminator="typename__")


class RollbackModelRollbackModelPromotionSuccess(BaseModel):
    typename__: Literal["PromotionSuccess"] = Field(alias="__typename")
    event: "RollbackModelRollbackModelPromotionSuccessEvent"


RollbackModelRollbackModelPromotionSuccessEvent = PromotionEventFields


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
RollbackModelRollbackModelPromotionSuccess.model_rebuild()
RollbackModelRollbackModelValidationError.model_rebuild()
