"""Write-behind buffers and the caches they must not disturb (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core import batch
from bot.core.db import get_engine, session_scope
from bot.markets.caches import ASKS, PRODUCTS
from bot.markets.prices import count_ask, product_named, product_ref, sync_products
from bot.models.markets import Product
from bot.models.users import Role, User, utcnow
from bot.users import LAST_SEEN, USERS, Visitor, known_visitor, remember_user, set_role, touch

FARMER = Visitor(telegram_id=10001, name="张大爷", language_code="zh-hans")


async def test_last_seen_times_and_counts_are_written_in_one_flush(db: str) -> None:
    async with session_scope() as session:
        await sync_products(session)
        user, created = await touch(session, FARMER)
        assert created
        tomato = await product_named(session, "西红柿")
        assert tomato is not None
    first_seen = user.last_seen_at
    async with session_scope() as session:
        _, created = await touch(session, FARMER)  # known: nothing written now
    assert not created and FARMER.telegram_id in LAST_SEEN.pending()
    count_ask(tomato.id)
    count_ask(tomato.id)
    assert ASKS.pending() == {tomato.id: 2}
    assert await batch.flush_all() == 2
    assert LAST_SEEN.pending() == {} and ASKS.pending() == {}
    async with session_scope() as session:
        stored = await session.get(User, FARMER.telegram_id)
        product = await session.get(Product, tomato.id)
    assert stored is not None and product is not None
    assert first_seen is not None and stored.last_seen_at is not None
    assert stored.last_seen_at >= first_seen
    assert product.asked_count == 2


async def test_an_older_time_never_overwrites_a_newer_one(db: str) -> None:
    async with session_scope() as session:
        user, _ = await touch(session, FARMER)
    newer = user.last_seen_at
    assert newer is not None
    LAST_SEEN.add(FARMER.telegram_id, newer - timedelta(hours=1))
    await batch.flush_all()
    async with session_scope() as session:
        stored = await session.get(User, FARMER.telegram_id)
    assert stored is not None and stored.last_seen_at == newer


async def test_a_failed_flush_keeps_its_values(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    async def broken(*_args: object) -> None:
        raise RuntimeError("database is locked")

    monkeypatch.setattr(LAST_SEEN, "_write", broken)
    LAST_SEEN.add(1, utcnow())
    assert await LAST_SEEN.flush() == 0
    assert 1 in LAST_SEEN.pending()
    LAST_SEEN.discard()


async def test_a_role_change_in_this_process_forgets_the_cached_user(db: str) -> None:
    engine = get_engine().sync_engine
    async with session_scope() as session:
        user, _ = await touch(session, FARMER)
    generation = USERS.generation()
    remember_user(engine, user, generation)
    cached = known_visitor(engine, FARMER)
    assert cached is not None and cached.role is Role.farmer
    async with session_scope() as session:
        await set_role(session, FARMER.telegram_id, Role.admin)
    assert known_visitor(engine, FARMER) is None  # the commit forgot it
    # A name change is not "unchanged": read (and written) again.
    async with session_scope() as session:
        user, _ = await touch(session, FARMER)
    remember_user(engine, user, USERS.generation())
    renamed = Visitor(FARMER.telegram_id, "张大爷2", language_code="zh-hans")
    assert known_visitor(engine, renamed) is None


async def test_the_count_flush_keeps_the_products_cache(db: str) -> None:
    async with session_scope() as session:
        await sync_products(session)  # its commit forgets the products cache
    async with session_scope() as session:
        ref = await product_ref(session, "番茄")  # an alias: the cache keeps the product
    assert ref is not None and ref.name == "西红柿"
    assert PRODUCTS.get(get_engine().sync_engine, "西红柿") == ref
    count_ask(ref.id)
    await batch.flush_all()
    assert PRODUCTS.get(get_engine().sync_engine, "西红柿") == ref
