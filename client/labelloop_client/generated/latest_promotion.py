from pydantic import Field

from .base_model import BaseModel
from .fragments import PromotionEventFields


class LatestPromotion(BaseModel):
    promotion_history: "LatestPromotionPromotionHistory" = Field(
        alias="promotionHistory"
    )


class LatestPromotionPromotionHistory(BaseModel):
    nodes: list["LatestPromotionPromotionHistoryNodes"]


LatestPromotionPromotionHistoryNodes = PromotionEventFields
LatestPromotion.model_rebuild()
LatestPromotionPromotionHistory.model_rebuild()
