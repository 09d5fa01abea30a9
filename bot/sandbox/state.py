"""What the sandbox server knows: people, chats, messages, files, updates and button presses.

Everything here is plain data in Telegram's JSON shapes, so the server can answer
the bot and tests can read a chat the way a farmer's phone would show it.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]

INLINE_ACTIONS = (
    "callback_data",
    "url",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)


def now() -> int:
    """Unix time in whole seconds, as message dates are."""
    return int(time.time())


@dataclass
class Person:
    """A Telegram account: a farmer, a staff member, an admin, or the bot itself."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None
    is_bot: bool = False

    @property
    def full_name(self) -> str:
        """First and last name, as clients show them."""
        return f"{self.first_name} {self.last_name}" if self.last_name else self.first_name

    def to_dict(self) -> JSON:
        """The Bot API `User` object."""
        data: JSON = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        return data


@dataclass
class FileRecord:
    """An uploaded or user-sent file the bot may fetch with getFile."""

    file_id: str
    file_unique_id: str
    content: bytes
    file_path: str
    mime_type: str | None = None
    file_name: str | None = None
    kind: str = "document"  # photo, document, voice, video_note, sticker, certificate
    seconds: int | None = None  # a voice's or video note's length, as its sender said

    @property
    def size(self) -> int:
        """Size in bytes."""
        return len(self.content)

    def to_file(self) -> JSON:
        """The Bot API `File` object (what getFile returns)."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.size,
            "file_path": self.file_path,
        }


@dataclass(eq=False)  # one object per message: identity is equality
class Message:
    """One message in a chat, sent by the bot or by a person."""

    message_id: int
    chat: Chat
    sender: Person
    date: int
    text: str | None = None
    entities: list[JSON] = field(default_factory=list)
    caption: str | None = None
    caption_entities: list[JSON] = field(default_factory=list)
    # photo, document, location, contact, voice, sticker: the Bot API objects.
    media: JSON = field(default_factory=dict)
    reply_markup: JSON | None = None
    reply_to: Message | None = None
    edit_date: int | None = None
    # Earlier texts (or captions) of the message, oldest first, one per edit.
    history: list[str | None] = field(default_factory=list)
    deleted: bool = False
    # A forwarded message: whose it was (or only a name, when they hide forwards).
    forward_from: Person | None = None
    forward_hidden_name: str | None = None

    @property
    def from_bot(self) -> bool:
        """Whether the bot sent this message."""
        return self.sender.is_bot

    @property
    def kind(self) -> str:
        """text, photo, document, location, contact, voice or sticker."""
        return next(iter(self.media), "text")

    @property
    def content(self) -> str:
        """The text or the caption: what a reader sees as words."""
        return self.text if self.text is not None else self.caption or ""

    @property
    def inline_keyboard(self) -> list[list[JSON]]:
        """Rows of inline buttons (empty without an inline keyboard)."""
        rows: list[list[JSON]] = (self.reply_markup or {}).get("inline_keyboard") or []
        return rows

    @property
    def buttons(self) -> list[str]:
        """Labels of the inline buttons, row by row."""
        return [button["text"] for row in self.inline_keyboard for button in row]

    @property
    def button_rows(self) -> list[list[str]]:
        """Labels of the inline buttons, as rows."""
        return [[button["text"] for button in row] for row in self.inline_keyboard]

    @property
    def callback_data(self) -> list[str]:
        """callback_data of the inline buttons that have one."""
        return [
            b["callback_data"] for row in self.inline_keyboard for b in row if "callback_data" in b
        ]

    @property
    def keyboard(self) -> list[str]:
        """Labels of the reply keyboard this message brought up (empty if none)."""
        rows = (self.reply_markup or {}).get("keyboard") or []
        return [_label(button) for row in rows for button in row]

    @property
    def removes_keyboard(self) -> bool:
        """Whether this message removed the reply keyboard."""
        return bool((self.reply_markup or {}).get("remove_keyboard"))

    @property
    def edited(self) -> bool:
        """Whether the message was edited since it was sent."""
        return self.edit_date is not None

    def find_button(self, label_or_data: str) -> JSON | None:
        """The inline button with this label or callback data (labels win)."""
        buttons = [b for row in self.inline_keyboard for b in row]
        for button in buttons:
            if button["text"] == label_or_data:
                return button
        for button in buttons:
            if button.get("callback_data") == label_or_data:
                return button
        return None

    def to_dict(self) -> JSON:
        """The Bot API `Message` object."""
        data: JSON = {
            "message_id": self.message_id,
            "from": self.sender.to_dict(),
            "chat": self.chat.to_dict(),
            "date": self.date,
        }
        if self.text is not None:
            data["text"] = self.text
            if self.entities:
                data["entities"] = self.entities
        if self.caption is not None:
            data["caption"] = self.caption
            if self.caption_entities:
                data["caption_entities"] = self.caption_entities
        data.update(self.media)
        # Telegram echoes only inline keyboards in Message objects.
        if self.reply_markup and "inline_keyboard" in self.reply_markup:
            data["reply_markup"] = self.reply_markup
        if self.reply_to is not None:
            data["reply_to_message"] = {
                k: v for k, v in self.reply_to.to_dict().items() if k != "reply_to_message"
            }
        if self.edit_date is not None:
            data["edit_date"] = self.edit_date
        if self.forward_from is not None:
            data["forward_origin"] = {
                "type": "user",
                "date": self.date,
                "sender_user": self.forward_from.to_dict(),
            }
        elif self.forward_hidden_name is not None:
            data["forward_origin"] = {
                "type": "hidden_user",
                "date": self.date,
                "sender_user_name": self.forward_hidden_name,
            }
        return data

    def __str__(self) -> str:
        return render_message(self)

    def __repr__(self) -> str:
        who = "bot" if self.from_bot else self.sender.full_name
        extra = f" buttons={self.buttons}" if self.buttons else ""
        extra += f" keyboard={self.keyboard}" if self.keyboard else ""
        return f"<Message #{self.message_id} in {self.chat.id} by {who}: {self.content!r}{extra}>"


def _label(button: Any) -> str:
    return button if isinstance(button, str) else str(button.get("text", ""))


@dataclass(eq=False)  # one object per press: identity is equality
class CallbackQuery:
    """A press of an inline button, and the bot's answer to it."""

    id: str
    person: Person
    message: Message
    data: str
    created: float  # time.monotonic()
    answered: bool = False
    text: str | None = None
    show_alert: bool = False
    url: str | None = None

    def __repr__(self) -> str:
        return f"<CallbackQuery {self.id} on #{self.message.message_id}: {self}>"

    def __str__(self) -> str:
        if not self.answered:
            return f'pressed "{self.data}" (not answered)'
        shown = f': {"alert" if self.show_alert else "toast"} "{self.text}"' if self.text else ""
        return f'pressed "{self.data}" → answered{shown}'


@dataclass(eq=False)  # one object per chat: identity is equality
class Chat:
    """A private chat with one person, or a group the bot is in."""

    id: int
    type: str  # private, group or supergroup
    title: str | None = None
    person: Person | None = None  # the other side of a private chat
    username: str | None = None
    messages: list[Message] = field(default_factory=list)
    presses: list[CallbackQuery] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    # The reply keyboard the client shows now (set by the bot's last keyboard message).
    keyboard: JSON | None = None
    blocked: bool = False
    # Everything that happened here, in order: (kind, object) with kind one of
    # message, edit, delete, answer, action. Replies and the terminal read it.
    events: list[tuple[str, Any]] = field(default_factory=list)
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1), repr=False)
    changed: asyncio.Event = field(default_factory=asyncio.Event, repr=False)

    def __repr__(self) -> str:
        return f"<Chat {self.id} ({self.type}) with {len(self.messages)} messages>"

    @property
    def is_private(self) -> bool:
        """Whether this is a one-to-one chat."""
        return self.type == "private"

    def next_message_id(self) -> int:
        """Message ids count up per chat."""
        return next(self._ids)

    def add(self, message: Message) -> Message:
        """Append a message and update what the client shows."""
        self.messages.append(message)
        markup = message.reply_markup or {}
        if message.from_bot and "keyboard" in markup:
            self.keyboard = markup
        elif message.from_bot and markup.get("remove_keyboard"):
            self.keyboard = None
        self.record("message", message)
        return message

    def record(self, kind: str, subject: Any) -> None:
        """Log an event and wake whoever waits for this chat to change."""
        self.events.append((kind, subject))
        self.touch()

    def touch(self) -> None:
        """Wake whoever waits for this chat to change."""
        self.changed.set()
        self.changed = asyncio.Event()

    def get(self, message_id: int) -> Message | None:
        """A message of this chat by id (None if it never existed or was deleted)."""
        for message in reversed(self.messages):
            if message.message_id == message_id:
                return None if message.deleted else message
        return None

    def find_button(self, label_or_data: str) -> tuple[Message, JSON] | None:
        """The newest bot message with an inline button of this label or data, and the button."""
        for message in reversed(self.bot_messages):
            button = message.find_button(label_or_data)
            if button is not None:
                return message, button
        return None

    @property
    def bot_messages(self) -> list[Message]:
        """Messages the bot sent here that were not deleted."""
        return [m for m in self.messages if m.from_bot and not m.deleted]

    @property
    def keyboard_labels(self) -> list[str]:
        """Labels of the reply keyboard shown now."""
        rows = (self.keyboard or {}).get("keyboard") or []
        return [_label(button) for row in rows for button in row]

    def keyboard_button(self, label: str) -> Any | None:
        """The shown reply keyboard's button with this label."""
        for row in (self.keyboard or {}).get("keyboard") or []:
            for button in row:
                if _label(button) == label:
                    return button
        return None

    def to_dict(self) -> JSON:
        """The Bot API `Chat` object."""
        data: JSON = {"id": self.id, "type": self.type}
        if self.is_private and self.person is not None:
            data["first_name"] = self.person.first_name
            if self.person.last_name:
                data["last_name"] = self.person.last_name
            if self.person.username:
                data["username"] = self.person.username
        else:
            data["title"] = self.title or str(self.id)
            if self.username:
                data["username"] = self.username
        return data

    def render(self) -> str:
        """The whole chat as text: what each side said, with keyboards and button presses."""
        name = self.title or (self.person.full_name if self.person else str(self.id))
        lines = [f"--- chat {self.id} ({self.type}, {name}) ---"]
        presses = {id(p.message): [] for p in self.presses}  # type: dict[int, list[str]]
        for press in self.presses:
            presses[id(press.message)].append(str(press))
        for message in self.messages:
            lines.append(render_message(message))
            lines.extend(f"    ↳ {line}" for line in presses.get(id(message), []))
        if self.keyboard_labels:
            lines.append(f"    keyboard now: {self.keyboard_labels}")
        return "\n".join(lines)


def render_message(message: Message) -> str:
    """One message as a transcript line (plus its buttons)."""
    who = "bot" if message.from_bot else message.sender.full_name
    body = message.content
    if message.kind != "text":
        detail = describe_media(message.media)
        body = f"{detail} {body}".strip()
    flags = (" (edited)" if message.edited else "") + (" (deleted)" if message.deleted else "")
    origin = message.forward_from.full_name if message.forward_from else message.forward_hidden_name
    if origin is not None:
        flags += f" (forwarded from {origin})"
    text = f"#{message.message_id} {who}{flags}: {body}"
    if message.inline_keyboard:
        text += "\n    buttons: " + " | ".join(
            "  ".join(f"[{b['text']}]" for b in row) for row in message.inline_keyboard
        )
    if message.keyboard:
        text += f"\n    keyboard: {message.keyboard}"
    if message.removes_keyboard:
        text += "\n    (keyboard removed)"
    return text


def describe_media(media: JSON) -> str:
    """A short description of a non-text message."""
    if "photo" in media:
        biggest = media["photo"][-1]
        return f"[photo {biggest['width']}x{biggest['height']}]"
    if "document" in media:
        doc = media["document"]
        return f"[document {doc.get('file_name', '')} {doc.get('file_size', 0)} bytes]"
    if "location" in media:
        loc = media["location"]
        return f"[location {loc['latitude']:.5f}, {loc['longitude']:.5f}]"
    if "contact" in media:
        contact = media["contact"]
        return f"[contact {contact['first_name']} {contact['phone_number']}]"
    if "voice" in media:
        return f"[语音 {media['voice']['duration']}秒]"
    if "video_note" in media:
        return f"[视频留言 {media['video_note']['duration']}秒]"
    if "sticker" in media:
        return f"[sticker {media['sticker'].get('emoji', '')}]"
    return "[" + ", ".join(media) + "]"


class Files:
    """Every file the server holds, by file_id."""

    def __init__(self) -> None:
        self.by_id: dict[str, FileRecord] = {}
        self.by_path: dict[str, FileRecord] = {}
        self._ids = itertools.count(1)
        # Told of each new file (bot/sandbox/kept.py keeps them next to the sandbox's database).
        self.on_add: Callable[[FileRecord], None] | None = None

    def restore(self, record: FileRecord) -> None:
        """Hold a file kept from an earlier run, under its old file_id; new ids count on."""
        self.by_id[record.file_id] = record
        self.by_path[record.file_path] = record
        number = int(record.file_path.rsplit("_", 1)[1].split(".", 1)[0])
        self._ids = itertools.count(max(number + 1, next(self._ids)))

    def add(
        self,
        content: bytes,
        kind: str,
        *,
        mime_type: str | None = None,
        file_name: str | None = None,
        seconds: int | None = None,
    ) -> FileRecord:
        """Store content; identical content keeps its file_unique_id, as on Telegram."""
        digest = hashlib.sha256(content).hexdigest()
        unique = f"AgAD{digest[:16]}"
        number = next(self._ids)
        if kind == "photo":
            suffix = ".jpg"  # Telegram re-encodes every photo as JPEG
        elif file_name and "." in file_name:
            suffix = "." + file_name.rsplit(".", 1)[1]
        else:
            suffix = ""
        record = FileRecord(
            file_id=f"BQACAgUAAx{number:06d}{digest[:24]}",
            file_unique_id=unique,
            content=content,
            file_path=f"{kind}s/file_{number}{suffix}",
            mime_type=mime_type,
            file_name=file_name,
            kind=kind,
            seconds=seconds,
        )
        self.by_id[record.file_id] = record
        self.by_path[record.file_path] = record
        if self.on_add is not None:
            self.on_add(record)
        return record

    def get(self, file_id: str) -> FileRecord | None:
        """A file by its file_id."""
        return self.by_id.get(file_id)
