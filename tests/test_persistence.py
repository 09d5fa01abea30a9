"""The database persistence: conversation states and drafts round-trip, unchanged rows are not
rewritten, and a rebuilt Application picks a conversation up where it was."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from bot.core.config import Settings
from bot.core.db import session_scope
from bot.models.stations import BotState
from bot.stations.sample import load_sample
from bot.telegram.app import build_application
from bot.telegram.persistence import DatabasePersistence
from handlers.bookings.base import NAME, QUANTITY
from tests.offline import RecordingRequest, as_update, text_update

TOKEN = "123456:OFFLINE-test-token-abcdefghijkl"


async def _rows() -> int:
    async with session_scope() as session:
        return int(await session.scalar(select(func.count()).select_from(BotState)) or 0)


async def test_round_trip(db: str) -> None:
    store = DatabasePersistence()
    await store.update_conversation("booking", (10001, 10001), "bk_day")
    await store.update_user_data(10001, {"booking": {"product": "西红柿", "kg": 1000}})
    await store.update_user_data(10002, {})  # nothing to keep: no row
    assert await _rows() == 2

    fresh = DatabasePersistence()
    assert await fresh.get_conversations("booking") == {(10001, 10001): "bk_day"}
    assert await fresh.get_user_data() == {10001: {"booking": {"product": "西红柿", "kg": 1000}}}
    assert await fresh.get_conversations("other") == {}

    await fresh.update_conversation("booking", (10001, 10001), None)  # the conversation ended
    await fresh.update_user_data(10001, {})
    assert await _rows() == 0


async def test_unchanged_data_is_not_written_again(db: str) -> None:
    store = DatabasePersistence()
    await store.update_user_data(10001, {"booking": {"kg": 1}})
    async with session_scope() as session:
        row = await session.scalar(select(BotState))
        assert row is not None
        stamp = row.updated_at
    await store.update_user_data(10001, {"booking": {"kg": 1}})
    async with session_scope() as session:
        again = await session.scalar(select(BotState))
        assert again is not None and again.updated_at == stamp


async def _process(app: Any, text: str) -> None:
    await app.process_update(as_update(text_update(text), app.bot))


async def test_a_rebuilt_application_continues_the_booking(settings: Settings) -> None:
    async with session_scope() as session:
        await load_sample(session)
    first_requests = RecordingRequest()
    first = build_application(
        settings, token=TOKEN, request=first_requests, get_updates_request=RecordingRequest()
    )
    async with first:
        await first.start()  # the job queue runs, as under run_polling
        await _process(first, "预约收货 西红柿")
        assert first_requests.sent()[-1]["text"].startswith("西红柿大概有多少？")
        await first.stop()
    # `async with` shut the Application down, which wrote its state: a restart.
    # Three rows: the conversation's state, its deadline, the farmer's draft.
    assert await _rows() == 3
    second_requests = RecordingRequest()
    second = build_application(
        settings, token=TOKEN, request=second_requests, get_updates_request=RecordingRequest()
    )
    async with second:
        await second.start()
        conversation = next(h for h in second.handlers[0] if getattr(h, "name", None) == NAME)
        assert conversation._conversations[(10001, 10001)] == QUANTITY
        await _process(second, "两千斤")
        # The draft came back too: the next step knows the product and amount.
        assert second_requests.sent()[-1]["text"] == (
            "请点「📍 发送我的位置」，或者打您的村名、镇名，我帮您找最近的服务站。"
        )
        assert second.user_data[10001]["booking"]["kg"] == 1000
        await second.stop()
