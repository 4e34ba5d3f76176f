"""CoNLL for SPANS datasets: BIO, IOB1 and BIOES tags read into code-point spans; tokens written cut at span edges."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from backend.annotations.answers import SpanInput
from backend.exports.conll import conll_block, tokens
from backend.imports.conll import parse_conll
from backend.imports.parsers import BadLine, ParsedRecord
from backend.items.entities import Annotation, Item, Span

NOW = datetime(2026, 12, 6, tzinfo=UTC)


def _parse(tmp_path: Path, content: str) -> list[ParsedRecord | BadLine]:
    path = tmp_path / "x.conll"
    path.write_text(content, encoding="utf-8")
    return list(parse_conll(path))


def _spans(record: ParsedRecord | BadLine) -> list[tuple[int, int, str, str | None]]:
    assert isinstance(record, ParsedRecord)
    assert record.gold is not None
    spans: tuple[SpanInput, ...] = record.gold.spans or ()
    return [(s.start, s.end, s.label, s.text) for s in spans]


def test_conll_2003_columns_take_the_first_as_token_and_the_last_as_tag(tmp_path: Path) -> None:
    # given a CoNLL-2003 sentence (token POS chunk NER), IOB1 style: an I- opens the first entity
    content = "-DOCSTART- -X- -X- O\n\nEU NNP B-NP I-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP I-MISC\n"
    # when it is parsed
    (record,) = _parse(tmp_path, content)
    # then "EU rejects German": EU 0-2, German 11-17
    assert _spans(record) == [(0, 2, "ORG", "EU"), (11, 17, "MISC", "German")]


def test_bioes_singles_and_ends_close_their_spans(tmp_path: Path) -> None:
    # given S- (single), B-/E- and two adjacent B- of one label
    content = "Ann\tS-PER\nNew\tB-LOC\nYork\tE-LOC\nBob\tB-PER\nCy\tB-PER\n"
    # when it is parsed
    (record,) = _parse(tmp_path, content)
    # then "Ann New York Bob Cy": Ann 0-3, New York 4-12, Bob 13-16, Cy 17-19
    assert _spans(record) == [
        (0, 3, "PER", "Ann"),
        (4, 12, "LOC", "New York"),
        (13, 16, "PER", "Bob"),
        (17, 19, "PER", "Cy"),
    ]


def test_a_line_without_a_tag_skips_its_sentence_at_that_line(tmp_path: Path) -> None:
    # given a sentence with a line holding only a token, then a good sentence
    content = "# id = s1\nZoë B-PER\nmet\n\n# id = s2\nok O\n"
    # when it is parsed
    first, second = _parse(tmp_path, content)
    # then the first is a bad line at the token, the second keeps its id
    reason = "a CoNLL line is a token and its tag (O, B-<label> or I-<label>), separated by a tab or a space"
    assert first == BadLine(3, reason)
    assert isinstance(second, ParsedRecord)
    assert (second.external_id, second.text, _spans(second)) == ("s2", "ok", [])


def test_tokens_are_cut_at_span_edges_inside_words() -> None:
    # given "Paris, 😀!" with Paris marked (0-5) and the emoji marked (7-8)
    text = "Paris, 😀!"
    # when it is tokenised
    result = tokens(text, [Span(0, 5, "LOC"), Span(7, 8, "EMO")])
    # then the comma and the "!" are their own tokens, outside the spans
    assert result == [("Paris", "B-LOC"), (",", "O"), ("😀", "B-EMO"), ("!", "O")]


def test_without_gold_the_block_holds_the_consensus_and_without_answers_nothing() -> None:
    # given an item that two annotators marked (New York by both, Ann by one)
    text = "Ann saw New York"
    both, one = (Span(8, 16, "LOC"),), (Span(0, 3, "PER"), Span(8, 16, "LOC"))
    answers = tuple(Annotation(f"u{n}", "", NOW, NOW, spans=s) for n, s in enumerate((both, one)))
    item = Item("d:x", "d", "x", text, None, {}, 1, NOW, NOW, annotations=answers)
    # when it is written, and an item nobody answered
    block = conll_block(item)
    empty = conll_block(Item("d:y", "d", "y", text, None, {}, 1, NOW, NOW))
    # then New York (2 of 2 votes) is in, Ann (1 of 2, not more than half) is not; the other item is left out
    assert block == "# id = x\nAnn\tO\nsaw\tO\nNew\tB-LOC\nYork\tI-LOC\n\n"
    assert empty is None
