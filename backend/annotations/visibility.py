"""Blind mode, in one place: what a viewer may see of a dataset's labels.

In a blind dataset an annotator (a USER: no `review` permission) sees only their own labels, everywhere: an item
shows their own annotation and history, never anyone else's, the gold label or the model's suggestion; its status
is their own work (UNLABELED: not labelled by them, IN_PROGRESS: labelled by them), never AGREED, CONFLICT or
REVIEWED, which tell how others labelled. Filters on others' work are refused; facets, agreement figures and the
live activity count only their own labels. Every read of items, search, ids, queue, agreement and activity goes
through `BlindView`; exports are for reviewers (ADMIN) only.
"""

from __future__ import annotations

from dataclasses import replace

from backend.annotations.report import AgreementReport, AnnotatorFigures
from backend.auth.entities import Principal
from backend.auth.permissions import Permission
from backend.datasets.entities import Dataset
from backend.errors import FieldProblem, ValidationFailed
from backend.items.entities import Facets, FacetValue, Item, ItemFilter, ItemStatus, OwnWork, SearchHit, SearchPage

OWN_STATUSES = (ItemStatus.UNLABELED, ItemStatus.IN_PROGRESS)


def is_blind_for(principal: Principal, dataset: Dataset) -> bool:
    """Reviewers (REVIEW permission) always see everything; annotators do not in blind datasets."""
    return dataset.settings.blind and not principal.can(Permission.REVIEW)


def _refused(what: str) -> ValidationFailed:
    return ValidationFailed(
        [
            FieldProblem(
                "filter",
                "blind",
                f"this dataset is blind: filtering by {what} is for reviewers; you may filter by status "
                "UNLABELED (not labelled by you) or IN_PROGRESS (labelled by you)",
            )
        ]
    )


class BlindView:
    """What `principal` may see of the labels of `dataset` (everything, unless the dataset is blind for them)."""

    def __init__(self, principal: Principal, dataset: Dataset) -> None:
        self.blind = is_blind_for(principal, dataset)
        self.me = principal.user.username

    @property
    def viewer(self) -> str | None:
        """The username whose own work the index must count (blind), else None."""
        return self.me if self.blind else None

    def _own_status(self, annotators: tuple[str, ...]) -> ItemStatus:
        return ItemStatus.IN_PROGRESS if self.me in annotators else ItemStatus.UNLABELED

    def item(self, item: Item) -> Item:
        """The item as the viewer may see it."""
        if not self.blind:
            return item
        mine = tuple(a for a in item.annotations if a.annotator == self.me)
        return replace(
            item,
            annotations=mine,
            gold_label=None,
            status=self._own_status(tuple(a.annotator for a in mine)),
            history=tuple(e for e in item.history if e.actor == self.me),
            suggestion=None,
        )

    def item_filter(self, item_filter: ItemFilter) -> ItemFilter:
        """The filter to run for the viewer: unchanged, or (blind) with statuses read as the viewer's own work.

        Raises ValidationFailed (field `filter`, code `blind`) for conditions on others' work: labels, gold labels,
        annotators, marked span texts and marks, having a gold label, and the statuses AGREED, CONFLICT and REVIEWED.
        """
        if not self.blind:
            return item_filter
        if item_filter.labels or item_filter.gold_labels:
            raise _refused("labels")
        if item_filter.annotators:
            raise _refused("annotators")
        if item_filter.span_texts or item_filter.span_marks:
            raise _refused("marked spans")
        if item_filter.has_gold_label is not None:
            raise _refused("gold label")
        others = [s.value for s in item_filter.statuses if s not in OWN_STATUSES]
        if others:
            raise _refused(f"status {', '.join(others)}")
        wanted = set(item_filter.statuses)
        own_work = OwnWork(self.me, ItemStatus.IN_PROGRESS in wanted) if len(wanted) == 1 else None
        return replace(item_filter, statuses=(), own_work=own_work)

    def _hit(self, hit: SearchHit) -> SearchHit:
        mine = tuple(label for annotator, label in hit.annotations if annotator == self.me)
        return replace(
            hit,
            status=self._own_status(hit.annotators),
            gold_label=None,
            labels=mine,
            annotators=(self.me,) if self.me in hit.annotators else (),
            annotations=tuple((a, lb) for a, lb in hit.annotations if a == self.me),
        )

    def page(self, page: SearchPage) -> SearchPage:
        """Search results (asked with `viewer=self.viewer`) without others' labels, gold labels or annotators."""
        if not self.blind:
            return page
        mine = page.facets.labelled_by_viewer or 0
        counts = ((ItemStatus.UNLABELED, page.total - mine), (ItemStatus.IN_PROGRESS, mine))
        statuses = tuple(FacetValue(s.value, n) for s, n in sorted(counts, key=lambda c: -c[1]) if n > 0)
        facets = Facets(statuses=statuses, metadata=page.facets.metadata, metadata_ranges=page.facets.metadata_ranges)
        return replace(page, hits=tuple(self._hit(h) for h in page.hits), facets=facets)

    def agreement(self, report: AgreementReport) -> AgreementReport:
        """Agreement figures: (blind) only how many items the viewer labelled, and at what pace."""
        if not self.blind:
            return report
        own = next((a for a in report.annotators if a.annotator == self.me), None)
        figures = [AnnotatorFigures(self.me, own.labels, own.per_hour, None, None)] if own else []
        return AgreementReport(
            items_labelled=own.labels if own else 0,
            items_compared=0,
            percent_agreement=None,
            fleiss_kappa=None,
            cohen_kappa=None,
            pairs=[],
            annotators=figures,
            task_type=report.task_type,
        )

    def sees_labels_of(self, annotator: str) -> bool:
        """Whether the viewer may see a label given by `annotator` (e.g. in the live activity)."""
        return not self.blind or annotator == self.me


def visible_item(principal: Principal, dataset: Dataset, item: Item) -> Item:
    """The item as the viewer may see it."""
    return BlindView(principal, dataset).item(item)
