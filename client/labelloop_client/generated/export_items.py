from typing import Literal, Union

from pydantic import Field

from .base_model import BaseModel
from .fragments import JobFields


class ExportItems(BaseModel):
    export_items: Union[
        "ExportItemsExportItemsJobSuccess",
        "ExportItemsExportItemsDatasetNotFoundError",
        "ExportItemsExportItemsValidationError",
    ] = Field(alias="exportItems", discriminator="typename__")


class ExportItemsExportItemsJobSuccess(BaseModel):
    typename__: Literal["JobSuccess"] = Field(alias="__typename")
    job: "ExportItemsExportItemsJobSuccessJob"


ExportItemsExportItemsJobSuccessJob = JobFields


class ExportItemsExportItemsDatasetNotFoundError(BaseModel):
    typename__: Literal["DatasetNotFoundError"] = Field(alias="__typename")
    message: str


class ExportItemsExportItemsValidationError(BaseModel):
    typename__: Literal["ValidationError"] = Field(alias="__typename")
    message: str
    field_errors: list["ExportItemsExportItemsValidationErrorFieldErrors"] = Field(
        alias="fieldErrors"
    )


class ExportItemsExportItemsValidationErrorFieldErrors(BaseModel):
    field: str
    code: str
    message: str


ExportItems.model_rebuild()
ExportItemsExportItemsJobSuccess.model_rebuild()
ExportItemsExportItemsValidationError.model_rebuild()
