"""/deliveries names each run in the admin's language (issue 13: English mode), whatever its
kind: a notice's run once crashed it (sandbox walk)."""

from __future__ import annotations

import pytest

from bot.core.db import session_scope
from bot.core.i18n import LANGUAGES, catalogue
from bot.delivery import outbox
from bot.models.alerts import DeliveryRun, RunKind
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


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", list(RunKind))
def test_every_kind_a_run_can_be_stored_as_has_its_label(lang: str, kind: RunKind) -> None:
    # The catalogue of that very language, not the Chinese fallback: /deliveries in
    # English says "Notice", never 通知, and never fails (the broadcast run once did).
    assert f"alerts.deliveries.kind.{kind.value}" in catalogue(lang)
    run = DeliveryRun(kind=kind.value, label="#1 测试")
    label = run_label(lang, run)
    assert label == catalogue(lang)[f"alerts.deliveries.kind.{kind.value}"] + " #1 测试"


def test_a_notice_run_is_named_as_a_notice() -> None:
    notice = DeliveryRun(kind="broadcast", label="#3 明天下雨，上午不收货")
    assert run_label("zh", notice) == "通知 #3 明天下雨，上午不收货"
    assert run_label("en", notice) == "Notice #3 明天下雨，上午不收货"


def test_a_kind_no_code_stores_any_more_is_said_as_stored() -> None:
    # The benchmark once stored "alerts": listed as it is, not a crash of /deliveries.
    old = DeliveryRun(kind="alerts", label="西红柿 above 3.0")
    assert run_label("en", old) == "alerts tomato above 3.0"


async def test_only_a_known_kind_is_stored(db: str) -> None:
    async with session_scope() as session:
        run = await outbox.start_run(session, RunKind.broadcast, "#1 测试")
        assert run.kind == "broadcast"
        with pytest.raises(ValueError):
            await outbox.start_run(session, "notice", "#2")  # type: ignore[arg-type]
