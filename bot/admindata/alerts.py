"""The price alerts an apply queued: held a few minutes after a typed price, taken back by /undo.

A price typed by hand (/price) is one admin's word, sometimes a slip (三块五 for
两块五, 斤 for 公斤): its alerts wait TYPED_PRICE_GRACE in the outbox (their
`not_before`), and /undo within that time withdraws them, so no farmer hears of a
price that never was. Alerts that went out already (the grace is over, or a file's,
which go at once) are corrected instead: each farmer is told that alert no longer
counts (bot/alerts/corrections.py). A price typed again for the same product, market
and day while the first one's alerts still wait (a slip corrected by retyping, not
/undo) takes their place: those alerts are withdrawn before the new price's are queued,
so only the latest price alerts (`supersede_held`). Telegram-free; the caller commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from bot.admindata.changes import ChangeSet
from bot.alerts.corrections import correct_alerts
from bot.alerts.model import Observation
from bot.core import clock
from bot.delivery.held import withdraw_run
from bot.models import DataApply, MarketPrice
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


async def supersede_held(session: AsyncSession, stored: Sequence[Observation]) -> int:
    """Withdraw the held alerts of earlier applies that stored these same price rows.

    Called by a typed price's import before its own alerts are queued (ImportOptions
    .before_alerts): a second /price of 大蒜 at 寿光 today, typed while the first one's
    alerts wait, replaces them; its own alerts (if the new price sets any off) are queued
    as usual. Alerts that went out already are left as they are. Returns how many pushes
    were withdrawn.
    """
    if not stored:
        return 0
    keys = [(o.product_id, o.market_id, o.day) for o in stored]
    rows = set(
        await session.scalars(
            select(MarketPrice.id).where(
                tuple_(MarketPrice.product_id, MarketPrice.market_id, MarketPrice.day).in_(keys)
            )
        )
    )
    # Runs still holding pushes back (a typed price's, within its grace).
    held = select(OutboxMessage.run_id).where(
        OutboxMessage.status == OutboxStatus.queued,
        OutboxMessage.not_before > clock.utcnow(),
        OutboxMessage.run_id.is_not(None),
    )
    earlier = await session.scalars(
        select(DataApply).where(
            DataApply.kind == "prices",
            DataApply.undone_at.is_(None),
            DataApply.alert_run_id.in_(held),
        )
    )
    withdrawn = 0
    for applied in earlier:
        if rows.isdisjoint(_price_rows(applied)) or applied.alert_run_id is None:
            continue
        taken = await withdraw_run(session, applied.alert_run_id)
        if taken.emptied:
            applied.alert_run_id = None  # the run is gone with its last push
        withdrawn += taken.withdrawn
    return withdrawn


def _price_rows(applied: DataApply) -> set[int]:
    """The ids of the price rows an apply added or changed."""
    part = ChangeSet.from_json(applied.changes).rows(MarketPrice.__tablename__)
    return {int(row["id"]) for row in part.added} | {int(key["id"]) for key, _, _ in part.changed}
