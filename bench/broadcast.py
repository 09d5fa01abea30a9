"""A station notice to 10,000 farmers through the local Bot API server, with kill -9 midway.

    .venv/bin/python -m bench.broadcast [--farmers 10000] [--db postgres|sqlite]
                                        [--ordinary] [--no-kill]

On a fresh temporary database (PostgreSQL by default, at FARMHUB_TEST_POSTGRES_URL
or postgres@127.0.0.1): one station and `--farmers` farmers of it. The Bot API
server runs in this process (Telegram's flood limits, counting what arrived);
FarmHub runs in a subprocess (`python -m bot run`), with paid broadcast (1000
messages/s) unless `--ordinary` (30/s). The notice is sent the way a script
would, `farmhub broadcast send --station ID --text ...` in another process;
the running bot's sender picks the queued messages up. Once half have arrived
the bot is killed with SIGKILL and started again at once.

Printed: how long the command took to queue the notice, the delivery rate
before the kill and after the restart, the restart gap, duplicates and losses
counted by the server, the messages left in doubt by the kill (and how many of
those did arrive), and `farmhub broadcast report` at the end. The last line is
one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from bench.fanout import (
    TZ_NAME,
    Bot,
    create_database,
    doubtful_chats,
    drop_database,
    log,
    outbox_state,
    rate,
    wait_for,
)
from bot.core import migrate
from bot.core.config import PROJECT_ROOT
from bot.core.db import dispose_engine, init_engine, session_scope
from bot.models.alerts import OutboxStatus
from bot.models.stations import Station
from bot.models.users import User, utcnow
from bot.sandbox.flood import FloodLimits
from bot.sandbox.server import BotApiServer

FIRST_FARMER = 2_000_000
NOTICE = "明天上午有大雨，收货推迟到下午两点，请大家注意安全。"


async def seed(url: str, farmers: int) -> int:
    """One station and its farmers; returns the station's id."""
    from datetime import time as clock_time

    await migrate.upgrade(url)
    init_engine(url)
    try:
        async with session_scope() as session:
            station = Station(
                external_id="BENCH",
                name="城关镇农村淘宝服务站",
                lat=36.88,
                lon=118.74,
                open_from=clock_time(7),
                open_to=clock_time(18),
            )
            session.add(station)
            await session.flush()
            station_id = station.id
        now = utcnow()
        for start in range(0, farmers, 5000):
            ids = range(FIRST_FARMER + start, FIRST_FARMER + min(start + 5000, farmers))
            async with session_scope() as session:
                await session.execute(
                    insert(User),
                    [
                        {
                            "telegram_id": i,
                            "name": f"农户{i}",
                            "language": "zh",
                            "role": "farmer",
                            "station_id": station_id,
                            "active": True,
                            "notices_off": False,
                            "created_at": now,
                            "last_seen_at": now,
                        }
                        for i in ids
                    ],
                )
        return station_id
    finally:
        await dispose_engine()


async def send_notice(url: str, station_id: int) -> tuple[float, str]:
    """`farmhub broadcast send` in another process; returns (seconds, what it printed)."""
    env = {**os.environ, "FARMHUB_DATABASE_URL": url, "FARMHUB_TIMEZONE": TZ_NAME}
    started = time.monotonic()
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "broadcast",
        "send",
        "--station",
        str(station_id),
        "--text",
        NOTICE,
        cwd=PROJECT_ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"broadcast send failed: {err.decode()}")
    return time.monotonic() - started, out.decode().strip()


async def report_of(url: str, broadcast_id: str) -> str:
    """`farmhub broadcast report ID`."""
    env = {**os.environ, "FARMHUB_DATABASE_URL": url, "FARMHUB_TIMEZONE": TZ_NAME}
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "broadcast",
        "report",
        broadcast_id,
        cwd=PROJECT_ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await proc.communicate()
    return out.decode().strip()


async def run(farmers: int, *, paid: bool, db: str, kill: bool, tmp: Path) -> dict[str, Any]:
    """Seed, start the bot, send the notice, kill midway, restart, count."""
    limit = 1000 if paid else 30
    url = await create_database(db, tmp)
    server = BotApiServer(flood=FloodLimits())
    bot: Bot | None = None
    try:
        started = time.monotonic()
        station_id = await seed(url, farmers)
        log(f"seeded {farmers} farmers in {time.monotonic() - started:.1f} s")
        await server.start()
        ids = range(FIRST_FARMER, FIRST_FARMER + farmers)
        for uid in ids:
            server.api.person(uid, f"农户{uid}", language_code="zh-hans")
        chats = [server.api.chats[uid] for uid in ids]
        bot = Bot(server, url, paid, tmp)
        bot.start()
        await wait_for(lambda: len(server.requests("getUpdates")) >= 1, 60, "bot start")
        enqueue_s, printed = await send_notice(url, station_id)
        log(f"{printed} (queued in {enqueue_s:.1f} s)")
        broadcast_id = printed.split(":")[0].split()[-1]

        def delivered() -> int:
            return server.api.messages_sent

        killed_at = restarted_at = None
        if kill:
            await wait_for(
                lambda: delivered() >= farmers // 2, farmers / limit * 3 + 60, "half delivered"
            )
            polls = len(server.requests("getUpdates"))
            bot.kill()
            killed_at = time.monotonic()
            log(f"killed with SIGKILL at {delivered()} delivered")
            bot.start()
            # The new process's first poll: it is up (its sender starts with it).
            await wait_for(lambda: len(server.requests("getUpdates")) > polls, 60, "bot restart")
            restarted_at = time.monotonic()
        deadline = time.monotonic() + farmers / limit * 3 + 120
        last, still = delivered(), 0.0
        while time.monotonic() < deadline and delivered() < farmers:
            await asyncio.sleep(0.5)
            now_delivered = delivered()
            still = still + 0.5 if now_delivered == last else 0.0
            last = now_delivered
            if still >= 3:
                state = await outbox_state(url)
                if not any(
                    state.get(s)
                    for s in (OutboxStatus.queued, OutboxStatus.claimed, OutboxStatus.sending)
                ):
                    break
                still = 0.0
        state = await outbox_state(url)
        doubt_chats = await doubtful_chats(url)
        # The bot's due job (every 20 s) marks the broadcast done once all is settled.
        settled_at = time.monotonic()
        for _ in range(60):
            report = await report_of(url, broadcast_id)
            if ": done" in report:
                break
            await asyncio.sleep(0.5)
        settle_s = time.monotonic() - settled_at
    finally:
        if bot is not None:
            bot.stop()
        await server.stop()
    received = Counter({chat.id: len(chat.messages) for chat in chats})
    farmer_ids = set(ids)
    times = sorted(
        call.finished or 0.0
        for call in server.calls
        if call.method == "sendMessage" and call.ok and call.params.get("chat_id") in farmer_ids
    )
    before = [t for t in times if killed_at is None or t <= killed_at]
    after = [t for t in times if restarted_at is not None and t > restarted_at]
    first_after = after[0] - killed_at if after and killed_at is not None else None
    result = {
        "db": "postgresql" if db == "postgres" else "sqlite",
        "limit_per_s": limit,
        "farmers": farmers,
        "printed": printed,
        "queue_command_s": round(enqueue_s, 2),
        "rate_per_s": round(rate(before), 1),
        "share_of_limit": round(rate(before) / limit, 3),
        "rate_after_restart_per_s": round(rate(after), 1) if after else None,
        "restart_gap_s": round(first_after, 2) if first_after is not None else None,
        "duplicates": sum(n - 1 for n in received.values() if n > 1),
        "losses": sum(1 for n in received.values() if n == 0),
        "in_doubt": state.get(OutboxStatus.doubt, 0),
        "in_doubt_arrived": sum(1 for chat_id in doubt_chats if received[chat_id]),
        "lost_outside_doubt": sum(
            1 for uid, n in received.items() if n == 0 and uid not in set(doubt_chats)
        ),
        "failed": state.get(OutboxStatus.failed, 0),
        "report": report,
        "settled_after_s": round(settle_s, 1),
    }
    await drop_database(url)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--farmers", type=int, default=10_000)
    parser.add_argument("--db", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--ordinary", action="store_true", help="30/s, no paid broadcast")
    parser.add_argument("--no-kill", action="store_true", help="no SIGKILL midway")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="broadcast-") as tmp:
        figures = asyncio.run(
            run(
                args.farmers,
                paid=not args.ordinary,
                db=args.db,
                kill=not args.no_kill,
                tmp=Path(tmp),
            )
        )
    print(
        f"== broadcast to {figures['farmers']} farmers, limit {figures['limit_per_s']}/s, "
        f"{figures['db']}"
    )
    print(
        f"   `farmhub broadcast send` printed {figures['printed']!r} "
        f"in {figures['queue_command_s']} s"
    )
    print(
        f"   rate {figures['rate_per_s']}/s = {figures['share_of_limit']:.1%} of the limit "
        f"before the kill; {figures['rate_after_restart_per_s']}/s after the restart "
        f"(first delivery {figures['restart_gap_s']} s after the kill)"
    )
    print(
        f"   duplicates {figures['duplicates']}, losses {figures['losses']} "
        f"(outside the in-doubt rows: {figures['lost_outside_doubt']}), in doubt "
        f"{figures['in_doubt']} ({figures['in_doubt_arrived']} of them arrived), "
        f"failed {figures['failed']}"
    )
    print("   " + figures["report"].replace("\n", "\n   "))
    ok = figures["duplicates"] == 0 and figures["lost_outside_doubt"] == 0
    print(
        json.dumps(
            {
                "bench": "broadcast",
                "load_avg_1m": round(os.getloadavg()[0], 2),
                **figures,
                "targets_met": ok,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
