"""/deliveries names each run in the admin's language (issue 13: English mode)."""

from __future__ import annotations

from bot.models.alerts import DeliveryRun
from handlers.render.alerts import run_label


def test_a_run_is_named_in_the_readers_language() -> None:
    alert = DeliveryRun(kind="alert", label="西红柿 2026-06-10, 土豆 2026-06-10")
    assert run_label("zh", alert) == "价格提醒 西红柿 2026-06-10, 土豆 2026-06-10"
    assert run_label("en", alert) == "Price alert tomato 2026-06-10, potato 2026-06-10"
    digest = DeliveryRun(kind="digest", label="07:00 2026-06-10")
    assert run_label("en", digest) == "Daily prices 07:00 2026-06-10"
    reminder = DeliveryRun(kind="reminder", label="2026-06-11")
    assert run_label("zh", reminder) == "收货提醒 2026-06-11"


def test_runs_stored_with_the_chinese_kind_in_the_label_read_the_same() -> None:
    legacy = DeliveryRun(kind="alert", label="价格提醒 西红柿 2026-06-10")
    assert run_label("en", legacy) == "Price alert tomato 2026-06-10"
    assert run_label("zh", legacy) == "价格提醒 西红柿 2026-06-10"
