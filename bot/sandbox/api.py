"""Telegram's side of the conversation: the Bot API methods and what people do.

`BotApi` holds the world the bot talks to (people, chats, files, button presses,
pending updates) and implements each served method with Telegram's semantics and
error texts. The HTTP layer (server.py) parses requests and calls `call`; the
user side (client.py) calls the `user_*` methods, which create updates.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import struct
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from bot.sandbox import formatting
from bot.sandbox.flood import FloodControl, FloodLimits
from bot.sandbox.methods import SENDING_METHODS
from bot.sandbox.state import (
    JSON,
    CallbackQuery,
    Chat,
    FileRecord,
    Files,
    Message,
    Person,
    now,
)
from bot.sandbox.validation import (
    MAX_CALLBACK_ANSWER,
    MAX_CAPTION,
    MAX_TEXT,
    ApiError,
    Upload,
    bad_request,
    check_entities,
    check_reply_markup,
)

# Every update type; getUpdates without allowed_updates delivers all but the last three.
ALL_UPDATE_TYPES = [
    "message",
    "edited_message",
    "channel_post",
    "edited_channel_post",
    "business_connection",
    "business_message",
    "edited_business_message",
    "deleted_business_messages",
    "inline_query",
    "chosen_inline_result",
    "callback_query",
    "shipping_query",
    "pre_checkout_query",
    "purchased_paid_media",
    "poll",
    "poll_answer",
    "my_chat_member",
    "chat_join_request",
    "chat_boost",
    "removed_chat_boost",
    "chat_member",
    "message_reaction",
    "message_reaction_count",
]
DEFAULT_UPDATE_TYPES = frozenset(ALL_UPDATE_TYPES[:-3])
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
COMMAND_SCOPES = frozenset(
    {
        "default",
        "all_private_chats",
        "all_group_chats",
        "all_chat_administrators",
        "chat",
        "chat_administrators",
        "chat_member",
    }
)
MAX_DOWNLOAD = 20 * 1024 * 1024  # getFile serves files up to 20 MB
_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
QUERY_GONE = "query is too old and response timeout expired or query ID is invalid"
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG, JPEG, GIF or WebP image; None if it is none of them."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return width, height
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return width, height
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP" and data[12:16] == b"VP8X":
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return width, height
    if data[:2] == b"\xff\xd8":
        i = 2
        while i + 9 < len(data):
            if data[i] != 0xFF:
                return None
            marker = data[i + 1]
            length = int.from_bytes(data[i + 2 : i + 4], "big")
            if marker in (0xC0, 0xC1, 0xC2):  # start of frame: height, then width
                height, width = struct.unpack(">HH", data[i + 5 : i + 9])
                return width, height
            i += 2 + length
    return None


@dataclass
class Webhook:
    """The webhook the bot set, and how delivering to it went."""

    url: str = ""
    secret_token: str | None = None
    max_connections: int = 40
    ip_address: str | None = None
    has_custom_certificate: bool = False
    last_error_date: int | None = None
    last_error_message: str | None = None


def update_kind(update: JSON) -> str:
    """The type of an update: message, callback_query, ..."""
    return next(key for key in update if key != "update_id")


@dataclass
class UpdateQueue:
    """Pending updates: each stays until the bot confirms it (getUpdates offset or webhook 2xx)."""

    pending: list[JSON] = field(default_factory=list)
    allowed: frozenset[str] = DEFAULT_UPDATE_TYPES
    confirmed: int = 0  # every update_id below this is confirmed
    discarded: set[int] = field(default_factory=set)  # not of an allowed type
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _changed: asyncio.Event = field(default_factory=asyncio.Event)

    def push(self, kind: str, payload: JSON) -> int:
        """Queue one update; returns its update_id."""
        update_id = next(self._ids)
        self.pending.append({"update_id": update_id, kind: payload})
        self.notify()
        return update_id

    def notify(self) -> None:
        """Wake long polls, the webhook deliverer and confirmation waiters."""
        self._changed.set()
        self._changed = asyncio.Event()

    async def changed(self, within: float | None) -> None:
        """Wait for the next change, at most `within` seconds (None: for ever)."""
        event = self._changed
        try:
            await asyncio.wait_for(event.wait(), within)
        except TimeoutError:
            pass

    def confirm_below(self, offset: int) -> None:
        """Forget every update with an id below `offset` (the bot has it)."""
        self.pending = [u for u in self.pending if u["update_id"] >= offset]
        if offset > self.confirmed:
            self.confirmed = offset
            self.notify()

    def keep_last(self, count: int) -> None:
        """A negative offset: keep only the last `count` updates."""
        dropped = self.pending[:-count] if count else self.pending
        if dropped:
            self.confirm_below(dropped[-1]["update_id"] + 1)

    def deliverable(self) -> list[JSON]:
        """Pending updates of allowed types; the others are discarded, never delivered."""
        kept = []
        for update in self.pending:
            if update_kind(update) in self.allowed:
                kept.append(update)
            else:
                self.discarded.add(update["update_id"])
        self.pending = kept
        return kept

    def clear(self) -> None:
        """Drop everything pending (drop_pending_updates)."""
        if self.pending:
            self.confirm_below(self.pending[-1]["update_id"] + 1)

    def is_confirmed(self, update_id: int) -> bool:
        """Whether the bot has confirmed this update (or it was never to be delivered)."""
        return update_id < self.confirmed or update_id in self.discarded


class BotApi:
    """One bot's view of Telegram: its account, the chats it is in, and everything pending."""

    def __init__(
        self,
        bot: Person,
        *,
        flood: FloodLimits | None = None,
        privacy_mode: bool = True,
        callback_ttl: float = 15.0,
        fetch_url: Callable[[str], Awaitable[bytes]] | None = None,
    ) -> None:
        self.bot = bot
        self.people: dict[int, Person] = {}
        self.chats: dict[int, Chat] = {}
        self.files = Files()
        self.queries: dict[str, CallbackQuery] = {}
        self.updates = UpdateQueue()
        self.webhook = Webhook()
        self.commands: dict[tuple[str, str], list[JSON]] = {}
        self.flood = FloodControl(flood or FloodLimits())
        self.privacy_mode = privacy_mode
        self.callback_ttl = callback_ttl
        self.messages_sent = 0  # by the bot, in every chat (benchmarks wait on it)
        self.fetch_url = fetch_url
        self._query_ids = itertools.count(4_000_000_001)
        self._poll_generation = 0
        self.handlers: dict[str, Callable[[JSON], Awaitable[Any]]] = {
            "getMe": self.get_me,
            "getUpdates": self.get_updates,
            "setWebhook": self.set_webhook,
            "deleteWebhook": self.delete_webhook,
            "getWebhookInfo": self.get_webhook_info,
            "sendMessage": self.send_message,
            "editMessageText": self.edit_message_text,
            "editMessageCaption": self.edit_message_caption,
            "editMessageReplyMarkup": self.edit_message_reply_markup,
            "deleteMessage": self.delete_message,
            "answerCallbackQuery": self.answer_callback_query,
            "sendPhoto": self.send_photo,
            "sendDocument": self.send_document,
            "sendLocation": self.send_location,
            "sendContact": self.send_contact,
            "sendChatAction": self.send_chat_action,
            "getFile": self.get_file,
            "setMyCommands": self.set_my_commands,
            "getMyCommands": self.get_my_commands,
            "deleteMyCommands": self.delete_my_commands,
        }

    async def call(self, method: str, params: JSON) -> Any:
        """Run one served method on checked parameters; raises ApiError as Telegram fails."""
        return await self.handlers[method](params)

    # --- people and chats -------------------------------------------------

    def person(self, user_id: int, first_name: str, **details: Any) -> Person:
        """Register (or update) a Telegram account and its private chat with the bot."""
        person = self.people.get(user_id)
        if person is None:
            person = Person(user_id, first_name, **details)
            self.people[user_id] = person
            self.chats[user_id] = Chat(id=user_id, type="private", person=person)
        else:
            person.first_name = first_name
            for key, value in details.items():
                setattr(person, key, value)
        return person

    def group(
        self, chat_id: int, title: str, *, kind: str = "supergroup", username: str | None = None
    ) -> Chat:
        """A group (or supergroup) the bot is a member of."""
        if chat_id >= 0:
            raise ValueError("group chat ids are negative (e.g. -1001234567890)")
        chat = self.chats.get(chat_id)
        if chat is None:
            chat = Chat(id=chat_id, type=kind, title=title, username=username)
            self.chats[chat_id] = chat
        return chat

    def _chat(self, chat_id: int | str) -> Chat:
        if isinstance(chat_id, str):
            wanted = chat_id.removeprefix("@").lower()
            for chat in self.chats.values():
                name = chat.username or (chat.person.username if chat.person else None)
                if name and name.lower() == wanted and chat_id.startswith("@"):
                    return chat
            raise bad_request("chat not found")
        found = self.chats.get(chat_id)
        if found is None:
            raise bad_request("chat not found")
        return found

    def _writable(self, chat_id: int | str) -> Chat:
        chat = self._chat(chat_id)
        if chat.blocked:
            if chat.is_private:
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            raise ApiError(403, "Forbidden: bot was kicked from the supergroup chat")
        return chat

    # --- updates ----------------------------------------------------------

    async def get_me(self, params: JSON) -> JSON:
        """getMe: the bot's own account."""
        return {
            **self.bot.to_dict(),
            "can_join_groups": True,
            "can_read_all_group_messages": not self.privacy_mode,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def get_updates(self, params: JSON) -> list[JSON]:
        """getUpdates: confirm by offset, then return what is pending, long-polling if asked."""
        if self.webhook.url:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = params.get("offset")
        limit = min(max(params.get("limit", 100), 1), 100)
        timeout = max(params.get("timeout", 0), 0)
        if "allowed_updates" in params:
            allowed = params["allowed_updates"]
            self.updates.allowed = frozenset(allowed) if allowed else DEFAULT_UPDATE_TYPES
        if offset is not None:
            if offset < 0:
                self.updates.keep_last(-offset)
            else:
                self.updates.confirm_below(offset)
        # A newer getUpdates call ends this one with 409, as on Telegram.
        self._poll_generation += 1
        generation = self._poll_generation
        self.updates.notify()  # the poll this one replaces wakes up and sees it
        deadline = time.monotonic() + timeout
        while True:
            ready = self.updates.deliverable()
            if ready:
                return ready[:limit]
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return []
            await self.updates.changed(remaining)
            if generation != self._poll_generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make "
                    "sure that only one bot instance is running",
                )

    async def set_webhook(self, params: JSON) -> bool:
        """setWebhook: updates are pushed to the URL from now on (an empty URL removes it)."""
        url = params["url"]
        if url == "":
            return await self.delete_webhook(params)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise bad_request("bad webhook: invalid webhook URL specified")
        secret = params.get("secret_token")
        if secret is not None and not _SECRET_RE.match(secret):
            raise bad_request("secret token contains unallowed characters")
        max_connections = params.get("max_connections", 40)
        if not 1 <= max_connections <= 100:
            raise bad_request("bad webhook: max_connections must be between 1 and 100")
        if params.get("drop_pending_updates"):
            self.updates.clear()
        if "allowed_updates" in params:
            allowed = params["allowed_updates"]
            self.updates.allowed = frozenset(allowed) if allowed else DEFAULT_UPDATE_TYPES
        self.webhook = Webhook(
            url=url,
            secret_token=secret,
            max_connections=max_connections,
            ip_address=params.get("ip_address"),
            has_custom_certificate="certificate" in params,
        )
        self._poll_generation += 1  # a waiting getUpdates ends
        self.updates.notify()
        return True

    async def delete_webhook(self, params: JSON) -> bool:
        """deleteWebhook: back to getUpdates."""
        if params.get("drop_pending_updates"):
            self.updates.clear()
        self.webhook = Webhook()
        self.updates.notify()
        return True

    async def get_webhook_info(self, params: JSON) -> JSON:
        """getWebhookInfo: the webhook and its delivery state."""
        hook = self.webhook
        info: JSON = {
            "url": hook.url,
            "has_custom_certificate": hook.has_custom_certificate,
            "pending_update_count": len(self.updates.pending),
        }
        if hook.url:
            info["max_connections"] = hook.max_connections
            info["allowed_updates"] = sorted(self.updates.allowed)
            if hook.ip_address:
                info["ip_address"] = hook.ip_address
        if hook.last_error_date is not None:
            info["last_error_date"] = hook.last_error_date
            info["last_error_message"] = hook.last_error_message
        return info

    # --- sending ----------------------------------------------------------

    def _admit(self, method: str, chat: Chat, params: JSON) -> None:
        if method not in SENDING_METHODS:
            return
        wait = self.flood.admit(
            chat.id, private=chat.is_private, paid=bool(params.get("allow_paid_broadcast"))
        )
        if wait is not None:
            raise ApiError(429, f"Too Many Requests: retry after {wait}", {"retry_after": wait})

    def _markup(self, params: JSON, *, inline_only: bool = False) -> JSON | None:
        markup: JSON | None = params.get("reply_markup")
        if markup is not None:
            check_reply_markup(markup, inline_only=inline_only)
        return markup

    def _reply_to(self, chat: Chat, params: JSON) -> Message | None:
        reply = params.get("reply_parameters")
        if not reply:
            return None
        message_id = reply.get("message_id")
        target_chat: Chat = self._chat(reply["chat_id"]) if reply.get("chat_id") else chat
        target = target_chat.get(message_id) if isinstance(message_id, int) else None
        if target is None and not reply.get("allow_sending_without_reply"):
            raise bad_request("message to be replied not found")
        return target

    def _formatted(
        self, text: str, params: JSON, entities_key: str, *, limit: int, what: str
    ) -> tuple[str, list[JSON]]:
        try:
            if params.get(entities_key) is not None:
                plain, entities = formatting.trim(text, params[entities_key])
                check_entities(entities, formatting.utf16_len(plain))
            else:
                plain, entities = formatting.parse(text, params.get("parse_mode"))
        except formatting.EntityError as exc:
            raise bad_request(f"can't parse entities: {exc}") from None
        if what == "text" and not plain:
            raise bad_request("message text is empty")
        # Telegram counts UTF-16 code units (an emoji is two), not code points.
        if formatting.utf16_len(plain) > limit:
            raise bad_request(
                "message is too long" if what == "text" else "message caption is too long"
            )
        return plain, entities

    def _new_message(self, method: str, params: JSON, **content: Any) -> JSON:
        chat = self._writable(params["chat_id"])
        markup = self._markup(params)
        reply_to = self._reply_to(chat, params)
        self._admit(method, chat, params)
        message = chat.add(
            Message(
                message_id=chat.next_message_id(),
                chat=chat,
                sender=self.bot,
                date=now(),
                reply_markup=markup,
                reply_to=reply_to,
                **content,
            )
        )
        self.messages_sent += 1
        return message.to_dict()

    async def send_message(self, params: JSON) -> JSON:
        """sendMessage."""
        chat = self._writable(params["chat_id"])  # chat errors come before text errors
        text, entities = self._formatted(
            params["text"], params, "entities", limit=MAX_TEXT, what="text"
        )
        return self._new_message(
            "sendMessage", {**params, "chat_id": chat.id}, text=text, entities=entities
        )

    def _caption(self, params: JSON) -> JSON:
        if params.get("caption") is None:
            return {}
        caption, entities = self._formatted(
            params["caption"], params, "caption_entities", limit=MAX_CAPTION, what="caption"
        )
        return {"caption": caption, "caption_entities": entities}

    async def _file(self, value: Upload | str, kind: str) -> FileRecord:
        """The file a send method names: an upload, a file_id or a URL."""
        if isinstance(value, Upload):
            return self.files.add(
                value.data, kind, mime_type=value.content_type, file_name=value.filename
            )
        existing = self.files.get(value)
        if existing is not None:
            if kind == "photo" and existing.kind != "photo":
                raise bad_request(f"can't use file of type {existing.kind.title()} as Photo")
            return existing
        if value.startswith(("http://", "https://")):
            if self.fetch_url is None:
                raise bad_request("failed to get HTTP URL content")
            try:
                content = await self.fetch_url(value)
            except (OSError, ValueError, TimeoutError):
                raise bad_request("failed to get HTTP URL content") from None
            name = urlsplit(value).path.rsplit("/", 1)[-1] or None
            return self.files.add(content, kind, file_name=name)
        raise bad_request("wrong file identifier/HTTP URL specified")

    async def send_photo(self, params: JSON) -> JSON:
        """sendPhoto: an upload must be an image Telegram can process."""
        self._writable(params["chat_id"])
        record = await self._file(params["photo"], "photo")
        size = image_size(record.content)
        if size is None:
            raise bad_request("IMAGE_PROCESS_FAILED")
        photo = [
            {
                "file_id": record.file_id,
                "file_unique_id": record.file_unique_id,
                "width": size[0],
                "height": size[1],
                "file_size": record.size,
            }
        ]
        return self._new_message(
            "sendPhoto", params, media={"photo": photo}, **self._caption(params)
        )

    async def send_document(self, params: JSON) -> JSON:
        """sendDocument."""
        self._writable(params["chat_id"])
        record = await self._file(params["document"], "document")
        document: JSON = {
            "file_id": record.file_id,
            "file_unique_id": record.file_unique_id,
            "file_size": record.size,
        }
        if record.file_name:
            document["file_name"] = record.file_name
        if record.mime_type:
            document["mime_type"] = record.mime_type
        return self._new_message(
            "sendDocument", params, media={"document": document}, **self._caption(params)
        )

    async def send_location(self, params: JSON) -> JSON:
        """sendLocation."""
        latitude, longitude = params["latitude"], params["longitude"]
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise bad_request("wrong latitude or longitude specified")
        location: JSON = {"latitude": latitude, "longitude": longitude}
        for key in ("horizontal_accuracy", "live_period", "heading", "proximity_alert_radius"):
            if key in params:
                location[key] = params[key]
        return self._new_message("sendLocation", params, media={"location": location})

    async def send_contact(self, params: JSON) -> JSON:
        """sendContact."""
        contact = {
            k: params[k]
            for k in ("phone_number", "first_name", "last_name", "vcard")
            if k in params
        }
        return self._new_message("sendContact", params, media={"contact": contact})

    async def send_chat_action(self, params: JSON) -> bool:
        """sendChatAction: shown in the transcript as an event, never as a message."""
        chat = self._writable(params["chat_id"])
        if params["action"] not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        chat.actions.append(params["action"])
        chat.record("action", params["action"])
        return True

    # --- editing ----------------------------------------------------------

    def _target(self, params: JSON, verb: str = "edit") -> Message:
        if params.get("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")  # inline messages are not served
        if params.get("chat_id") is None:
            raise bad_request("chat_id is empty")
        if params.get("message_id") is None:
            raise bad_request("message identifier is not specified")
        chat = self._writable(params["chat_id"])
        message = chat.get(params["message_id"])
        if message is None:
            raise bad_request(f"message to {verb} not found")
        if verb == "edit" and not message.from_bot:
            raise bad_request("message can't be edited")
        return message

    def _apply_edit(self, message: Message, markup: JSON | None, **changes: Any) -> JSON:
        unchanged = markup == message.reply_markup and all(
            getattr(message, key) == value for key, value in changes.items()
        )
        if unchanged:
            raise bad_request(NOT_MODIFIED)
        message.history.append(message.content)
        for key, value in changes.items():
            setattr(message, key, value)
        message.reply_markup = markup
        message.edit_date = now()
        message.chat.record("edit", message)
        return message.to_dict()

    async def edit_message_text(self, params: JSON) -> JSON:
        """editMessageText: without reply_markup the inline keyboard goes, as on Telegram."""
        message = self._target(params)
        if message.text is None:
            raise bad_request("there is no text in the message to edit")
        if params.get("text") is None:
            raise bad_request("message text is empty")
        text, entities = self._formatted(
            params["text"], params, "entities", limit=MAX_TEXT, what="text"
        )
        markup = self._markup(params, inline_only=True)
        return self._apply_edit(message, markup, text=text, entities=entities)

    async def edit_message_caption(self, params: JSON) -> JSON:
        """editMessageCaption."""
        message = self._target(params)
        if message.kind == "text":
            raise bad_request("there is no caption in the message to edit")
        caption = self._caption(params) or {"caption": None, "caption_entities": []}
        markup = self._markup(params, inline_only=True)
        return self._apply_edit(message, markup, **caption)

    async def edit_message_reply_markup(self, params: JSON) -> JSON:
        """editMessageReplyMarkup: no reply_markup removes the inline keyboard."""
        message = self._target(params)
        markup = self._markup(params, inline_only=True)
        return self._apply_edit(message, markup)

    async def delete_message(self, params: JSON) -> bool:
        """deleteMessage."""
        message = self._target(params, verb="delete")
        message.deleted = True
        message.chat.record("delete", message)
        return True

    async def answer_callback_query(self, params: JSON) -> bool:
        """answerCallbackQuery: once per query, within the time Telegram allows."""
        query = self.queries.get(params["callback_query_id"])
        if query is None or query.answered or time.monotonic() - query.created > self.callback_ttl:
            raise bad_request(QUERY_GONE)
        text = params.get("text")
        if text is not None and len(text) > MAX_CALLBACK_ANSWER:
            raise bad_request("MESSAGE_TOO_LONG")
        query.answered = True
        query.text = text or None
        query.show_alert = bool(params.get("show_alert"))
        query.url = params.get("url")
        query.message.chat.record("answer", query)
        return True

    # --- files and commands -----------------------------------------------

    async def get_file(self, params: JSON) -> JSON:
        """getFile: where to download a file from."""
        record = self.files.get(params["file_id"])
        if record is None:
            raise bad_request("invalid file_id")
        if record.size > MAX_DOWNLOAD:
            raise bad_request("file is too big")
        return record.to_file()

    def _scope_key(self, params: JSON) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        if scope.get("type") not in COMMAND_SCOPES:
            raise bad_request("wrong scope type specified")
        language = params.get("language_code", "")
        if language and not re.match(r"^[a-z]{2}$", language):
            raise bad_request("invalid language code specified")
        return json.dumps(scope, sort_keys=True), language

    async def set_my_commands(self, params: JSON) -> bool:
        """setMyCommands: 1-32 lowercase letters, digits, _; descriptions 1-256 characters."""
        commands = params["commands"]
        if len(commands) > 100:
            raise bad_request("too many commands")
        for command in commands:
            name, description = command.get("command"), command.get("description")
            if not isinstance(name, str) or not _COMMAND_RE.match(name):
                raise bad_request("BOT_COMMAND_INVALID")
            if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands[self._scope_key(params)] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    async def get_my_commands(self, params: JSON) -> list[JSON]:
        """getMyCommands for exactly this scope and language."""
        return list(self.commands.get(self._scope_key(params), []))

    async def delete_my_commands(self, params: JSON) -> bool:
        """deleteMyCommands."""
        self.commands.pop(self._scope_key(params), None)
        return True

    # --- what people do (the user side) -------------------------------------

    def _bot_sees(self, chat: Chat, message: Message) -> bool:
        """Privacy mode: in groups the bot gets commands, replies to it and mentions only."""
        if chat.is_private or not self.privacy_mode:
            return True
        text = message.content
        if text.startswith("/"):
            return True
        if message.reply_to is not None and message.reply_to.from_bot:
            return True
        return bool(self.bot.username) and f"@{self.bot.username}".lower() in text.lower()

    def user_message(
        self,
        person: Person,
        chat: Chat,
        *,
        text: str | None = None,
        media: JSON | None = None,
        caption: str | None = None,
        reply_to: Message | None = None,
    ) -> tuple[Message, int | None]:
        """A person posts in a chat; returns the message and its update_id (None if unseen)."""
        if text is not None and not 1 <= len(text) <= MAX_TEXT:
            raise ValueError(f"a Telegram client sends 1-{MAX_TEXT} characters, not {len(text)}")
        if chat.is_private and chat.person is not person:
            raise ValueError(f"chat {chat.id} is {chat.person}'s private chat, not {person}'s")
        self.flood.person_acted(chat.id)
        message = chat.add(
            Message(
                message_id=chat.next_message_id(),
                chat=chat,
                sender=person,
                date=now(),
                text=text,
                entities=formatting.detect_entities(text) if text else [],
                media=media or {},
                caption=caption,
                caption_entities=formatting.detect_entities(caption) if caption else [],
                reply_to=reply_to,
            )
        )
        if not self._bot_sees(chat, message):
            return message, None
        return message, self.updates.push("message", message.to_dict())

    def user_edit(self, message: Message, text: str) -> int | None:
        """A person edits their own text message (an edited_message update)."""
        if message.from_bot or message.text is None:
            raise ValueError("people can only edit their own text messages")
        message.history.append(message.text)
        message.text = text
        message.entities = formatting.detect_entities(text)
        message.edit_date = now()
        message.chat.record("edit", message)
        if not self._bot_sees(message.chat, message):
            return None
        return self.updates.push("edited_message", message.to_dict())

    def user_press(self, person: Person, message: Message, data: str) -> tuple[CallbackQuery, int]:
        """A person presses an inline button; returns the callback query and its update_id."""
        query = CallbackQuery(
            id=str(next(self._query_ids)),
            person=person,
            message=message,
            data=data,
            created=time.monotonic(),
        )
        self.queries[query.id] = query
        self.flood.person_acted(message.chat.id)
        message.chat.presses.append(query)
        message.chat.record("press", query)
        payload = {
            "id": query.id,
            "from": person.to_dict(),
            "message": message.to_dict(),
            "chat_instance": str(abs(message.chat.id) * 7919 % 10**12),
            "data": data,
        }
        return query, self.updates.push("callback_query", payload)

    def user_blocks(self, person: Person, blocked: bool) -> int:
        """A person blocks (or unblocks) the bot: a my_chat_member update, and sends fail."""
        chat = self.chats[person.id]
        chat.blocked = blocked

        def member(status: str) -> JSON:
            # A "kicked" member always carries until_date (0: for ever).
            extra = {"until_date": 0} if status == "kicked" else {}
            return {"status": status, "user": self.bot.to_dict(), **extra}

        old, new = ("member", "kicked") if blocked else ("kicked", "member")
        return self.updates.push(
            "my_chat_member",
            {
                "chat": chat.to_dict(),
                "from": person.to_dict(),
                "date": now(),
                "old_chat_member": member(old),
                "new_chat_member": member(new),
            },
        )

    def user_file(
        self,
        content: bytes,
        kind: str,
        *,
        mime_type: str | None = None,
        file_name: str | None = None,
    ) -> FileRecord:
        """Store a file a person sends, so the bot can getFile it."""
        return self.files.add(content, kind, mime_type=mime_type, file_name=file_name)
