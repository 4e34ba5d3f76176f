from datetime import datetime
from typing import Optional

from pydantic import Field

from .base_model import BaseModel
from .enums import (
    DatasetKind,
    ItemStatus,
    LabelRule,
    QueueOrder,
    TaskType,
    ValidationMethod,
)


class AnnotationSettingsInput(BaseModel):
    """Annotation settings of a dataset."""

    overlap_target: int = Field(alias="overlapTarget", default=1)
    "Independent labels wanted per item, 1 to 10."
    blind: bool = False
    "Annotators see only their own labels."
    queue_order: Optional[QueueOrder] = Field(alias="queueOrder", default=None)
    "RANDOM (the default for a new dataset) or IMPORT_ORDER; left out: unchanged."


class CreateDatasetInput(BaseModel):
    """A new dataset."""

    name: str
    "Display name; its slug becomes the id."
    kind: DatasetKind
    "TEXT or TABULAR."
    task_type: TaskType = Field(alias="taskType", default=TaskType.SINGLE_LABEL)
    "SINGLE_LABEL (the default), MULTI_LABEL, or SPANS (TEXT only); fixed once created."
    labels: list["LabelInput"]
    "1 to 50 labels."
    instructions: str = ""
    "Guidelines for annotators (Markdown)."
    settings: Optional["AnnotationSettingsInput"] = None
    "Default: no overlap."
    feature_names: Optional[list[str]] = Field(alias="featureNames", default=None)
    "TABULAR only; default: taken from the first import."


class ImportMappingInput(BaseModel):
    """Which field (JSONL key or CSV column) holds what."""

    external_id: str = Field(alias="externalId", default="id")
    "The item's id; missing: a hash of the content."
    text: str = "text"
    "TEXT datasets: the text."
    label: str = "label"
    "An existing label, imported as the gold label."
    metadata: Optional[list[str]] = None
    "Fields kept as metadata. JSONL: added to the 'metadata' object. CSV: default every other column."
    features: Optional[list[str]] = None
    "TABULAR: the feature fields; default every numeric field not mapped otherwise."


class ItemFilter(BaseModel):
    """Which items. Every given condition must hold; values within one condition are alternatives. The one filter that search, export, training sets and the annotation queue share."""

    text: Optional[str] = None
    'Full-text query on the item text: words (all required), "phrases", -excluded.'
    statuses: Optional[list[ItemStatus]] = None
    "Any of these statuses. In a blind dataset an annotator may ask only UNLABELED (not labelled by them) and IN_PROGRESS (labelled by them); `labels`, `goldLabels`, `annotators` and `hasGoldLabel` are for reviewers there."
    labels: Optional[list[str]] = None
    "Labelled so by anyone, or as gold."
    gold_labels: Optional[list[str]] = Field(alias="goldLabels", default=None)
    "With one of these gold labels."
    annotators: Optional[list[str]] = None
    "Labelled by any of these users."
    has_gold_label: Optional[bool] = Field(alias="hasGoldLabel", default=None)
    "With (true) or without a gold label."
    metadata: Optional[list["MetadataConditionInput"]] = None
    "Metadata conditions, all of which must hold."
    metadata_ranges: Optional[list["MetadataRangeInput"]] = Field(
        alias="metadataRanges", default=None
    )
    "Numeric metadata ranges. Ranges and values of the same key are alternatives; keys combine."
    span_texts: Optional[list[str]] = Field(alias="spanTexts", default=None)
    "SPANS: someone (or gold) marked one of these texts, as any label (any case). For reviewers in blind datasets."
    span_marks: Optional[list["SpanMarkInput"]] = Field(alias="spanMarks", default=None)
    "SPANS: someone (or gold) marked one of these texts as that label, e.g. Paris as LOCATION (alternatives; any case). For reviewers in blind datasets."
    external_ids: Optional[list[str]] = Field(alias="externalIds", default=None)
    "Only these external ids."
    created_after: Optional[datetime] = Field(alias="createdAfter", default=None)
    "Imported after this instant."
    created_before: Optional[datetime] = Field(alias="createdBefore", default=None)
    "Imported before this instant."


class KeyboardShortcutsInput(BaseModel):
    """The whole new key map: a null key turns that action off, an omitted one gets its default."""

    enabled: bool
    "False turns every workspace key off."
    label_hotkeys: bool = Field(alias="labelHotkeys", default=True)
    "False turns the datasets' label hotkeys off."
    submit: Optional[str] = None
    "Key that does submit (default `Enter`); null: off; omitted: the default."
    skip: Optional[str] = None
    "Key that does skip (default `s`); null: off; omitted: the default."
    undo: Optional[str] = None
    "Key that does undo (default `u`); null: off; omitted: the default."
    previous: Optional[str] = None
    "Key that does previous (default `ArrowLeft`); null: off; omitted: the default."
    next: Optional[str] = None
    "Key that does next (default `ArrowRight`); null: off; omitted: the default."
    note: Optional[str] = None
    "Key that does note (default `/`); null: off; omitted: the default."


class LabelInput(BaseModel):
    """A label of a dataset."""

    name: str
    "1 to 64 characters."
    hotkey: Optional[str] = None
    "One letter or digit, not S or U."
    color: Optional[str] = None
    "Display colour, `#rrggbb`; null: a neutral one."


class MetadataConditionInput(BaseModel):
    """One metadata condition: the key has any of the values (compared as text)."""

    key: str
    "The metadata key to test."
    values: list[str]
    "The values accepted (any of them matches), compared as text."


class MetadataRangeInput(BaseModel):
    """A range of a numeric metadata key: from `min` (included) to `max` (excluded)."""

    key: str
    "The numeric metadata key to test."
    min: Optional[float] = None
    "Lower bound, included (null: open)."
    max: Optional[float] = None
    "Upper bound, excluded (null: open)."


class SpanInputType(BaseModel):
    """A span to mark: offsets in Unicode code points of the item's stored text."""

    start: int
    "Offset of the first marked character (code points, from 0)."
    end: int
    "Offset just past the last marked character (excluded)."
    label: str
    "The entity label, one of the dataset's labels."
    text: Optional[str] = None
    "The marked text as the client sees it; when given it must equal the stored text at these offsets (catches offsets counted in UTF-16 units or bytes)."


class SpanMarkInput(BaseModel):
    """SPANS: a span marked with `label` over the text `text` (compared without case)."""

    label: str
    "The span's label, e.g. LOCATION."
    text: str
    "The marked text, e.g. Paris (any case; outer spaces ignored)."


class TrainingSetInput(BaseModel):
    """What a training set selects and how it labels."""

    name: str
    "A name unique within the dataset, up to 100 characters."
    filter_: Optional["ItemFilter"] = Field(alias="filter", default=None)
    "Which items, as in `search`; null selects every labelled item."
    label_rule: LabelRule = Field(alias="labelRule", default=LabelRule.GOLD_OR_MAJORITY)
    "Which label each item trains with."
    min_agreement: Optional[float] = Field(alias="minAgreement", default=None)
    "GOLD_OR_MAJORITY only: leave out items whose majority has a smaller share (0-1)."


class UpdateDatasetInput(BaseModel):
    """Changes to a dataset; omitted fields stay as they are."""

    labels: Optional[list["LabelInput"]] = None
    "The whole new label list: labels can be added or changed, not removed."
    instructions: Optional[str] = None
    "New guidelines for annotators (Markdown); null keeps them."
    settings: Optional["AnnotationSettingsInput"] = None
    "New annotation settings; null keeps them."
    archived: Optional[bool] = None
    "Archive (true) or restore (false)."


class ValidationInput(BaseModel):
    """How a training measures its model."""

    method: ValidationMethod = ValidationMethod.HOLDOUT
    "How the run measures itself: a hold-out split or k-fold cross-validation."
    test_fraction: float = Field(alias="testFraction", default=0.2)
    "HOLDOUT: the share kept to measure, 0.05-0.5."
    folds: int = 5
    "CROSS_VALIDATION: folds, 2-20."
    seed: int = 42
    "Random seed of the split."


CreateDatasetInput.model_rebuild()
ItemFilter.model_rebuild()
TrainingSetInput.model_rebuild()
UpdateDatasetInput.model_rebuild()
