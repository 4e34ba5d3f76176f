from datetime import datetime
from typing import Literal, Union

from pydantic import Field

from .base_model import BaseModel


class Login(BaseModel):
    login: Union[
        "LoginLoginLoginSuccess",
        "LoginLoginInvalidCredentialsError",
        "LoginLoginLoginRateLimitedError",
        "LoginLoginAccountDisabledError",
    ] = Field(discriminator="typename__")


class LoginLoginLoginSuccess(BaseModel):
    typename__: Literal["LoginSuccess"] = Field(alias="__typename")
    access_token: str = Field(alias="accessToken")
    expires_at: datetime = Field(alias="expiresAt")


class LoginLoginInvalidCredentialsError(BaseModel):
    typename__: Literal["InvalidCredentialsError"] = Field(alias="__typename")
    message: str


class LoginLoginLoginRateLimitedError(BaseModel):
    typename__: Literal["LoginRateLimitedError"] = Field(alias="__typename")
    message: str
    retry_after_seconds: int = Field(alias="retryAfterSeconds")


class LoginLoginAccountDisabledError(BaseModel):
    typename__: Literal["AccountDisabledError"] = Field(alias="__typename")
    message: str


Login.model_rebuild()
