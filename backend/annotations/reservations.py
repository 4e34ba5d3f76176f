"""Reservations of the annotation queue: shared by every replica in Redis (a sorted set per item, changed by Lua
scripts so that two annotators never take the last open slot), and this replica's own while Redis is down."""

from __future__ import annotations

from collections.abc import Sequence

from redis.asyncio import Redis

from backend.clients import redis_keys

# Atomically: forget expired reservations; keep the caller's if held; else take one if a slot is open.
RESERVE = """
local key, me, now, until_, open_slots = KEYS[1], ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
if redis.call('ZSCORE', key, me) then
  redis.call('ZADD', key, until_, me)
  redis.call('EXPIRE', key, math.ceil(until_ - now) + 1)
  return 1
end
if redis.call('ZCARD', key) < open_slots then
  redis.call('ZADD', key, until_, me)
  redis.call('EXPIRE', key, math.ceil(until_ - now) + 1)
  return 2
end
return 0
"""

# Atomically, for annotateItem: forget expired reservations; unless the caller holds one, take a slot for the write
# while fewer than `cap` annotators hold one; answer whether the caller held one before, and every live holder.
CLAIM = """
local key, me, now, until_, cap = KEYS[1], ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
local held = 0
if redis.call('ZSCORE', key, me) then
  held = 1
elseif redis.call('ZCARD', key) < cap then
  redis.call('ZADD', key, until_, me)
  if redis.call('TTL', key) < math.ceil(until_ - now) + 1 then
    redis.call('EXPIRE', key, math.ceil(until_ - now) + 1)
  end
end
return {held, redis.call('ZRANGEBYSCORE', key, now, '+inf')}
"""


def _text(member: bytes | str) -> str:
    return member.decode() if isinstance(member, bytes) else member


class SharedReservations:
    """The reservations in Redis (keys: redis_keys.reservations). Every method raises the Redis client's errors: the
    queue calls them through RedisOutage.attempt, which falls back to this replica's LocalReservations."""

    def __init__(self, redis: Redis) -> None:
        self._redis = redis
        self._reserve = redis.register_script(RESERVE)
        self._claim = redis.register_script(CLAIM)

    async def counts(self, item_ids: Sequence[str], me: str, now: float) -> list[tuple[int, bool]]:
        """For each item (one round trip): how many live reservations it has, and whether `me` holds one."""
        async with self._redis.pipeline(transaction=False) as pipe:
            for item_id in item_ids:
                pipe.zcount(redis_keys.reservations(item_id), now, "+inf")
                pipe.zscore(redis_keys.reservations(item_id), me)
            answers = await pipe.execute()
        return [(int(count), score is not None) for count, score in zip(answers[::2], answers[1::2], strict=True)]

    async def reserve(self, item_id: str, me: str, now: float, until: float, open_slots: int) -> int:
        """0: no slot; 1: `me` held one (extended); 2: a slot taken for `me` now."""
        taken = await self._reserve(keys=[redis_keys.reservations(item_id)], args=[me, now, until, open_slots])
        return int(taken)

    async def claim(self, item_id: str, me: str, now: float, until: float, cap: int) -> tuple[bool, frozenset[str]]:
        """Whether `me` held a slot before, and every live holder (with `me` when it took one for this write)."""
        held, members = await self._claim(keys=[redis_keys.reservations(item_id)], args=[me, now, until, cap])
        return bool(held), frozenset(_text(m) for m in members)

    async def release(self, item_id: str, me: str) -> None:
        await self._redis.zrem(redis_keys.reservations(item_id), me)

    async def holders(self, item_id: str, now: float) -> frozenset[str]:
        """Who holds a live reservation on the item."""
        members = await self._redis.zrangebyscore(redis_keys.reservations(item_id), now, "+inf")
        return frozenset(_text(m) for m in members)


class LocalReservations:
    """This replica's reservations, used while Redis is down so that annotators on one replica do not all take the
    same first items. Each replica keeps its own: two of them may hand out the same last slot, so an item can then
    get a label more than its overlap target (kept, and counted: docs/annotation.md)."""

    MAX_ITEMS = 10_000

    def __init__(self) -> None:
        self._held: dict[str, dict[str, float]] = {}  # item id → annotator → reserved until (epoch seconds)

    def holders(self, item_id: str, now: float) -> frozenset[str]:
        return frozenset(a for a, until in self._held.get(item_id, {}).items() if until > now)

    def reserve(self, item_id: str, annotator: str, now: float, until: float, open_slots: int) -> bool:
        holders = self.holders(item_id, now)
        if annotator not in holders and len(holders) >= open_slots:
            return False
        if len(self._held) >= self.MAX_ITEMS:
            self._held = {i: h for i, h in self._held.items() if any(u > now for u in h.values())}
        self._held.setdefault(item_id, {})[annotator] = until
        return True

    def release(self, item_id: str, annotator: str) -> None:
        held = self._held.get(item_id)
        if held is not None:
            held.pop(annotator, None)
            if not held:
                del self._held[item_id]
