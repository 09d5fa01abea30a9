"""Questions for the knowledge base, and the way to a person when it has no answer.

Farmers: free text → answer / did-you-mean / offer to ask the station; photos
go to the station. Staff answer in handlers/staff_questions.py.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import CallbackQuery, Message, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes, ConversationHandler

from bot.core.clock import utcnow
from bot.core.db import session_scope
from bot.core.i18n import all_labels, t
from bot.models.knowledge import OpenQuestion
from bot.models.users import Role, User
from handlers import asked, render
from handlers.common import incoming, press, register_visitor, settings_of
from handlers.notify import push
from handlers.render import knowledge as view
from handlers.render.roles import help_text
from handlers.routing import intent_of
from knowledge.kb import phrasings, questions
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
        assert recorded is not None
        await message.reply_text(
            t(lang, "kb.declined"), reply_markup=view.forward_offer(recorded.id, lang)
        )


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


# user_data: the photo each recent addition brought ("question id:part key" → file id),
# so "🆕 这是新问题" takes the photo along with it.
ADDED_PHOTOS = "added_photos"
KEEP_PHOTOS = 10


async def say_added(
    message: Message,
    context: ContextTypes.DEFAULT_TYPE,
    user: User,
    question: OpenQuestion,
    photo: str | None = None,
) -> None:
    """Tell the farmer which forwarded question their message joined (its first words, when
    it was asked), with "🆕 这是新问题" to take it out again."""
    lang = user.language
    if photo is not None and context.user_data is not None:
        photos = context.user_data.setdefault(ADDED_PHOTOS, {})
        photos[f"{question.id}:{questions.part_key(questions.last_part(question))}"] = photo
        for stale in list(photos)[:-KEEP_PHOTOS]:
            photos.pop(stale, None)
    await message.reply_text(
        view.follow_up_added(question, lang, settings_of(context).tz),
        reply_markup=view.new_question_button(question, lang),
    )


async def new_question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ "🆕 这是新问题": the addition leaves the forwarded question, as a question of its own."""
    query, user = await press(update, context)
    lang = user.language
    pressed = view.NewQuestion.parse(query.data)
    if pressed is None:
        await query.answer(t(lang, "fallback.unknown_button"), show_alert=True)
        return
    photos = (context.user_data or {}).get(ADDED_PHOTOS) or {}
    photo = photos.get(f"{pressed.question_id}:{pressed.part}")
    try:
        async with session_scope() as session:
            old, new = await questions.split_follow_up(
                session, user, pressed.question_id, pressed.part, photo
            )
            if new.text == t(lang, "questions.photo_added"):
                new.text = t(lang, "questions.photo_question")
            await _tell_staff_withdrawn(session, old, new.text, pressed.part)
            new_id, new_text = new.id, new.text
    except (questions.AlreadyAnswered, questions.NoSuchAddition):
        await query.answer(t(lang, "kb.split_gone"), show_alert=True)
        return
    except questions.NotAllowed:
        await query.answer(t(lang, "kb.not_yours"), show_alert=True)
        return
    await query.answer()
    await remove_buttons(query)
    if query.message is not None:
        await context.bot.send_message(
            query.message.chat.id,
            t(lang, "kb.split_off", id=pressed.question_id, text=new_text),
            reply_markup=view.forward_offer(new_id, lang),
        )


async def _tell_staff_withdrawn(
    session: AsyncSession, question: OpenQuestion, text: str, part: str
) -> None:
    """Queue for whoever has the question that an addition they were sent is not part of it."""
    recipients = await questions.recipients_of(session, question)
    for member in await recipients.members(session):
        await push(
            session,
            member.telegram_id,
            t(member.language, "questions.follow_up_withdrawn", id=question.id, text=text),
            key=f"qa-less:{question.id}:{member.telegram_id}:{part}",
            source="question",
        )


async def _add_to_forwarded(
    session: AsyncSession, user: User, text: str, message_id: int, photo: str | None = None
) -> questions.Recipients | None:
    """Join `text` (and a photo) to the farmer's recent forwarded question and tell its
    staff; None if there is none."""
    follow_up = await questions.add_follow_up(session, user, text, utcnow(), photo=photo)
    if follow_up is not None:
        await tell_staff_more(session, follow_up, user, text, message_id, photo)
    return follow_up


async def tell_staff_more(
    session: AsyncSession,
    recipients: questions.Recipients,
    farmer: User,
    text: str,
    message_id: int,
    photo: str | None = None,
) -> None:
    """Queue what the farmer added to a forwarded question for whoever got the question."""
    q = recipients.question
    for member in await recipients.members(session):
        lang = member.language
        await push(
            session,
            member.telegram_id,
            t(
                lang,
                "questions.follow_up_for_staff",
                id=q.id,
                farmer=farmer.name,
                text=view.as_asked(text, lang),
            ),
            key=f"qa-more:{q.id}:{member.telegram_id}:{message_id}",
            source="question",
            photo=photo,
            keyboard=view.reply_button(q.id, lang),
        )


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


async def forward(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The farmer chose to send a recorded question to their station."""
    query, user = await press(update, context)
    lang = user.language
    try:
        question_id = question_id_of(view.Forward.parse(query.data))
        async with session_scope() as session:
            recipients = await questions.forward(
                session,
                question_id,
                user.telegram_id,
                per_day=settings_of(context).limits.questions_per_day,
                tz=settings_of(context).tz,
            )
            if not recipients.already:
                await notify_staff(session, recipients, user, settings_of(context).tz)
    except (ValueError, questions.NotAllowed):
        await query.answer(t(lang, "kb.not_yours"), show_alert=True)
        return
    except questions.TooManyQuestions as too_many:
        limit_text = t(lang, "questions.limit_reached", limit=too_many.limit)
        await query.answer(limit_text, show_alert=True)
        return
    if recipients.already:  # a double tap: say so, tell nobody twice
        await query.answer(t(lang, "kb.already_forwarded"))
        return
    await query.answer()
    await remove_buttons(query)
    if query.message is not None:
        bare = recipients.question.photo_file_id is not None and _bare(recipients.question.text)
        text = forwarded_text(user, recipients, bare_photo=bare)
        await context.bot.send_message(query.message.chat.id, text)


def _bare(text: str) -> bool:
    """Whether a question's text is only the placeholder of a photo sent without words."""
    return all(part.strip() in view.wordless() for part in text.split(questions.THREAD_SEP))


def forwarded_key(user: User, recipients: questions.Recipients) -> str:
    """What the farmer is told of where the question went (the catalogue key)."""
    if not recipients.to_admins:
        return "kb.forwarded"
    return "kb.forwarded_no_staff" if user.station_id is None else "kb.forwarded_unstaffed"


def forwarded_text(user: User, recipients: questions.Recipients, *, bare_photo: bool) -> str:
    """Where the question went; for a photo without words, a request for a line about it."""
    sent = t(user.language, forwarded_key(user, recipients))
    return f"{sent}\n{t(user.language, 'kb.describe_photo')}" if bare_photo else sent


async def notify_staff(
    session: AsyncSession, recipients: questions.Recipients, farmer: User, tz: ZoneInfo
) -> None:
    """Queue the forwarded question for each recipient, in the forward's unit of work."""
    q = recipients.question
    for member in await recipients.members(session):
        lang = member.language
        text = t(
            lang,
            "questions.new_for_staff",
            id=q.id,
            farmer=farmer.name,
            asked_at=view.local_time(q.asked_at, tz),
            text=view.as_asked(q.text, lang),
        )
        await push(
            session,
            member.telegram_id,
            text,
            key=f"qa-forward:{q.id}:{member.telegram_id}",
            source="question",
            photo=q.photo_file_id,
            keyboard=view.reply_button(q.id, lang),
        )


async def keep(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The farmer does not want to forward: the question stays recorded."""
    query, user = await press(update, context)
    try:
        # Only the asker's own "keep": a forged press must not touch anyone's message.
        async with session_scope() as session:
            question_id = question_id_of(view.Keep.parse(query.data))
            await questions.own(session, question_id, user.telegram_id)
    except (ValueError, questions.NotAllowed):
        await query.answer(t(user.language, "kb.not_yours"), show_alert=True)
        return
    if not await remove_buttons(query):  # a double tap: the first already said so
        await query.answer(t(user.language, "kb.kept"))
        return
    await query.answer()
    if query.message is not None:
        await context.bot.send_message(query.message.chat.id, t(user.language, "kb.kept"))


def question_id_of(pressed: view.Forward | view.Keep | view.Reply | view.Save | None) -> int:
    # The handlers are registered with `pattern=Button.matches`: None cannot reach
    # here, but a forged press must still fail as "not yours", never as a crash.
    if pressed is None:
        raise ValueError("not a button of this bot")
    return pressed.question_id


async def remove_buttons(query: CallbackQuery) -> bool:
    """Take the buttons off the pressed message; False if they were gone already."""
    message = query.message
    markup = getattr(message, "reply_markup", None)
    if message is not None and (markup is None or not markup.inline_keyboard):
        return False
    try:
        await query.edit_message_reply_markup(None)
    except BadRequest as exc:
        # "message is not modified": a double tap removed them first.
        if "not modified" not in exc.message.lower():
            raise
        return False
    return True


async def photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A photo of a crop: more for a forwarded question, or a new one to send to the station."""
    message, user = await incoming(update, context)
    if not message.photo:
        return
    lang = user.language
    caption = (message.caption or "").strip()
    photo_id = message.photo[-1].file_id
    joined = False
    async with session_scope() as session:
        # Soon after a forward, a photo (这是啥病) shows the station the same problem.
        added = caption or t(lang, "questions.photo_added")
        more = await _add_to_forwarded(session, user, added, message.message_id, photo_id)
        if more is None:
            # Soon after a question not forwarded yet, the photo shows that question.
            shown = await questions.add_photo_to_recorded(
                session, user, photo_id, caption, utcnow()
            )
            joined = shown is not None
            text = caption or t(lang, "questions.photo_question")
            recorded = shown or await questions.record(session, user, text, photo_file_id=photo_id)
    if more is not None:
        await say_added(message, context, user, more.question, photo_id)
        return
    received = "kb.photo_joined" if joined else "kb.photo_received"
    await message.reply_text(t(lang, received), reply_markup=view.forward_offer(recorded.id, lang))


async def cancel_reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """/cancel while answering or describing."""
    (context.user_data or {}).pop("answering", None)
    user = await register_visitor(update, context)
    if update.effective_message is not None:
        await update.effective_message.reply_text(t(user.language, "questions.cancelled"))
    return ConversationHandler.END
