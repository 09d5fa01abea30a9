"""The price alerts an apply queued: held a few minutes after a typed price, taken back by /undo.

A price typed by hand (/price) is one admin's word, sometimes a slip (三块五 for
两块五, 斤 for 公斤): its alerts wait TYPED_PRICE_GRACE in the outbox (their
`not_before`), and /undo within that time withdraws them, so no farmer hears of a
price that never was. Alerts that went out already (the grace is over, or a file's,
which go at once) are corrected instead: each farmer is told that alert no longer
counts (bot/alerts/corrections.py). Telegram-free; the caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts.corrections import correct_alerts
from bot.delivery.held import withdraw_run
from bot.models import DataApply
from bot.models.alerts import DeliveryRun, OutboxMessage, OutboxStatus

# How long the alerts of a price typed by hand wait before they go: /undo before then
# withdraws them unsent.
TYPED_PRICE_GRACE = timedelta(minutes=5)


@dataclass(frozen=True)
class AlertsUndone:
    """What /undo did to an apply's alerts: withdrawn unsent, gone out, corrections queued."""

    withdrawn: int = 0
    gone: int = 0  # sent, or perhaps sent (being sent, in doubt)
    corrected: int = 0

    @property
    def outcome(self) -> str:
        """none, withdrawn, corrected, both, or sent (gone out, and nobody left to correct)."""
        if not self.gone:
            return "withdrawn" if self.withdrawn else "none"
        if self.withdrawn:
            return "both"
        return "corrected" if self.corrected else "sent"


async def held_alerts(session: AsyncSession, run_id: int | None) -> int:
    """How many of a run's alerts are still waiting to go (0 without a run)."""
    if run_id is None:
        return 0
    waiting = await session.scalar(
        select(func.count())
        .select_from(OutboxMessage)
        .where(OutboxMessage.run_id == run_id, OutboxMessage.status == OutboxStatus.queued)
    )
    return int(waiting or 0)


async def take_back(session: AsyncSession, applied: DataApply) -> AlertsUndone:
    """Withdraw the apply's alerts not sent yet and correct the ones that went."""
    run_id = applied.alert_run_id
    if run_id is None:
        return AlertsUndone()
    run = await session.get(DeliveryRun, run_id)
    label = run.label if run is not None else ""
    withdrawn = await withdraw_run(session, run_id)
    if withdrawn.emptied:
        applied.alert_run_id = None  # the run is gone with its last push
    corrected = await correct_alerts(session, withdrawn.gone, label)
    return AlertsUndone(withdrawn.withdrawn, len(withdrawn.gone), corrected)
