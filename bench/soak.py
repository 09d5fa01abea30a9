"""Soak: mixed traffic at a steady rate for minutes, with an alert run and a broadcast midway.

    .venv/bin/python -m bench.soak [--minutes 10] [--rate 4] [--talkers 40]
                                   [--subscribers 300] [--db sqlite|postgres]

FarmHub runs in its own process (`python -m bot run`, as in production) against
the Bot API server in this one, which keeps Telegram's flood limits. `--talkers`
farmers of one station take turns so that `--rate` actions a second arrive
steadily, each waiting for its own reply (timed from the update being available
to the reply reaching the server): price questions, knowledge questions, a
booking started and cancelled, a price-alert subscription, /help. Halfway, a
price import triggers `--subscribers` threshold alerts and the station sends a
notice to its farmers (`farmhub broadcast send`), both through the outbox at
Telegram's 30 a second, while the talk goes on.

Reported: reply p50/p99 per 30-second window and overall, actions without a
reply within 15 s, error lines in the bot's log, the server's 429s, the bot's
RSS after warm-up and at the end, and the pushes delivered. The last line
printed is one JSON object (figures in docs/benchmarks.md, "Soak").
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench.broadcast import seed as seed_station
from bench.broadcast import send_notice
from bench.fanout import (
    FIRST_SUBSCRIBER,
    Bot,
    create_database,
    drop_database,
    log,
    percentile,
    seed,
    trigger,
    wait_for,
)
from bot.sandbox.flood import FloodLimits
from bot.sandbox.server import BotApiServer
from bot.sandbox.state import Chat, Person

FIRST_TALKER = 2_000_000  # bench/broadcast.py's farmers of the station
WINDOW_S = 30.0
REPLY_WITHIN = 15.0

# What the talkers do, with weights: mostly prices and questions, as in the field.
ACTIONS: list[tuple[str, list[str], int]] = [
    ("price", ["西红柿多少钱", "土豆多少钱一斤", "玉米价格", "白菜今天什么价"], 4),
    ("question", ["番茄叶子发黄怎么办", "洋芋老是发芽咋办", "大棚草莓叶子边缘焦枯"], 3),
    ("booking", ["预约收货", "/cancel"], 1),
    ("subscribe", ["西红柿涨到5块提醒我", "土豆跌到1块提醒我"], 1),
    ("help", ["/help", "/start"], 1),
]


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


class Talker:
    """One farmer: sends a text and waits for the bot's next message in their chat."""

    def __init__(self, server: BotApiServer, person: Person, chat: Chat) -> None:
        self.server, self.person, self.chat = server, person, chat
        self.busy = False

    async def say(self, text: str) -> float | None:
        """Seconds until a reply reached the server (None: none within REPLY_WITHIN)."""
        before = len(self.chat.bot_messages)
        asked = time.monotonic()
        self.server.api.user_message(self.person, self.chat, text=text)
        while len(self.chat.bot_messages) <= before:
            remaining = asked + REPLY_WITHIN - time.monotonic()
            if remaining <= 0:
                return None
            try:
                await asyncio.wait_for(self.chat.changed.wait(), remaining)
            except TimeoutError:
                continue
        return time.monotonic() - asked


class Traffic:
    """Actions at a steady rate; latencies kept by 30-second window and by kind."""

    def __init__(self, talkers: list[Talker], rate: float, seed_: int = 16) -> None:
        self.talkers = talkers
        self.rate = rate
        self.random = random.Random(seed_)
        self.started = time.monotonic()
        self.samples: list[tuple[float, str, float]] = []  # (t, kind, seconds)
        self.unanswered: Counter[str] = Counter()
        self.skipped = 0  # no free talker when an action was due
        self.tasks: set[asyncio.Task[None]] = set()

    async def act(self, talker: Talker, kind: str, texts: list[str]) -> None:
        talker.busy = True
        try:
            # A booking is started and then cancelled: two turns, each timed.
            steps = texts if kind == "booking" else [self.random.choice(texts)]
            for text in steps:
                latency = await talker.say(text)
                if latency is None:
                    self.unanswered[kind] += 1
                    return
                self.samples.append((time.monotonic() - self.started, kind, latency))
        finally:
            talker.busy = False

    async def run(self, stop: asyncio.Event) -> None:
        """Start one action every 1/rate seconds until `stop`."""
        weights = [w for _, _, w in ACTIONS]
        order = itertools.cycle(self.talkers)
        due = time.monotonic()
        while not stop.is_set():
            kind, texts, _ = self.random.choices(ACTIONS, weights)[0]
            talker = next(
                (t for t in itertools.islice(order, len(self.talkers)) if not t.busy), None
            )
            if talker is None:
                self.skipped += 1
            else:
                task = asyncio.create_task(self.act(talker, kind, texts))
                self.tasks.add(task)
                task.add_done_callback(self.tasks.discard)
            due += 1 / self.rate
            await asyncio.sleep(max(0.0, due - time.monotonic()))
        if self.tasks:
            await asyncio.wait(set(self.tasks), timeout=REPLY_WITHIN + 5)

    def windows(self) -> list[dict[str, Any]]:
        """p50/p99 (ms) and counts per WINDOW_S of the run."""
        out = []
        last = max((t for t, _, _ in self.samples), default=0.0)
        for start in range(0, int(last // WINDOW_S) + 1):
            low, high = start * WINDOW_S, (start + 1) * WINDOW_S
            values = [s for t, _, s in self.samples if low <= t < high]
            if values:
                out.append(
                    {
                        "from_s": int(start * WINDOW_S),
                        "n": len(values),
                        "p50_ms": round(percentile(values, 0.5) * 1000, 1),
                        "p99_ms": round(percentile(values, 0.99) * 1000, 1),
                    }
                )
        return out

    def by_kind(self) -> dict[str, dict[str, float]]:
        """p50/p99 (ms) per kind of action."""
        kinds: dict[str, list[float]] = {}
        for _, kind, seconds in self.samples:
            kinds.setdefault(kind, []).append(seconds)
        return {
            k: {
                "n": len(v),
                "p50_ms": round(percentile(v, 0.5) * 1000, 1),
                "p99_ms": round(percentile(v, 0.99) * 1000, 1),
            }
            for k, v in kinds.items()
        }


async def soak(args: argparse.Namespace) -> dict[str, Any]:
    """Seed, start the bot, talk steadily, alert and broadcast midway, measure."""
    duration = args.minutes * 60
    with tempfile.TemporaryDirectory(prefix="soak-") as tmp_name:
        tmp = Path(tmp_name)
        url = await create_database(args.db, tmp)
        server = BotApiServer(flood=FloodLimits())
        bot: Bot | None = None
        try:
            # The station and its farmers (the talkers and the broadcast's audience),
            # then a market with 西红柿 at 2.90 and the alert subscribers.
            station_id = await seed_station(url, args.farmers)
            await seed(url, args.subscribers)
            await server.start()
            for uid in range(FIRST_SUBSCRIBER, FIRST_SUBSCRIBER + args.subscribers):
                server.api.person(uid, f"农户{uid}", language_code="zh-hans")
            people = {
                uid: server.api.person(uid, f"农户{uid}", language_code="zh-hans")
                for uid in range(FIRST_TALKER, FIRST_TALKER + args.farmers)
            }
            talkers = [
                Talker(server, people[uid], server.api.chats[uid])
                for uid in range(FIRST_TALKER, FIRST_TALKER + args.talkers)
            ]
            bot = Bot(server, url, False, tmp)
            bot.start()
            assert bot.proc is not None
            await wait_for(lambda: len(server.requests("setMyCommands")) >= 3, 60, "bot start")
            if await talkers[0].say("/start") is None:
                raise RuntimeError("the bot does not answer")
            traffic = Traffic(talkers, args.rate)
            stop = asyncio.Event()
            talking = asyncio.create_task(traffic.run(stop))
            await asyncio.sleep(min(20.0, duration / 10))  # warm-up
            rss_start = rss_mb(bot.proc.pid)
            log(f"[soak] warmed up, RSS {rss_start} MB; talking for {duration:.0f} s")
            await asyncio.sleep(max(0.0, duration / 2 - (time.monotonic() - traffic.started)))
            midway = round(time.monotonic() - traffic.started, 1)
            log(f"[soak] {midway} s: price import (alerts) and a station notice")
            import_s = await trigger(url, tmp)
            notice_s, printed = await send_notice(url, station_id)
            await asyncio.sleep(max(0.0, duration - (time.monotonic() - traffic.started)))
            stop.set()
            await talking
            rss_end = rss_mb(bot.proc.pid)
            pushes = sum(
                len(server.api.chats[uid].bot_messages)
                for uid in range(FIRST_SUBSCRIBER, FIRST_SUBSCRIBER + args.subscribers)
            )
            notices = sum(
                1
                for uid in range(FIRST_TALKER, FIRST_TALKER + args.farmers)
                for m in server.api.chats[uid].bot_messages
                if (m.text or "").startswith("📢") or "大雨" in (m.text or "")
            )
        finally:
            if bot is not None:
                bot.stop()
            await server.stop()
        logs = await asyncio.to_thread(
            lambda: "".join(p.read_text(errors="replace") for p in tmp.glob("bot-*.log"))
        )
        await drop_database(url)
    all_latencies = [s for _, _, s in traffic.samples]
    refused = Counter(c.method for c in server.calls if c.status == 429)
    return {
        "bench": "soak",
        "db": "postgresql" if args.db == "postgres" else "sqlite",
        "duration_s": duration,
        "rate_per_s": args.rate,
        "talkers": args.talkers,
        "actions": len(all_latencies) + sum(traffic.unanswered.values()),
        "replies": len(all_latencies),
        "reply_p50_ms": round(percentile(all_latencies, 0.5) * 1000, 1) if all_latencies else None,
        "reply_p99_ms": round(percentile(all_latencies, 0.99) * 1000, 1) if all_latencies else None,
        "unanswered": dict(traffic.unanswered),
        "skipped_no_free_talker": traffic.skipped,
        "errors_in_bot_log": sum(
            1 for line in logs.splitlines() if " ERROR " in line or line.startswith("Traceback")
        ),
        "http_429": dict(refused),
        "rss_mb_start": rss_start,
        "rss_mb_end": rss_end,
        "midway_s": midway,
        "import_s": round(import_s, 1),
        "notice_s": round(notice_s, 1),
        "notice_cli": printed[:120],
        "alerts_delivered": pushes,
        "alerts_expected": args.subscribers,
        "notices_delivered": notices,
        "by_kind": traffic.by_kind(),
        "windows": traffic.windows(),
        "load_avg_1m": round(os.getloadavg()[0], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=4.0, help="actions started per second")
    parser.add_argument("--talkers", type=int, default=40, help="farmers taking turns")
    parser.add_argument(
        "--farmers",
        type=int,
        default=300,
        help="farmers of the station (the notice's audience; talkers among them)",
    )
    parser.add_argument("--subscribers", type=int, default=300, help="alerts of the price import")
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    args = parser.parse_args()
    if args.talkers > args.farmers:
        parser.error("--talkers must not exceed --farmers")
    result = asyncio.run(soak(args))
    for window in result["windows"]:
        print(
            f"   {window['from_s']:>4}s  n={window['n']:<4} p50 {window['p50_ms']:>7} ms  "
            f"p99 {window['p99_ms']:>7} ms"
        )
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    sys.exit(main())
