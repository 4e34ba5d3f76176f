"""Saving, changing, deleting and listing a dataset's training sets (ADMIN writes, everyone with view_models reads)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from backend.auth.entities import Principal
from backend.clock import utc_now
from backend.datasets.service import DatasetService
from backend.errors import FieldProblem, ValidationFailed
from backend.names import unsafe_character_problem
from backend.pages import Page, page_of
from backend.training.sets import MAX_NAME, LabelRule, TrainingSet, TrainingSetDraft, TrainingSetNotFound
from backend.training.sets_repository import TrainingSetRepository


def _draft_problems(draft: TrainingSetDraft) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    name = draft.name.strip()
    if not name:
        problems.append(FieldProblem("name", "required", "give the training set a name"))
    elif len(name) > MAX_NAME:
        problems.append(FieldProblem("name", "too_long", f"use at most {MAX_NAME} characters"))
    elif problem := unsafe_character_problem(name, "name", "training set's name"):
        problems.append(problem)
    if draft.min_agreement is not None and not 0.0 <= draft.min_agreement <= 1.0:
        problems.append(
            FieldProblem("minAgreement", "out_of_range", "give the agreement as a fraction between 0 and 1")
        )
    if draft.min_agreement is not None and draft.label_rule is not LabelRule.GOLD_OR_MAJORITY:
        problems.append(
            FieldProblem(
                "minAgreement",
                "not_used",
                f"the label rule {draft.label_rule.value} takes no minimum agreement: leave it out, or choose "
                "GOLD_OR_MAJORITY",
            )
        )
    return problems


class TrainingSetService:
    def __init__(
        self,
        sets: TrainingSetRepository,
        datasets: DatasetService,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._sets = sets
        self._datasets = datasets
        self._clock = clock

    async def create(self, principal: Principal, dataset_id: str, draft: TrainingSetDraft) -> TrainingSet:
        """Save a new set; raises DatasetNotFound, or ValidationFailed (bad name or agreement, duplicate name)."""
        dataset = await self._datasets.get(dataset_id)
        problems = _draft_problems(draft)
        if problems:
            raise ValidationFailed(problems)
        now = self._clock()
        training_set = TrainingSet(
            id=f"ts_{uuid.uuid4().hex[:16]}",
            dataset_id=dataset.id,
            name=draft.name.strip(),
            item_filter=draft.item_filter.describe(),
            label_rule=draft.label_rule,
            min_agreement=draft.min_agreement,
            created_by=principal.user.username,
            created_at=now,
            updated_at=now,
        )
        await self._sets.insert(training_set)
        return training_set

    async def update(self, set_id: str, draft: TrainingSetDraft) -> TrainingSet:
        """Change a set (runs already started keep the definition they recorded); raises TrainingSetNotFound or
        ValidationFailed."""
        current = await self.get(set_id)
        problems = _draft_problems(draft)
        if problems:
            raise ValidationFailed(problems)
        changed = replace(
            current,
            name=draft.name.strip(),
            item_filter=draft.item_filter.describe(),
            label_rule=draft.label_rule,
            min_agreement=draft.min_agreement,
            updated_at=self._clock(),
        )
        await self._sets.replace(current, changed)
        return changed

    async def delete(self, set_id: str) -> TrainingSet:
        """Remove a set (runs started from it keep its definition); raises TrainingSetNotFound."""
        current = await self.get(set_id)
        await self._sets.delete(current)
        return current

    async def get(self, set_id: str) -> TrainingSet:
        found = await self._sets.get(set_id)
        if found is None:
            raise TrainingSetNotFound(set_id)
        return found

    async def list_sets(self, dataset_id: str, first: int = 20, after: str | None = None) -> Page[TrainingSet]:
        """A page of the dataset's sets by name; raises DatasetNotFound or ValidationFailed (bad page)."""
        dataset = await self._datasets.get(dataset_id)
        sets = await self._sets.of_dataset(dataset.id)
        return page_of(sorted(sets, key=lambda s: (s.name.casefold(), s.id)), first, after)
