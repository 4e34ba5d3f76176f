from datetime import datetime
from typing import Any, Optional

from pydantic import Field

from .base_model import BaseModel
from .enums import (
    AuthMethod,
    AutomationTrigger,
    DatasetKind,
    ItemStatus,
    JobKind,
    JobState,
    LabelRule,
    ModelType,
    Permission,
    PromotionAction,
    PromotionMode,
    QueueOrder,
    Role,
    TaskType,
    ValidationMethod,
)


class AutomationFields(BaseModel):
    model: str
    dataset_id: str = Field(alias="datasetId")
    enabled: bool
    label_threshold: Optional[int] = Field(alias="labelThreshold")
    every_minutes: Optional[int] = Field(alias="everyMinutes")
    daily_at: Optional[str] = Field(alias="dailyAt")
    mode: PromotionMode
    updated_by: str = Field(alias="updatedBy")
    updated_at: datetime = Field(alias="updatedAt")
    counting_since: datetime = Field(alias="countingSince")
    new_labels: int = Field(alias="newLabels")
    last_run: Optional["AutomationFieldsLastRun"] = Field(alias="lastRun")


class AutomationFieldsLastRun(BaseModel):
    run_id: str = Field(alias="runId")
    at: datetime
    trigger: AutomationTrigger
    label_count: int = Field(alias="labelCount")
    handoff: str


class DatasetFields(BaseModel):
    id: str
    name: str
    kind: DatasetKind
    task_type: TaskType = Field(alias="taskType")
    labels: list["DatasetFieldsLabels"]
    instructions: str
    settings: "DatasetFieldsSettings"
    feature_names: list[str] = Field(alias="featureNames")
    archived: bool
    created_at: datetime = Field(alias="createdAt")
    updated_at: datetime = Field(alias="updatedAt")
    item_count: int = Field(alias="itemCount")


class DatasetFieldsLabels(BaseModel):
    name: str
    hotkey: Optional[str]
    color: Optional[str]


class DatasetFieldsSettings(BaseModel):
    overlap_target: int = Field(alias="overlapTarget")
    blind: bool
    queue_order: QueueOrder = Field(alias="queueOrder")


class FacetCountFields(BaseModel):
    value: str
    count: int


class ItemAnswerFields(BaseModel):
    id: str
    status: ItemStatus
    gold_label: Optional[str] = Field(alias="goldLabel")
    gold_labels: list[str] = Field(alias="goldLabels")
    gold_spans: list["ItemAnswerFieldsGoldSpans"] = Field(alias="goldSpans")
    annotations: list["ItemAnswerFieldsAnnotations"]


class ItemAnswerFieldsGoldSpans(BaseModel):
    start: int
    end: int
    label: str
    text: str


class ItemAnswerFieldsAnnotations(BaseModel):
    annotator: str
    labels: list[str]
    spans: list["ItemAnswerFieldsAnnotationsSpans"]
    note: Optional[str]
    suggestion_accepted: Optional[bool] = Field(alias="suggestionAccepted")


class ItemAnswerFieldsAnnotationsSpans(BaseModel):
    start: int
    end: int
    label: str
    text: str


class SpanFields(BaseModel):
    start: int
    end: int
    label: str
    text: str
    score: Optional[float]


class ItemFields(BaseModel):
    id: str
    dataset_id: str = Field(alias="datasetId")
    external_id: str = Field(alias="externalId")
    text: Optional[str]
    features: Optional[list["ItemFieldsFeatures"]]
    metadata: list["ItemFieldsMetadata"]
    status: ItemStatus
    gold_label: Optional[str] = Field(alias="goldLabel")
    gold_labels: list[str] = Field(alias="goldLabels")
    gold_spans: list["ItemFieldsGoldSpans"] = Field(alias="goldSpans")
    agreement: Optional[float]
    suggestion: Optional["ItemFieldsSuggestion"]
    revision: int
    created_at: datetime = Field(alias="createdAt")
    updated_at: datetime = Field(alias="updatedAt")
    annotations: list["ItemFieldsAnnotations"]
    history: list["ItemFieldsHistory"]


class ItemFieldsFeatures(BaseModel):
    name: str
    value: float


class ItemFieldsMetadata(BaseModel):
    key: str
    value: str


class ItemFieldsGoldSpans(SpanFields):
    pass


class ItemFieldsSuggestion(BaseModel):
    label: str
    confidence: float
    model: str
    version: str
    at: datetime
    labels: list["ItemFieldsSuggestionLabels"]
    spans: list["ItemFieldsSuggestionSpans"]


class ItemFieldsSuggestionLabels(BaseModel):
    label: str
    score: float


class ItemFieldsSuggestionSpans(SpanFields):
    pass


class ItemFieldsAnnotations(BaseModel):
    annotator: str
    label: str
    labels: list[str]
    spans: list["ItemFieldsAnnotationsSpans"]
    note: Optional[str]
    created_at: datetime = Field(alias="createdAt")
    updated_at: datetime = Field(alias="updatedAt")
    suggestion_accepted: Optional[bool] = Field(alias="suggestionAccepted")


class ItemFieldsAnnotationsSpans(SpanFields):
    pass


class ItemFieldsHistory(BaseModel):
    at: datetime
    actor: str
    action: str
    label: Optional[str]
    comment: Optional[str]


class JobFields(BaseModel):
    id: str
    kind: JobKind
    state: JobState
    message: str
    done: int
    total: Optional[int]
    problem_count: int = Field(alias="problemCount")
    result: Any


class KeyboardShortcutsFields(BaseModel):
    enabled: bool
    label_hotkeys: bool = Field(alias="labelHotkeys")
    submit: Optional[str]
    skip: Optional[str]
    undo: Optional[str]
    previous: Optional[str]
    next: Optional[str]
    note: Optional[str]


class MetricPointFields(BaseModel):
    step: int
    total: Optional[int]
    fold: Optional[int]
    loss: Optional[float]
    accuracy: Optional[float]
    macro_f_1: Optional[float] = Field(alias="macroF1")
    f_1: Optional[float] = Field(alias="f1")


class PromotionEventFields(BaseModel):
    id: str
    model: str
    action: PromotionAction
    version: str
    previous_version: Optional[str] = Field(alias="previousVersion")
    actor: str
    reason: str
    at: datetime
    run_id: Optional[str] = Field(alias="runId")
    metrics: Any
    gate: Optional[Any]
    override_reason: Optional[str] = Field(alias="overrideReason")
    job_id: Optional[str] = Field(alias="jobId")


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
    data_hash: Optional[str] = Field(alias="dataHash")
    label_rule: str = Field(alias="labelRule")
    training_set_id: Optional[str] = Field(alias="trainingSetId")
    training_set_name: Optional[str] = Field(alias="trainingSetName")
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
    precision: Optional[float]
    recall: Optional[float]
    f_1: Optional[float] = Field(alias="f1")


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


class ShadowTrafficFields(BaseModel):
    model: str
    alias: Optional[str]
    percent: int
    version: Optional[str]


class TrainingSetFields(BaseModel):
    id: str
    dataset_id: str = Field(alias="datasetId")
    name: str
    filter_: Any = Field(alias="filter")
    label_rule: LabelRule = Field(alias="labelRule")
    min_agreement: Optional[float] = Field(alias="minAgreement")
    created_by: str = Field(alias="createdBy")
    created_at: datetime = Field(alias="createdAt")
    updated_at: datetime = Field(alias="updatedAt")


class ViewerFields(BaseModel):
    auth_method: AuthMethod = Field(alias="authMethod")
    user: "ViewerFieldsUser"
    permissions: list["ViewerFieldsPermissions"]
    api_tokens: list["ViewerFieldsApiTokens"] = Field(alias="apiTokens")
    keyboard_shortcuts: "ViewerFieldsKeyboardShortcuts" = Field(
        alias="keyboardShortcuts"
    )


class ViewerFieldsUser(BaseModel):
    id: str
    username: str
    role: Role
    disabled: bool
    created_at: datetime = Field(alias="createdAt")


class ViewerFieldsPermissions(BaseModel):
    permission: Permission
    description: str
    enabled: bool
    disabled_reason: Optional[str] = Field(alias="disabledReason")


class ViewerFieldsApiTokens(BaseModel):
    id: str
    name: str
    created_at: datetime = Field(alias="createdAt")
    revoked_at: Optional[datetime] = Field(alias="revokedAt")


class ViewerFieldsKeyboardShortcuts(KeyboardShortcutsFields):
    pass


AutomationFields.model_rebuild()
DatasetFields.model_rebuild()
FacetCountFields.model_rebuild()
ItemAnswerFields.model_rebuild()
SpanFields.model_rebuild()
ItemFields.model_rebuild()
JobFields.model_rebuild()
KeyboardShortcutsFields.model_rebuild()
MetricPointFields.model_rebuild()
PromotionEventFields.model_rebuild()
RunFields.model_rebuild()
SearchHitFields.model_rebuild()
ShadowTrafficFields.model_rebuild()
TrainingSetFields.model_rebuild()
ViewerFields.model_rebuild()
