"""Champion vs challenger: the SHADOW predictions of a window, each with its production pair, summed up in
Elasticsearch (like the rest of monitoring): how many pairs, how often they agree, the mean confidence of each,
per production label and per pair of versions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from elasticsearch import AsyncElasticsearch

from backend.clients.failures import storage
from backend.clock import utc_now
from backend.models.entities import PredictionSource
from backend.models.predictions import window
from backend.models.repository import PREDICTIONS_INDEX


@dataclass(frozen=True, slots=True)
class Agreement:
    key: str  # the production (champion) label
    paired: int
    agreements: int

    @property
    def rate(self) -> float | None:
        return self.agreements / self.paired if self.paired else None


@dataclass(frozen=True, slots=True)
class ChallengerComparison:
    model: str
    since: datetime
    paired: int
    agreements: int
    champion_confidence: float | None  # mean, over the paired predictions
    challenger_confidence: float | None
    labels: tuple[Agreement, ...]  # by the production (champion) label
    versions: tuple[tuple[str, str, int], ...]  # (champion version, challenger version, pairs)

    @property
    def agreement_rate(self) -> float | None:
        return self.agreements / self.paired if self.paired else None


def _agreeing() -> dict[str, Any]:
    return {"filter": {"term": {"agrees": True}}}


@storage
class ComparisonRepository:
    def __init__(self, es: AsyncElasticsearch) -> None:
        self._es = es

    async def aggregate(self, model: str, since: datetime) -> dict[str, Any]:
        response = await self._es.search(
            index=PREDICTIONS_INDEX,
            query={
                "bool": {
                    "filter": [
                        {"term": {"model": model}},
                        {"term": {"source": PredictionSource.SHADOW.value}},
                        {"range": {"at": {"gte": since.isoformat()}}},
                    ]
                }
            },
            size=0,
            track_total_hits=True,
            aggs={
                "agreements": _agreeing(),
                "champion_confidence": {"avg": {"field": "champion_confidence"}},
                "challenger_confidence": {"avg": {"field": "confidence"}},
                "labels": {"terms": {"field": "champion_label", "size": 100}, "aggs": {"agreements": _agreeing()}},
                "versions": {
                    "terms": {"field": "champion_version", "size": 20},
                    "aggs": {"challengers": {"terms": {"field": "version", "size": 20}}},
                },
            },
        )
        aggregations: dict[str, Any] = response["aggregations"]
        return {"total": response["hits"]["total"]["value"], **aggregations}


class ComparisonService:
    def __init__(self, repository: ComparisonRepository, clock: Callable[[], datetime] = utc_now) -> None:
        self._repository = repository
        self._clock = clock

    async def compare(self, model: str, minutes: int) -> ChallengerComparison:
        """Champion vs challenger over the last `minutes` (1 minute to 7 days) of shadow traffic."""
        since = window(minutes, self._clock)
        raw = await self._repository.aggregate(model, since)
        return ChallengerComparison(
            model=model,
            since=since,
            paired=raw["total"],
            agreements=raw["agreements"]["doc_count"],
            champion_confidence=raw["champion_confidence"]["value"],
            challenger_confidence=raw["challenger_confidence"]["value"],
            labels=tuple(
                Agreement(b["key"], b["doc_count"], b["agreements"]["doc_count"]) for b in raw["labels"]["buckets"]
            ),
            versions=tuple(
                (str(b["key"]), str(c["key"]), c["doc_count"])
                for b in raw["versions"]["buckets"]
                for c in b["challengers"]["buckets"]
            ),
        )
