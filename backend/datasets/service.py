"""Creating, changing and archiving datasets; every check says how to fix the input."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime

from backend.clock import utc_now
from backend.datasets.entities import AnnotationSettings, Dataset, DatasetKind, LabelDefinition, TaskType
from backend.datasets.errors import DatasetArchived, DatasetNotFound
from backend.datasets.repository import DatasetExists, DatasetRepository
from backend.errors import FieldProblem, ValidationFailed
from backend.names import unsafe_character_problem
from backend.pages import Page, page_of

COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
LABEL_NAME = re.compile(r"^[^\s].{0,62}[^\s]$|^[^\s]$")
MAX_LABELS = 50
MAX_OVERLAP = 10


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60]


def _label_problems(labels: Sequence[LabelDefinition]) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if not 1 <= len(labels) <= MAX_LABELS:
        problems.append(FieldProblem("labels", "count", f"give 1 to {MAX_LABELS} labels (got {len(labels)})"))
    seen_names: set[str] = set()
    seen_keys: set[str] = set()
    for i, label in enumerate(labels):
        unsafe = unsafe_character_problem(label.name, f"labels[{i}].name", "label name")
        if unsafe is not None:
            problems.append(unsafe)
        elif not LABEL_NAME.fullmatch(label.name):
            problems.append(
                FieldProblem(f"labels[{i}].name", "invalid", "a label name has 1 to 64 characters, no outer spaces")
            )
        if label.name in seen_names:
            problems.append(FieldProblem(f"labels[{i}].name", "duplicate", f"label '{label.name}' is given twice"))
        seen_names.add(label.name)
        if label.hotkey is not None:
            if len(label.hotkey) != 1 or not label.hotkey.isalnum() or label.hotkey.lower() in {"s", "u"}:
                problems.append(
                    FieldProblem(
                        f"labels[{i}].hotkey",
                        "invalid",
                        f"hotkey '{label.hotkey}' must be one letter or digit, not S or U (skip and undo)",
                    )
                )
            elif label.hotkey.lower() in seen_keys:
                problems.append(
                    FieldProblem(f"labels[{i}].hotkey", "duplicate", f"hotkey '{label.hotkey}' is used twice")
                )
            seen_keys.add(label.hotkey.lower())
        if label.color is not None and not COLOR.fullmatch(label.color):
            problems.append(
                FieldProblem(f"labels[{i}].color", "invalid", f"colour '{label.color}' must look like #1f77b4")
            )
    return problems


def _settings_problems(settings: AnnotationSettings) -> list[FieldProblem]:
    if 1 <= settings.overlap_target <= MAX_OVERLAP:
        return []
    return [FieldProblem("settings.overlapTarget", "out_of_range", f"ask for 1 to {MAX_OVERLAP} labels per item")]


class DatasetService:
    """Datasets: the label schema and annotation settings that items are labelled against."""

    def __init__(self, datasets: DatasetRepository, clock: Callable[[], datetime] = utc_now) -> None:
        self._datasets = datasets
        self._clock = clock

    async def find(self, dataset_id: str) -> Dataset | None:
        """The dataset, or None when no dataset has that id."""
        return await self._datasets.get(dataset_id)

    async def get(self, dataset_id: str) -> Dataset:
        """The dataset; raises DatasetNotFound."""
        dataset = await self._datasets.get(dataset_id)
        if dataset is None:
            raise DatasetNotFound(dataset_id)
        return dataset

    async def get_writable(self, dataset_id: str) -> Dataset:
        """The dataset, when it is not archived; raises DatasetNotFound or DatasetArchived."""
        dataset = await self.get(dataset_id)
        if dataset.archived:
            raise DatasetArchived(dataset_id)
        return dataset

    async def list_datasets(self, include_archived: bool = False) -> list[Dataset]:
        """Every dataset by name (archived ones only when asked)."""
        return [d for d in await self._datasets.list_all() if include_archived or not d.archived]

    async def page(self, first: int, after: str | None, include_archived: bool = False) -> Page[Dataset]:
        """A page of the datasets by name (archived ones only when asked); raises ValidationFailed for a bad
        argument."""
        return page_of(await self.list_datasets(include_archived), first, after)

    async def create(
        self,
        name: str,
        kind: DatasetKind,
        labels: Sequence[LabelDefinition],
        instructions: str,
        settings: AnnotationSettings,
        created_by: str,
        feature_names: Sequence[str] = (),
        task_type: TaskType = TaskType.SINGLE_LABEL,
    ) -> Dataset:
        """A new dataset whose id is the slug of its name; raises ValidationFailed."""
        name = name.strip()
        problems = _label_problems(labels) + _settings_problems(settings)
        unsafe_name = unsafe_character_problem(name, "name", "dataset name")
        if unsafe_name is not None:
            problems.insert(0, unsafe_name)
        elif not slugify(name):
            problems.insert(0, FieldProblem("name", "invalid", "give the dataset a name with letters or digits"))
        if kind is DatasetKind.TEXT and feature_names:
            problems.append(FieldProblem("featureNames", "not_applicable", "only TABULAR datasets have features"))
        if kind is DatasetKind.TABULAR and task_type is TaskType.SPANS:
            problems.append(
                FieldProblem("taskType", "not_applicable", "SPANS mark parts of a text: create a TEXT dataset")
            )
        for i, feature in enumerate(feature_names):
            unsafe_feature = unsafe_character_problem(feature, f"featureNames[{i}]", "feature name")
            if unsafe_feature is not None:
                problems.append(unsafe_feature)
        if problems:
            raise ValidationFailed(problems)
        now = self._clock()
        dataset = Dataset(
            id=slugify(name),
            name=name,
            kind=kind,
            labels=tuple(labels),
            instructions=instructions,
            settings=settings,
            created_by=created_by,
            created_at=now,
            updated_at=now,
            feature_names=tuple(feature_names),
            task_type=task_type,
        )
        try:
            await self._datasets.insert(dataset)
        except DatasetExists as exc:
            raise ValidationFailed(
                [FieldProblem("name", "taken", f"a dataset with id '{dataset.id}' exists: choose another name")]
            ) from exc
        return dataset

    async def update(
        self,
        dataset_id: str,
        *,
        labels: Sequence[LabelDefinition] | None = None,
        instructions: str | None = None,
        settings: AnnotationSettings | None = None,
        keep_queue_order: bool = False,
        archived: bool | None = None,
    ) -> Dataset:
        """Change what is given (with `keep_queue_order`, new `settings` keep the dataset's queue order). Labels can
        be added, recoloured or re-keyed, never removed (items use them).

        An archived dataset is read-only: only `archived=False` (restore) is accepted; raises DatasetArchived.
        """
        dataset = await self.get(dataset_id)
        if dataset.archived and (archived is not False or labels or instructions is not None or settings):
            raise DatasetArchived(dataset_id)
        problems: list[FieldProblem] = []
        if labels is not None:
            problems += _label_problems(labels)
            removed = set(dataset.label_names) - {lb.name for lb in labels}
            if removed:
                problems.append(
                    FieldProblem(
                        "labels", "removed", f"labels cannot be removed (items may use them): {sorted(removed)}"
                    )
                )
        if settings is not None:
            problems += _settings_problems(settings)
            if keep_queue_order:
                settings = replace(settings, queue_order=dataset.settings.queue_order)
        if problems:
            raise ValidationFailed(problems)
        updated = replace(
            dataset,
            labels=tuple(labels) if labels is not None else dataset.labels,
            instructions=instructions if instructions is not None else dataset.instructions,
            settings=settings or dataset.settings,
            archived=archived if archived is not None else dataset.archived,
            updated_at=self._clock(),
        )
        await self._datasets.replace(updated)
        return updated

    async def set_feature_names(self, dataset: Dataset, feature_names: Sequence[str]) -> Dataset:
        """Record the features of a TABULAR dataset (from its first import)."""
        updated = replace(dataset, feature_names=tuple(feature_names), updated_at=self._clock())
        await self._datasets.replace(updated)
        return updated
