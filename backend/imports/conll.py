"""CoNLL files for SPANS datasets: one token and its BIO tag per line, a blank line between items.

A line is `token<TAB>tag` or `token tag` (with more columns, as CoNLL-2003's `token POS chunk tag`, the first is
the token and the last the tag). `-DOCSTART-` lines are ignored; a `# id = <id>` line before an item's tokens sets
its id (an export writes one; without it the id is a hash of the text). Tags are `O`, `B-<label>` and `I-<label>`
(an `I-` that does not continue a span of its label starts one, as in IOB1; BIOES's `S-`/`E-` and BILOU's
`U-`/`L-` are read too). The item's text is its tokens joined by single spaces; the spans' offsets are computed on
it (Unicode code points). The spans are imported as the item's gold spans."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from backend.annotations.answers import AnswerInput, SpanInput
from backend.imports.parsers import BadLine, ParsedRecord, _content_id, _decoded_lines

ID_LINE = re.compile(r"^#\s*id\s*=\s*(\S.*?)\s*$")
DOCSTART = "-DOCSTART-"
STARTS = frozenset({"B", "S", "U"})
ENDS = frozenset({"E", "L", "S", "U"})
INSIDE = frozenset({"I", "E", "L"})


@dataclass(frozen=True, slots=True)
class Token:
    line: int
    text: str
    tag: str


def parse_conll(path: Path) -> Iterator[ParsedRecord | BadLine]:
    bad: list[BadLine] = []
    tokens: list[Token] = []
    external_id: str | None = None
    broken: BadLine | None = None
    for number, raw in _decoded_lines(path, bad):
        yield from bad
        bad.clear()
        line = raw.rstrip("\r\n")
        stripped = line.strip()
        if not stripped or stripped.startswith(DOCSTART):
            if tokens or broken:
                yield broken or sentence(tokens, external_id)
            tokens, external_id, broken = [], None, None
            continue
        if not tokens and (match := ID_LINE.match(stripped)):
            external_id = match.group(1)
            continue
        fields = [f.strip() for f in line.split("\t")] if "\t" in line else stripped.split()
        if len(fields) < 2 or not fields[0] or not fields[-1]:
            broken = broken or BadLine(
                number, "a CoNLL line is a token and its tag (O, B-<label> or I-<label>), separated by a tab or a space"
            )
            continue
        tokens.append(Token(number, fields[0], fields[-1]))
    yield from bad
    if tokens or broken:
        yield broken or sentence(tokens, external_id)


def sentence(tokens: list[Token], external_id: str | None) -> ParsedRecord | BadLine:
    """The item of one sentence's tokens: its text and gold spans, or its first wrong tag."""
    text = " ".join(t.text for t in tokens)
    spans: list[SpanInput] = []
    lines: list[int] = []
    open_span: tuple[int, int, str] | None = None  # start, end, label
    offset = 0

    def close() -> None:
        nonlocal open_span
        if open_span is not None:
            start, end, label = open_span
            spans.append(SpanInput(start, end, label, text[start:end]))
            open_span = None

    for token in tokens:
        start, end = offset, offset + len(token.text)
        offset = end + 1
        if token.tag == "O":
            close()
            continue
        prefix, _, label = token.tag.partition("-")
        if prefix not in STARTS | INSIDE or not label:
            return BadLine(token.line, f"tag {token.tag!r} is not O, B-<label> or I-<label>")
        if prefix in STARTS or open_span is None or open_span[2] != label:
            close()
            open_span = (start, end, label)
            lines.append(token.line)
        else:
            open_span = (open_span[0], end, label)
        if prefix in ENDS:
            close()
    close()
    identifier = external_id or _content_id(text, None)
    if ":" in identifier or len(identifier) > 200:
        return BadLine(tokens[0].line, f"id {identifier[:40]!r} must have at most 200 characters and no ':'")
    gold = AnswerInput(spans=tuple(spans))
    return ParsedRecord(tokens[0].line, identifier, text, None, {}, None, None, (), gold, tuple(lines))
