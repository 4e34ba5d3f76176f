"""Blind mode: a USER reading an item of a blind dataset sees only their own label (no one else's, no gold, no
model suggestion)."""

from __future__ import annotations

from dataclasses import replace

from backend.auth.entities import Principal
from backend.auth.permissions import Permission
from backend.datasets.entities import Dataset
from backend.items.entities import Facets, Item, SearchPage


def is_blind_for(principal: Principal, dataset: Dataset) -> bool:
    """Reviewers (REVIEW permission) always see everything; annotators do not in blind datasets."""
    return dataset.settings.blind and not principal.can(Permission.REVIEW)


def visible_item(principal: Principal, dataset: Dataset, item: Item) -> Item:
    """The item as the viewer may see it."""
    if not is_blind_for(principal, dataset):
        return item
    me = principal.user.username
    return replace(
        item,
        annotations=tuple(a for a in item.annotations if a.annotator == me),
        gold_label=None,
        history=tuple(e for e in item.history if e.actor == me),
        suggestion=None,
    )


def visible_page(principal: Principal, dataset: Dataset, page: SearchPage) -> SearchPage:
    """Search results without others' labels, gold labels or annotators, when blind."""
    if not is_blind_for(principal, dataset):
        return page
    hits = tuple(replace(h, labels=(), annotators=(), gold_label=None) for h in page.hits)
    facets = Facets(statuses=page.facets.statuses, metadata=page.facets.metadata)
    return replace(page, hits=hits, facets=facets)
