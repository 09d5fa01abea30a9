"""Telegram's send*, edit*, deleteMessage and answerCallbackQuery, as `BotApi` serves them."""

from __future__ import annotations

import struct
import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from bot.sandbox import formatting
from bot.sandbox.flood import FloodControl
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


class SendingMethods:
    """The bot's sending, editing and callback-answer methods, on the state `BotApi` holds."""

    # Set by BotApi.__init__.
    bot: Person
    chats: dict[int, Chat]
    files: Files
    queries: dict[str, CallbackQuery]
    flood: FloodControl
    callback_ttl: float
    messages_sent: int
    fetch_url: Callable[[str], Awaitable[bytes]] | None

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

    async def _recording(self, value: Upload | str, kind: str, params: JSON) -> JSON:
        """The Voice or VideoNote object of a sendVoice/sendVideoNote."""
        record = await self._file(value, kind)
        if isinstance(value, str) and record.kind != kind:
            # Telegram refuses a file_id of another type (a photo sent as a voice).
            what = "Voice" if kind == "voice" else "VideoNote"
            raise bad_request(f"can't use file of type {record.kind.title()} as {what}")
        media: JSON = {
            "file_id": record.file_id,
            "file_unique_id": record.file_unique_id,
            # Telegram reads the length from the file; the sandbox takes the sender's word.
            "duration": int(params.get("duration") or record.seconds or 1),
            "file_size": record.size,
        }
        if kind == "voice":
            media["mime_type"] = record.mime_type or "audio/ogg"
        else:
            media["length"] = int(params.get("length") or 240)
        return media

    async def send_voice(self, params: JSON) -> JSON:
        """sendVoice: an upload, or the file_id of a voice the bot received or sent."""
        self._writable(params["chat_id"])
        voice = await self._recording(params["voice"], "voice", params)
        return self._new_message(
            "sendVoice", params, media={"voice": voice}, **self._caption(params)
        )

    async def send_video_note(self, params: JSON) -> JSON:
        """sendVideoNote: a round video; no caption, as on Telegram."""
        self._writable(params["chat_id"])
        note = await self._recording(params["video_note"], "video_note", params)
        return self._new_message("sendVideoNote", params, media={"video_note": note})

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
