"""Broadcasts: schedule, start, cancel, list and report; the farmers' opt-out. Telegram-free.

A broadcast is a row (bot/models/broadcasts.py) from the moment it is
confirmed. "Send now" starts it in the same unit of work; a later time leaves
it `scheduled` until the due job (handlers/broadcasts.py, every few seconds)
starts it. Starting is one transaction: the row goes `scheduled` → `sending`
(only if still scheduled, so a cancel and a start cannot both win, nor two
bots start it twice), its delivery run is opened and one outbox message per
farmer is queued with the key ``broadcast:<id>:<chat_id>``. The outbox sender
does the rest; `settle` reports to the sender once every message is final.
Functions flush, never commit: the caller's unit of work holds the audit line too.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.audit import record
from bot.broadcasts import text as words
from bot.broadcasts.audience import (
    Audience,
    AudienceError,
    Recipient,
    product_of,
    recipients,
    station_of,
)
from bot.core import clock
from bot.delivery import outbox, runs
from bot.models.alerts import DeliveryRun, OutboxMessage, RunKind
from bot.models.broadcasts import AudienceKind, Broadcast, BroadcastStatus
from bot.models.stations import Station
from bot.models.users import User
from bot.stations.groups import station_group

# Below personal pushes (0) and price alerts (10): a notice is bulk.
BROADCAST_PRIORITY = 20
REPORT_PRIORITY = 0
SOURCE = "broadcast"
# The report to the sender: its own source, so a farmer's opt-out never stops it.
REPORT_SOURCE = "bc_report"
# The most photo bytes the command line stores (Telegram's limit for a photo).
MAX_PHOTO_BYTES = 10 * 1024 * 1024


class BroadcastError(ValueError):
    """A broadcast that cannot be made or changed; `code` names the catalogue message."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Draft:
    """A notice as composed: text, optional photo, audience, when, and who speaks."""

    text: str
    audience: Audience
    # The station the notice speaks for (its name heads the notice); None: the county.
    station_id: int | None
    sender_id: int | None
    photo: str | None = None
    photo_data: bytes | None = None
    send_at: datetime | None = None  # None: now
    # The chat's draft id: confirming the same draft twice stores it once.
    draft_id: str | None = None


def check_text(text: str, *, photo: bool) -> str:
    """The notice's text, trimmed; BroadcastError for an empty or too long one."""
    cleaned = text.strip()
    if not cleaned and not photo:
        raise BroadcastError("empty")
    limit = words.MAX_CAPTION_TEXT if photo else words.MAX_TEXT
    if len(cleaned) > limit:
        raise BroadcastError("too_long", limit=limit)
    return cleaned


def audience_allowed(audience: Audience, station_id: int | None, admin: bool) -> None:
    """Staff speak to their own station's farmers only; BroadcastError("not_allowed") else."""
    if admin:
        return
    if audience.kind in (AudienceKind.all, AudienceKind.stations) or station_id is None:
        raise BroadcastError("not_allowed")
    if audience.station_id not in (None, station_id):
        raise BroadcastError("not_allowed")


async def station_name(session: AsyncSession, station_id: int | None) -> str | None:
    """The name heading a station's notices (None for the county's)."""
    if station_id is None:
        return None
    station = await session.get(Station, station_id)
    return station.name if station is not None else None


def told_occasion(draft_id: str) -> str:
    """The occasion a notice's own closing marks its farmers' booking notices with
    (handlers/broadcasts/closing.py): they carry the notice's words already."""
    return f"notice-{draft_id}"


async def told_by_closing(session: AsyncSession, draft_id: str | None) -> set[int]:
    """The farmers the notice's own closing told, with its words: not sent it again."""
    if not draft_id:
        return set()
    marked = f"booking:%:{told_occasion(draft_id)}"
    rows = await session.scalars(
        select(OutboxMessage.chat_id).where(OutboxMessage.key.like(marked))
    )
    return set(rows)


async def _reached(
    session: AsyncSession, audience: Audience, draft_id: str | None
) -> list[Recipient]:
    """Whom the notice goes to: its audience, but those its closing told already."""
    told = await told_by_closing(session, draft_id)
    return [p for p in await recipients(session, audience) if p.chat_id not in told]


async def told_among(session: AsyncSession, audience: Audience, draft_id: str | None) -> int:
    """How many of the audience the notice's own closing told, with its words: left out of the
    notice itself, but reached all the same (the sender is told both, blind test)."""
    told = await told_by_closing(session, draft_id)
    if not told:
        return 0
    audience = await canonical(session, audience)
    return sum(1 for p in await recipients(session, audience) if p.chat_id in told)


async def create(session: AsyncSession, draft: Draft, *, via: str = "chat") -> Broadcast:
    """Store a confirmed broadcast (and its audit line); start it at once unless timed.

    A draft confirmed before (the same update handled again after a crash)
    gives back the broadcast it made, and nothing is sent twice.
    """
    if draft.draft_id is not None:
        made = await session.scalar(select(Broadcast).where(Broadcast.draft_id == draft.draft_id))
        if made is not None:
            return made
    check_text(draft.text, photo=bool(draft.photo or draft.photo_data))
    draft = replace(draft, audience=await canonical(session, draft.audience))
    station = await station_of(session, draft.station_id) if draft.station_id is not None else None
    planned = len(await _reached(session, draft.audience, draft.draft_id))
    now = clock.utcnow()
    bc = Broadcast(
        draft_id=draft.draft_id,
        sender_id=draft.sender_id,
        station_id=draft.station_id,
        audience=draft.audience.kind,
        radius_km=draft.audience.radius_km,
        product=draft.audience.product,
        text=draft.text.strip(),
        photo=draft.photo,
        photo_data=draft.photo_data,
        status=BroadcastStatus.scheduled,
        send_at=draft.send_at or now,
        planned=planned,
        created_at=now,
    )
    session.add(bc)
    await session.flush()
    # A command-line photo is uploaded by the running bot (handlers/broadcasts.py)
    # before its notices are queued, so such a broadcast waits for the due job.
    if draft.send_at is None and bc.photo_data is None:
        # Nobody to send to: the caller says so to the sender, no report is pushed.
        await start(session, bc.id, report_empty=False)
        await session.refresh(bc)
    # Recorded as it is once started (sending, or done for nobody), not as 待发送, with the
    # farmers the sender was told it reached: those its own closing told count too (blind
    # walk: "共 1 位农户（其中 1 位预约了这一轮…）" read 农户数：0 in /audit).
    told = await told_among(session, draft.audience, draft.draft_id)
    await record(
        session,
        draft.sender_id,
        "broadcast.schedule" if draft.send_at else "broadcast.send",
        f"broadcast {bc.id}",
        after=_summary(bc, station, told),
        via=via,
    )
    return bc


async def canonical(session: AsyncSession, audience: Audience) -> Audience:
    """The audience with its product by its own name (番茄 → 西红柿); AudienceError if unknown."""
    if audience.kind is not AudienceKind.product:
        return audience
    product = await product_of(session, audience.product or "")
    return replace(audience, product=product.name)


def _summary(bc: Broadcast, station: Station | None, told: int = 0) -> dict[str, object]:
    # The station by its code as in the stations file (SG01), as role changes name it: an
    # admin reading /audit knows no database ids (blind test). `told`: farmers the notice's
    # own closing told with its words, counted among its farmers as the sender was told.
    closing = {"told_by_closing": told} if told else {}
    return {
        "station": station.external_id if station is not None else None,
        "audience": bc.audience.value,
        "radius_km": bc.radius_km,
        "product": bc.product,
        "text": bc.text[:200],
        "photo": bool(bc.photo or bc.photo_data),
        "send_at": bc.send_at.isoformat(),
        "planned": bc.planned + told,
        "status": bc.status.value,
        **closing,  # after the status: a long line is clipped at its end (handlers/render/audit.py)
    }


def audience_of(bc: Broadcast) -> Audience:
    """The stored broadcast's audience."""
    station = bc.station_id if bc.audience is not AudienceKind.all else None
    return Audience(bc.audience, station, bc.radius_km, bc.product)


async def start(
    session: AsyncSession, broadcast_id: int, *, report_empty: bool = True
) -> int | None:
    """Queue one outbox message per farmer; None if it was not scheduled (cancelled, started).

    With nobody to send to (0 returned) it is done at once, its run dropped rather than left
    正在发送, and (`report_empty`) its sender is told through the outbox.
    """
    now = clock.utcnow()
    taken = await session.scalar(
        update(Broadcast)
        .where(Broadcast.id == broadcast_id, Broadcast.status == BroadcastStatus.scheduled)
        .values(status=BroadcastStatus.sending, started_at=now)
        .returning(Broadcast.id)
    )
    if taken is None:
        return None
    bc = await session.get(Broadcast, broadcast_id)
    assert bc is not None
    await session.refresh(bc)
    name = await station_name(session, bc.station_id)
    try:
        people = await _reached(session, audience_of(bc), bc.draft_id)
    except AudienceError:
        people = []  # the station or product was deleted since: nobody to tell
    run = await outbox.start_run(session, RunKind.broadcast, f"#{bc.id} {bc.text[:60]}")
    bc.run_id = run.id
    pushes = [_push(bc, name, person) for person in people]
    # The station's Telegram group (or, for the county's notices, every
    # station's) gets it too, in the default language and without the 🔕
    # button: a group does not opt out by one member's press.
    pushes += [
        outbox.Push(
            key=f"broadcast:{bc.id}:{chat_id}",
            chat_id=chat_id,
            text=words.notice("zh", name, bc.text),
            priority=BROADCAST_PRIORITY,
            photo=bc.photo,
        )
        for chat_id in await groups_of(session, audience_of(bc))
    ]
    await outbox.enqueue(session, pushes, source=SOURCE, run=run)
    if not pushes:
        await _sent_to_nobody(session, bc, run, report=report_empty)
    await session.flush()
    return len(pushes)


async def _sent_to_nobody(
    session: AsyncSession, bc: Broadcast, run: DeliveryRun | None, *, report: bool
) -> None:
    """A started broadcast that reached nobody: done, without a run, and (`report`) said."""
    bc.run_id = None
    bc.status = BroadcastStatus.done
    bc.reported_at = clock.utcnow()
    await session.flush()  # the broadcast lets go of its run before the run goes
    if run is not None:
        await runs.drop_if_empty(session, run)
    if report and bc.sender_id is not None:
        await _report(session, bc, None)


async def _report(session: AsyncSession, bc: Broadcast, run: DeliveryRun | None) -> None:
    """Push the sender how their broadcast went (once: its key is the broadcast's)."""
    assert bc.sender_id is not None
    sender = await session.get(User, bc.sender_id)
    lang = sender.language if sender is not None else None
    push = outbox.Push(
        key=f"broadcast-report:{bc.id}",
        chat_id=bc.sender_id,
        text=words.report(lang or "zh", bc, run),
        priority=REPORT_PRIORITY,
    )
    await outbox.enqueue(session, [push], source=REPORT_SOURCE)


async def groups_of(session: AsyncSession, audience: Audience) -> list[int]:
    """The Telegram groups a notice also goes to: the station's own, or every station's."""
    if audience.kind is AudienceKind.station and audience.station_id is not None:
        group = await station_group(session, audience.station_id)
        return [group] if group is not None else []
    if audience.kind in (AudienceKind.all, AudienceKind.stations):
        rows = await session.scalars(
            select(Station.group_chat_id)
            .where(Station.active, Station.group_chat_id.is_not(None))
            .order_by(Station.id)
        )
        return [chat_id for chat_id in rows if chat_id is not None]
    return []


def _push(bc: Broadcast, name: str | None, person: Recipient) -> outbox.Push:
    return outbox.Push(
        key=f"broadcast:{bc.id}:{person.chat_id}",
        chat_id=person.chat_id,
        text=words.notice(person.language, name, bc.text),
        priority=BROADCAST_PRIORITY,
        photo=bc.photo,
        buttons=words.notice_buttons(person.language),
    )


async def due(session: AsyncSession, now: datetime | None = None) -> list[Broadcast]:
    """Scheduled broadcasts whose time has come, oldest first."""
    rows = await session.scalars(
        select(Broadcast)
        .where(
            Broadcast.status == BroadcastStatus.scheduled,
            Broadcast.send_at <= (now or clock.utcnow()),
        )
        .order_by(Broadcast.send_at, Broadcast.id)
    )
    return list(rows)


async def set_photo(session: AsyncSession, broadcast_id: int, file_id: str | None) -> None:
    """The bot uploaded a command-line photo: keep its file_id, drop the bytes."""
    await session.execute(
        update(Broadcast).where(Broadcast.id == broadcast_id).values(photo=file_id, photo_data=None)
    )


async def active_stations(session: AsyncSession) -> list[Station]:
    """The stations an admin may address, by id."""
    return list(await session.scalars(select(Station).where(Station.active).order_by(Station.id)))


async def cancel(
    session: AsyncSession, broadcast_id: int, actor_id: int | None, *, via: str = "chat"
) -> Broadcast:
    """Cancel a scheduled broadcast; BroadcastError("started"/"unknown") otherwise."""
    bc = await session.get(Broadcast, broadcast_id)
    if bc is None:
        raise BroadcastError("unknown", id=broadcast_id)
    done = await session.scalar(
        update(Broadcast)
        .where(Broadcast.id == broadcast_id, Broadcast.status == BroadcastStatus.scheduled)
        .values(status=BroadcastStatus.cancelled, cancelled_at=clock.utcnow())
        .returning(Broadcast.id)
    )
    await session.refresh(bc)
    if done is None:
        raise BroadcastError("started", id=broadcast_id, status=bc.status.value)
    await record(
        session,
        actor_id,
        "broadcast.cancel",
        f"broadcast {bc.id}",
        before={"status": BroadcastStatus.scheduled.value},
        after={"status": BroadcastStatus.cancelled.value},
        via=via,
    )
    return bc


async def get(session: AsyncSession, broadcast_id: int) -> Broadcast | None:
    """One broadcast by id."""
    return await session.get(Broadcast, broadcast_id)


async def listing(
    session: AsyncSession, station_id: int | None = None, *, everyone: bool = False, limit: int = 10
) -> list[Broadcast]:
    """The newest broadcasts: a station's, or (everyone) all of them; newest first."""
    query = select(Broadcast).order_by(Broadcast.created_at.desc(), Broadcast.id.desc())
    if not everyone:
        query = query.where(Broadcast.station_id == station_id)
    return list(await session.scalars(query.limit(limit)))


async def run_of(session: AsyncSession, bc: Broadcast) -> DeliveryRun | None:
    """The broadcast's delivery run (None until it started)."""
    return await session.get(DeliveryRun, bc.run_id) if bc.run_id is not None else None


def finished(run: DeliveryRun | None) -> bool:
    """Whether a started broadcast's messages are all settled (or it had none to send)."""
    return run is None or run.queued == 0 or run.finished_at is not None or run.done >= run.queued


def state_of(bc: Broadcast, run: DeliveryRun | None) -> BroadcastStatus:
    """A broadcast's state as its delivery run says it: one sending whose run is finished is
    done (settled by the due job a moment later), never 发送中 beside a report of all sent."""
    if bc.status is BroadcastStatus.sending and finished(run):
        return BroadcastStatus.done
    return bc.status


async def settle(session: AsyncSession) -> list[Broadcast]:
    """Mark sending broadcasts whose messages are all final as done; push each sender a report.

    Returns the broadcasts settled. Each report is one outbox message keyed
    ``broadcast-report:<id>``, so a crash between settling and reporting (or a
    second bot) cannot report twice.
    """
    # An outer join: a broadcast whose empty run was dropped (at a restart, by an earlier
    # version) settled as sent to nobody, not left 发送中 for ever.
    rows = await session.execute(
        select(Broadcast, DeliveryRun)
        .outerjoin(DeliveryRun, DeliveryRun.id == Broadcast.run_id)
        .where(Broadcast.status == BroadcastStatus.sending)
    )
    settled: list[Broadcast] = []
    now = clock.utcnow()
    for bc, run in rows:
        if run is None or run.queued == 0:
            await _sent_to_nobody(session, bc, run, report=True)
            settled.append(bc)
            continue
        if not finished(run):
            continue
        bc.status = BroadcastStatus.done
        bc.reported_at = now
        settled.append(bc)
        if bc.sender_id is not None:
            await _report(session, bc, run)
    await session.flush()
    return settled


# ---------------------------------------------------------------- farmers


async def set_notices(session: AsyncSession, telegram_id: int, on: bool) -> bool:
    """Turn a farmer's station notices on or off; returns whether they are now on.

    Turning them off also stops the notices still waiting for them in the outbox.
    Price alerts are a different source and are not touched.
    """
    user = await session.get(User, telegram_id)
    if user is None:
        raise LookupError(f"user {telegram_id} has not started the bot")
    user.notices_off = not on
    if not on:
        await outbox.cancel_pending(session, telegram_id, SOURCE, "the farmer turned notices off")
    await session.flush()
    return on
