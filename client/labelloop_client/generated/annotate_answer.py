from typing import Literal, Union

from pydantic import Field

from .base_model import BaseModel
from .fragments import ItemAnswerFields


class AnnotateAnswer(BaseModel):
    annotate_item: Union[
        "AnnotateAnswerAnnotateItemItemSuccess",
        "AnnotateAnswerAnnotateItemItemNotFoundError",
        "AnnotateAnswerAnnotateItemDatasetArchivedError",
        "AnnotateAnswerAnnotateItemValidationError",
        "AnnotateAnswerAnnotateItemConcurrentChangesError",
        "AnnotateAnswerAnnotateItemItemCompleteError",
    ] = Field(alias="annotateItem", discriminator="typename__")


class AnnotateAnswerAnnotateItemItemSuccess(BaseModel):
    typename__: Literal["ItemSuccess"] = Field(alias="__typename")
    item: "AnnotateAnswerAnnotateItemItemSuccessItem"


AnnotateAnswerAnnotateItemItemSuccessItem = ItemAnswerFields


class AnnotateAnswerAnnotateItemItemNotFoundError(BaseModel):
    typename__: Literal["ItemNotFoundError"] = Field(alias="__typename")
    message: str


class AnnotateAnswerAnnotateItemDatasetArchivedError(BaseModel):
    typename__: Literal["DatasetArchivedError"] = Field(alias="__typename")
    message: str


class AnnotateAnswerAnnotateItemValidationError(BaseModel):
    typename__: Literal["ValidationError"] = Field(alias="__typename")
    message: str
    field_errors: list["AnnotateAnswerAnnotateItemValidationErrorFieldErrors"] = Field(
        alias="fieldErrors"
    )


class AnnotateAnswerAnnotateItemValidationErrorFieldErrors(BaseModel):
    field: str
    code: str
    message: str


class AnnotateAnswerAnnotateItemConcurrentChangesError(BaseModel):
    typename__: Literal["ConcurrentChangesError"] = Field(alias="__typename")
    message: str


class AnnotateAnswerAnnotateItemItemCompleteError(BaseModel):
    typename__: Literal["ItemCompleteError"] = Field(alias="__typename")
    message: str


AnnotateAnswer.model_rebuild()
AnnotateAnswerAnnotateItemItemSuccess.model_rebuild()
AnnotateAnswerAnnotateItemValidationError.model_rebuild()
