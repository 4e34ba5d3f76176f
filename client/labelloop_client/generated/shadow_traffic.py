from pydantic import Field

from .base_model import BaseModel
from .fragments import ShadowTrafficFields


class ShadowTraffic(BaseModel):
    shadow_traffic: "ShadowTrafficShadowTraffic" = Field(alias="shadowTraffic")


ShadowTrafficShadowTraffic = ShadowTrafficFields
ShadowTraffic.model_rebuild()
