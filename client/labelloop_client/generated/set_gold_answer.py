from typing import Literal, Union

from pydantic import Field

from .base_model import BaseModel
from .fragments import ItemAnswerFields


class SetGoldAnswer(BaseModel):
    set_gold_label: Union[
        "SetGoldAnswerSetGoldLabelItemSuccess",
        "SetGoldAnswerSetGoldLabelItemNotFoundError",
        "SetGoldAnswerSetGoldLabelDatasetArchivedError",
        "SetGoldAnswerSetGoldLabelValidationError",
        "SetGoldAnswerSetGoldLabelConcurrentChangesError",
        "SetGoldAnswerSetGoldLabelItemCompleteError",
    ] = Field(alias="setGoldLabel", discriminator="typename__")


class SetGoldAnswerSetGoldLabelItemSuccess(BaseModel):
    typename__: Literal["ItemSuccess"] = Field(alias="__typename")
    item: "SetGoldAnswerSetGoldLabelItemSuccessItem"


SetGoldAnswerSetGoldLabelItemSuccessItem = ItemAnswerFields


class SetGoldAnswerSetGoldLabelItemNotFoundError(BaseModel):
    typename__: Literal["ItemNotFoundError"] = Field(alias="__typename")
    message: str


class SetGoldAnswerSetGoldLabelDatasetArchivedError(BaseModel):
    typename__: Literal["DatasetArchivedError"] = Field(alias="__typename")
    message: str


class SetGoldAnswerSetGoldLabelValidationError(BaseModel):
    typename__: Literal["ValidationError"] = Field(alias="__typename")
    message: str
    field_errors: list["SetGoldAnswerSetGoldLabelValidationErrorFieldErrors"] = Field(
        alias="fieldErrors"
    )


class SetGoldAnswerSetGoldLabelValidationErrorFieldErrors(BaseModel):
    field: str
    code: str
    message: str


class SetGoldAnswerSetGoldLabelConcurrentChangesError(BaseModel):
    typename__: Literal["ConcurrentChangesError"] = Field(alias="__typename")
    message: str


class SetGoldAnswerSetGoldLabelItemCompleteError(BaseModel):
    typename__: Literal["ItemCompleteError"] = Field(alias="__typename")
    message: str


SetGoldAnswer.model_rebuild()
SetGoldAnswerSetGoldLabelItemSuccess.model_rebuild()
SetGoldAnswerSetGoldLabelValidationError.model_rebuild()
