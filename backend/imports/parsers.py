"""Streaming parsers for JSONL and CSV imports: one record or one bad line at a time, in bounded memory."""

from __future__ import annotations

import csv
import enum
import hashlib
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from backend.annotations.answers import AnswerInput
from backend.datasets.entities import DatasetKind, TaskType
from backend.errors import DomainError
from backend.imports.answers_in import answer_of
from backend.imports.exported import (
    EXPORT_ONLY,
    GOLD_LABEL,
    ImportedAnnotation,
    annotations_of,
    exported_features,
    exported_metadata,
    gold_comment,
)

csv.field_size_limit(10 * 1024 * 1024)
DEFAULT_LABEL_FIELD = "label"  # by default an import also reads an export's `gold_label`


class ImportFormat(enum.Enum):
    JSONL = "JSONL"
    CSV = "CSV"
    CONLL = "CONLL"


@dataclass(frozen=True, slots=True)
class ImportMapping:
    """Which field (JSONL key or CSV column) holds what. Unmapped CSV columns become metadata (TEXT datasets)."""

    external_id: str = "id"
    text: str = "text"
    label: str = "label"  # DEFAULT_LABEL_FIELD
    metadata: tuple[str, ...] = ()  # JSONL: besides the "metadata" object; CSV: these columns only, if given
    features: tuple[str, ...] = ()  # TABULAR: these fields (default: every numeric field not mapped otherwise)


@dataclass(frozen=True, slots=True)
class ParsedRecord:
    line: int
    external_id: str
    text: str | None
    features: dict[str, float] | None
    metadata: dict[str, Any] = field(default_factory=dict)
    label: str | None = None  # the gold label
    gold_comment: str | None = None
    annotations: tuple[ImportedAnnotation, ...] = ()
    gold: AnswerInput | None = None  # MULTI_LABEL and SPANS: the gold set or spans (validated by the service)
    span_lines: tuple[int, ...] = ()  # CoNLL: the line of each gold span's first token


@dataclass(frozen=True, slots=True)
class BadLine:
    line: int
    reason: str


class UnusableFile(DomainError):
    """The whole file cannot be imported (nothing was stored)."""


def count_lines(path: Path) -> int:
    """Physical lines in the file (a last line without a newline counts)."""
    lines, last = 0, b"\n"
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return lines + (0 if last == b"\n" else 1)


def _decoded_lines(path: Path, bad: list[BadLine]) -> Iterator[tuple[int, str]]:
    """(line number, text) of each line; undecodable lines go to `bad` and are skipped."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if number == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte-order mark
            try:
                yield number, raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                bad.append(
                    BadLine(
                        number,
                        f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at position {exc.start}): "
                        "save the file as UTF-8",
                    )
                )


def _content_id(text: str | None, features: dict[str, float] | None) -> str:
    content = text if text is not None else json.dumps(features, sort_keys=True)
    return "h" + hashlib.sha1(content.encode(), usedforsecurity=False).hexdigest()[:20]


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def build_record(
    line: int,
    fields: dict[str, Any],
    mapping: ImportMapping,
    kind: DatasetKind,
    metadata: dict[str, Any],
    task_type: TaskType = TaskType.SINGLE_LABEL,
) -> ParsedRecord | BadLine:
    """The record of one line's fields, or why the line cannot be imported."""
    text: str | None = None
    features: dict[str, float] | None = None
    if kind is DatasetKind.TEXT:
        value = fields.get(mapping.text)
        if not isinstance(value, str) or not value.strip():
            return BadLine(line, f"no text in field '{mapping.text}': every line needs a non-empty text")
        text = value
    elif (exported := exported_features(fields.get("features"))) is not None:
        features = exported  # an export's `features` object (the service checks them against the dataset's)
    else:
        names = mapping.features or tuple(
            k
            for k, v in fields.items()
            if k not in (mapping.external_id, mapping.label, *EXPORT_ONLY, *mapping.metadata) and _number(v) is not None
        )
        if not names:
            return BadLine(line, "no numeric feature: a TABULAR line needs numeric fields (or set mapping.features)")
        features = {}
        for name in names:
            number = _number(fields.get(name))
            if number is None:
                return BadLine(line, f"feature '{name}' is {fields.get(name)!r}, not a number")
            features[name] = number
    raw_id = fields.get(mapping.external_id)
    external_id = str(raw_id).strip() if raw_id not in (None, "") else _content_id(text, features)
    if ":" in external_id or len(external_id) > 200:
        return BadLine(line, f"id {external_id[:40]!r} must have at most 200 characters and no ':'")
    if task_type is not TaskType.SINGLE_LABEL:
        return _structured_record(line, fields, mapping, task_type, (external_id, text, features, metadata))
    raw_label = fields.get(mapping.label)
    if raw_label in (None, "") and mapping.label == DEFAULT_LABEL_FIELD:
        raw_label = fields.get(GOLD_LABEL)  # an export's name for it
    label = str(raw_label).strip() if raw_label not in (None, "") else None
    annotations = annotations_of(fields)
    if isinstance(annotations, str):
        return BadLine(line, annotations)
    comment = gold_comment(fields) if label else None
    return ParsedRecord(line, external_id, text, features, metadata, label, comment, annotations)


def _structured_record(
    line: int,
    fields: dict[str, Any],
    mapping: ImportMapping,
    task_type: TaskType,
    content: tuple[str, str | None, dict[str, float] | None, dict[str, Any]],
) -> ParsedRecord | BadLine:
    """A MULTI_LABEL or SPANS line: its gold set or spans (`labels` / `spans`, or the mapping's label field, or an
    export's `gold_labels` / `gold_spans`) and its annotations' answers. A single `label` is passed on as one, so
    that validation says the dataset wants a set or spans."""
    field = mapping.label if mapping.label != DEFAULT_LABEL_FIELD else None
    gold = answer_of(task_type, fields, gold=True, field=field)
    if isinstance(gold, str):
        return BadLine(line, gold)
    if gold is None and field is None and fields.get(DEFAULT_LABEL_FIELD) not in (None, ""):
        gold = AnswerInput(label=str(fields[DEFAULT_LABEL_FIELD]).strip())
    annotations = annotations_of(fields, task_type)
    if isinstance(annotations, str):
        return BadLine(line, annotations)
    comment = gold_comment(fields) if gold is not None else None
    external_id, text, features, metadata = content
    return ParsedRecord(line, external_id, text, features, metadata, None, comment, annotations, gold)


def parse_jsonl(
    path: Path, mapping: ImportMapping, kind: DatasetKind, task_type: TaskType = TaskType.SINGLE_LABEL
) -> Iterator[ParsedRecord | BadLine]:
    bad: list[BadLine] = []
    for number, text in _decoded_lines(path, bad):
        yield from bad
        bad.clear()
        if not text.strip():
            continue
        try:
            fields = json.loads(text.rstrip("\r\n"))
        except json.JSONDecodeError as exc:
            yield BadLine(number, f"not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(fields, dict):
            yield BadLine(number, f"a line must be a JSON object, not {type(fields).__name__}")
            continue
        if "\\u" in text and (surrogate := _lone_surrogate(fields)) is not None:
            yield BadLine(number, surrogate)
            continue
        nested = fields.get("metadata")
        metadata: dict[str, Any] = dict(nested) if isinstance(nested, dict) else {}
        metadata.update({k: fields[k] for k in mapping.metadata if k in fields})
        record = build_record(number, fields, mapping, kind, metadata, task_type)
        if isinstance(record, ParsedRecord) and record.features and not mapping.features:
            # The first good line fixes the features; later lines must have the same ones.
            mapping = replace(mapping, features=tuple(record.features))
        yield record
    yield from bad


def _lone_surrogate(fields: dict[str, Any]) -> str | None:
    """Why a line whose JSON escapes leave half of a UTF-16 surrogate pair cannot be stored; None when it has none."""
    try:
        json.dumps(fields, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        half = f"\\u{ord(exc.object[exc.start]):04x}"
        return (
            f"a lone UTF-16 surrogate ({half}) in a JSON string: escape a character outside the BMP as a pair "
            "(\\ud83d\\ude00 is one emoji) or write it as UTF-8"
        )
    return None


def parse_csv(
    path: Path, mapping: ImportMapping, kind: DatasetKind, task_type: TaskType = TaskType.SINGLE_LABEL
) -> Iterator[ParsedRecord | BadLine]:
    bad: list[BadLine] = []
    physical: list[int] = []

    def lines() -> Iterator[str]:
        for number, text in _decoded_lines(path, bad):
            physical.append(number)
            yield text

    reader = csv.reader(lines())
    header = next(reader, None)
    if header is None:
        raise UnusableFile("the CSV file has no header line: its first line must name the columns")
    header = [h.strip() for h in header]
    required = [mapping.text] if kind is DatasetKind.TEXT else list(mapping.features)
    missing = [c for c in required if c not in header]
    if missing:
        raise UnusableFile(
            f"column {missing[0]!r} is not in the header {header}: rename it or set the mapping (e.g. mapping.text)"
        )
    mapped = {mapping.external_id, mapping.text, mapping.label, *EXPORT_ONLY}
    if task_type is TaskType.MULTI_LABEL:
        mapped.add("labels")
    elif task_type is TaskType.SPANS:
        mapped.add("spans")
    if kind is DatasetKind.TABULAR and not mapping.features:
        mapping = replace(mapping, features=tuple(c for c in header if c not in mapped and c not in mapping.metadata))
    metadata_columns = list(mapping.metadata) or (
        [c for c in header if c not in mapped] if kind is DatasetKind.TEXT else []
    )
    for row in reader:
        yield from bad
        bad.clear()
        number = physical[reader.line_num - 1] if reader.line_num - 1 < len(physical) else reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield BadLine(number, f"{len(row)} columns where the header has {len(header)}")
            continue
        fields = dict(zip(header, row, strict=True))
        metadata = exported_metadata(fields.get("metadata")) if "metadata" not in mapping.metadata else {}
        metadata.update({c: fields[c] for c in metadata_columns if fields.get(c, "") != ""})
        yield build_record(number, fields, mapping, kind, metadata, task_type)
    yield from bad


def parse(
    path: Path,
    file_format: ImportFormat,
    mapping: ImportMapping,
    kind: DatasetKind,
    task_type: TaskType = TaskType.SINGLE_LABEL,
) -> Iterator[ParsedRecord | BadLine]:
    """Records and bad lines of the file; raises UnusableFile when nothing in it can be imported."""
    with path.open("rb") as handle:
        if not handle.read(65536).strip():
            raise UnusableFile("the file is empty: nothing to import")
    if file_format is ImportFormat.CONLL:
        if task_type is not TaskType.SPANS:
            raise UnusableFile(f"CoNLL files hold spans: import them into a SPANS dataset, not a {task_type.value} one")
        from backend.imports.conll import parse_conll  # conll.py builds on this module

        return parse_conll(path)
    if file_format is ImportFormat.JSONL:
        return parse_jsonl(path, mapping, kind, task_type)
    return parse_csv(path, mapping, kind, task_type)
