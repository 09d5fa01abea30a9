"""Questions for the knowledge base, and the way to a person when it has no answer.

Farmers: free text → answer / did-you-mean / offer to ask the station; photos
go to the station (the offer, forwarding and additions: handlers/ask_forward.py).
The search itself, and the engine kept loaded: handlers/ask_search.py. Staff answer in
handlers/staff_questions.py.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from functools import partial

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import ContextTypes, ConversationHandler

from bot.core.clock import utcnow
from bot.core.db import session_scope
from bot.core.i18n import all_labels, t
from bot.models.knowledge import OpenQuestion, QuestionStatus
from bot.models.users import Role, User
from handlers import asked, just_answered, just_asked, not_helped, photo_words, render, roles
from handlers.ask_forward import offer_to_forward, say_added, tell_staff_more
from handlers.ask_search import Found, look_up, opening
from handlers.common import incoming, press, register_visitor, settings_of
from handlers.render import knowledge as view
from handlers.routing import LONG_MESSAGE_CHARS, intent_of
from knowledge.kb import follow_ups, offers, photo_captions, phrasings, questions
from knowledge.kb.follow_ups import Relation
from knowledge.kb.repository import get_entries
from knowledge.kb.threads import MAX_TEXT
from knowledge.text.intent import Kind

# Longer than this, a message tells a whole situation: searched whole and by its opening,
# and offered to the station whole (up to MAX_TEXT, what one question holds). No feature
# claims such a message (handlers/routing.py).
MAX_QUESTION_CHARS = LONG_MESSAGE_CHARS

# The whole message a clause answered alone came from (handlers/multiask.py): a question
# recorded for the station is that message, not its last clause (圣城站收不收生猪啊，26公里太远了
# reached staff as 「26公里太远了」: staff busy-day walk). None for a message answered whole.
WHOLE_MESSAGE: ContextVar[str | None] = ContextVar("whole_message", default=None)

# Intents whose features answer elsewhere; until a feature is registered, its
# intent reaches this module and is told the feature is coming (never a wrong
# knowledge entry).
FEATURE_KEYS = {
    Kind.price: "kb.feature_price",
    Kind.demand: "kb.feature_demand",
    Kind.supply: "kb.feature_supply",
    Kind.booking: "kb.feature_booking",
    Kind.my_bookings: "kb.feature_my_bookings",
    Kind.my_offers: "kb.feature_my_offers",
    Kind.station: "kb.feature_station",
    Kind.subscribe: "kb.feature_subscribe",
    Kind.unsubscribe: "kb.feature_unsubscribe",
    Kind.alert_edit: "kb.feature_alert_edit",
}


async def question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any text no feature claimed: greet, point to a coming feature, or search the base."""
    message = update.effective_message
    if message is None or not message.text:
        return
    user = await register_visitor(update, context)
    lang = user.language
    text = message.text.strip()
    if text in all_labels("menu.ask"):
        await message.reply_text(t(lang, "kb.ask_prompt"))
        return
    if len(text) > MAX_QUESTION_CHARS:
        # 4,000 emoji or a hand on the keyboard: nothing to search or to send staff.
        if not follow_ups.readable(text):
            await message.reply_text(
                t(lang, "fallback.too_long"), reply_markup=render.main_menu(lang, user.role)
            )
            return
        # A whole situation told at once: searched, and offered to the station whole.
        if len(text) <= MAX_TEXT:
            await _answer(update, context, user, text, long=True)
        else:
            await _too_long(update, user, text)
        return
    if await not_helped.handled(update, context, user, text):
        return  # 还是不行 right after an answer: the question first asked goes to a person
    intent = intent_of(text)
    kind = intent.kind
    if (
        kind is Kind.chatter
        and photo_words.just_after_photo(context, user)
        and photo_captions.describes(text)
    ):
        # 这是啥病, 咋办 right after a photo ask about the photo: no small talk.
        await _answer(update, context, user, text)
        return
    if kind is Kind.chatter:
        # Small talk is not a question for the station: a friendly word and the menu.
        topic = intent.extras.get("topic", "noise")
        # "咋办" or "明天" soon after a forward is about that question: staff should see it.
        if topic in ("vague", "day") and await _joined_forwarded(update, context, user, text):
            return
        if topic == "decline":
            # 不用了 typed to "send it to the station?": the question is kept, as with the
            # button, so a photo or voice sent next is a question of its own.
            async with session_scope() as session:
                await offers.keep_waiting(session, user, utcnow())
        menu = render.main_menu(lang, user.role)
        # "帮助" / "help" typed as a word gets the help itself, with the role's commands.
        text = await roles.help_text(user) if topic == "help" else t(lang, f"kb.chatter.{topic}")
        await message.reply_text(text, reply_markup=menu)
        return
    if kind is Kind.greeting:
        await message.reply_text(
            t(lang, "kb.greeting", name=user.name), reply_markup=render.main_menu(lang, user.role)
        )
        return
    if kind is Kind.thanks:
        await message.reply_text(t(lang, "kb.thanks"))
        return
    if kind in FEATURE_KEYS:
        await message.reply_text(t(lang, "kb.coming", feature=t(lang, FEATURE_KEYS[kind])))
        return
    await _answer(update, context, user, text)


async def _answer(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    user: User,
    text: str,
    *,
    long: bool = False,
) -> None:
    message = update.effective_message
    assert message is not None
    lang = user.language
    recorded = None
    declined: tuple[str, InlineKeyboardMarkup] | None = None
    unsure: OpenQuestion | None = None  # the forwarded question it may be more of
    acknowledged = False  # taking in the answer the farmer just got
    unseen = False  # words asking about a photo that say nothing of it (这是啥病)
    async with session_scope() as session:
        found = await look_up(session, text, long=long)
        # Right after a photo went without words, the bot asked what it shows: this is it.
        follow_up = await _describe_photo(session, user, text, message.message_id)
        shown = (
            None if follow_up is not None else await photo_words.join(session, context, user, text)
        )
        if follow_up is not None or shown is not None:
            # FarmHub cannot see the photo: the farmer is asked what it shows, and the
            # answer (the next message) goes with the photo too.
            unseen = photo_captions.needs_details(text)
            sent = follow_up if shown is None else shown
            about = sent if isinstance(sent, OpenQuestion) else sent.question if sent else None
            if unseen and about is not None:
                just_asked.shown(update, context, about.id)
        if isinstance(shown, questions.Recipients):
            follow_up = shown
            await tell_staff_more(session, shown, user, text, message.message_id)
        elif shown is not None:
            # Words about the photo just sent with a question not forwarded yet: one question.
            just_asked.remember(update, context, shown.id)
            recorded = shown
            if unseen or not (found.answered or found.suggested):
                key = "kb.photo_unseen" if unseen else "kb.words_joined"
                declined = await offer_to_forward(session, user, key, shown.id)
            # Else the base's answer (or entries) for 西红柿叶子发黄怎么办: its "问服务站"
            # sends the photo's question, the words with it.
        if (
            shown is None
            and follow_up is None
            and user.role is Role.farmer
            and follow_ups.readable(text)
        ):
            # Soon after a forward: more of the same problem ("两天了") joins that question;
            # a request or a question of its own (one the base answers) is answered as
            # usual; when unclear, ask (knowledge/kb/follow_ups.py has the rule).
            # Keys mashed at random (asdfghjkl) are nothing staff could read: not joined.
            target = await questions.latest_thread(session, user, utcnow())
            if target is not None and target.status is not QuestionStatus.open:
                # Just answered: what comes now replies to that answer, never more of an
                # older question; 好的，明天上午我带过去 asks nothing: a short reply.
                acknowledged = follow_ups.acknowledges(text) and not follow_ups.asks(text)
                target = None
            # Pinyin is judged as the search read it (ji wen zen me zhi: 鸡瘟怎么治).
            said = found.read or text
            reading = (
                follow_ups.relation(
                    said, target.text, answered=found.answered, suggested=found.suggested
                )
                if target is not None
                else None
            )
            if reading is not None and reading.relation is Relation.more:
                follow_up = await _add_to_forwarded(session, user, text, message.message_id)
            elif reading is not None and reading.relation is Relation.unsure:
                unsure = target
        # 确认, 对, ok: a yes to what was said, never a question nor more of one.
        yes = follow_ups.mere_yes(text) and not acknowledged
        acknowledged = (acknowledged or yes) and not found.answered
        if shown is None and not found.answered and follow_up is None and not acknowledged:
            recorded = await questions.record(session, user, WHOLE_MESSAGE.get() or text)
            just_asked.remember(update, context, recorded.id)  # a voice or photo next is more
            if unsure is None and not found.suggested and user.role is Role.farmer:
                key = "kb.long_declined" if long else "kb.declined"
                declined = await offer_to_forward(session, user, key, recorded.id)
    if shown is not None and declined is not None:
        await message.reply_text(declined[0], reply_markup=declined[1])
        return
    if acknowledged:
        key = "kb.chatter.ok" if yes else "kb.after_answer"
        await message.reply_text(
            t(lang, key), reply_markup=render.main_menu(lang, user.role) if yes else None
        )
        return
    if follow_up is not None:
        await say_added(message, context, user, follow_up.question)
        if unseen:
            # Entries found for 这是啥病 would be anybody's: ask what the photo shows instead.
            await message.reply_text(t(lang, "kb.photo_unseen_sent"))
        elif found.entries:  # the station has it; the base may help meanwhile
            keyboard = view.suggestions(found.entries, 0, lang, forward=False)
            await message.reply_text(t(lang, "kb.meanwhile"), reply_markup=keyboard)
        return
    if unsure is not None:
        assert recorded is not None
        asking, keyboard = view.join_or_new(unsure, recorded, lang, settings_of(context).tz)
        await message.reply_text(asking, reply_markup=keyboard)
        return
    await respond(Out.of(message), context, user, text, found, recorded, declined)


@dataclass(frozen=True)
class Out:
    """Where the answer goes: a reply to the farmer's message, or into the chat of a button."""

    text: Callable[..., Awaitable[Message]]
    photo: Callable[..., Awaitable[Message]]

    @classmethod
    def of(cls, message: Message) -> Out:
        """Replies to `message`."""
        return cls(message.reply_text, message.reply_photo)

    @classmethod
    def to_chat(cls, context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> Out:
        """Messages into chat `chat_id` (after a button press)."""
        return cls(
            partial(context.bot.send_message, chat_id), partial(context.bot.send_photo, chat_id)
        )


async def asks_whom(user: User) -> offers.Destination:
    """Whom "🙋 问服务站" under an answer would ask: the farmer's station, or the county's
    admins (no station yet, or nobody at it uses FarmHub), as its label says (blind test);
    staff and admins, whom questions go to, nobody: no offer under their answers."""
    if user.role is not Role.farmer:
        return offers.Destination.nobody
    if user.station_id is None:
        return offers.Destination.no_station
    async with session_scope() as session:
        return await offers.destination(session, user)


async def respond(
    out: Out,
    context: ContextTypes.DEFAULT_TYPE,
    user: User,
    text: str,
    found: Found,
    recorded: OpenQuestion | None,
    declined: tuple[str, InlineKeyboardMarkup] | None,
) -> None:
    """Send what the base has for `text`: its answer, the entries to pick from, or (nothing)
    the offer to forward the question `recorded`."""
    lang = user.language
    if found.answered:
        entry = found.entries[0]
        where = await asks_whom(user)
        if view.chinese_only(entry, lang):
            # No English version: said so, and the Chinese answer is one tap away.
            offer, keyboard = view.chinese_offer(entry, lang, where)
            sent = await out.text(offer, reply_markup=keyboard)
        else:
            answer = view.answer_text(entry, lang, where)
            sent = await out.text(answer, reply_markup=view.answer_keyboard(entry, lang, where))
        # "没解决？问服务站" under it sends the station these words.
        asked.remember(
            context, sent.message_id, WHOLE_MESSAGE.get() or text, recorded.id if recorded else 0
        )
        seen = view.heading_question(entry, lang)  # 还是不行 next: this did not help
        just_answered.remember(context, text, recorded.id if recorded else 0, [entry], [seen])
        if entry.photo and not view.chinese_only(entry, lang):
            await out.photo(entry.photo)
    elif found.suggested:
        assert recorded is not None
        # "都不是，问服务站" (or 问县里) says whom it asks, as the button under an answer;
        # staff and admins get the entries only.
        where = await asks_whom(user)
        keyboard = view.suggestions(
            found.entries,
            recorded.id,
            lang,
            where=where,
            long=found.long,
            forward=where is not offers.Destination.nobody,
        )
        await out.text(
            t(lang, "kb.long_found" if found.long else "kb.did_you_mean"), reply_markup=keyboard
        )
        titles = [view.heading_question(e, lang) for e in found.entries]  # 都不是 next
        just_answered.remember(context, text, recorded.id, found.entries, titles, suggested=True)
    elif user.role is not Role.farmer:
        # Staff and admins are whom a question is forwarded to: no offer to ask
        # themselves. What they typed is often a notice meant for farmers.
        await out.text(t(lang, f"kb.declined_{user.role.value}"))
    else:
        assert declined is not None
        await out.text(declined[0], reply_markup=declined[1])


async def _too_long(update: Update, user: User, text: str) -> None:
    """A message longer than a question can hold: not searched; its first part is offered to
    the station (staff and admins are told to say it shorter)."""
    message = update.effective_message
    assert message is not None
    lang = user.language
    if user.role is not Role.farmer:
        await message.reply_text(
            t(lang, "fallback.too_long"), reply_markup=render.main_menu(lang, user.role)
        )
        return
    kept = opening(text, MAX_TEXT - 1)
    async with session_scope() as session:
        recorded = await questions.record(session, user, kept)
        said, keyboard = await offer_to_forward(
            session, user, "kb.too_long", recorded.id, length=len(text), kept=len(kept)
        )
    await message.reply_text(said, reply_markup=keyboard)


async def _describe_photo(
    session: AsyncSession, user: User, text: str, message_id: int
) -> questions.Recipients | None:
    """Add `text` to the farmer's photo forwarded without words, if there is one from the last
    few minutes and `text` plausibly describes it, and tell its staff."""
    if user.role is not Role.farmer or not photo_captions.describes(text):
        return None  # 确认, ok, 我想贷款: no words about the photo
    now = utcnow()
    bare = await questions.undescribed_photo(session, user, now, view.wordless())
    if bare is None or bare.asked_at < now - photo_captions.CAPTION_WINDOW:
        return None  # long after the photo: a question of its own
    more = await questions.add_details(session, user, bare.id, text)
    if more is not None:
        await tell_staff_more(session, more, user, text, message_id)
    return more


async def _joined_forwarded(
    update: Update, context: ContextTypes.DEFAULT_TYPE, user: User, text: str
) -> bool:
    """Add `text` to the farmer's recent forwarded question, if any, and say so."""
    message = update.effective_message
    assert message is not None
    async with session_scope() as session:
        follow_up = await _add_to_forwarded(session, user, text, message.message_id)
    if follow_up is None:
        return False
    await say_added(message, context, user, follow_up.question)
    return True


async def _add_to_forwarded(
    session: AsyncSession, user: User, text: str, message_id: int, photo: str | None = None
) -> questions.Recipients | None:
    """Join `text` (and a photo) to the farmer's recent forwarded question and tell its
    staff; None if there is none."""
    follow_up = await questions.add_follow_up(session, user, text, utcnow(), photo=photo)
    if follow_up is not None:
        await tell_staff_more(session, follow_up, user, text, message_id, photo)
    return follow_up


async def show_entry(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A did-you-mean button: show that entry's answer."""
    query, user = await press(update, context)
    pressed = view.ShowEntry.parse(query.data)
    if pressed is None:
        return
    entry_id = pressed.entry_id
    asked_text = None
    async with session_scope() as session:
        entry = (await get_entries(session, [entry_id])).get(entry_id)
        if entry is not None and pressed.question_id:
            asked_text = await _learn_phrasing(session, user, pressed.question_id, entry_id)
    if entry is None:
        await query.answer(t(user.language, "kb.entry_gone"), show_alert=True)
        return
    await query.answer()
    if query.message is not None:
        lang = user.language
        where = await asks_whom(user)
        text, keyboard = (
            view.chinese_offer(entry, lang, where)
            if view.chinese_only(entry, lang)
            else (view.answer_text(entry, lang, where), view.answer_keyboard(entry, lang, where))
        )
        sent = await context.bot.send_message(query.message.chat.id, text, reply_markup=keyboard)
        if asked_text is not None:  # "问服务站" under it forwards the question recorded
            asked.remember(context, sent.message_id, asked_text, pressed.question_id)
            seen = [view.heading_question(entry, lang)]
            just_answered.remember(context, asked_text, pressed.question_id, [entry], seen)


async def show_chinese(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ "Show the Chinese answer" under an English-mode offer: the entry as the base has it."""
    query, user = await press(update, context)
    pressed = view.ShowChinese.parse(query.data)
    entry_id = pressed.entry_id if pressed is not None else ""
    async with session_scope() as session:
        entry = (await get_entries(session, [entry_id])).get(entry_id) if entry_id else None
    if entry is None:
        await query.answer(t(user.language, "kb.entry_gone"), show_alert=True)
        return
    await query.answer()
    if query.message is not None:
        where = await asks_whom(user)
        sent = await context.bot.send_message(
            query.message.chat.id,
            view.chinese_answer_text(entry, user.language, where),
            reply_markup=view.answer_keyboard(entry, user.language, where),
        )
        # What was asked for the offer is what its Chinese answer's "问服务站" sends.
        before = asked.recall(context, query.message.message_id)
        if before is not None:
            asked.remember(context, sent.message_id, before.text, before.question_id)


async def _learn_phrasing(
    session: AsyncSession, user: User, question_id: int, entry_id: str
) -> str | None:
    """Propose the farmer's words as a phrasing of the entry; returns their words."""
    # The farmer's own words led to this entry: an admin may add them as one of
    # its phrasings (`farmhub kb phrasings`), so the next farmer gets an answer.
    question = await session.get(OpenQuestion, question_id)
    if question is None or question.farmer_id != user.telegram_id:
        return None
    await phrasings.propose_phrasing(session, entry_id, question.text, source="suggestion")
    return question.text


async def photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A photo of a crop: more for a forwarded question, or a new one to send to the station."""
    message, user = await incoming(update, context)
    if not message.photo:
        return
    lang = user.language
    if user.role is not Role.farmer:
        # Staff answer with the ✍️ button: their photo is no question for their own station.
        await message.reply_text(t(lang, "questions.staff_photo"))
        return
    caption = (message.caption or "").strip()
    photo_id = message.photo[-1].file_id
    async with session_scope() as session:
        # Soon after a forward, a photo (这是啥病) shows the station the same problem.
        added = caption or t(lang, "questions.photo_added")
        # Right after a question not forwarded yet, the photo shows that question (the
        # newest thing the farmer said, before an older forward).
        shown = (
            await questions.add_photo_to_recorded(session, user, photo_id, caption, utcnow())
            if just_asked.question(context) is not None
            else None
        )
        more = None
        if shown is None:
            more = await _add_to_forwarded(session, user, added, message.message_id, photo_id)
        if more is None:
            text = caption or t(lang, "questions.photo_question")
            recorded = shown or await questions.record(session, user, text, photo_file_id=photo_id)
            just_asked.remember(update, context, recorded.id)  # a voice next is more of it
            received = "kb.photo_joined" if shown is not None else "kb.photo_received"
            said, keyboard = await offer_to_forward(session, user, received, recorded.id)
    # Words right after it about it (这是俺家蒜叶子 发黄尖干) go with it too.
    just_asked.shown(update, context, more.question.id if more is not None else recorded.id)
    if more is not None:
        await say_added(message, context, user, more.question)
        return
    await message.reply_text(said, reply_markup=keyboard)


async def cancel_reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """/cancel while answering or describing."""
    (context.user_data or {}).pop("answering", None)
    user = await register_visitor(update, context)
    if update.effective_message is not None:
        await update.effective_message.reply_text(t(user.language, "questions.cancelled"))
    return ConversationHandler.END
