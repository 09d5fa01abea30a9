"""The sandbox's user side over HTTP: act as a person when the server runs on its own.

`BotApiServer` routes `/sandbox/...` here; in-process code uses `bot.sandbox.client`
instead.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.sandbox.api import BotApi
from bot.sandbox.state import JSON


async def user_side(api: BotApi, request: web.Request) -> tuple[int, JSON]:
    """JSON endpoints to act as a person when the server runs on its own.

    GET  /sandbox                     this list
    POST /sandbox/send      {"user_id", "first_name", "text", "chat_id"?}
    POST /sandbox/press     {"user_id", "button", "chat_id"?}   (label or callback data)
    POST /sandbox/location  {"user_id", "latitude", "longitude"}
    POST /sandbox/voice     {"user_id", "duration"?, "chat_id"?}   a voice message
    POST /sandbox/video_note {"user_id", "duration"?, "chat_id"?}  a round video
    GET  /sandbox/chats/ID  the chat as JSON (?format=text for a transcript)
    """
    try:
        body: JSON = await request.json() if request.method == "POST" else {}
        return 200, {"ok": True, "result": _act(api, request, body)}
    except (TypeError, ValueError, LookupError) as exc:
        # A missing field or an unknown chat: say which, as the Bot API would.
        detail = f"unknown or missing {exc}" if isinstance(exc, KeyError) else str(exc)
        return 400, {"ok": False, "error_code": 400, "description": detail}


def _act(api: BotApi, request: web.Request, body: JSON) -> Any:
    path = request.path.rstrip("/")
    if path == "/sandbox":
        return (user_side.__doc__ or "").strip().splitlines()[2:]
    if path.startswith("/sandbox/chats/"):
        chat = api.chats[int(path.rsplit("/", 1)[1])]
        if request.query.get("format") == "text":
            return chat.render()
        return {
            "chat": chat.to_dict(),
            "messages": [{**m.to_dict(), "deleted": m.deleted} for m in chat.messages],
            "keyboard": chat.keyboard_labels,
            "presses": [str(p) for p in chat.presses],
        }
    user_id = int(body["user_id"])
    person = api.people.get(user_id)
    if person is None or body.get("first_name"):
        person = api.person(user_id, str(body.get("first_name") or user_id))
    chat = api.chats[int(body.get("chat_id", person.id))]
    if path == "/sandbox/send":
        message, update_id = api.user_message(person, chat, text=str(body["text"]))
        return {"update_id": update_id, "message_id": message.message_id}
    if path == "/sandbox/location":
        location = {"latitude": float(body["latitude"]), "longitude": float(body["longitude"])}
        message, update_id = api.user_message(person, chat, media={"location": location})
        return {"update_id": update_id, "message_id": message.message_id}
    if path in ("/sandbox/voice", "/sandbox/video_note"):
        kind = path.rsplit("/", 1)[1]
        seconds = int(body.get("duration", 3))
        if not 1 <= seconds <= 3600:
            raise ValueError("duration is 1-3600 seconds")
        record = api.user_file(
            f"{kind} {person.id} {len(chat.messages)}".encode(),
            kind,
            mime_type="audio/ogg" if kind == "voice" else "video/mp4",
            seconds=seconds,
        )
        media: JSON = {
            "file_id": record.file_id,
            "file_unique_id": record.file_unique_id,
            "duration": seconds,
            "file_size": record.size,
        }
        media.update({"mime_type": "audio/ogg"} if kind == "voice" else {"length": 240})
        message, update_id = api.user_message(person, chat, media={kind: media})
        return {"update_id": update_id, "message_id": message.message_id}
    if path == "/sandbox/press":
        found = chat.find_button(str(body["button"]))
        if found is None or "callback_data" not in found[1]:
            raise LookupError(f"no inline button {body['button']!r} in chat {chat.id}")
        query, update_id = api.user_press(person, found[0], found[1]["callback_data"])
        return {"update_id": update_id, "callback_query_id": query.id}
    raise LookupError(f"unknown sandbox endpoint {path}")
