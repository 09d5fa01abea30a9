"""Questions for the knowledge base, and the way to a person when it has no answer.

Farmers: free text → answer / did-you-mean / offer to ask the station; photos
go to the station (the offer, forwarding and additions: handlers/ask_forward.py).
Staff answer in handlers/staff_questions.py.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes, ConversationHandler

from bot.core.clock import utcnow
from bot.core.db import session_scope
from bot.core.i18n import all_labels, t
from bot.models.knowledge import OpenQuestion
from bot.models.users import Role, User
from handlers import asked, render
from handlers.ask_forward import offer_to_forward, say_added, tell_staff_more
from handlers.common import incoming, press, register_visitor
from handlers.render import knowledge as view
from handlers.render.roles import help_text
from handlers.routing import intent_of
from knowledge.kb import offers, phrasings, questions
from knowledge.kb.repository import ensure_loaded, get_entries, sync, sync_all
from knowledge.kb.search import Decision, KnowledgeSearch, engine
from knowledge.text.english import glossary, is_english, to_chinese_query
from knowledge.text.intent import Kind
from knowledge.text.pinyin import is_pinyin

MAX_QUESTION_CHARS = 500

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
}


async def search_engine() -> KnowledgeSearch:
    search = engine()
    if not search.loaded:
        async with session_scope() as session:
            await ensure_loaded(session, search)
    return search


async def warm_up() -> None:
    """Load the knowledge index at start-up, so the first farmer does not wait for it."""
    (await search_engine()).prepare()
    glossary()  # the English glossary: 0.6 s the first English question would wait


def warm_pinyin() -> None:
    """Work out the pinyin of the words a question typed in pinyin is read as (for a
    background thread: 1-2 s that the first farmer typing pinyin would otherwise wait)."""
    engine().prepare_pinyin()


async def resync() -> None:
    """Apply every change other processes made to the knowledge base, deletions too."""
    async with session_scope() as session:
        await sync_all(session, engine())


async def refresh_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """JobQueue: apply knowledge entries changed by other processes (imports, admins)."""
    async with session_scope() as session:
        await sync(session, engine())


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
        await message.reply_text(t(lang, "fallback.too_long"))
        return
    intent = intent_of(text)
    kind = intent.kind
    if kind is Kind.chatter:
        # Small talk is not a question for the station: a friendly word and the menu.
        topic = intent.extras.get("topic", "noise")
        # "咋办" soon after a forward is about that question: staff should see it.
        if topic == "vague" and await _joined_forwarded(update, context, user, text):
            return
        if topic == "decline":
            # 不用了 typed to "send it to the station?": the question is kept, as with the
            # button, so a photo or voice sent next is a question of its own.
            async with session_scope() as session:
                await offers.keep_waiting(session, user, utcnow())
        menu = render.main_menu(lang)
        # "帮助" / "help" typed as a word gets the help itself, with the role's commands.
        text = help_text(user) if topic == "help" else t(lang, f"kb.chatter.{topic}")
        await message.reply_text(text, reply_markup=menu)
        return
    if kind is Kind.greeting:
        await message.reply_text(
            t(lang, "kb.greeting", name=user.name), reply_markup=render.main_menu(lang)
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
    update: Update, context: ContextTypes.DEFAULT_TYPE, user: User, text: str
) -> None:
    message = update.effective_message
    assert message is not None
    lang = user.language
    # The base is written in Chinese: an English question is searched in its words (a
    # question in pinyin is Latin letters too: search reads it in characters itself).
    english = is_english(text) and not is_pinyin(text)
    outcome = (await search_engine()).search(to_chinese_query(text) if english else text)
    recorded = None
    declined: tuple[str, InlineKeyboardMarkup] | None = None
    async with session_scope() as session:
        ids = [r.entry_id for r in outcome.results[: view_count(outcome.decision)]]
        entries = await get_entries(session, ids)
        found = [entries[i] for i in ids if i in entries]
        answered = outcome.decision is Decision.answer and bool(found)
        suggested = outcome.decision is Decision.suggest and bool(found)
        # Right after a photo went without words, the bot asked what it shows: this is it.
        follow_up = await _describe_photo(session, user, text, message.message_id)
        if follow_up is None and not answered and not suggested and questions.readable(text):
            # Not a question the base knows: soon after a forward it is more of the
            # same problem ("两天了"), so it joins that question instead of starting one.
            # Keys mashed at random (asdfghjkl) are nothing staff could read: not joined.
            follow_up = await _add_to_forwarded(session, user, text, message.message_id)
        if not answered and follow_up is None:
            recorded = await questions.record(session, user, text)
            if not suggested and user.role is Role.farmer:
                declined = await offer_to_forward(session, user, "kb.declined", recorded.id)
    if follow_up is not None:
        await say_added(message, context, user, follow_up.question)
        if answered or suggested:  # the station has it; the base may help meanwhile
            keyboard = view.suggestions(found, 0, lang, forward=False)
            await message.reply_text(t(lang, "kb.meanwhile"), reply_markup=keyboard)
    elif answered:
        entry = found[0]
        if view.chinese_only(entry, lang):
            # No English version: said so, and the Chinese answer is one tap away.
            offer, keyboard = view.chinese_offer(entry, lang)
            sent = await message.reply_text(offer, reply_markup=keyboard)
        else:
            answer = view.answer_text(entry, lang)
            sent = await message.reply_text(answer, reply_markup=view.answer_keyboard(entry, lang))
        # "没解决？问服务站" under it sends the station these words.
        asked.remember(context, sent.message_id, text)
        if entry.photo and not view.chinese_only(entry, lang):
            await message.reply_photo(entry.photo)
    elif suggested:
        assert recorded is not None
        await message.reply_text(
            t(lang, "kb.did_you_mean"), reply_markup=view.suggestions(found, recorded.id, lang)
        )
    elif user.role is not Role.farmer:
        # Staff and admins are whom a question is forwarded to: no offer to ask
        # themselves. What they typed is often a notice meant for farmers.
        await message.reply_text(t(lang, f"kb.declined_{user.role.value}"))
    else:
        assert declined is not None
        await message.reply_text(declined[0], reply_markup=declined[1])


async def _describe_photo(
    session: AsyncSession, user: User, text: str, message_id: int
) -> questions.Recipients | None:
    """Add `text` to the farmer's photo forwarded without words, if there is one, and tell
    its staff."""
    if user.role is not Role.farmer or not questions.readable(text):
        return None
    bare = await questions.undescribed_photo(session, user, utcnow(), view.wordless())
    if bare is None:
        return None
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


def view_count(decision: Decision) -> int:
    """How many entries a decision shows: one answer or three suggestions."""
    return 1 if decision is Decision.answer else 3


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
        text, keyboard = (
            view.chinese_offer(entry, lang)
            if view.chinese_only(entry, lang)
            else (view.answer_text(entry, lang), view.answer_keyboard(entry, lang))
        )
        sent = await context.bot.send_message(query.message.chat.id, text, reply_markup=keyboard)
        if asked_text is not None:  # "问服务站" under it forwards the question recorded
            asked.remember(context, sent.message_id, asked_text, pressed.question_id)


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
        sent = await context.bot.send_message(
            query.message.chat.id,
            view.chinese_answer_text(entry, user.language),
            reply_markup=view.answer_keyboard(entry, user.language),
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
    caption = (message.caption or "").strip()
    photo_id = message.photo[-1].file_id
    async with session_scope() as session:
        # Soon after a forward, a photo (这是啥病) shows the station the same problem.
        added = caption or t(lang, "questions.photo_added")
        more = await _add_to_forwarded(session, user, added, message.message_id, photo_id)
        if more is None:
            # Soon after a question not forwarded yet, the photo shows that question.
            shown = await questions.add_photo_to_recorded(
                session, user, photo_id, caption, utcnow()
            )
            text = caption or t(lang, "questions.photo_question")
            recorded = shown or await questions.record(session, user, text, photo_file_id=photo_id)
            received = "kb.photo_joined" if shown is not None else "kb.photo_received"
            said, keyboard = await offer_to_forward(session, user, received, recorded.id)
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
