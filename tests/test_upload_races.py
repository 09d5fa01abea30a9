"""An admin upload under crashes and double taps, on both databases (issue 16).

A kill -9 in the middle of an apply leaves nothing (one unit of work); pressing ✅
again after the restart applies it once. Two ✅ handled at once (a double tap on two
workers, or a redelivered update racing the first) apply it once: one alert, one apply.
"""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from bot.admindata import uploads
from bot.core.db import session_scope
from bot.models import DataApply, OutboxMessage
from tests.test_admindata import ADMIN, TODAY, count, price_file, prices, seeded


async def _preview() -> int:
    await seeded()
    preview = await uploads.receive(
        ADMIN, "prices.csv", price_file(f"{TODAY},西红柿,新发地,3.2,元/斤"), TODAY
    )
    assert preview.applicable and preview.upload_id is not None
    return preview.upload_id


async def test_a_crash_mid_apply_leaves_nothing_and_a_second_press_applies_once(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    upload_id = await _preview()
    before = await prices()
    real = uploads.apply_table

    async def killed(session, *args, **kwargs):  # type: ignore[no-untyped-def]
        await real(session, *args, **kwargs)
        await session.flush()
        raise KeyboardInterrupt  # the process dies before the commit

    monkeypatch.setattr(uploads, "apply_table", killed)
    with pytest.raises(KeyboardInterrupt):
        await uploads.apply(ADMIN, upload_id, TODAY)
    assert await prices() == before
    assert await count(OutboxMessage) == 0 and await count(DataApply) == 0
    monkeypatch.setattr(uploads, "apply_table", real)
    applied = await uploads.apply(ADMIN, upload_id, TODAY)
    assert applied is not None and applied.apply_id is not None
    assert await count(OutboxMessage) == 1 and await count(DataApply) == 1
    assert await uploads.apply(ADMIN, upload_id, TODAY) is None


async def test_two_presses_at_once_apply_once(db: str) -> None:
    upload_id = await _preview()
    results = await asyncio.gather(
        uploads.apply(ADMIN, upload_id, TODAY),
        uploads.apply(ADMIN, upload_id, TODAY),
        return_exceptions=True,
    )
    async with session_scope() as session:
        applies = await session.scalar(select(func.count(DataApply.id)))
    assert applies == 1, results
    assert await count(OutboxMessage) == 1  # one alert, not two
    assert sum(1 for r in results if r is not None and not isinstance(r, BaseException)) == 1
