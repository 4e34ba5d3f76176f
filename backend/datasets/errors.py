"""Expected failures of the datasets domain."""

from __future__ import annotations

from backend.errors import DomainError


class DatasetNotFound(DomainError):
    def __init__(self, dataset_id: str) -> None:
        super().__init__(f"no dataset has id '{dataset_id}': list them with `datasets`")
        self.dataset_id = dataset_id


class DatasetArchived(DomainError):
    def __init__(self, dataset_id: str) -> None:
        super().__init__(f"dataset '{dataset_id}' is archived: unarchive it with `updateDataset` first")
