"""The sandbox Bot API server on its own: Telegram's checks, semantics and error texts."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.error import BadRequest, EndPointNotFound, Forbidden, InvalidToken, RetryAfter

from bot.sandbox.client import sample_png
from bot.sandbox.flood import FloodLimits
from bot.sandbox.methods import METHODS
from bot.sandbox.server import BotApiServer
from tests.e2e.conftest import RawCall

pytestmark = pytest.mark.e2e

KEYBOARD = json.dumps({"inline_keyboard": [[{"text": "好", "callback_data": "ok"}]]})


async def sent(call: RawCall, **params: Any) -> dict[str, Any]:
    """sendMessage to 10001 that must succeed; returns the Message."""
    status, body = await call("sendMessage", json_body={"chat_id": 10001, **params})
    assert status == 200, body
    result: dict[str, Any] = body["result"]
    return result


async def test_unknown_method_is_404(call: RawCall, botapi: BotApiServer) -> None:
    assert await call("sendTelepathy", json_body={"chat_id": 10001}) == (
        404,
        {"ok": False, "error_code": 404, "description": "Not Found"},
    )
    assert botapi.take_rejections()[0].method == "sendTelepathy"


async def test_tokens_are_checked(call: RawCall) -> None:
    assert (await call("getMe", token="not-a-token"))[0] == 404
    status, body = await call("getMe", token="123456:some-other-bots-token")
    assert (status, body["description"]) == (401, "Unauthorized")


async def test_methods_are_case_insensitive_and_get_works(call: RawCall) -> None:
    status, body = await call("GETME", http_method="GET")
    assert status == 200 and body["result"]["is_bot"] is True


@pytest.mark.parametrize(
    ("params", "description"),
    [
        ({"text": "hi"}, "Bad Request: chat_id is empty"),
        ({"chat_id": 10001}, "Bad Request: message text is empty"),
        ({"chat_id": 10001, "text": "   "}, "Bad Request: message text is empty"),
        ({"chat_id": 10001, "text": "x" * 4097}, "Bad Request: message is too long"),
        ({"chat_id": 777, "text": "hi"}, "Bad Request: chat not found"),
        (
            {"chat_id": 10001, "text": "hi", "disable_notification": "maybe"},
            'Bad Request: parameter "disable_notification" must be Boolean',
        ),
        (
            {"chat_id": 10001, "text": "hi", "message_thread_id": "abc"},
            'Bad Request: parameter "message_thread_id" must be Integer',
        ),
        (
            {"chat_id": 10001, "text": "hi", "reply_markup": "{not json"},
            "Bad Request: can't parse reply keyboard markup JSON object",
        ),
        (
            {
                "chat_id": 10001,
                "text": "hi",
                "reply_markup": {"inline_keyboard": [[{"text": "x", "callback_data": "d" * 65}]]},
            },
            "Bad Request: BUTTON_DATA_INVALID",
        ),
        (
            {
                "chat_id": 10001,
                "text": "hi",
                "reply_markup": {"inline_keyboard": [[{"text": "x", "callback_data": "价" * 22}]]},
            },
            "Bad Request: BUTTON_DATA_INVALID",
        ),  # 66 bytes: the limit is bytes, not characters
        (
            {
                "chat_id": 10001,
                "text": "hi",
                "reply_markup": {"inline_keyboard": [[{"text": "x"}]]},
            },
            "Bad Request: text buttons are unallowed in the inline keyboard",
        ),
        (
            {"chat_id": 10001, "text": "hi", "reply_markup": {"inline_keyboard": ["x"]}},
            'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup should be an Array '
            "of Arrays",
        ),
        (
            {"chat_id": 10001, "text": "<b>hi", "parse_mode": "HTML"},
            "Bad Request: can't parse entities: Can't find end tag corresponding to start tag "
            '"b"',
        ),
        (
            {"chat_id": 10001, "text": "<blink>hi</blink>", "parse_mode": "HTML"},
            'Bad Request: can\'t parse entities: Unsupported start tag "blink" at byte offset 0',
        ),
        (
            {"chat_id": 10001, "text": "<b>hi</i>", "parse_mode": "HTML"},
            "Bad Request: can't parse entities: Unmatched end tag at byte offset 5, expected "
            '"</b>", found "</i>"',
        ),
        (
            {"chat_id": 10001, "text": "1.5斤", "parse_mode": "MarkdownV2"},
            "Bad Request: can't parse entities: Character '.' is reserved and must be escaped "
            "with the preceding '\\'",
        ),
        (
            {"chat_id": 10001, "text": "hi", "reply_parameters": {"message_id": 999}},
            "Bad Request: message to be replied not found",
        ),
    ],
)
async def test_send_message_is_checked_like_telegram(
    call: RawCall, botapi: BotApiServer, params: dict[str, Any], description: str
) -> None:
    status, body = await call("sendMessage", json_body=params)
    assert (status, body) == (400, {"ok": False, "error_code": 400, "description": description})
    assert botapi.api.chats[10001].messages == []
    assert len(botapi.take_rejections()) == 1


async def test_form_encoded_bodies_as_ptb_sends_them(call: RawCall) -> None:
    status, body = await call(
        "sendMessage",
        data={
            "chat_id": "10001",
            "text": "<b>番茄</b> 2.5 元/斤",
            "parse_mode": "HTML",
            "reply_markup": KEYBOARD,
            "disable_notification": "true",
        },
    )
    assert status == 200
    message = body["result"]
    assert message["text"] == "番茄 2.5 元/斤"
    assert message["entities"] == [{"type": "bold", "offset": 0, "length": 2}]
    assert message["reply_markup"] == json.loads(KEYBOARD)


async def test_entities_count_utf16_and_html_entities_decode(call: RawCall) -> None:
    message = await sent(call, text="🍅 <i>&lt;鲜&gt;</i> &amp; 好", parse_mode="HTML")
    assert message["text"] == "🍅 <鲜> & 好"
    assert message["entities"] == [{"type": "italic", "offset": 3, "length": 3}]  # 🍅 is 2


async def test_reply_keyboards_are_not_echoed_and_a_text_is_trimmed(
    call: RawCall, botapi: BotApiServer
) -> None:
    message = await sent(call, text="  菜单\n", reply_markup={"keyboard": [["查价格", "问问题"]]})
    assert message["text"] == "菜单" and "reply_markup" not in message
    assert botapi.api.chats[10001].keyboard_labels == ["查价格", "问问题"]
    await sent(call, text="好", reply_markup={"remove_keyboard": True})
    assert botapi.api.chats[10001].keyboard_labels == []


async def test_editing(call: RawCall) -> None:
    message = await sent(call, text="选一个", reply_markup=json.loads(KEYBOARD))
    target = {"chat_id": 10001, "message_id": message["message_id"]}
    status, body = await call("editMessageText", json_body={**target, "text": "选好了"})
    assert status == 200 and body["result"]["text"] == "选好了"
    # Without reply_markup an edit removes the inline keyboard, as on Telegram.
    assert "reply_markup" not in body["result"] and "edit_date" in body["result"]
    status, body = await call("editMessageText", json_body={**target, "text": "选好了"})
    assert status == 400 and body["description"].startswith("Bad Request: message is not modified")
    status, body = await call(
        "editMessageReplyMarkup", json_body={**target, "reply_markup": json.loads(KEYBOARD)}
    )
    assert status == 200 and body["result"]["reply_markup"] == json.loads(KEYBOARD)
    status, body = await call(
        "editMessageText", json_body={"chat_id": 10001, "message_id": 999, "text": "x"}
    )
    assert (status, body["description"]) == (400, "Bad Request: message to edit not found")
    status, body = await call(
        "editMessageReplyMarkup", json_body={**target, "reply_markup": {"keyboard": [["a"]]}}
    )
    assert (status, body["description"]) == (400, "Bad Request: inline keyboard expected")


async def test_deleting(call: RawCall, botapi: BotApiServer) -> None:
    message = await sent(call, text="临时")
    target = {"chat_id": 10001, "message_id": message["message_id"]}
    assert await call("deleteMessage", json_body=target) == (200, {"ok": True, "result": True})
    status, body = await call("deleteMessage", json_body=target)
    assert (status, body["description"]) == (400, "Bad Request: message to delete not found")
    assert botapi.api.chats[10001].bot_messages == []


async def test_callback_queries_are_answered_once_and_in_time(
    call: RawCall, botapi: BotApiServer
) -> None:
    message = await sent(call, text="选", reply_markup=json.loads(KEYBOARD))
    chat = botapi.api.chats[10001]
    query, _ = botapi.api.user_press(
        botapi.api.people[10001], chat.get(message["message_id"]), "ok"
    )
    answer = {"callback_query_id": query.id, "text": "收到"}
    assert (await call("answerCallbackQuery", json_body=answer))[0] == 200
    assert query.answered and query.text == "收到"
    gone = "Bad Request: query is too old and response timeout expired or query ID is invalid"
    assert (await call("answerCallbackQuery", json_body=answer))[1]["description"] == gone
    assert (await call("answerCallbackQuery", json_body={"callback_query_id": "42"}))[1][
        "description"
    ] == gone
    botapi.api.callback_ttl = 0.0
    late, _ = botapi.api.user_press(botapi.api.people[10001], chat.get(message["message_id"]), "ok")
    await asyncio.sleep(0.01)
    assert (await call("answerCallbackQuery", json_body={"callback_query_id": late.id}))[1][
        "description"
    ] == gone


async def test_get_updates_offset_limit_timeout_and_allowed_updates(
    call: RawCall, botapi: BotApiServer
) -> None:
    person, chat = botapi.api.people[10001], botapi.api.chats[10001]
    for text in ("一", "二", "三"):
        botapi.api.user_message(person, chat, text=text)
    _, body = await call("getUpdates", json_body={"limit": 2})
    assert [u["message"]["text"] for u in body["result"]] == ["一", "二"]
    first = body["result"][0]["update_id"]
    # Unconfirmed updates come again; an offset confirms everything before it.
    body = (await call("getUpdates", json_body={"offset": first + 1}))[1]
    assert [u["message"]["text"] for u in body["result"]] == ["二", "三"]
    body = (await call("getUpdates", json_body={"offset": first + 3, "timeout": 0}))[1]
    assert body["result"] == []
    # A long poll returns as soon as an update arrives.
    poll = asyncio.create_task(call("getUpdates", json_body={"offset": first + 3, "timeout": 10}))
    await asyncio.sleep(0.05)
    assert not poll.done()
    botapi.api.user_message(person, chat, text="四")
    body = (await asyncio.wait_for(poll, 2))[1]
    assert [u["message"]["text"] for u in body["result"]] == ["四"]
    # allowed_updates: a message is dropped when only callback queries are wanted.
    botapi.api.user_message(person, chat, text="五")
    body = (
        await call(
            "getUpdates", json_body={"offset": first + 4, "allowed_updates": ["callback_query"]}
        )
    )[1]
    assert body["result"] == []


async def test_a_second_poller_ends_the_first_with_409(call: RawCall) -> None:
    first = asyncio.create_task(call("getUpdates", json_body={"timeout": 5}))
    await asyncio.sleep(0.05)
    second = asyncio.create_task(call("getUpdates", json_body={"timeout": 1}))
    status, body = await asyncio.wait_for(first, 2)
    assert status == 409 and body["description"].startswith("Conflict: terminated by other")
    second.cancel()


async def test_webhook_push_with_secret_token(call: RawCall, botapi: BotApiServer) -> None:
    received: list[tuple[str | None, dict[str, Any]]] = []
    answered = asyncio.Event()

    async def hook(request: web.Request) -> web.Response:
        received.append(
            (request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json())
        )
        answered.set()
        # A webhook may answer with a method call; Telegram runs it.
        return web.json_response({"method": "sendMessage", "chat_id": 10001, "text": "收到"})

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        url = f"http://127.0.0.1:{port}/hook"
        status, _ = await call("setWebhook", json_body={"url": url, "secret_token": "s3cr3t"})
        assert status == 200
        info = (await call("getWebhookInfo"))[1]["result"]
        assert info["url"] == url
        status, body = await call("getUpdates")
        assert status == 409 and "webhook is active" in body["description"]
        botapi.api.user_message(botapi.api.people[10001], botapi.api.chats[10001], text="你好")
        await asyncio.wait_for(answered.wait(), 3)
        secret, update = received[0]
        assert secret == "s3cr3t" and update["message"]["text"] == "你好"
        for _ in range(100):
            if botapi.api.chats[10001].bot_messages:
                break
            await asyncio.sleep(0.01)
        assert botapi.api.chats[10001].bot_messages[0].text == "收到"
        assert (await call("getWebhookInfo"))[1]["result"]["pending_update_count"] == 0
        assert (await call("deleteWebhook"))[0] == 200
        assert (await call("getUpdates"))[0] == 200
    finally:
        await runner.cleanup()


async def test_webhook_failures_are_reported_and_retried(
    call: RawCall, botapi: BotApiServer
) -> None:
    # Nothing listens on this port: delivery fails, the update stays pending.
    await call("setWebhook", json_body={"url": "http://127.0.0.1:9/hook"})
    botapi.api.user_message(botapi.api.people[10001], botapi.api.chats[10001], text="你好")
    for _ in range(100):
        info = (await call("getWebhookInfo"))[1]["result"]
        if "last_error_message" in info:
            break
        await asyncio.sleep(0.01)
    assert info["pending_update_count"] == 1
    assert info["last_error_message"].startswith("Connection failed")


@pytest.fixture
async def bot(botapi: BotApiServer) -> Any:
    """A plain PTB Bot on the sandbox: the real request serialisation."""
    async with Bot(
        botapi.token, base_url=botapi.base_url, base_file_url=botapi.base_file_url
    ) as ptb_bot:
        yield ptb_bot


async def test_multipart_photo_get_file_and_download(bot: Bot, botapi: BotApiServer) -> None:
    photo = sample_png(320, 240)
    message = await bot.send_photo(10001, photo, caption="<b>新鲜</b>番茄", parse_mode="HTML")
    assert (message.photo[-1].width, message.photo[-1].height) == (320, 240)
    assert message.caption == "新鲜番茄" and message.caption_entities[0].type == "bold"
    file = await bot.get_file(message.photo[-1].file_id)
    assert file.file_path is not None and file.file_path.startswith("http://127.0.0.1")
    assert bytes(await file.download_as_bytearray()) == photo
    # The same photo again by file_id: no upload.
    again = await bot.send_photo(10001, message.photo[-1].file_id)
    assert again.photo[-1].file_unique_id == message.photo[-1].file_unique_id
    with pytest.raises(BadRequest, match="Image_process_failed"):
        await bot.send_photo(10001, b"this is not an image")
    botapi.take_rejections()


async def test_voice_and_video_note_by_upload_and_by_file_id(
    bot: Bot, botapi: BotApiServer
) -> None:
    botapi.set_flood_limits(FloodLimits.off())  # six sends in a row to one chat
    # A farmer's voice, passed on by its file_id with a caption (what the outbox does).
    heard = botapi.api.user_file(b"OggS farmer", "voice", mime_type="audio/ogg", seconds=6)
    message = await bot.send_voice(10001, heard.file_id, caption="🎤 张大爷的问题")
    assert message.voice is not None and message.voice.file_id == heard.file_id
    assert message.caption == "🎤 张大爷的问题"
    assert botapi.chat(10001).messages[-1].media["voice"]["duration"] == 6
    assert str(botapi.chat(10001).messages[-1]).endswith("[语音 6秒] 🎤 张大爷的问题")
    uploaded = await bot.send_voice(10001, b"OggS new", duration=3)
    assert uploaded.voice is not None
    assert botapi.chat(10001).messages[-1].media["voice"]["duration"] == 3
    note = botapi.api.user_file(b"mp4 note", "video_note", mime_type="video/mp4", seconds=9)
    sent = await bot.send_video_note(10001, note.file_id)
    assert sent.video_note is not None and sent.video_note.file_id == note.file_id
    assert "[视频留言 9秒]" in str(botapi.chat(10001).messages[-1])
    # A photo's file_id is not a voice; a video note has no caption on Telegram.
    photo = await bot.send_photo(10001, sample_png())
    with pytest.raises(BadRequest, match=r"(?i)can.t use file of type photo as voice"):
        await bot.send_voice(10001, photo.photo[-1].file_id)
    assert "caption" not in {p.name for p in METHODS["sendVideoNote"]}
    botapi.take_rejections()


async def test_multipart_document_and_a_file_a_person_sent(bot: Bot, botapi: BotApiServer) -> None:
    message = await bot.send_document(10001, "价格,3.5\n".encode(), filename="prices.csv")
    assert message.document is not None and message.document.file_name == "prices.csv"
    record = botapi.api.user_file(b"voice bytes", "voice", mime_type="audio/ogg")
    file = await bot.get_file(record.file_id)
    assert bytes(await file.download_as_bytearray()) == b"voice bytes"
    with pytest.raises(BadRequest, match="Invalid file_id"):
        await bot.get_file("nonsense")
    botapi.take_rejections()


async def test_location_contact_and_chat_action(bot: Bot, botapi: BotApiServer) -> None:
    message = await bot.send_location(10001, 30.27, 120.15)
    assert message.location is not None and message.location.latitude == 30.27
    await bot.send_contact(10001, "+8613800000000", "李站长")
    assert await bot.send_chat_action(10001, "typing")
    assert botapi.api.chats[10001].actions == ["typing"]
    with pytest.raises(BadRequest, match="Wrong parameter action"):
        await bot.send_chat_action(10001, "dancing")
    botapi.take_rejections()


async def test_commands_by_language(bot: Bot, botapi: BotApiServer) -> None:
    await bot.set_my_commands([("start", "主菜单"), ("help", "帮助")])
    await bot.set_my_commands([("start", "Main menu")], language_code="en")
    assert [c.command for c in await bot.get_my_commands()] == ["start", "help"]
    assert [c.description for c in await bot.get_my_commands(language_code="en")] == ["Main menu"]
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([("Start!", "x")])
    await bot.delete_my_commands(language_code="en")
    assert await bot.get_my_commands(language_code="en") == ()
    botapi.take_rejections()


async def test_ptb_sees_telegram_s_errors(bot: Bot, botapi: BotApiServer) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="y" * 65)]])
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(10001, "hi", reply_markup=markup)
    botapi.block_chat(10001)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(10001, "hi")
    botapi.block_chat(10001, blocked=False)
    with pytest.raises(EndPointNotFound):  # PTB's reading of 404 for an unknown method
        await bot.do_api_request("sendTelepathy", api_kwargs={"chat_id": 10001})
    with pytest.raises(InvalidToken):  # and for an unknown token
        await Bot("123456:ABCdef-unknown-token-xyz", base_url=botapi.base_url).get_me()
    botapi.take_rejections()


async def test_flood_limits(bot: Bot, botapi: BotApiServer) -> None:
    clock = [1000.0]
    botapi.api.flood.clock = lambda: clock[0]  # time stands still unless moved
    botapi.set_flood_limits(FloodLimits(private_burst=2))
    await bot.send_message(10001, "一")
    await bot.send_message(10001, "二")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(10001, "三")
    assert caught.value.retry_after == 1
    clock[0] += 1.0
    await bot.send_message(10001, "三")
    # Groups: 20 a minute; the 21st must wait three seconds (one message's refill).
    group = botapi.api.group(-1001, "村委会")
    for i in range(20):
        await bot.send_message(group.id, f"通知 {i}")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(group.id, "再一条")
    assert caught.value.retry_after == 3
    # Overall: 30 a second, or 1000 a second with allow_paid_broadcast.
    clock[0] += 60.0
    for i in range(30):
        botapi.api.person(20000 + i, f"农户{i}")
        await bot.send_message(20000 + i, "提醒")
    botapi.api.person(30000, "又一个")
    with pytest.raises(RetryAfter):
        await bot.send_message(30000, "提醒")
    await bot.send_message(30000, "提醒", allow_paid_broadcast=True)
    assert botapi.api.flood.refused == 3


async def test_dropped_connection_and_5xx_reach_the_client(bot: Bot, botapi: BotApiServer) -> None:
    from telegram.error import NetworkError

    botapi.drop_next("getMe")
    with pytest.raises(NetworkError):
        await bot.get_me()
    botapi.fail_next(None, 503)
    with pytest.raises(NetworkError, match="Service Unavailable"):
        await bot.send_message(10001, "hi")
    assert (await bot.send_message(10001, "hi")).text == "hi"


async def test_user_side_http_api(botapi: BotApiServer) -> None:
    async with aiohttp.ClientSession() as session:
        post = session.post
        async with post(
            f"{botapi.url}/sandbox/send",
            json={"user_id": 10002, "first_name": "李大姐", "text": "/start"},
        ) as r:
            assert (await r.json())["result"]["update_id"] == 1
        await botapi.api.call(
            "sendMessage", {"chat_id": 10002, "text": "选", "reply_markup": json.loads(KEYBOARD)}
        )
        async with post(
            f"{botapi.url}/sandbox/press", json={"user_id": 10002, "button": "好"}
        ) as r:
            assert "callback_query_id" in (await r.json())["result"]
        async with session.get(f"{botapi.url}/sandbox/chats/10002?format=text") as r:
            transcript = (await r.json())["result"]
        assert "李大姐: /start" in transcript and "[好]" in transcript
        for kind, shown in (("voice", "[语音 7秒]"), ("video_note", "[视频留言 7秒]")):
            async with post(
                f"{botapi.url}/sandbox/{kind}", json={"user_id": 10002, "duration": 7}
            ) as r:
                assert (await r.json())["result"]["update_id"] > 1
            async with session.get(f"{botapi.url}/sandbox/chats/10002?format=text") as r:
                assert f"李大姐: {shown}" in (await r.json())["result"]
        updates = [u["message"] for u in botapi.api.updates.pending if "message" in u]
        assert updates[-2]["voice"]["duration"] == 7 and "video_note" in updates[-1]


async def test_negative_offset_keeps_the_last_updates(call: RawCall, botapi: BotApiServer) -> None:
    person, chat = botapi.api.people[10001], botapi.api.chats[10001]
    for text in ("一", "二", "三"):
        botapi.api.user_message(person, chat, text=text)
    body = (await call("getUpdates", json_body={"offset": -1}))[1]
    assert [u["message"]["text"] for u in body["result"]] == ["三"]
    body = (await call("getUpdates"))[1]
    assert [u["message"]["text"] for u in body["result"]] == ["三"]


async def test_attach_uris_in_multipart(botapi: BotApiServer) -> None:
    form = aiohttp.FormData()
    form.add_field("chat_id", "10001")
    form.add_field("document", "attach://report")
    form.add_field("report", b"a,b\n1,2\n", filename="report.csv", content_type="text/csv")
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{botapi.base_url}{botapi.token}/sendDocument", data=form) as resp,
    ):
        body = await resp.json()
    assert body["result"]["document"]["file_name"] == "report.csv"
    assert botapi.api.files.get(body["result"]["document"]["file_id"]).content == b"a,b\n1,2\n"


async def test_a_person_editing_their_message_is_an_edited_message_update(
    call: RawCall, botapi: BotApiServer
) -> None:
    person, chat = botapi.api.people[10001], botapi.api.chats[10001]
    message, _ = botapi.api.user_message(person, chat, text="西红柿多少钱")
    botapi.api.user_edit(message, "土豆多少钱")
    body = (await call("getUpdates"))[1]
    edited = body["result"][-1]["edited_message"]
    assert edited["text"] == "土豆多少钱" and "edit_date" in edited
    assert message.history == ["西红柿多少钱"]


async def test_captions_and_contacts(bot: Bot, botapi: BotApiServer) -> None:
    message = await bot.send_photo(10001, sample_png(), caption="旧")
    edited = await bot.edit_message_caption(
        10001, message.message_id, caption="<i>新</i>", parse_mode="HTML"
    )
    assert isinstance(edited, Message) and edited.caption == "新"
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.send_photo(10001, sample_png(), caption="长" * 1025)
    with pytest.raises(BadRequest, match="There is no caption in the message to edit"):
        text = await bot.send_message(10001, "字")
        await bot.edit_message_caption(10001, text.message_id, caption="x")
    botapi.take_rejections()


async def test_user_side_http_api_explains_mistakes(botapi: BotApiServer) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{botapi.url}/sandbox/send", json={"text": "hi"}) as resp:
            assert resp.status == 400
            assert (await resp.json())["description"] == "unknown or missing 'user_id'"
        async with session.get(f"{botapi.url}/sandbox/chats/424242") as resp:
            assert resp.status == 400
        async with session.get(f"{botapi.url}/sandbox") as resp:
            assert any("/sandbox/send" in line for line in (await resp.json())["result"])


async def test_files_sent_by_url(bot: Bot, botapi: BotApiServer) -> None:
    first = await bot.send_photo(10001, sample_png(40, 30))
    file = await bot.get_file(first.photo[-1].file_id)
    assert file.file_path is not None
    # A loopback URL is fetched, as Telegram fetches a public one ...
    again = await bot.send_photo(10001, file.file_path)
    assert (again.photo[-1].width, again.photo[-1].height) == (40, 30)
    # ... the Internet is out of reach offline.
    with pytest.raises(BadRequest, match="Failed to get http url content"):
        await bot.send_photo(10001, "https://example.com/tomato.jpg")
    botapi.take_rejections()


async def test_command_menus_per_chat_scope(call: RawCall, botapi: BotApiServer) -> None:
    scope = {"type": "chat", "chat_id": 10001}
    menu = [{"command": "pickups", "description": "今天的预约收货"}]
    assert (await call("setMyCommands", json_body={"commands": menu, "scope": scope}))[0] == 200
    assert botapi.commands("", scope) == ["pickups"] and botapi.commands("") == []
    status, body = await call("getMyCommands", json_body={"scope": scope})
    assert (status, body["result"]) == (200, menu)
    assert (await call("deleteMyCommands", json_body={"scope": scope}))[0] == 200
    assert botapi.commands("", scope) == []
    # A person who never opened the bot has no chat to scope a menu to.
    status, body = await call(
        "setMyCommands", json_body={"commands": menu, "scope": {"type": "chat", "chat_id": 5}}
    )
    assert (status, body["description"]) == (400, "Bad Request: chat not found")
    botapi.take_rejections()
