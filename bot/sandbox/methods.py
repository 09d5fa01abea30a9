"""The Bot API methods the sandbox server serves, with their parameters.

This table is the server's contract: every request is checked against it before
a method runs (unknown method → 404, missing required parameter or wrong type →
400). Types use the official documentation's notation ("Integer", "String",
"Array of MessageEntity", "InputFile", ...) so that
tests/e2e/test_methods_table.py can compare the table with the official Bot API
description (`shared/botapi/api.json`) whenever that file is present.

Parameters the official API has but the table leaves out are ignored, as
Telegram ignores parameters it does not know; each one listed is type-checked.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Param:
    """One parameter of a Bot API method, as the documentation declares it."""

    name: str
    types: tuple[str, ...]
    required: bool = False


def _p(name: str, *types: str, required: bool = False) -> Param:
    return Param(name, types, required)


# Parameters shared by the send* methods (everything after the payload).
_SEND_TAIL = (
    _p("disable_notification", "Boolean"),
    _p("protect_content", "Boolean"),
    _p("allow_paid_broadcast", "Boolean"),
    _p("message_effect_id", "String"),
    _p("reply_parameters", "ReplyParameters"),
    _p(
        "reply_markup",
        "InlineKeyboardMarkup",
        "ReplyKeyboardMarkup",
        "ReplyKeyboardRemove",
        "ForceReply",
    ),
)
_CHAT = (
    _p("business_connection_id", "String"),
    _p("chat_id", "Integer", "String", required=True),
    _p("message_thread_id", "Integer"),
)
# Edits address a message by chat and id (inline messages are not served).
_EDIT_TARGET = (
    _p("business_connection_id", "String"),
    _p("chat_id", "Integer", "String"),
    _p("message_id", "Integer"),
    _p("inline_message_id", "String"),
)
_SCOPE = (_p("scope", "BotCommandScope"), _p("language_code", "String"))

METHODS: dict[str, tuple[Param, ...]] = {
    "getMe": (),
    "getUpdates": (
        _p("offset", "Integer"),
        _p("limit", "Integer"),
        _p("timeout", "Integer"),
        _p("allowed_updates", "Array of String"),
    ),
    "setWebhook": (
        _p("url", "String", required=True),
        _p("certificate", "InputFile"),
        _p("ip_address", "String"),
        _p("max_connections", "Integer"),
        _p("allowed_updates", "Array of String"),
        _p("drop_pending_updates", "Boolean"),
        _p("secret_token", "String"),
    ),
    "deleteWebhook": (_p("drop_pending_updates", "Boolean"),),
    "getWebhookInfo": (),
    "sendMessage": (
        *_CHAT,
        _p("text", "String", required=True),
        _p("parse_mode", "String"),
        _p("entities", "Array of MessageEntity"),
        _p("link_preview_options", "LinkPreviewOptions"),
        *_SEND_TAIL,
    ),
    "editMessageText": (
        *_EDIT_TARGET,
        # Optional in the API since rich messages; the server requires it (no rich messages).
        _p("text", "String"),
        _p("parse_mode", "String"),
        _p("entities", "Array of MessageEntity"),
        _p("link_preview_options", "LinkPreviewOptions"),
        _p("reply_markup", "InlineKeyboardMarkup"),
    ),
    "editMessageCaption": (
        *_EDIT_TARGET,
        _p("caption", "String"),
        _p("parse_mode", "String"),
        _p("caption_entities", "Array of MessageEntity"),
        _p("show_caption_above_media", "Boolean"),
        _p("reply_markup", "InlineKeyboardMarkup"),
    ),
    "editMessageReplyMarkup": (*_EDIT_TARGET, _p("reply_markup", "InlineKeyboardMarkup")),
    "deleteMessage": (
        _p("chat_id", "Integer", "String", required=True),
        _p("message_id", "Integer", required=True),
    ),
    "answerCallbackQuery": (
        _p("callback_query_id", "String", required=True),
        _p("text", "String"),
        _p("show_alert", "Boolean"),
        _p("url", "String"),
        _p("cache_time", "Integer"),
    ),
    "sendPhoto": (
        *_CHAT,
        _p("photo", "InputFile", "String", required=True),
        _p("caption", "String"),
        _p("parse_mode", "String"),
        _p("caption_entities", "Array of MessageEntity"),
        _p("show_caption_above_media", "Boolean"),
        _p("has_spoiler", "Boolean"),
        *_SEND_TAIL,
    ),
    "sendDocument": (
        *_CHAT,
        _p("document", "InputFile", "String", required=True),
        _p("thumbnail", "InputFile", "String"),
        _p("caption", "String"),
        _p("parse_mode", "String"),
        _p("caption_entities", "Array of MessageEntity"),
        _p("disable_content_type_detection", "Boolean"),
        *_SEND_TAIL,
    ),
    "sendVoice": (
        *_CHAT,
        _p("voice", "InputFile", "String", required=True),
        _p("caption", "String"),
        _p("parse_mode", "String"),
        _p("caption_entities", "Array of MessageEntity"),
        _p("duration", "Integer"),
        *_SEND_TAIL,
    ),
    "sendVideoNote": (
        *_CHAT,
        _p("video_note", "InputFile", "String", required=True),
        _p("duration", "Integer"),
        _p("length", "Integer"),
        _p("thumbnail", "InputFile", "String"),
        *_SEND_TAIL,
    ),
    "sendLocation": (
        *_CHAT,
        _p("latitude", "Float", required=True),
        _p("longitude", "Float", required=True),
        _p("horizontal_accuracy", "Float"),
        _p("live_period", "Integer"),
        _p("heading", "Integer"),
        _p("proximity_alert_radius", "Integer"),
        *_SEND_TAIL,
    ),
    "sendContact": (
        *_CHAT,
        _p("phone_number", "String", required=True),
        _p("first_name", "String", required=True),
        _p("last_name", "String"),
        _p("vcard", "String"),
        *_SEND_TAIL,
    ),
    "sendChatAction": (*_CHAT, _p("action", "String", required=True)),
    "getFile": (_p("file_id", "String", required=True),),
    "setMyCommands": (_p("commands", "Array of BotCommand", required=True), *_SCOPE),
    "getMyCommands": _SCOPE,
    "deleteMyCommands": _SCOPE,
}

# Methods that put a message in a chat: they count against the flood limits.
SENDING_METHODS = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendVoice",
        "sendVideoNote",
        "sendLocation",
        "sendContact",
    }
)

# Telegram's method names are case-insensitive.
_BY_LOWER = {name.lower(): name for name in METHODS}


def canonical_name(method: str) -> str | None:
    """The table's spelling of a method name, or None when the server does not serve it."""
    return _BY_LOWER.get(method.lower())
