"""The two conversations around a forwarded question: a staff member's answer, and a farmer
describing a problem for the station and then adding to it.

Any text they wait for belongs to them, so they are registered among the first
conversations (handlers/__init__.py says where and why).
"""

from __future__ import annotations

from datetime import timedelta

from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from handlers import ask, ask_station, staff_questions, voice
from handlers.language import with_language
from handlers.leave import leave_handler, with_leave
from handlers.render import knowledge as ask_view
from handlers.timeouts import TimedConversation
from knowledge.text.intent import Kind


def staff_reply() -> TimedConversation:
    """✍️ 回复 on a forwarded question, then the staff member's answer (text, voice, photo)."""
    return TimedConversation(
        entry_points=[
            CallbackQueryHandler(staff_questions.start_reply, pattern=ask_view.Reply.matches)
        ],
        # Any text is the answer (or the description below): only a menu
        # button or a command leaves these two. "English please" / /language switch and
        # the question is asked again in it, the reply still awaited.
        states=with_language(
            with_leave(
                {
                    staff_questions.WAIT_REPLY: [
                        MessageHandler(
                            filters.TEXT & ~filters.COMMAND, staff_questions.reply_typed
                        ),
                        # Staff may answer aloud: the farmer gets the voice (issue 14).
                        MessageHandler(voice.SPOKEN, voice.reply_spoken),
                        # Or with a photo (its caption the words): the farmer gets the photo.
                        MessageHandler(filters.PHOTO, staff_questions.reply_photo),
                    ]
                },
                leave_handler("staff_reply", "questions.reply_left", intents=False),
            ),
            staff_questions.ask_reply_again,
        ),
        fallbacks=[CommandHandler("cancel", ask.cancel_reply)],
        name="staff_reply",
        persistent=True,
        timeout=timedelta(seconds=staff_questions.REPLY_TIMEOUT_S),
    )


def farmer_describes() -> TimedConversation:
    """🙋 问服务站 after an answer: the farmer describes the problem, then may add to it."""
    return TimedConversation(
        entry_points=[
            CallbackQueryHandler(
                ask_station.ask_after_answer, pattern=ask_view.AskAfterAnswer.matches
            )
        ],
        states=with_leave(
            {
                ask_station.WAIT_QUESTION: [
                    MessageHandler(
                        (filters.TEXT & ~filters.COMMAND) | filters.PHOTO,
                        ask_station.described,
                    ),
                    MessageHandler(voice.SPOKEN, voice.described_aloud),
                ]
            },
            leave_handler("ask_station", "questions.describe_left", intents=False),
        )
        | with_leave(
            # The question went: what the farmer adds joins it, unless it asks for
            # something else (a price, a booking), which is answered as usual.
            {
                ask_station.WAIT_DETAILS: [
                    MessageHandler(
                        (filters.TEXT & ~filters.COMMAND) | filters.PHOTO,
                        ask_station.details,
                    ),
                    MessageHandler(voice.SPOKEN, voice.described_aloud),
                ]
            },
            leave_handler(
                "ask_station",
                "questions.details_left",
                keep=(Kind.knowledge,),
                on_leave=ask_station.left,
            ),
        ),
        fallbacks=[CommandHandler("cancel", ask.cancel_reply)],
        name="ask_station",
        persistent=True,
        timeout=timedelta(seconds=ask_station.DESCRIBE_TIMEOUT_S),
    )
