"""Updates through the local Bot API server: FarmHub against a trivial echo bot.

    .venv/bin/python -m bench.updates [--updates 1000] [--chats 100] [--reps 3]
                                      [--server process|inline] [--texts 你好,西红柿多少钱]
                                      [--mode burst|closed] [--latency-ms 0] [--investigate]

The headline (`--server process`, the default): the Bot API server runs in its
own process (bench/botapi_process.py), the bot in this one; the baseline is a
plain PTB echo bot with PTB's defaults (`echo_ptb`: sequential updates, PTB's
default request pool), measured in the same run as FarmHub, for each text;
the ratio is taken per repetition (same moment), then the median. Times
(per-message latency from the person's message to their reply) are taken in
the server's process; `cpu` is the bot process's CPU per update.

The rest of this note is `--server inline` (the older measurement):

Each configuration runs on the same in-process server (bot/sandbox), with flood
limits off (this measures the bot, not Telegram's limits): N private-chat text
updates from `--chats` people, server → PTB → handler → server.

- burst: all N updates are queued at once, as after an outage; updates/s is N
  over the time to the last reply, latency is from queueing to reply.
- closed: `--chats` people each send, wait for the answer, and send again.

`--latency-ms` delays every answer of the server, as the round trip to Telegram
does in production; at 0 (loopback) a request costs CPU only.

Configurations: `echo` and `farmhub` use FarmHub's tuning (bot/telegram/tuning.py);
`--investigate` adds PTB's defaults (sequential, `concurrent_updates(True)`) and
the variants that explain the difference. Repetitions are interleaved; figures
are medians. The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters
from telegram.request import HTTPXRequest

from bench.botapi_process import RemoteBotApi
from bot.core.config import Settings, load_settings
from bot.sandbox.flood import FloodLimits
from bot.sandbox.harness import Harness, farmhub_app
from bot.sandbox.server import BotApiServer
from bot.sandbox.state import Chat
from bot.telegram.tuning import ChatOrderedProcessor, bot_request, updates_request

AnyApp = Application[Any, Any, Any, Any, Any, Any]
TEXT = "你好"


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.message is not None and update.message.text is not None:
        await update.message.reply_text(update.message.text)


def echo_app(
    *, concurrent: Any = False, request: HTTPXRequest | None = None
) -> Callable[[Settings, str], AnyApp]:
    """A factory of the trivial echo bot with a given update processing and request pool."""

    def build(settings: Settings, token: str) -> AnyApp:
        builder = ApplicationBuilder().token(token).base_url(settings.telegram_base_url)
        if request is not None:
            builder = builder.request(request).get_updates_request(updates_request())
        app = builder.concurrent_updates(concurrent).build()
        app.add_handler(MessageHandler(filters.TEXT, _echo))
        return app

    return build


def farmhub_with(processor: Any) -> Callable[[Settings, str], AnyApp]:
    """FarmHub with another update processing (False: PTB's sequential default)."""
    import bot.telegram.app

    def build(settings: Settings, token: str) -> AnyApp:
        with mock.patch.object(bot.telegram.app, "ChatOrderedProcessor", lambda: processor):
            app: AnyApp = farmhub_app(settings, token)
        return app

    return build


# name → factory of the Application. Factories are called once per run.
def configurations(investigate: bool) -> dict[str, Callable[[], Callable[[Settings, str], Any]]]:
    """The configurations to measure, FarmHub's two first."""
    configs: dict[str, Callable[[], Callable[[Settings, str], Any]]] = {
        "echo": lambda: echo_app(concurrent=ChatOrderedProcessor(), request=bot_request()),
        "farmhub": lambda: farmhub_app,
    }
    if investigate:
        configs.update(
            {
                # PTB 22.8's defaults: a pool of 256 connections for bot requests.
                "echo_ptb_sequential": lambda: echo_app(concurrent=False),
                "echo_ptb_concurrent": lambda: echo_app(concurrent=True),
                "echo_ptb_concurrent_pool_1": lambda: echo_app(
                    concurrent=True, request=HTTPXRequest(connection_pool_size=1, pool_timeout=60)
                ),
                "echo_concurrent_16": lambda: echo_app(concurrent=16),
                "echo_ordered_4": lambda: echo_app(
                    concurrent=ChatOrderedProcessor(4), request=bot_request()
                ),
                "echo_ordered_64": lambda: echo_app(
                    concurrent=ChatOrderedProcessor(64), request=bot_request(64)
                ),
                "farmhub_sequential": lambda: farmhub_with(False),
                "farmhub_ordered_4": lambda: farmhub_with(ChatOrderedProcessor(4)),
                "farmhub_ordered_64": lambda: farmhub_with(ChatOrderedProcessor(64)),
            }
        )
    return configs


@dataclass
class Result:
    """One run of one configuration."""

    updates_per_s: float
    p50_ms: float
    p99_ms: float
    cpu_ms: float  # this process's CPU time per update: server, PTB and handler together
    errors: int

    def to_dict(self) -> dict[str, float]:
        """Rounded figures."""
        return {
            "updates_per_s": round(self.updates_per_s, 1),
            "p50_ms": round(self.p50_ms, 1),
            "p99_ms": round(self.p99_ms, 1),
            "cpu_ms_per_update": round(self.cpu_ms, 2),
            "errors": self.errors,
        }


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def _wait_replies(server: BotApiServer, target: int, deadline: float) -> None:
    # A counter, not a scan of every chat: the wait must not cost the bot CPU.
    while server.api.messages_sent < target:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{target - server.api.messages_sent} replies missing")
        await asyncio.sleep(0.005)


async def run_once(
    server: BotApiServer, settings: Settings, build: Any, *, updates: int, chats: int, mode: str
) -> Result:
    """Start the bot on the server, push the updates, measure, stop the bot."""
    people = [
        server.api.person(50000 + i, f"农户{i}", language_code="zh-hans") for i in range(chats)
    ]
    chat_list = [server.api.chats[p.id] for p in people]
    for chat in chat_list:  # a fresh conversation for every run
        chat.messages.clear()
        chat.events.clear()
    calls_before = len(server.calls)
    async with Harness.start(settings, build=build, server=server) as harness:
        latencies: list[float] = []
        sent_before = server.api.messages_sent
        started = time.monotonic()
        cpu = time.process_time()
        if mode == "burst":
            queued: list[tuple[Chat, float]] = []
            for i in range(updates):
                person, chat = people[i % chats], chat_list[i % chats]
                server.api.user_message(person, chat, text=TEXT)
                queued.append((chat, time.monotonic()))
            await _wait_replies(server, sent_before + updates, started + 300)
            elapsed = time.monotonic() - started
            cpu = time.process_time() - cpu
            # The k-th reply in a chat answers the k-th message there.
            answered = {
                c.id: [
                    call.finished or 0.0
                    for call in server.calls[calls_before:]
                    if call.method == "sendMessage"
                    and call.ok
                    and call.params.get("chat_id") == c.id
                ]
                for c in chat_list
            }
            seen = {c.id: 0 for c in chat_list}
            for chat, at in queued:
                latencies.append(answered[chat.id][seen[chat.id]] - at)
                seen[chat.id] += 1
        else:
            per_chat = updates // chats

            async def converse(index: int) -> None:
                person, chat = people[index], chat_list[index]
                for _ in range(per_chat):
                    before = len(chat.bot_messages)
                    at = time.monotonic()
                    server.api.user_message(person, chat, text=TEXT)
                    while len(chat.bot_messages) <= before:
                        await chat.changed.wait()
                    latencies.append(time.monotonic() - at)

            await asyncio.wait_for(asyncio.gather(*(converse(i) for i in range(chats))), 300)
            elapsed = time.monotonic() - started
            cpu = time.process_time() - cpu
        errors = len(harness.take_errors()) + len(server.take_rejections())
    count = len(latencies)
    return Result(
        count / elapsed,
        _percentile(latencies, 0.5) * 1000,
        _percentile(latencies, 0.99) * 1000,
        cpu / count * 1000,
        errors,
    )


async def _farmhub_settings(tmp: Path, database_url: str | None) -> Settings:
    from bot.core import migrate
    from bot.core.db import init_engine, session_scope
    from bot.sample import load_all

    url = database_url or f"sqlite+aiosqlite:///{tmp / 'bench.db'}"
    await migrate.upgrade(url)
    init_engine(url)
    # Markets and prices, so that a price question finds its answer.
    async with session_scope() as session:
        await load_all(session, users=False)
    return load_settings(database_url=url, admin_ids=[30001])


@contextlib.asynccontextmanager
async def polling(app: AnyApp, errors: list[BaseException]) -> AsyncIterator[AnyApp]:
    """Run an Application's polling as `run_polling` does; stop it after."""

    async def record(update: object, context: Any) -> None:
        errors.append(context.error)

    app.add_error_handler(record)
    await app.initialize()
    if app.post_init is not None:
        await app.post_init(app)
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=10, error_callback=errors.append)
    await app.start()
    try:
        yield app
    finally:
        await app.updater.stop()
        await app.stop()
        if app.post_stop is not None:
            await app.post_stop(app)
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)


def echo_ptb(settings: Settings, token: str) -> AnyApp:
    """A plain PTB echo bot with PTB's defaults: the issue's baseline."""
    app = ApplicationBuilder().token(token).base_url(settings.telegram_base_url).build()
    app.add_handler(MessageHandler(filters.TEXT, _echo))
    return app


PROCESS_CONFIGS: dict[str, Callable[[Settings, str], AnyApp]] = {
    "echo_ptb": echo_ptb,
    "farmhub": farmhub_app,
}


async def run_remote(
    remote: RemoteBotApi,
    settings: Settings,
    build: Callable[[Settings, str], AnyApp],
    *,
    text: str,
    args: argparse.Namespace,
    first_id: int,
) -> Result:
    """One run against the server in its own process: warm up, then measure."""
    app_settings = settings.model_copy(
        update={
            "telegram_base_url": remote.base_url,
            "telegram_base_file_url": remote.base_file_url,
        }
    )
    errors: list[BaseException] = []
    async with polling(build(app_settings, remote.token), errors):
        # Every farmer has written before (registered), as in the morning rush.
        per_message = round(await remote.warm(text, args.chats, first_id))
        cpu = time.process_time()
        profiler = cProfile.Profile() if args.profile else None
        if profiler is not None:
            profiler.enable()
        found = await remote.run(
            text=text,
            updates=args.updates,
            chats=args.chats,
            first_id=first_id,
            mode=args.mode,
            per_message=per_message,
        )
        cpu = time.process_time() - cpu
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(f"{args.profile}.{text}.{build.__name__}.prof")
    latencies = found["latencies"]
    count = len(latencies)
    return Result(
        count / found["elapsed"],
        _percentile(latencies, 0.5) * 1000,
        _percentile(latencies, 0.99) * 1000,
        cpu / count * 1000,
        len(errors) + found["rejected"],
    )


async def bench_process(args: argparse.Namespace) -> dict[str, Any]:
    """echo_ptb and FarmHub for each text, `reps` times interleaved, server in its process."""
    from bot.core.db import dispose_engine

    texts = [t for t in args.texts.split(",") if t]
    runs: dict[tuple[str, str], list[Result]] = {
        (text, name): [] for text in texts for name in PROCESS_CONFIGS
    }
    with tempfile.TemporaryDirectory() as tmp:
        settings = await _farmhub_settings(Path(tmp), args.database_url)
        try:
            async with RemoteBotApi(args.latency_ms) as remote:
                for rep in range(args.reps):
                    for text in texts:
                        for name, build in PROCESS_CONFIGS.items():
                            result = await run_remote(
                                remote, settings, build, text=text, args=args, first_id=50000
                            )
                            runs[(text, name)].append(result)
                            print(
                                f"rep {rep + 1} {text:8s} {name:10s} "
                                f"{result.updates_per_s:7.1f} upd/s  "
                                f"p50 {result.p50_ms:7.1f} ms  p99 {result.p99_ms:7.1f} ms  "
                                f"cpu {result.cpu_ms:5.2f} ms/update"
                                + (f"  errors {result.errors}" if result.errors else ""),
                                file=sys.stderr,
                                flush=True,
                            )
        finally:
            await dispose_engine()
    by_text: dict[str, Any] = {}
    for text in texts:
        medians = {name: _median(runs[(text, name)]).to_dict() for name in PROCESS_CONFIGS}
        ratio = statistics.median(
            f.updates_per_s / e.updates_per_s
            for f, e in zip(runs[(text, "farmhub")], runs[(text, "echo_ptb")], strict=True)
        )
        by_text[text] = {**medians, "farmhub_vs_echo_ptb": round(ratio, 3)}
    return {
        "load_avg_1m": round(os.getloadavg()[0], 2),
        "bench": "updates",
        "server": "process",
        "mode": args.mode,
        "updates": args.updates,
        "chats": args.chats,
        "latency_ms": args.latency_ms,
        "database": (args.database_url or "sqlite").split(":", 1)[0],
        "reps": args.reps,
        "texts": by_text,
    }


def _median(results: list[Result]) -> Result:
    return Result(
        statistics.median(r.updates_per_s for r in results),
        statistics.median(r.p50_ms for r in results),
        statistics.median(r.p99_ms for r in results),
        statistics.median(r.cpu_ms for r in results),
        sum(r.errors for r in results),
    )


async def bench(args: argparse.Namespace) -> dict[str, Any]:
    """Every configuration, `reps` times interleaved; medians per configuration."""
    from bot.core.db import dispose_engine

    configs = configurations(args.investigate or bool(args.configs))
    if args.configs:
        wanted = ["echo", "farmhub", *args.configs.split(",")]
        configs = {name: configs[name] for name in dict.fromkeys(wanted)}
    runs: dict[str, list[Result]] = {name: [] for name in configs}
    with tempfile.TemporaryDirectory() as tmp:
        settings = await _farmhub_settings(Path(tmp), args.database_url)
        try:
            async with BotApiServer(
                flood=FloodLimits.off(), latency=args.latency_ms / 1000
            ) as server:
                for rep in range(args.reps):
                    for name, factory in configs.items():
                        result = await run_once(
                            server,
                            settings,
                            factory(),
                            updates=args.updates,
                            chats=args.chats,
                            mode=args.mode,
                        )
                        runs[name].append(result)
                        print(
                            f"rep {rep + 1} {name:28s} {result.updates_per_s:7.1f} upd/s  "
                            f"p50 {result.p50_ms:7.1f} ms  p99 {result.p99_ms:7.1f} ms  "
                            f"cpu {result.cpu_ms:5.2f} ms/update"
                            + (f"  errors {result.errors}" if result.errors else ""),
                            file=sys.stderr,
                            flush=True,
                        )
        finally:
            await dispose_engine()
    medians = {name: _median(results).to_dict() for name, results in runs.items()}
    # Ratio of each repetition's pair (same moment, same machine load), then the median.
    ratio = statistics.median(
        f.updates_per_s / e.updates_per_s
        for f, e in zip(runs["farmhub"], runs["echo"], strict=True)
    )
    return {
        "load_avg_1m": round(os.getloadavg()[0], 2),  # the machines are shared: context
        "bench": "updates",
        "server": "inline",
        "mode": args.mode,
        "updates": args.updates,
        "chats": args.chats,
        "latency_ms": args.latency_ms,
        "database": (args.database_url or "sqlite").split(":", 1)[0],
        "reps": args.reps,
        "echo": medians["echo"],
        "farmhub": medians["farmhub"],
        "farmhub_vs_echo": round(ratio, 3),
        "configs": {k: v for k, v in medians.items() if k not in ("echo", "farmhub")},
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--updates", type=int, default=1000, help="updates per run")
    parser.add_argument("--chats", type=int, default=100, help="distinct private chats")
    parser.add_argument("--reps", type=int, default=3, help="repetitions (median reported)")
    parser.add_argument("--mode", choices=("burst", "closed"), default="burst")
    parser.add_argument(
        "--server",
        choices=("process", "inline"),
        default="process",
        help="the Bot API server in its own process (default) or in this one (older runs)",
    )
    parser.add_argument(
        "--profile",
        default="",
        help="cProfile the measured runs into PROFILE.<text>.<bot>.prof (--server process)",
    )
    parser.add_argument(
        "--texts",
        default="你好,西红柿多少钱",
        help="comma-separated texts the farmers send (--server process)",
    )
    parser.add_argument(
        "--latency-ms",
        type=float,
        default=0.0,
        help="round trip added to every Bot API answer (Telegram is far away)",
    )
    parser.add_argument(
        "--investigate",
        action="store_true",
        help="also measure PTB defaults and the variants behind the tuning",
    )
    parser.add_argument(
        "--database-url",
        default=None,
        help="an existing database to migrate and use (default: a new SQLite file)",
    )
    parser.add_argument(
        "--configs",
        default="",
        help="comma-separated extra configurations (names as --investigate)",
    )
    args = parser.parse_args(argv)
    import logging

    logging.basicConfig(level=logging.WARNING)
    result = asyncio.run(bench_process(args) if args.server == "process" else bench(args))
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
