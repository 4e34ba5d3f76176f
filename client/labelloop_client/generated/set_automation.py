from typing import Literal, Union

from pydantic import Field

from .base_model import BaseModel
from .fragments import AutomationFields


class SetAutomation(BaseModel):
    set_automation: Union[
        "SetAutomationSetAutomationAutomationSuccess",
        "SetAutomationSetAutomationModelNotFoundError",
        "SetAutomationSetAutomationNothingToRepeatError",
        "SetAutomationSetAutomationValidationError",
    ] = Field(alias="setAutomation", discriminator="typename__")


class SetAutomationSetAutomationAutomationSuccess(BaseModel):
    typename__: Literal["AutomationSuccess"] = Field(alias="__typename")
    automation: "SetAutomationSetAutomationAutomationSuccessAutomation"


SetAutomationSetAutomationAutomationSuccessAutomation = AutomationFields


class SetAutomationSetAutomationModelNotFoundError(BaseModel):
    typename__: Literal["ModelNotFoundError"] = Field(alias="__typename")
    message: str


class SetAutomationSetAutomationNothingToRepeatError(BaseModel):
    typename__: Literal["NothingToRepeatError"] = Field(alias="__typename")
    message: str


class SetAutomationSetAutomationValidationError(BaseModel):
    typename__: Literal["ValidationError"] = Field(alias="__typename")
    message: str
    field_errors: list["SetAutomationSetAutomationValidationErrorFieldErrors"] = Field(
        alias="fieldErrors"
    )


class SetAutomationSetAutomationValidationErrorFieldErrors(BaseModel):
    field: str
    code: str
    message: str


SetAutomation.model_rebuild()
SetAutomationSetAutomationAutomationSuccess.model_rebuild()
SetAutomationSetAutomationValidationError.model_rebuild()
