"""Expected failures of annotation."""

from __future__ import annotations

from backend.errors import DomainError
from backend.wording import counted


class AnnotationNotFound(DomainError):
    def __init__(self, item_id: str, annotator: str) -> None:
        super().__init__(f"item '{item_id}' has no annotation by '{annotator}'")


class NotYourAnnotation(DomainError):
    def __init__(self, annotator: str) -> None:
        super().__init__(f"only '{annotator}' or an ADMIN can delete that annotation")


class ConcurrentChanges(DomainError):
    def __init__(self, item_id: str) -> None:
        super().__init__(f"item '{item_id}' kept changing while your change was applied: try again")


class ItemComplete(DomainError):
    def __init__(self, item_id: str, target: int) -> None:
        super().__init__(
            f"item '{item_id}' already has the {counted(target, 'label')} it needs (or they are "
            "reserved): take the next item"
        )
