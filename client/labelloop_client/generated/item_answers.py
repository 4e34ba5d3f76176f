from typing import Optional

from .base_model import BaseModel
from .fragments import ItemAnswerFields


class ItemAnswers(BaseModel):
    item: Optional["ItemAnswersItem"]


ItemAnswersItem = ItemAnswerFields
ItemAnswers.model_rebuild()
