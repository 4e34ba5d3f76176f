"""Labelling items: one annotation per item and annotator, gold labels by reviewers, derived status."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from prometheus_client import Counter

from backend.annotations.activity import ActivityService
from backend.annotations.answers import Answer, AnswerInput, validate_answer
from backend.annotations.errors import AnnotationNotFound, ConcurrentChanges, ItemComplete, NotYourAnnotation
from backend.annotations.queue import AnnotationQueue
from backend.annotations.status import derive_status
from backend.annotations.suggestions import suggestion_record
from backend.auth.entities import Principal
from backend.auth.permissions import Role
from backend.clock import utc_now
from backend.datasets.entities import Dataset
from backend.datasets.service import DatasetService
from backend.errors import FieldProblem, ValidationFailed
from backend.items.entities import Annotation, Item, LabelEvent
from backend.items.service import ItemNotFound
from backend.items.store import ItemStore

ATTEMPTS = 8
NOTE_MAX = 2000
log = logging.getLogger("labelloop.annotations")
LABELS_OVER_TARGET = Counter(
    "labelloop_labels_over_target_total",
    "Labels kept beyond an item's overlap target because they were given while Redis was down",
    ["dataset"],
)


# What a change makes of an item: its annotations, its gold answer (None: none) and the history event.
Change = tuple[list[Annotation], Answer | None, LabelEvent]


def _gold(item: Item) -> Answer | None:
    if item.gold_label is None:
        return None
    return Answer(item.gold_label, item.gold_labels, item.gold_spans)


class AnnotationService:
    def __init__(
        self,
        datasets: DatasetService,
        items: ItemStore,
        queue: AnnotationQueue,
        activity: ActivityService,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._activity = activity
        self._datasets = datasets
        self._items = items
        self._queue = queue
        self._clock = clock

    async def annotate(
        self,
        principal: Principal,
        item_id: str,
        answer: AnswerInput | str,
        note: str | None,
        accepted_suggestion: bool | None = None,
    ) -> tuple[Item, Dataset]:
        """Set the caller's answer on an item (replacing their previous one); returns the item as stored and its
        dataset (as read for the write: the caller need not read it again).

        `answer` is what the dataset's task type asks for (answers.py); a bare string is a single label.

        `accepted_suggestion` says whether the label is the model's suggestion shown with the item, accepted
        unchanged (suggestions.py); the annotation records it with the suggestion's model and version.

        Raises ItemNotFound, DatasetArchived, ValidationFailed (a label not in the dataset, a wrong span, a note too
        long, an acceptance the item's suggestion contradicts).
        """
        given = AnswerInput(label=answer) if isinstance(answer, str) else answer
        annotator = principal.user.username
        if note is not None and len(note) > NOTE_MAX:
            raise ValidationFailed([FieldProblem("note", "too_long", f"keep the note under {NOTE_MAX} characters")])

        # Every new label is written under a reservation: the queue's (checked when it was taken), or one taken
        # here for this write and checked below. The holders are read before the item (docs/annotation.md).
        claim = await self._queue.claim(item_id, annotator)
        others = claim.holders - {annotator}

        def change(item: Item, dataset: Dataset, now: datetime) -> Change:
            valid = validate_answer(dataset, item.text, given)
            label = valid.key
            previous = next((a for a in item.annotations if a.annotator == annotator), None)
            target = dataset.settings.overlap_target
            labelled = {a.annotator for a in item.annotations}
            if previous is None and not claim.guarded:
                pass  # Redis is down: no slot could be checked; the label is kept even one over the target
            elif previous is None and claim.held:
                # the slot was checked when the queue gave it: only a full item (a lowered target) refuses it
                if len(labelled) >= target:
                    raise ItemComplete(item.id, target)
            elif previous is None and (annotator not in claim.holders or len(labelled | others) + 1 > target):
                raise ItemComplete(item.id, target)  # the labels plus the others holding a slot leave none
            shown = suggestion_record(principal, dataset, item, label, accepted_suggestion)
            created = previous.created_at if previous else now
            mine = Annotation(annotator, label, created, now, note, shown.accepted, shown.model, shown.version)
            mine = replace(mine, labels=valid.labels, spans=valid.spans)
            kept = [a for a in item.annotations if a.annotator != annotator]
            return [*kept, mine], _gold(item), LabelEvent(now, annotator, "annotate", label, note)

        try:
            stored, dataset = await self._apply(item_id, change)
        except ItemComplete:
            await self._queue.release(item_id, annotator)  # a refused holder must not block the slot it cannot use
            raise
        except Exception:
            if not claim.held:
                await self._queue.release(item_id, annotator)  # the slot taken for this write only
            raise
        mine = next(a for a in stored.annotations if a.annotator == annotator)
        # two Redis round trips at once: the slot let go, the label counted and published
        await asyncio.gather(
            self._queue.release(item_id, annotator),
            self._activity.record(stored.dataset_id, annotator, stored.id, mine.label),
        )
        if not claim.guarded:
            await self._count_over_target(stored)
        return stored, dataset

    async def _count_over_target(self, item: Item) -> None:
        """A label taken without Redis may be one more than the item's overlap target: count it, and say which."""
        dataset = await self._datasets.get(item.dataset_id)
        if len(item.annotations) > dataset.settings.overlap_target:
            LABELS_OVER_TARGET.labels(dataset=item.dataset_id).inc()
            log.warning(
                "item %s has %d labels for an overlap target of %d: labelled while Redis was down",
                item.id,
                len(item.annotations),
                dataset.settings.overlap_target,
            )

    async def delete(self, principal: Principal, item_id: str, annotator: str | None) -> tuple[Item, Dataset]:
        """Remove the caller's annotation (or, for an ADMIN, anyone's), returning the item and its dataset; raises
        AnnotationNotFound."""
        target = annotator or principal.user.username
        if target != principal.user.username and principal.role is not Role.ADMIN:
            raise NotYourAnnotation(target)

        def change(item: Item, dataset: Dataset, now: datetime) -> Change:
            if not any(a.annotator == target for a in item.annotations):
                raise AnnotationNotFound(item.id, target)
            remaining = [a for a in item.annotations if a.annotator != target]
            return remaining, _gold(item), LabelEvent(now, principal.user.username, "delete", None, target)

        stored, dataset = await self._apply(item_id, change)
        await self._activity.record(stored.dataset_id, target, stored.id, None)
        return stored, dataset

    async def set_gold_label(
        self, principal: Principal, item_id: str, answer: AnswerInput | str | None, comment: str | None
    ) -> tuple[Item, Dataset]:
        """A reviewer's final answer (None clears it; a bare string is a single label); the annotations stay."""
        given = AnswerInput(label=answer) if isinstance(answer, str) else answer

        def change(item: Item, dataset: Dataset, now: datetime) -> Change:
            gold = validate_answer(dataset, item.text, given) if given is not None else None
            key = gold.key if gold else None
            return list(item.annotations), gold, LabelEvent(now, principal.user.username, "gold", key, comment)

        return await self._apply(item_id, change)

    async def _apply(
        self,
        item_id: str,
        change: Callable[[Item, Dataset, datetime], Change],
    ) -> tuple[Item, Dataset]:
        dataset: Dataset | None = None
        for _ in range(ATTEMPTS):
            item = await self._items.get(item_id)
            if item is None:
                raise ItemNotFound(item_id)
            if dataset is None:  # an item never moves to another dataset: read it once, not per attempt
                dataset = await self._datasets.get_writable(item.dataset_id)
            now = self._clock()
            annotations, gold, event = change(item, dataset, now)
            key = gold.key if gold else None
            status = derive_status(annotations, key, dataset.settings.overlap_target)
            stored = await self._items.write_labels(
                item, annotations, key, status, event, now, gold.labels if gold else (), gold.spans if gold else ()
            )
            if stored is not None:
                return stored, dataset
        raise ConcurrentChanges(item_id)
