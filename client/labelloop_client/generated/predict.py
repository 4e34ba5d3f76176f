from typing import Literal, Optional, Union

from pydantic import Field

from .base_model import BaseModel


class Predict(BaseModel):
    predict: Union[
        "PredictPredictPrediction",
        "PredictPredictModelNotFoundError",
        "PredictPredictNoProductionVersionError",
        "PredictPredictModelVersionNotFoundError",
        "PredictPredictAliasNotSetError",
        "PredictPredictPinnedPredictionForbiddenError",
        "PredictPredictValidationError",
    ] = Field(discriminator="typename__")


class PredictPredictPrediction(BaseModel):
    typename__: Literal["Prediction"] = Field(alias="__typename")
    model: str
    version: str
    replica: str
    latency_ms: float = Field(alias="latencyMs")
    rows: list["PredictPredictPredictionRows"]


class PredictPredictPredictionRows(BaseModel):
    label: str
    confidence: float
    probabilities: list["PredictPredictPredictionRowsProbabilities"]
    labels: Optional[list["PredictPredictPredictionRowsLabels"]]
    spans: list["PredictPredictPredictionRowsSpans"]


class PredictPredictPredictionRowsProbabilities(BaseModel):
    label: str
    probability: float


class PredictPredictPredictionRowsLabels(BaseModel):
    label: str
    score: float


class PredictPredictPredictionRowsSpans(BaseModel):
    start: int
    end: int
    label: str
    text: str
    score: Optional[float]


class PredictPredictModelNotFoundError(BaseModel):
    typename__: Literal["ModelNotFoundError"] = Field(alias="__typename")
    message: str


class PredictPredictNoProductionVersionError(BaseModel):
    typename__: Literal["NoProductionVersionError"] = Field(alias="__typename")
    message: str


class PredictPredictModelVersionNotFoundError(BaseModel):
    typename__: Literal["ModelVersionNotFoundError"] = Field(alias="__typename")
    message: str


class PredictPredictAliasNotSetError(BaseModel):
    typename__: Literal["AliasNotSetError"] = Field(alias="__typename")
    message: str


class PredictPredictPinnedPredictionForbiddenError(BaseModel):
    typename__: Literal["PinnedPredictionForbiddenError"] = Field(alias="__typename")
    message: str


class PredictPredictValidationError(BaseModel):
    typename__: Literal["ValidationError"] = Field(alias="__typename")
    message: str
    field_errors: list["PredictPredictValidationErrorFieldErrors"] = Field(
        alias="fieldErrors"
    )


class PredictPredictValidationErrorFieldErrors(BaseModel):
    field: str
    code: str
    message: str


Predict.model_rebuild()
PredictPredictPrediction.model_rebuild()
PredictPredictPredictionRows.model_rebuild()
PredictPredictValidationError.model_rebuild()
