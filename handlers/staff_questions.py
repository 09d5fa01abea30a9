"""Staff answer farmers' questions: /questions, a reply, and keeping it as an entry.

/questions lists what is open for the staff member's station (or, for admins,
the county's), a button starts a reply, the reply reaches the farmer through
the outbox, and one more button keeps it as a knowledge entry. The reply button of
an answered question takes more for the farmer: joined to the answer, sent on its own.
"""

from __future__ import annotations

import logging

from telegram import ForceReply, Message, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes, ConversationHandler

from bot.admindata import review
from bot.audit import record
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.knowledge import OpenQuestion
from bot.models.types import MediaKind
from bot.models.users import Role, User
from bot.users import get_user
from handlers.ask_forward import question_id_of, remove_buttons
from handlers.ask_search import search_engine
from handlers.common import incoming, press, register_visitor, settings_of
from handlers.guards import require
from handlers.notify import push
from handlers.render import CAPTION_LIMIT, fit
from handlers.render import answer_language as lang_view
from handlers.render import knowledge as view
from handlers.render import threads as thread_view
from handlers.render.admin_review import flag_words
from knowledge.kb import questions, spoken, staff_answers, threads
from knowledge.kb.undelivered import reply_key

log = logging.getLogger(__name__)

# The conversation state (stored by persistence, read in logs): staff type the answer.
WAIT_REPLY = "qa_reply"
# Staff who never type the answer get their next message handled as usual after this long.
REPLY_TIMEOUT_S = 30 * 60
# user_data: the reply being typed adds to an answer given already.
ADDING = "answering_more"
# How much of the answer given the prompt for more quotes.
ANSWER_QUOTED = 200
# user_data: an answer held because its farmer reads the other language (✅ 照样发 / ✏️ 重写).
HELD = "answer_held"


def refusal_key(refused: questions.NotAllowed) -> str:
    """The message key telling a staff member why their reply was not taken."""
    if isinstance(refused, questions.AlreadyAnswered):
        return "questions.already_answered"
    return "questions.not_allowed"


async def list_questions(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/questions: the open questions this staff member can answer."""
    message, user = await incoming(update, context)
    lang = user.language
    if not await require(update, user, Role.staff):
        return
    tz = settings_of(context).tz
    async with session_scope() as session:
        waiting = await staff_answers.open_for(session, user)
        askers = {q.farmer_id: await get_user(session, q.farmer_id) for q in waiting.questions}
        # Every part of each question: its words, each photo and recording, in order.
        found = await threads.threads_of(session, waiting.questions)
    if not waiting.questions:
        await message.reply_text(t(lang, "questions.none_open"))
        return
    shown = len(waiting.questions)
    if waiting.total > shown:
        header = t(lang, "questions.list_header_more", count=waiting.total, shown=shown)
    else:
        header = t(lang, "questions.list_header", count=shown)
    names = {fid: view.farmer_name(lang, u, fid) for fid, u in askers.items()}
    pages, attached = thread_view.question_list(waiting.questions, found, names, header, lang, tz)
    for text, markup in pages:
        await message.reply_text(text, reply_markup=markup)
    for item in attached:
        await _send_item(message, item, lang)


async def _send_item(message: Message, item: thread_view.Item, lang: str) -> None:
    """One message of a question's thread: its words, or a file with them."""
    if item.kind is None or item.file_id is None:
        await message.reply_text(item.text, reply_markup=item.markup)
        return
    caption = item.text or None
    if item.kind is MediaKind.video_note:  # no caption: its words (and button) go before it
        await message.reply_text(item.text, reply_markup=item.markup)
    try:
        if item.kind is MediaKind.photo:
            await message.reply_photo(item.file_id, caption=caption, reply_markup=item.markup)
        elif item.kind is MediaKind.voice:
            await message.reply_voice(item.file_id, caption=caption, reply_markup=item.markup)
        else:
            await message.reply_video_note(item.file_id)
    except BadRequest as exc:
        # Telegram no longer has the file (400 "wrong file identifier"): the words
        # (and the button) still reach staff, saying the photo or recording is gone,
        # and the rest of the list follows.
        log.info("a question's %s could not be sent: %s", item.kind.value, exc.message)
        gone = t(lang, f"questions.file_gone.{item.kind.value}")
        if item.kind is MediaKind.video_note:
            await message.reply_text(gone)
        else:
            text = f"{item.text}\n{gone}" if item.text else gone
            await message.reply_text(fit(text), reply_markup=item.markup)


async def start_reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """A staff member pressed "answer #N": check they may, then wait for the text."""
    query, user = await press(update, context)
    lang = user.language
    adding = False
    try:
        question_id = question_id_of(view.Reply.parse(query.data))
        async with session_scope() as session:
            try:
                q = await staff_answers.get_answerable(session, user, question_id)
            except questions.AlreadyAnswered:
                # Answered already: what they type now is more for the farmer (blind test).
                q, adding = await staff_answers.answered_for_more(session, user, question_id), True
    except (ValueError, questions.NotAllowed):
        await query.answer(t(lang, "questions.not_allowed"), show_alert=True)
        return ConversationHandler.END
    await query.answer()
    context.user_data["answering"] = question_id  # type: ignore[index]
    context.user_data[ADDING] = adding  # type: ignore[index]
    if query.message is not None:
        await _prompt(context, query.message.chat.id, lang, question_id, q, adding)
    return WAIT_REPLY


async def _prompt(
    context: ContextTypes.DEFAULT_TYPE,
    chat_id: int,
    lang: str,
    question_id: int,
    q: OpenQuestion,
    adding: bool,
) -> None:
    if adding:
        prompt = t(lang, "questions.type_more", id=question_id, answer=_cut(q.answer or ""))
    else:
        prompt = t(lang, "questions.type_reply", id=question_id, text=view.as_asked(q.text, lang))
    await context.bot.send_message(chat_id, fit(prompt), reply_markup=ForceReply(selective=True))


async def ask_reply_again(
    update: Update, context: ContextTypes.DEFAULT_TYPE, user: User, state: object
) -> str | int:
    """After a language switch while a reply is awaited ("English please", /language): the
    question asked again in the new language, still waiting for the reply (the words were
    sent to the farmer as the answer, or /language dropped the reply)."""
    data = context.user_data if context.user_data is not None else {}
    question_id, adding = data.get("answering"), bool(data.get(ADDING))
    chat = update.effective_chat
    if not isinstance(question_id, int) or chat is None:
        return ConversationHandler.END
    try:
        async with session_scope() as session:
            if adding:
                q = await staff_answers.answered_for_more(session, user, question_id)
            else:
                q = await staff_answers.get_answerable(session, user, question_id)
    except (questions.AlreadyAnswered, questions.NotAllowed):
        return ConversationHandler.END  # answered or taken away meanwhile: nothing to wait for
    await _prompt(context, chat.id, user.language, question_id, q, adding)
    return WAIT_REPLY


def _cut(text: str, most: int = ANSWER_QUOTED) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def adding_to_answer(context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Whether the reply being typed adds to an answer given already (and forget it)."""
    return bool((context.user_data or {}).pop(ADDING, False))


async def add_typed(update: Update, context: ContextTypes.DEFAULT_TYPE, question_id: int) -> int:
    """More for the farmer after the answer: joined to it, and sent on its own."""
    message = update.effective_message
    assert message is not None and message.text
    user = await register_visitor(update, context)
    return await add_with(message, user, question_id, message.text.strip())


async def add_with(
    message: Message, user: User, question_id: int, said: str, *, which: str = ""
) -> int:
    """`said` added to the answer of the question (typed after its button, or 回复23 …:
    `which` then says the question first)."""
    lang = user.language
    try:
        async with session_scope() as session:
            q, number = await staff_answers.add_to_answer(session, user, question_id, said)
            more = said[: staff_answers.MAX_STAFF_ANSWER]
            await record(
                session, user.telegram_id, "question.answer_more", f"question {q.id}",
                after={"answer": more[:200]},
            )  # fmt: skip
            farmer = await get_user(session, q.farmer_id)
            if farmer is not None:
                said = view.to_farmer(
                    farmer.language, "questions.more_to_farmer", user,
                    question=threads.asked(q.text), answer=more,
                ) + lang_view.farmer_note(farmer.language, more)  # fmt: skip
                key = reply_key(q.id, number, user.telegram_id)
                await push(session, farmer.telegram_id, fit(said), key=key, source="question")
    except questions.NotAllowed:
        await message.reply_text(t(lang, "questions.not_allowed"))
        return ConversationHandler.END
    await message.reply_text(which + t(lang, "questions.more_sent"))
    return ConversationHandler.END


async def reply_typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """The staff member's answer: store it, queue it for the farmer, offer to keep it."""
    message = update.effective_message
    question_id = (context.user_data or {}).pop("answering", None)
    adding = adding_to_answer(context)
    if message is None or not message.text or question_id is None:
        return ConversationHandler.END
    user = await register_visitor(update, context)
    said = message.text.strip()
    if await _held(message, context, user, question_id, said, adding=adding):
        return ConversationHandler.END
    if adding:
        return await add_typed(update, context, question_id)
    return await answer_with(message, user, question_id, said)


async def _held(
    message: Message,
    context: ContextTypes.DEFAULT_TYPE,
    user: User,
    question_id: int,
    said: str,
    *,
    adding: bool,
    which: str = "",
) -> bool:
    """Whether the answer is held, asked first (这位农户看英文，确定用中文发？): its farmer reads
    the other language than it is written in (blind walk: it went as it was, unremarked)."""
    async with session_scope() as session:
        q = await session.get(OpenQuestion, question_id)
        farmer = await get_user(session, q.farmer_id) if q is not None else None
    written = lang_view.other_language(said, farmer.language) if farmer is not None else None
    if farmer is None or written is None or context.user_data is None:
        return False
    context.user_data[HELD] = {"q": question_id, "said": said, "adding": adding, "which": which}
    text, keyboard = lang_view.check(user.language, question_id, farmer.language, written)
    await message.reply_text(which + text, reply_markup=keyboard)
    return True


async def held_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """✅ 照样发 sends the held answer as written; ✏️ 重写 drops it, saying how to write it again."""
    query, user = await press(update, context)
    lang = user.language
    go = lang_view.SendHeld.parse(query.data)
    pressed = go or lang_view.RewriteHeld.parse(query.data)
    held = (context.user_data or {}).get(HELD)
    await remove_buttons(query)
    if pressed is None or not held or held["q"] != pressed.question_id:
        # Sent or dropped already (a double tap), or held for another question since.
        await query.answer(t(lang, "questions.lang_gone"), show_alert=True)
        return
    if context.user_data is not None:
        context.user_data.pop(HELD, None)
    await query.answer()
    message = query.message
    if not isinstance(message, Message):
        return
    if go is None:
        await message.reply_text(t(lang, "questions.lang_rewritten", id=pressed.question_id))
    elif held["adding"]:
        await add_with(message, user, pressed.question_id, held["said"], which=held["which"])
    else:
        await answer_with(message, user, pressed.question_id, held["said"], which=held["which"])


async def answer_with(
    message: Message, user: User, question_id: int, said: str, *, which: str = ""
) -> int:
    """`said` as the answer: stored, queued for the farmer, offered to keep as an entry
    (typed after the question's button, or 回复23 …: `which` then says the question first)."""
    lang = user.language
    try:
        async with session_scope() as session:
            q = await staff_answers.answer(session, user, question_id, said)
            await record(
                session,
                user.telegram_id,
                "question.answer",
                f"question {q.id}",
                after={"answer": (q.answer or "")[:200]},
            )
            farmer = await get_user(session, q.farmer_id)
            if farmer is not None:
                # Queued with the answer itself: the farmer hears it exactly when it is stored.
                text = fit(
                    view.to_farmer(
                        farmer.language,
                        "questions.reply_to_farmer",
                        user,
                        question=threads.asked(q.text),
                        answer=q.answer,
                    )
                    + lang_view.farmer_note(farmer.language, q.answer or "")
                )
                await push(
                    session,
                    farmer.telegram_id,
                    text,
                    key=reply_key(q.id),
                    source="question",
                )
    except questions.NotAllowed as refused:
        await message.reply_text(t(lang, refusal_key(refused)))
        return ConversationHandler.END
    if len(said) > staff_answers.MAX_STAFF_ANSWER:
        # Said, not cut silently: the staff member can send the rest as a note.
        await message.reply_text(
            t(lang, "questions.reply_cut", kept=staff_answers.MAX_STAFF_ANSWER)
        )
    if spoken.is_spoken(q):
        # Asked aloud: nothing an entry could be searched by.
        await message.reply_text(which + t(lang, "voice.reply_sent_text"))
        return ConversationHandler.END
    await message.reply_text(
        which + t(lang, "questions.reply_sent"), reply_markup=view.save_button(q.id, lang)
    )
    return ConversationHandler.END


async def answer_said(
    message: Message,
    user: User,
    question_id: int,
    said: str,
    context: ContextTypes.DEFAULT_TYPE | None = None,
) -> None:
    """回复23 明天上午来拿药 (reply 23 …): the answer to question #23 as if typed after its
    ✍️ button (more for the farmer when it has an answer); a question not this user's is
    refused (no question #N for them, whether missing or another's), with the numbers they can
    answer, or how to list them."""
    lang = user.language
    if not said:
        await message.reply_text(t(lang, "questions.words_how", id=question_id))
        return
    try:
        async with session_scope() as session:
            try:
                q, adding = await staff_answers.get_answerable(session, user, question_id), False
            except questions.AlreadyAnswered:
                q, adding = await staff_answers.answered_for_more(session, user, question_id), True
    except questions.NotAllowed:
        # The same refusal for a missing number and another station's question (ids are
        # sequential): with the questions waiting for this user.
        async with session_scope() as session:
            waiting = await staff_answers.open_for(session, user)
        ids = [f"#{w.id}" for w in waiting.questions]
        more = (
            t(lang, "questions.words_open", ids=" ".join(ids), first=waiting.questions[0].id)
            if ids
            else t(lang, "questions.none_open")
        )
        # "No question #99" (blind test: "not sent to your station" misled a county admin).
        await message.reply_text(f"{t(lang, 'questions.words_no_such', id=question_id)}\n{more}")
        return
    which = t(lang, "questions.words_which", id=q.id, text=_cut(view.as_asked(q.text, lang), 60))
    if context is not None and await _held(
        message, context, user, question_id, said, adding=adding, which=which + "\n"
    ):
        return
    if adding:
        await add_with(message, user, question_id, said, which=which + "\n")
    else:
        await answer_with(message, user, question_id, said, which=which + "\n")


async def reply_photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | int:
    """In the reply step a photo (its caption the words) is the answer, sent to the farmer as
    a photo (sandbox walk: it was refused as a farmer's question)."""
    message = update.effective_message
    question_id = (context.user_data or {}).pop("answering", None)
    adding = adding_to_answer(context)
    if message is None or not message.photo or question_id is None:
        return ConversationHandler.END
    user = await register_visitor(update, context)
    lang = user.language
    caption = " ".join((message.caption or "").split())
    photo_id = message.photo[-1].file_id
    # What the thread keeps for the photo: its caption, else a label saying it was a photo.
    said = caption or t(lang, "questions.photo_answer_label")
    try:
        async with session_scope() as session:
            logged = {"answer": said[:200], "photo": True}
            if adding:
                q, number = await staff_answers.add_to_answer(session, user, question_id, said)
                key = reply_key(q.id, number, user.telegram_id)
                await record(
                    session, user.telegram_id, "question.answer_more", f"question {q.id}",
                    after=logged,
                )  # fmt: skip
            else:
                q = await staff_answers.answer(
                    session, user, question_id, said, media_kind=MediaKind.photo.value,
                    file_id=photo_id,
                )  # fmt: skip
                key = reply_key(q.id)
                await record(
                    session, user.telegram_id, "question.answer", f"question {q.id}", after=logged
                )
            farmer = await get_user(session, q.farmer_id)
            if farmer is not None:
                words = caption or t(farmer.language, "questions.photo_answer_see")
                to_farmer = "questions.more_to_farmer" if adding else "questions.reply_to_farmer"
                text = view.to_farmer(
                    farmer.language,
                    to_farmer,
                    user,
                    question=threads.asked(q.text),
                    answer=words,
                ) + lang_view.farmer_note(farmer.language, caption)
                # Queued with the answer itself, the photo with the words as its caption.
                await push(
                    session, farmer.telegram_id, fit(text, CAPTION_LIMIT), key=key,
                    source="question", photo=photo_id,
                )  # fmt: skip
    except questions.NotAllowed as refused:
        await message.reply_text(t(lang, refusal_key(refused)))
        return ConversationHandler.END
    # No 📚 button: an entry is searched by words, and a photo answer is not kept as one.
    await message.reply_text(t(lang, "questions.photo_reply_sent"))
    return ConversationHandler.END


async def save_entry(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Keep an answered question as a knowledge entry."""
    query, user = await press(update, context)
    lang = user.language
    try:
        question_id = question_id_of(view.Save.parse(query.data))
        async with session_scope() as session:
            engine = await search_engine()
            flagged = await review.reply_flags(session, user, question_id, engine)
            if user.role is Role.admin and not flagged:
                # Admins are the reviewers: their entry goes live at once (unless
                # it speaks to one farmer or of one day: then it waits in /review).
                entry = await staff_answers.save_as_entry(session, user, question_id, engine)
                await record(
                    session,
                    user.telegram_id,
                    "kb.save",
                    f"kb {entry.id}",
                    after={"question": question_id},
                )
                done = t(lang, "questions.saved", entry_id=entry.id)
            else:
                # A reply was written for one farmer: it waits for an admin's /review.
                await review.propose(session, user, question_id, engine)
                done = t(lang, "review.proposed")
                if user.role is Role.admin:
                    done = t(lang, "review.held", words=flag_words(lang, flagged))
    except questions.AlreadySaved as saved:  # a double tap
        await query.answer(t(lang, "questions.saved", entry_id=saved.entry_id)[:200])
        return
    except review.AlreadyProposed:
        await query.answer(t(lang, "review.already_proposed")[:200])
        return
    except (ValueError, questions.NotAllowed):
        await query.answer(t(lang, "questions.not_allowed"), show_alert=True)
        return
    await query.answer()
    await remove_buttons(query)
    if query.message is not None:
        await context.bot.send_message(query.message.chat.id, done)
