"""Per-user flood control, on explicit times (bot/core/throttle.py)."""

from __future__ import annotations

from bot.core.throttle import Rate, UserThrottle, Verdict


def test_a_burst_passes_then_one_notice_then_quiet_drops() -> None:
    throttle = UserThrottle(messages=Rate(per_second=1, burst=10))
    verdicts = [throttle.check(1, 0.0) for _ in range(50)]
    assert verdicts[:10] == [Verdict.go] * 10
    assert verdicts[10] is Verdict.warn
    assert verdicts[11:] == [Verdict.drop] * 39


def test_the_bucket_refills_and_the_notice_is_not_repeated_at_once() -> None:
    throttle = UserThrottle(messages=Rate(per_second=1, burst=2), notice_every=60)
    assert [throttle.check(1, 0.0) for _ in range(3)] == [Verdict.go, Verdict.go, Verdict.warn]
    assert throttle.check(1, 1.0) is Verdict.go  # a second later: one more
    assert throttle.check(1, 1.0) is Verdict.drop  # still too fast, not told again
    assert throttle.check(1, 61.0) is Verdict.go
    assert [throttle.check(1, 61.0) for _ in range(2)] == [Verdict.go, Verdict.warn]


def test_others_and_presses_have_their_own_buckets() -> None:
    throttle = UserThrottle(messages=Rate(1, 1), presses=Rate(2, 3))
    assert throttle.check(1, 0.0) is Verdict.go
    assert throttle.check(1, 0.0) is Verdict.warn
    assert throttle.check(2, 0.0) is Verdict.go  # someone else
    assert [throttle.check(1, 0.0, press=True) for _ in range(4)] == [Verdict.go] * 3 + [
        Verdict.warn
    ]


def test_a_farmer_typing_at_human_speed_is_never_held() -> None:
    throttle = UserThrottle()
    assert all(throttle.check(7, i * 1.5) is Verdict.go for i in range(500))
