"""An admin's price undone, and the alerts it set off (sandbox walk), on both databases.

/price 西红柿 寿光 三块五, ✅, /undo: farmers were alerted at 3.50 and nothing corrected
it, while the undo said 不会再发提醒. Now a typed price's alerts wait TYPED_PRICE_GRACE
in the outbox, /undo meanwhile withdraws them unsent, alerts that went (a file's, or
after the grace) are corrected in each farmer's language, and the undo says which.
"""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from bot.admindata import entries as single
from bot.admindata import previews, uploads
from bot.admindata.alerts import TYPED_PRICE_GRACE, AlertsUndone
from bot.alerts.model import AlertSpec
from bot.alerts.service import subscribe
from bot.audit import entries
from bot.core.clock import PinnedClock, utcnow
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.delivery import transitions
from bot.delivery.held import unfinished, withdraw_run
from bot.models import OutboxMessage
from bot.models.alerts import AlertKind, DeliveryRun, OutboxStatus, RunKind
from bot.users import Visitor, set_language, touch
from handlers.render import admin_data as admin_view
from tests.test_admindata import ADMIN, TODAY, count, price_file, seeded

TZ = ZoneInfo("Asia/Shanghai")

FARMER, OTHER = 10001, 10002


async def typed(price: str) -> previews.Applied:
    """/price 西红柿 新发地 PRICE, confirmed."""
    preview = await single.stage_price(ADMIN, "西红柿", "新发地", price, None, TODAY, TODAY)
    applied = await uploads.apply(ADMIN, preview.upload_id or 0, TODAY)
    assert applied is not None and not applied.result.errors
    return applied


async def rows() -> list[OutboxMessage]:
    async with session_scope() as session:
        return list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


async def mark(status: OutboxStatus, chat_id: int | None = None) -> None:
    """What the sender would have done to the alerts (all, or one farmer's)."""
    async with session_scope() as session:
        query = update(OutboxMessage).values(status=status)
        if chat_id is not None:
            query = query.where(OutboxMessage.chat_id == chat_id)
        await session.execute(query)


async def test_a_typed_price_alerts_only_after_its_grace(db: str) -> None:
    await seeded()
    applied = await typed("3.5")
    assert applied.alerts_held == 1
    [alert] = await rows()
    assert alert.status is OutboxStatus.queued and alert.key.startswith("alert:")
    assert timedelta(0) < alert.not_before - utcnow() <= TYPED_PRICE_GRACE
    async with session_scope() as session:
        # Not due: the sender claims nothing, and "delivered" waits for nothing.
        assert await transitions.claim(session, 10) == []
        assert await unfinished(session) == 0
        due = await transitions.claim(session, 10, now=utcnow() + TYPED_PRICE_GRACE)
    assert [e.id for e in due] == [alert.id]


async def test_undo_within_the_grace_withdraws_the_alerts_unsent(db: str) -> None:
    await seeded()
    await typed("3.5")
    undone = await uploads.undo(ADMIN)
    assert undone.status == "undone" and undone.alerts == AlertsUndone(withdrawn=1)
    assert await rows() == []  # the alert, and its key: a right price may alert again
    assert await count(DeliveryRun) == 0  # no run of nothing in /deliveries
    async with session_scope() as session:
        [line] = [e for e in await entries(session) if e.action == "data.undo"]
    assert line.after == {"alerts_withdrawn": 1, "alerts_corrected": 0}
    again = await typed("3.2")
    assert again.alerts_held == 1 and len(await rows()) == 1
    text = admin_view.undone_text("zh", undone, TZ)
    assert text.endswith("它触发的 1 条价格提醒还没发出，已经撤回，农户不会收到。")
    assert "不会再发提醒" not in text
    english = admin_view.undone_text("en", undone, TZ)
    assert english.endswith("they are withdrawn, and no farmer will get them.")


async def test_alerts_that_went_are_corrected_in_each_farmers_language(
    db: str, clock: PinnedClock
) -> None:
    await seeded()
    async with session_scope() as session:
        await touch(session, Visitor(OTHER, "Mary"))
        await set_language(session, OTHER, "en")
    async with session_scope() as session:
        await subscribe(session, OTHER, AlertSpec("西红柿", AlertKind.above, 3.0, None, "新发地"))
    await typed("3.5")
    clock.advance(TYPED_PRICE_GRACE)
    await mark(OutboxStatus.sent, FARMER)  # 张大爷's went; Mary's is still on its way
    await mark(OutboxStatus.sending, OTHER)
    undone = await uploads.undo(ADMIN)
    assert undone.alerts == AlertsUndone(withdrawn=0, gone=2, corrected=2)
    fixes = [row for row in await rows() if row.key.startswith("fix:")]
    assert {row.chat_id: row.text for row in fixes} == {
        FARMER: t("zh", "alerts.push.correction", product="西红柿"),
        OTHER: t("en", "alerts.push.correction", product="tomato"),
    }
    assert all(row.status is OutboxStatus.queued and row.source == "alert" for row in fixes)
    async with session_scope() as session:
        kinds = list(await session.scalars(select(DeliveryRun.kind).order_by(DeliveryRun.id)))
    assert kinds == [RunKind.alert, RunKind.correction]
    assert admin_view.undone_text("zh", undone, TZ).endswith(
        "它触发的价格提醒已经发出去了，已给 2 位收到提醒的农户补发更正，告诉他们那个价格不算数。"
    )


async def test_a_file_alerts_at_once_and_undo_says_what_went_and_what_did_not(db: str) -> None:
    await seeded()
    async with session_scope() as session:
        await touch(session, Visitor(OTHER, "刘大姐"))
    async with session_scope() as session:
        await subscribe(session, OTHER, AlertSpec("西红柿", AlertKind.above, 3.0, None, "新发地"))
    preview = await uploads.receive(
        ADMIN, "prices.csv", price_file(f"{TODAY},西红柿,新发地,3.2,元/斤"), TODAY
    )
    applied = await uploads.apply(ADMIN, preview.upload_id or 0, TODAY)
    assert applied is not None and applied.alerts_held == 0  # a file's go at once
    assert all(row.not_before <= utcnow() for row in await rows())
    await mark(OutboxStatus.sent, FARMER)
    undone = await uploads.undo(ADMIN)
    assert undone.alerts == AlertsUndone(withdrawn=1, gone=1, corrected=1)
    assert [row.chat_id for row in await rows() if row.key.startswith("fix:")] == [FARMER]
    assert admin_view.undone_text("zh", undone, TZ).endswith(
        "已给 1 位收到提醒的农户补发更正；还没发出的 1 条已经撤回。"
    )


async def test_a_price_that_set_off_no_alert_says_so(db: str) -> None:
    await seeded()
    await typed("2.5")  # below the farmer's 3.00: nobody alerted
    undone = await uploads.undo(ADMIN)
    assert undone.alerts == AlertsUndone()
    assert admin_view.undone_text("zh", undone, TZ).endswith(
        "它没有触发价格提醒，不用告诉农户什么。"
    )
    assert admin_view.undone_text("en", undone, TZ).endswith("farmers need not be told anything.")


async def test_withdrawing_leaves_what_the_sender_holds_and_counts_it_gone(db: str) -> None:
    await seeded()
    await typed("3.5")
    async with session_scope() as session:
        [claimed] = await transitions.claim(session, 10, now=utcnow() + TYPED_PRICE_GRACE)
        run_id = claimed.run_id
    assert run_id is not None
    async with session_scope() as session:
        withdrawn = await withdraw_run(session, run_id)
    assert (withdrawn.withdrawn, [g.chat_id for g in withdrawn.gone]) == (0, [FARMER])
    assert not withdrawn.emptied and len(await rows()) == 1


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_the_saved_price_says_when_its_alerts_go(db: str, lang: str) -> None:
    await seeded()
    applied = await typed("3.5")
    text = admin_view.applied_text(lang, applied)
    minutes = int(TYPED_PRICE_GRACE.total_seconds() // 60)
    if lang == "zh":
        assert f"发 1 条价格提醒，{minutes} 分钟后发出；这之前发 /undo 撤销" in text
    else:
        assert f"1 price alert to farmers who subscribed; they go out in {minutes}" in text


async def typed_at(market: str, price: str) -> previews.Applied:
    """/price 西红柿 MARKET PRICE, confirmed."""
    preview = await single.stage_price(ADMIN, "西红柿", market, price, None, TODAY, TODAY)
    applied = await uploads.apply(ADMIN, preview.upload_id or 0, TODAY)
    assert applied is not None and not applied.result.errors
    return applied


async def test_the_same_price_typed_again_replaces_the_held_alerts(db: str) -> None:
    # /price 西红柿 新发地 3.5, then (a slip, retyped instead of /undo) 3.6: the farmer is
    # alerted once, at 3.60; the first price's alert never goes.
    await seeded()
    first = await typed("3.5")
    assert first.alerts_held == 1 and first.alerts_replaced == 0
    second = await typed("3.6")
    assert second.alerts_replaced == 1 and second.alerts_held == 1
    [alert] = await rows()
    assert "3.60" in alert.text and "3.50" not in alert.text
    assert alert.status is OutboxStatus.queued and alert.not_before > utcnow()
    async with session_scope() as session:
        runs = list(await session.scalars(select(DeliveryRun.id)))
    assert runs == [alert.run_id]  # the first price's run went with its last push
    text = admin_view.applied_text("zh", second)
    assert "已经被这个价替换" in text and "1 条提醒" in text
    assert "withdrawn; only this new price alerts" in admin_view.applied_text("en", second)


async def test_a_retyped_price_that_alerts_nobody_still_withdraws_the_first(db: str) -> None:
    await seeded()
    await typed("3.5")
    second = await typed("2.5")  # under the farmer's 3.00: no alert at all
    assert (second.alerts_replaced, second.alerts_held) == (1, 0)
    assert await rows() == []


async def test_another_markets_price_leaves_the_held_alerts(db: str) -> None:
    # Mary watches every market (no home): 江桥's price typed after 新发地's is another
    # price, not a correction of it; 新发地's alerts still go.
    await seeded()
    async with session_scope() as session:
        await touch(session, Visitor(OTHER, "Mary"))
    async with session_scope() as session:
        await subscribe(session, OTHER, AlertSpec("西红柿", AlertKind.above, 3.0))
    await typed("3.5")
    other = await typed_at("江桥", "7")  # 7 元/公斤: 3.50 元/斤
    assert other.alerts_replaced == 0
    assert sorted(row.chat_id for row in await rows()) == [FARMER, OTHER]


async def test_a_retyped_price_after_the_alerts_went_withdraws_nothing(
    db: str, clock: PinnedClock
) -> None:
    await seeded()
    await typed("3.5")
    clock.advance(TYPED_PRICE_GRACE)
    await mark(OutboxStatus.sent)
    again = await typed("3.6")
    assert again.alerts_replaced == 0
    [sent] = await rows()
    assert sent.status is OutboxStatus.sent
