"""`farmhub sandbox`: chat with FarmHub in the terminal, offline, on the configured database.

The local Bot API server and the real bot run in this process; you type as a
farmer, a station's staff member or an admin. The bot's replies are printed with
their buttons as numbered choices: type the number to press one. The inline
buttons of the last few bot messages stay pressable (the newest message's first,
then the earlier ones', numbered on), then the reply keyboard's. Lines starting
with / go to the bot, except the sandbox's own commands:

    /as farmer|staff|admin|ID   become another person (each has their own chat)
    /loc LAT LON                share a location, e.g. /loc 30.27 120.15
    /contact [PHONE]            share your phone number
    /photo [FILE]               send a photo (a generated one without FILE)
    /file FILE                  send a document
    /voice [SECONDS]            send a voice message (3 seconds unless given)
    /videonote [SECONDS]        send a video note (the round video; 5 seconds)
    /sticker [EMOJI]            send a sticker
    /press LABEL                press a button by its label (or its unique start)
    /say TEXT                   send TEXT as it is (e.g. a number)
    /history                    this chat so far
    /sandbox                    this help
    /quit                       leave (Ctrl-D too)
"""

from __future__ import annotations

import asyncio
import logging
import shlex
import sys
import unicodedata
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from bot.core.config import Settings
from bot.core.db import dispose_engine, init_engine, session_scope
from bot.sample import NEIGHBOURS
from bot.sandbox.client import Replies, SandboxUser
from bot.sandbox.harness import Harness
from bot.sandbox.kept import files_path, keep_files, learn_chats
from bot.sandbox.server import BotApiServer
from bot.sandbox.state import CallbackQuery, Chat, Message, describe_media
from bot.sandbox.validation import MAX_TEXT
from bot.users import get_user

ADMIN_ID = 30001
STEP_TIMEOUT = 20.0
# The inline buttons of this many bot messages (the newest with buttons) can be pressed
# by number: enough for a list plus its follow-up (stations + pin, today + tomorrow).
RECENT_WITH_BUTTONS = 5
ROLES = {"farmer": 10001, "staff": 20001, "admin": ADMIN_ID}
PEOPLE = {10001: "张大爷", 20001: "李站长", ADMIN_ID: "王管理员"}
HELP = (__doc__ or "").split("sandbox's own commands:\n\n", 1)[1].rstrip()


@dataclass
class Choice:
    """A numbered button the person can press."""

    label: str
    message: Message | None  # None: a reply keyboard button


@dataclass
class Terminal:
    """The chat as the terminal shows it: who you are, what was printed, what to press."""

    harness: Harness
    out: TextIO = sys.stdout
    user: SandboxUser | None = None
    printed: dict[int, int] = field(default_factory=dict)  # chat id → events shown
    # chat id → how many of the bot's messages there were shown or announced
    announced: dict[int, int] = field(default_factory=lambda: dict.fromkeys(PEOPLE, 0))
    choices: list[Choice] = field(default_factory=list)
    busy: bool = False

    def say(self, text: str = "") -> None:
        """Print a line at once (pexpect and people read as it comes)."""
        self.out.write(text + "\n")
        self.out.flush()

    @property
    def me(self) -> SandboxUser:
        """Who is typing now."""
        assert self.user is not None
        return self.user

    def prompt(self) -> None:
        """Show whose turn it is."""
        self.out.write(f"{self.me.name} › ")
        self.out.flush()

    def become(self, user_id: int, name: str) -> None:
        """Switch identity; show what this person has not seen yet."""
        self.user = self.harness.user(user_id, name)
        self.printed.setdefault(self.me.chat.id, len(self.me.chat.events))
        self.say(f"— you are now {name} ({user_id}) —")
        # Numbers press this person's buttons only, never the previous identity's:
        # shown again here unless what is new for them shows them anyway.
        self.choices = []
        self.show_new()
        if not self.choices:
            self._choices(self.me.chat)

    # --- showing the bot's side ------------------------------------------------

    def show_new(self) -> None:
        """Print what happened in this chat since last shown, then the choices."""
        chat = self.me.chat
        start = self.printed.get(chat.id, 0)
        events = chat.events[start:]
        self.printed[chat.id] = len(chat.events)
        for kind, subject in events:
            if kind == "message" and subject.from_bot:
                self._message(subject, "🤖")
            elif kind == "edit" and subject.from_bot:
                self._message(subject, "🤖 (edited)")
            elif kind == "delete":
                self.say(f"🗑  message #{subject.message_id} was deleted")
            elif kind == "answer":
                self._answer(subject)
        if any(kind in ("message", "edit") for kind, s in events if getattr(s, "from_bot", 0)):
            self._choices(chat)
        self.announced[chat.id] = len(chat.bot_messages)

    def _message(self, message: Message, who: str) -> None:
        lines = message.content.splitlines() or [""]
        if message.kind != "text":
            lines[0] = f"{describe_media(message.media)} {lines[0]}".rstrip()
        self.say(f"{who} {lines[0]}")
        for line in lines[1:]:
            self.say(f"   {line}")

    def _answer(self, query: CallbackQuery) -> None:
        if query.text:
            self.say(f"{'⚠️ ' if query.show_alert else '💬'} {query.text}")

    def _choices(self, chat: Chat) -> None:
        """Number the last messages' buttons (newest first), then the reply keyboard's."""
        newest = chat.bot_messages[-1] if chat.bot_messages else None
        recent = [m for m in chat.bot_messages if m.buttons][-RECENT_WITH_BUTTONS:][::-1]
        inline = [Choice(label, message) for message in recent for label in message.buttons]
        keyboard = [Choice(label, None) for label in chat.keyboard_labels]
        self.choices = inline + keyboard
        number = 1
        for message in recent:
            labels = "  ".join(f"({i}) {b}" for i, b in enumerate(message.buttons, number))
            number += len(message.buttons)
            # An earlier message's buttons say which message they are on.
            where = "" if message is newest else f"↑ #{message.message_id} {_gist(message)}: "
            self.say(f"   {where}{labels}")
        if keyboard:
            numbered = [f"[{i}] {c.label}" for i, c in enumerate(keyboard, len(inline) + 1)]
            self.say("   ⌨ " + "  ".join(numbered))

    def _matching(self, start: str) -> Choice | str | None:
        """The choice whose label is `start` or uniquely starts with it; a problem, or None."""
        exact = [c for c in self.choices if c.label == start]
        if exact:
            return exact[0]  # the newest message's button with this label
        wanted = start.casefold()
        found = [
            c
            for c in self.choices
            if c.label.casefold().startswith(wanted) or _words(c.label).startswith(wanted)
        ]
        labels = list(dict.fromkeys(c.label for c in found))
        if len(labels) > 1:
            return f"{start!r} is the start of more than one button: " + "  ".join(labels)
        return found[0] if found else None

    def _unannounced(self) -> list[tuple[str, str, int, int]]:
        """(name, /as argument, count, chat id) of other identities (the three roles, and
        anyone become with /as ID) with bot messages not yet mentioned."""
        found = []
        reach = {user_id: role for role, user_id in ROLES.items()}
        for chat_id in self.printed:
            reach.setdefault(chat_id, str(chat_id))
        for user_id, arg in reach.items():
            chat = self.harness.server.api.chats.get(user_id)
            if chat is None or chat is self.me.chat:
                continue
            count = len(chat.bot_messages) - self.announced.get(chat.id, 0)
            if count > 0:
                name = chat.person.full_name if chat.person else PEOPLE.get(user_id, arg)
                found.append((name, arg, count, chat.id))
        return found

    def _elsewhere(self) -> None:
        """Mention new bot messages in the other people's chats, each once."""
        for name, arg, count, chat_id in self._unannounced():
            self.say(f"📨 {name} has {count} new message(s): /as {arg}")
            self.announced[chat_id] = self.announced.get(chat_id, 0) + count

    # --- acting --------------------------------------------------------------------

    async def step(self, action: Callable[[], Awaitable[Replies]]) -> None:
        """Run one action, then show the bot's answer (or why there is none)."""
        self.busy = True
        try:
            await action()
        except AssertionError as exc:
            self.say(f"(sandbox: {str(exc).splitlines()[0]})")
        finally:
            self.busy = False
        self.show_new()

    async def handle(self, line: str) -> bool:
        """Act on one typed line; False when the person wants to leave."""
        going_on = await self._act(line)
        self._elsewhere()
        return going_on

    async def _act(self, line: str) -> bool:
        text = line.strip()
        if not text:
            return True
        if text.isdigit() and 1 <= int(text) <= len(self.choices):
            choice = self.choices[int(text) - 1]
            await self.step(
                lambda: self.me.press(choice.label, message=choice.message, within=STEP_TIMEOUT)
            )
            return True
        command, _, rest = text.partition(" ")
        handler = self.commands().get(command)
        if handler is None and len(text) > MAX_TEXT:
            # Telegram apps never send more: the line is refused here, as a phone would.
            limit = f"at most {MAX_TEXT} characters, not {len(text)}"
            self.say(f"(sandbox: a Telegram message holds {limit})")
            return True
        if handler is None:
            await self.step(lambda: self.me.send(text, within=STEP_TIMEOUT))
            return True
        return await handler(rest.strip())

    def commands(self) -> dict[str, Callable[[str], Awaitable[bool]]]:
        """The sandbox's own commands (everything else goes to the bot)."""
        return {
            "/as": self._as,
            "/loc": self._loc,
            "/contact": self._contact,
            "/photo": self._photo,
            "/file": self._file,
            "/voice": self._voice,
            "/videonote": self._video_note,
            "/sticker": self._sticker,
            "/press": self._press,
            "/say": self._say,
            "/history": self._history,
            "/sandbox": self._help,
            "/quit": self._quit,
            "/exit": self._quit,
        }

    async def _as(self, arg: str) -> bool:
        user_id = ROLES.get(arg.lower()) or (int(arg) if arg.isdigit() else None)
        if user_id is None:
            self.say("usage: /as farmer|staff|admin|USER_ID")
            return True
        names = {**PEOPLE, **{n[0]: n[1] for n in NEIGHBOURS}}
        known = self.harness.server.api.people.get(user_id)  # from the database
        name = names.get(user_id) or (known.first_name if known else f"用户{user_id}")
        self.become(user_id, name)
        return True

    async def _loc(self, arg: str) -> bool:
        try:
            lat, lon = (float(x) for x in arg.replace(",", " ").split())
        except ValueError:
            self.say("usage: /loc LATITUDE LONGITUDE   e.g. /loc 30.27 120.15")
            return True
        await self.step(lambda: self.me.share_location(lat, lon, within=STEP_TIMEOUT))
        return True

    async def _contact(self, arg: str) -> bool:
        await self.step(lambda: self.me.share_contact(arg or None, within=STEP_TIMEOUT))
        return True

    async def _photo(self, arg: str) -> bool:
        data = await _read(arg) if arg else None
        if arg and data is None:
            self.say(f"no such file: {arg}")
            return True
        await self.step(lambda: self.me.send_photo(data, within=STEP_TIMEOUT))
        return True

    async def _file(self, arg: str) -> bool:
        data = await _read(arg) if arg else None
        if data is None:
            self.say("usage: /file PATH (an existing file)")
            return True
        name = Path(shlex.split(arg)[0]).name
        await self.step(lambda: self.me.send_document(data, name, within=STEP_TIMEOUT))
        return True

    async def _voice(self, arg: str) -> bool:
        seconds = int(arg) if arg.isdigit() and 0 < int(arg) < 3600 else 3
        await self.step(lambda: self.me.send_voice(seconds, within=STEP_TIMEOUT))
        return True

    async def _video_note(self, arg: str) -> bool:
        seconds = int(arg) if arg.isdigit() and 0 < int(arg) <= 60 else 5
        await self.step(lambda: self.me.send_video_note(seconds, within=STEP_TIMEOUT))
        return True

    async def _sticker(self, arg: str) -> bool:
        await self.step(lambda: self.me.send_sticker(arg or "👍", within=STEP_TIMEOUT))
        return True

    async def _press(self, arg: str) -> bool:
        if not arg:
            self.say("usage: /press LABEL (a button's label, or the start of one)")
            return True
        choice = self._matching(arg)
        if isinstance(choice, str):
            self.say(choice)
        elif choice is not None:
            await self.step(
                lambda: self.me.press(choice.label, message=choice.message, within=STEP_TIMEOUT)
            )
        else:  # not shown now: an older button, or callback data
            await self.step(lambda: self.me.press(arg, within=STEP_TIMEOUT))
        return True

    async def _say(self, arg: str) -> bool:
        if arg:
            await self.step(lambda: self.me.send(arg, within=STEP_TIMEOUT))
        return True

    async def _history(self, arg: str) -> bool:
        self.say(self.me.render())
        return True

    async def _help(self, arg: str) -> bool:
        self.say(HELP)
        return True

    async def _quit(self, arg: str) -> bool:
        return False

    # --- the loop ------------------------------------------------------------------

    async def watch(self) -> None:
        """Print messages that arrive while the person is not acting (jobs, other people)."""
        while True:
            await asyncio.sleep(0.2)
            chat = self.me.chat
            here = len(chat.events) > self.printed.get(chat.id, 0)
            if not self.busy and (here or self._unannounced()):
                self.say()
                self.show_new()
                self._elsewhere()
                self.prompt()

    async def run(self, read_line: Callable[[], Awaitable[str]]) -> None:
        """Read lines until /quit or end of input."""
        watcher = asyncio.create_task(self.watch())
        try:
            while True:
                self.prompt()
                line = await read_line()
                if line == "":  # end of input (Ctrl-D)
                    self.say()
                    return
                if not await self.handle(line):
                    return
        finally:
            watcher.cancel()


def _gist(message: Message, width: int = 16) -> str:
    """The start of a message's first line, to say which message buttons are on."""
    line = (message.content.splitlines() or [""])[0]
    return line if len(line) <= width else line[:width] + "…"


def _words(label: str) -> str:
    """A label without its leading emoji and spaces, case-folded, for /press by start."""
    for index, char in enumerate(label):
        if unicodedata.category(char)[0] in "LN":
            return label[index:].casefold()
    return label.casefold()


async def _read(arg: str) -> bytes | None:
    """The bytes of the file named by `arg`, None if there is no such file."""
    path = Path(shlex.split(arg)[0])
    try:
        return await asyncio.to_thread(lambda: path.expanduser().read_bytes())
    except OSError:
        return None


async def _missing_sample_users() -> list[int]:
    async with session_scope() as session:
        return [uid for uid in PEOPLE if await get_user(session, uid) is None]


async def chat(
    settings: Settings, read_line: Callable[[], Awaitable[str]], out: TextIO = sys.stdout
) -> None:
    """Start the server and the bot on the configured database, then chat until done."""
    # The admin identity only works if the configuration names it an admin.
    settings = settings.model_copy(update={"admin_ids": sorted({*settings.admin_ids, ADMIN_ID})})
    init_engine(settings.database_url)
    # The sample's people have opened the bot before (the demo identities, and
    # SG01's farmers that a notice reaches): the server knows their chats before
    # the bot starts, so the staff's and admin's command menus can be set.
    server = BotApiServer()
    for user_id, name in (*PEOPLE.items(), *((n[0], n[1]) for n in NEIGHBOURS)):
        server.api.person(user_id, name, language_code="zh-hans")
    # A new run on the same database: the chats and files of the earlier ones.
    await learn_chats(server.api)
    kept = files_path(settings.database_url)
    if kept is not None:
        keep_files(server.api.files, kept)
    await server.start()
    try:
        async with Harness.start(settings, server=server, step_timeout=STEP_TIMEOUT) as harness:
            terminal = Terminal(harness, out)
            terminal.say("FarmHub sandbox: a local Telegram Bot API server and the bot, offline.")
            terminal.say(f"Database: {settings.database_url}")
            if await _missing_sample_users():
                terminal.say("Tip: `farmhub sample load` adds the sample users and data.")
            terminal.say(
                "Type as a farmer would (try /start). Numbers press buttons; "
                "/sandbox lists the sandbox's commands."
            )
            terminal.become(ROLES["farmer"], PEOPLE[ROLES["farmer"]])
            await terminal.run(read_line)
            for problem in harness.problems():
                terminal.say(f"(sandbox: {problem})")
    finally:
        await server.stop()
        await dispose_engine()


async def _stdin_line() -> str:
    return await asyncio.to_thread(sys.stdin.readline)


def run_sandbox(settings: Settings) -> int:
    """Run the terminal sandbox until the person leaves; returns the exit code."""
    # Log only what a developer must see: PTB's INFO lines would break up the chat.
    logging.getLogger().setLevel(logging.WARNING)
    for name in ("telegram", "httpx", "aiohttp"):
        logging.getLogger(name).setLevel(logging.WARNING)
    # "Run time of job ... was missed by 0:00:01" on a busy machine is not news.
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    try:
        asyncio.run(chat(settings, _stdin_line))
    except KeyboardInterrupt:
        print()
    return 0
