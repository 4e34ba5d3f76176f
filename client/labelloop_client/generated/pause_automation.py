from typing import Literal, Union

from pydantic import Field

from .base_model import BaseModel
from .fragments import AutomationFields


class PauseAutomation(BaseModel):
    pause_automation: Union[
        "PauseAutomationPauseAutomationAutomationSuccess",
        "PauseAutomationPauseAutomationAutomationNotFoundError",
    ] = Field(alias="pauseAutomation", discriminator="typename__")


class PauseAutomationPauseAutomationAutomationSuccess(BaseModel):
    typename__: Literal["AutomationSuccess"] = Field(alias="__typename")
    automation: "PauseAutomationPauseAutomationAutomationSuccessAutomation"


PauseAutomationPauseAutomationAutomationSuccessAutomation = AutomationFields


class PauseAutomationPauseAutomationAutomationNotFoundError(BaseModel):
    typename__: Literal["AutomationNotFoundError"] = Field(alias="__typename")
    message: str


PauseAutomation.model_rebuild()
PauseAutomationPauseAutomationAutomationSuccess.model_rebuild()
