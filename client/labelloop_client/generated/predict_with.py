from typing import Literal, Union

from pydantic import Field

from .base_model import BaseModel


class PredictWith(BaseModel):
    predict: Union[
        "PredictWithPredictPrediction",
        "PredictWithPredictModelNotFoundError",
        "PredictWithPredictNoProductionVersionError",
        "PredictWithPredictModelVersionNotFoundError",
        "PredictWithPredictAliasNotSetError",
        "PredictWithPredictPinnedPredictionForbiddenError",
        "PredictWithPredictValidationError",
    ] = Field(discriminator="typename__")


class PredictWithPredictPrediction(BaseModel):
    typename__: Literal["Prediction"] = Field(alias="__typename")
    model: str
    version: str
    replica: str
    latency_ms: float = Field(alias="latencyMs")
    rows: list["PredictWithPredictPredictionRows"]


class PredictWithPredictPredictionRows(BaseModel):
    label: str
    confidence: float


class PredictWithPredictModelNotFoundError(BaseModel):
    typename__: Literal["ModelNotFoundError"] = Field(alias="__typename")
    message: str


class PredictWithPredictNoProductionVersionError(BaseModel):
    typename__: Literal["NoProductionVersionError"] = Field(alias="__typename")
    message: str


class PredictWithPredictModelVersionNotFoundError(BaseModel):
    typename__: Literal["ModelVersionNotFoundError"] = Field(alias="__typename")
    message: str


class PredictWithPredictAliasNotSetError(BaseModel):
    typename__: Literal["AliasNotSetError"] = Field(alias="__typename")
    message: str


class PredictWithPredictPinnedPredictionForbiddenError(BaseModel):
    typename__: Literal["PinnedPredictionForbiddenError"] = Field(alias="__typename")
    message: str


class PredictWithPredictValidationError(BaseModel):
    typename__: Literal["ValidationError"] = Field(alias="__typename")
    message: str
    field_errors: list["PredictWithPredictValidationErrorFieldErrors"] = Field(
        alias="fieldErrors"
    )


class PredictWithPredictValidationErrorFieldErrors(BaseModel):
    field: str
    code: str
    message: str


PredictWith.model_rebuild()
PredictWithPredictPrediction.model_rebuild()
PredictWithPredictValidationError.model_rebuild()
