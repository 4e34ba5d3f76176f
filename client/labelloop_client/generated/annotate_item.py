from typing import Literal, Union

from pydantic import Field

from .base_model import BaseModel
from .fragments import ItemFields


class AnnotateItem(BaseModel):
    annotate_item: Union[
        "AnnotateItemAnnotateItemItemSuccess",
        "AnnotateItemAnnotateItemItemNotFoundError",
        "AnnotateItemAnnotateItemDatasetArchivedError",
        "AnnotateItemAnnotateItemValidationError",
        "AnnotateItemAnnotateItemConcurrentChangesError",
        "AnnotateItemAnnotateItemItemCompleteError",
    ] = Field(alias="annotateItem", discriminator="typename__")


class AnnotateItemAnnotateItemItemSuccess(BaseModel):
    typename__: Literal["ItemSuccess"] = Field(alias="__typename")
    item: "AnnotateItemAnnotateItemItemSuccessItem"


AnnotateItemAnnotateItemItemSuccessItem = ItemFields


class AnnotateItemAnnotateItemItemNotFoundError(BaseModel):
    typename__: Literal["ItemNotFoundError"] = Field(alias="__typename")
    message: str


class AnnotateItemAnnotateItemDatasetArchivedError(BaseModel):
    typename__: Literal["DatasetArchivedError"] = Field(alias="__typename")
    message: str


class AnnotateItemAnnotateItemValidationError(BaseModel):
    typename__: Literal["ValidationError"] = Field(alias="__typename")
    message: str
    field_errors: list["AnnotateItemAnnotateItemValidationErrorFieldErrors"] = Field(
        alias="fieldErrors"
    )


class AnnotateItemAnnotateItemValidationErrorFieldErrors(BaseModel):
    field: str
    code: str
    message: str


class AnnotateItemAnnotateItemConcurrentChangesError(BaseModel):
    typename__: Literal["ConcurrentChangesError"] = Field(alias="__typename")
    message: str


class AnnotateItemAnnotateItemItemCompleteError(BaseModel):
    typename__: Literal["ItemCompleteError"] = Field(alias="__typename")
    message: str


AnnotateItem.model_rebuild()
AnnotateItemAnnotateItemItemSuccess.model_rebuild()
AnnotateItemAnnotateItemValidationError.model_rebuild()
