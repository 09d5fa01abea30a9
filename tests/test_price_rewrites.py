"""Any later write of a product's price at a market on a day withdraws the alerts an earlier
/price of it still holds (bot/admindata/alerts.supersede_held): a chat upload, a command-line
import or /price again. Only the latest price alerts; the outbox keeps it across a restart."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from bot.admindata import uploads
from bot.admindata.alerts import TYPED_PRICE_GRACE
from bot.core.clock import PinnedClock, utcnow
from bot.core.db import session_scope
from bot.delivery import transitions
from bot.delivery.outcomes import Envelope
from bot.models import OutboxMessage
from handlers.render import admin_data as view
from tests.test_admindata import ADMIN, TODAY, price_file, seeded
from tests.test_import_safety import cli
from tests.test_undo_alerts import rows, typed


async def upload(*lines: str) -> uploads.Applied:
    preview = await uploads.receive(ADMIN, "prices.csv", price_file(*lines), TODAY)
    applied = await uploads.apply(ADMIN, preview.upload_id or 0, TODAY)
    assert applied is not None and not applied.result.errors
    return applied


async def due_after_the_grace() -> list[Envelope]:
    async with session_scope() as session:
        return list(await transitions.claim(session, 10, now=utcnow() + TYPED_PRICE_GRACE * 2))


async def test_a_file_correcting_the_typed_price_withdraws_its_held_alert(
    db: str, clock: PinnedClock
) -> None:
    # /price 西红柿 新发地 3.5 (the farmer's 涨过3块 alert waits), then a file says 2.8.
    await seeded()
    await typed("3.5")
    assert len(await rows()) == 1
    applied = await upload(f"{TODAY},西红柿,新发地,2.8,元/斤")
    assert applied.result.alerts_replaced == 1
    assert await rows() == []
    assert "只按这个文件的价提醒" in view.applied_text("zh", applied)
    assert "only this file's prices alert" in view.applied_text("en", applied)
    clock.advance(TYPED_PRICE_GRACE * 2)
    assert await due_after_the_grace() == []  # nothing left to go, ever


async def test_a_file_raising_it_further_alerts_once_at_the_new_price(db: str) -> None:
    await seeded()
    await typed("3.5")
    applied = await upload(f"{TODAY},西红柿,新发地,3.6,元/斤")
    assert applied.result.alerts_replaced == 1
    [alert] = await rows()
    assert "3.60" in alert.text and "3.50" not in alert.text
    assert alert.not_before <= utcnow()  # a file's alert goes at once
    async with session_scope() as session:
        claimed = await transitions.claim(session, 10)
    assert [c.id for c in claimed] == [alert.id]


async def test_another_day_or_product_in_the_file_leaves_the_held_alert(db: str) -> None:
    await seeded()
    await typed("3.5")
    yesterday = TODAY.replace(day=TODAY.day - 1)
    applied = await upload(f"{yesterday},西红柿,新发地,2.8,元/斤", f"{TODAY},土豆,新发地,1.3,元/斤")
    assert applied.result.alerts_replaced == 0
    [held] = await rows()
    assert "3.50" in held.text and held.not_before > utcnow()


async def test_the_same_price_again_leaves_the_held_alert(db: str) -> None:
    await seeded()
    await typed("3.5")
    await upload(f"{TODAY},西红柿,新发地,3.5,元/斤")  # unchanged: not a correction
    [held] = await rows()
    assert "3.50" in held.text


async def test_a_command_line_import_withdraws_it_too(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    await seeded()
    await typed("3.5")
    path = tmp_path / "prices.csv"
    path.write_bytes(price_file(f"{TODAY},西红柿,新发地,2.8,元/斤"))
    code, _, err = await cli(db, monkeypatch, capsys, "prices", "import", str(path))
    assert code == 0, err
    async with session_scope() as session:
        left = list(await session.scalars(select(OutboxMessage)))
    assert left == []
