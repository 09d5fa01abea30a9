"""A notice that calls a collection round off (明天上午停电，收货改到下午两点以后): before it goes,
the staff member is told what that round of their station still holds, and may close it with
the notice.

The round is read from the notice (knowledge/text/round_off.py); its open rounds, not over yet,
are kept in the draft (a timed notice's read as written, and closed when confirmed, not when it
goes). "📢 发送，并关闭这一轮" closes each with the station's own closing
(handlers/bookings/slots.close_round: every farmer booked is told, with buttons to book another
time, the notice's whole words their reason), then the composer sends the notice, to everyone
else: a farmer booked there gets the one message with both. A notice naming no
round is composed as before.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from bot.bookings import queries
from bot.bookings.model import SlotPickups
from bot.broadcasts.service import told_occasion
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.stations import BookingStatus, Slot
from bot.models.users import Role, User
from handlers.bookings import slots
from handlers.common import press
from handlers.guards import require
from handlers.render import broadcasts as view
from handlers.render import rounds as round_view
from knowledge.text.round_off import rounds_off

ROUNDS = "rounds"  # in the draft: [[slot id, ISO day], ...] of the rounds the notice calls off


async def named_rounds(user: User, draft: dict[str, Any], now: datetime) -> list[SlotPickups]:
    """The open rounds of the sender's station the notice calls off (kept in the draft); none
    when it names none, or speaks for no station of theirs."""
    draft.pop(ROUNDS, None)
    station = user.station_id
    said = rounds_off(draft.get("text", ""), now.date())
    if station is None or draft.get("station_id") != station or not said:
        return []
    async with session_scope() as session:
        found = await queries.station_pickups(session, station, sorted({r.day for r in said}))
    named = [
        p
        for p in found
        if not p.closed
        and not queries.round_over(p.day, p.ends, now)
        and any(r.day == p.day and round_view.in_part(p, r.part) for r in said)
    ]
    draft[ROUNDS] = [[p.slot_id, p.day.isoformat()] for p in named]
    return named


def _rounds_word(lang: str, draft: dict[str, Any]) -> str:
    many = len(draft.get(ROUNDS) or []) > 1
    return t(lang, f"broadcasts.closed_round_{'many' if many else 'one'}")


def preview_note(
    lang: str, rounds: Sequence[SlotPickups], chat_ids: Collection[int], draft: dict[str, Any]
) -> str:
    """Under the preview of a notice calling off a booked round: how many of its farmers
    (`chat_ids`), booked there, get it in the closing's message if the round is closed with it
    (blind test: "将发给 2 位" in the preview, "共 1 位" once sent)."""
    booked = len(
        {
            b.farmer_id
            for p in rounds
            for b in p.bookings
            if b.status is BookingStatus.booked and b.farmer_id in chat_ids
        }
    )
    if not booked:
        return ""
    said = t(
        lang,
        "broadcasts.preview_closing",
        n=len(chat_ids),
        closed=booked,
        round=_rounds_word(lang, draft),
    )
    return "\n" + said


def done_text(
    lang: str, planned: int, closed: int, draft: dict[str, Any], bc_id: int, when: str | None
) -> str:
    """broadcasts.sent (or scheduled, `when` said), counting every farmer reached: the notice's
    `planned`, and the `closed` its own closing told with its words (as the preview said)."""
    key = "sent" if when is None else "scheduled"
    params: dict[str, Any] = {"id": bc_id} if when is None else {"id": bc_id, "when": when}
    if not closed:
        return t(lang, f"broadcasts.{key}", n=planned, **params)
    return t(
        lang,
        f"broadcasts.{key}_closed",
        n=planned + closed,
        closed=closed,
        round=_rounds_word(lang, draft),
        **params,
    )


def pressed_in_draft(data: object, draft: dict[str, Any] | None) -> bool:
    """Whether the 📢 pressed names a round of this draft (not an older draft's)."""
    pressed = view.SendClosing.parse(data)
    kept = (draft or {}).get(ROUNDS) or []
    return pressed is not None and [pressed.slot_id, pressed.day.isoformat()] in kept


async def close_named(
    update: Update, context: ContextTypes.DEFAULT_TYPE, draft: dict[str, Any]
) -> None:
    """Close each round the notice calls off, as the station's 🚫 does: its farmers are told,
    with the notice's words as the reason, and may book another time."""
    reason = closing_reason(draft.get("text", ""))
    # One message for a farmer booked there: the notice's whole words and what becomes of
    # their booking; the notice itself is not sent them again (blind walk: the same words
    # twice). Marked with the draft's id, which the broadcast keeps.
    notice = (" ".join(draft.get("text", "").split()), told_occasion(str(draft.get("id", ""))))
    for slot_id, day in draft.get(ROUNDS) or []:
        await slots.close_round(
            update,
            context,
            int(slot_id),
            date.fromisoformat(day),
            reason,
            answered=True,
            notice=notice if draft.get("id") else None,
        )


def closing_reason(text: str) -> str:
    """The notice's words as the farmers' closing reason, within the reason's length."""
    said = " ".join(text.split())
    if len(said) <= slots.MAX_REASON:
        return said
    return said[: slots.MAX_REASON - 1] + "…"


async def closing_elsewhere(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ "📢 发送，并关闭这一轮" pressed outside the composer: refused unless the presser runs
    the round's station; for them, the draft is gone (nothing is sent or closed)."""
    query, user = await press(update, context)
    pressed = view.SendClosing.parse(query.data)
    if pressed is None:
        return
    async with session_scope() as session:
        slot = await session.get(Slot, pressed.slot_id)
        station = slot.station_id if slot is not None else None
    if not await require(update, user, Role.staff, station_id=station):
        return
    await query.answer(t(user.language, "broadcasts.expired"), show_alert=True)


async def draft_expired(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A composer button pressed after the conversation ended (done, dropped or timed out)."""
    query, user = await press(update, context)
    await query.answer(t(user.language, "broadcasts.expired"), show_alert=True)
