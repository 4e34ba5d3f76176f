"""A failed dependency check becomes one readable sentence."""

from __future__ import annotations

from backend.health.reasons import explain


def test_a_refused_connection_names_the_address() -> None:
    try:
        raise RuntimeError("pool failed") from ConnectionRefusedError(111, "Connection refused")
    except RuntimeError as exc:
        reason = explain(exc, "127.0.0.1:27017")
    assert reason == ("connection refused at 127.0.0.1:27017: the service is not running or not listening there")


def test_a_refusal_reported_only_in_the_message_is_recognised() -> None:
    exc = OSError("Error 111 connecting to 127.0.0.1:6379. Connect call failed ('127.0.0.1', 6379).")
    assert explain(exc, "127.0.0.1:6379").startswith("connection refused at 127.0.0.1:6379")


def test_other_failures_keep_their_first_line_without_driver_noise() -> None:
    exc = RuntimeError("server is shutting down (configured timeouts: socketTimeoutMS: 20000.0ms)\ndetail")
    assert explain(exc, "127.0.0.1:27017") == "127.0.0.1:27017: server is shutting down"


def test_an_address_the_driver_already_named_is_not_repeated() -> None:
    exc = RuntimeError("127.0.0.1:27017: connection is already closed")
    assert explain(exc, "127.0.0.1:27017") == "127.0.0.1:27017: connection is already closed"
