"""The training snapshot of a SPANS run: each item's text with the spans it trains with (backend/training/spans.py),
frozen with its span key as the label. Apart from spans.py so that fitting, in its child process, imports no
storage client."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

from backend.annotations.answers import spans_key
from backend.items.entities import Item, Span
from backend.training.entities import TrainingRun
from backend.training.fitting import FitRequest, TrainingDataError
from backend.training.sets import LabelRule
from backend.training.sets_frozen import FrozenItem, content_hash
from backend.training.spans import training_spans


async def spans_snapshot(
    run: TrainingRun, items: AsyncIterator[Item], log: Callable[[str, str], Awaitable[None]]
) -> tuple[FitRequest, list[FrozenItem]]:
    """The training set of a SPANS run: each candidate text with its spans under the run's rule (left out without
    a clear answer), frozen with its span key as the label."""
    rule = LabelRule(run.label_rule)
    texts: list[str] = []
    targets: list[tuple[Span, ...]] = []
    frozen: list[FrozenItem] = []
    skipped = 0
    async for item in items:
        spans = training_spans(item, rule, run.min_agreement)
        if spans is None:
            skipped += 1
            continue
        texts.append(item.text or "")
        targets.append(spans)
        frozen.append(FrozenItem(item.id, spans_key(spans), content_hash(item)))
    await log(
        "INFO",
        f"training set: {len(frozen)} items"
        + (f" ({skipped} without a clear answer under {rule.value} skipped)" if skipped else ""),
    )
    if not frozen:
        raise TrainingDataError(
            f"no item of the training set has clear spans under the rule {rule.value} (gold, or annotators agreeing "
            "as the rule asks): review the conflicts, lower minAgreement or choose another rule"
        )
    request = FitRequest(
        model_type=run.model_type,
        params=run.params,
        text=True,
        inputs=texts,
        labels=[f.label for f in frozen],
        validation=run.validation.describe(),
        spans=targets,
    )
    return request, frozen
