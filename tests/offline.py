"""An offline bot: PTB's request layer answered in-process, recording every call.

Used by tests that feed updates to `Application.process_update` directly; the
end-to-end tests use the local Bot API server instead.
"""

from __future__ import annotations

import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

from telegram import Chat, Message, Update, User
from telegram.request import BaseRequest, RequestData

BOT_USER = {"id": 999000, "is_bot": True, "first_name": "FarmHub", "username": "farmhub_bot"}


@dataclass
class Call:
    """One Bot API method call the bot made."""

    method: str
    params: dict[str, Any]


@dataclass
class RecordingRequest(BaseRequest):
    """Answers Bot API calls like Telegram would, without a network."""

    calls: list[Call] = field(default_factory=list)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    @property
    def read_timeout(self) -> float | None:
        """No timeouts offline."""
        return None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        """Record the call and answer with a plausible result."""
        name = url.rsplit("/", 1)[-1]
        params = request_data.parameters if request_data is not None else {}
        self.calls.append(Call(name, dict(params)))
        return 200, json.dumps({"ok": True, "result": self._result(name, params)}).encode()

    def _result(self, name: str, params: dict[str, Any]) -> Any:
        if name == "getMe":
            return BOT_USER
        if name in ("sendMessage", "editMessageText"):
            chat_id = int(params.get("chat_id", 1))
            return {
                "message_id": next(self._ids),
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "from": BOT_USER,
                "text": params.get("text", ""),
            }
        return True

    def sent(self, method: str = "sendMessage") -> list[dict[str, Any]]:
        """Parameters of every call of `method`, oldest first."""
        return [call.params for call in self.calls if call.method == method]


_update_ids = itertools.count(1)


def text_update(
    text: str, user_id: int = 10001, name: str = "张大爷", language_code: str = "zh-hans"
) -> dict[str, Any]:
    """A private-chat text message update, as Telegram would send it (JSON form)."""
    entities = (
        [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        if text.startswith("/")
        else []
    )
    return {
        "update_id": next(_update_ids),
        "message": {
            "message_id": next(_update_ids),
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private", "first_name": name},
            "from": {
                "id": user_id,
                "is_bot": False,
                "first_name": name,
                "language_code": language_code,
            },
            "text": text,
            "entities": entities,
        },
    }


def callback_update(data: str, user_id: int = 10001, name: str = "张大爷") -> dict[str, Any]:
    """A button press on a message the bot sent earlier."""
    return {
        "update_id": next(_update_ids),
        "callback_query": {
            "id": str(next(_update_ids)),
            "chat_instance": "1",
            "from": {"id": user_id, "is_bot": False, "first_name": name},
            "data": data,
            "message": {
                "message_id": 1,
                "date": int(time.time()),
                "chat": {"id": user_id, "type": "private"},
                "from": BOT_USER,
                "text": "…",
            },
        },
    }


def as_update(data: dict[str, Any], bot: Any) -> Update:
    """Deserialise an update dict with the Application's bot attached."""
    return Update.de_json(data, bot)


__all__ = [
    "Chat",
    "Message",
    "RecordingRequest",
    "User",
    "as_update",
    "callback_update",
    "text_update",
]
