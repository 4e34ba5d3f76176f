from datetime import datetime
from typing import Literal, Optional, Union

from pydantic import Field

from .base_model import BaseModel


class RemoveModelAlias(BaseModel):
    remove_model_alias: Union[
        "RemoveModelAliasRemoveModelAliasAliasSuccess",
        "RemoveModelAliasRemoveModelAliasModelNotFoundError",
        "RemoveModelAliasRemoveModelAliasModelVersionNotFoundError",
        "RemoveModelAliasRemoveModelAliasAliasNotSetError",
        "RemoveModelAliasRemoveModelAliasProductionAliasReservedError",
        "RemoveModelAliasRemoveModelAliasValidationError",
    ] = Field(alias="removeModelAlias", discriminator="typename__")


class RemoveModelAliasRemoveModelAliasAliasSuccess(BaseModel):
    typename__: Literal["AliasSuccess"] = Field(alias="__typename")
    event: "RemoveModelAliasRemoveModelAliasAliasSuccessEvent"


class RemoveModelAliasRemoveModelAliasAliasSuccessEvent(BaseModel):
    id: str
    model: str
    alias: str
    version: Optional[str]
    previous_version: Optional[str] = Field(alias="previousVersion")
    actor: str
    reason: str
    at: datetime


class RemoveModelAliasRemoveModelAliasModelNotFoundError(BaseModel):
    typename__: Literal["ModelNotFoundError"] = Field(alias="__typename")
    message: str


class RemoveModelAliasRemoveModelAliasModelVersionNotFoundError(BaseModel):
    typename__: Literal["ModelVersionNotFoundError"] = Field(alias="__typename")
    message: str


class RemoveModelAliasRemoveModelAliasAliasNotSetError(BaseModel):
    typename__: Literal["AliasNotSetError"] = Field(alias="__typename")
    message: str


class RemoveModelAliasRemoveModelAliasProductionAliasReservedError(BaseModel):
    typename__: Literal["ProductionAliasReservedError"] = Field(alias="__typename")
    message: str


class RemoveModelAliasRemoveModelAliasValidationError(BaseModel):
    typename__: Literal["ValidationError"] = Field(alias="__typename")
    message: str
    field_errors: list["RemoveModelAliasRemoveModelAliasValidationErrorFieldErrors"] = (
        Field(alias="fieldErrors")
    )


class RemoveModelAliasRemoveModelAliasValidationErrorFieldErrors(BaseModel):
    field: str
    code: str
    message: str


RemoveModelAlias.model_rebuild()
RemoveModelAliasRemoveModelAliasAliasSuccess.model_rebuild()
RemoveModelAliasRemoveModelAliasValidationError.model_rebuild()
