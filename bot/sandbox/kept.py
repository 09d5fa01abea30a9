"""What the terminal sandbox keeps between runs on the same database file.

The database outlives a `farmhub sandbox` run, but the Bot API server lives in
memory. So a new run would not know the chats of people the database knows (a
staff reply to a farmer: 400 "chat not found") nor the files their questions
carry (/questions: 400 "wrong file identifier"). Here the server learns, before
the bot starts, a private chat for everyone who has written to the bot (a blocked
one for those marked inactive) and the groups linked to stations; and the files
it held are kept in a file next to a SQLite database (`<db>.sandbox-files.json`),
so a file_id stored in the database still works in the next run. Messages,
button presses and the updates queue are not kept: each run's chats start empty.
"""

from __future__ import annotations

import base64
import json
import logging
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import make_url

from bot.core.db import session_scope
from bot.models.stations import Station
from bot.models.users import User
from bot.sandbox.api import BotApi
from bot.sandbox.state import FileRecord, Files

log = logging.getLogger(__name__)


async def learn_chats(api: BotApi) -> int:
    """Register the chats of the people and station groups the database knows; how many."""
    async with session_scope() as session:
        users = list(
            await session.execute(
                select(
                    User.telegram_id, User.name, User.username, User.language, User.active
                ).where(User.started_at.is_not(None))
            )
        )
        groups = list(
            await session.execute(
                select(Station.group_chat_id, Station.name).where(
                    Station.group_chat_id.is_not(None)
                )
            )
        )
    for telegram_id, name, username, language, active in users:
        if telegram_id in api.people or telegram_id <= 0:
            continue
        code = "en" if language == "en" else "zh-hans"
        api.person(telegram_id, name or f"用户{telegram_id}", username=username, language_code=code)
        api.chats[telegram_id].blocked = not active
    for chat_id, title in groups:
        if chat_id is not None and chat_id < 0:
            api.group(chat_id, title or str(chat_id))
    return len(users) + len(groups)


def files_path(database_url: str) -> Path | None:
    """Where a sandbox on this database keeps its files (None: not a SQLite file)."""
    url = make_url(database_url)
    if not url.drivername.startswith("sqlite") or not url.database:
        return None
    if url.database == ":memory:":
        return None
    return Path(url.database + ".sandbox-files.json")


def keep_files(files: Files, index: Path) -> int:
    """Load the files kept in `index`, and keep every new one there; how many were loaded."""
    loaded = 0
    try:
        entries = json.loads(index.read_text(encoding="utf-8")) if index.exists() else []
    except (OSError, ValueError) as exc:
        log.warning("sandbox files in %s not read: %s", index, exc)
        entries = []
    for entry in entries:
        try:
            details = {k: v for k, v in entry.items() if k != "content"}
            files.restore(FileRecord(content=base64.b64decode(entry["content"]), **details))
            loaded += 1
        except (KeyError, TypeError, ValueError) as exc:
            log.warning("a kept sandbox file was skipped: %s", exc)

    def add(record: FileRecord) -> None:
        entries.append(
            {
                "file_id": record.file_id,
                "file_unique_id": record.file_unique_id,
                "file_path": record.file_path,
                "mime_type": record.mime_type,
                "file_name": record.file_name,
                "kind": record.kind,
                "seconds": record.seconds,
                "content": base64.b64encode(record.content).decode("ascii"),
            }
        )
        try:
            index.write_text(json.dumps(entries), encoding="utf-8")
        except OSError as exc:
            log.warning("sandbox file %s not kept: %s", record.file_id, exc)

    files.on_add = add
    return loaded
