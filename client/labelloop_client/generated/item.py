from typing import Optional

from .base_model import BaseModel
from .fragments import ItemFields


class Item(BaseModel):
    item: Optional["ItemItem"]


ItemItem = ItemFields
Item.model_rebuild()
