""" "还是不行 / 没用 / 不对 / 都不是" right after a knowledge answer: it did not help.

Such words were searched as a new question ("答不上来…要转吗?"), and accepted, staff got
the complaint instead of the question. Now, right after an answer or the entries offered
(handlers/just_answered.py says when), the farmer is told sorry and offered to send the
question they first asked, with what they just said (试过了，打了药还是黄) and which answer
did not help joined to it for staff. The words are recognised in knowledge/text/chatter.py.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import ContextTypes

from bot.core.clock import utcnow
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.knowledge import OpenQuestion, QuestionStatus
from bot.models.users import Role, User
from handlers import just_answered, just_asked
from handlers.ask_forward import offer_to_forward
from handlers.render import knowledge as view
from knowledge.kb import questions, threads
from knowledge.text.chatter import says_not_helped
from knowledge.text.normalise import normalise


async def handled(
    update: Update, context: ContextTypes.DEFAULT_TYPE, user: User, text: str
) -> bool:
    """If `text` says the answer just given did not help, offer to send the question first
    asked (with `text` and the answer's title for staff); False for anything else."""
    message = update.effective_message
    if message is None or user.role is not Role.farmer or not says_not_helped(normalise(text)):
        return False
    answered = just_answered.recent(context, utcnow())
    if answered is None:
        return False
    lang = user.language
    async with session_scope() as session:
        question = await _question(session, user, answered)
        note = _note(lang, text, answered)
        room = threads.MAX_TEXT - len(question.text) - len(threads.THREAD_SEP)
        if not threads.append(question, note) and room > 0:
            threads.append(question, text[:room])  # a long thread: their words at least
        await session.flush()
        said, keyboard = await offer_to_forward(
            session, user, "kb.not_helped", question.id, asked=view.quote(answered.text)
        )
    just_answered.forget(context)
    just_asked.remember(update, context, question.id)  # a photo or voice next is more of it
    await message.reply_text(said, reply_markup=keyboard)
    return True


async def _question(
    session: AsyncSession, user: User, answered: just_answered.Answered
) -> OpenQuestion:
    """The question the farmer asked for that answer, not forwarded yet: the one recorded for
    the entries offered, else recorded now (an answered question was never recorded)."""
    if answered.question_id:
        found = await session.get(OpenQuestion, answered.question_id)
        if (
            found is not None
            and found.farmer_id == user.telegram_id
            and found.status is QuestionStatus.unanswered
            and found.kept_at is None
        ):
            return found
    return await questions.record(session, user, answered.text)


def _note(lang: str, said: str, answered: just_answered.Answered) -> str:
    """The farmer's words, with which answer (or which entries offered) they were about."""
    titles = [title or entry_id for entry_id, title in answered.entries]
    if answered.suggested:
        listed = (
            "、".join(f"「{title}」" for title in titles)
            if lang != "en"
            else ", ".join(f'"{title}"' for title in titles)
        )
        return t(lang, "kb.none_fit_note", said=said, entries=listed)
    entry_id, title = answered.entries[0] if answered.entries else ("", "")
    return t(lang, "kb.not_helped_note", said=said, entry=title or entry_id, id=entry_id)
