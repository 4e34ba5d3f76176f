"""An automation's schedule: when it is due, and how its two forms are read."""

from __future__ import annotations

from datetime import UTC, datetime, time

from backend.automations.entities import Schedule
from backend.automations.service import parse_schedule

SET_AT = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)


def test_every_minutes_is_due_once_the_minutes_have_passed() -> None:
    # given
    schedule = Schedule(every_minutes=30)
    # when
    before, after = (schedule.due(SET_AT, SET_AT.replace(minute=m)) for m in (29, 30))
    # then
    assert (before, after) == (False, True)


def test_daily_is_due_only_for_a_slot_after_the_last_run() -> None:
    # given: daily at 09:00, set at 10:00
    schedule = Schedule(daily_at=time(9, 0))
    # when
    same_day = schedule.due(SET_AT, datetime(2026, 12, 6, 23, 59, tzinfo=UTC))
    next_day_before = schedule.due(SET_AT, datetime(2026, 12, 7, 8, 59, tzinfo=UTC))
    next_day_at = schedule.due(SET_AT, datetime(2026, 12, 7, 9, 0, tzinfo=UTC))
    # then
    assert (same_day, next_day_before, next_day_at) == (False, False, True)


def test_schedule_forms_are_read_and_refused() -> None:
    # when
    every = parse_schedule(15, None)
    daily = parse_schedule(None, "02:30")
    both = parse_schedule(15, "02:30")
    bad_time = parse_schedule(None, "2:30")
    # then
    assert every == (Schedule(every_minutes=15), [])
    assert daily == (Schedule(daily_at=time(2, 30)), [])
    assert [(p.field, p.code) for p in both[1]] == [("schedule", "both_given")]
    assert [(p.field, p.code) for p in bad_time[1]] == [("dailyAt", "bad_time")]
