"""Access tokens: signed, audience- and issuer-bound, algorithm allow-listed, with every claim required."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import jwt
import pytest

from backend.auth.tokens import AccessTokenCodec, api_secret_matches, hash_api_secret, new_api_token, parse_api_token

SECRET = "unit-test-secret-of-at-least-32-characters"
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def _codec() -> AccessTokenCodec:
    return AccessTokenCodec(SECRET, timedelta(minutes=30))


def test_an_issued_token_decodes_to_its_user_with_millisecond_issue_time() -> None:
    token, expires_at = _codec().issue("u_1", datetime.now(UTC))
    claims = _codec().decode(token)
    assert claims.user_id == "u_1"
    assert expires_at - claims.issued_at < timedelta(minutes=30, seconds=1)
    assert claims.issued_at.microsecond % 1000 == 0


def test_an_expired_token_is_refused() -> None:
    token, _ = _codec().issue("u_1", NOW - timedelta(hours=2))
    with pytest.raises(jwt.ExpiredSignatureError):
        _codec().decode(token)


def test_a_token_signed_with_another_key_is_refused() -> None:
    token, _ = AccessTokenCodec("another-secret-of-at-least-32-characters!", timedelta(minutes=5)).issue(
        "u_1", datetime.now(UTC)
    )
    with pytest.raises(jwt.InvalidSignatureError):
        _codec().decode(token)


def _unsigned(claims: dict[str, object], alg: str) -> str:
    def b64(data: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{b64({'alg': alg, 'typ': 'JWT'})}.{b64(claims)}."


def test_alg_none_is_refused() -> None:
    token, _ = _codec().issue("u_1", datetime.now(UTC))
    claims = jwt.decode(token, options={"verify_signature": False})
    with pytest.raises(jwt.InvalidAlgorithmError):
        _codec().decode(_unsigned(claims, "none"))


@pytest.mark.parametrize("missing", ["exp", "iat", "nbf", "aud", "iss", "sub", "jti"])
def test_every_claim_is_required(missing: str) -> None:
    token, _ = _codec().issue("u_1", datetime.now(UTC))
    claims = jwt.decode(token, options={"verify_signature": False})
    del claims[missing]
    with pytest.raises(jwt.InvalidTokenError):
        _codec().decode(jwt.encode(claims, SECRET, algorithm="HS256"))


def test_a_token_for_another_audience_is_refused() -> None:
    token, _ = _codec().issue("u_1", datetime.now(UTC))
    claims = jwt.decode(token, options={"verify_signature": False})
    claims["aud"] = "someone-else"
    with pytest.raises(jwt.InvalidAudienceError):
        _codec().decode(jwt.encode(claims, SECRET, algorithm="HS256"))


def test_api_tokens_round_trip_and_only_their_hash_matches() -> None:
    parts, token = new_api_token("u_42")
    parsed = parse_api_token(token)
    assert parsed == parts
    assert api_secret_matches(parts.secret, hash_api_secret(parts.secret))
    assert not api_secret_matches(parts.secret + "x", hash_api_secret(parts.secret))


@pytest.mark.parametrize("value", ["", "llp_", "llp_a.b", "eyJhbGciOi.x.y", "llp_a..c"])
def test_strings_that_are_not_api_tokens_are_not_parsed(value: str) -> None:
    assert parse_api_token(value) is None
