"""Pushes addressed to a role, not to a person: checked again just before they go.

A push for admins only (someone has pushes waiting but never started the bot:
bot/roles/notices.py) is queued to each admin of that moment; one revoked before it goes
is a farmer by then, and must not read it (sandbox walk: /revoke 10001, then 10001 got an
admin's warning). The sender asks `drop_unaddressed` right before marking rows as sending:
such a row whose person is no longer an admin fails with that reason and is not sent.
Telegram-free; the caller commits.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.outbox import Counts, _bump_runs, error_text
from bot.models.alerts import OutboxMessage, OutboxStatus
from bot.models.users import Role, User

# The outbox `source` of pushes meant for whoever is an admin when they go.
ADMIN_ONLY = "admins"
NOT_ADMIN = "not sent: the recipient is no longer an admin"


async def drop_unaddressed(session: AsyncSession, ids: Sequence[int]) -> int:
    """Fail the claimed admin-only rows among `ids` whose person is no longer an admin."""
    if not ids:
        return 0
    admin = exists(
        select(User.telegram_id).where(
            User.telegram_id == OutboxMessage.chat_id, User.role == Role.admin
        )
    )
    rows = list(
        await session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id.in_(list(ids)),
                OutboxMessage.status == OutboxStatus.claimed,
                OutboxMessage.source == ADMIN_ONLY,
                ~admin,
            )
            .values(status=OutboxStatus.failed, error=error_text(NOT_ADMIN))
            .returning(OutboxMessage.run_id)
            .execution_options(synchronize_session=False)
        )
    )
    counts = Counts()
    for (run_id,) in rows:
        counts.add(run_id, "failed")
    await _bump_runs(session, counts)
    return len(rows)
