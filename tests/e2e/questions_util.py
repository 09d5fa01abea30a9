"""Helpers for the question tests' e2e set-ups: a farmer and the staff of station 1, the
questions stored, the language a user reads."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.db import session_scope
from bot.models.knowledge import OpenQuestion
from bot.models.users import Role, User
from bot.sandbox.harness import Harness
from bot.users import Visitor, set_role, touch
from knowledge.kb.entries import Entry
from knowledge.kb.repository import upsert_entries
from knowledge.kb.search import engine


async def farmer_and_staff(session: AsyncSession) -> User:
    """张大爷 (10001) of station 1, which 李站长 (20001) staffs; the farmer, for more to set."""
    farmer, _ = await touch(session, Visitor(10001, "张大爷"))
    farmer.station_id = 1
    await touch(session, Visitor(20001, "李站长"))
    await set_role(session, 20001, Role.staff, station_id=1)
    return farmer


async def station_county(harness: Harness, entries: Sequence[Entry] = ()) -> Harness:
    """farmer_and_staff (and `entries` as the knowledge base); 李站长 has started the bot."""
    async with session_scope() as session:
        if entries:
            await upsert_entries(session, entries, engine(), by="test")
        await farmer_and_staff(session)
    harness.user(20001, "李站长")
    return harness


async def stored_questions() -> list[OpenQuestion]:
    """Every question stored, in the order asked."""
    async with session_scope() as session:
        return list(await session.scalars(select(OpenQuestion).order_by(OpenQuestion.id)))


async def speaks(lang: str, telegram_id: int = 10001, chosen: bool = True) -> None:
    """`telegram_id` reads `lang` (chosen: as after /language, so their writing does not change it)."""
    async with session_scope() as session:
        user = await session.get(User, telegram_id)
        assert user is not None
        user.language = lang
        if chosen:
            user.language_chosen = True
