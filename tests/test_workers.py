"""Webhook workers as separate processes on one PostgreSQL (issue 17).

Two `farmhub run --webhook` processes (as on two machines) behind a balancer
that sends each update to the worker the test picks, against the local Bot API
server in this process: a conversation crossing them, a knowledge entry added
and edited on one and found on the other, a replay handled once, the refusals
of the webhook endpoint, and the leader killed (SIGKILL) during an alert run:
the other takes over within 10 s, nothing lost, nothing sent twice.
The workers run on the wall clock; this process only reads and writes rows.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import asyncpg
import pytest
from sqlalchemy import insert

from bot.cluster.locks import asyncpg_dsn
from bot.core import migrate
from bot.core.db import dispose_engine, init_engine, session_scope
from bot.delivery import outbox
from bot.models import User
from bot.models.users import utcnow
from bot.sandbox.server import BotApiServer
from bot.sandbox.state import Chat, Person
from bot.sandbox.workers import HOOK_PATH, SECRET, Balancer, WorkerProcess
from tests import dbutil
from tests.conftest import _need_postgres

pytestmark = pytest.mark.postgres

ADMIN, FARMER, OTHER = 30001, 10001, 10002
SUBSCRIBERS = range(2_000_000, 2_000_150)


@dataclass
class Cluster:
    """The server, the balancer, two workers and a connection to their database."""

    server: BotApiServer
    balancer: Balancer
    workers: list[WorkerProcess]
    url: str
    conn: asyncpg.Connection

    async def act(self, worker: int, update_id: int, within: float = 15.0) -> None:
        """Wait until the update (routed to `worker`) has been handled."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            done = await self.conn.fetchval(
                "SELECT done_at IS NOT NULL FROM webhook_updates WHERE update_id = $1", update_id
            )
            if done:
                return
            await asyncio.sleep(0.05)
        raise AssertionError(f"update {update_id} not handled within {within} s")

    async def send(self, worker: int, person: Person, text: str) -> str:
        """`person` types `text`; the update goes to `worker`; the bot's newest text."""
        self.balancer.route = worker
        chat = self.server.api.chats[person.id]
        _message, update_id = self.server.api.user_message(person, chat, text=text)
        await self.act(worker, update_id)
        return chat.bot_messages[-1].text or ""

    async def press(self, worker: int, person: Person, label: str) -> str:
        """`person` presses the newest button `label`; the bot's newest text (edits too)."""
        self.balancer.route = worker
        chat = self.server.api.chats[person.id]
        found = chat.find_button(label)
        assert found is not None, f"no button {label!r}"
        _query, update_id = self.server.api.user_press(person, found[0], found[1]["callback_data"])
        await self.act(worker, update_id)
        return chat.bot_messages[-1].text or ""


async def _seed(url: str) -> None:
    init_engine(url)
    try:
        now = utcnow()
        async with session_scope() as session:
            await session.execute(
                insert(User),
                [
                    {
                        "telegram_id": i,
                        "name": f"农户{i}",
                        "language": "zh",
                        "role": "farmer",
                        "active": True,
                        "created_at": now,
                        "last_seen_at": now,
                    }
                    for i in SUBSCRIBERS
                ],
            )
    finally:
        await dispose_engine()


@pytest.fixture(scope="module")
async def cluster(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Cluster]:
    """Two webhook workers on a fresh PostgreSQL database (shared by this module's tests)."""
    await _need_postgres()
    logs = tmp_path_factory.mktemp("workers")
    url = await dbutil.create_postgres_database()
    await migrate.upgrade(url)
    await _seed(url)
    server = BotApiServer()
    await server.start()
    for uid in SUBSCRIBERS:
        server.api.person(uid, f"农户{uid}", language_code="zh-hans")
    balancer = Balancer()
    await balancer.start()
    env = {
        "FARMHUB_ADMIN_IDS": f"[{ADMIN}]",
        "FARMHUB_TIMEZONE": "Asia/Shanghai",
        "FARMHUB_RATE_LIMITS__PRIVATE_CHAT_PER_SECOND": "20",
    }
    workers = [
        WorkerProcess(server, url, balancer.url, Path(logs / f"worker{i}.log"), extra_env=env)
        for i in range(2)
    ]
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        for worker in workers:
            worker.start()
        for worker in workers:
            await worker.ready()
        balancer.backends = [worker.url for worker in workers]
        yield Cluster(server, balancer, workers, url, conn)
    finally:
        for worker in workers:
            worker.stop()
        await conn.close()
        await balancer.stop()
        await server.stop()
        await dbutil.drop_postgres_database(url)


async def test_a_conversation_crosses_workers_and_an_entry_edited_on_one_is_found_on_the_other(
    cluster: Cluster,
) -> None:
    api = cluster.server.api
    admin = api.person(ADMIN, "县管理员", language_code="zh-hans")
    farmer = api.person(FARMER, "张大爷", language_code="zh-hans")
    # /kb add on worker 0, its steps on 1 and 0 by turns (the draft in user_data and the
    # conversation's state cross each time), confirmed on worker 1.
    assert (await cluster.send(0, admin, "/kb add")).startswith("第 1 步")
    assert (await cluster.send(1, admin, "羊拉稀怎么办")).startswith("第 2 步")
    assert (await cluster.send(0, admin, "停喂精料，喂口服补液盐。")).startswith("第 3 步")
    assert (await cluster.send(1, admin, "羊 拉稀")).startswith("第 4 步")
    preview = await cluster.press(0, admin, "⏭ 跳过")
    assert preview.startswith("👀 农户问「羊拉稀怎么办」时会看到：")
    await cluster.press(1, admin, "✅ 确认保存")
    # Added through worker 1, found by worker 0 (its index heard the NOTIFY).
    await asyncio.sleep(1.0)
    assert (await cluster.send(0, farmer, "羊拉稀怎么办")).startswith("📖 羊拉稀怎么办\n停喂精料")
    assert (await cluster.send(1, farmer, "羊拉稀怎么办")).startswith("📖 羊拉稀怎么办\n停喂精料")

    found = await cluster.send(1, admin, "/kb find 羊拉稀")
    entry_id = found.split("• ", 1)[1].split("：", 1)[0]
    # /kb edit's steps cross too: the draft of the editor is in user_data.
    assert (await cluster.send(1, admin, f"/kb edit {entry_id}")).startswith("✏️ 修改条目")
    await cluster.press(0, admin, "💬 回答")
    assert "答：先停喂，再补液。" in await cluster.send(1, admin, "先停喂，再补液。")
    await cluster.press(0, admin, "👀 预览")
    await cluster.press(1, admin, "✅ 确认保存")
    await asyncio.sleep(1.0)
    assert (await cluster.send(1, farmer, "羊拉稀怎么办")).startswith("📖 羊拉稀怎么办\n先停喂，再补液")


async def test_one_chats_updates_fired_at_both_workers_are_handled_in_order(
    cluster: Cluster,
) -> None:
    api = cluster.server.api
    admin = api.person(ADMIN, "县管理员", language_code="zh-hans")
    chat = api.chats[ADMIN]
    before = len(chat.bot_messages)
    cluster.balancer.route = None  # round robin: 1st, 3rd to one worker, 2nd to the other
    ids = [
        api.user_message(admin, chat, text=text)[1]
        for text in ("/kb add", "牛不反刍怎么办", "喂点健胃散，牵着多走动。", "牛 不反刍")
    ]
    for update_id in ids:
        await cluster.act(0, update_id)
    texts = [m.text or "" for m in chat.bot_messages[before:]]
    assert [t[:5] for t in texts] == ["第 1 步", "第 2 步", "第 3 步", "第 4 步"]
    assert sorted(set(cluster.balancer.forwarded[-4:])) == [0, 1]


async def _post(url: str, body: bytes, secret: str = SECRET) -> int:
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret, "Content-Type": "application/json"}
    async with (
        aiohttp.ClientSession() as session,
        session.post(url + HOOK_PATH, data=body, headers=headers) as resp,
    ):
        return resp.status


async def test_a_replayed_update_is_handled_once_and_the_endpoint_refuses_strangers(
    cluster: Cluster,
) -> None:
    api = cluster.server.api
    other = api.person(OTHER, "李大姐", language_code="zh-hans")
    chat: Chat = api.chats[OTHER]
    await cluster.send(0, other, "你好")
    replies = len(chat.bot_messages)
    update_id = await cluster.conn.fetchval(
        "SELECT max(update_id) FROM webhook_updates WHERE chat_key = $1", OTHER
    )
    payload = await cluster.conn.fetchval(
        "SELECT payload FROM webhook_updates WHERE update_id = $1", update_id
    )
    # Telegram repeats an update whose answer it did not get: to either worker.
    statuses = await asyncio.gather(
        *(_post(worker.url, payload.encode()) for worker in cluster.workers * 2)
    )
    assert statuses == [200, 200, 200, 200]
    await asyncio.sleep(1.0)
    assert len(chat.bot_messages) == replies
    assert (
        await cluster.conn.fetchval(
            "SELECT count(*) FROM webhook_updates WHERE update_id = $1", update_id
        )
        == 1
    )

    worker = cluster.workers[0].url
    assert await _post(worker, payload.encode(), secret="wrong") == 403
    assert await _post(worker, payload.encode(), secret="") == 403
    big = json.dumps({"update_id": 1, "message": {"text": "x" * 2_000_000}}).encode()
    assert await _post(worker, big) == 413
    assert await _post(worker, b"not json") == 400
    async with aiohttp.ClientSession() as session, session.get(worker + HOOK_PATH) as resp:
        assert resp.status == 405


async def _leader(cluster: Cluster) -> int | None:
    for index, worker in enumerate(cluster.workers):
        health = await worker.health()
        if health is not None and health["leader"]:
            return index
    return None


def _received(cluster: Cluster) -> dict[int, int]:
    chats = cluster.server.api.chats
    return {uid: len(chats[uid].bot_messages) for uid in SUBSCRIBERS}


async def test_the_leader_killed_during_an_alert_run_is_replaced_nothing_lost_or_twice(
    cluster: Cluster,
) -> None:
    leader = await _leader(cluster)
    assert leader is not None
    init_engine(cluster.url)
    try:
        async with session_scope() as session:
            run = await outbox.start_run(session, "alert", "西红柿 above 3.0")
            await outbox.enqueue(
                session,
                [
                    outbox.Push(key=f"alert:test:{uid}", chat_id=uid, text=f"🔔 价格提醒 {uid}")
                    for uid in SUBSCRIBERS
                ],
                source="alert",
                run=run,
            )
    finally:
        await dispose_engine()
    deadline = time.monotonic() + 20
    while sum(_received(cluster).values()) < 30:
        assert time.monotonic() < deadline, "the leader sent nothing"
        await asyncio.sleep(0.05)
    cluster.workers[leader].kill()
    killed = time.monotonic()
    survivor = 1 - leader
    while await _leader(cluster) != survivor:
        assert time.monotonic() - killed < 10, "no takeover within 10 s"
        await asyncio.sleep(0.1)
    takeover = time.monotonic() - killed
    assert takeover < 10

    deadline = time.monotonic() + 30
    while True:
        open_rows = await cluster.conn.fetchval(
            "SELECT count(*) FROM outbox WHERE status IN ('queued', 'claimed', 'sending')"
        )
        if open_rows == 0:
            break
        assert time.monotonic() < deadline, f"{open_rows} pushes still open"
        await asyncio.sleep(0.2)
    received = _received(cluster)
    doubt = set(await cluster.conn.fetch("SELECT chat_id FROM outbox WHERE status = 'doubt'"))
    doubt_chats = {row["chat_id"] for row in doubt}
    twice = [uid for uid, n in received.items() if n > 1]
    lost = [uid for uid, n in received.items() if n == 0 and uid not in doubt_chats]
    assert twice == [] and lost == [], (twice, lost)
    sent = await cluster.conn.fetchval("SELECT count(*) FROM outbox WHERE status = 'sent'")
    assert sent + len(doubt_chats) == len(SUBSCRIBERS)
