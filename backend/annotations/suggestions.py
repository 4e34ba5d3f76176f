"""Suggestions one key away: whether a label was the model's suggestion, shown and accepted unchanged.

The workspace pre-selects an item's suggestion (batch scoring's, `Item.suggestion`) where the annotator may see it,
and says with `acceptedSuggestion` whether the label it sends is that suggestion untouched. The claim is checked here
against the item as stored, so that the acceptance rate on the agreement page (report.py) counts only what was
really shown: a suggestion accepted by a USER of a blind dataset, or one the item does not have, cannot be recorded.
"""

from __future__ import annotations

from dataclasses import dataclass

from backend.annotations.visibility import is_blind_for
from backend.auth.entities import Principal
from backend.datasets.entities import Dataset
from backend.errors import FieldProblem, ValidationFailed
from backend.items.entities import Item

FIELD = "acceptedSuggestion"


@dataclass(frozen=True, slots=True)
class SuggestionRecord:
    """What an annotation keeps of the suggestion shown with its item (all None when none was shown)."""

    accepted: bool | None = None
    model: str | None = None
    version: str | None = None


NOT_SHOWN = SuggestionRecord()


def _refused(code: str, message: str) -> ValidationFailed:
    return ValidationFailed([FieldProblem(FIELD, code, message)])


def suggestion_record(
    principal: Principal, dataset: Dataset, item: Item, label: str, accepted: bool | None
) -> SuggestionRecord:
    """The record of `label` given with the claim `accepted` (True: the suggestion taken unchanged, False: a
    suggestion was shown and this label is the annotator's own choice, None: not told).

    Raises ValidationFailed (field `acceptedSuggestion`) for a claim of True that the item contradicts: the
    dataset is blind for the caller (no suggestion is ever shown there), the item has no suggestion, or the label
    is not the suggested one. A False or None claim where no suggestion could be seen records nothing.
    """
    shown = item.suggestion if not is_blind_for(principal, dataset) else None
    if accepted is True:
        if is_blind_for(principal, dataset):
            raise _refused(
                "blind",
                f"dataset '{dataset.id}' is blind: annotators never see the model's suggestion, so none can be "
                "accepted; send the label without acceptedSuggestion",
            )
        if shown is None:
            raise _refused(
                "no_suggestion",
                f"item '{item.id}' has no suggestion from the model (batch scoring has not scored it): send the "
                "label without acceptedSuggestion",
            )
        if shown.label != label:
            raise _refused(
                "not_the_suggestion",
                f"label '{label}' is not the model's suggestion '{shown.label}' for item '{item.id}': send "
                "acceptedSuggestion false (or leave it out) when you choose another label",
            )
    if accepted is None or shown is None:
        return NOT_SHOWN
    return SuggestionRecord(accepted, shown.model, shown.version)
