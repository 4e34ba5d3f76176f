from datetime import datetime
from typing import Literal, Optional, Union

from pydantic import Field

from .base_model import BaseModel


class CreateApiToken(BaseModel):
    create_api_token: Union[
        "CreateApiTokenCreateApiTokenCreateApiTokenSuccess",
        "CreateApiTokenCreateApiTokenValidationError",
    ] = Field(alias="createApiToken", discriminator="typename__")


class CreateApiTokenCreateApiTokenCreateApiTokenSuccess(BaseModel):
    typename__: Literal["CreateApiTokenSuccess"] = Field(alias="__typename")
    token: str
    api_token: "CreateApiTokenCreateApiTokenCreateApiTokenSuccessApiToken" = Field(
        alias="apiToken"
    )


class CreateApiTokenCreateApiTokenCreateApiTokenSuccessApiToken(BaseModel):
    id: str
    name: str
    created_at: datetime = Field(alias="createdAt")
    revoked_at: Optional[datetime] = Field(alias="revokedAt")


class CreateApiTokenCreateApiTokenValidationError(BaseModel):
    typename__: Literal["ValidationError"] = Field(alias="__typename")
    message: str
    field_errors: list["CreateApiTokenCreateApiTokenValidationErrorFieldErrors"] = (
        Field(alias="fieldErrors")
    )


class CreateApiTokenCreateApiTokenValidationErrorFieldErrors(BaseModel):
    field: str
    code: str
    message: str


CreateApiToken.model_rebuild()
CreateApiTokenCreateApiTokenCreateApiTokenSuccess.model_rebuild()
CreateApiTokenCreateApiTokenValidationError.model_rebuild()
