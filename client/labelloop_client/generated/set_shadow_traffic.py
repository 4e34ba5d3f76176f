from typing import Literal, Union

from pydantic import Field

from .base_model import BaseModel
from .fragments import ShadowTrafficFields


class SetShadowTraffic(BaseModel):
    set_shadow_traffic: Union[
        "SetShadowTrafficSetShadowTrafficShadowTrafficSuccess",
        "SetShadowTrafficSetShadowTrafficModelNotFoundError",
        "SetShadowTrafficSetShadowTrafficAliasNotSetError",
        "SetShadowTrafficSetShadowTrafficProductionAliasReservedError",
        "SetShadowTrafficSetShadowTrafficValidationError",
    ] = Field(alias="setShadowTraffic", discriminator="typename__")


class SetShadowTrafficSetShadowTrafficShadowTrafficSuccess(BaseModel):
    typename__: Literal["ShadowTrafficSuccess"] = Field(alias="__typename")
    shadow: "SetShadowTrafficSetShadowTrafficShadowTrafficSuccessShadow"


SetShadowTrafficSetShadowTrafficShadowTrafficSuccessShadow = ShadowTrafficFields


class SetShadowTrafficSetShadowTrafficModelNotFoundError(BaseModel):
    typename__: Literal["ModelNotFoundError"] = Field(alias="__typename")
    message: str


class SetShadowTrafficSetShadowTrafficAliasNotSetError(BaseModel):
    typename__: Literal["AliasNotSetError"] = Field(alias="__typename")
    message: str


class SetShadowTrafficSetShadowTrafficProductionAliasReservedError(BaseModel):
    typename__: Literal["ProductionAliasReservedError"] = Field(alias="__typename")
    message: str


class SetShadowTrafficSetShadowTrafficValidationError(BaseModel):
    typename__: Literal["ValidationError"] = Field(alias="__typename")
    message: str
    field_errors: list["SetShadowTrafficSetShadowTrafficValidationErrorFieldErrors"] = (
        Field(alias="fieldErrors")
    )


class SetShadowTrafficSetShadowTrafficValidationErrorFieldErrors(BaseModel):
    field: str
    code: str
    message: str


SetShadowTraffic.model_rebuild()
SetShadowTrafficSetShadowTrafficShadowTrafficSuccess.model_rebuild()
SetShadowTrafficSetShadowTrafficValidationError.model_rebuild()
