"""Demo datasets from offline sources (DESIGN §8): Debian's fortunes (text) and scikit-learn's wine (tabular)."""

from __future__ import annotations

import csv
import json
import random
import re
from pathlib import Path

from backend.container import Services
from backend.datasets.entities import AnnotationSettings, DatasetKind, LabelDefinition
from backend.imports.parsers import ImportFormat, ImportMapping

FORTUNES_DIR = Path("/usr/share/games/fortunes")
FORTUNE_LABELS = ["computers", "science", "politics", "food", "love", "sports"]
COLORS = ["#1f77b4", "#2ca02c", "#d62728", "#ff7f0e", "#e377c2", "#17becf"]
GOLD_EVERY = 4  # one fortune in four arrives labelled, so a first model can be trained at once
SHUFFLE_SEED = 16  # the demo's order is the same on every machine


def fortune_rows() -> list[tuple[str, dict[str, object]]]:
    """(topic, JSONL row) of every demo fortune, shuffled with a fixed seed: the ids (`doc-00017`) and the import
    order give the topic away no more than the text does."""
    found: list[tuple[str, str]] = []
    for label in FORTUNE_LABELS:
        path = FORTUNES_DIR / label
        if not path.is_file():
            continue
        texts = [t.strip() for t in path.read_text(encoding="utf-8", errors="replace").split("\n%\n") if t.strip()]
        found.extend((label, re.sub(r"[ \t]+", " ", text)) for text in texts)
    random.Random(SHUFFLE_SEED).shuffle(found)  # noqa: S311 -- a reproducible order, not a secret
    rows: list[tuple[str, dict[str, object]]] = []
    for number, (label, text) in enumerate(found):
        row: dict[str, object] = {
            "id": f"doc-{number:05d}",
            "text": text,
            "metadata": {"length": "short" if len(text) < 120 else "long"},
        }
        if number % GOLD_EVERY == 0:
            row["label"] = label
        rows.append((label, row))
    return rows


def wine_rows(labels: list[str]) -> list[list[str]]:
    """CSV rows (id, features…, label) of scikit-learn's wine data, shuffled with a fixed seed (it lists the
    cultivars one after another); every other row arrives labelled."""
    from sklearn.datasets import load_wine  # bundled with scikit-learn: no download

    wine = load_wine()
    pairs = list(zip(wine.data, wine.target, strict=True))
    random.Random(SHUFFLE_SEED).shuffle(pairs)  # noqa: S311 -- a reproducible order, not a secret
    return [
        [f"wine-{index:03d}", *[f"{v:g}" for v in features], labels[int(target)] if index % 2 == 0 else ""]
        for index, (features, target) in enumerate(pairs)
    ]


async def _import(services: Services, dataset_id: str, path: Path, file_format: ImportFormat) -> str:
    job = await services.imports.submit(dataset_id, path, file_format, ImportMapping(), "demo", queue=False)
    job = await services.imports.run(job.id)
    return f"{dataset_id}: {job.message}"


async def load_demo_data(services: Services) -> list[str]:
    """Create and fill the demo datasets that do not exist yet; return one line per dataset."""
    report: list[str] = []
    existing = {d.id for d in await services.datasets.list_datasets(include_archived=True)}
    data_dir = services.settings.data_dir / "demo"
    data_dir.mkdir(parents=True, exist_ok=True)

    if "fortunes" not in existing:
        rows = [row for _, row in fortune_rows()]
        if rows:
            await services.datasets.create(
                name="Fortunes",
                kind=DatasetKind.TEXT,
                labels=[LabelDefinition(n, str(i + 1), COLORS[i]) for i, n in enumerate(FORTUNE_LABELS)],
                instructions=(
                    "Which **topic** is this fortune about? Pick the one that fits best, even if others fit too; "
                    "the *Keys* panel lists the shortcuts."
                ),
                settings=AnnotationSettings(overlap_target=2),
                created_by="demo",
            )
            path = data_dir / "fortunes.jsonl"
            path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
            report.append(await _import(services, "fortunes", path, ImportFormat.JSONL))
        else:
            report.append(f"fortunes: skipped, no fortune files in {FORTUNES_DIR} (apt-get install fortunes)")

    if "wine" not in existing:
        from sklearn.datasets import load_wine  # bundled with scikit-learn: no download

        wine = load_wine()
        names = [str(n) for n in wine.feature_names]
        labels = [f"cultivar_{i + 1}" for i in range(len(wine.target_names))]
        await services.datasets.create(
            name="Wine",
            kind=DatasetKind.TABULAR,
            labels=[LabelDefinition(n, str(i + 1), COLORS[i]) for i, n in enumerate(labels)],
            instructions="Which cultivar produced this wine, from its chemical analysis?",
            settings=AnnotationSettings(),
            created_by="demo",
            feature_names=names,
        )
        path = data_dir / "wine.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", *names, "label"])
            writer.writerows(wine_rows(labels))
        report.append(await _import(services, "wine", path, ImportFormat.CSV))
    return report or ["demo datasets already present"]
