"""Corrections: alerts that went out on a price an admin then undid are taken back in words.

An alert's outbox key is ``alert:<subscription>:<date>``: the subscription says whose
alert it was and of which product, so each farmer is told, in their language, that
the alert was based on a price entered by mistake and no longer counts. Queued
through the outbox as one run (/deliveries: 价格更正), after the alert itself in
the farmer's chat. Telegram-free; the caller commits.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts.model import ALERT_PRIORITY
from bot.core.i18n import t
from bot.delivery import outbox, runs
from bot.delivery.held import GonePush
from bot.delivery.outbox import Push
from bot.models.alerts import AlertSubscription, RunKind
from bot.models.markets import Product
from bot.models.users import User
from knowledge.text.lexicon import product_label

SOURCE = "alert"


def subscription_of(key: str) -> int | None:
    """The subscription an alert's outbox key names (alert:12:2026-06-10 → 12), else None."""
    parts = key.split(":")
    if len(parts) != 3 or parts[0] != "alert" or not parts[1].isdigit():
        return None
    return int(parts[1])


def correction_text(lang: str | None, product: str) -> str:
    """What a farmer alerted on a price since undone is told."""
    return t(lang, "alerts.push.correction", product=product_label(lang, product))


async def correct_alerts(session: AsyncSession, gone: Sequence[GonePush], label: str) -> int:
    """Queue a correction to every farmer one of these alerts went to; returns how many."""
    by_sub = {sub: push for push in gone if (sub := subscription_of(push.key)) is not None}
    if not by_sub:
        return 0
    rows = await session.execute(
        select(AlertSubscription.id, Product.name, User.language)
        .join(Product, Product.id == AlertSubscription.product_id)
        .join(User, User.telegram_id == AlertSubscription.user_id)
        .where(AlertSubscription.id.in_(list(by_sub)))
        .order_by(AlertSubscription.id)
    )
    pushes = [
        Push(
            key=f"fix:{by_sub[sub].key}",
            chat_id=by_sub[sub].chat_id,
            text=correction_text(lang, product),
            priority=ALERT_PRIORITY,
        )
        for sub, product, lang in rows
    ]
    if not pushes:
        return 0
    run = await outbox.start_run(session, RunKind.correction, label)
    queued = await outbox.enqueue(session, pushes, source=SOURCE, run=run)
    await runs.drop_if_empty(session, run)  # all queued before: no run that never finishes
    return queued
