"""Telling admins who has not started the bot, while pushes wait for them. Telegram-free."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.i18n import t
from bot.delivery import addressed, outbox, waiting
from bot.models.users import Role, User
from bot.roles.service import Member, not_started

# Notices to admins go with the other person-to-person pushes (handlers/notify.py).
PRIORITY = 0


def who(lang: str, member: Member) -> str:
    """A member as admins read them: name (or id), and their station."""
    name, tid = member.name, member.telegram_id
    if not name:  # granted before they ever wrote: the id once (用户10002, not 用户10002（10002）)
        if member.station:
            return t(lang, "roles.who_at_unnamed", id=tid, station=member.station)
        return t(lang, "roles.unnamed", id=tid)
    if member.station:
        return t(lang, "roles.who_at", name=name, id=tid, station=member.station)
    return t(lang, "roles.who", name=name, id=tid)


async def tell_admins_not_started(session: AsyncSession) -> int:
    """Push each admin, once per member, who has pushes waiting but never started the bot.

    The idempotency key makes a repeated run (every minute, and at each start)
    tell nobody twice. Returns how many notices were queued.
    """
    kept = await waiting.waiting_chats(session)
    if not kept:
        return 0
    silent = [m for m in await not_started(session) if m.telegram_id in kept]
    if not silent:
        return 0
    admins = list(
        await session.scalars(
            select(User).where(
                User.role == Role.admin, User.started_at.is_not(None), User.active.is_(True)
            )
        )
    )
    pushes = [
        outbox.Push(
            key=f"roles:not_started:{member.telegram_id}:{admin.telegram_id}",
            chat_id=admin.telegram_id,
            text=t(
                admin.language,
                "roles.not_started_push",
                who=who(admin.language, member),
                count=kept[member.telegram_id],
                id=member.telegram_id,
            ),
            priority=PRIORITY,
        )
        for member in silent
        for admin in admins
    ]
    # Addressed to admins: one revoked before it goes does not get it (bot/delivery/addressed.py).
    return await outbox.enqueue(session, pushes, source=addressed.ADMIN_ONLY)
