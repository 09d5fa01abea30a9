"""Alert fan-out through the local Bot API server: rate, 429s, duplicates, losses, latency.

    .venv/bin/python -m bench.fanout [--subscribers 100000] [--ordinary 3000]
                                     [--db postgres|sqlite] [--no-kill]
                                     [--limiter window|bucket|burst|all]

Two runs, each on a fresh temporary database (PostgreSQL by default, at
FARMHUB_TEST_POSTGRES_URL or postgres@127.0.0.1), with the Bot API server in
this process, which enforces Telegram's flood limits and counts what it
received, and FarmHub in a subprocess (`python -m bot run`), so it can be
killed with SIGKILL and restarted:

- `paid`: `--subscribers` farmers subscribed to 西红柿 above 3 元/斤, paid
  broadcast configured (the server allows 1000/s); a price import of 3.20
  triggers all their alerts;
- `ordinary`: `--ordinary` farmers, no paid broadcast (30/s overall), with the
  server's overall limit read as `--limiter`: `window` (at most 30 in any one
  second, sliding: the strictest reading, the default), `bucket` (a token bucket
  holding 0.1 s), `burst` (a bucket holding a second's 30), or `all` three in
  turn (runs named `ordinary-window` ...). The sender is not told which.

In each run, FarmHub is killed with SIGKILL once half the alerts have arrived
and started again at once. All the while one more farmer asks "西红柿多少钱"
every 0.5 s and waits for the answer: the interactive latency, from the update
being available to the reply reaching the server. The baseline is the same
question with the bot idle, before the import, in the same run.

Reported per run: achieved rate (messages/s between the first and last
delivery of each half, and as a share of the limit), the server's 429s (to
subscribers and to the chatting farmer), duplicates and losses counted by the
server, the rows in doubt after the kill, the restart gap, and interactive
latency (p50/p99) idle, during the run, and after the restart. The last line
printed is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy import insert, select
from sqlalchemy.engine import make_url

from bot.core import migrate
from bot.core.config import PROJECT_ROOT
from bot.core.db import dispose_engine, init_engine, session_scope
from bot.delivery.pacing import in_flight_for
from bot.delivery.runs import status_counts
from bot.markets.prices import local_today, product_named, sync_products
from bot.models.alerts import (
    AlertKind,
    AlertStatus,
    AlertSubscription,
    OutboxMessage,
    OutboxStatus,
)
from bot.models.markets import Market, MarketPrice
from bot.models.users import User, utcnow
from bot.sandbox.flood import FloodLimits
from bot.sandbox.server import SANDBOX_TOKEN, BotApiServer
from bot.sandbox.state import Chat, Person

DEFAULT_PG = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
FIRST_SUBSCRIBER = 1_000_000
CHATTER = 999_001
QUESTION = "西红柿多少钱"
ASK_EVERY = 0.5
TZ_NAME = "Asia/Shanghai"


def log(line: str) -> None:
    """Progress on stderr; figures on stdout."""
    print(line, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- databases


def _dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def create_database(kind: str, tmp: Path) -> str:
    """A new empty database; returns its URL."""
    if kind == "sqlite":
        return f"sqlite+aiosqlite:///{tmp / f'fanout-{uuid.uuid4().hex[:6]}.db'}"
    base = os.environ.get("FARMHUB_TEST_POSTGRES_URL", DEFAULT_PG)
    name = f"farmhub_bench_{uuid.uuid4().hex[:10]}"
    conn = await asyncpg.connect(_dsn(base))
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return make_url(base).set(database=name).render_as_string(hide_password=False)


async def drop_database(url: str) -> None:
    """Drop a database made by create_database (SQLite files go with the temp dir)."""
    if not url.startswith("postgresql"):
        return
    base = os.environ.get("FARMHUB_TEST_POSTGRES_URL", DEFAULT_PG)
    conn = await asyncpg.connect(_dsn(base))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')
    finally:
        await conn.close()


async def seed(url: str, subscribers: int) -> None:
    """One market with yesterday's 西红柿 price, the farmers, and their threshold alerts."""
    await migrate.upgrade(url)
    init_engine(url)
    try:
        today = local_today(_tz())
        async with session_scope() as session:
            await sync_products(session)
            market = Market(
                name="北京新发地农产品批发市场",
                short_name="新发地",
                province="北京",
                city="北京",
                lat=39.83,
                lon=116.39,
            )
            session.add(market)
            await session.flush()
            tomato = await product_named(session, "西红柿")
            assert tomato is not None
            session.add(
                MarketPrice(
                    product_id=tomato.id,
                    market_id=market.id,
                    day=today - timedelta(days=1),
                    avg=2.9,
                    unit="斤",
                    avg_jin=2.9,
                    updated_at=utcnow(),
                )
            )
            product_id = tomato.id
        now = utcnow()
        for start in range(0, subscribers, 5000):
            ids = range(FIRST_SUBSCRIBER + start, FIRST_SUBSCRIBER + min(start + 5000, subscribers))
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
                        for i in ids
                    ],
                )
                await session.execute(
                    insert(AlertSubscription),
                    [
                        {
                            "user_id": i,
                            "product_id": product_id,
                            "kind": AlertKind.above,
                            "threshold": 3.0,
                            "status": AlertStatus.active,
                            "created_at": now,
                            "updated_at": now,
                        }
                        for i in ids
                    ],
                )
    finally:
        await dispose_engine()


def _tz() -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(TZ_NAME)


async def trigger(url: str, tmp: Path) -> float:
    """`farmhub prices import` of today's 3.20, as an admin would run it (another process):
    every subscriber's alert is queued in the import's transaction; returns seconds."""
    today = local_today(_tz())
    path = tmp / "prices.csv"
    path.write_text(
        f"date,product,market,price,unit\n{today},西红柿,新发地,3.2,元/斤\n", encoding="utf-8"
    )
    env = {**os.environ, "FARMHUB_DATABASE_URL": url, "FARMHUB_TIMEZONE": TZ_NAME}
    started = time.monotonic()
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "prices",
        "import",
        str(path),
        cwd=PROJECT_ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"price import failed: {out.decode()}")
    return time.monotonic() - started


async def outbox_state(url: str) -> Counter[OutboxStatus]:
    """How many outbox rows are in each state now."""
    init_engine(url)
    try:
        async with session_scope() as session:
            return Counter(await status_counts(session))
    finally:
        await dispose_engine()


async def doubtful_chats(url: str) -> list[int]:
    """The chats of the rows left in doubt by the kill."""
    init_engine(url)
    try:
        async with session_scope() as session:
            rows = await session.scalars(
                select(OutboxMessage.chat_id).where(OutboxMessage.status == OutboxStatus.doubt)
            )
            return list(rows)
    finally:
        await dispose_engine()


# ---------------------------------------------------------------- the bot in a subprocess


class Bot:
    """`python -m bot run` against the server, killable with SIGKILL."""

    def __init__(
        self, server: BotApiServer, url: str, paid: bool, logs: Path, profile: Path | None = None
    ) -> None:
        self.profile = profile
        self.env = {
            **os.environ,
            "FARMHUB_DATABASE_URL": url,
            "FARMHUB_TELEGRAM_TOKEN": SANDBOX_TOKEN,
            "FARMHUB_TELEGRAM_BASE_URL": server.base_url,
            "FARMHUB_TELEGRAM_BASE_FILE_URL": server.base_file_url,
            "FARMHUB_RATE_LIMITS__PAID_BROADCAST": "true" if paid else "false",
            "FARMHUB_TIMEZONE": TZ_NAME,
            "FARMHUB_LOG_LEVEL": "WARNING",
        }
        self.logs = logs
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def start(self) -> None:
        """Start a new bot process."""
        self.starts += 1
        out = open(self.logs / f"bot-{self.starts}.log", "wb")
        command = [sys.executable, "-m", "bot", "run"]
        if self.profile is not None:
            # cProfile writes its file when the bot stops cleanly (SIGINT at the end).
            command[1:1] = ["-m", "cProfile", "-o", str(self.profile)]
        self.proc = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT
        )

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, nothing is flushed."""
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        """SIGINT, as an operator's Ctrl-C: a clean stop."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# ---------------------------------------------------------------- the chatting farmer


@dataclass
class Chatter:
    """A farmer asking a price every ASK_EVERY seconds; latencies grouped by phase."""

    server: BotApiServer
    person: Person
    chat: Chat
    phase: str = "idle"
    latencies: dict[str, list[float]] = field(default_factory=dict)
    unanswered: int = 0

    async def ask(self, within: float = 15.0) -> float | None:
        """One question; seconds until the reply reached the server (None: no reply)."""
        before = len(self.chat.bot_messages)
        asked = time.monotonic()
        self.server.api.user_message(self.person, self.chat, text=QUESTION)
        deadline = asked + within
        while len(self.chat.bot_messages) <= before:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            event = self.chat.changed
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except TimeoutError:
                continue
        return time.monotonic() - asked

    async def run(self, stop: asyncio.Event) -> None:
        """Ask until `stop`, one question at a time."""
        while not stop.is_set():
            started = time.monotonic()
            phase = self.phase
            latency = await self.ask()
            if latency is None:
                self.unanswered += 1
            else:
                self.latencies.setdefault(phase, []).append(latency)
            await asyncio.sleep(max(0.0, ASK_EVERY - (time.monotonic() - started)))

    def figures(self) -> dict[str, dict[str, float]]:
        """p50/p99 in ms per phase."""
        return {
            phase: {
                "n": len(values),
                "p50_ms": round(percentile(values, 0.5) * 1000, 1),
                "p99_ms": round(percentile(values, 0.99) * 1000, 1),
            }
            for phase, values in self.latencies.items()
            if values
        }


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# ---------------------------------------------------------------- one run


async def wait_for(condition: Callable[[], bool], within: float, what: str) -> None:
    """Poll `condition` every 10 ms."""
    deadline = time.monotonic() + within
    for _ in range(int(within * 100) + 1):
        if condition():
            return
        if time.monotonic() > deadline:
            break
        await asyncio.sleep(0.01)
    raise TimeoutError(f"{what}: not within {within} s")


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far (Linux /proc/stat)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    tick = os.sysconf("SC_CLK_TCK")
    return (sum(values) - idle) / tick, sum(values) / tick


@dataclass
class CpuWindow:
    """Where the CPU went while alerts were sent: the bot, this process, the machine."""

    bot_pid: int
    started: float = field(default_factory=time.monotonic)
    bot0: float = 0.0
    own0: float = field(default_factory=time.process_time)
    machine0: tuple[float, float] = field(default_factory=machine_busy)
    delivered0: int = 0

    def __post_init__(self) -> None:
        self.bot0 = process_cpu(self.bot_pid)

    def figures(self, delivered: int) -> dict[str, float]:
        """CPU per message and utilisation over the window."""
        elapsed = time.monotonic() - self.started
        sent = max(1, delivered - self.delivered0)
        bot = process_cpu(self.bot_pid) - self.bot0
        own = time.process_time() - self.own0
        busy, total = machine_busy()
        cores = os.cpu_count() or 1
        return {
            "bot_cpu_ms_per_message": round(bot / sent * 1000, 3),
            "bot_cpu_share_of_a_core": round(bot / elapsed, 2),
            "server_cpu_ms_per_message": round(own / sent * 1000, 3),
            "machine_busy_share": round(
                (busy - self.machine0[0]) / max(1e-9, total - self.machine0[1]), 2
            ),
            "cores": cores,
        }


def most_in_a_second(times: list[float]) -> int:
    """The most of the (sorted) times within any one-second window."""
    j = best = 0
    for i, start in enumerate(times):
        while times[j] <= start - 1.0:
            j += 1
        best = max(best, i - j + 1)
    return best


def rate(times: list[float]) -> float:
    """Deliveries per second between the first and the last."""
    if len(times) < 2 or times[-1] == times[0]:
        return 0.0
    return (len(times) - 1) / (times[-1] - times[0])


LIMITERS = {
    "window": FloodLimits.strict_window(30),
    "bucket": FloodLimits.token_bucket(30),
    "burst": FloodLimits.bucket_with_burst(30),
}


async def one_run(
    name: str,
    *,
    subscribers: int,
    paid: bool,
    db: str,
    kill: bool,
    tmp: Path,
    profile: Path | None = None,
    flood: FloodLimits | None = None,
) -> dict[str, Any]:
    """Seed, start the bot, trigger, kill midway, restart, count."""
    limit = 1000 if paid else 30
    url = await create_database(db, tmp)
    flood = flood or FloodLimits()
    server = BotApiServer(flood=flood)
    bot: Bot | None = None
    try:
        started = time.monotonic()
        await seed(url, subscribers)
        log(f"[{name}] seeded {subscribers} subscribers in {time.monotonic() - started:.1f} s")
        await server.start()
        ids = range(FIRST_SUBSCRIBER, FIRST_SUBSCRIBER + subscribers)
        for uid in ids:
            server.api.person(uid, f"农户{uid}", language_code="zh-hans")
        chats = [server.api.chats[uid] for uid in ids]
        person = server.api.person(CHATTER, "张大爷", language_code="zh-hans")
        chatter = Chatter(server, person, server.api.chats[CHATTER])
        bot = Bot(server, url, paid, tmp, profile)
        bot.start()
        await wait_for(lambda: len(server.requests("setMyCommands")) >= 3, 60, "bot start")
        if await chatter.ask(30) is None:
            raise RuntimeError("the bot does not answer")
        # Baseline: the same question, the bot idle.
        stop = asyncio.Event()
        chatting = asyncio.create_task(chatter.run(stop))
        await asyncio.sleep(10 * ASK_EVERY)

        # The run starts with the import: writing 100,000 outbox rows loads the
        # database the bot answers from.
        chatter.phase = "run"
        enqueue_s = await trigger(url, tmp)
        log(f"[{name}] {subscribers} alerts queued in {enqueue_s:.1f} s")
        refused_before = server.api.flood.refused

        chatter_chat = server.api.chats[CHATTER]
        sent_before = server.api.messages_sent - len(chatter_chat.bot_messages)

        def delivered() -> int:
            # A counter, not a scan of 100,000 chats: polling must not cost the server CPU.
            return server.api.messages_sent - len(chatter_chat.bot_messages) - sent_before

        killed_at = restarted_at = None
        assert bot.proc is not None
        cpu = CpuWindow(bot.proc.pid, delivered0=delivered())
        cpu_figures: dict[str, float] = {}
        if kill:
            await wait_for(
                lambda: delivered() >= subscribers // 2,
                subscribers / limit * 3 + 60,
                "half delivered",
            )
            cpu_figures = cpu.figures(delivered())
            bot.kill()
            killed_at = time.monotonic()
            chatter.phase = "down"
            log(f"[{name}] killed with SIGKILL at {delivered()} delivered")
            bot.start()
            await wait_for(
                lambda: bot is not None and len(server.requests("setMyCommands")) >= 6,
                60,
                "bot restart",
            )
            restarted_at = time.monotonic()  # the new process is up (its command menus set)
            chatter.phase = "after_restart"
        # Done when every alert arrived, or (a lost in-doubt one never will)
        # deliveries stop and the outbox has nothing left to send. The database
        # is asked only then: a count over 100,000 rows a second would take
        # CPU from the bot being measured.
        deadline = time.monotonic() + subscribers / limit * 3 + 120
        last, still = delivered(), 0.0
        while time.monotonic() < deadline and delivered() < subscribers:
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
        if not cpu_figures:
            cpu_figures = cpu.figures(delivered())
        stop.set()
        await chatting
        state = await outbox_state(url)
        doubt_chats = await doubtful_chats(url)
    finally:
        if bot is not None:
            bot.stop()
        await server.stop()

    # What the server received, per subscriber chat.
    received = Counter({chat.id: len(chat.messages) for chat in chats})
    duplicates = sum(n - 1 for n in received.values() if n > 1)
    losses = sum(1 for n in received.values() if n == 0)
    subscriber_ids = set(ids)
    times = sorted(
        call.finished or 0.0
        for call in server.calls
        if call.method == "sendMessage" and call.ok and call.params.get("chat_id") in subscriber_ids
    )
    refused = Counter(
        "subscribers" if call.params.get("chat_id") in subscriber_ids else "chatter"
        for call in server.calls
        if call.method == "sendMessage" and call.status == 429
    )
    before = [t for t in times if killed_at is None or t <= killed_at]
    # Requests the killed process had on the wire may still be answered just after
    # the kill: "after the restart" starts when the new process is up.
    after = [t for t in times if restarted_at is not None and t > restarted_at]
    # The limit is shared: the chatting farmer's replies count against it too
    # (except with paid broadcast, which has its own).
    replies = [
        call.finished or 0.0
        for call in server.calls
        if call.method == "sendMessage" and call.ok and call.params.get("chat_id") == CHATTER
    ]
    window = (before[0], before[-1]) if len(before) > 1 else (0.0, 0.0)
    chatter_in_window = sum(1 for t in replies if window[0] <= t <= window[1])
    total_rate = rate(before) + (
        0.0 if paid or window[1] == window[0] else chatter_in_window / (window[1] - window[0])
    )
    first_after = after[0] - killed_at if after and killed_at is not None else None
    late = sum(
        1
        for t in times
        if killed_at is not None and restarted_at is not None and killed_at < t <= restarted_at
    )
    result = {
        "db": "postgresql" if db == "postgres" else "sqlite",
        "limiter": "paid bucket 1000/s" if paid else flood.mode_name,
        "limit_per_s": limit,
        # The busiest one-second window the server saw (all sends, replies too).
        "most_in_one_second": most_in_a_second(
            sorted(
                call.started for call in server.calls if call.method == "sendMessage" and call.ok
            )
        ),
        "messages": subscribers,
        "enqueue_s": round(enqueue_s, 2),
        "rate_per_s": round(rate(before), 1),
        "share_of_limit": round(rate(before) / limit, 3),
        "share_with_replies": round(total_rate / limit, 3),
        "rate_after_restart_per_s": round(rate(after), 1) if after else None,
        "share_after_restart": round(rate(after) / limit, 3) if after else None,
        "overall_rate_per_s": round(rate(times), 1),
        # Each quarter of the deliveries (a slowdown as the outbox fills with
        # updated rows shows here).
        "rate_by_quarter": [
            round(rate(times[i * len(times) // 4 : (i + 1) * len(times) // 4]), 1) for i in range(4)
        ],
        "restart_gap_s": round(first_after, 2) if first_after is not None else None,
        "arrived_after_kill_from_killed_process": late,
        "http_429": dict(refused),
        "server_refused": server.api.flood.refused - refused_before,
        "duplicates": duplicates,
        "losses": losses,
        "in_doubt": state.get(OutboxStatus.doubt, 0),
        "in_doubt_arrived": sum(1 for chat_id in doubt_chats if received[chat_id]),
        "failed": state.get(OutboxStatus.failed, 0),
        "interactive": chatter.figures(),
        "cpu_before_kill": cpu_figures,
        "interactive_unanswered": chatter.unanswered,
    }
    if restarted_at is not None and killed_at is not None:
        result["restart_s"] = round(restarted_at - killed_at, 2)  # until the new bot was up
    await drop_database(url)
    return result


def report(name: str, figures: dict[str, Any]) -> None:
    """Human-readable lines for one run."""
    limit = figures["limit_per_s"]
    print(
        f"== {name}: {figures['messages']} alerts, limit {limit}/s ({figures['limiter']}), "
        f"{figures['db']}; busiest second at the server: {figures['most_in_one_second']}"
    )
    print(f"   queued by the price import in {figures['enqueue_s']} s")
    print(
        f"   rate {figures['rate_per_s']}/s = {figures['share_of_limit']:.1%} of the limit "
        f"(before the kill); with the farmer's replies {figures['share_with_replies']:.1%}"
    )
    if figures["rate_after_restart_per_s"] is not None:
        print(
            f"   rate {figures['rate_after_restart_per_s']}/s = "
            f"{figures['share_after_restart']:.1%} after the restart; bot up again "
            f"{figures.get('restart_s')} s and first delivery {figures['restart_gap_s']} s "
            f"after the kill"
        )
    print(
        f"   429s {figures['http_429'] or 0}; duplicates {figures['duplicates']}, "
        f"losses {figures['losses']}, in doubt {figures['in_doubt']} "
        f"({figures['in_doubt_arrived']} of them arrived), "
        f"failed {figures['failed']}"
    )
    cpu = figures["cpu_before_kill"]
    print(
        f"   CPU: the bot {cpu['bot_cpu_ms_per_message']} ms/message "
        f"({cpu['bot_cpu_share_of_a_core']:.0%} of a core), this process (server) "
        f"{cpu['server_cpu_ms_per_message']} ms/message, machine {cpu['machine_busy_share']:.0%}"
        f" busy of {cpu['cores']} cores"
    )
    for phase, values in figures["interactive"].items():
        print(
            f"   interactive {phase}: p50 {values['p50_ms']} ms, p99 {values['p99_ms']} ms "
            f"({values['n']} questions)"
        )


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="fanout-") as tmp:
        limiters = list(LIMITERS) if args.limiter == "all" else [args.limiter]
        runs: list[tuple[str, int, bool, FloodLimits]] = [
            ("paid", args.subscribers, True, FloodLimits())
        ]
        runs += [
            (
                "ordinary" if len(limiters) == 1 else f"ordinary-{limiter}",
                args.ordinary,
                False,
                LIMITERS[limiter],
            )
            for limiter in limiters
        ]
        for name, count, paid, flood in runs:
            if count <= 0:
                continue
            profile = Path(f"{args.profile}.{name}") if args.profile else None
            results[name] = await one_run(
                name,
                subscribers=count,
                paid=paid,
                db=args.db,
                kill=not args.no_kill,
                tmp=Path(tmp),
                profile=profile,
                flood=flood,
            )
            report(name, results[name])
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--subscribers",
        type=int,
        default=100_000,
        help="alerts in the paid-broadcast run (0 skips it)",
    )
    parser.add_argument(
        "--ordinary", type=int, default=3_000, help="alerts in the 30/s run (0 skips it)"
    )
    parser.add_argument("--db", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--no-kill", action="store_true", help="no SIGKILL midway")
    parser.add_argument(
        "--limiter",
        choices=(*LIMITERS, "all"),
        default="window",
        help="how the server counts the 30/s of the ordinary run",
    )
    parser.add_argument(
        "--profile", help="run the bot under cProfile, writing PROFILE.<run> (use with --no-kill)"
    )
    args = parser.parse_args()
    results = asyncio.run(main_async(args))
    # Targets: >= 93% of the limit (issue 16: a strict window, a bucket, a bucket
    # with burst alike) with at most one 429 to subscribers, no duplicates, no
    # losses, interactive p99 under 1 s while alerts go out (the "down" phase is
    # the bot being restarted).
    ok = all(
        f["share_with_replies"] >= 0.93
        and f["duplicates"] == 0
        and f["losses"] == 0
        and f["http_429"].get("subscribers", 0) <= 1
        and all(p["p99_ms"] < 1000 for phase, p in f["interactive"].items() if phase != "down")
        for f in results.values()
    )
    print(
        json.dumps(
            {
                "bench": "fanout",
                "load_avg_1m": round(os.getloadavg()[0], 2),
                "in_flight": in_flight_for(0.97 * 1000),
                **results,
                "targets_met": ok,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
