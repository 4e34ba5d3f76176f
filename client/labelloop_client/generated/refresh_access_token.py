from datetime import datetime

from pydantic import Field

from .base_model import BaseModel


class RefreshAccessToken(BaseModel):
    refresh_access_token: "RefreshAccessTokenRefreshAccessToken" = Field(
        alias="refreshAccessToken"
    )


class RefreshAccessTokenRefreshAccessToken(BaseModel):
    access_token: str = Field(alias="accessToken")
    expires_at: datetime = Field(alias="expiresAt")


RefreshAccessToken.model_rebuild()
