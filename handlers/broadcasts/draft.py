"""The composer's shared pieces: its states, the draft kept in user_data, the sender check."""

from __future__ import annotations

from typing import Any

from telegram import Message, Update
from telegram.ext import ContextTypes, ConversationHandler

from bot.broadcasts import service
from bot.broadcasts.audience import Audience, AudienceError
from bot.core.i18n import t
from bot.models.broadcasts import AudienceKind
from bot.models.users import Role, User
from handlers.common import register_visitor
from handlers.guards import require

CONVERSATION = "broadcast"
DRAFT = "broadcast_draft"  # user_data: the notice being composed
# State names are stored by persistence: strings, not numbers.
WAIT_TEXT = "bc_text"
WAIT_AUDIENCE = "bc_audience"
WAIT_PRODUCT = "bc_product"
WAIT_PREVIEW = "bc_preview"
WAIT_TIME = "bc_time"
WAIT_CONFIRM = "bc_confirm"
TIMEOUT_S = 30 * 60
END = ConversationHandler.END


async def staff_only(update: Update, context: ContextTypes.DEFAULT_TYPE) -> User | None:
    """The sender when they may broadcast (staff of a station, or an admin); else refused."""
    user = await register_visitor(update, context)
    return user if await require(update, user, Role.staff) else None


def draft_of(context: ContextTypes.DEFAULT_TYPE) -> dict[str, Any] | None:
    """The notice being composed, kept in user_data; None when there is none."""
    data = context.user_data
    draft = data.get(DRAFT) if data is not None else None
    return draft if isinstance(draft, dict) else None


def forget(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Drop the draft."""
    if context.user_data is not None:
        context.user_data.pop(DRAFT, None)


async def say(update: Update, text: str, **kwargs: Any) -> Message | None:
    """Send `text` to the update's chat (a button press has no message to reply to)."""
    chat = update.effective_chat
    return await chat.send_message(text, **kwargs) if chat is not None else None


def audience_of(draft: dict[str, Any]) -> Audience:
    """The draft's audience as the domain reads it."""
    return Audience(
        AudienceKind(draft["kind"]),
        draft.get("audience_station"),
        draft.get("radius_km"),
        draft.get("product"),
    )


def error(lang: str, exc: service.BroadcastError | AudienceError) -> str:
    """A domain refusal in the sender's language."""
    return t(lang, f"broadcasts.error.{exc.code}", **exc.params)
