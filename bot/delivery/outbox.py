"""The outbox: every outgoing push is a row written with what caused it, then delivered.

Producers (price alerts, digests, pickup reminders and booking notices, staff
answers, forwarded questions and offer notices via handlers/notify.py) call
`enqueue` inside their own unit of work, so the push exists exactly when the
cause does (a price import that rolls back queues nothing). Each push has an
idempotency key (e.g. ``alert:<subscription>:<price date>``); the unique
constraint on it makes re-running a digest or re-importing prices a no-op.

The sender (bot/delivery/sender.py) moves rows through the states of `OutboxStatus`
with the functions of bot/delivery/transitions.py, each in its own short transaction:

    queued ─claim─▶ claimed ─mark_sending─▶ sending ─apply_outcomes─▶ sent | failed | blocked
      ▲                ▲                        │                          | doubt | waiting
      │                └──── retry (not_before) ┘                                       │
      └──────────────── waiting.release_waiting (they start)  ─────────────────────────┘

A personal push to someone known never to have opened the bot is stored `waiting`
at once (`enqueue`), never tried.

`recover` runs at start-up: claimed rows were never tried and are queued again;
sending rows were perhaps delivered, perhaps not, and become `doubt` (never
resent, so nothing can arrive twice). A send whose connection was lost after
the request went out is `doubt` for the same reason. Error text is stored
through `bot.core.logs.redact`: it may quote a request URL, which holds the token.
Telegram-free; functions only query and flush, the caller commits.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, event, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from bot.core.logs import redact
from bot.delivery.outcomes import (
    WAITING_TAIL,
)
from bot.models.alerts import DeliveryRun, OutboxMessage, OutboxStatus, RunKind
from bot.models.types import MediaKind
from bot.models.users import User, utcnow

# Rows per INSERT/UPDATE statement: well under SQLite's and asyncpg's parameter limits.
CHUNK = 500
MAX_ERROR = 300
FINAL = (OutboxStatus.sent, OutboxStatus.failed, OutboxStatus.blocked, OutboxStatus.doubt)
# Why a personal push was kept from the start (its person is known never to have opened the bot).
HELD_REASON = f"not started{WAITING_TAIL}"

# Called after a commit that queued pushes: the running sender wakes at once
# instead of at its next poll. Producers in another process (the CLI) are
# picked up by the poll.
_wakers: list[Callable[[], None]] = []
_WAKE_KEY = "outbox_queued"


@dataclass(frozen=True)
class Button:
    """A button under a push: its label and the callback data it sends back."""

    text: str
    data: str


@dataclass(frozen=True)
class Media:
    """A Telegram file sent with a push: a photo or voice (text as its caption), a video note.

    A video note has no caption: its text goes as a message just before it (`split`).
    """

    kind: MediaKind
    file_id: str


# Rows of buttons, top to bottom: what producers say; the outbox stores Telegram's form.
Buttons = tuple[tuple[Button, ...], ...]


@dataclass(frozen=True)
class Push:
    """One message to queue: who gets it, what it says, and what makes it unique."""

    key: str
    chat_id: int
    text: str
    # Telegram's inline keyboard JSON ({"inline_keyboard": [[{"text", "callback_data"}]]}).
    # Producers not yet on `buttons` (bookings) still pass it ready-made.
    markup: dict[str, Any] | None = None
    priority: int = 0
    # A photo (a Telegram file_id) sent with `text` as its caption: short for `media`.
    photo: str | None = None
    # Rows of plain buttons (the domain's), stored as Telegram's keyboard JSON.
    buttons: Buttons = ()
    # A file of any kind sent with the push (a voice, a video note); wins over `photo`.
    media: Media | None = None

    @property
    def attachment(self) -> Media | None:
        """The file this push carries, whichever way the producer said it."""
        if self.media is not None:
            return self.media
        return Media(MediaKind.photo, self.photo) if self.photo else None


def stored_markup(push: Push) -> str | None:
    """The push's keyboard as the outbox stores it: Telegram's reply_markup JSON, or None."""
    markup = push.markup
    if push.buttons:
        markup = {
            "inline_keyboard": [
                [{"text": b.text, "callback_data": b.data} for b in row] for row in push.buttons
            ]
        }
    return json.dumps(markup, ensure_ascii=False) if markup else None


@dataclass
class Counts:
    """Per-run counter increments gathered from one batch of outcomes."""

    by_run: dict[int, Counter[str]] = field(default_factory=dict)

    def add(self, run_id: int | None, column: str, n: int = 1) -> None:
        """Count `n` more under `column` for the run (rows without a run are not counted)."""
        if run_id is not None and n:
            self.by_run.setdefault(run_id, Counter())[column] += n


def error_text(reason: str) -> str:
    """What `outbox.error` stores: the reason with any token masked, cut to the column."""
    # Masked before cutting: a cut token would no longer be recognised.
    return redact(reason)[:MAX_ERROR]


# ---------------------------------------------------------------- producers


def on_queued(waker: Callable[[], None]) -> Callable[[], None]:
    """Call `waker` after every commit that queued pushes; returns the unsubscribe function."""
    _wakers.append(waker)
    return lambda: _wakers.remove(waker) if waker in _wakers else None


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.info.pop(_WAKE_KEY, False):
        for waker in list(_wakers):
            waker()


async def start_run(session: AsyncSession, kind: RunKind, label: str) -> DeliveryRun:
    """A new delivery run admins will see; only a RunKind (ValueError else): each has a name."""
    run = DeliveryRun(
        kind=RunKind(kind).value,
        label=label[:200],
        queued=0,
        sent=0,
        failed=0,
        blocked=0,
        in_doubt=0,
        created_at=utcnow(),
    )
    session.add(run)
    await session.flush()
    return run


async def enqueue(
    session: AsyncSession,
    pushes: Iterable[Push],
    *,
    source: str,
    run: DeliveryRun | None = None,
    not_before: datetime | None = None,
) -> int:
    """Queue pushes whose key is new; returns how many were queued (repeats are skipped).

    A video note, which cannot carry a caption, is queued as two rows: its text (with
    the buttons) and then the video note itself (key + ":media"), in that order.

    A personal push (no run) to someone known never to have opened the bot (a user
    granted a role before they wrote, `started_at` empty) is not tried: Telegram would
    refuse it (400 chat not found). It is stored `waiting` and queued when they start
    the bot (bot/delivery/waiting.py), once, as every other push; never left behind.
    """
    now = utcnow()
    each = split(pushes)
    rows = [
        {
            "key": p.key,
            "run_id": run.id if run is not None else None,
            "source": source,
            "chat_id": p.chat_id,
            "text": p.text,
            "markup": stored_markup(p),
            "media_kind": p.attachment.kind.value if p.attachment else None,
            "media": p.attachment.file_id if p.attachment else None,
            "priority": p.priority,
            "status": OutboxStatus.queued,
            "error": None,
            "attempts": 0,
            "not_before": not_before or now,
            "created_at": now,
        }
        for p in each
    ]
    added: list[int] = []
    dialect = session.get_bind().dialect.name
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        stmt = _insert_ignoring_duplicates(dialect).returning(OutboxMessage.id)
        added += [row_id for (row_id,) in await session.execute(stmt, chunk)]
    if run is None and added:  # a run's pushes go to people who started the bot
        await _hold_not_started(session, added, {p.chat_id for p in each})
    if run is not None and added:
        await session.execute(
            update(DeliveryRun)
            .where(DeliveryRun.id == run.id)
            .values(queued=DeliveryRun.queued + len(added))
        )
        await session.refresh(run)
    if added:
        session.sync_session.info[_WAKE_KEY] = True
    return len(added)


async def _hold_not_started(session: AsyncSession, row_ids: list[int], chats: set[int]) -> None:
    """Of the rows just inserted, those to a user who never opened the bot wait (`waiting`;
    a group is no user: only a person's own /start releases a push).

    Asked after the insert, under a lock, so a /start at that moment cannot leave it waiting
    (tests/test_outbox_start_race.py): on SQLite the insert made this the one writer; on
    PostgreSQL, FOR SHARE makes a /start's update of `started_at` wait for this commit, or
    this read wait for that commit and see it. The push is queued, or waiting before the
    /start's release (after its update, bot/delivery/waiting.py) looks.
    """
    held: set[int] = set()
    ids = sorted(chats)
    for start in range(0, len(ids), CHUNK):
        held.update(
            await session.scalars(
                select(User.telegram_id)
                .where(User.telegram_id.in_(ids[start : start + CHUNK]), User.started_at.is_(None))
                .with_for_update(read=True)
            )
        )
    if not held:
        return
    for start in range(0, len(row_ids), CHUNK):
        await session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id.in_(row_ids[start : start + CHUNK]),
                OutboxMessage.chat_id.in_(held),
            )
            .values(status=OutboxStatus.waiting, error=HELD_REASON)
            .execution_options(synchronize_session=False)
        )


def split(pushes: Iterable[Push]) -> list[Push]:
    """The pushes as rows go out: a video note's text first, then the video note alone."""
    rows: list[Push] = []
    for p in pushes:
        media = p.attachment
        if media is None or media.kind is not MediaKind.video_note:
            rows.append(p)
            continue
        rows.append(replace(p, photo=None, media=None))
        # Same priority, a later id: the scheduler keeps one chat's messages in order.
        rows.append(Push(f"{p.key}:media", p.chat_id, "", priority=p.priority, media=media))
    return rows


def _insert_ignoring_duplicates(dialect: str) -> Any:
    # INSERT ... ON CONFLICT (key) DO NOTHING: a repeated key is skipped inside
    # the database, so two producers racing on one key cannot both queue it.
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(OutboxMessage).on_conflict_do_nothing(index_elements=["key"])
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(OutboxMessage).on_conflict_do_nothing(index_elements=["key"])
    raise RuntimeError(f"unsupported database {dialect}")  # pragma: no cover


async def cancel_pending(session: AsyncSession, chat_id: int, source: str, reason: str) -> int:
    """Stop pushes of one source to one chat that have not started sending; returns how many."""
    rows = list(
        await session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.chat_id == chat_id,
                OutboxMessage.source == source,
                OutboxMessage.status.in_((OutboxStatus.queued, OutboxStatus.claimed)),
            )
            .values(status=OutboxStatus.failed, error=error_text(reason))
            .returning(OutboxMessage.run_id)
        )
    )
    counts = Counts()
    for (run_id,) in rows:
        counts.add(run_id, "failed")
    await _bump_runs(session, counts)
    return len(rows)


def wake_after_commit(session: AsyncSession) -> None:
    """Have the running sender look at the outbox as soon as this session commits."""
    session.sync_session.info[_WAKE_KEY] = True


# A run's counters: bumped by a cancellation here and by the sender's outcomes alike.
async def _bump_runs(session: AsyncSession, counts: Counts) -> None:
    now = utcnow()
    for run_id, counter in counts.by_run.items():
        values = {name: getattr(DeliveryRun, name) + n for name, n in counter.items()}
        await session.execute(update(DeliveryRun).where(DeliveryRun.id == run_id).values(values))
    if counts.by_run:
        done = DeliveryRun.sent + DeliveryRun.failed + DeliveryRun.blocked + DeliveryRun.in_doubt
        await session.execute(
            update(DeliveryRun)
            .where(
                DeliveryRun.id.in_(list(counts.by_run)),
                DeliveryRun.finished_at.is_(None),
                done >= DeliveryRun.queued,
            )
            .values(finished_at=now)
        )


# ---------------------------------------------------------------- admins


async def prune(session: AsyncSession, before: datetime) -> int:
    """Delete finished rows (and runs) created before `before`; returns the rows deleted.

    Alerts only fire for fresh prices, and a question is answered (an offer
    matched, a booking collected) once, so a key older than this can never be
    produced again: forgetting it cannot let a push through twice.
    """
    # Kept that long for someone who never opened the bot: it goes too.
    ended = (*FINAL, OutboxStatus.waiting)
    result = await session.execute(
        delete(OutboxMessage)
        .where(and_(OutboxMessage.created_at < before, OutboxMessage.status.in_(ended)))
        .returning(OutboxMessage.id)
    )
    deleted = len(result.all())
    await session.execute(
        delete(DeliveryRun).where(
            DeliveryRun.created_at < before, DeliveryRun.finished_at.is_not(None)
        )
    )
    return deleted
