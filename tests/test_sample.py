"""The shipped sample never reaches a real bot: no demo identities, no generated prices over real ones."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts.importer import import_prices
from bot.cli import main
from bot.core import migrate
from bot.core.config import get_settings
from bot.core.db import make_engine, session_scope
from bot.imports import ImportOptions, read_table
from bot.markets import sample as market_sample
from bot.markets.sample import SOURCE, load_prices
from bot.models.markets import MarketPrice
from bot.models.stations import Station
from bot.models.users import Role, User

TODAY = date(2026, 6, 10)  # the pinned clock's day (tests/conftest.py)
TOKEN = "123456:" + "A" * 35
REAL_PRICES = """date,product,market,price,unit,source
{day},西红柿,北京新发地农产品批发市场,2.50,元/斤,新发地官网
"""


async def _count(session: AsyncSession, model: type, *where: object) -> int:
    return int(await session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


# --- generated prices and real prices ------------------------------------------------


async def test_sample_prices_are_marked_and_never_added_over_real_prices(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(market_sample, "SAMPLE_DAYS", 5)
    # Only generated prices so far: each new day tops them up, each marked as sample.
    async with session_scope() as session:
        assert await load_prices(session, TODAY - timedelta(days=3)) > 0
        assert await load_prices(session, TODAY - timedelta(days=2)) > 0
        generated = await _count(session, MarketPrice)
        assert await _count(session, MarketPrice, MarketPrice.source == SOURCE) == generated
    # A real price arrives (three days ago, as in the issue): it replaces every generated one.
    real = tmp_path / "prices.csv"
    real.write_text(REAL_PRICES.format(day=TODAY - timedelta(days=3)), encoding="utf-8")
    async with session_scope() as session:
        result = await import_prices(session, read_table(real), options=ImportOptions(today=TODAY))
        assert result.added + result.updated == 1
        assert result.extra["sample prices removed"] == generated - result.updated
    # And no later sample load adds generated prices again, not even the new days.
    async with session_scope() as session:
        assert await load_prices(session, TODAY) == 0
        assert await _count(session, MarketPrice) == 1
        assert await _count(session, MarketPrice, MarketPrice.source == SOURCE) == 0


def _migrated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, token: str | None) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    asyncio.run(migrate.upgrade(url))
    monkeypatch.setenv("FARMHUB_DATABASE_URL", url)
    if token:
        monkeypatch.setenv("FARMHUB_TELEGRAM_TOKEN", token)
    get_settings.cache_clear()
    return url


async def _counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        async with AsyncSession(engine) as session:
            return {
                "users": await _count(session, User),
                "prices": await _count(session, MarketPrice),
                "real prices": await _count(
                    session, MarketPrice, MarketPrice.source.is_distinct_from(SOURCE)
                ),
                "stations": await _count(session, Station),
            }
    finally:
        await engine.dispose()


async def _add_user(url: str, telegram_id: int, role: Role) -> None:
    engine = make_engine(url)
    try:
        async with AsyncSession(engine) as session:
            session.add(User(telegram_id=telegram_id, name="x", role=role, language="zh"))
            await session.commit()
    finally:
        await engine.dispose()


# --- `farmhub sample load` with a real token ---------------------------------------------


def test_make_run_with_a_token_starts_on_an_empty_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = _migrated(tmp_path, monkeypatch, TOKEN)
    monkeypatch.setattr(market_sample, "SAMPLE_DAYS", 3)  # quick if it wrongly loads
    assert main(["sample", "load", "--if-empty"]) == 0
    out = capsys.readouterr().out.strip()
    assert len(out.splitlines()) == 1
    assert "token" in out and "farmhub sample load" in out
    assert asyncio.run(_counts(url)) == {"users": 0, "prices": 0, "real prices": 0, "stations": 0}


def test_explicit_sample_with_a_token_never_adds_the_demo_users(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = _migrated(tmp_path, monkeypatch, TOKEN)
    monkeypatch.setattr(market_sample, "SAMPLE_DAYS", 3)
    assert main(["sample", "load"]) == 0
    out = capsys.readouterr().out
    assert "demo users not loaded" in out
    counts = asyncio.run(_counts(url))
    assert counts["users"] == 0 and counts["stations"] == 20
    assert counts["prices"] > 0 and counts["real prices"] == 0


def test_later_make_run_never_tops_up_generated_prices_over_real_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A sandbox database (no token) that an admin then filled with real prices.
    url = _migrated(tmp_path, monkeypatch, None)
    asyncio.run(_add_user(url, 4242, Role.farmer))
    real = tmp_path / "prices.csv"
    real.write_text(REAL_PRICES.format(day=TODAY - timedelta(days=3)), encoding="utf-8")
    assert main(["prices", "import", str(real)]) == 0
    monkeypatch.setattr(market_sample, "SAMPLE_DAYS", 5)
    assert main(["sample", "load", "--if-empty"]) == 0
    assert "prices +0" in capsys.readouterr().out
    counts = asyncio.run(_counts(url))
    assert counts["prices"] == counts["real prices"] == 1


# --- `farmhub run` with a real token --------------------------------------------------


class _Started(Exception):
    """The bot got as far as building the Application."""


def _never_start(monkeypatch: pytest.MonkeyPatch) -> None:
    def build(settings: object) -> None:
        raise _Started

    async def telegram_answers(settings: object) -> str:
        return "farmhub_test_bot"  # no network in tests: getMe "succeeds"

    monkeypatch.setattr("bot.telegram.app.build_application", build)
    monkeypatch.setattr("bot.telegram.runner.wait_for_telegram", telegram_answers)
    # The process's logging set-up would outlive the test.
    monkeypatch.setattr("bot.telegram.runner.setup_logging", lambda *args, **kwargs: None)


def test_run_with_a_token_refuses_a_database_with_demo_staff(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = _migrated(tmp_path, monkeypatch, TOKEN)
    asyncio.run(_add_user(url, 20001, Role.staff))  # 李站长 of the sandbox
    _never_start(monkeypatch)
    assert main(["run"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "20001" in err and "farmhub staff remove 20001" in err
    assert TOKEN not in err


def test_run_with_a_token_starts_on_a_clean_database_and_demotes_stale_admins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = _migrated(tmp_path, monkeypatch, TOKEN)
    # The sandbox's admin is not in admin_ids: the config wins at start, no refusal.
    asyncio.run(_add_user(url, 30001, Role.admin))
    asyncio.run(_add_user(url, 555, Role.farmer))
    monkeypatch.setenv("FARMHUB_ADMIN_IDS", "[555]")
    get_settings.cache_clear()
    _never_start(monkeypatch)
    with pytest.raises(_Started):
        main(["run"])

    async def roles() -> dict[int, Role]:
        engine = make_engine(url)
        try:
            async with AsyncSession(engine) as session:
                return {u.telegram_id: u.role for u in await session.scalars(select(User))}
        finally:
            await engine.dispose()

    assert asyncio.run(roles()) == {30001: Role.farmer, 555: Role.admin}
