from datetime import datetime
from typing import Any, Optional

from pydantic import Field

from .base_model import BaseModel
from .enums import (
    ItemStatus,
    JobKind,
    JobState,
    ModelType,
    PromotionAction,
    ValidationMethod,
)


class ItemFields(BaseModel):
    id: str
    dataset_id: str = Field(alias="datasetId")
    external_id: str = Field(alias="externalId")
    text: Optional[str]
    features: Optional[list["ItemFieldsFeatures"]]
    status: ItemStatus
    gold_label: Optional[str] = Field(alias="goldLabel")
    annotations: list["ItemFieldsAnnotations"]
    agreement: Optional[float]
    revision: int


class ItemFieldsFeatures(BaseModel):
    name: str
    value: float


class ItemFieldsAnnotations(BaseModel):
    annotator: str
    label: str
    note: Optional[str]
    updated_at: datetime = Field(alias="updatedAt")


class JobFields(BaseModel):
    id: str
    kind: JobKind
    state: JobState
    message: str
    done: int
    total: Optional[int]
    problem_count: int = Field(alias="problemCount")
    result: Any


class MetricPointFields(BaseModel):
    step: int
    total: Optional[int]
    fold: Optional[int]
    loss: Optional[float]
    accuracy: Optional[float]
    macro_f_1: Optional[float] = Field(alias="macroF1")


class PromotionEventFields(BaseModel):
    id: str
    action: PromotionAction
    version: str
    previous_version: Optional[str] = Field(alias="previousVersion")
    actor: str
    reason: str
    at: datetime


class RunFields(BaseModel):
    id: str
    dataset_id: str = Field(alias="datasetId")
    model_type: ModelType = Field(alias="modelType")
    params: Any
    training_set: Any = Field(alias="trainingSet")
    validation_method: ValidationMethod = Field(alias="validationMethod")
    min_agreement: Optional[float] = Field(alias="minAgreement")
    state: JobState
    message: str
    attempt: int
    created_by: str = Field(alias="createdBy")
    created_at: datetime = Field(alias="createdAt")
    started_at: Optional[datetime] = Field(alias="startedAt")
    finished_at: Optional[datetime] = Field(alias="finishedAt")
    duration_seconds: Optional[float] = Field(alias="durationSeconds")
    item_count: Optional[int] = Field(alias="itemCount")
    item_hash: Optional[str] = Field(alias="itemHash")
    label_counts: Any = Field(alias="labelCounts")
    train_size: Optional[int] = Field(alias="trainSize")
    validation_size: Optional[int] = Field(alias="validationSize")
    metrics: Optional["RunFieldsMetrics"]
    class_report: list["RunFieldsClassReport"] = Field(alias="classReport")
    mlflow_run_id: Optional[str] = Field(alias="mlflowRunId")
    model_name: Optional[str] = Field(alias="modelName")
    model_version: Optional[str] = Field(alias="modelVersion")


class RunFieldsMetrics(BaseModel):
    accuracy: Optional[float]
    macro_f_1: Optional[float] = Field(alias="macroF1")
    weighted_f_1: Optional[float] = Field(alias="weightedF1")
    loss: Optional[float]


class RunFieldsClassReport(BaseModel):
    label: str
    precision: float
    recall: float
    f_1: float = Field(alias="f1")
    support: int


class SearchHitFields(BaseModel):
    cursor: str
    item_id: str = Field(alias="itemId")
    external_id: str = Field(alias="externalId")
    text: Optional[str]
    features: Optional[list["SearchHitFieldsFeatures"]]
    metadata: list["SearchHitFieldsMetadata"]
    status: ItemStatus
    gold_label: Optional[str] = Field(alias="goldLabel")
    labels: list[str]
    highlights: list[str]
    score: Optional[float]
    created_at: datetime = Field(alias="createdAt")


class SearchHitFieldsFeatures(BaseModel):
    name: str
    value: float


class SearchHitFieldsMetadata(BaseModel):
    key: str
    value: str


ItemFields.model_rebuild()
JobFields.model_rebuild()
MetricPointFields.model_rebuild()
PromotionEventFields.model_rebuild()
RunFields.model_rebuild()
SearchHitFields.model_rebuild()
