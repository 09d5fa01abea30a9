"""Telegram's side of the conversation: the Bot API methods and what people do.

`BotApi` holds the world the bot talks to (people, chats, files, button presses,
pending updates) and implements each served method with Telegram's semantics and
error texts. The HTTP layer (server.py) parses requests and calls `call`; the
user side (client.py) calls the `user_*` methods, which create updates.
"""

from __future__ import annotations

import itertools
import json
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from bot.sandbox import formatting
from bot.sandbox.flood import FloodControl, FloodLimits
from bot.sandbox.sending import SendingMethods
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
from bot.sandbox.updates import DEFAULT_UPDATE_TYPES, UpdateQueue, Webhook
from bot.sandbox.validation import (
    MAX_TEXT,
    ApiError,
    bad_request,
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


class BotApi(SendingMethods):
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
            "sendVoice": self.send_voice,
            "sendVideoNote": self.send_video_note,
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
        if "chat_id" in scope:
            # As Telegram: a chat scope names a chat the bot knows (a person who
            # never opened the bot has none yet).
            self._chat(scope["chat_id"])
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
        forward_from: Person | None = None,
        forward_hidden_name: str | None = None,
    ) -> tuple[Message, int | None]:
        """A person posts in a chat; returns the message and its update_id (None if unseen).

        With `forward_from` (or only `forward_hidden_name`) it is a message they
        forwarded from someone else.
        """
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
                forward_from=forward_from,
                forward_hidden_name=forward_hidden_name,
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
        seconds: int | None = None,
    ) -> FileRecord:
        """Store a file a person sends, so the bot can getFile it."""
        return self.files.add(
            content, kind, mime_type=mime_type, file_name=file_name, seconds=seconds
        )
