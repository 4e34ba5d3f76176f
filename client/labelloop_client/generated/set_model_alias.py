from datetime import datetime
from typing import Literal, Optional, Union

from pydantic import Field

from .base_model import BaseModel


class SetModelAlias(BaseModel):
    set_model_alias: Union[
        "SetModelAliasSetModelAliasAliasSuccess",
        "SetModelAliasSetModelAliasModelNotFoundError",
        "SetModelAliasSetModelAliasModelVersionNotFoundError",
        "SetModelAliasSetModelAliasAliasNotSetError",
        "SetModelAliasSetModelAliasProductionAliasReservedError",
        "SetModelAliasSetModelAliasValidationError",
    ] = Field(alias="setModelAlias", discriminator="typename__")


class SetModelAliasSetModelAliasAliasSuccess(BaseModel):
    typename__: Literal["AliasSuccess"] = Field(alias="__typename")
    event: "SetModelAliasSetModelAliasAliasSuccessEvent"


class SetModelAliasSetModelAliasAliasSuccessEvent(BaseModel):
    id: str
    model: str
    alias: str
    version: Optional[str]
    previous_version: Optional[str] = Field(alias="previousVersion")
    actor: str
    reason: str
    at: datetime


class SetModelAliasSetModelAliasModelNotFoundError(BaseModel):
    typename__: Literal["ModelNotFoundError"] = Field(alias="__typename")
    message: str


class SetModelAliasSetModelAliasModelVersionNotFoundError(BaseModel):
    typename__: Literal["ModelVersionNotFoundError"] = Field(alias="__typename")
    message: str


class SetModelAliasSetModelAliasAliasNotSetError(BaseModel):
    typename__: Literal["AliasNotSetError"] = Field(alias="__typename")
    message: str


class SetModelAliasSetModelAliasProductionAliasReservedError(BaseModel):
    typename__: Literal["ProductionAliasReservedError"] = Field(alias="__typename")
    message: str


class SetModelAliasSetModelAliasValidationError(BaseModel):
    typename__: Literal["ValidationError"] = Field(alias="__typename")
    message: str
    field_errors: list["SetModelAliasSetModelAliasValidationErrorFieldErrors"] = Field(
        alias="fieldErrors"
    )


class SetModelAliasSetModelAliasValidationErrorFieldErrors(BaseModel):
    field: str
    code: str
    message: str


SetModelAlias.model_rebuild()
SetModelAliasSetModelAliasAliasSuccess.model_rebuild()
SetModelAliasSetModelAliasValidationError.model_rebuild()
