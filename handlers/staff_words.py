"""Station staff asking in words of their own station (sandbox walk: they got farmers' answers).

明天谁来送货 shows that day's pickups as /pickups does, 我们站几点开门 the station's hours
and collection times, 明天下午重新开放 offers the closed round's own "↩️ 重新开放" button
(pressing it is the confirmation, and the one code path: handlers/bookings/slots.py), and
撤回第二条 / 撤回刚才那条 offers the notice's own ❌ of /broadcasts (handlers/broadcasts/
manage.py), or says it went out already, and 通知送到了吗 (did my notice arrive) says how the
newest notice went, as its 📊 does, and 回复23 明天上午来拿药 answers forwarded question
#23 as its ✍️ button and the typed answer do (handlers/staff_questions.py). Closing a round
in words is the closing conversation's (handlers/bookings/slots.py). The words are read by
knowledge.text.staff_words; only station staff's words are routed here (handlers/senders.py),
before the farmers' features, so 明天有哪些预约 is their station's list and not a booking of
their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from functools import lru_cache

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import ContextTypes, filters

from bot.bookings import county as county_day
from bot.bookings import queries
from bot.bookings.county import DayLoad
from bot.bookings.model import BookingView, SlotPickups
from bot.broadcasts import service as broadcasts
from bot.broadcasts import text as notice_words
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.markets.supply import open_offers
from bot.models.broadcasts import BroadcastStatus
from bot.models.stations import BookingStatus
from bot.models.users import Role, User
from bot.stations.catalogue import StationInfo, get_station
from bot.users import may
from handlers import ask, pending, staff_offers, staff_questions
from handlers.bookings import county
from handlers.bookings import marks as booking_marks
from handlers.bookings.base import now_of
from handlers.bookings.pickups import show_pickups
from handlers.broadcasts import manage
from handlers.common import register_visitor, settings_of
from handlers.render import bookings as view
from handlers.render import broadcasts as broadcasts_view
from handlers.render import county as county_view
from handlers.render import rounds
from handlers.render.rounds import who_text
from handlers.routing import LONG_MESSAGE_CHARS, menu_intent
from knowledge.kb import staff_answers
from knowledge.text.dates import said_day
from knowledge.text.english import name_label
from knowledge.text.staff_words import StaffAsk, StaffWords, as_typed, staff_words

# How far back "撤回第二条" counts: the newest notices /broadcasts lists.
RECENT_NOTICES = 10


@lru_cache(maxsize=512)
def _errand(text: str) -> StaffWords | None:
    # Closing a round is the closing conversation's (handlers/bookings/slots.py).
    said = staff_words(text)
    return None if said is None or said.ask is StaffAsk.close else said


class StaffErrand(filters.MessageFilter):
    """Text that, from station staff, asks something of their station (明天谁来送货). Routed
    before the farmers' features (明天有哪些预约 is no booking of theirs): only staff's."""

    def filter(self, message: Message) -> bool:
        """True for such a text (not a command, not a menu button)."""
        text = message.text
        if not text or text.startswith("/") or menu_intent(text) is not None:
            return False
        errand = _errand(text)
        if errand is None:
            return False
        # An answer (回复23 …) may be long; anything else that long is no errand.
        answers = (StaffAsk.reply, StaffAsk.reply_unread)
        return errand.ask in answers or len(text.strip()) <= LONG_MESSAGE_CHARS


# The asks an admin with no station of their own makes of the county (handlers/bookings/county.py),
# and 回复13 … answering a question forwarded to the county (blind test: it was searched in the
# knowledge base, the answer never sent).
_COUNTY_ASKS = (StaffAsk.overview, StaffAsk.pickups, StaffAsk.reply, StaffAsk.reply_unread)


class CountyErrand(StaffErrand):
    """Staff words an admin makes of the whole county: 今天有啥事, 明天谁来送货, 回复13 …."""

    def filter(self, message: Message) -> bool:
        """True for such a text (the admin's sender is checked by the handler)."""
        errand = _errand(message.text or "")
        return errand is not None and errand.ask in _COUNTY_ASKS and super().filter(message)


async def county_errand(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """今天有啥事 from an admin with no station: the county's day; 明天谁来送货 the stations;
    回复13 … the answer to question #13 (one forwarded to the county), as staff's is."""
    user = await register_visitor(update, context)
    message = update.effective_message
    errand = _errand(message.text or "") if message is not None else None
    if message is not None and errand is not None and errand.question is not None:
        # Never a knowledge search: a number not theirs is said so (handlers/staff_questions.py).
        if errand.ask is StaffAsk.reply_unread:
            await message.reply_text(_reply_how(user.language, message.text or "", errand))
        else:
            await staff_questions.answer_said(
                message, user, errand.question, errand.answer, context
            )
    elif message is None or errand is None or not county.sees_county(user):
        await ask.question(update, context)
    elif errand.ask is StaffAsk.overview:
        await county.overview(message, user, context)
    else:
        await county.pick_station(message, user, context)


def _staff(user: User) -> bool:
    return user.station_id is not None and may(user, Role.staff, user.station_id)


async def staff_errand(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Staff words of their station answered for their station; anyone else's as a question."""
    user = await register_visitor(update, context)
    if not await _answered_for_staff(update, context, user):
        await ask.question(update, context)


async def _answered_for_staff(
    update: Update, context: ContextTypes.DEFAULT_TYPE, user: User
) -> bool:
    """Answer staff words of the station this user runs; False when they are not that."""
    message = update.effective_message
    errand = _errand(message.text or "") if message is not None else None
    if message is None or errand is None or not _staff(user):
        return False
    text, today = message.text or "", now_of(context).date()
    # 明添谁来, jintian shei lai: the day as meant (knowledge/text/staff_words.py).
    said = said_day(as_typed(text), today)
    if errand.ask is StaffAsk.pickups:
        days = [said.day] if said.day else [today, today + timedelta(days=1)]
        await show_pickups(update, context, days)
    elif errand.ask is StaffAsk.hours:
        await message.reply_text(await _hours(user, today))
    elif errand.ask is StaffAsk.reopen:
        reply, keyboard = await _reopen(user, said.day or today, said.part, today)
        await message.reply_text(reply, reply_markup=keyboard)
    elif errand.ask is StaffAsk.delivered:
        report = await _newest_report(user)
        await message.reply_text(report or t(user.language, "bookings.staff.no_notice_yet"))
    elif errand.ask is StaffAsk.overview:
        await message.reply_text(await _overview(user, now_of(context)))
    elif errand.ask is StaffAsk.collected:
        await message.reply_text(await _collected(user, today))
    elif errand.ask is StaffAsk.questions:
        await staff_questions.list_questions(update, context)  # as /questions
    elif errand.ask is StaffAsk.offers:
        await staff_offers.offers_command(update, context)  # as /offers
    elif errand.ask is StaffAsk.mark and errand.marked is not None:
        await booking_marks.marked(update, context, message, user, errand.marked)
    elif errand.ask is StaffAsk.reply_unread:
        await message.reply_text(_reply_how(user.language, text, errand))
    elif errand.ask is StaffAsk.reply and errand.question is not None:
        # As the question's ✍️ button and the typed answer (handlers/staff_questions.py).
        await staff_questions.answer_said(message, user, errand.question, errand.answer, context)
    else:
        await _ask_withdraw(update, context, message, user, errand)
    return True


def _reply_how(lang: str, text: str, errand: StaffWords) -> str:
    """回fu8 …: not understood, the answer not sent, and how to send it (回复8 …)."""
    verb = re.match(r"^\D*", text.strip())
    return t(
        lang,
        "questions.words_unread",
        verb=(verb.group(0) if verb else "").strip(),
        id=errand.question,
        answer=errand.answer,
    )


async def _ask_withdraw(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    message: Message,
    user: User,
    said: StaffWords,
) -> None:
    """撤回这条通知？ (or why not) sent; a typed 对 / 不 then takes that message's ❌ off."""
    reply, keyboard = await _withdraw(update, user, said, context)
    sent = await message.reply_text(reply, reply_markup=keyboard)
    if keyboard is not None:  # asked before it was sent: the message known only now
        pending.shown(context, sent)


async def withdraw_again(
    update: Update, context: ContextTypes.DEFAULT_TYPE, user: User, data: object
) -> None:
    """撤回这条通知？ asked again in `user`'s language (after "English please"): the same
    notice, by its number, its ❌ open again (handlers/pending.py)."""
    message = update.effective_message
    pressed = broadcasts_view.CancelBroadcast.parse(data) if isinstance(data, str) else None
    if message is None or pressed is None or not _staff(user):
        return
    said = StaffWords(StaffAsk.withdraw, notice=pressed.broadcast_id)
    await _ask_withdraw(update, context, message, user, said)


def _says(text: str, words: str) -> bool:
    """Whether a notice's text says `words` (停电 in 明天上午停电; 明天停电 too: each two
    characters of them in it)."""
    text, words = text.lower(), words.lower()
    if words in text:
        return True
    if words.isascii():
        return all(w in text for w in words.split())
    pairs = [words[i : i + 2] for i in range(len(words) - 1)]
    return bool(pairs) and all(p in text for p in pairs)


async def _station_today(user: User, today: date) -> tuple[StationInfo | None, list[SlotPickups]]:
    """The staff member's station and its rounds of `today` (None when it is gone)."""
    assert user.station_id is not None
    async with session_scope() as session:
        station = await get_station(session, user.station_id)
        return station, await queries.station_pickups(session, user.station_id, [today])


async def _hours(user: User, today: date) -> str:
    lang = user.language
    station, rounds_of = await _station_today(user, today)
    if station is None:
        return t(lang, "guard.no_station")
    windows = dict.fromkeys("-".join(view.window(p.starts, p.ends)) for p in rounds_of)
    opens, closes = view.window(station.open_from, station.open_to)
    slots = ", ".join(windows) if windows else t(lang, "bookings.staff.hours_no_slots")
    name = name_label(lang, station.name)
    return t(lang, "bookings.staff.hours", station=name, opens=opens, closes=closes, slots=slots)


async def _overview(user: User, now: datetime) -> str:
    """The station's day at a glance: pickups today (still to come, and collected) and
    tomorrow (from the afternoon on, tomorrow's first), questions and listings waiting."""
    assert user.station_id is not None
    lang, today = user.language, now.date()
    tomorrow = today + timedelta(days=1)
    async with session_scope() as session:
        station = await get_station(session, user.station_id)
        rounds_of = await queries.station_pickups(session, user.station_id, [today, tomorrow])
        waiting = await staff_answers.open_for(session, user)
        _, offers = await open_offers(session, user)
    if station is None:
        return t(lang, "guard.no_station")
    of_today = [p for p in rounds_of if p.day == today]
    # Still to come only: not one collected (early, too) or a no-show (bot/bookings/county.py).
    due = [p for p in rounds_of if p.day == tomorrow and not p.closed and _pending(p.bookings)]
    load = _load([b for p in due for b in _pending(p.bookings)])
    starts = min((p.starts for p in due), default=None)
    first, later = county_view.tomorrow_line(lang, load, starts, now.time())
    shut = sum(1 for p in of_today if p.closed)
    today_load = _load([b for p in of_today if not p.closed for b in _pending(p.bookings)])
    return t(
        lang,
        "bookings.staff.overview",
        station=name_label(lang, station.name),
        date=view.date_label(lang, today, today),
        first=first,
        tomorrow=later,
        today=county_view.today_count(lang, today_load.count, today_load.farmers),
        closed=t(lang, "bookings.staff.overview_closed", count=shut) if shut else "",
        # What came in today, as 今天收了多少 adds it up (blind walk: 待收货：没有 and nothing
        # of the 5 pickups weighed).
        collected=county_view.collected_total(
            lang, "bookings.staff.overview_collected", [b for p in of_today for b in p.bookings]
        ),
        questions=waiting.total,
        offers=offers,
    )


async def _collected(user: User, today: date) -> str:
    """今天收了多少: what the station collected today, weighed, by product, and still to come."""
    lang = user.language
    station, rounds_of = await _station_today(user, today)
    if station is None:
        return t(lang, "guard.no_station")
    booked = [b for p in rounds_of for b in p.bookings]
    done = [b for b in booked if b.status is BookingStatus.collected]
    # Still to come: booked, in a round still open (a closed round's bookings rebook).
    due = _load([b for p in rounds_of if not p.closed for b in _pending(p.bookings)])
    return county_view.collected_text(
        lang, name_label(lang, station.name), view.date_label(lang, today, today), done, due
    )


def _pending(bookings: Iterable[BookingView]) -> list[BookingView]:
    """The bookings still to come: booked, not collected, no-show or cancelled."""
    return [b for b in bookings if b.status is county_day.PENDING]


def _load(bookings: Sequence[BookingView]) -> DayLoad:
    """Bookings counted as 单 and their farmers as 户 (one farmer's two bookings: one 户)."""
    return DayLoad(
        len(bookings), sum(b.quantity_kg for b in bookings), len({b.farmer_id for b in bookings})
    )


async def _newest_report(user: User) -> str | None:
    """How the station's newest notice went (送到了吗 right after sending it); None: none."""
    async with session_scope() as session:
        recent = await broadcasts.listing(session, user.station_id, limit=1)
        if not recent:
            return None
        run = await broadcasts.run_of(session, recent[0])
    return notice_words.report(user.language, recent[0], run)


async def _reopen(
    user: User, day: date, part: str | None, today: date
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The closed round(s) of the day (and part) said, each with its own reopen button."""
    assert user.station_id is not None
    lang = user.language
    async with session_scope() as session:
        found = await queries.station_pickups(session, user.station_id, [day])
    closed = [p for p in found if p.closed and rounds.in_part(p, part)]
    label = view.date_label(lang, day, today)
    if not closed:
        said_part = t(lang, f"bookings.staff.part_{part}") if part else ""
        return t(lang, "bookings.staff.reopen_none", date=label, part=said_part), None
    buttons = [
        [rounds.reopen_button(lang, p.slot_id, day, *view.window(p.starts, p.ends), today)]
        for p in closed
    ]
    if len(closed) > 1:
        return t(lang, "bookings.staff.reopen_which", date=label), InlineKeyboardMarkup(buttons)
    (one,) = closed
    starts, ends = view.window(one.starts, one.ends)
    booked = t(lang, "bookings.staff.reopen_who", who=who_text(lang, one.bookings))
    ask_text = t(
        lang,
        "bookings.staff.reopen_ask",
        date=label,
        starts=starts,
        ends=ends,
        who=booked if one.bookings else "",
    )
    return ask_text, InlineKeyboardMarkup(buttons)


async def _withdraw(
    update: Update, user: User, said: StaffWords, context: ContextTypes.DEFAULT_TYPE
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The notice meant: by its number (撤回1号通知: #1), else the nth in /broadcasts' list
    (newest first; which one that is said first); its ❌ when scheduled, else why it cannot be."""
    lang, nth, picked = user.language, said.nth, ""
    async with session_scope() as session:
        recent = await broadcasts.listing(session, user.station_id, limit=RECENT_NOTICES)
        name = await broadcasts.station_name(session, user.station_id)
        numbered = await broadcasts.get(session, said.notice) if said.notice else None
    if said.words:
        # 停电那个通知撤回: the newest notice whose text says it.
        found = next((bc for bc in recent if _says(bc.text, said.words)), None)
        if found is None:
            return t(lang, "broadcasts.withdraw_no_words", words=said.words), None
        bc = found
    elif said.notice is not None:
        # Only the station's own notice: another station's number is none of theirs.
        if numbered is None or numbered.station_id != user.station_id:
            return t(lang, "broadcasts.withdraw_no_number", id=said.notice), None
        bc = numbered
    else:
        if not recent:
            return t(lang, "broadcasts.list_empty"), None
        if nth > len(recent):
            return t(lang, "broadcasts.withdraw_none", n=nth, count=len(recent)), None
        bc = recent[nth - 1]
        # 撤回第一条 may mean #1: which one was taken is said, by its number and text.
        if said.counted:
            picked = t(lang, "broadcasts.withdraw_picked", n=nth, id=bc.id) + "\n"
    async with session_scope() as session:
        status = broadcasts.state_of(bc, await broadcasts.run_of(session, bc))
    tz = settings_of(context).tz
    shown = {
        "id": bc.id,
        "text": notice_words.shown(lang, bc),
        "when": notice_words.local_time(bc.send_at, tz),
        "audience": notice_words.audience_label(lang, bc, name),
        "status": notice_words.status_label(lang, status),
    }
    if status is BroadcastStatus.scheduled:
        keyboard = InlineKeyboardMarkup([[broadcasts_view.cancel_button(lang, bc.id)]])
        # 对 / 确认 / yes typed next is that ❌ (handlers/pending).
        manage.WITHDRAW.ask(update, context, broadcasts_view.CancelBroadcast(bc.id).encode())
        return picked + t(lang, "broadcasts.withdraw_ask", **shown), keyboard
    if status is BroadcastStatus.cancelled:
        return picked + t(lang, "broadcasts.withdraw_cancelled", **shown), None
    return picked + t(lang, "broadcasts.withdraw_sent", **shown), None
