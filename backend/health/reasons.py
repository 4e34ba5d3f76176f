"""Turn a client library's exception into one short sentence a person can act on."""

from __future__ import annotations

CONNECTION_REFUSED_MARKERS = ("Connection refused", "Connect call failed", "Errno 111", "ConnectError")


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def explain(exc: BaseException, address: str) -> str:
    """A one-line reason for a failed check of the service at `address`."""
    chain = _chain(exc)
    text = " ".join(f"{type(e).__name__}: {e}" for e in chain)
    if any(isinstance(e, ConnectionRefusedError) for e in chain) or any(
        marker in text for marker in CONNECTION_REFUSED_MARKERS
    ):
        return f"connection refused at {address}: the service is not running or not listening there"
    first = str(exc).split(" (configured timeouts")[0].splitlines()[0] if str(exc) else type(exc).__name__
    first = first.removeprefix(f"{address}: ")  # drivers often name the address themselves
    return f"{address}: {first}"[:300]
