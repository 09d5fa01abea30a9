"""A person in the sandbox: what a farmer, a station's staff or an admin does and sees.

Tests and the terminal chat get these from `Harness.user(...)`. Every action
(`send`, `press`, `share_location`, ...) injects the update Telegram would create,
waits until the bot has finished handling it, and returns `Replies`: the bot's
new messages in this chat, plus what it edited, deleted and how it answered a
button press.
"""

from __future__ import annotations

import asyncio
import struct
import time
import zlib
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from bot.sandbox.sending import image_size
from bot.sandbox.server import BotApiServer
from bot.sandbox.state import JSON, CallbackQuery, Chat, Message, Person


class Driver(Protocol):
    """What a SandboxUser needs of what runs the bot (`Harness`): the server, a wait."""

    server: BotApiServer
    timeout: float

    async def wait_handled(
        self,
        update_id: int | None,
        *,
        what: str,
        chat: Chat,
        within: float | None = None,
        mark: int | None = None,
    ) -> None:
        """Wait until the bot has handled this update and gone quiet."""


def sample_png(
    width: int = 64, height: int = 48, rgb: tuple[int, int, int] = (60, 160, 60)
) -> bytes:
    """A small valid PNG (a plain green field), for photos people send."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


class Replies(list[Message]):
    """The bot's new messages after one action, with what else it changed meanwhile."""

    def __init__(self, events: Iterable[tuple[str, Any]]) -> None:
        events = list(events)
        super().__init__(m for kind, m in events if kind == "message" and m.from_bot)
        self.edited: list[Message] = [m for kind, m in events if kind == "edit" and m.from_bot]
        self.deleted: list[Message] = [m for kind, m in events if kind == "delete"]
        self.actions: list[str] = [a for kind, a in events if kind == "action"]
        answers = [q for kind, q in events if kind == "answer"]
        # The answer to this action's button press (None if it was not a press).
        self.answer: CallbackQuery | None = answers[-1] if answers else None
        # Seconds from the action to the bot's first new message here (None: no message).
        self.seconds: float | None = None

    @property
    def texts(self) -> list[str]:
        """The text (or caption) of each new message."""
        return [message.content for message in self]

    @property
    def last(self) -> Message:
        """The newest message of this batch."""
        if not self:
            raise AssertionError("the bot sent no new message")
        return self[-1]


class SandboxUser:
    """One person, acting in one chat (their private chat with the bot unless `at` a group)."""

    def __init__(self, harness: Driver, person: Person, chat: Chat) -> None:
        self.harness = harness
        self.person = person
        self.chat = chat
        # The newest message this person sent (to reply to it, e.g. a forward).
        self.sent: Message | None = None

    def __repr__(self) -> str:
        return f"<{self.name} ({self.id}) in chat {self.chat.id}>"

    @property
    def id(self) -> int:
        """The person's Telegram user id."""
        return self.person.id

    @property
    def name(self) -> str:
        """The person's display name."""
        return self.person.full_name

    def at(self, chat: Chat) -> SandboxUser:
        """The same person acting in another chat (a group)."""
        return SandboxUser(self.harness, self.person, chat)

    # --- acting ---------------------------------------------------------------

    async def _step(
        self, what: str, inject: Callable[[], int | None], within: float | None
    ) -> Replies:
        mark = len(self.chat.events)
        started = time.monotonic()
        update_id = inject()
        # This person's own reply time, whatever else the bot is busy with.
        timer = asyncio.create_task(self._first_reply(mark, started))
        try:
            await self.harness.wait_handled(
                update_id, what=f"{self.name} {what}", chat=self.chat, within=within, mark=mark
            )
        finally:
            if not timer.done():
                timer.cancel()
        replies = Replies(self.chat.events[mark:])
        if timer.done() and not timer.cancelled():
            replies.seconds = timer.result()
        return replies

    async def _first_reply(self, mark: int, started: float) -> float:
        """Seconds from `started` to the bot's first new message in this chat (after `mark`)."""
        while True:
            changed = self.chat.changed
            if any(k == "message" and m.from_bot for k, m in self.chat.events[mark:]):
                return time.monotonic() - started
            await changed.wait()

    async def timed(self, text: str, *, within: float | None = None) -> float:
        """Send a text and wait only for this person's first reply; the seconds it took.

        Unlike `send`, it does not wait for the bot to finish everything else
        (other people's updates, pushes): under a flood this is the person's
        own latency, not the backlog's.
        """
        limit = within if within is not None else self.harness.timeout
        mark = len(self.chat.events)
        started = time.monotonic()
        self._post(text=text)
        try:
            return await asyncio.wait_for(self._first_reply(mark, started), limit)
        except TimeoutError:
            raise AssertionError(
                f"{self.name} sent {text[:60]!r}: no reply within {limit} s\n{self.chat.render()}"
            ) from None

    def _post(
        self,
        *,
        text: str | None = None,
        media: JSON | None = None,
        caption: str | None = None,
        reply_to: Message | None = None,
        forward_from: SandboxUser | None = None,
        hidden_name: str | None = None,
    ) -> int | None:
        message, update_id = self.harness.server.api.user_message(
            self.person,
            self.chat,
            text=text,
            media=media,
            caption=caption,
            reply_to=reply_to,
            forward_from=forward_from.person if forward_from is not None else None,
            forward_hidden_name=hidden_name,
        )
        self.sent = message
        return update_id

    async def send(
        self, text: str, *, reply_to: Message | None = None, within: float | None = None
    ) -> Replies:
        """Type and send a text (or a /command)."""
        return await self._step(
            f"sent {text[:60]!r}", lambda: self._post(text=text, reply_to=reply_to), within
        )

    async def forward(
        self,
        text: str,
        origin: SandboxUser | None = None,
        *,
        hidden_name: str | None = None,
        within: float | None = None,
    ) -> Replies:
        """Forward `origin`'s message saying `text` (`hidden_name`: they hide forwards)."""
        return await self._step(
            f"forwarded {text[:60]!r}",
            lambda: self._post(text=text, forward_from=origin, hidden_name=hidden_name),
            within,
        )

    async def press(
        self,
        label_or_data: str,
        *,
        message: Message | None = None,
        location: tuple[float, float] | None = None,
        contact: str | None = None,
        within: float | None = None,
    ) -> Replies:
        """Press a button by its label (or callback data).

        Inline buttons are looked for on `message`, else on the newest bot message
        that has one; then the reply keyboard shown now (tapping one sends its
        label, or shares `location`/`contact` for request_location/request_contact).
        """
        if message is not None:
            button = message.find_button(label_or_data)
            found = (message, button) if button is not None else None
        else:
            found = self.chat.find_button(label_or_data)
        if found is not None:
            target, button = found
            if "callback_data" not in button:
                raise AssertionError(
                    f"button {button['text']!r} opens {button} and sends the bot nothing"
                )
            return await self.press_data(button["callback_data"], message=target, within=within)
        key = self.chat.keyboard_button(label_or_data)
        if key is None or message is not None:
            raise AssertionError(
                f"{self.name} sees no button {label_or_data!r}: inline "
                f"{[m.buttons for m in self.chat.bot_messages if m.buttons][-3:]}, "
                f"keyboard {self.chat.keyboard_labels}\n{self.chat.render()}"
            )
        if isinstance(key, dict) and key.get("request_location"):
            if location is None:
                raise AssertionError(f"{label_or_data!r} shares a location: pass location=")
            return await self.share_location(*location, within=within)
        if isinstance(key, dict) and key.get("request_contact"):
            return await self.share_contact(contact, within=within)
        return await self.send(label_or_data, within=within)

    async def press_data(
        self, data: str, *, message: Message | None = None, within: float | None = None
    ) -> Replies:
        """Send a callback query with any data (stale or forged buttons) on a bot message."""
        target = message or (self.chat.bot_messages[-1] if self.chat.bot_messages else None)
        if target is None:
            raise AssertionError(f"no bot message in chat {self.chat.id} to press a button on")

        def inject() -> int:
            return self.harness.server.api.user_press(self.person, target, data)[1]

        return await self._step(f"pressed {data!r}", inject, within)

    async def share_location(
        self, latitude: float, longitude: float, *, within: float | None = None
    ) -> Replies:
        """Share a location (the paper-clip → Location in a client)."""
        location = {"latitude": latitude, "longitude": longitude}
        return await self._step(
            f"shared location {latitude}, {longitude}",
            lambda: self._post(media={"location": location}),
            within,
        )

    async def share_contact(
        self, phone_number: str | None = None, *, within: float | None = None
    ) -> Replies:
        """Share their own contact (a phone number)."""
        contact = {
            "phone_number": phone_number or f"+86138{self.id:08d}"[-14:],
            "first_name": self.person.first_name,
            "user_id": self.id,
        }
        return await self._step(
            "shared a contact", lambda: self._post(media={"contact": contact}), within
        )

    async def send_photo(
        self, data: bytes | None = None, *, caption: str | None = None, within: float | None = None
    ) -> Replies:
        """Send a photo (a small generated PNG unless `data` is given)."""
        content = data if data is not None else sample_png()
        size = image_size(content) or (0, 0)
        record = self.harness.server.api.user_file(content, "photo", mime_type="image/jpeg")
        photo = [
            {
                "file_id": record.file_id,
                "file_unique_id": record.file_unique_id,
                "width": size[0],
                "height": size[1],
                "file_size": record.size,
            }
        ]
        return await self._step(
            "sent a photo", lambda: self._post(media={"photo": photo}, caption=caption), within
        )

    async def send_document(
        self,
        data: bytes,
        file_name: str = "document.txt",
        *,
        mime_type: str = "application/octet-stream",
        caption: str | None = None,
        within: float | None = None,
    ) -> Replies:
        """Send a file."""
        record = self.harness.server.api.user_file(
            data, "document", mime_type=mime_type, file_name=file_name
        )
        document = {
            "file_id": record.file_id,
            "file_unique_id": record.file_unique_id,
            "file_name": file_name,
            "mime_type": mime_type,
            "file_size": record.size,
        }
        return await self._step(
            f"sent {file_name}",
            lambda: self._post(media={"document": document}, caption=caption),
            within,
        )

    async def send_voice(
        self,
        duration: int = 3,
        *,
        data: bytes | None = None,
        reply_to: Message | None = None,
        within: float | None = None,
    ) -> Replies:
        """Send a voice message (held-down microphone), `duration` seconds long."""
        record = self.harness.server.api.user_file(
            data or b"OggS" + bytes(60) + self.id.to_bytes(8, "big") + bytes([duration % 256]),
            "voice",
            mime_type="audio/ogg",
            seconds=duration,
        )
        voice = {
            "file_id": record.file_id,
            "file_unique_id": record.file_unique_id,
            "duration": duration,
            "mime_type": "audio/ogg",
            "file_size": record.size,
        }
        return await self._step(
            f"sent a voice message ({duration} s)",
            lambda: self._post(media={"voice": voice}, reply_to=reply_to),
            within,
        )

    async def send_video_note(
        self, duration: int = 5, *, reply_to: Message | None = None, within: float | None = None
    ) -> Replies:
        """Send a video note (the round video a client records), `duration` seconds long."""
        record = self.harness.server.api.user_file(
            b"\x00\x00\x00\x18ftypmp42" + bytes(40) + self.id.to_bytes(8, "big"),
            "video_note",
            mime_type="video/mp4",
            seconds=duration,
        )
        note = {
            "file_id": record.file_id,
            "file_unique_id": record.file_unique_id,
            "duration": duration,
            "length": 240,
            "file_size": record.size,
        }
        return await self._step(
            f"sent a video note ({duration} s)",
            lambda: self._post(media={"video_note": note}, reply_to=reply_to),
            within,
        )

    async def send_sticker(self, emoji: str = "👍", *, within: float | None = None) -> Replies:
        """Send a sticker."""
        record = self.harness.server.api.user_file(
            b"RIFF" + bytes(60), "sticker", mime_type="image/webp"
        )
        sticker = {
            "file_id": record.file_id,
            "file_unique_id": record.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return await self._step(
            "sent a sticker", lambda: self._post(media={"sticker": sticker}), within
        )

    async def edit(self, message: Message, text: str, *, within: float | None = None) -> Replies:
        """Edit one of their own text messages (an edited_message update)."""
        return await self._step(
            f"edited #{message.message_id}",
            lambda: self.harness.server.api.user_edit(message, text),
            within,
        )

    async def block_bot(self, *, within: float | None = None) -> Replies:
        """Block the bot: a my_chat_member update, then every send to them fails with 403."""
        return await self._step(
            "blocked the bot",
            lambda: self.harness.server.api.user_blocks(self.person, True),
            within,
        )

    async def unblock_bot(self, *, within: float | None = None) -> Replies:
        """Unblock the bot again."""
        return await self._step(
            "unblocked the bot",
            lambda: self.harness.server.api.user_blocks(self.person, False),
            within,
        )

    async def next_reply(self, within: float | None = None) -> Message:
        """Wait for the bot's next new message here (pushed by a job, a broadcast, staff ...)."""
        limit = within if within is not None else self.harness.timeout
        seen = len(self.chat.bot_messages)
        deadline = time.monotonic() + limit
        while len(self.chat.bot_messages) <= seen:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(
                    f"no new message for {self.name} within {limit} s\n{self.chat.render()}"
                )
            try:
                await asyncio.wait_for(self.chat.changed.wait(), remaining)
            except TimeoutError:
                continue
        return self.chat.bot_messages[seen]

    # --- reading ----------------------------------------------------------------

    @property
    def last(self) -> Message:
        """The bot's newest (not deleted) message in this chat."""
        messages = self.chat.bot_messages
        if not messages:
            raise AssertionError(f"the bot has sent {self.name} nothing\n{self.chat.render()}")
        return messages[-1]

    @property
    def messages(self) -> list[Message]:
        """The bot's messages in this chat, oldest first."""
        return self.chat.bot_messages

    @property
    def transcript(self) -> list[Message]:
        """Every message in this chat, from both sides, oldest first."""
        return list(self.chat.messages)

    @property
    def keyboard(self) -> list[str]:
        """Labels of the reply keyboard the client shows now."""
        return self.chat.keyboard_labels

    @property
    def presses(self) -> list[CallbackQuery]:
        """Every button press in this chat, with the bot's answers."""
        return list(self.chat.presses)

    def render(self) -> str:
        """The chat as readable text."""
        return self.chat.render()
